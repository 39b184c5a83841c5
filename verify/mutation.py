"""Mutations: deliberately wrong variants of a statement, under which a check must change its verdict.

A check registers ``mutations`` (see :mod:`verify.registry`): descriptions mapped to factories of
context managers.  :func:`patched` is the usual factory body: it replaces a module attribute the
check reads (a bound function, a constant, a hypothesis list) for the duration of the block.
:func:`run_mutation` runs a check inside one mutation and says whether the verdict flipped.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from .registry import Check
from .runner import run_check


@contextmanager
def patched(owner, attribute: str, value):
    """Within the block, ``owner.attribute`` is ``value`` (a module, class or dict key); restored after."""
    if isinstance(owner, dict):
        old = owner[attribute]
        owner[attribute] = value
        try:
            yield
        finally:
            owner[attribute] = old
        return
    old = getattr(owner, attribute)
    setattr(owner, attribute, value)
    try:
        yield
    finally:
        setattr(owner, attribute, old)


@dataclass(frozen=True)
class MutationResult:
    """The verdict a check reached under a mutation, the error it raised (None when it ran through;
    a crash is no genuine flip) and the seconds the mutated run took."""

    check: str
    mutation: str
    expected: str
    verdict: str
    error: str | None = None
    seconds: float = 0.0

    @property
    def flipped(self) -> bool:
        return self.verdict != self.expected


def run_mutation(check: Check, description: str, tier: str = "quick") -> MutationResult:
    """Run ``check`` inside its mutation ``description``; the verdict must differ from the expected one."""
    factory = dict(check.mutations)[description]
    with factory():
        result = run_check(check, tier)
    return MutationResult(check.name, description, check.expected_on(tier), result.verdict,
                          result.evidence.get("error"), result.seconds)
