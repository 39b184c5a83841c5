"""numerics.ssm.symbolic: one sympy expression, three number systems that agree."""
import mpmath
import pytest
import sympy
from flint import arb, ctx, fmpq
from hypothesis import given, strategies as st

from numerics.ssm.symbolic import NotRational, evaluate

t, eps = sympy.symbols("t epsilon", positive=True)
COROLLARY_1 = 2 ** (t / 2) / (32 * sympy.sqrt(t))


@given(st.integers(1, 400))
def test_arb_ball_contains_the_mpmath_value(value):
    ball = evaluate(COROLLARY_1, {t: value}, system="arb", prec=128)
    reference = evaluate(COROLLARY_1, {t: value}, system="mpmath", prec=300)
    with ctx.workprec(300):
        assert ball.contains(arb(mpmath.nstr(reference, 85)))
    assert ball.rad() < 1e-30 * abs(ball.mid())


def test_known_value_of_corollary_1_at_32():
    # 2^16 / (32 sqrt 32) = 2^16 / 2^7.5 = 2^8.5
    ball = evaluate(COROLLARY_1, {"t": 32})
    with ctx.workprec(256):
        assert ball.contains(arb(2) ** arb(fmpq(17, 2)))
        assert not ball.contains(arb(2) ** arb(fmpq(17, 2)) * (1 + arb(10) ** -30))


def test_exact_system_is_exact_or_refuses():
    expression = 2 ** (3 * sympy.floor(t / 4)) * (1 - eps)
    assert evaluate(expression, {t: 32, eps: fmpq(1, 2)}, system="exact") == fmpq(2**23)
    assert evaluate(sympy.sqrt(t), {t: fmpq(9, 4)}, system="exact") == fmpq(3, 2)
    with pytest.raises(NotRational):
        evaluate(sympy.sqrt(t), {t: 2}, system="exact")
    with pytest.raises(NotRational):
        evaluate(sympy.pi * t, {t: 1}, system="exact")


def test_missing_symbol_and_unknown_system():
    with pytest.raises(ValueError, match="values: no value for the symbol"):
        evaluate(t + eps, {t: 1})
    with pytest.raises(ValueError, match="system: unknown number system"):
        evaluate(t, {t: 1}, system="float32")
