"""Number systems: conversion of scalars into float64, mpmath, arb balls and exact rationals.

The names are those of the ``system=`` argument used throughout ssmcheck:
``"float64"``, ``"mpmath"``, ``"arb"`` (python-flint balls, certified) and ``"exact"``
(python-flint ``fmpq``).  A float64 number is a dyadic rational, so it converts to ``fmpq`` and to
an arb ball without error; rationals given as ``int``, ``fractions.Fraction`` or ``fmpq`` keep
their exact value in the exact and arb systems.

Complex exact numbers are :class:`GaussianRational` values (python-flint has no Gaussian
rationals; this class is the few lines needed here); :func:`exact_pair` gives the ``(re, im)`` pair
of ``fmpq`` of any exact or float scalar.  arb/acb balls stand for every number they contain.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral

import mpmath
import numpy as np
from flint import acb, arb, fmpq, fmpz

from ..errors import InputError


@dataclass(frozen=True, slots=True)
class GaussianRational:
    """An exact complex rational ``re + i im`` with ``fmpq`` parts."""

    re: fmpq
    im: fmpq

    @staticmethod
    def of(x) -> "GaussianRational":
        return x if isinstance(x, GaussianRational) else GaussianRational(*exact_pair(x))

    def __add__(self, other):
        other = GaussianRational.of(other)
        return GaussianRational(self.re + other.re, self.im + other.im)

    __radd__ = __add__

    def __neg__(self):
        return GaussianRational(-self.re, -self.im)

    def __sub__(self, other):
        return self + (-GaussianRational.of(other))

    def __rsub__(self, other):
        return GaussianRational.of(other) - self

    def __mul__(self, other):
        other = GaussianRational.of(other)
        return GaussianRational(self.re * other.re - self.im * other.im,
                                self.re * other.im + self.im * other.re)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = GaussianRational.of(other)
        norm = other.re * other.re + other.im * other.im
        if norm == 0:
            raise ZeroDivisionError("division by the Gaussian rational 0")
        return self * GaussianRational(other.re / norm, -other.im / norm)

    def __rtruediv__(self, other):
        return GaussianRational.of(other) / self

    @property
    def real(self) -> fmpq:
        return self.re

    def __complex__(self):
        return complex(int(self.re.p) / int(self.re.q), int(self.im.p) / int(self.im.q))

SYSTEMS = ("float64", "mpmath", "arb", "exact")

#: Default working precision in bits for the mpmath and arb systems.
DEFAULT_PREC = 128


def check_system(system: str) -> str:
    if system not in SYSTEMS:
        raise InputError(f"system: unknown number system {system!r}; choose one of {', '.join(SYSTEMS)}")
    return system


def check_prec(prec) -> int:
    if isinstance(prec, bool) or not isinstance(prec, Integral) or prec < 16:
        raise InputError(f"prec: precision must be an integer number of bits >= 16, got {prec!r}")
    return int(prec)


def is_exact_rational(x) -> bool:
    """True for ``int``, ``Fraction`` and ``fmpq``/``fmpz`` values (not floats)."""
    return isinstance(x, (Integral, Fraction, fmpq, fmpz)) and not isinstance(x, bool)


def to_fmpq(x) -> fmpq:
    """The exact rational value of a real number given as int, Fraction, fmpq or finite float."""
    if isinstance(x, fmpq):
        return x
    if isinstance(x, (Integral, fmpz)):
        return fmpq(int(x))
    if isinstance(x, Fraction):
        return fmpq(x.numerator, x.denominator)
    value = float(x)
    if not math.isfinite(value):
        raise InputError(f"cannot take the exact value of non-finite {x!r}")
    p, q = value.as_integer_ratio()
    return fmpq(p, q)


def is_ball(x) -> bool:
    """True for python-flint arb/acb balls."""
    return isinstance(x, (arb, acb))


def exact_pair(x) -> tuple[fmpq, fmpq]:
    """The exact (re, im) pair of ``fmpq`` of a real or complex number."""
    if isinstance(x, GaussianRational):
        return x.re, x.im
    if is_ball(x):
        raise InputError("exact arithmetic needs rational parameters, not arb/acb balls")
    if isinstance(x, (complex, np.complexfloating)):
        return to_fmpq(x.real), to_fmpq(x.imag)
    return to_fmpq(x), fmpq(0)


def to_arb(x) -> arb:
    """An exact arb ball for a real rational or float value (``arb`` values pass through)."""
    if isinstance(x, arb):
        return x
    q = to_fmpq(x)
    return arb(q)


def to_acb(x) -> acb:
    """An acb ball for a real or complex value; exact for rationals and floats."""
    if isinstance(x, acb):
        return x
    if isinstance(x, arb):
        return acb(x)
    if isinstance(x, GaussianRational):
        return acb(arb(x.re), arb(x.im))
    re, im = exact_pair(x)
    return acb(arb(re), arb(im))


def to_mpmath(x):
    """An mpmath number (mpf or mpc) at the current mpmath precision."""
    if isinstance(x, GaussianRational):
        return mpmath.mpc(to_mpmath(x.re), to_mpmath(x.im))
    if isinstance(x, (complex, np.complexfloating)):
        return mpmath.mpc(to_mpmath(x.real), to_mpmath(x.imag))
    if isinstance(x, (fmpq, Fraction)):
        q = to_fmpq(x)
        return mpmath.mpf(int(q.p)) / int(q.q)
    return mpmath.mpf(int(x)) if isinstance(x, Integral) else mpmath.mpf(float(x))


def float_upper(ball: arb) -> float:
    """A float64 that is >= every point of the real ball ``ball`` (rounded outward)."""
    if not ball.is_finite():
        return math.inf
    upper = ball.upper()
    value = float(upper.mid())
    while arb(value) < upper:
        value = math.nextafter(value, math.inf)
    return value


def float_lower(ball: arb) -> float:
    """A float64 that is <= every point of the real ball ``ball`` (rounded outward)."""
    return -float_upper(-ball)


def fmpq_to_string(q: fmpq) -> str:
    """An exact rational as the string "p/q" (or "p" for integers)."""
    q = to_fmpq(q)
    return str(q.p) if q.q == 1 else f"{q.p}/{q.q}"
