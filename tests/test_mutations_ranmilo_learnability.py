"""Every check of Ran-Milo et al.'s Sections 2.3-3.3 (LTI, Propositions 1-5, Lemma 3) shown able to fail,
and every hypothesis of their statements tested at its edge (issue 11).

* Each registered mutation of the numeric checks in ``verify/checks/ranmilo/{learnability, universality,
  complex_construction, lti}.py`` flips the verdict to the one named here, for the reason named here (not
  through an exception), within a few seconds.  (``tests/test_mutations.py`` runs every mutation of every
  check for the flip alone; the symbolic checks' shared mutation is covered there.)
* Just outside each hypothesis the statement without it is refuted where it is false: ``|A| > 1`` for the
  gradient bound, ``q > 1`` for Proposition 5, ``n_R = t - 1`` for Proposition 1 (real), ``x_0 != 0`` for the
  LTI property; and the proofs' steps fail when a hypothesis they use is dropped.
* No proof step of these statements compares an expression with itself, and every premise is cited.
"""
from __future__ import annotations

import time

import pytest
import sympy
from flint import fmpq

from numerics.learning.learnability import single_state_search
from numerics.ssm import DiagonalSSM
from theory import registry as theory_registry
from theory.ranmilo import learnability
from verify import registry
from verify.checks.ranmilo import lti as lti_check
from verify.checks.ranmilo import universality as universality_check
from verify.checks.ranmilo.learnability import GRADIENT_OUTSIDE, gradient_instance
from verify.mutation import patched, run_mutation
from verify.runner import run_check

#: (check, mutation) -> the verdict it must reach, and a key its evidence must carry (the reason).
EXPECTED = {
    ("ranmilo.lemma3", "bound 2 max(||B||, ||C||)^2 times 1 + 10^-6 (above the attained value)"): ("open", "conflict"),
    ("ranmilo.lemma3", "bound doubled"): ("open", "conflict"),
    ("ranmilo.prop4.gradient_bound", "factor 2 of the bound lowered to 1.99 (below the attained value)"):
        ("open", "conflict"),
    ("ranmilo.prop4.gradient_bound", "hypothesis |A_k| <= 1 dropped (instances drawn with |A_k| <= 2)"):
        ("open", "conflict"),
    ("ranmilo.prop4", "growth term sqrt(4 c_1 c_2 t l_0) divided by 1000"): ("open", "conflict"),
    ("ranmilo.prop4_without_stability", "growth term sqrt(4 c_1 c_2 t l_0) divided by 1000"): ("open", "conflict"),
    ("ranmilo.prop5.density_step",
     "printed density bound 1/(|w| q) replaced by the true maximum kappa(q)/(|w| q) (kappa(1) = log 3)"):
        ("open", "probability"),
    ("ranmilo.prop5.density_step", "a wrong counterexample injected (centre 2, far from the mode 3/4)"):
        ("open", "probability"),
    ("ranmilo.prop5", "printed bound 2 eps / (q W) halved (certified one-state search only)"):
        ("refuted", "single_state_t1"),
    ("ranmilo.prop5", "hypothesis q <= 1 dropped: q = 3/2 among the instances (certified one-state search only)"):
        ("refuted", "single_state_t1"),
    ("ranmilo.prop5", "printed bound divided by 100 (Monte Carlo on the one-state instance only)"):
        ("open", "conflict"),
    ("ranmilo.prop1.real", "hypothesis n_K >= t dropped: n_K = t - 1 states (small exact instances)"):
        ("open", "instances"),
    ("ranmilo.prop1.complex", "hypothesis n_K >= t dropped: n_K = t - 1 states (small exact instances)"):
        ("open", "instances"),
    ("ranmilo.prop2", "hypothesis n_C >= n_R dropped: n_C = n_R - 1, the last real state left out"):
        ("open", "instances"),
    ("ranmilo.prop3", "bound ||B||_2 <= 2 ||phi||_2 tightened to ||B||_2 <= ||phi||_2 (t <= 8)"): ("open", "instances"),
    ("ranmilo.prop3", "bound ||C||_2 <= 1 tightened to ||C||_2^2 <= 1 - 10^-6 (t <= 8)"): ("open", "instances"),
    ("ranmilo.lti", "convolution with h_{k-s+2} in place of h_{k-s+1}"): ("open", "conflict"),
    ("ranmilo.lti", "hypothesis x_0 = 0 dropped (x_0 = B)"): ("open", "conflict"),
}
MODULES = ("verify.checks.ranmilo.learnability", "verify.checks.ranmilo.universality",
           "verify.checks.ranmilo.complex_construction", "verify.checks.ranmilo.lti")
NUMERIC = [c for c in registry.all_checks() if c.run.__module__ in MODULES]
#: The statements of theory/ranmilo/{learnability, universality, complex_construction, lti}.py with a proof.
PROVED = sorted(name for name in theory_registry.names()
                if name.startswith(("ranmilo.lemma3", "ranmilo.prop1", "ranmilo.prop2", "ranmilo.prop3",
                                    "ranmilo.prop4", "ranmilo.prop5", "ranmilo.lti"))
                and theory_registry.get(name).prove is not None)


def test_every_numeric_check_has_its_mutations_listed_here():
    assert {(c.name, d) for c in NUMERIC for d, _ in c.mutations} == set(EXPECTED)
    assert all(c.mutations for c in NUMERIC)


@pytest.mark.parametrize("name, description", sorted(EXPECTED), ids=[f"{n}: {d}" for n, d in sorted(EXPECTED)])
def test_the_mutation_flips_the_verdict_for_its_reason(name, description):
    check = registry.get(name)
    verdict, reason = EXPECTED[name, description]
    start = time.perf_counter()
    with dict(check.mutations)[description]():
        result = run_check(check, "quick")
    seconds = time.perf_counter() - start
    assert "error" not in result.evidence, result.evidence.get("error")
    assert result.verdict == verdict != check.expected and reason in result.evidence
    assert seconds < 6, f"{name} under '{description}' took {seconds:.1f} s"
    assert run_mutation(check, description).flipped


def test_a_mutation_restores_the_statement_afterwards():
    check = registry.get("ranmilo.prop4.gradient_bound")
    with dict(check.mutations)["factor 2 of the bound lowered to 1.99 (below the attained value)"]():
        pass
    assert run_check(check, "quick").verdict == "proved"


# ---------------------------------------------------------------------------------------------
# Hypotheses at their edge: the statements without them are refuted where they are false.

def test_gradient_bound_without_stability_is_refuted_exactly():
    for edge in GRADIENT_OUTSIDE:
        assert edge["A"] > 1
        assert not gradient_instance([edge["A"]], [1.0], [1.0], [0.0] * edge["t"])["holds"]
    assert gradient_instance([1.0], [1.0], [1.0], [0.0] * 64)["holds"]          # |A| = 1 itself is inside


def test_prop5_without_q_le_1_is_refuted_and_q_1_is_not():
    outside = single_state_search(fmpq(3, 2), 10)
    inside = single_state_search(fmpq(1), 10)
    assert outside["max_ratio_lower"] > 1 > inside["max_ratio_upper"]
    # the corrected bound (times kappa(3/2) = log(7)/(3/2)) still holds there: the proof needs only q < 2
    assert outside["max_ratio_upper"] < float(learnability.kappa_at(sympy.Rational(3, 2)))


def test_prop1_real_without_n_ge_t_is_refuted_by_z3():
    rows = universality_check.outside_real()["sizes"]
    assert [row["t"] for row in rows] == list(universality_check.OUTSIDE_SIZES)
    assert all(row["no_real_ssm_matches"] and "unsat" in row["decided_by"] for row in rows)


def test_lti_without_zero_initial_state_fails():
    ssm = DiagonalSSM([fmpq(1, 2), fmpq(-1, 3)], [fmpq(1), fmpq(2)], [fmpq(3), fmpq(1, 5)])
    u = [fmpq(1), fmpq(-2), fmpq(1, 7), fmpq(3)]
    convolution = lti_check.convolution_output(ssm, u, 0)
    assert lti_check.recurrence_output(ssm, u, 0) == convolution
    assert lti_check.recurrence_output(ssm, u, 1) != convolution


def test_prop1_check_uses_all_t_states_under_the_hypothesis():
    with patched(universality_check, "EXACT_TIMES", {"quick": [2, 3], "full": [2, 3]}), \
            patched(universality_check, "BALL_TIMES", {"quick": [], "full": []}):
        outcome = universality_check.prop1_real("quick")
    assert outcome.verdict == "certified"
    assert all(row["n"] == row["t"] for row in outcome.evidence["instances"])


@pytest.mark.parametrize("drop", ["eta <= c_1", "eta <= 2/lambda_max", "Lemma 3"])
def test_prop4_step_size_needs_each_hypothesis(drop):
    assert learnability.step_size_steps()[0].holds
    assert not learnability.step_size_steps(drop)[0].holds


@pytest.mark.parametrize("drop", ["eta <= c_1", "eta <= 2/lambda_max", "l <= c_2 l_0"])
def test_prop4_without_stability_needs_each_other_hypothesis(drop):
    assert learnability.unconditional_step_steps()[-1].holds
    assert not learnability.unconditional_step_steps(drop)[-1].holds


def test_gradient_bound_proof_needs_abs_a_le_1_and_prop5_proof_needs_q_below_2():
    failed = [step.claim for step in learnability.gradient_bound_steps(a_bound=2) if not step.holds]
    assert len(failed) == 1 and failed[0].startswith("induction on s")
    failed = [step.claim for step in learnability.corrected_steps(q_max=2) if not step.holds]
    assert len(failed) == 1 and "Q_C,k = 1 + v > 0" in failed[0]


def test_hypotheses_the_proofs_use_are_in_the_records():
    def has(name, text):
        return any(text in str(h) for h in theory_registry.get(name).hypotheses)
    assert has("ranmilo.prop4", "|A|") and has("ranmilo.prop4.gradient_bound", "Abs(a)")
    assert not has("ranmilo.prop4_without_stability", "|A|")
    for name in ("ranmilo.prop5", "ranmilo.prop5_corrected_proof"):
        assert has(name, "q <= 1") and has(name, "W > 0")
    assert has("ranmilo.prop1", "n_K >= t") and has("ranmilo.prop2", "n_C >= n_R") and has("ranmilo.prop3", "n_C >= t")
    assert has("ranmilo.lti", "Eq(x[j, 0], 0)")


# ---------------------------------------------------------------------------------------------
# The proofs: no tautology, cited premises, kinds.

@pytest.fixture(scope="module")
def proofs():
    return {name: theory_registry.get(name).prove() for name in PROVED}


@pytest.mark.parametrize("name", PROVED)
def test_no_step_compares_an_expression_with_itself(proofs, name):
    for step in proofs[name].steps:
        if step.kind == "sympy" and step.expression is not None and not isinstance(step.expression, sympy.Set):
            assert step.expression != 0, f"{name}: '{step.claim}' is 0 before any simplification"
        if step.kind == "premise":
            assert step.scope and any(char.isdigit() for char in step.scope), f"{name}: uncited premise {step.claim}"
        if step.kind == "z3":
            assert step.query and "unsat" in step.method


def test_the_premises_are_the_named_classical_results(proofs):
    premises = {name: proofs[name].premises for name in PROVED}
    assert any("spectral theorem" in p for p in premises["ranmilo.lemma3"])
    assert len(premises["ranmilo.prop4"]) == 1 and premises["ranmilo.prop4"] == premises["ranmilo.lemma3"]
    assert any("Fubini" in p for p in premises["ranmilo.prop5_corrected_proof"])
    assert not any(premises[name] for name in PROVED if name.startswith(("ranmilo.prop1", "ranmilo.prop2",
                                                                        "ranmilo.prop3", "ranmilo.lti")))
    # Cauchy-Schwarz is proved for every t, not expanded for small t and not a premise
    assert not any("Cauchy" in p for name in PROVED for p in premises[name])
    assert any(step.claim.startswith("the quadratic A lambda^2") for step in proofs["ranmilo.prop4"].steps)
    assert not proofs["ranmilo.prop4"].finite_scopes
