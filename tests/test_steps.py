"""theory.steps: the generic proof steps settle true claims and refuse false or undecided ones."""
import sympy

from theory.steps import at_least_one_step, identity_step, sign_step


def test_identity_step_settles_an_identity_and_refuses_a_wrong_one():
    x = sympy.Symbol("x")
    assert identity_step("square", (x + 1) ** 2, x ** 2 + 2 * x + 1).holds
    assert not identity_step("wrong", (x + 1) ** 2, x ** 2 + 1).holds


def test_sign_step_refuses_a_false_sign():
    x = sympy.Symbol("x", positive=True)
    assert sign_step("true", x ** 2 + x, "positive").holds
    assert not sign_step("false", -x, "nonnegative").holds
    assert not sign_step("unknown", x - 1, "nonnegative").holds


def test_at_least_one_step_with_a_substitution():
    m, s = sympy.symbols("m s", positive=True)
    n = sympy.Symbol("n", positive=True)
    assert at_least_one_step("n/m >= 1 for n = m + s", n / m, {n: m + s}).holds
    assert not at_least_one_step("m/n >= 1 is false", m / n, {n: m + s}).holds
