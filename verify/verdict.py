"""Verdicts and the records that carry them.

A check function returns an :class:`Outcome`; the runner adds the check's name, statement,
expected verdict and timing to make a :class:`CheckResult`, which is what reports hold.

``margin`` says how far inside (> 0) or outside (< 0) the claim the computed value lies, in the
unit that ``margin_note`` states (for example the relative slack ``1 - value/bound``); 0 means
the claim holds with equality (an exact match).  It is a float64 rounded *towards the claim's
boundary* from a certified or exact value, so rounding cannot move it across 0.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

VERDICTS = ("proved", "certified", "checked", "refuted", "open")


@dataclass(frozen=True)
class Outcome:
    """What a check found: a verdict, a margin, evidence and, when refuted, a counterexample."""

    verdict: str
    margin: float | None
    margin_note: str
    evidence: dict = field(default_factory=dict)
    counterexample: dict | None = None
    erratum: str | None = None
    summary: str = ""

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict: {self.verdict!r} is not one of {', '.join(VERDICTS)}")
        if (self.verdict == "refuted") != (self.counterexample is not None):
            raise ValueError("counterexample: required exactly when the verdict is 'refuted'")


@dataclass(frozen=True)
class CheckResult:
    """One row of the verification report."""

    name: str
    statement: str
    source: str
    verdict: str
    expected: str
    margin: float | None
    margin_note: str
    evidence: dict
    counterexample: dict | None
    erratum: str | None
    summary: str
    seconds: float
    tier: str

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.expected

    def as_json(self) -> dict:
        return asdict(self)
