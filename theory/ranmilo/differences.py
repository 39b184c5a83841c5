"""Lemma 7 of Ran-Milo et al. 2024 (Appendix E): the closed form of the d-th forward difference.

Definition 1 (Section 2): for a real sequence ``S`` the first forward difference is
``S^(1)_i = S_{i+1} - S_i`` and the d-th is ``S^(d) = (S^(d-1))^(1)``.  Lemma 7 states

    (S^(d))_i = sum_{j=0}^{d} S_{i+j} (-1)^(d-j) binomial(d, j),

here with 0-based indices, for every ``i`` with ``i + d <= L - 1`` (``L`` the length of ``S``).

Proof by induction on ``d`` (:func:`induction_steps`, symbolic ``d`` and ``j``).  Write
``c(d, j)`` for the coefficient.  The base cases are ``d = 0`` (``S^(0) = S``) and ``d = 1``
(Definition 1).  For the step, ``(S^(d+1))_i = (S^(d))_{i+1} - (S^(d))_i``; shifting the index of
the first sum, the coefficient of ``S_{i+j}`` on the right is ``c(d, j-1) - c(d, j)`` for
``1 <= j <= d`` (Pascal's rule makes it ``c(d+1, j)``), ``-c(d, 0)`` for ``j = 0`` and ``c(d, d)``
for ``j = d + 1``; the induction itself is a named premise (:data:`.appendix_e.INDUCTION`).
:func:`explicit_steps` also expands Definition 1 directly for ``d = 0..8``.

Every function takes the candidate coefficient ``c(d, j)`` as an argument, so that the tests can
check that a wrong coefficient is not proved.
"""
from __future__ import annotations

import sympy
from sympy import IndexedBase, Sum, Symbol, binomial, combsimp

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step
from .appendix_e import INDUCTION, premise

SOURCE = "Lemma 7, Ran-Milo et al. 2024 (Appendix E)"

d = Symbol("d", integer=True, nonnegative=True)
i = Symbol("i", integer=True, nonnegative=True)
L = Symbol("L", integer=True, positive=True)  # the length of the sequence
j = Symbol("j", integer=True)
interior_j = Symbol("j", integer=True, positive=True)  # the index j with 1 <= j <= d
S = IndexedBase("S", real=True)


def printed_coefficient(order, index):
    """Lemma 7's coefficient of ``S_{i+index}`` in the difference of order ``order``."""
    return (-1) ** (order - index) * binomial(order, index)


def closed_form(coefficient, order, start):
    """``sum_{j=0}^{order} S_{start+j} coefficient(order, j)``, the right side of Lemma 7."""
    return Sum(S[start + j] * coefficient(order, j), (j, 0, order))


def base_steps(coefficient=printed_coefficient) -> list[ProofStep]:
    """The base cases ``d = 0`` (the sequence itself) and ``d = 1`` (Definition 1)."""
    return [
        identity_step("d = 0: the closed form is S_i", closed_form(coefficient, 0, i).doit(), S[i]),
        identity_step("d = 1: the closed form is S_{i+1} - S_i (Definition 1)",
                      closed_form(coefficient, 1, i).doit(), S[i + 1] - S[i]),
    ]


def induction_steps(coefficient=printed_coefficient) -> list[ProofStep]:
    """The inductive step ``d -> d + 1`` for symbolic ``d``, compared coefficient by coefficient."""
    c = coefficient
    shifted = closed_form(c, d, i + 1).change_index(j, j + 1)
    return [
        identity_step(
            "(S^(d))_{i+1} = sum_{j=1}^{d+1} S_{i+j} c(d, j-1) (shift of the summation index)",
            shifted, Sum(S[i + j] * c(d, j - 1), (j, 1, d + 1))),
        identity_step(
            "coefficient of S_{i+j}, 1 <= j <= d: c(d, j-1) - c(d, j) = c(d+1, j) (Pascal's rule)",
            c(d, interior_j - 1) - c(d, interior_j), c(d + 1, interior_j), simplifier=combsimp),
        identity_step("coefficient of S_i (j = 0): -c(d, 0) = c(d+1, 0)",
                      -c(d, 0), c(d + 1, 0), simplifier=combsimp),
        identity_step("coefficient of S_{i+d+1} (j = d+1): c(d, d) = c(d+1, d+1)",
                      c(d, d), c(d + 1, d + 1), simplifier=combsimp),
        premise(INDUCTION),
    ]


def forward_difference(sequence: list, order: int) -> list:
    """Definition 1 applied ``order`` times to a list: the list gets ``order`` entries shorter."""
    for _ in range(order):
        sequence = [sequence[m + 1] - sequence[m] for m in range(len(sequence) - 1)]
    return sequence


def explicit_steps(coefficient=printed_coefficient, orders=range(0, 9)) -> list[ProofStep]:
    """Lemma 7 against Definition 1 for each ``d`` in ``orders``, on a sequence of length d + 3.

    Every entry of the difference (indices ``0 <= i <= 2``, i.e. ``i + d <= L - 1``) is one step.
    """
    steps = []
    for order in orders:
        sequence = [S[m] for m in range(order + 3)]
        for start, entry in enumerate(forward_difference(sequence, order)):
            steps.append(identity_step(
                f"d = {order}, i = {start}: Definition 1 expanded on S_0..S_{order + 2} equals the closed form",
                entry, closed_form(coefficient, order, start).doit(), simplifier=sympy.expand))
    return steps


def _prove_base() -> Proof:
    return Proof(statement="ranmilo.lemma7.base", steps=tuple(base_steps()))


def _prove_induction() -> Proof:
    return Proof(statement="ranmilo.lemma7.induction", steps=tuple(induction_steps()))


def _prove_explicit() -> Proof:
    return Proof(statement="ranmilo.lemma7.explicit", steps=tuple(explicit_steps()))


def _prove_lemma7() -> Proof:
    return Proof(statement="ranmilo.lemma7",
                 steps=_prove_base().steps + _prove_induction().steps + _prove_explicit().steps)


_conclusion = sympy.Eq(sympy.Function("Delta_d")(S, i), closed_form(printed_coefficient, d, i))
_hypotheses = (sympy.Le(i + d, L - 1),)  # d >= 0 and i >= 0 are the symbols' assumptions

base = Statement(
    name="ranmilo.lemma7.base",
    source=SOURCE,
    summary="Base cases: for d = 0 the closed form is S_i; for d = 1 it is S_{i+1} - S_i (Definition 1).",
    symbols=(i, j),
    conclusion=sympy.And(sympy.Eq(closed_form(printed_coefficient, 0, i), S[i]),
                         sympy.Eq(closed_form(printed_coefficient, 1, i), S[i + 1] - S[i])),
    prove=_prove_base,
)

induction = Statement(
    name="ranmilo.lemma7.induction",
    source=SOURCE,
    summary="Inductive step, symbolic d and j: if (S^(d))_i has the closed form for every i, then "
            "(S^(d+1))_i = (S^(d))_{i+1} - (S^(d))_i has it too; the coefficients of S_{i+j} agree "
            "for 1 <= j <= d (Pascal's rule), j = 0 and j = d + 1.",
    symbols=(d, i, j),
    conclusion=sympy.Eq(printed_coefficient(d, j - 1) - printed_coefficient(d, j), printed_coefficient(d + 1, j)),
    prove=_prove_induction,
)

explicit = Statement(
    name="ranmilo.lemma7.explicit",
    source=SOURCE,
    summary="Direct check: Definition 1 expanded on symbolic S_0..S_{d+2} equals the closed form at "
            "every index, for d = 0..8 (explicit orders only).",
    symbols=(d, i),
    hypotheses=(sympy.Contains(d, sympy.Range(0, 9)),),
    conclusion=_conclusion,
    prove=_prove_explicit,
)

lemma7 = register(Statement(
    name="ranmilo.lemma7",
    source=SOURCE,
    summary="For every real sequence S of length L and every order d >= 0, the d-th forward difference "
            "(Definition 1) is (S^(d))_i = sum_{j=0}^d S_{i+j} (-1)^(d-j) binomial(d, j) for every "
            "0-based index i with i + d <= L - 1.",
    symbols=(d, i, j, L),
    hypotheses=_hypotheses,
    conclusion=_conclusion,
    steps=(base, induction, explicit),
    prove=_prove_lemma7,
    remarks=("The printed lemma, for A = {a_0, ..., a_{n-1}} and m < n, writes (A^(m))_n = "
             "sum_{j=0}^m a_{n+j} (-1)^(m-j) binomial(m, j): the letter n is both the length of the "
             "sequence and the index, which cannot both hold (a_{n+j} does not exist).  Read as here: "
             "order d, 0-based index i, and the formula holds for i + d <= L - 1.",
             "In the conclusion, Delta_d(S, i) stands for (S^(d))_i, the d-th forward difference of "
             "Definition 1 at the 0-based index i."),
))
