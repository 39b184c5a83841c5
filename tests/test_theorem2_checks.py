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


# ---------------------------------------------------------------------------------------------
# Hypotheses tried at their edge (issue 11).

import pytest  # noqa: E402
import sympy  # noqa: E402

from theory.ranmilo import theorem2 as theory  # noqa: E402
from verify.checks.ranmilo import theorem2 as checks  # noqa: E402


def test_a_negative_eps_is_rejected_with_a_clear_error():
    ssm = DiagonalSSM([fmpq(0)], [fmpq(1)], [fmpq(1)])
    with pytest.raises(ValueError, match="eps = -1/4 < 0"):
        checks.confront(ssm, [fmpq(1), 0, 0, 0], fmpq(-1, 4), exact_term("ranmilo.thm2_corrected"))


def test_the_hypotheses_are_evaluated_exactly_on_each_instance():
    hypotheses = checks.instance_hypotheses("ranmilo.thm2_corrected")
    assert set(hypotheses) == {*theory.STATE_HYPOTHESES, sympy.Le(theory.error_l1, theory.epsilon)}
    unstable = DiagonalSSM([fmpq(1, 2), fmpq(-5, 4)], [fmpq(1), fmpq(1)], [fmpq(1), fmpq(1)])
    assert checks.violated_hypotheses(unstable, fmpq(0), fmpq(0), hypotheses) == [str(theory.STABILITY)]
    edge = DiagonalSSM([fmpq(1), fmpq(-1)], [fmpq(1), fmpq(1)], [fmpq(1), fmpq(1)])
    assert checks.violated_hypotheses(edge, fmpq(0), fmpq(0), hypotheses) == []  # |A| = 1 is inside
    rotation = DiagonalSSM([complex(0, 1)], [1.0], [1.0])
    assert checks.violated_hypotheses(rotation, fmpq(1), fmpq(0), hypotheses) == [str(theory.REAL_PARAMETERS[0])]
    assert checks.violated_hypotheses(edge, fmpq(1, 4), fmpq(1, 2), hypotheses) == ["err <= epsilon"]


def test_the_weakened_theorem_is_refuted_by_a_equal_2():
    outcome = checks.theorem2_without_stability("quick")
    assert outcome.verdict == "refuted"
    found = outcome.counterexample
    assert (found["A"], found["B"], found["C"], found["t"], found["epsilon"]) == (["2"], ["1"], ["1"], 4, "0")
    assert (found["rhs"], found["lhs"], found["sigma"], found["d"], found["m"]) == ("6", "1", "even", 1, 1)
    assert "A=2, B=C=1, t=4, eps=0: RHS 6 > LHS 1 at sigma=even, d=m=1" in outcome.erratum


def test_the_corrected_theorem_searches_outside_its_hypotheses_and_is_proved_there():
    outcome = checks.theorem2_corrected("quick")
    assert outcome.verdict == "proved" and outcome.margin == 0 and outcome.margin_from == "exact"
    outside = outcome.evidence["outside_hypotheses"]
    assert outside[str(theory.STABILITY)] > 0 and outside[str(theory.REAL_PARAMETERS[0])] > 0
    assert outside["err <= epsilon"] > 0
    assert outcome.premises  # the proof's named premises travel with the verdict


def test_the_printed_erratum_is_built_from_the_counterexample():
    outcome = theorem2_as_printed("quick")
    found = outcome.counterexample
    assert f"A={found['A'][0]}, B=C={found['B'][0]}, t={found['t']}, eps={found['epsilon']}: " \
           f"RHS {found['rhs']} > LHS {found['lhs']}" in outcome.erratum
    assert outcome.margin == -3 and outcome.margin_from == "exact"


def test_a_complex_weight_size_is_exact_when_rational():
    ssm = DiagonalSSM([complex(0, 1)], [0.75], [complex(0, -1)])
    assert checks.weight_size_exact(ssm) == fmpq(3, 4)
    with pytest.raises(ValueError, match="rational"):
        checks.weight_size_exact(DiagonalSSM([complex(0, 1)], [1.0], [complex(1, 1)]))
