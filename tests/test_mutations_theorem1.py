"""Theorem 1's checks shown able to fail (issue 11): every such check with a bound or a relation has a
mutation (tests/test_mutations.py runs them all: each flips its verdict, quickly, without a crash), a
refuted step has an injected wrong counterexample, and mutations restore what they change.

The checks live in :mod:`verify.checks.ranmilo.theorem1_proof` and
:mod:`verify.checks.ranmilo.theorem1_instances`; the symbolic steps of
:mod:`theory.ranmilo.theorem1` without a check of their own get the shared mutation
(:func:`theory.steps.perturbed`).
"""
import sympy

from theory import registry as theory_registry
from verify import registry
from verify.mutation import patched, run_mutation
from verify.runner import run_check

#: The Theorem 1 checks: the statements of theory/ranmilo/theorem1.py and the prop2 witness check.
NAMES = sorted({s.name for s in theory_registry.get("ranmilo.thm1").walk()}
               | {s.name for s in theory_registry.get("ranmilo.thm1_repaired").walk()}
               | {"ranmilo.remark1", "ranmilo.lemma1", "ranmilo.lemma1.case1", "ranmilo.lemma1.case2",
                  "ranmilo.lemma1.choice_of_k", "ranmilo.lemma1.case2_proof_interval", "ranmilo.lemma2",
                  "ranmilo.cor4", "ranmilo.lemma5", "ranmilo.lemma4", "ranmilo.lemma4_corrected",
                  "ranmilo.lemma1_corrected.choice_of_k", "ranmilo.prop2.dimension"})
CHECKS = [registry.get(name) for name in NAMES]


def test_every_theorem1_check_is_registered():
    assert len(CHECKS) == len(NAMES) >= 29


def test_run_mutation_reports_the_flip():
    check = registry.get("ranmilo.lemma5")
    for description, _ in check.mutations:
        assert run_mutation(check, description).flipped


def _asserts_a_bound_or_relation(c) -> bool:
    statement = theory_registry.get(c.statement)
    return statement.bound is not None or isinstance(statement.conclusion, sympy.core.relational.Relational)


def test_every_theorem1_check_with_a_bound_or_relation_has_a_mutation():
    missing = [c.name for c in CHECKS if _asserts_a_bound_or_relation(c) and not c.mutations]
    assert not missing, missing


def test_refuted_steps_have_an_injected_wrong_counterexample():
    for c in CHECKS:
        if c.expected == "refuted":
            assert any("counterexample injected" in d for d, _ in c.mutations), c.name


def test_mutations_restore_the_state_they_change():
    from verify.checks.ranmilo import theorem1_proof as proof_checks
    check = registry.get("ranmilo.lemma1.case1")
    before = dict(proof_checks.CASE1_HYPOTHESES)
    for description, factory in check.mutations:
        with factory():
            pass
    assert proof_checks.CASE1_HYPOTHESES == before and proof_checks.BETA_FACTOR == 1
    assert run_check(check, "quick").verdict == "certified"
    with patched(proof_checks, "BETA_FACTOR", 2):  # a weaker claim still holds: no flip from weakening
        assert run_check(check, "quick").verdict == "certified"
