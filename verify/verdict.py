"""Verdicts and the records that carry them.

A check function returns an :class:`Outcome`; the runner adds the check's name, statement,
expected verdict and timing to make a :class:`CheckResult`, which is what reports hold.

``margin`` says how far inside (> 0) or outside (< 0) the claim the computed value lies, in the
unit that ``margin_note`` states (for example the relative slack ``1 - value/bound``); 0 means
the claim holds with equality (an exact match).  ``margin_from`` says how it was obtained:
``"exact"`` or ``"certified"`` -- a float64 rounded *towards the claim's boundary* from an exact
value or a ball, so rounding cannot move it across 0 -- or ``"float64"`` (a floating-point run;
allowed beside ``checked``, ``refuted`` and ``open`` only).  A ``proved`` row's margin is exact or
absent; a ``certified`` row's is exact or certified.

What a verdict means:

* ``proved`` -- every step of the proof is machine-checked (sympy, z3) or a named premise; the
  premises are listed (``premises``; a verdict resting on some is shown as ``proved*``, and a
  certified one as ``certified*``);
* ``certified`` -- established with exact or ball arithmetic on the stated instances or ranges;
* ``checked`` -- floating-point computation on the stated instances agrees;
* ``refuted`` -- a counterexample, re-checkable exactly, is attached;
* ``open`` -- none of these.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

VERDICTS = ("proved", "certified", "checked", "refuted", "open")
MARGIN_SOURCES = ("exact", "certified", "float64")


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
    margin_from: str = "exact"

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict: {self.verdict!r} is not one of {', '.join(VERDICTS)}")
        if (self.verdict == "refuted") != (self.counterexample is not None):
            raise ValueError("counterexample: required exactly when the verdict is 'refuted'")
        if self.margin_from not in MARGIN_SOURCES:
            raise ValueError(f"margin_from: {self.margin_from!r} is not one of {', '.join(MARGIN_SOURCES)}")
        if self.margin is not None and self.verdict in ("proved", "certified") and self.margin_from == "float64":
            raise ValueError(f"margin: a {self.verdict} verdict takes an exact or certified margin, not a float64 one")
        if self.margin is not None and self.verdict == "proved" and self.margin_from != "exact":
            raise ValueError("margin: a proved verdict takes an exact margin or none")

    @property
    def premises(self) -> list[str]:
        """The named premises of the proof behind this outcome (``evidence["premises"]``, set by
        :func:`verify.registry.proof_outcome`)."""
        return list(self.evidence.get("premises", ()))


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
    margin_from: str = "exact"
    premises: tuple[str, ...] = ()

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.expected

    @property
    def shown_verdict(self) -> str:
        """The verdict as the table shows it: ``proved*`` (``certified*``) when it rests on named premises."""
        return self.verdict + ("*" if self.verdict in ("proved", "certified") and self.premises else "")

    def as_json(self) -> dict:
        record = asdict(self)
        record["premises"] = list(self.premises)
        return record
