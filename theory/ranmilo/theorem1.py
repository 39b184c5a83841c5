"""Theorem 1 of Ran-Milo et al. 2024 (Section 3.2; proof in Appendix D.2).

Placeholder skeleton: the statement and its bound; the proof steps are added with issue 4.
"""
from __future__ import annotations

import sympy
from sympy import Symbol, floor

from ..registry import register
from ..statement import Statement

SOURCE = "Theorem 1, Ran-Milo et al. 2024 (Section 3.2; proof in Appendix D.2)"

t = Symbol("t", integer=True, positive=True)
epsilon = Symbol("epsilon", nonnegative=True)
n_R = Symbol("n_R", integer=True, nonnegative=True)

#: The printed lower bound on the real dimension.
BOUND = floor(t / 9) - 1 - 4 * epsilon

THM1 = register(Statement(
    name="ranmilo.thm1",
    source=SOURCE,
    summary=("If a real SSM eps-approximates up to time t a one-dimensional complex SSM with "
             "|sin arg A| >= 0.2, |A| >= 0.5^(1/t) and |B C| >= 1, then n_R >= floor(t/9) - 1 - 4 eps."),
    symbols=(t, epsilon, n_R),
    conclusion=sympy.GreaterThan(n_R, BOUND),
    bound=BOUND,
))
