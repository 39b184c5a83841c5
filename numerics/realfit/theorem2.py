"""The two sides of Theorem 2 (Ran-Milo et al. 2024, Section 3.3), computed exactly.

Left-hand side: ``n_R ||C^T ⊙ B||_inf`` of a real SSM (:func:`weight_size`).

Right-hand side: the maximum over ``sigma`` in {odd, even} and ``d, m`` in N = {1, 2, ...} with
``d + m <= floor(t/2)`` of a term ``term(d, m, D, eps)``, where ``D = (phi|sigma)^(d)_m`` is the
``d``-th forward difference (Definition 1, 1-based index ``m``) of the restriction of the target
to odd or even indices (:func:`maximise_terms`).  The term itself -- as printed,
``2^(d + 2 min(d, m)) (2^-d |D| - eps)``, or corrected -- is the statement's ``bound`` in
:mod:`theory`; the caller passes it in, so that numerics holds no copy of the formula.

All differences are computed by Definition 1 in the number type of ``phi`` (``fmpq`` for exact
results; every restricted difference table costs O(t^2) operations).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..ssm.differences import restrict
from ..errors import InputError
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import exact_pair

PARITIES = ("odd", "even")


def difference_table(sequence) -> list[list]:
    """``rows[d][i] = S^(d)_(i+1)``: all forward differences of ``S`` (row 0 is ``S`` itself)."""
    rows = [list(sequence)]
    while len(rows[-1]) > 1:
        previous = rows[-1]
        rows.append([previous[i + 1] - previous[i] for i in range(len(previous) - 1)])
    return rows


def index_pairs(t: int):
    """The ``(d, m)`` of Theorem 2: ``d, m >= 1`` and ``d + m <= floor(t/2)``."""
    half = t // 2
    return [(d, m) for d in range(1, half) for m in range(1, half - d + 1)]


@dataclass(frozen=True)
class Maximiser:
    """The largest term and where it is attained."""

    value: object
    d: int | None
    m: int | None
    sigma: str | None
    D: object


def maximise_terms(phi, eps, term: Callable) -> Maximiser:
    """``max_{sigma, d, m} term(d, m, (phi|sigma)^(d)_m, eps)`` over Theorem 2's index range.

    Returns ``Maximiser(None, ...)`` when the range is empty (t < 4).
    """
    phi = list(phi)
    t = len(phi)
    if t == 0:
        raise InputError("phi: the target is empty")
    best = Maximiser(None, None, None, None, None)
    for sigma in PARITIES:
        rows = difference_table(restrict(phi, sigma))
        for d, m in index_pairs(t):
            D = rows[d][m - 1]
            value = term(d, m, D, eps)
            if best.value is None or value > best.value:
                best = Maximiser(value, d, m, sigma, D)
    return best


def weight_size(ssm: DiagonalSSM):
    """``n ||C^T ⊙ B||_inf`` of a real SSM, exactly (an ``fmpq``)."""
    if ssm.field != "real":
        raise InputError("ssm: Theorem 2 is about real SSMs; this one is complex")
    return ssm.n * max(abs(exact_pair(b)[0] * exact_pair(c)[0]) for b, c in zip(ssm.B, ssm.C))
