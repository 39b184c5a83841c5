"""Four lanes of float32 or float64 in one LLVM vector, for numba kernels that advance several runs at once.

A :class:`Lanes` value is an LLVM vector ``<4 x double>`` (or ``<4 x float>``): lane ``r`` holds the
number of run ``r``.  Its operations (:func:`add`, :func:`sub`, :func:`mul`, :func:`widen`) are
LLVM's lane-wise IEEE operations, so each lane computes exactly what the same scalar code computes
for that run alone, with the same rounding, whatever the vector width of the machine (LLVM splits
or joins the vectors, never reassociates: no fast-math flags are set).  That is what lets
:mod:`numerics.learning.training` train up to :data:`LANES` runs in one compiled loop and return,
for each, the bit-identical result of training it alone.

Why by hand: the sums over the states ``j`` of a run (``sum_j p_j a_j^k``) are reductions, which
LLVM's loop vectoriser only vectorises under reassociation (and then the result would depend on the
vector width); numba leaves the SLP vectoriser off, and loops over a short runs axis with
accumulators in memory were measured slower than the scalar code.  No numba or numpy API offers
explicit vectors; these intrinsics (:func:`numba.extending.intrinsic`) emit them directly.

Arrays of lanes are C-contiguous ``(..., 4)`` arrays: :func:`load` and :func:`store` read and write
row ``j`` of a 2-D ``(n, 4)`` array ``values`` (``values[j, 0..3]``), unchecked like numba's own
indexing (callers keep ``0 <= j < n``).
"""
from __future__ import annotations

from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic, models, register_model

from ..errors import InputError

#: Runs per vector.
LANES = 4
_INDEX = ir.IntType(32)


class Lanes(types.Type):
    """The numba type of four lanes of ``dtype`` (float32 or float64)."""

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(name=f"Lanes{LANES}({dtype})")


@register_model(Lanes)
class _LanesModel(models.PrimitiveModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, ir.VectorType(dmm.lookup(fe_type.dtype).get_value_type(), LANES))


def _float_type(name: str, ty) -> None:
    if ty not in (types.float32, types.float64):
        raise InputError(f"{name}: lanes hold float32 or float64, got {ty}")


def _row_pointer(context, builder, array_type, array, j):
    """Pointer to ``values[j, 0]`` of a C-contiguous ``(n, 4)`` array, as a pointer to a vector."""
    data = context.make_array(array_type)(context, builder, array).data
    element = builder.gep(data, [builder.mul(j, ir.Constant(j.type, LANES))])
    vector = ir.VectorType(context.get_value_type(array_type.dtype), LANES)
    return builder.bitcast(element, vector.as_pointer())


def _check_rows(values) -> None:
    if not (isinstance(values, types.Array) and values.ndim == 2 and values.layout == "C"):
        raise InputError(f"values: expected a C-contiguous 2-D array of rows of {LANES} lanes, got {values}")
    _float_type("values", values.dtype)


@intrinsic
def load(typingctx, values, j):
    """Row ``j`` of the C-contiguous ``(n, 4)`` array ``values`` as lanes."""
    _check_rows(values)

    def codegen(context, builder, signature, args):
        return builder.load(_row_pointer(context, builder, signature.args[0], args[0], args[1]),
                            align=values.dtype.bitwidth // 8)
    return Lanes(values.dtype)(values, types.intp), codegen


@intrinsic
def store(typingctx, values, j, lanes):
    """``values[j, :] = lanes``."""
    _check_rows(values)
    if lanes != Lanes(values.dtype):
        raise InputError(f"lanes: expected {Lanes(values.dtype)}, got {lanes}")

    def codegen(context, builder, signature, args):
        builder.store(args[2], _row_pointer(context, builder, signature.args[0], args[0], args[1]),
                      align=values.dtype.bitwidth // 8)
        return context.get_dummy_value()
    return types.none(values, types.intp, lanes), codegen


@intrinsic
def splat(typingctx, x):
    """Four lanes equal to ``x``: of ``x``'s dtype for a float32 or float64 ``x``, float64 for an integer."""
    if not isinstance(x, (types.Float, types.Integer)):
        raise InputError(f"x: expected a number, got {x}")
    dtype = x if x in (types.float32, types.float64) else types.float64

    def codegen(context, builder, signature, args):
        value = context.cast(builder, args[0], signature.args[0], dtype)
        vector = ir.Constant(ir.VectorType(context.get_value_type(dtype), LANES), None)
        for index in range(LANES):
            vector = builder.insert_element(vector, value, ir.Constant(_INDEX, index))
        return vector
    return Lanes(dtype)(x), codegen


def _binary(operation: str, doc: str):
    @intrinsic
    def function(typingctx, x, y):
        if not isinstance(x, Lanes) or x != y:
            raise InputError(f"x, y: expected two lanes of one dtype, got {x} and {y}")

        def codegen(context, builder, signature, args):
            return getattr(builder, operation)(args[0], args[1])
        return x(x, y), codegen
    function.__doc__ = doc
    return function


add = _binary("fadd", "Lane-wise ``x + y`` (IEEE, rounded in the lanes' dtype).")
sub = _binary("fsub", "Lane-wise ``x - y`` (IEEE, rounded in the lanes' dtype).")
mul = _binary("fmul", "Lane-wise ``x * y`` (IEEE, rounded in the lanes' dtype).")


@intrinsic
def widen(typingctx, x):
    """The lanes as float64 (exact: float32 to float64 loses nothing; float64 lanes are returned as they are)."""
    if not isinstance(x, Lanes):
        raise InputError(f"x: expected lanes, got {x}")

    def codegen(context, builder, signature, args):
        if x.dtype == types.float64:
            return args[0]
        return builder.fpext(args[0], ir.VectorType(ir.DoubleType(), LANES))
    return Lanes(types.float64)(x), codegen


@intrinsic
def lane(typingctx, x, r):
    """The number in lane ``r`` (``0 <= r < 4``, unchecked)."""
    if not isinstance(x, Lanes):
        raise InputError(f"x: expected lanes, got {x}")

    def codegen(context, builder, signature, args):
        return builder.extract_element(args[0], builder.trunc(args[1], _INDEX))
    return x.dtype(x, types.intp), codegen
