"""Every check shown able to fail (issue 11): each registered mutation flips its check's verdict.

A mutation is a deliberately wrong variant of the statement a check confronts (:mod:`verify.mutation`);
run inside it, the check must reach a verdict other than the one it is registered to expect.  Symbolic
checks share one mutation (:func:`theory.steps.perturbed`); the numeric checks register their own.
Every check whose statement asserts a bound or a relation must have at least one mutation.  A flip
must be genuine (the mutated check ran through, it did not crash) and quick.  This is the one place
where every mutation runs; the per-area files (tests/test_mutations_*.py) test what is particular to
their checks (the verdict a mutation flips to, its reason, the hypotheses each proof needs).
"""
import sympy
import pytest

from theory import registry as theory_registry
from verify import registry
from verify.mutation import run_mutation

CHECKS = registry.all_checks()
MUTATIONS = [(check, description) for check in CHECKS for description, _ in check.mutations]
#: Seconds a mutated quick check may take (most take well under 3 s; slack for a loaded machine).
LIMIT_S = 12.0


@pytest.mark.parametrize("check, description", MUTATIONS, ids=[f"{c.name}: {d}" for c, d in MUTATIONS])
def test_the_mutation_flips_the_verdict(check, description):
    result = run_mutation(check, description)
    if result.seconds >= LIMIT_S:       # the first call may include numba's one-off compilation
        result = run_mutation(check, description)
    assert result.error is None, f"{check.name} crashed under '{description}': {result.error}"
    assert result.flipped, f"{check.name} still reaches {result.verdict} under '{description}'"
    assert result.seconds < LIMIT_S, f"{check.name} under '{description}' took {result.seconds:.1f} s"


def _asserts_a_bound_or_relation(check) -> bool:
    statement = theory_registry.get(check.statement)
    return statement.bound is not None or isinstance(statement.conclusion, sympy.core.relational.Relational)


def test_every_check_with_a_bound_or_relation_has_a_mutation():
    missing = [c.name for c in CHECKS if _asserts_a_bound_or_relation(c) and not c.mutations]
    assert not missing, f"checks with a bound or a relation but no mutation: {missing}"
