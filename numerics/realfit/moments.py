"""The exact data of the l1 moment problem (:mod:`.l1`): the target, eps and the Chebyshev moments.

*Input.*  ``phi`` is taken exactly: ints, Fractions, fmpq, floats and mpmath numbers become
rationals (``fmpq``); arb balls stay balls, and a target with one proper ball is a ball target
(every entry an arb ball) standing for every target inside its balls; a
:class:`~numerics.ssm.targets.Target` gives its exact values when they are rational, else arb
balls at the working precision (:func:`~.l1.min_l1_weight` raises it up to ``MAX_PREC`` bits).
``eps >= 0`` is an exact rational.

*Chebyshev basis.*  We write ``p = sum_j a_j T_j`` (Chebyshev polynomials, ``c = P a`` with
``P[k, j] = [x^k] T_j``), so that ``<c, phi> = <a, psi>`` with the Chebyshev moments
``psi_j = int T_j dmu = (P^T phi)_j``, computed EXACTLY (``psi`` comes from huge cancellations;
it reaches ~1e97 at t = 256).  Every feasible ``mu`` has ``|psi_j| <= ||mu||`` (as
``|T_j| <= 1``), hence ``||psi||_inf <= truth(0)``: in this basis the problem is well scaled,
and the constraint ``|p| <= 1`` on ``x = cos(theta)`` reads ``|sum_j a_j cos(j theta)| <= 1``.

Both conversions run on Python / flint integers over a common denominator:
:func:`chebyshev_moments` by the recurrence ``L(x^m T_(j+1)) = 2 L(x^(m+1) T_j) - L(x^m T_(j-1))``
for the functional ``L(x^k) = phi_(k+1)`` (O(t^2)), :func:`monomial_coefficients` (``c = P a``)
by Clenshaw's recurrence on integer polynomials.
"""
from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Real

import mpmath
import numpy as np
from flint import arb, fmpq, fmpz, fmpz_poly

from ..errors import InputError
from ..ssm.systems import to_fmpq
from ..ssm.targets import Target
from .rounding import _arb_exact_to_fmpq

__all__ = ["chebyshev_moments", "monomial_coefficients"]

#: Largest arb precision (bits) that ball targets may escalate to.
MAX_PREC = 1 << 16


# =============================================================================================
# Input
# =============================================================================================
def _scalar(x, name: str):
    """One entry as fmpq (exact) or arb (ball)."""
    if isinstance(x, (bool, np.bool_)):
        raise InputError(f"{name}: entries must be real numbers, got a boolean")
    if isinstance(x, arb):
        if not x.is_finite():
            raise InputError(f"{name}: entries must be finite, got the ball {x}")
        return _arb_exact_to_fmpq(x) if x.rad() == 0 else x
    if isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise InputError(f"{name}: entries must be finite, got {x}")
        man, exp = x.man_exp
        return fmpq(int(man) * 2**int(exp)) if exp >= 0 else fmpq(int(man), 2**-int(exp))
    if isinstance(x, (Integral, Fraction, fmpq, fmpz)):
        return to_fmpq(x)
    if isinstance(x, (complex, np.complexfloating)) or not isinstance(x, (Real, np.floating, np.integer)):
        raise InputError(f"{name}: entries must be real numbers, got {x!r}")
    if not math.isfinite(float(x)):
        raise InputError(f"{name}: entries must be finite, got {x!r}")
    return to_fmpq(float(x)) if isinstance(x, np.floating) else to_fmpq(x)


def _target_values(target: Target, prec: int) -> list:
    try:
        return list(target.values("exact"))
    except InputError:
        return list(target.values("arb", prec=prec))


def _coerce_phi(phi, prec: int) -> tuple[list, bool]:
    """``(values, is_ball)``: a list of fmpq, or of arb when any entry is a proper ball."""
    if isinstance(phi, Target):
        values = _target_values(phi, prec)
    else:
        if isinstance(phi, (str, bytes)) or not hasattr(phi, "__len__"):
            raise InputError(f"phi: expected a sequence of real numbers or a Target, got {type(phi).__name__}")
        values = list(np.asarray(phi, dtype=object).ravel()) if isinstance(phi, np.ndarray) else list(phi)
    if len(values) == 0:
        raise InputError("phi: the target is empty (need t >= 1 entries)")
    items = [_scalar(x, "phi") for x in values]
    if any(isinstance(x, arb) for x in items):
        return [x if isinstance(x, arb) else arb(x) for x in items], True
    return items, False


def _coerce_eps(eps) -> fmpq:
    if isinstance(eps, (bool, np.bool_)) or isinstance(eps, (arb, complex)):
        raise InputError(f"eps: must be a real number >= 0 (int, Fraction, fmpq or float), got {eps!r}")
    try:
        value = _scalar(eps, "eps")
    except InputError:
        raise InputError(f"eps: must be a finite real number >= 0, got {eps!r}") from None
    if isinstance(value, arb) or value < 0:
        raise InputError(f"eps: must be a finite real number >= 0, got {eps!r}")
    return value


def _default_prec(t: int) -> int:
    return 128 + 2 * int(1.3 * t)


# =============================================================================================
# Exact Chebyshev / monomial conversions
# =============================================================================================
def _common_denominator(values: list[fmpq]) -> int:
    den = 1
    for v in values:
        q = int(v.q)
        den = den // math.gcd(den, q) * q
    return den


def _chebyshev_moments_int(ints: list[int]) -> list[int]:
    """``psi_j = L(T_j)`` for the functional ``L(x^k) = ints[k]``: the recurrence
    ``L(x^m T_(j+1)) = 2 L(x^(m+1) T_j) - L(x^m T_(j-1))`` on Python integers (O(t^2))."""
    t = len(ints)
    prev = np.array(ints, dtype=object)
    out = [int(prev[0])]
    if t == 1:
        return out
    cur = prev[1:].copy()
    out.append(int(cur[0]))
    for j in range(1, t - 1):
        nxt = 2 * cur[1:] - prev[:t - j - 1]
        prev, cur = cur, nxt
        out.append(int(cur[0]))
    return out


def chebyshev_moments(phi) -> list[fmpq]:
    """The Chebyshev moments ``psi_j = sum_k [x^k] T_j * phi_(k+1)``, j = 0..t-1, exactly."""
    values = [to_fmpq(x) for x in phi]
    den = _common_denominator(values)
    ints = [int(v.p) * (den // int(v.q)) for v in values]
    return [fmpq(v, den) for v in _chebyshev_moments_int(ints)]


def monomial_coefficients(coefficients) -> list[fmpq]:
    """Monomial coefficients of ``sum_j a_j T_j`` (exact; Clenshaw's recurrence on integer polynomials)."""
    a = [to_fmpq(x) for x in coefficients]
    if not a:
        return []
    den = _common_denominator(a)
    ints = [int(v.p) * (den // int(v.q)) for v in a]
    x2 = fmpz_poly([0, 2])
    b1 = fmpz_poly([])
    b2 = fmpz_poly([])
    for k in range(len(ints) - 1, 0, -1):
        b1, b2 = fmpz_poly([ints[k]]) + x2 * b1 - b2, b1
    poly = fmpz_poly([ints[0]]) + fmpz_poly([0, 1]) * b1 - b2
    coeffs = [int(c) for c in poly.coeffs()] + [0] * (len(a) - poly.length())
    return [fmpq(c, den) for c in coeffs[:len(a)]]


def _monomial_matrix(t: int) -> list[list[int]]:
    """P[k][j] = [x^k] T_j as Python ints (rows k)."""
    cols = [fmpz_poly.chebyshev_t(j).coeffs() for j in range(t)]
    return [[int(cols[j][k]) if k < len(cols[j]) else 0 for j in range(t)] for k in range(t)]
