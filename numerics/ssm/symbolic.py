"""Evaluate a statement's sympy expression in mpmath, in arb balls, or exactly.

In the spirit of pyodesys: the bound is derived once, symbolically, then evaluated in several
numeric backends that can be cross-checked.  ``sympy.lambdify`` is not used because it prints
rationals as Python float divisions and cannot target arb balls; this walker maps each sympy
node to the backend's operation instead, so that ``2**(t/2)/(32*sqrt(t))`` in arb is a ball
containing the true value, and in ``"exact"`` is refused when the value is irrational.
"""
from __future__ import annotations

import math

import mpmath
import sympy
from flint import arb, ctx, fmpq, fmpz

from .systems import to_fmpq, to_mpmath

SYSTEMS = ("mpmath", "arb", "exact")


class NotRational(ValueError):
    """The expression's value is not a rational number (asked for ``system="exact"``)."""


def evaluate(expr, values: dict | None = None, *, system: str = "arb", prec: int = 128):
    """The value of the sympy expression ``expr`` with ``values`` substituted for its symbols.

    ``values`` maps symbols (or their names) to ints, fractions, floats, fmpq or arb balls.
    Returns an mpmath ``mpf``, an ``arb`` ball, or an ``fmpq``.
    """
    if system not in SYSTEMS:
        raise ValueError(f"system: unknown number system {system!r}; choose one of {', '.join(SYSTEMS)}")
    expr = sympy.sympify(expr)
    table = {}
    for key, value in (values or {}).items():
        table[key if isinstance(key, str) else key.name] = value
    missing = sorted(s.name for s in expr.free_symbols if s.name not in table)
    if missing:
        raise ValueError(f"values: no value for the symbol(s) {', '.join(missing)}")
    if system == "arb":
        with ctx.workprec(prec):
            return _Arb(table).walk(expr)
    if system == "mpmath":
        with mpmath.workprec(prec):
            return _Mpmath(table).walk(expr)
    return _Exact(table).walk(expr)


class _Walker:
    """Maps sympy nodes to backend operations; subclasses give the leaves and the functions."""

    def __init__(self, table):
        self.table = table

    def walk(self, e):
        if e.is_Symbol:
            return self.leaf(self.table[e.name])
        if e.is_Integer or e.is_Rational:
            return self.rational(int(e.p), int(e.q))
        if e.is_Add:
            args = [self.walk(a) for a in e.args]
            total = args[0]
            for a in args[1:]:
                total = total + a
            return total
        if e.is_Mul:
            args = [self.walk(a) for a in e.args]
            total = args[0]
            for a in args[1:]:
                total = total * a
            return total
        if e.is_Pow:
            base, exponent = e.args
            if exponent.is_Integer:
                value = self.walk(base)
                n = int(exponent)
                return value**n if n >= 0 else self.rational(1, 1) / value**(-n)
            return self.power(self.walk(base), self.walk(exponent))
        if e is sympy.pi:
            return self.pi()
        if e is sympy.E:
            return self.exp(self.rational(1, 1))
        name = type(e).__name__
        args = [self.walk(a) for a in e.args]
        method = getattr(self, "f_" + name, None)
        if method is None:
            raise NotImplementedError(f"cannot evaluate {name} in this backend")
        return method(*args)

    def f_Min(self, *args):
        return min(args)

    def f_Max(self, *args):
        return max(args)


class _Exact(_Walker):
    def leaf(self, value):
        if isinstance(value, arb):
            raise NotRational("an arb ball is not an exact value")
        return to_fmpq(value)

    def rational(self, p, q):
        return fmpq(p, q)

    def power(self, base, exponent):
        if exponent.q == 1:
            return base ** int(exponent.p)
        root = _rational_root(base, int(exponent.q))
        if root is None:
            raise NotRational(f"{base}^({exponent}) is irrational")
        return root ** int(exponent.p)

    def pi(self):
        raise NotRational("pi is irrational")

    def exp(self, x):
        raise NotRational("exp of a rational is irrational (except exp(0))")

    def f_floor(self, x):
        return fmpq(x.floor())

    def f_ceiling(self, x):
        return fmpq(x.ceil())

    def f_Abs(self, x):
        return abs(x)

    def f_binomial(self, n, k):
        return fmpq(fmpz(int(n)).binomial(int(k))) if n.q == 1 and k.q == 1 else _irrational("binomial")

    def f_factorial(self, n):
        return fmpq(math.factorial(int(n)))

    def f_log(self, x):
        raise NotRational("log is irrational here")


def _irrational(name):
    raise NotRational(f"{name} of non-integers is not handled exactly")


def _rational_root(q: fmpq, k: int):
    if q < 0:
        return None
    p_root, q_root = q.p.root(k), q.q.root(k)
    if p_root**k == q.p and q_root**k == q.q:
        return fmpq(p_root, q_root)
    return None


class _Arb(_Walker):
    def leaf(self, value):
        if isinstance(value, arb):
            return value
        return arb(to_fmpq(value))

    def rational(self, p, q):
        return arb(fmpq(p, q))

    def power(self, base, exponent):
        return base**exponent

    def pi(self):
        return arb.pi()

    def exp(self, x):
        return x.exp()

    def f_floor(self, x):
        return x.floor()

    def f_ceiling(self, x):
        return x.ceil()

    def f_Abs(self, x):
        return abs(x)

    def f_log(self, x):
        return x.log()

    def f_exp(self, x):
        return x.exp()

    def f_sin(self, x):
        return x.sin()

    def f_cos(self, x):
        return x.cos()

    def f_asin(self, x):
        return x.asin()

    def f_binomial(self, n, k):
        return arb.bin(n, int(k.mid())) if k.is_exact() else (n + 1).gamma() / ((k + 1).gamma() * (n - k + 1).gamma())

    def f_factorial(self, n):
        return (n + 1).gamma()

    def f_Min(self, *args):
        return _arb_extreme(args, lambda a, b: a.min(b))

    def f_Max(self, *args):
        return _arb_extreme(args, lambda a, b: a.max(b))


def _arb_extreme(args, pick):
    result = args[0]
    for a in args[1:]:
        result = pick(result, a)
    return result


class _Mpmath(_Walker):
    def leaf(self, value):
        return mpmath.mpf(value.mid().str(50, radius=False)) if isinstance(value, arb) else to_mpmath(value)

    def rational(self, p, q):
        return mpmath.mpf(p) / q

    def power(self, base, exponent):
        return mpmath.power(base, exponent)

    def pi(self):
        return +mpmath.pi

    def exp(self, x):
        return mpmath.exp(x)

    def f_floor(self, x):
        return mpmath.floor(x)

    def f_ceiling(self, x):
        return mpmath.ceil(x)

    def f_Abs(self, x):
        return abs(x)

    def f_log(self, x):
        return mpmath.log(x)

    def f_exp(self, x):
        return mpmath.exp(x)

    def f_sin(self, x):
        return mpmath.sin(x)

    def f_cos(self, x):
        return mpmath.cos(x)

    def f_asin(self, x):
        return mpmath.asin(x)

    def f_binomial(self, n, k):
        return mpmath.binomial(n, k)

    def f_factorial(self, n):
        return mpmath.factorial(n)

