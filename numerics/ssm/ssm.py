"""The diagonal SSM value (Section 2.2 of Ran-Milo et al. 2024).

A single-input single-output SSM of dimension n over K in {R, C} maps a real input u to

    x(k) = A x(k-1) + B u(k),    y(k) = Re(C x(k)),    x(0) = 0,

with A = diag(A_1..A_n).  Series are 1-indexed as in the paper.  Its impulse response is
``h_k = Re(sum_j C_j A_j^(k-1) B_j)``.

Output conventions.  The paper's output is ``Re(C x)`` (no factor 2).  The official code's
*complex* model returns ``2 Re(C x)`` (its real model has no factor), which is the paper's model
with ``C`` doubled; :meth:`DiagonalSSM.from_code` and :meth:`DiagonalSSM.to_code` convert.

Parameters are stored per vector as float64/complex128 arrays; or, when given with exact
entries (``Fraction``, ``fmpq``, :class:`~numerics.ssm.systems.GaussianRational`), as object arrays
of exact scalars, whose exact values the exact path (``system="exact"``) uses; or, when given
with arb/acb balls, as object arrays of balls: such an SSM stands for every SSM with parameters
in the balls, and ``system="arb"`` encloses the results of all of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numbers import Integral, Real

from flint import acb, arb, fmpq, fmpz

from ..errors import InputError
from .systems import GaussianRational, exact_pair, is_ball, to_acb, to_arb, to_fmpq

FIELDS = ("real", "complex")


#: Entry types that make a parameter vector "exact" (rationals) or "certified" (balls).
_SPECIAL = (Fraction, fmpq, fmpz, GaussianRational, arb, acb)


def _special_vector(name: str, items: np.ndarray) -> np.ndarray:
    """An object array of exact scalars (fmpq / GaussianRational) or of balls (arb / acb).

    Any ball makes the whole vector balls; otherwise any complex entry makes it Gaussian rationals.
    """
    flat = list(items.ravel())
    for x in flat:
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (Integral, Real, complex, np.number) + _SPECIAL):
            raise InputError(f"{name}: entry {x!r} is not a number")
    complex_ = any(isinstance(x, (complex, np.complexfloating, GaussianRational, acb)) for x in flat)
    if any(is_ball(x) for x in flat):
        convert = to_acb if complex_ else to_arb
    else:
        convert = GaussianRational.of if complex_ else to_fmpq
    array = np.empty(items.shape, dtype=object)
    for index, x in np.ndenumerate(items):
        try:
            array[index] = convert(x)
        except (TypeError, ValueError) as error:
            raise InputError(f"{name}: entry {x!r} is not a finite number ({error})") from None
    return array


def _finite_ball(x) -> bool:
    return x.is_finite() if isinstance(x, arb) else (x.real.is_finite() and x.imag.is_finite())


def _is_complex_vector(v: np.ndarray) -> bool:
    if v.dtype.kind == "c":
        return True
    return v.dtype == object and isinstance(v[0], (GaussianRational, acb))


def _modulus_below_one(a) -> bool:
    """|a| < 1, decided exactly for rationals and floats, and "certainly" for balls."""
    if is_ball(a):
        return bool(abs(a) < 1)
    re, im = exact_pair(a)
    return re * re + im * im < 1


def _as_vector(name: str, value, *, kind: str) -> np.ndarray:
    """Validate one parameter and return it as a 1-D array (float, complex or fmpq objects).

    ``kind`` is "A", "B" or "C": A may be given as a diagonal (n, n) matrix, B as (n, 1) and C as
    (1, n), as in the paper.
    """
    if isinstance(value, np.ndarray) and value.dtype != object:
        array = value
    else:
        items = np.asarray(value, dtype=object)
        if any(isinstance(x, _SPECIAL) for x in items.ravel()):
            array = _special_vector(name, items)
        else:
            try:
                array = np.asarray(value)
                if array.dtype == object:
                    complex_ = any(isinstance(x, complex) for x in items.ravel())
                    array = np.asarray(value, dtype=complex if complex_ else float)
            except (TypeError, ValueError):
                raise InputError(f"{name}: entries must be real or complex numbers") from None
    if array.dtype.kind not in "biufcO":
        raise InputError(f"{name}: entries must be numbers, got dtype {array.dtype}")
    if array.dtype.kind == "b":
        raise InputError(f"{name}: entries must be numbers, got booleans")
    if array.dtype.kind in "iu":
        if np.any(np.abs(array.astype(object)) > 2**53):
            raise InputError(f"{name}: integer entries above 2**53 must be given as fractions.Fraction or fmpq")
        array = array.astype(float)
    if array.dtype.kind == "f" and array.dtype != np.float64:
        array = array.astype(np.float64)
    if array.dtype.kind == "c" and array.dtype != np.complex128:
        array = array.astype(np.complex128)

    if kind == "A" and array.ndim == 2:
        if array.shape[0] != array.shape[1]:
            raise InputError(f"{name}: a matrix A must be square and diagonal, got shape {array.shape}")
        size = array.shape[0]
        if any(array[i, j] != 0 for i in range(size) for j in range(size) if i != j):
            raise InputError(f"{name}: the SSM is diagonal, but A has non-zero off-diagonal entries")
        array = np.diag(array).copy()
    elif kind == "B" and array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    elif kind == "C" and array.ndim == 2 and array.shape[0] == 1:
        array = array[0, :]
    if array.ndim != 1:
        raise InputError(f"{name}: expected a vector of length n, got shape {array.shape}")
    if array.size == 0:
        raise InputError(f"{name}: the SSM needs dimension n >= 1, got an empty vector")
    if array.dtype != object and not np.all(np.isfinite(array)):
        raise InputError(f"{name}: entries must be finite, got {array[~np.isfinite(array)][0]!r}")
    if array.dtype == object and not all(_finite_ball(x) for x in array if is_ball(x)):
        raise InputError(f"{name}: ball entries must be finite")
    array = array.copy()
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class DiagonalSSM:
    """A diagonal SSM ``(A, B, C)`` over ``field`` ("real" or "complex"), paper convention y = Re(Cx).

    ``field`` defaults to "complex" when any parameter is complex and to "real" otherwise.
    A real SSM rejects complex parameters (even with zero imaginary part: pass ``.real``).
    """

    A: np.ndarray
    B: np.ndarray
    C: np.ndarray
    field: str | None = None

    def __post_init__(self):
        A = _as_vector("A", self.A, kind="A")
        B = _as_vector("B", self.B, kind="B")
        C = _as_vector("C", self.C, kind="C")
        if not (A.size == B.size == C.size):
            raise InputError(f"A, B, C: lengths differ (A has {A.size}, B has {B.size}, C has {C.size})")
        any_complex = any(_is_complex_vector(v) for v in (A, B, C))
        field = self.field if self.field is not None else ("complex" if any_complex else "real")
        if field not in FIELDS:
            raise InputError(f"field: must be 'real' or 'complex', got {field!r}")
        if field == "real":
            for name, v in (("A", A), ("B", B), ("C", C)):
                if _is_complex_vector(v):
                    raise InputError(f"{name}: complex entries in a real SSM (field='real'); pass the real part")
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "B", B)
        object.__setattr__(self, "C", C)
        object.__setattr__(self, "field", field)

    # --- basic properties -------------------------------------------------------------------
    @property
    def n(self) -> int:
        """The state dimension."""
        return int(self.A.size)

    @property
    def is_complex(self) -> bool:
        return self.field == "complex"

    @property
    def has_ball_parameters(self) -> bool:
        """True when some parameter is an arb/acb ball: the SSM then stands for every SSM whose
        parameters lie in the balls, and only the float64 (midpoints) and arb systems apply."""
        return any(v.dtype == object and is_ball(v[0]) for v in (self.A, self.B, self.C))

    @property
    def stable(self) -> bool:
        """All |A_jj| < 1: decided exactly for floats and rationals, "certainly" for balls."""
        return all(_modulus_below_one(a) for a in self.A)

    def require_stable(self) -> "DiagonalSSM":
        """Return self, or raise ``InputError`` naming the first pole not certainly inside |z| < 1."""
        for j, a in enumerate(self.A):
            if not _modulus_below_one(a):
                raise InputError(f"A: unstable pole A[{j}] = {a} (|A[{j}]| >= 1) where stability is assumed")
        return self

    # --- views in the number systems -----------------------------------------------------------
    def float64(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(A, B, C) as float64 arrays (complex128 for a complex SSM); exact entries are rounded."""
        dtype = np.complex128 if self.is_complex else np.float64

        def conv(v):
            if v.dtype == object:
                try:
                    return np.array([_to_float(x) for x in v], dtype=dtype)
                except OverflowError:
                    raise InputError("A, B, C: an exact parameter is too large for float64") from None
            return v.astype(dtype)
        return conv(self.A), conv(self.B), conv(self.C)

    def weights(self) -> np.ndarray:
        """The products ``C_j B_j`` in float64 (the paper's ``C^T ⊙ B``)."""
        _, B, C = self.float64()
        return C * B

    # --- output conventions ---------------------------------------------------------------------
    @classmethod
    def from_code(cls, A, B, C, field: str | None = None) -> "DiagonalSSM":
        """The paper-convention SSM of the official code's model with parameters (A, B, C).

        The official code's complex model outputs ``2 Re(C x)``: that is the paper's model with
        ``C`` doubled.  Its real model outputs ``C x`` and is taken unchanged.
        """
        probe = cls(A, B, C, field=field)
        if not probe.is_complex:
            return probe
        return cls(probe.A, probe.B, _scale(probe.C, 2), field="complex")

    def to_code(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Parameters (A, B, C) for the official code's convention (complex: ``C`` halved)."""
        if not self.is_complex:
            return self.A, self.B, self.C
        return self.A, self.B, _scale(self.C, fmpq(1, 2))

    def __repr__(self) -> str:
        return f"DiagonalSSM(field={self.field!r}, n={self.n}, stable={self.stable})"


def _to_float(x):
    """Nearest float (or complex) of an exact scalar; the midpoint of a ball."""
    if isinstance(x, fmpq):
        return int(x.p) / int(x.q)  # Python's int / int is correctly rounded, even for huge ints
    if isinstance(x, GaussianRational):
        return complex(x)
    if isinstance(x, arb):
        return float(x.mid())
    return complex(float(x.real.mid()), float(x.imag.mid()))


def _scale(v: np.ndarray, factor) -> np.ndarray:
    """Multiply a parameter vector by an exact factor (2 or 1/2), keeping exact entries exact."""
    if v.dtype == object:
        return np.array([x * factor for x in v], dtype=object)
    return v * float(factor)
