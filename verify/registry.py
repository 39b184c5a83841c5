"""The registry of checks.

A check is a function ``run(tier) -> Outcome`` registered with :func:`check` under a name, the
statement it confronts, and the verdict it is expected to reach.  ``python -m verify`` exits
non-zero when a verdict differs from the expected one.

Every statement (or proof step) of :mod:`theory` that has a proof and no check of its own name
gets one automatically (:func:`_symbolic_check`): it runs the proof and reports its verdict
(:attr:`theory.statement.Proof.verdict`: ``proved`` when every step was machine-checked or is a
named premise, ``certified`` when some step is a finite case check, ``open`` otherwise).

**Mutations.**  A check shows that it can fail: ``mutations`` maps a description ("bound halved",
"hypothesis |A| <= 1 dropped", ...) to a function returning a context manager inside which the
statement the check confronts is deliberately wrong (typically :func:`verify.mutation.patched`
on a module attribute the check reads).  Run inside it, the check must reach a verdict other than
the one it is registered to expect (``tests/test_mutations.py`` runs every one).  A symbolic
check's mutation perturbs every machine-checked step (:func:`theory.steps.perturbed`): each
identity claims ``lhs = rhs + 1``, each sign the opposite sign, each z3 step the negated
conclusion, so a proof flips unless it rests on premises and finite checks alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ContextManager

from theory import registry as theory_registry
from theory.steps import perturbed

from .verdict import VERDICTS, Outcome

TIERS = ("quick", "full")


@dataclass(frozen=True)
class Check:
    name: str
    statement: str
    expected: str
    run: Callable[[str], Outcome]
    description: str
    #: A different expected verdict on some tier (e.g. ``{"full": "open"}`` when the full tier
    #: reaches instances that nothing decides); the other tiers expect ``expected``.
    expected_by_tier: tuple[tuple[str, str], ...] = ()
    #: ``(description, factory)`` pairs; ``factory()`` is a context manager inside which the
    #: statement is deliberately wrong and the check must reach another verdict (module docstring).
    mutations: tuple[tuple[str, Callable[[], ContextManager]], ...] = ()
    #: An experiment (DESIGN.md, "Claims that are experiments"): its full tier trains the runs (or reads
    #: them from the sweep cache), up to an hour on 2 cores; its quick tier re-reads the recorded runs
    #: of the full tier and trains nothing.
    experiment: bool = False

    def expected_on(self, tier: str) -> str:
        """The verdict this check is registered to reach on ``tier``."""
        return dict(self.expected_by_tier).get(tier, self.expected)

    def tier_for(self, tier: str, recorded_experiments: bool = False) -> str:
        """The tier this check runs on when the run asks for ``tier``: with ``recorded_experiments``
        an experiment runs its quick tier (the recorded runs of its full tier), other checks ``tier``."""
        return "quick" if recorded_experiments and self.experiment else tier


_CHECKS: dict[str, Check] = {}


def check(name: str, *, statement: str, expected: str, expected_by_tier: dict[str, str] | None = None,
          mutations: dict[str, Callable[[], ContextManager]] | None = None, experiment: bool = False):
    """Decorator registering ``run(tier) -> Outcome`` as the check ``name``, expected to reach the
    verdict ``expected`` (on a tier named in ``expected_by_tier``, the verdict given there);
    ``mutations`` as in the module docstring; ``experiment`` marks a check that trains at its full
    tier (:attr:`Check.experiment`)."""
    by_tier = dict(expected_by_tier or {})
    for verdict in (expected, *by_tier.values()):
        if verdict not in VERDICTS:
            raise ValueError(f"expected: {verdict!r} is not a verdict")
    unknown = set(by_tier) - set(TIERS)
    if unknown:
        raise ValueError(f"expected_by_tier: unknown tier(s) {sorted(unknown)}; tiers are {TIERS}")

    def register(run):
        if name in _CHECKS:
            raise ValueError(f"check name {name!r} is registered twice")
        theory_registry.get(statement)  # the statement must exist
        doc = (run.__doc__ or "").strip().splitlines()
        _CHECKS[name] = Check(name, statement, expected, run, doc[0] if doc else "", tuple(sorted(by_tier.items())),
                              tuple((mutations or {}).items()), bool(experiment))
        return run
    return register


def proof_outcome(statement_name: str) -> tuple[str, dict]:
    """Run the proof of a statement: its verdict (``proved`` | ``certified`` | ``open``, see
    :attr:`theory.statement.Proof.verdict`) and evidence listing each step, the named premises
    (``premises``) and the ranges of finite case checks (``finite_scopes``)."""
    proof = theory_registry.get(statement_name).prove()
    return proof.verdict, {"proof_steps": [step.as_json() for step in proof.steps],
                           "premises": list(proof.premises), "finite_scopes": list(proof.finite_scopes),
                           "system": "symbolic (sympy; z3 where a step says so)"}


def _symbolic_check(statement_name: str) -> Check:
    def run(tier: str) -> Outcome:
        verdict, evidence = proof_outcome(statement_name)
        return Outcome(verdict, None, "symbolic proof: no margin (each step is established or not)", evidence)
    return Check(statement_name, statement_name, "proved", run, "proof of the statement",
                 mutations=(("every machine-checked step perturbed (theory.steps.perturbed)", perturbed),))


_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from . import checks  # noqa: F401  (registers the checks)
    for name in theory_registry.names():
        statement = theory_registry.get(name)
        if statement.prove is not None and name not in _CHECKS:
            _CHECKS[name] = _symbolic_check(name)
    _loaded = True


def all_checks() -> list[Check]:
    _load()
    return sorted(_CHECKS.values(), key=lambda c: c.name)


def get(name: str) -> Check:
    _load()
    try:
        return _CHECKS[name]
    except KeyError:
        raise KeyError(f"unknown check {name!r}; `python -m verify --list` lists them") from None
