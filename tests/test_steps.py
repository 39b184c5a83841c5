"""theory.steps and the step kinds of theory.statement: the generic proof steps settle true claims and
refuse false or undecided ones; premises and finite checks shape the verdict."""
import pytest
import sympy

from theory.statement import Proof, ProofStep
from theory.steps import (at_least_one_step, finite_step, identity_step, perturbed, premise_step, sign_step,
                          z3_step)


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


def test_z3_step_decides_polynomial_implications_and_records_its_query():
    x, y = sympy.symbols("x y", real=True)
    a = sympy.Symbol("a", positive=True)
    am_gm = z3_step("x^2 + y^2 >= 2xy", x ** 2 + y ** 2 >= 2 * x * y)
    assert am_gm.holds and am_gm.kind == "z3" and "z3" in am_gm.method and "(assert" in am_gm.query
    assert z3_step("a <= 1 implies a^2 <= a (a > 0 from the assumptions)", a ** 2 <= a, [a <= 1]).holds
    wrong = z3_step("x^2 >= x for all real x", x ** 2 >= x)
    assert not wrong.holds and "sat" in wrong.method
    assert not z3_step("|x| <= 1 for all x", sympy.Abs(x) <= 1).holds


def test_z3_step_refuses_what_it_cannot_translate():
    x = sympy.Symbol("x", positive=True)
    step = z3_step("sqrt is not polynomial", sympy.sqrt(x) >= x - 1)
    assert not step.holds and "not translated" in step.method


def test_premises_and_finite_checks_shape_the_verdict():
    x = sympy.Symbol("x", positive=True)
    machine = sign_step("x > 0", x, "positive")
    premise = premise_step("|<u, v>| <= |u| |v|", "Cauchy-Schwarz inequality")
    finite = finite_step("the bound holds for t <= 8", True, "t <= 8", "exact enumeration")
    assert Proof("p", (machine, premise)).verdict == "proved"
    assert Proof("p", (machine, premise)).premises == ("|<u, v>| <= |u| |v| [Cauchy-Schwarz inequality]",)
    assert Proof("p", (machine, finite)).verdict == "certified"
    assert Proof("p", (machine, finite_step("fails", False, "t <= 8", "enumeration"))).verdict == "open"
    with pytest.raises(ValueError, match="scope"):
        ProofStep("a premise without a citation", None, True, "named premise", kind="premise")


def test_perturbed_turns_every_true_machine_step_false():
    x = sympy.Symbol("x", positive=True)
    with perturbed():
        assert not identity_step("2x = x + x", 2 * x, x + x).holds
        assert not sign_step("x > 0", x, "positive").holds
        assert not z3_step("x > 0", x > 0).holds
        assert premise_step("a classical fact", "a textbook").holds     # premises are not perturbed
    assert sign_step("x > 0", x, "positive").holds                      # and the switch is off again
