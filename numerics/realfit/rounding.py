"""Outward rounding between arb balls, rationals and floats for the certified l1 bracket (:mod:`.l1`).

Every number in :func:`~.l1.min_l1_weight`'s bracket is decided in ``fmpq`` / arb; these helpers
read a ball's midpoint or ends as an exact rational and round rationals to floats outward.  The
bounds exceed the float64 range beyond t ~ 600 (``psi`` reaches ~1e97 at t = 256): a lower bound
then saturates at the largest finite float and an upper bound is ``inf``, while ``log2`` of a
rational is bounded in arb (64 bits) and rounded outward.
"""
from __future__ import annotations

import math

from flint import arb, ctx, fmpq

from ..ssm.systems import to_fmpq


# =============================================================================================
# Rationals from arb balls
# =============================================================================================
def _arb_exact_to_fmpq(x: arb) -> fmpq:
    man, exp = x.mid().man_exp()
    man, exp = int(man), int(exp)
    return fmpq(man * 2**exp) if exp >= 0 else fmpq(man, 2**-exp)


def _to_fmpq_upper(x: arb) -> fmpq:
    return _arb_exact_to_fmpq(x.upper())


def _to_fmpq_lower(x: arb) -> fmpq:
    return _arb_exact_to_fmpq(x.lower())


def _float_down(x: arb) -> float:
    """A float <= every point of x (x finite and of moderate size)."""
    value = float(x.lower().mid())
    while arb(value) > x.lower():
        value = math.nextafter(value, -math.inf)
    return value


# =============================================================================================
# Float helpers for huge rationals
# =============================================================================================
def _float_lower_q(q: fmpq) -> float:
    """Largest float <= q (saturating at the largest finite float)."""
    if q == 0:
        return 0.0
    try:
        value = int(q.p) / int(q.q)
    except OverflowError:
        return -math.inf if q < 0 else 1.7976931348623157e308
    if math.isinf(value):
        return -math.inf if q < 0 else 1.7976931348623157e308
    while to_fmpq(value) > q:
        value = math.nextafter(value, -math.inf)
    return value


def _float_upper_q(q: fmpq) -> float:
    """Smallest float >= q (inf beyond the float range)."""
    return -_float_lower_q(-q) if q != 0 else 0.0


def _log2_lower(q: fmpq) -> float:
    if q <= 0:
        return -math.inf
    with ctx.workprec(64):
        return _float_down(arb(q).log() / arb(2).log())


def _log2_upper(q: fmpq) -> float:
    if q <= 0:
        return -math.inf
    with ctx.workprec(64):
        return -_float_down(-(arb(q).log() / arb(2).log()))
