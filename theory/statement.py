"""Statements of the papers, held as sympy objects, and the records of their symbolic proofs.

A :class:`Statement` is one numbered claim of a paper (a Proposition, Theorem, Corollary,
Lemma, or a named step inside a proof).  It holds

* ``source`` -- where it is printed, e.g. ``"Proposition 3, Ran-Milo et al. 2024"``;
* ``symbols``, ``hypotheses`` and ``conclusion`` as sympy objects.  Quantifiers ("there is an
  assignment such that ...") are said in ``summary``; the sympy objects state the relation that
  the quantified objects satisfy;
* ``bound`` -- the quantity the statement asserts a bound on, as a sympy expression that
  :func:`theory.evaluate.evaluate` turns into an mpmath number or an arb ball;
* ``steps`` -- the proof steps, each a :class:`Statement` of its own;
* ``prove`` -- when sympy can prove the statement, a function returning a :class:`Proof`;
* ``corrects`` -- for a corrected form written by us (an erratum), the name of the printed
  statement it replaces; ``python -m theory show`` and ``python -m verify`` show the pair.

A :class:`Proof` is a list of :class:`ProofStep` records, each an identity or inequality that
sympy reduced to ``True`` (or failed to).  A proof is complete only when every step holds; a
step that sympy could not settle makes the proof incomplete, never "probably true".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy

from .evaluate import evaluate


@dataclass(frozen=True)
class ProofStep:
    """One claim of a symbolic proof and whether sympy established it.

    ``expression`` is what sympy was asked to reduce: for an identity ``lhs == rhs`` it is
    ``lhs - rhs`` (established when it simplifies to 0); for a relation it is the relation.
    """

    claim: str
    expression: sympy.Basic
    holds: bool
    method: str


@dataclass(frozen=True)
class Proof:
    """The outcome of a symbolic proof of the statement named ``statement``."""

    statement: str
    steps: tuple[ProofStep, ...]

    @property
    def complete(self) -> bool:
        """True when every step was established by sympy."""
        return bool(self.steps) and all(step.holds for step in self.steps)


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
        number or an exact fmpq; see :func:`theory.evaluate.evaluate`."""
        if self.bound is None:
            raise ValueError(f"{self.name}: this statement asserts no bound")
        return evaluate(self.bound, values, system=system, prec=prec)

    def walk(self):
        """Yield this statement and, depth first, every proof step below it."""
        yield self
        for step in self.steps:
            yield from step.walk()


def identity_step(claim: str, lhs: sympy.Basic, rhs: sympy.Basic, *, simplifier=sympy.simplify) -> ProofStep:
    """Ask sympy whether ``lhs == rhs`` by reducing ``lhs - rhs`` to zero with ``simplifier``."""
    difference = sympy.Add(lhs, -rhs)
    reduced = simplifier(difference)
    return ProofStep(claim=claim, expression=difference, holds=bool(reduced == 0),
                     method=f"{getattr(simplifier, '__name__', str(simplifier))}(lhs - rhs) == 0")
