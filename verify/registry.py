"""The registry of checks.

A check is a function ``run(tier) -> Outcome`` registered with :func:`check` under a name, the
statement it confronts, and the verdict it is expected to reach.  ``python -m verify`` exits
non-zero when a verdict differs from the expected one.

Every statement (or proof step) of :mod:`theory` that has a sympy proof and no check of its own
name gets one automatically (:func:`_symbolic_check`): it runs the proof and reports ``proved``
when every step was established, ``open`` otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from theory import registry as theory_registry

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

    def expected_on(self, tier: str) -> str:
        """The verdict this check is registered to reach on ``tier``."""
        return dict(self.expected_by_tier).get(tier, self.expected)


_CHECKS: dict[str, Check] = {}


def check(name: str, *, statement: str, expected: str, expected_by_tier: dict[str, str] | None = None):
    """Decorator registering ``run(tier) -> Outcome`` as the check ``name``, expected to reach the
    verdict ``expected`` (on a tier named in ``expected_by_tier``, the verdict given there)."""
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
        _CHECKS[name] = Check(name, statement, expected, run, doc[0] if doc else "", tuple(sorted(by_tier.items())))
        return run
    return register


def proof_outcome(statement_name: str) -> tuple[str, dict]:
    """Run the sympy proof of a statement: ("proved" | "open", evidence listing each step)."""
    proof = theory_registry.get(statement_name).prove()
    steps = [{"claim": s.claim, "holds": s.holds, "method": s.method} for s in proof.steps]
    return ("proved" if proof.complete else "open"), {"sympy_steps": steps, "system": "sympy (symbolic)"}


def _symbolic_check(statement_name: str) -> Check:
    def run(tier: str) -> Outcome:
        verdict, evidence = proof_outcome(statement_name)
        return Outcome(verdict, 0.0 if verdict == "proved" else None,
                       "symbolic proof: every step reduced by sympy", evidence)
    return Check(statement_name, statement_name, "proved", run, "sympy proof of the statement")


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
