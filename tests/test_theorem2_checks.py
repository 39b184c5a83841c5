"""The Theorem 2 checks: the printed form's counterexample re-checks exactly; the corrected holds there."""
from fractions import Fraction

from flint import fmpq

from numerics import DiagonalSSM, impulse_response
from numerics.realfit.theorem2 import maximise_terms, weight_size
from verify.checks.ranmilo.theorem2 import exact_term, theorem2_as_printed, theorem2_step3


def _rational(text: str) -> fmpq:
    value = Fraction(text)
    return fmpq(value.numerator, value.denominator)


def test_printed_theorem_counterexample_rechecks_exactly():
    outcome = theorem2_as_printed("quick")
    assert outcome.verdict == "refuted"
    found = outcome.counterexample
    assert {"A", "B", "C", "t", "epsilon", "target", "d", "m", "sigma"} <= set(found)
    ssm = DiagonalSSM([_rational(a) for a in found["A"]], [_rational(b) for b in found["B"]],
                      [_rational(c) for c in found["C"]])
    phi = [_rational(p) for p in found["target"]]
    eps = _rational(found["epsilon"])
    response = impulse_response(ssm, found["t"], system="exact")
    assert sum((abs(h - p) for h, p in zip(response, phi)), fmpq(0)) <= eps  # an eps-approximation
    printed = maximise_terms(phi, eps, exact_term("ranmilo.thm2"))
    assert printed.value > weight_size(ssm)  # ... violating the printed bound
    corrected = maximise_terms(phi, eps, exact_term("ranmilo.thm2_corrected"))
    assert corrected.value <= weight_size(ssm)  # ... but not the corrected one
    # the smallest: one state, the shortest t for which Theorem 2's index range is non-empty
    assert ssm.n == 1 and found["t"] == 4


def test_step3_counterexample_is_the_simplest():
    outcome = theorem2_step3("quick")
    assert outcome.verdict == "refuted"
    assert outcome.counterexample["alpha"] == "0" and (outcome.counterexample["d"], outcome.counterexample["m"]) == (1, 1)
