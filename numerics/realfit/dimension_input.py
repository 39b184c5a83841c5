"""The input of the dimension bracket (:mod:`.dimension`): target entries and eps, exactly.

Entries are rationals or arb balls: ints, Fractions, fmpq and floats are taken exactly (``fmpq``),
arb balls stand for every target inside them (a sequence with one proper ball becomes a ball
target, every entry an arb ball).  A :class:`~numerics.ssm.targets.Target` gives its exact values
when they are rational, else arb balls that can be re-evaluated at a higher precision; a
:class:`~numerics.ssm.complex_target.ComplexOscillator` gives balls that can be refined.  The
precision of a re-evaluable ball target is raised up to ``MAX_PREC`` bits.  ``eps >= 0`` is exact.
"""
from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Real

import numpy as np
from flint import arb, fmpq, fmpz

from ..errors import InputError
from ..ssm.complex_target import ComplexOscillator
from ..ssm.systems import to_fmpq
from ..ssm.targets import Target
from .rounding import _arb_exact_to_fmpq

#: Largest arb precision (bits) a re-evaluable ball target is raised to for a sharp comparison.
MAX_PREC = 2048


def float_values(values) -> np.ndarray:
    """The float64 vector of exact (fmpq) entries or of the midpoints of ball entries: the starting point
    of a float64 search, never a result (what it finds is verified exactly or in arb)."""
    return np.array([float(v.mid()) if isinstance(v, arb) else int(v.p) / int(v.q) for v in values])


def _entry(x, index: int):
    if isinstance(x, (bool, np.bool_)):
        raise InputError(f"phi: entry {index} is a boolean, not a real number")
    if isinstance(x, arb):
        if not x.is_finite():
            raise InputError(f"phi: entry {index} is not finite ({x})")
        return _arb_exact_to_fmpq(x) if x.rad() == 0 else x
    if isinstance(x, (Integral, Fraction, fmpq, fmpz)):
        return to_fmpq(x)
    if isinstance(x, (complex, np.complexfloating)) or not isinstance(x, (Real, np.floating, np.integer)):
        raise InputError(f"phi: entry {index} must be a real number, got {x!r}")
    if not math.isfinite(float(x)):
        raise InputError(f"phi: entry {index} must be finite, got {x!r}")
    return to_fmpq(float(x))


def _coerce_phi(phi, prec: int):
    """``(values, refine)``: entries as fmpq or arb, and ``refine(prec)`` or None."""
    if isinstance(phi, ComplexOscillator):
        return phi.values(prec), phi.values
    if isinstance(phi, Target):
        try:
            return list(phi.values("exact")), None
        except InputError:
            return list(phi.values("arb", prec=prec)), (lambda p: list(phi.values("arb", prec=p)))
    if isinstance(phi, (str, bytes)) or not hasattr(phi, "__len__"):
        raise InputError(f"phi: expected a sequence of real numbers, a Target or a ComplexOscillator, "
                         f"got {type(phi).__name__}")
    array = np.asarray(phi, dtype=object)
    if array.ndim != 1:
        raise InputError(f"phi: expected a 1-D sequence, got shape {array.shape}")
    if array.size == 0:
        raise InputError("phi: needs t >= 1 entries, got none")
    values = [_entry(x, i) for i, x in enumerate(array)]
    if any(isinstance(v, arb) for v in values):
        values = [v if isinstance(v, arb) else arb(v) for v in values]
    return values, None


def _coerce_eps(eps) -> fmpq:
    if isinstance(eps, (bool, np.bool_)) or isinstance(eps, (complex, arb)):
        raise InputError(f"eps: must be a real number >= 0 (exact), got {eps!r}")
    if isinstance(eps, (float, np.floating)) and not math.isfinite(float(eps)):
        raise InputError(f"eps: must be finite, got {eps!r}")
    try:
        value = to_fmpq(eps)
    except (TypeError, ValueError):
        raise InputError(f"eps: must be a real number >= 0, got {eps!r}") from None
    if value < 0:
        raise InputError(f"eps: must be >= 0, got {eps}")
    return value


def _is_ball(values) -> bool:
    return any(isinstance(v, arb) for v in values)
