"""Appendix A of Ran-Milo et al. 2024: the proofs (theory.ranmilo.appendix_a), wrong variants that
must not be proved, and the checks (verify.checks.ranmilo.appendix_a) with their mutations."""
import numpy as np
import pytest
import sympy
from flint import fmpq

from numerics import impulse_response, make_target
from numerics.realfit import min_l1_weight
from theory import registry
from theory.ranmilo import appendix_a as theory_a
from verify import registry as check_registry
from verify.checks.ranmilo import appendix_a as checks_a
from verify.mutation import run_mutation
from verify.runner import run_check

PROVED = ["ranmilo.appendix_a1_corrected", "ranmilo.appendix_a1.theorem1", "ranmilo.appendix_a2",
          "ranmilo.appendix_a3.prop1", "ranmilo.appendix_a3.prop2", "ranmilo.appendix_a3.prop3"]
CHECKS = ["ranmilo.appendix_a1", "ranmilo.appendix_a1_corrected", "ranmilo.appendix_a1_corrected.tightness",
          "ranmilo.appendix_a2", "ranmilo.appendix_a3.dct", "ranmilo.appendix_a3.d7_alpha", "ranmilo.appendix_a3.thm1"]


@pytest.mark.parametrize("name", PROVED)
def test_the_proofs_are_complete(name):
    proof = registry.get(name).prove()
    assert proof.complete and proof.verdict == "proved", [s.claim for s in proof.steps if not s.holds]
    assert not proof.finite_scopes
    if name in ("ranmilo.appendix_a2", "ranmilo.appendix_a1.theorem1", "ranmilo.appendix_a3.prop3"):
        assert proof.premises == ()      # the arguments of our own rest on no premise


def test_a1_carries_its_hypotheses_and_chains_the_corrected_theorem():
    statement = registry.get("ranmilo.appendix_a1_corrected")
    assert set(map(str, statement.hypotheses)) >= {"a < 0", "Delta > 0"}
    corrected = registry.get("ranmilo.thm2_corrected").prove()
    proof = statement.prove()
    assert {s.claim for s in corrected.steps} <= {s.claim for s in proof.steps}
    assert set(corrected.premises) <= set(proof.premises)
    # the corrected theorem's hypotheses on A_j are decided by z3 for the discretised pole
    pole_steps = [s for s in proof.steps if "holds for A_j = Abar_jj" in s.claim]
    assert pole_steps and all(s.holds and s.kind == "z3" for s in pole_steps)


def test_a1_stability_and_input_scale_need_the_hypotheses():
    a, delta, b = theory_a.a, theory_a.Delta, theory_a.b
    from theory.steps import z3_step
    assert not z3_step("a > 0", sympy.Abs(theory_a.bilinear_pole(a)) <= 1, [a > 0, delta > 0]).holds
    assert not z3_step("Delta < 0", sympy.Abs(theory_a.bilinear_input(a, b)) <= delta * sympy.Abs(b),
                       [a < 0, delta < 0]).holds


def test_a2_with_a_wrong_extra_state_is_not_proved():
    wrong = (sympy.Rational(1, 2), sympy.Integer(1), theory_a.Df)
    assert not all(s.holds for s in theory_a.feedthrough_steps(wrong))
    assert not all(s.holds for s in theory_a.feedthrough_explicit_steps(wrong))
    assert all(s.holds for s in theory_a.feedthrough_explicit_steps())


def test_a3_with_appendix_d7s_radius_the_norm_step_fails():
    steps = theory_a.alpha_steps(exponent=1)
    failing = [s.claim for s in steps if not s.holds]
    assert len(failing) == 1 and "||B||_2 <= sqrt(2 * 4)" in failing[0]


def test_a3_cosine_sums_fail_at_r_equal_2t():
    t = 3
    value = sum(sympy.cos(2 * t * sympy.pi * (2 * j - 1) / (2 * t)) for j in range(1, t + 1))
    assert value == -t     # the hypothesis |r| < 2t is needed


def test_exact_counterexample_with_d7_radius():
    B, norm2 = checks_a.exact_dct_norm([0, 1], fmpq(1))
    assert norm2 == 8 and sorted(B) == [-2, 2]
    _, corrected = checks_a.exact_dct_norm([0, 1], fmpq(1, 2))
    assert corrected == 4     # equality in (i) for phi = e_t


def test_discretise_maps_the_printed_counterexample():
    ssm = checks_a.discretise([fmpq(-1)], [fmpq(1)], [fmpq(1)], fmpq(2))
    assert list(ssm.A) == [0] and list(ssm.B) == [1]
    assert list(impulse_response(ssm, 4, system="exact")) == [1, 0, 0, 0]


def test_bilinear_lower_bound_is_above_the_discrete_minimum():
    phi = list(make_target("oscillation", 8).values("exact"))
    bound, lp_value = checks_a.bilinear_lower_bound(phi, fmpq(0))
    disc = min_l1_weight(phi, 0)
    assert disc.upper < float(bound) <= lp_value * (1 + 1e-9)
    unit, _ = checks_a.bilinear_lower_bound([fmpq(1), fmpq(0), fmpq(0), fmpq(0)], fmpq(0))
    assert 1.9 < float(unit) <= 2     # an atom at 0 costs 2/(1 + 0) = 2


def test_right_side_matches_the_corrected_term_by_hand():
    # one state, A = 0, B = C = 1, t = 4: the corrected term at sigma = odd, d = m = 1 is |D| = 1
    value, d, m, sigma = checks_a.right_side([fmpq(1), fmpq(0), fmpq(0), fmpq(0)], fmpq(0),
                                             checks_a.exact_term("ranmilo.appendix_a1_corrected"))
    assert (value, d, m, sigma) == (1, 1, 1, "odd")
    for printed_statement in ("ranmilo.thm2", "ranmilo.appendix_a1"):
        printed, *_ = checks_a.right_side([fmpq(1), fmpq(0), fmpq(0), fmpq(0)], fmpq(0),
                                          checks_a.exact_term(printed_statement))
        assert printed == 4


@pytest.mark.parametrize("name", CHECKS)
def test_the_checks_reach_their_expected_verdicts(name):
    check = check_registry.get(name)
    result = run_check(check, "quick")
    assert result.verdict == check.expected_on("quick"), result.evidence.get("error")
    if result.seconds >= 10:      # the first call may include numba's one-off compilation (about 11 s)
        result = run_check(check, "quick")
    assert result.seconds < 10


def test_the_a1_search_tries_the_edges_of_the_hypotheses():
    found = checks_a.a1_search("quick", "ranmilo.appendix_a1_corrected")
    assert found["first"] is None and found["violations"] == 0
    assert set(found["set_aside"]) == {"outside: a >= 0", "outside: Delta < 0"}


MUTATIONS = [(name, description) for name in CHECKS for description, _ in check_registry.get(name).mutations]


@pytest.mark.parametrize("name, description", MUTATIONS, ids=[f"{n}: {d}" for n, d in MUTATIONS])
def test_every_mutation_flips(name, description):
    result = run_mutation(check_registry.get(name), description)
    assert result.flipped, f"{name} still reaches {result.verdict} under '{description}'"


def test_a1_mutation_dropping_re_a_negative_refutes_with_an_exact_counterexample():
    check = check_registry.get("ranmilo.appendix_a1_corrected")
    with dict(check.mutations)["hypothesis Re A_jj < 0 dropped (a = 0 and a > 0 admitted)"]():
        result = run_check(check, "quick")
    assert result.verdict == "refuted"
    found = result.counterexample
    assert fmpq(found["rhs"]) > fmpq(found["lhs"]) and any(fmpq(a) > 0 for a in found["A"])


def test_dct_check_evidence_is_real_and_stable():
    result = run_check(check_registry.get("ranmilo.appendix_a3.dct"), "quick")
    rows = result.evidence["instances"]
    assert all(r["B_C_real"] and r["poles_non_real"] and r["stable"] for r in rows)
    assert max(r["t"] for r in rows) == 256
    assert np.isfinite(result.margin) and 0 < result.margin < 1


def test_a1_as_printed_is_refuted_with_an_exact_counterexample_and_erratum():
    result = run_check(check_registry.get("ranmilo.appendix_a1"), "quick")
    found = result.counterexample
    assert result.verdict == "refuted" and fmpq(found["rhs"]) > fmpq(found["lhs"])
    assert found["Abar"] == ["0"] and found["Delta"] in result.erratum and found["rhs"] in result.erratum
    assert registry.get("ranmilo.appendix_a1_corrected").corrects == "ranmilo.appendix_a1"
