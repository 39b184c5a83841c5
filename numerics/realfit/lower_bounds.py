"""Lower bound 1 of :mod:`.dimension`: sign changes (Lemma 4 and the proof of Theorem 1, Ran-Milo et al. 2024, D.2.2).

For a real SSM of dimension n the odd- and even-indexed responses are

    (h|odd)_k  = h_(2k-1) = sum_j w_j       (a_j^2)^(k-1),
    (h|even)_k = h_(2k)   = sum_j w_j a_j   (a_j^2)^(k-1),

the responses of the real SSMs ``(A^2, B, C)`` and ``(A^2, B, C A)`` (Lemma 9).  Both are
exponential sums with *nonnegative* bases.  Claim: each has at most ``n - 1`` sign changes
(zeros skipped).  Proof: merge equal bases.  The bases ``b > 0`` give ``f(x) = sum c_b b^x``, which,
unless it vanishes identically, has at most ``m - 1`` real zeros (m = number of positive bases;
Lemma 4, i.e. Descartes' rule of signs for exponential sums: Polya & Szego, *Problems and
Theorems in Analysis II*, Part V, Problem 75).  Between two entries of opposite sign ``f`` has a
zero (intermediate values), and these intervals are disjoint, so the entries k >= 2 change sign at
most ``m - 1`` times.  A base ``b = 0`` (pole ``a_j = 0``) contributes, with the paper's
convention ``0^0 = 1``, to the first entry only: at most one more change, and then ``m <= n - 1``.
In every case at most ``n - 1`` changes.

Robust version.  Let ``c(k; x)`` be the least l1 cost of turning a sequence x into one with at
most k sign changes.  Changing an entry's sign costs more than zeroing it, so ``c(k; x) = ||x||_1 -
(largest mass of a kept subsequence with <= k sign changes)``; a kept entry can take its whole run
of equal signs along, so a dynamic programme over the runs computes it exactly (fmpq).  If a real
SSM of dimension ``n >= 1`` has ``||h - phi||_1 <= eps``, then ``h|odd`` and ``h|even`` have at most
``n - 1`` changes, so ``c(n-1; phi|odd) + c(n-1; phi|even) <= ||phi - h||_1 <= eps`` and

    n >= 1 + min { k : c(k; phi|odd) + c(k; phi|even) <= eps },

while ``n = 0`` is possible only if ``||phi||_1 <= eps``.

Filters.  The same holds for filtered sequences: for taps ``p = (p_0..p_(d-1))`` and offset
``o`` in {0, 1}, ``u_k = sum_i p_i h_(2k-1+o+i) = sum_j w_j a_j^o p(a_j) (a_j^2)^(k-1)`` is again an
exponential sum with the nonnegative bases ``a_j^2`` (Lemma 4 on ``(A^2, B, C A^o p(A))``), so it
has at most ``n - 1`` sign changes.  For a pair (p at offset 0, p' at offset 1) the filtered
errors obey ``||u(phi - h)||_1 + ||u'(phi - h)||_1 <= kappa ||phi - h||_1`` with ``kappa`` the
larger of the total |taps| falling on odd and on even indices, hence

    n >= 1 + min { k : c(k; u(phi)) + c(k; u'(phi)) <= kappa eps }.

The identity pair (phi|odd, phi|even; kappa = 1) is the bound above; the pairs in ``FILTERS``
(two-tap filters, kappa = 1) shift the phase of a sampled oscillation and add amplitude when
neighbouring entries agree, which can win one more robust change.  They are screened in float64
and the best three decided exactly; the largest certified bound is kept.

For arb-ball targets the programme runs
on rational lower bounds of ``|phi_i|`` (a ball containing 0 counts as 0), which bounds ``c`` from
below (``c`` is monotone in the magnitudes at fixed signs): the bound stays rigorous.  A second run
on upper bounds tells whether the comparison with eps was decided; if not, the target's precision
is raised (targets that can be re-evaluated), else ``sign_changes.sharp`` is False.

The sign-change programme is a few lines with no library equivalent; the float64 screening of
the filters is compiled with numba.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flint import arb, ctx, fmpq
from numba import njit

from ..ssm.systems import DEFAULT_PREC, fmpq_to_string
from .dimension_input import _coerce_eps, _entry, _is_ball, float_values
from .rounding import _arb_exact_to_fmpq, _float_lower_q

__all__ = ["SignChanges", "sign_change_bound", "change_costs"]


@dataclass(frozen=True)
class SignChanges:
    """The sign-change data behind lower bound 1 (module docstring).

    ``odd``/``even``: sign changes of ``phi|odd`` / ``phi|even`` (zeros skipped; entries whose ball
    contains 0 are skipped too, so for balls these are lower bounds).  ``robust_k``: the least k
    with ``c(k; u) + c(k; u') <= kappa eps`` for the filter pair ``filter`` (the sequences u, u'
    it makes; ``phi|odd; phi|even`` unless a filter did better), from rational lower bounds of
    the costs.  ``costs``: ``(k, lower bound of c(k; u) + c(k; u'))`` for k = 0..robust_k, as
    floats rounded down.  ``sharp``: whether every comparison with eps was decided (always for exact
    targets).  ``norm_exceeds_eps``: ``||phi||_1 > eps`` was certified (so ``n >= 1``).
    """

    odd: int
    even: int
    robust_k: int
    costs: tuple
    sharp: bool
    norm_exceeds_eps: bool
    filter: str = "phi_(2k-1); phi_(2k)"

    @property
    def lower(self) -> int:
        return 1 + self.robust_k if self.norm_exceeds_eps else 0


def _signed_magnitudes(values, upper: bool):
    """``[(sign, magnitude)]`` with rational magnitudes; ``(0, m)`` for zeros and for balls that
    contain 0 (``m`` = 0 for the lower bound, the ball's largest |x| for the upper one)."""
    out = []
    for v in values:
        if isinstance(v, fmpq):
            out.append((0 if v == 0 else (1 if v > 0 else -1), abs(v)))
            continue
        if v > 0 or v < 0:
            bound = v.abs_upper() if upper else v.abs_lower()
            out.append((1 if v > 0 else -1, _arb_exact_to_fmpq(bound)))
        else:
            out.append((0, _arb_exact_to_fmpq(v.abs_upper()) if upper else fmpq(0)))
    return out


def _runs(signed) -> list:
    """Masses of the maximal runs of equal sign (zeros skipped); consecutive runs alternate."""
    runs, last = [], 0
    for sign, mass in signed:
        if sign == 0:
            continue
        if sign == last:
            runs[-1] += mass
        else:
            runs.append(mass)
            last = sign
    return runs


def change_costs(values, kmax: int | None = None) -> list[fmpq]:
    """``c(k; x)`` for k = 0..kmax (default: changes of x): the least l1 cost of turning ``x``
    into a sequence with at most k sign changes (exact, for rational ``values``; for balls the
    costs of the rational lower bounds of ``|x_i|``, a lower bound).  See the module docstring."""
    signed = _signed_magnitudes([_entry(v, i) for i, v in enumerate(values)], upper=False)
    runs = _runs(signed)
    kmax = max(len(runs) - 1, 0) if kmax is None else int(kmax)
    return _costs_from_runs(runs, sum((m for _, m in signed), fmpq(0)), kmax)


def _costs_from_runs(runs: list, total: fmpq, kmax: int) -> list[fmpq]:
    """``total - (largest kept mass with <= k changes)``, k = 0..kmax, by a dynamic programme:
    ``best[j][b]`` is the largest kept mass with j changes whose last kept run has parity b."""
    size = max(kmax, 0) + 1
    best = [[None, None] for _ in range(size)]
    for index, mass in enumerate(runs):
        b = index % 2
        new = [row[:] for row in best]
        for j in range(min(size, index + 1)):
            options = [] if best[j][b] is None else [best[j][b] + mass]
            if j == 0:
                options.append(mass)
            elif best[j - 1][1 - b] is not None:
                options.append(best[j - 1][1 - b] + mass)
            if options:
                candidate = max(options)
                if new[j][b] is None or candidate > new[j][b]:
                    new[j][b] = candidate
        best = new
    costs, kept = [], total * 0
    for j in range(size):
        for value in best[j]:
            if value is not None and value > kept:
                kept = value
        costs.append(total - kept)
    return costs


def _cost_table(values, upper: bool, kmax: int) -> tuple[list[fmpq], int]:
    """Costs k = 0..kmax of ``values`` with lower (or upper) magnitudes, and the sign changes.

    The upper version leaves the balls that contain 0 out of the programme and adds their largest
    |x| to every cost: an upper bound of the true cost."""
    signed = _signed_magnitudes(values, upper)
    runs = _runs(signed)
    total = sum((m for s, m in signed if s != 0), fmpq(0))
    extra = sum((m for s, m in signed if s == 0), fmpq(0)) if upper else fmpq(0)
    return [c + extra for c in _costs_from_runs(runs, total, kmax)], max(len(runs) - 1, 0)


# =============================================================================================
# Filters
# =============================================================================================
def _filter_family() -> tuple:
    """Pairs ``(p, p')`` of filter taps (tuples of fmpq; None: no sequence) with ``kappa = 1``:
    the identity pair (phi|odd, phi|even), single two-tap filters ``(1, r)``, ``(r, 1)`` with
    r in {-1, -7/8, ..., 1} at either offset, and pairs ``(1 - l, +-l)``, ``(1 - l, +-l)``."""
    one = fmpq(1)
    pairs = [((one,), (one,))]
    for r in (fmpq(k, 8) for k in range(-8, 9)):
        for taps in ((one, r), (r, one)):
            pairs += [(taps, None), (None, taps)]
    for lam in (fmpq(k, 8) for k in range(1, 8)):
        for s1 in (1, -1):
            for s2 in (1, -1):
                pairs.append(((1 - lam, s1 * lam), (1 - lam, s2 * lam)))
    unique = []
    for pair in pairs:
        if pair not in unique:
            unique.append(pair)
    return tuple(unique)


#: The filter pairs tried by lower bound 1 (module docstring).
FILTERS = _filter_family()


def _kappa(p, q) -> fmpq:
    """Largest weight a filter pair puts on the odd- or the even-indexed errors."""
    p, q = p or (), q or ()
    odd = sum((abs(f) for f in p[0::2]), fmpq(0)) + sum((abs(f) for f in q[1::2]), fmpq(0))
    even = sum((abs(f) for f in p[1::2]), fmpq(0)) + sum((abs(f) for f in q[0::2]), fmpq(0))
    return max(odd, even)


def _filtered(values, taps, offset: int) -> list:
    """``u_k = sum_i taps_i phi_(2k-1+offset+i)``, k = 1..floor((t - offset - d + 2) / 2)."""
    d, t = len(taps), len(values)
    length = (t - offset - d + 2) // 2
    ball = any(isinstance(v, arb) for v in values)
    out = []
    with ctx.workprec(2 * DEFAULT_PREC):
        for k in range(length):
            start = 2 * k + offset
            terms = [f * values[start + i] for i, f in enumerate(taps) if f != 0]
            total = sum(terms[1:], terms[0]) if terms else fmpq(0)
            out.append(total if not ball or isinstance(total, arb) else arb(total))
    return out


def _describe_filter(p, q) -> str:
    """E.g. ``"phi_(2k-1) + 7/8*phi_(2k)"``: the filtered sequences, k = 1, 2, ..."""
    def index(j):
        return "2k-1" if j == 0 else ("2k" if j == 1 else f"2k+{j - 1}")

    def one(taps, offset):
        return " + ".join(("" if f == 1 else f"{fmpq_to_string(f)}*") + f"phi_({index(offset + i)})"
                          for i, f in enumerate(taps) if f != 0)
    return "; ".join(one(taps, offset) for taps, offset in ((p, 0), (q, 1)) if taps is not None)


@njit(cache=True)
def _float_costs(x, kmax):
    """float64 screening version of :func:`_costs_from_runs` for the sequence ``x``."""
    runs = np.zeros(x.size)
    count, last = 0, 0
    for value in x:
        sign = 1 if value > 0 else (-1 if value < 0 else 0)
        if sign == 0:
            continue
        if sign == last:
            runs[count - 1] += abs(value)
        else:
            runs[count] = abs(value)
            count += 1
            last = sign
    size = kmax + 1
    best = np.full((size, 2), -1.0)        # -1: no kept run yet (masses are >= 0)
    for index in range(count):
        b = index % 2
        mass = runs[index]
        for j in range(min(size, index + 1) - 1, -1, -1):
            candidate = -1.0
            if best[j, b] >= 0:
                candidate = best[j, b] + mass
            if j == 0:
                candidate = max(candidate, mass)
            elif best[j - 1, 1 - b] >= 0:
                candidate = max(candidate, best[j - 1, 1 - b] + mass)
            if candidate > best[j, b]:
                best[j, b] = candidate
    total = np.sum(np.abs(x))
    costs = np.empty(size)
    kept = 0.0
    for j in range(size):
        kept = max(kept, best[j, 0], best[j, 1])
        costs[j] = total - kept
    return costs


def _float_filtered(y: np.ndarray, taps, offset: int) -> np.ndarray:
    """float64 version of :func:`_filtered` (screening only)."""
    if taps is None:
        return np.zeros(0)
    d = len(taps)
    length = max((y.size - offset - d + 2) // 2, 0)
    out = np.zeros(length)
    for i, f in enumerate(taps):
        if f != 0:
            out += float(f) * y[offset + i: offset + i + 2 * length: 2][:length]
    return out


def _pair_k(costs_u, costs_v, budget, slack=0) -> int:
    """The least k with ``costs_u[k] + costs_v[k] <= budget + slack`` (the last k if none)."""
    return next((j for j in range(len(costs_u)) if costs_u[j] + costs_v[j] <= budget + slack), len(costs_u) - 1)


# =============================================================================================
# The bound
# =============================================================================================
def sign_change_bound(values, eps, *, filters: bool = True) -> SignChanges:
    """Lower bound 1 of the module docstring for the entries ``values`` (fmpq or arb) and eps.

    ``filters``: besides (phi|odd, phi|even), try the filter pairs ``FILTERS`` (screened in float64,
    the best three decided exactly) and keep the largest certified bound."""
    eps = _coerce_eps(eps)
    values = [_entry(v, i) for i, v in enumerate(values)]
    t = len(values)
    kmax = (t + 1) // 2 + 1
    sequences = {}

    def pair_sequences(pair):
        key = pair
        if key not in sequences:
            p, q = pair
            sequences[key] = (_filtered(values, p, 0) if p is not None and len(p) <= t else [],
                              _filtered(values, q, 1) if q is not None and len(q) <= t - 1 else [])
        return sequences[key]

    candidates = [FILTERS[0]]
    if filters:
        y = float_values(values)
        screened = []
        for pair in FILTERS[1:]:
            costs_u = _float_costs(_float_filtered(y, pair[0], 0), kmax)
            costs_v = _float_costs(_float_filtered(y, pair[1], 1), kmax)
            slack = 1e-9 * (costs_u[0] + costs_v[0])     # float64 screening only
            screened.append((_pair_k(costs_u, costs_v, float(_kappa(*pair) * eps), slack), pair))
        screened.sort(key=lambda item: -item[0])
        candidates += [pair for _, pair in screened[:3]]
    best = None
    for pair in candidates:
        u, v = pair_sequences(pair)
        budget = _kappa(*pair) * eps
        lo_u, _ = _cost_table(u, False, kmax)
        lo_v, _ = _cost_table(v, False, kmax)
        k = _pair_k(lo_u, lo_v, budget)
        if best is None or k > best[0]:
            best = (k, pair, lo_u, lo_v, budget)
    k, pair, lo_u, lo_v, budget = best
    odd_values, even_values = values[0::2], values[1::2]
    _, s_odd = _cost_table(odd_values, False, 0)
    _, s_even = _cost_table(even_values, False, 0)
    norm_lo = sum((m for _, m in _signed_magnitudes(values, False)), fmpq(0))
    sharp = True
    if _is_ball(values):
        u, v = pair_sequences(pair)
        hi_u, _ = _cost_table(u, True, kmax)
        hi_v, _ = _cost_table(v, True, kmax)
        norm_hi = sum((m for _, m in _signed_magnitudes(values, True)), fmpq(0))
        sharp = (hi_u[k] + hi_v[k] <= budget) and (norm_lo > eps or norm_hi <= eps)
    costs = tuple((j, _float_lower_q(lo_u[j] + lo_v[j])) for j in range(k + 1))
    return SignChanges(odd=s_odd, even=s_even, robust_k=k, costs=costs, sharp=sharp,
                       norm_exceeds_eps=norm_lo > eps, filter=_describe_filter(*pair))
