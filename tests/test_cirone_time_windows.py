"""Lemma A.8 (Cirone et al. 2024): the time channels t, t^2 identify the window."""
from fractions import Fraction

from flint import fmpq

from theory import registry
from verify import registry as verify_registry
from verify.checks.cirone import time_windows
from verify.mutation import run_mutation
from verify.runner import run_check


def test_proof_is_complete_with_its_premise():
    proof = registry.get("cirone.lemmaA_8").prove()
    assert proof.verdict == "proved" and len(proof.premises) == 1
    assert [step.kind for step in proof.steps].count("sympy") == 4


def test_window_signature_holds_the_two_increments():
    # level-1 terms of (t, t^2) over [1/2, 2] are 3/2 and 15/4, whatever the knots
    signature = time_windows.window_signature(Fraction(1, 2), Fraction(2))
    assert signature[:2] == (fmpq(3, 2), fmpq(15, 4))


def test_check_proves_and_the_time_only_mutation_refutes():
    check = verify_registry.get("cirone.lemmaA_8")
    outcome = run_check(check, "quick")
    assert outcome.verdict == "proved" and outcome.evidence["collisions"] == []
    verdicts = {description: run_mutation(check, description).verdict for description, _ in check.mutations}
    assert verdicts["second time channel t in place of t^2"] == "refuted"
    assert all(verdict != "proved" for verdict in verdicts.values()), verdicts
