"""Checks that confront the papers' statements with computation, and their verdicts.

``python -m verify`` runs the registered checks and prints a table of verdicts:

* **proved** -- sympy proved the statement (or the step) symbolically;
* **certified** -- the statement holds on the stated instances, computed exactly (fmpq) or with
  arb balls whose enclosures decide every comparison;
* **checked** -- the statement holds on the stated instances in float64 (or by Monte Carlo);
* **refuted** -- a counterexample, re-checkable in exact or ball arithmetic, violates it;
* **open** -- none of the above could be established.
"""
from .verdict import VERDICTS, CheckResult, Outcome

__all__ = ["VERDICTS", "CheckResult", "Outcome"]
