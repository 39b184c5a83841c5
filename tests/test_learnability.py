"""Lemma 3, Proposition 4 and Proposition 5 (Ran-Milo et al. 2024): proofs and checks (the numerics
they use: tests/test_numerics_learnability.py)."""
import numpy as np
import pytest
import sympy
from flint import arb, fmpq
from hypothesis import given, settings, strategies as st

from numerics.learning.learnability import product_probability
from theory import registry
from theory.ranmilo import learnability
from theory.ranmilo.learnability import kappa, product_density_steps, q as q_symbol
from verify.checks.ranmilo.learnability import (DENSITY_COUNTEREXAMPLE, density_step, gradient_instance, lemma3_instance,
                                                prop4, prop4_without_stability, robustness_row)

from conftest import coefficients, poles


def instances(a_entries, max_t: int):
    """(A, B, C, target) with 1 to 4 states, A's entries from ``a_entries``, target length 1 to ``max_t``."""
    return st.integers(1, 4).flatmap(lambda n: st.tuples(
        st.lists(a_entries, min_size=n, max_size=n), st.lists(coefficients, min_size=n, max_size=n),
        st.lists(coefficients, min_size=n, max_size=n), st.lists(coefficients, min_size=1, max_size=max_t)))


@settings(max_examples=25)
@given(instances(coefficients, 6))
def test_lemma3_is_certified_on_any_instance(instance):
    # A in [-4, 4]: Lemma 3 needs no stability
    assert lemma3_instance(*instance)["certified"]


def test_lemma3_attained_and_a_larger_claim_is_refused():
    attained = ([0.5], [0.0], [1.0], [0.0])   # t = 1: the Hessian is diag(0, 2, 0) and the bound is 2
    row = lemma3_instance(*attained)
    assert row["certified"] and row["slack"] == 0
    assert not lemma3_instance(*attained, scale=fmpq(1000001, 1000000))["certified"]


def test_gradient_bound_attained_and_needs_stability():
    tight = gradient_instance([1.0], [1.0], [1.0], [0.0] * 5)
    assert tight["holds"] and tight["slack"] == 0
    assert not gradient_instance([2.0], [1.0], [1.0], [0.0] * 5)["holds"]


@settings(max_examples=25)
@given(instances(poles, 10))
def test_gradient_bound_holds_exactly_for_stable_instances(instance):
    assert gradient_instance(*instance)["holds"]


def test_learnability_proofs():
    for name in ("ranmilo.lemma3", "ranmilo.prop4", "ranmilo.prop4.gradient_bound", "ranmilo.prop4_without_stability",
                 "ranmilo.prop5_corrected_proof"):
        proof = registry.get(name).prove()
        assert proof.complete and proof.verdict == "proved", name
        assert {step.kind for step in proof.steps} <= {"sympy", "z3", "premise"}, name
    printed = registry.get("ranmilo.prop5.density_step").prove()
    assert not printed.complete
    assert [step.holds for step in printed.steps].count(False) == 1   # only the printed density claim fails
    assert registry.get("ranmilo.prop5").prove is None                 # no proof of the printed constant


def test_cauchy_schwarz_is_proved_for_symbolic_t_and_refuses_a_wrong_quadratic():
    steps = learnability.cauchy_schwarz_steps(1, learnability.t, "1", sympy.Symbol("A") >= 1)
    assert all(step.holds for step in steps)
    assert "(j, 1, t)" in str(steps[0].expression)                   # a sum of symbolic length, not t <= 6
    wrong = learnability.cauchy_schwarz_steps(1, learnability.t + 1, "1", sympy.Symbol("A") >= 1)
    assert not wrong[0].holds                                         # sum_j 1^2 is t, not t + 1


def test_prop5_corrected_proof_computes_its_conditional_probability():
    steps = learnability.corrected_steps()
    claims = [step.claim for step in steps]
    interval = steps[next(i for i, c in enumerate(claims) if c.startswith("given all factors but x = Q_B,k"))]
    assert interval.kind == "z3" and interval.holds
    widths = [step for step in steps if step.claim.startswith("U - L = 2 eps / a")]
    assert len(widths) == 2 and all(step.holds and step.expression != 0 for step in widths)
    premises = [step for step in steps if step.kind == "premise"]
    assert len(premises) == 1 and "Fubini" in premises[0].scope


def test_kappa_constants_are_computed():
    assert str(learnability.kappa_at(1)) == "log(3)"
    for label, bits in (("bfloat16", 7), ("float16", 10), ("float32", 23)):
        q = sympy.Rational(1, 2 ** bits)
        assert float(learnability.KAPPA_MINUS_ONE[label]) == pytest.approx(float(q) ** 2 / 12, rel=1e-3)
    remark = registry.get("ranmilo.prop5").remarks[0]
    assert f"{float(learnability.KAPPA_MINUS_ONE['bfloat16']):.2g}" in remark and "kappa(1) = log(3)" in remark


def test_kappa_exceeds_one_and_matches_the_product_density():
    steps = product_density_steps()
    assert all(step.holds for step in steps)
    assert [step.scope for step in steps if step.kind == "premise"] == [learnability.PRODUCT_DENSITY,
                                                                        learnability.MEAN_VALUE_THEOREM]
    for q in (fmpq(1), fmpq(1, 2), fmpq(1, 128)):
        value = float(sympy.N(kappa.subs(q_symbol, sympy.Rational(int(q.p), int(q.q))), 30))
        assert value > 1 and value == pytest.approx(1 + float(q) ** 2 / 12, rel=float(q) ** 4)
        # the probability of a tiny interval at the mode is about its length times kappa(q) / q
        h = q ** 3 / 10 ** 6
        probability = product_probability(q, (1 - q / 2) * (1 + q / 2), h)
        assert float((probability / (2 * arb(h))).mid()) == pytest.approx(value / float(q), rel=1e-4)


def test_density_step_counterexample_rechecks():
    outcome = density_step("quick")
    assert outcome.verdict == "refuted" and outcome.margin < 0
    # the numbers in the text are computed from the values they state
    density = float(sympy.N(kappa.subs(q_symbol, 1), 20))
    assert f"log(3) = {density:.4f}" in outcome.summary and f"{density:.4f}" in outcome.erratum
    assert f"{float(outcome.evidence['probability'].split()[0].strip('[')):.6f}" in outcome.summary
    example = DENSITY_COUNTEREXAMPLE
    probability = product_probability(example["q"], example["centre"], example["half_width"])
    assert probability > arb(2 * example["half_width"] / (example["q"] * example["w"]))


def test_robustness_row_beside_the_printed_and_corrected_bounds():
    q, h = fmpq(1, 2), fmpq(1, 24)
    exact = float(product_probability(q, 1 - h, h).mid())
    row = robustness_row("one state", [0.5], [1.0], [1.0], [1 - float(h)], float(h), q, 100_000,
                         np.random.default_rng(2))
    low, high = row["confidence_interval"]
    assert low <= exact <= high and row["instance"] == "one state" and (row["n"], row["t"]) == (1, 1)
    assert row["printed_bound"] == pytest.approx(2 * float(h) / float(q))
    kappa_half = float(sympy.N(kappa.subs(q_symbol, sympy.Rational(1, 2)), 30))
    assert row["corrected_bound"] == pytest.approx(row["printed_bound"] * kappa_half, rel=1e-14)
    assert row["informative"] and not row["conflict_printed"] and not row["conflict_corrected"]


def test_prop4_growth_per_step_at_the_digest_values():
    # sqrt(4 c_1 c_2 t l0) at t = 32, l0 = 1, c_1 = 1e-4, c_2 = 1 (section 7 of the digest): 0.1131 per step
    bound = registry.get("ranmilo.prop4").evaluate_bound(
        {"M_0": 0, "i": 1, "c_1": fmpq(1, 10000), "c_2": 1, "t": 32, "l_0": 1}, system="arb")
    assert float(bound.mid()) == pytest.approx(0.113137, abs=1e-6)


def test_prop4_checks_keep_float64_out_of_the_margin_and_compare_beyond_stability():
    printed, unconditional = prop4("quick"), prop4_without_stability("quick")
    assert printed.verdict == unconditional.verdict == "proved"
    assert printed.margin is None and unconditional.margin is None
    assert 0 < printed.evidence["max_growth_used_float64"] < 1
    left = [row for row in unconditional.evidence["runs"] if row["left_abs_A_le_1_at"] is not None]
    assert left and all(row["compared_steps"] > row["left_abs_A_le_1_at"] for row in left)
    assert all(row["compared_steps"] < row["left_abs_A_le_1_at"]
               for row in printed.evidence["runs"] if row["left_abs_A_le_1_at"] is not None)
