"""Statements of the papers, held as sympy objects, and the records of their symbolic proofs.

A :class:`Statement` is one numbered claim of a paper (a Proposition, Theorem, Corollary,
Lemma, or a named step inside a proof).  It holds

* ``source`` -- where it is printed, e.g. ``"Proposition 3, Ran-Milo et al. 2024"``;
* ``symbols``, ``hypotheses`` and ``conclusion`` as sympy objects.  Quantifiers ("there is an
  assignment such that ...") are said in ``summary``; the sympy objects state the relation that
  the quantified objects satisfy;
* ``bound`` -- the quantity the statement asserts a bound on, as a sympy expression that
  :func:`numerics.ssm.symbolic.evaluate` turns into an mpmath number or an arb ball;
* ``steps`` -- the proof steps, each a :class:`Statement` of its own;
* ``prove`` -- when sympy can prove the statement, a function returning a :class:`Proof`;
* ``corrects`` -- for a corrected form written by us (an erratum), the name of the printed
  statement it replaces; ``python -m theory show`` and ``python -m verify`` show the pair.

A :class:`Proof` is a list of :class:`ProofStep` records.  Each step says what it rests on
(``kind``, see :data:`STEP_KINDS` and :mod:`theory.steps`):

* ``"sympy"`` -- an identity reduced to 0, or a sign or set computation, by sympy for symbolic sizes;
* ``"z3"`` -- an inequality or implication over the reals discharged by a decision procedure
  (z3's nonlinear real arithmetic); the step keeps the solver, its version and the query;
* ``"finite"`` -- a case check on a finite range (``scope``, e.g. ``"t <= 64"``): the statement is
  then established on that range only, and its verdict is at most ``certified``;
* ``"premise"`` -- a classical result taken as given and cited (``scope`` holds the citation),
  e.g. "Cauchy-Schwarz"; it is listed with every verdict that rests on it.

A proof is complete only when every step holds; a step that could not be settled makes the
proof incomplete, never "probably true".  :attr:`Proof.verdict` is ``proved`` for a complete
proof without finite steps, ``certified`` for one with finite steps, ``open`` otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy

from numerics.ssm.symbolic import evaluate


#: What a proof step rests on; see the module docstring.
STEP_KINDS = ("sympy", "z3", "finite", "premise")


@dataclass(frozen=True)
class ProofStep:
    """One claim of a proof and whether it was established.

    ``expression`` is what was asked: for an identity ``lhs == rhs`` it is ``lhs - rhs``
    (established when it simplifies to 0); for a relation it is the relation (``None`` for a
    premise stated in words).  ``kind`` says what the step rests on (:data:`STEP_KINDS`);
    ``scope`` is the range of a finite check or the citation of a premise; ``query`` the
    decision procedure's input (SMT-LIB) for a ``z3`` step.
    """

    claim: str
    expression: sympy.Basic | None
    holds: bool
    method: str
    kind: str = "sympy"
    scope: str | None = None
    query: str | None = None

    def __post_init__(self):
        if self.kind not in STEP_KINDS:
            raise ValueError(f"kind: {self.kind!r} is not one of {', '.join(STEP_KINDS)}")
        if self.kind in ("finite", "premise") and not self.scope:
            raise ValueError(f"scope: a {self.kind} step must say its range or citation")

    def as_json(self) -> dict:
        record = {"claim": self.claim, "holds": self.holds, "kind": self.kind, "method": self.method}
        if self.scope:
            record["scope"] = self.scope
        if self.query:
            record["query"] = self.query
        return record


@dataclass(frozen=True)
class Proof:
    """The outcome of a proof of the statement named ``statement``."""

    statement: str
    steps: tuple[ProofStep, ...]

    @property
    def complete(self) -> bool:
        """True when every step was established (or is a named premise)."""
        return bool(self.steps) and all(step.holds for step in self.steps)

    @property
    def premises(self) -> tuple[str, ...]:
        """The named premises the proof rests on, each once, in order of use."""
        return tuple(dict.fromkeys(f"{s.claim} [{s.scope}]" for s in self.steps if s.kind == "premise"))

    @property
    def finite_scopes(self) -> tuple[str, ...]:
        """The ranges of the finite case checks among the steps, each once."""
        return tuple(dict.fromkeys(s.scope for s in self.steps if s.kind == "finite"))

    @property
    def verdict(self) -> str:
        """``proved`` (complete, no finite step), ``certified`` (complete, some finite step) or ``open``."""
        if not self.complete:
            return "open"
        return "certified" if self.finite_scopes else "proved"


@dataclass(frozen=True)
class Statement:
    """One claim of a paper; see the module docstring."""

    name: str
    source: str
    summary: str
    symbols: tuple[sympy.Symbol, ...] = ()
    hypotheses: tuple[sympy.Basic, ...] = ()
    conclusion: sympy.Basic | None = None
    bound: sympy.Expr | None = None
    steps: tuple["Statement", ...] = ()
    prove: Callable[[], Proof] | None = field(default=None, compare=False)
    remarks: tuple[str, ...] = ()
    corrects: str | None = None

    def evaluate_bound(self, values: dict, *, system: str = "arb", prec: int = 128):
        """The asserted bound at ``values`` (symbol or name -> number) as an arb ball, an mpmath
        number or an exact fmpq; see :func:`numerics.ssm.symbolic.evaluate`."""
        if self.bound is None:
            raise ValueError(f"{self.name}: this statement asserts no bound")
        return evaluate(self.bound, values, system=system, prec=prec)

    def walk(self):
        """Yield this statement and, depth first, every proof step below it."""
        yield self
        for step in self.steps:
            yield from step.walk()
