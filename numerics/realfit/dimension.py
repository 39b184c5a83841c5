"""Dimension brackets: the smallest real dimension that eps-approximates a target.

For a target ``phi`` (the first ``t`` entries of an impulse response) and ``eps >= 0``,

    n_min(phi, eps) = min { n : some real diagonal SSM of dimension n has
                                ||h - phi||_1 <= eps up to time t },   h_k = sum_j w_j a_j^(k-1)

(``w_j = B_j C_j``, ``a_j = A_jj`` real; ``n = 0`` is the zero mapping).  :func:`dimension_bracket`
returns a :class:`DimensionBracket` ``lower <= n_min <= upper``: ``lower`` is rigorous (exact
rationals, or arb balls for irrational targets), ``upper`` is the dimension of an explicit real
SSM (``witness``) whose error was verified exactly (fmpq) or as a certified arb ball.  Where
``lower == upper`` (``exact``) the minimal dimension is known exactly.

Lower bound 1: sign changes (Lemma 4 and the proof of Theorem 1, Ran-Milo et al. 2024, D.2.2)
-----------------------------------------------------------------------------------------------
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

Lower bound 2: eps = 0 and a one-dimensional complex target (Vandermonde rank)
-------------------------------------------------------------------------------
If ``phi_k = Re(c z^(k-1)) = (c z^(k-1) + conj(c) conj(z)^(k-1)) / 2`` with ``z`` not real, ``z != 0``
and ``c != 0`` (a :class:`~numerics.ssm.complex_target.ComplexOscillator` with ``sin theta != 0``) and a
real SSM with ``n`` distinct real poles (merge equal ones) matches it exactly up to time t, then the
``n + 2`` distinct nodes ``a_1..a_n, z, conj(z)`` give a vanishing combination of the columns
``(x^(k-1))_(k<=t)`` with nonzero coefficients ``c/2``; a t-row Vandermonde matrix with at most t
distinct nodes has independent columns, so ``n + 2 >= t + 1``: ``n_min(phi, 0) >= t - 1``.

Upper bound: explicit real SSMs, verified
-----------------------------------------
* ``||phi||_1 <= eps``: the zero mapping (``upper = 0``; the witness is one state with ``B = 0``).
* One less than Proposition 1 (any eps): for ``t - 2`` rational poles ``a_i`` with
  ``Q0 = prod (X - a_i)`` and the functional ``L(X^j) = phi_(j+1)``, the pole
  ``x = L(X Q0) / L(Q0)`` makes ``L(Q0 (X - x)) = 0``, i.e. ``phi`` is orthogonal to the left kernel
  of the t x (t-1) Vandermonde matrix of ``a_1..a_(t-2), x``, so the weights solving the first
  ``t - 1`` equations (Bjorck-Pereyra) match all t entries.  For rational targets ``x`` and the
  weights are exact rationals and the match is re-checked by ``impulse_response(..., "exact")``;
  for ball targets ``x`` and the weights are arb balls containing the exact construction (the
  witness then stands for an SSM inside its balls with error 0).  Node sets (Chebyshev points,
  scaled and shifted: eight fixed, then 32 drawn with seed 0) are tried until ``|x| < 1`` and ``x``
  differs from the others, certainly; failing that, Proposition 1's t Chebyshev poles (n = t).
* Search (eps > 0).  Dimension ``max(lower, search_up_to)`` first, then galloping upwards (+1, +2,
  +4, ...) up to ``search_max_n`` and, after a verified witness, bisection back down to the largest
  dimension known to fail (``lower - 1`` to begin with).  For each dimension n:

  - *structured families*: poles ``s (1 - delta x_j)`` with ``x_j`` the Chebyshev points of [0, 1],
    all ``s = +1``, all ``-1``, or half of each, for ``delta`` in ``DELTAS`` (rounded to 2^-48);
    the least-squares weights are solved from the normal equations in arb at ``64 + 3t`` bits
    (``128 + 6t + 16n`` when that fails)
    (clustered real poles make the Vandermonde matrix hopelessly ill-conditioned for float64;
    near 1 these families approximate polynomials times the decay, which is what a real SSM
    uses to imitate an oscillation) and rounded to rationals;
  - for ``n <= LM_MAX_N`` also Levenberg-Marquardt on ``n`` poles ``a = tanh(u)`` and weights,
    compiled with numba, from seeded starts (poles log-uniformly close to +-1, all-positive and
    all-negative starts, the previous size's best poles padded), with iteratively reweighted
    rounds that turn the l2 fit into an l1 fit; the best poles (float64, hence dyadic) then get
    l1-optimal weights from the linear program ``min sum s_k, -s <= V w - phi <= s`` (HiGHS via
    ``scipy.optimize.linprog``).

  Every candidate's l1 error is computed exactly (fmpq) or as an arb ball and compared with eps;
  only a verified witness counts (float64 and the least squares only propose).

Why written here: the sign-change programme and the one-less construction are a few lines with
no library equivalent; the exponential fit is small dense Levenberg-Marquardt (scipy's
``least_squares`` would need a Python callback per iteration for many starts, hence numba);
HiGHS solves the linear programs and python-flint does the exact and ball arithmetic
(``arb_mat.solve``, ``arb_poly`` evaluation, ``fmpq_poly`` products).

>>> from flint import fmpq
>>> b = dimension_bracket([1, fmpq(-1, 2), fmpq(1, 4), fmpq(-1, 8), fmpq(1, 16)], fmpq(1, 100))
>>> b.lower, b.upper, b.exact            # (-1/2)^(k-1): one real pole
(1, 1, True)
>>> dimension_bracket([1, 0, -1, 0, 1, 0], fmpq(1, 10)).lower    # odd part alternates twice
3
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import numpy as np
from flint import arb, arb_mat, arb_poly, ctx, fmpq, fmpq_poly, fmpz
from numba import njit

from ..ssm.complex_target import ComplexOscillator
from ..ssm.constructions import bjorck_pereyra, chebyshev_nodes, vandermonde_ssm
from ..errors import InputError, PrecisionError
from ..ssm.impulse import impulse_response
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import DEFAULT_PREC, fmpq_to_string, to_fmpq
from ..ssm.targets import Target

__all__ = ["DimensionBracket", "SignChanges", "dimension_bracket", "sign_change_bound", "change_costs",
           "verify_witness", "one_less_witness"]

#: Largest arb precision (bits) a re-evaluable ball target is raised to for a sharp comparison.
MAX_PREC = 2048
#: Default largest dimension the witness search tries.
MAX_SEARCH_N = 40


# =============================================================================================
# Results
# =============================================================================================
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


@dataclass(frozen=True)
class DimensionBracket:
    """``lower <= n_min(phi, eps) <= upper`` (module docstring).

    ``witness``: a real SSM of dimension ``upper`` (or one state with ``B = 0`` when ``upper = 0``)
    whose l1 error up to time t is at most ``witness_error <= eps`` (a rational), verified as
    ``witness_check`` says.  ``lower_how`` / ``upper_how`` say how each end was obtained;
    ``system`` is "exact" (rational target) or "arb" (ball target) and ``prec`` the arb precision
    used.  ``sign_changes`` holds the eps-robust sign-change counts; ``search`` records what the
    witness search tried (dimensions, best l2 / float64 l1 errors, verified witnesses), ``seed`` the
    seed of its random starts.
    """

    lower: int
    upper: int
    witness: DiagonalSSM
    witness_error: fmpq
    witness_check: str
    lower_how: str
    upper_how: str
    t: int
    eps: fmpq
    system: str
    prec: int
    sign_changes: SignChanges
    search: tuple
    seed: int
    seconds: float

    @property
    def exact(self) -> bool:
        """True when the minimal real dimension is known exactly (lower == upper)."""
        return self.lower == self.upper

    def witness_strings(self) -> dict:
        """The witness as exact rationals (strings; balls as their arb text)."""
        def text(x):
            return fmpq_to_string(x) if isinstance(x, fmpq) else str(x)
        return {"A": [text(a) for a in self.witness.A], "B": [text(b) for b in self.witness.B],
                "C": [text(c) for c in self.witness.C], "n": self.upper}


# =============================================================================================
# Input
# =============================================================================================
def _arb_point_to_fmpq(x: arb) -> fmpq:
    man, exp = x.mid().man_exp()
    man, exp = int(man), int(exp)
    return fmpq(man * 2**exp) if exp >= 0 else fmpq(man, 2**-exp)


def _entry(x, index: int):
    if isinstance(x, (bool, np.bool_)):
        raise InputError(f"phi: entry {index} is a boolean, not a real number")
    if isinstance(x, arb):
        if not x.is_finite():
            raise InputError(f"phi: entry {index} is not finite ({x})")
        return _arb_point_to_fmpq(x) if x.rad() == 0 else x
    if isinstance(x, (Integral, Fraction, fmpq, fmpz)):
        return to_fmpq(x)
    if isinstance(x, (complex, np.complexfloating)) or not isinstance(x, (Real, np.floating, np.integer)):
        raise InputError(f"phi: entry {index} must be a real number, got {x!r}")
    if not math.isfinite(float(x)):
        raise InputError(f"phi: entry {index} must be finite, got {x!r}")
    return to_fmpq(float(x))


def _coerce_phi(phi, prec: int):
    """``(values, refine)``: entries as fmpq or arb, and ``refine(prec)`` or None."""
    if isinstance(phi, ComplexOscillator):
        return phi.values(prec), phi.values
    if isinstance(phi, Target):
        try:
            return list(phi.values("exact")), None
        except InputError:
            return list(phi.values("arb", prec=prec)), (lambda p: list(phi.values("arb", prec=p)))
    if isinstance(phi, (str, bytes)) or not hasattr(phi, "__len__"):
        raise InputError(f"phi: expected a sequence of real numbers, a Target or a ComplexOscillator, "
                         f"got {type(phi).__name__}")
    array = np.asarray(phi, dtype=object)
    if array.ndim != 1:
        raise InputError(f"phi: expected a 1-D sequence, got shape {array.shape}")
    if array.size == 0:
        raise InputError("phi: needs t >= 1 entries, got none")
    values = [_entry(x, i) for i, x in enumerate(array)]
    if any(isinstance(v, arb) for v in values):
        values = [v if isinstance(v, arb) else arb(v) for v in values]
    return values, None


def _coerce_eps(eps) -> fmpq:
    if isinstance(eps, (bool, np.bool_)) or isinstance(eps, (complex, arb)):
        raise InputError(f"eps: must be a real number >= 0 (exact), got {eps!r}")
    if isinstance(eps, (float, np.floating)) and not math.isfinite(float(eps)):
        raise InputError(f"eps: must be finite, got {eps!r}")
    try:
        value = to_fmpq(eps)
    except (TypeError, ValueError):
        raise InputError(f"eps: must be a real number >= 0, got {eps!r}") from None
    if value < 0:
        raise InputError(f"eps: must be >= 0, got {eps}")
    return value


def _is_ball(values) -> bool:
    return any(isinstance(v, arb) for v in values)


# =============================================================================================
# Lower bound 1: eps-robust sign changes
# =============================================================================================
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
            out.append((1 if v > 0 else -1, _arb_point_to_fmpq(bound)))
        else:
            out.append((0, _arb_point_to_fmpq(v.abs_upper()) if upper else fmpq(0)))
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
        y = np.array([float(v.mid()) if isinstance(v, arb) else int(v.p) / int(v.q) for v in values])
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
    costs = tuple((j, _float_down(lo_u[j] + lo_v[j])) for j in range(k + 1))
    return SignChanges(odd=s_odd, even=s_even, robust_k=k, costs=costs, sharp=sharp,
                       norm_exceeds_eps=norm_lo > eps, filter=_describe_filter(*pair))


def _float_down(q: fmpq) -> float:
    value = int(q.p) / int(q.q)
    return value if to_fmpq(value) <= q else math.nextafter(value, -math.inf)


# =============================================================================================
# Upper bound: verification of a witness
# =============================================================================================
def _upper_fmpq(x: arb) -> fmpq:
    return _arb_point_to_fmpq(x.upper()) if x.is_finite() else None


def verify_witness(ssm: DiagonalSSM, values, eps, prec: int = DEFAULT_PREC) -> tuple[bool, fmpq | None, str]:
    """``(ok, error_upper, how)``: the l1 error of ``ssm`` against ``values`` up to t = len(values).

    Rational SSM and target: the exact error (fmpq).  Ball target (or ball SSM): an arb ball of
    the error, whose upper end is returned; ``ok`` when it is certainly <= eps.
    """
    eps = _coerce_eps(eps)
    values = [_entry(v, i) for i, v in enumerate(values)]
    t = len(values)
    if not ssm.has_ball_parameters:
        h = list(impulse_response(ssm, t, system="exact"))
        if not _is_ball(values):
            error = sum((abs(a - b) for a, b in zip(h, values)), fmpq(0))
            return error <= eps, error, "exact (fmpq)"
        with ctx.workprec(prec):
            ball = sum((abs(arb(a) - b) for a, b in zip(h, values)), arb(0))
        upper = _upper_fmpq(ball)
        return upper is not None and upper <= eps, upper, f"certified ball (arb, {prec} bits; witness exact)"
    h = impulse_response(ssm, t, system="arb", prec=prec)
    with ctx.workprec(prec):
        ball = sum((abs(a - (b if isinstance(b, arb) else arb(b))) for a, b in zip(h, values)), arb(0))
    upper = _upper_fmpq(ball)
    return upper is not None and upper <= eps, upper, f"certified ball (arb, {prec} bits; ball witness)"


# =============================================================================================
# Upper bound: one less than Proposition 1
# =============================================================================================
def _chebyshev_points(m: int, scale: float, shift: float, bits: int = 30) -> list[fmpq]:
    """``shift + scale cos((2j-1) pi / (2m))`` rounded to multiples of 2^-bits (shifted so that the
    set is not symmetric: a symmetric set can make ``L(Q0) = 0`` for targets with a zero parity)."""
    D = 1 << bits
    return [fmpq(round((shift + scale * math.cos((2 * j - 1) * math.pi / (2 * m))) * D), D)
            for j in range(1, m + 1)]


def _node_sets(extra: int = 32, seed: int = 0) -> list[tuple[float, float]]:
    """(scale, shift) of the node sets tried by :func:`one_less_witness`: eight fixed ones, then
    ``extra`` drawn with the recorded ``seed``; always ``scale + |shift| < 1`` (stable poles)."""
    fixed = [(1.0, 0.0), (0.97, 0.0123), (0.9, -0.0311), (0.97, 0.0257), (0.8, 0.0519), (0.99, -0.0071),
             (0.6, 0.1013), (0.5, -0.2017)]
    rng = np.random.default_rng(seed)
    for _ in range(extra):
        scale = float(rng.uniform(0.3, 0.98))
        fixed.append((scale, float(rng.uniform(-1.0, 1.0)) * (0.99 - scale)))
    return fixed


def one_less_witness(values, prec: int = DEFAULT_PREC, refine=None):
    """A real SSM of dimension ``t - 1`` matching ``values`` exactly (module docstring), or None.

    Returns ``(ssm, check)``; ``ssm`` has exact rational parameters for a rational target, and an
    arb pole and arb weights containing the exact construction for a ball target.  ``refine(prec)``
    re-evaluates a ball target at a higher precision (else the given balls are used throughout).
    """
    values = [_entry(v, i) for i, v in enumerate(values)]
    t = len(values)
    if t == 1:
        return None
    ball = _is_ball(values)
    for scale, shift in _node_sets():
        nodes = _chebyshev_points(t - 2, scale, shift) if t > 2 else []
        if len(set(nodes)) != len(nodes):
            continue
        q0 = fmpq_poly([1])
        for a in nodes:
            q0 = q0 * fmpq_poly([-a, 1])
        coeffs = [q0[j] for j in range(t - 1)]
        if not ball:
            den = sum((c * v for c, v in zip(coeffs, values[:t - 1])), fmpq(0))
            if den == 0:
                continue
            x = sum((c * v for c, v in zip(coeffs, values[1:])), fmpq(0)) / den
            if not abs(x) < 1 or x in nodes:
                continue
            weights = bjorck_pereyra(nodes + [x], values[:t - 1])
            ssm = DiagonalSSM(np.array(nodes + [x], dtype=object), np.array(weights, dtype=object),
                              np.array([fmpq(1)] * (t - 1), dtype=object), field="real")
            if list(impulse_response(ssm, t, system="exact")) != values:
                raise PrecisionError("one_less_witness: the exact construction does not match (internal error)")
            return ssm, "exact (fmpq): re-checked by impulse_response(system='exact'), error 0"
        work = first = max(prec, 2 * t + 64)
        while work <= 8 * MAX_PREC:
            with ctx.workprec(work):
                den = sum((arb(c) * v for c, v in zip(coeffs, values[:t - 1])), arb(0))
                num = sum((arb(c) * v for c, v in zip(coeffs, values[1:])), arb(0))
                if den > 0 or den < 0:
                    x = num / den
                    if not (abs(x) < 1 and all(x > arb(a) or x < arb(a) for a in nodes)):
                        break
                    weights = bjorck_pereyra([arb(a) for a in nodes] + [x], list(values[:t - 1]))
                    spread = sum((w.rad() for w in weights), arb(0))
                    size = sum((abs(w.mid()) for w in weights), arb(0))
                    if all(w.is_finite() for w in weights) and spread <= size * arb(2) ** -80:
                        ssm = DiagonalSSM(np.array([arb(a) for a in nodes] + [x], dtype=object),
                                          np.array(weights, dtype=object),
                                          np.array([arb(1)] * (t - 1), dtype=object), field="real")
                        return ssm, (f"certified construction (arb, {work} bits): the pole x = L(X Q0)/L(Q0) and "
                                     "the weights are balls containing an exact real SSM with error 0")
                elif work >= 4 * first:
                    break           # L(Q0) looks like 0 exactly: try the next node set
            if 2 * work > 8 * MAX_PREC:
                break
            work *= 2
            if refine is not None:
                values = [_entry(v, i) for i, v in enumerate(refine(work))]
    return None


# =============================================================================================
# Upper bound: the Levenberg-Marquardt search (float64 proposals, numba)
# =============================================================================================
@njit(cache=True)
def _residual(u, w, y):
    t, n = y.size, u.size
    r = -y.copy()
    for j in range(n):
        a = math.tanh(u[j])
        p = w[j]
        for k in range(t):
            r[k] += p
            p *= a
    return r


@njit(cache=True)
def _jacobian(u, w, t):
    """Derivatives of r_k = sum_j w_j a_j^k - y_k (k = 0..t-1, a = tanh u) by u_j and w_j."""
    n = u.size
    J = np.zeros((t, 2 * n))
    for j in range(n):
        a = math.tanh(u[j])
        da = 1.0 - a * a
        p = 1.0             # a^k
        q = 1.0             # a^(k-1), k >= 1
        for k in range(t):
            J[k, n + j] = p
            if k >= 1:
                J[k, j] = w[j] * k * q * da
                q *= a
            p *= a
    return J


@njit(cache=True)
def _weights_lstsq(u, y, rw):
    t, n = y.size, u.size
    V = np.empty((t, n))
    for j in range(n):
        a = math.tanh(u[j])
        p = 1.0
        for k in range(t):
            V[k, j] = p * rw[k]
            p *= a
    b = y * rw
    return np.linalg.lstsq(V, b)[0]


@njit(cache=True)
def _lm(u, w, y, rw, iterations):
    """Levenberg-Marquardt on sum rw_k^2 r_k^2 over (u, w); returns the improved (u, w)."""
    t, n = y.size, u.size
    lam = 1e-3
    r = _residual(u, w, y) * rw
    cost = np.dot(r, r)
    for _ in range(iterations):
        J = _jacobian(u, w, t)
        for k in range(t):
            J[k, :] *= rw[k]
        H = J.T @ J
        g = J.T @ r
        improved = False
        for _inner in range(12):
            M = H.copy()
            for i in range(2 * n):
                M[i, i] += lam * (H[i, i] + 1e-12)
            step = np.linalg.solve(M, -g)
            un, wn = u + step[:n], w + step[n:]
            if np.all(np.abs(un) < 18.0):
                rn = _residual(un, wn, y) * rw
                cn = np.dot(rn, rn)
                if cn < cost:
                    u, w, r = un, wn, rn
                    relative = (cost - cn) / max(cost, 1e-300)
                    cost = cn
                    lam = max(lam / 5.0, 1e-12)
                    improved = True
                    break
            lam *= 8.0
            if lam > 1e12:
                break
        if not improved or relative < 1e-12:
            break
    return u, w


@njit(cache=True)
def _fit_many(y, starts, iterations, rounds):
    """From each start (row of u-values), an l2 fit then ``rounds`` reweighted (l1-like) fits.

    Returns the fitted u's, w's and the float64 l1 errors."""
    S, n = starts.shape
    t = y.size
    U = np.empty((S, n))
    W = np.empty((S, n))
    errors = np.empty(S)
    for s in range(S):
        u = starts[s].copy()
        rw = np.ones(t)
        w = _weights_lstsq(u, y, rw)
        u, w = _lm(u, w, y, rw, iterations)
        for _ in range(rounds):
            r = _residual(u, w, y)
            scale = np.mean(np.abs(r))
            for k in range(t):
                rw[k] = 1.0 / math.sqrt(max(abs(r[k]), 1e-3 * scale + 1e-300))
            u, w = _lm(u, w, y, rw, iterations)
        U[s] = u
        W[s] = w
        errors[s] = np.sum(np.abs(_residual(u, w, y)))
    return U, W, errors


def _starts(rng: np.random.Generator, n: int, count: int, previous: np.ndarray | None) -> np.ndarray:
    """Seeded starting poles (as u = atanh a), see the module docstring."""
    rows = []
    for index in range(count):
        distance = 10.0 ** (-rng.uniform(0.0, 3.0, n))
        if index == 0:
            signs = np.ones(n)
        elif index == 1:
            signs = -np.ones(n)
        else:
            signs = np.where(rng.uniform(size=n) < 0.5, 1.0, -1.0)
        poles = signs * (1.0 - 0.999 * distance)
        if previous is not None and index % 2 == 0 and previous.size < n:
            poles[: previous.size] = np.tanh(previous)
        rows.append(np.arctanh(np.clip(poles, -0.9999, 0.9999)))
    return np.array(rows)


def _l1_weights(poles: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """l1-optimal weights for fixed poles: ``min sum s, -s <= V w - y <= s`` (HiGHS)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, hstack, identity, vstack

    t, n = y.size, poles.size
    V = poles[None, :] ** np.arange(t)[:, None]
    eye = identity(t, format="csr")
    A = vstack([hstack([csr_matrix(V), -eye]), hstack([csr_matrix(-V), -eye])]).tocsr()
    b = np.concatenate([y, -y])
    c = np.concatenate([np.zeros(n), np.ones(t)])
    bounds = [(None, None)] * n + [(0, None)] * t
    result = linprog(c, A_ub=A, b_ub=b, bounds=bounds, method="highs")
    return result.x[:n] if result.status == 0 else None


#: Scales delta of the structured pole families (module docstring).
DELTAS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.6, 1.0)
#: Largest dimension for which the Levenberg-Marquardt search backs up the structured families.
LM_MAX_N = 12


def _family(n: int, delta: float, signs: tuple) -> list[fmpq]:
    """``sign (1 - delta x_j)`` with x_j the Chebyshev points of [0, 1], split evenly over ``signs``,
    rounded to multiples of 2^-48 (distinct, modulus < 1)."""
    poles = []
    for index, sign in enumerate(signs):
        m = n // len(signs) + (1 if index < n % len(signs) else 0)
        for j in range(1, m + 1):
            x = (1 - math.cos((2 * j - 1) * math.pi / (2 * m))) / 2
            poles.append(fmpq(round(sign * (1 - delta * x) * 2**48), 2**48))
    return poles


def _least_squares(values, poles: list[fmpq], prec: int):
    """Least-squares weights for fixed poles, by the normal equations in arb at ``prec`` bits: the
    Gram matrix of the columns ``c^k`` in closed form, ``sum_k (c_i c_j)^k = (1 - (c_i c_j)^t) /
    (1 - c_i c_j)``, and ``sum_k c_i^k phi_(k+1)`` by polynomial evaluation.

    Returns ``(weights, l2)``: the weights as rationals (the ball midpoints) and a float estimate of
    the l2 error ``(phi.phi - 2 w.b + w.G.w)^(1/2)``, a lower bound of the l1 error (for screening
    only: a witness is verified separately), or None."""
    t, n = len(values), len(poles)
    with ctx.workprec(prec):
        c = [arb(x) for x in poles]
        y = [v.mid() if isinstance(v, arb) else arb(v) for v in values]
        gram = arb_mat(n, n)
        for i in range(n):
            for j in range(i, n):
                product = c[i] * c[j]
                gram[i, j] = gram[j, i] = (1 - product ** t) / (1 - product)
        poly = arb_poly(y)
        rhs = arb_mat(n, 1, [poly(x) for x in c])
        try:
            w = gram.solve(rhs, nonstop=True)
        except (ZeroDivisionError, ValueError):
            return None
        if not all(w[j, 0].is_finite() for j in range(n)):
            return None
        weights = [_arb_point_to_fmpq(w[j, 0].mid()) for j in range(n)]
        exact = arb_mat(n, 1, [arb(x) for x in weights])
        square = sum((x * x for x in y), arb(0)) - 2 * (exact.transpose() * rhs)[0, 0] + \
            (exact.transpose() * gram * exact)[0, 0]
        if not square.is_finite():
            return None
    return weights, math.sqrt(max(float(square.mid()), 0.0))


def _try_dimension(n: int, values, y, eps: fmpq, rng, previous, starts, iterations, rounds, prec):
    """Look for a verified witness of dimension n: the structured pole families with
    least-squares weights (high precision), then (n <= LM_MAX_N) Levenberg-Marquardt fits with
    l1-optimal weights.  Returns ``(found, entry, best_u)``, ``found = (ssm, error, how)`` or None."""
    t = len(values)
    entry = {"n": n}
    ones = [fmpq(1)] * n
    best = None
    for signs in ((1,), (-1,), (1, -1)):
        if len(signs) > n:
            continue
        for delta in DELTAS:
            poles = _family(n, delta, signs)
            if len(set(poles)) != n:
                continue
            fitted = _least_squares(values, poles, 64 + 3 * t) or _least_squares(values, poles, 128 + 6 * t + 16 * n)
            if fitted is None:
                continue
            weights, l2 = fitted
            if best is None or l2 < best:
                best = l2
            if not l2 <= float(eps):           # l1 >= l2 > eps: cannot verify
                continue
            ssm = DiagonalSSM(np.array(poles, dtype=object), np.array(weights, dtype=object),
                              np.array(ones, dtype=object), field="real")
            ok, error, how = verify_witness(ssm, values, eps, prec)
            if ok:
                entry.update(structured_l1=float(error), verified=True, family={"delta": delta, "signs": signs})
                return (ssm, error, how), entry, previous
    entry["structured_best_l2"] = None if best is None else float(best)
    if n > LM_MAX_N:
        return None, entry, previous
    U, W, errors = _fit_many(y, _starts(rng, n, starts, previous), iterations, rounds)
    order = [i for i in np.argsort(errors) if np.isfinite(errors[i])]
    if not order:
        return None, entry, previous
    entry.update(starts=starts, lm_best_float64_l1=float(errors[order[0]]))
    for index in order[:3]:
        if not errors[index] <= 4 * float(eps):
            break
        poles = np.tanh(U[index])
        if np.unique(poles).size != n:
            continue
        weights = _l1_weights(poles, y)
        if weights is None or not np.all(np.isfinite(weights)):
            continue
        ssm = DiagonalSSM(poles, weights, np.ones(n), field="real")
        ok, error, how = verify_witness(ssm, values, eps, prec)
        entry.setdefault("lm_certified_l1", []).append(None if error is None else float(error))
        if ok:
            entry["verified"] = True
            return (ssm, error, how), entry, U[order[0]]
    return None, entry, U[order[0]]


def _search(values, y: np.ndarray, eps: fmpq, lower: int, first: int, cap: int, seed: int, starts: int,
            iterations: int, rounds: int, prec: int, deadline: float | None):
    """Try dimension ``first`` (>= lower); after a failure, galloping upwards (first + 1, + 2, + 4,
    ...) up to ``cap``; after a verified witness, bisect between the largest dimension known to fail
    (initially ``lower - 1``, excluded by the lower bound) and it.  Returns (witness, error,
    check, record); the witness is the smallest verified one."""
    rng = np.random.default_rng(seed)
    record, previous = [], None
    best, failed = None, lower - 1

    def attempt(n):
        nonlocal previous
        if deadline is not None and time.monotonic() > deadline:
            record.append({"n": n, "skipped": "time budget"})
            return None, True
        found, entry, previous = _try_dimension(n, values, y, eps, rng, previous, starts, iterations, rounds, prec)
        record.append(entry)
        return found, False

    n, step = first, 1
    while n <= cap:
        found, stop = attempt(n)
        if stop:
            break
        if found is not None:
            best = found
            break
        failed = n
        n, step = n + step, 2 * step
        if n > cap and failed < cap:
            n = cap
    while best is not None and best[0].n - failed > 1:
        n = (failed + best[0].n) // 2
        found, stop = attempt(n)
        if stop:
            break
        if found is not None:
            best = found
        else:
            failed = n
    if best is None:
        return None, None, None, record
    return best + (record,)


# =============================================================================================
# Main entry point
# =============================================================================================
def dimension_bracket(phi, eps=0, *, seed: int = 0, search: bool = True, search_up_to: int | None = None,
                      search_max_n: int = MAX_SEARCH_N, starts: int = 24,
                      iterations: int = 60, rounds: int = 3,
                      max_seconds: float | None = None, prec: int = DEFAULT_PREC) -> DimensionBracket:
    """Bracket the smallest real dimension that eps-approximates ``phi`` up to t = len(phi).

    ``phi``: a sequence of reals (ints, Fractions, fmpq and floats are taken exactly; arb balls
    stand for every target inside them), a :class:`~numerics.ssm.targets.Target`, or a
    :class:`~numerics.ssm.complex_target.ComplexOscillator` (whose balls can be refined, and which
    enables lower bound 2 at eps = 0).  ``eps >= 0`` (exact).  ``search``: look for a witness
    (eps > 0) of dimension ``max(lower, search_up_to)`` first (e.g. the largest dimension that would
    refute a claimed bound), then galloping upwards to ``search_max_n`` (and t - 2) and bisecting
    back after a verified witness; ``starts`` Levenberg-Marquardt starts per dimension (for
    n <= ``LM_MAX_N``), ``iterations`` and ``rounds`` per start, within ``max_seconds``; ``seed``
    seeds it.  ``prec``: starting arb precision for ball targets.
    """
    start = time.monotonic()
    for name, value, low in (("seed", seed, 0), ("starts", starts, 1),
                             ("search_max_n", search_max_n, 1),
                             ("iterations", iterations, 1), ("rounds", rounds, 0), ("prec", prec, 16)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
            raise InputError(f"{name}: must be an integer >= {low}, got {value!r}")
    if search_up_to is not None and (isinstance(search_up_to, bool) or not isinstance(search_up_to, Integral)):
        raise InputError(f"search_up_to: must be an integer or None, got {search_up_to!r}")
    if max_seconds is not None and (isinstance(max_seconds, bool) or not isinstance(max_seconds, Real)
                                    or not max_seconds > 0):
        raise InputError(f"max_seconds: must be a positive number or None, got {max_seconds!r}")
    eps = _coerce_eps(eps)
    values, refine = _coerce_phi(phi, prec)
    t = len(values)

    # ---- lower bound 1, raising the precision of a refinable ball target until sharp -----------
    # (at eps = 0 a complex oscillator gets lower bound 2, t - 1, which the sign changes never beat)
    rank_bound = eps == 0 and isinstance(phi, ComplexOscillator)
    changes = sign_change_bound(values, eps, filters=not rank_bound)
    while not changes.sharp and not rank_bound and refine is not None and 2 * prec <= MAX_PREC:
        prec *= 2
        values = refine(prec)
        changes = sign_change_bound(values, eps)
    lower = changes.lower
    lower_how = (f"sign changes (Lemma 4 on (A^2, B, C A^o p(A))): the filtered sequences {changes.filter} "
                 f"keep >= {changes.robust_k} changes under any l1 perturbation <= eps"
                 + ("" if changes.sharp else " (comparison with eps not decided at the largest precision: "
                                             "the bound is rigorous but may not be sharp)"))
    if not changes.norm_exceeds_eps:
        lower_how = "||phi||_1 > eps not certified: lower bound 0"
    if rank_bound and t - 1 > lower:
        with ctx.workprec(prec):
            nonreal = abs(phi.theta(prec).sin()) > 0
        if nonreal:
            lower = t - 1
            lower_how = ("eps = 0, one-dimensional complex target with non-real A, BC != 0: Vandermonde rank "
                         "gives n >= t - 1")

    system = "arb" if _is_ball(values) else "exact"
    record: list = []
    # ---- upper bound ---------------------------------------------------------------------------
    witness = error = check = None
    if not changes.norm_exceeds_eps:
        l1 = sum((m for _, m in _signed_magnitudes(values, True)), fmpq(0))
        if l1 <= eps:
            witness = DiagonalSSM(np.array([fmpq(0)], dtype=object), np.array([fmpq(0)], dtype=object),
                                  np.array([fmpq(1)], dtype=object), field="real")
            upper, error = 0, l1
            check = "||phi||_1 <= eps (upper end of the balls): the zero mapping"
            upper_how = "zero mapping"
    if witness is None and search and eps > 0:
        cap = min(search_max_n, t - 2)
        first = max(lower, 1, -1 if search_up_to is None else int(search_up_to))
        if first <= cap:
            y = np.array([float(v.mid()) if isinstance(v, arb) else int(v.p) / int(v.q) for v in values])
            deadline = None if max_seconds is None else start + max_seconds
            witness, error, check, record = _search(values, y, eps, max(lower, 1), first, cap, seed, starts,
                                                    iterations, rounds, prec, deadline)
            if witness is not None:
                upper = witness.n
                verified = next(entry for entry in record if entry.get("verified") and entry["n"] == upper)
                upper_how = ("search: " + (f"structured pole family {verified['family']}, least-squares weights in "
                                           "arb" if "family" in verified else
                                           f"Levenberg-Marquardt (numba, seed {seed}, {starts} starts per n), l1 LP "
                                           "weights (HiGHS)") + "; error verified")
    if witness is None:
        built = one_less_witness(values, prec, refine)
        if built is not None:
            witness, check = built
            upper, error = t - 1, fmpq(0)
            upper_how = "one less than Proposition 1: t - 2 Chebyshev poles and x = L(X Q0)/L(Q0) (error 0)"
            if witness.has_ball_parameters:
                _, bound, _ = verify_witness(witness, values, eps, max(prec, 2 * t + 64))
                check += f"; arb re-check: l1 error of every SSM in the balls <= {float(bound):.3g}"
        else:
            work = max(prec, 4 * t + 128)
            witness = vandermonde_ssm(values if refine is None else [_entry(v, i) for i, v in enumerate(refine(work))],
                                      chebyshev_nodes(t), field="real", rel_radius=2.0**-20)
            upper, error = t, fmpq(0)
            upper_how = "Proposition 1 (Vandermonde on t Chebyshev poles, error 0)"
            check = ("exact (fmpq) Vandermonde solution" if not witness.has_ball_parameters else
                     "certified construction (arb): weights contain the exact Vandermonde solution, error 0")
    if lower > upper:
        raise PrecisionError(f"dimension_bracket: lower bound {lower} exceeds the verified dimension {upper} "
                             "(internal error)")
    return DimensionBracket(lower=lower, upper=upper, witness=witness, witness_error=error, witness_check=check,
                            lower_how=lower_how, upper_how=upper_how, t=t, eps=eps, system=system, prec=prec,
                            sign_changes=changes, search=tuple(record), seed=seed, seconds=time.monotonic() - start)
