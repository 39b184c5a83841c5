"""The dimension-magnitude frontier: the smallest ``||w||_1`` with at most n real states within eps.

Theorem 1 of Ran-Milo et al. 2024 asks how many real states eps-approximate a target, Theorem 2 how
large their weights must be.  The frontier joins the two: for a target ``phi`` (t entries), a
dimension ``n >= 1`` and ``eps >= 0``,

    F(n, eps) = inf { ||w||_1 = sum_j |B_j C_j| : real diagonal SSMs with at most n states,
                      |A_jj| <= 1,  sum_(k<=t) |h_k - phi_k| <= eps },   h_k = sum_j w_j A_jj^(k-1),

(``+inf`` when no such SSM exists; ``|A_jj| <= 1`` is the paper's standing assumption, the class of
:func:`.l1.min_l1_weight` and of the ``stable=True`` dimension bracket).  Two facts are theorems and
are enforced by construction on the returned bounds:

* (M1) ``F`` is non-increasing in n: an SSM with at most n states has at most n + 1;
* (M2) ``F`` is non-increasing in eps: a larger eps relaxes the constraint.

:func:`weight_frontier` returns, for every eps asked and ``n = 1..n_max``, ``lower <= F(n, eps) <= upper``.

Lower end: certified
--------------------
* ``+inf`` for ``n < n_lo``, the rigorous lower end of :func:`.dimension.dimension_bracket` (sign
  changes, the Vandermonde rank at eps = 0, annihilating polynomials when asked): no real SSM with
  fewer states is within eps;
* for ``n >= n_lo``, the certified lower end of ``truth(phi, eps) = F(infinity, eps)``,
  :func:`.l1.min_l1_weight` (a dual polynomial, its value computed exactly or in arb, divided by a
  rigorous bound on its sup norm), a float rounded down: ``F(n, eps) >= truth(phi, eps)``;
* (M2): a lower bound at a larger eps bounds every smaller eps, so ``n_lo`` and the lower end at
  each eps are the maxima over the eps at least as large.  (M1) then holds as built: ``+inf``
  below ``n_lo``, constant from there on.

Upper end: verified witnesses from a float64 search (an upper bound, not the optimum)
-------------------------------------------------------------------------------------
Candidate pole sets (float64, distinct, in ``[-1, 1]``; eps > 0):

* *error-greedy elimination* (as in :mod:`.varpro`): from each of its start sets drop, one at a
  time, the pole whose removal increases ``E(a) = min_w ||V(a) w - phi||_1`` least (an LP on an
  orthonormal basis of the columns, :func:`.varpro.l1_fit_error`), moving the rest by variable
  projection when a drop exceeds the budget; every set with ``E <= SAFETY * eps`` is a candidate
  (these reach the small dimensions);
* *weight-greedy elimination*: from the support of :func:`.l1.min_l1_weight`'s witness (the optimum
  over all dimensions) drop, one at a time, the pole whose removal gives the smallest value of the
  weight LP below, while it stays feasible (these keep the weights small);
* the poles of the dimension bracket's witness.

For each candidate the *weight LP* ``min ||w||_1 s.t. ||V(a) w - phi||_1 <= f eps`` (monomial
basis, HiGHS; ``f`` in :data:`BUDGET_FACTORS`, the next one tried when verification fails)
proposes weights; the float64 poles and weights, taken as exact rationals, form a real SSM whose
l1 error is verified by :func:`.upper_bounds.verify_witness` (exact fmpq, or a certified arb ball
for ball targets) and whose ``||w||_1`` is then an exact rational.  The dimension bracket's witness
and :func:`.l1.min_l1_weight`'s witness (each verified by its own module; ``||w||_1`` of a ball
witness is the upper end of its ball) are candidates as they are.  ``upper(n)`` is the smallest
``||w||_1`` of a verified candidate with at most n states (states of weight exactly 0 are not
counted), then (M2) the minimum over the eps at most as large; ``+inf`` means none was found
(not that none exists).  At eps = 0 only the two modules' witnesses are used (the LP proposes
inexact fits).  Everything is deterministic: no randomness beyond the bracket's recorded seed and
no time limits in the search (the bracket's options may add some; see
:func:`.dimension.dimension_bracket`).

>>> from flint import fmpq
>>> curve = weight_frontier([1, fmpq(1, 2), fmpq(1, 4), fmpq(1, 8), fmpq(1, 16)], [fmpq(1, 100)], n_max=3).curves[0]
>>> curve.n_lo, curve.n_hi, 0 < curve.lower[0] <= curve.upper[0] <= 1   # the pole 1/2, weight <= 1
(1, 1, True)
"""
from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from flint import arb, ctx, fmpq

from ..errors import InputError, PrecisionError, check_int
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import DEFAULT_PREC, to_fmpq
from .dimension import dimension_bracket
from .dimension_input import _coerce_eps, _coerce_phi, float_values
from .l1 import min_l1_weight
from .rounding import _arb_exact_to_fmpq, _float_upper_q
from .upper_bounds import vandermonde, verify_witness
from .varpro import SAFETY, _refine, _start_sets, l1_fit_error

__all__ = ["FrontierCurve", "Frontier", "weight_frontier", "elimination_witnesses"]

#: Error budgets ``f eps`` of the weight LP, tried in turn until the rounded SSM verifies.
BUDGET_FACTORS = (0.97, 0.8, 0.5)
#: Variable-projection iterations when a drop exceeds the budget (error-greedy elimination).
REFINE_ITERATIONS = 30
#: Options of :func:`.dimension.dimension_bracket` that ``bracket_options`` may set.
BRACKET_OPTIONS = frozenset(inspect.signature(dimension_bracket).parameters) - {"phi", "eps", "prec"}


@dataclass(frozen=True)
class FrontierCurve:
    """``lower[i] <= F(ns[i], eps) <= upper[i]`` (module docstring).

    ``lower``: certified (``inf``: no real SSM with that many states is within eps), as
    ``lower_how`` says; ``upper``: ``||w||_1`` of ``witnesses[i]``, a verified real SSM with
    ``states[i] <= ns[i]`` states (``inf`` and None: none found), as ``upper_how[i]`` says.
    ``n_lo``: certified lower end of the minimal dimension (after (M2)); ``n_hi``: the fewest states of
    a verified witness (bracket, elimination or frontier, after (M2)).  ``truth_lower`` /
    ``truth_upper``: :func:`.l1.min_l1_weight`'s certified bracket at this eps (any dimension)."""

    eps: fmpq
    ns: tuple
    lower: tuple
    upper: tuple
    states: tuple
    upper_how: tuple
    witnesses: tuple
    n_lo: int
    n_hi: int
    truth_lower: float
    truth_upper: float
    lower_how: str


@dataclass(frozen=True)
class Frontier:
    """One :class:`FrontierCurve` per eps (ascending) for a target of length ``t``."""

    t: int
    curves: tuple
    seconds: float


# ---------------------------------------------------------------------------------------------
# Float64 proposals
# ---------------------------------------------------------------------------------------------
def _weight_lp(poles: np.ndarray, y: np.ndarray, budget: float):
    """``min ||w||_1 s.t. ||V(poles) w - y||_1 <= budget`` (HiGHS): ``(value, w)`` or ``(inf, None)``.

    Variables ``(w, u, r)``: ``-u <= w <= u``, ``-r <= V w - y <= r``, ``sum r <= budget``."""
    from scipy.optimize import linprog
    t, m = y.size, poles.size
    V = vandermonde(poles, t)
    eye_m, eye_t = np.eye(m), np.eye(t)
    zm, zt, ztm = np.zeros((m, t)), np.zeros((t, m)), np.zeros((t, m))
    A = np.block([[eye_m, -eye_m, zm], [-eye_m, -eye_m, zm], [V, ztm, -eye_t], [-V, zt, -eye_t],
                  [np.zeros((1, 2 * m)), np.ones((1, t))]])
    b = np.concatenate([np.zeros(2 * m), y, -y, [budget]])
    cost = np.concatenate([np.zeros(m), np.ones(m), np.zeros(t)])
    result = linprog(cost, A_ub=A, b_ub=b, bounds=[(None, None)] * m + [(0, None)] * (m + t), method="highs")
    return (result.fun, result.x[:m]) if result.status == 0 else (math.inf, None)


def _error_chains(y: np.ndarray, budget: float, lower: int) -> list:
    """Pole sets with float64 ``E <= SAFETY * budget`` met by error-greedy elimination (module docstring)."""
    found = []
    for _, poles in _start_sets(y.size):
        error = l1_fit_error(poles, y)
        while error <= SAFETY * budget:
            found.append(poles)
            if poles.size <= lower:
                break
            drops = [l1_fit_error(np.delete(poles, i), y) for i in range(poles.size)]
            i = int(np.argmin(drops))
            candidate, error = np.delete(poles, i), drops[i]
            if error > SAFETY * budget:
                moved = _refine(candidate, y, REFINE_ITERATIONS)
                candidate, error = moved, min(error, l1_fit_error(moved, y))
            poles = candidate
    return found


def _weight_chain(poles: np.ndarray, y: np.ndarray, budget: float, lower: int) -> list:
    """Pole sets met by weight-greedy elimination from ``poles`` (module docstring)."""
    found = []
    while True:
        found.append(poles)
        if poles.size <= lower:
            return found
        values = [_weight_lp(np.delete(poles, i), y, SAFETY * budget)[0] for i in range(poles.size)]
        i = int(np.argmin(values))
        if not math.isfinite(values[i]):
            return found
        poles = np.delete(poles, i)


# ---------------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------------
def _weight_norm(ssm: DiagonalSSM) -> tuple[fmpq, int]:
    """``(a rational >= ||B ⊙ C||_1, states whose weight is not exactly 0, at least 1)``: exact for
    rational parameters, the upper end of the arb ball otherwise."""
    with ctx.workprec(max(DEFAULT_PREC, 4 * ssm.n + 64)):
        products = [arb(b) * arb(c) if isinstance(b, arb) or isinstance(c, arb) else to_fmpq(b) * to_fmpq(c)
                    for b, c in zip(ssm.B, ssm.C)]
        states = max(1, sum(1 for w in products if not (isinstance(w, fmpq) and w == 0)))
        if any(isinstance(w, arb) for w in products):
            return _arb_exact_to_fmpq(sum((abs(arb(w)) for w in products), arb(0)).upper()), states
    return sum((abs(w) for w in products), fmpq(0)), states


def _verified_lp_witness(poles: np.ndarray, values, y: np.ndarray, eps: fmpq, prec: int):
    """The weight LP's SSM on ``poles`` if its error verifies: ``(ssm, norm, states, check)`` or None."""
    for factor in BUDGET_FACTORS:
        _, w = _weight_lp(poles, y, factor * float(eps))
        if w is None:
            return None
        if not np.all(np.isfinite(w)):
            continue
        ssm = DiagonalSSM(poles.copy(), w, np.ones(poles.size), field="real")
        ok, _, check = verify_witness(ssm, values, eps, prec)
        if ok:
            norm, states = _weight_norm(ssm)
            return ssm, norm, states, f"weight LP (budget {factor} eps, HiGHS), l1 error {check}"
    return None


def elimination_witnesses(phi, eps, *, lower: int = 1, prec: int = DEFAULT_PREC) -> dict:
    """Verified real SSMs from error-greedy elimination (module docstring), keyed by their number of states:
    ``{states: (ssm, norm, check)}`` with ``norm = ||w||_1`` (exact rational), the smallest per size.

    ``phi`` as :func:`.dimension.dimension_bracket` takes it; ``eps > 0``; ``lower``: a known lower end
    of the minimal dimension (elimination stops there).  Deterministic; every SSM is verified."""
    eps = _coerce_eps(eps)
    lower = check_int("lower", lower, 1)
    if eps == 0:
        raise InputError("eps: must be > 0 for the elimination search, got 0")
    values, _ = _coerce_phi(phi, prec)
    y = float_values(values)
    return _collect(_error_chains(y, float(eps), lower), values, y, eps, prec, "error-greedy elimination")



def _collect(pole_sets, values, y, eps, prec, label: str, into: dict | None = None) -> dict:
    """Verify each pole set's weight-LP SSM; keep the smallest ``||w||_1`` per number of states."""
    best = {} if into is None else into
    for poles in pole_sets:
        found = _verified_lp_witness(poles, values, y, eps, prec)
        if found is not None:
            ssm, norm, states, check = found
            if states not in best or norm < best[states][1]:
                best[states] = (ssm, norm, f"{label}; {check}")
    return best


# ---------------------------------------------------------------------------------------------
# The frontier
# ---------------------------------------------------------------------------------------------
def _coerce_epsilons(epsilons) -> list:
    if isinstance(epsilons, (str, bytes)) or not hasattr(epsilons, "__iter__"):
        raise InputError(f"epsilons: expected a sequence of numbers >= 0, got {epsilons!r}")
    out = []
    for value in epsilons:
        try:
            out.append(_coerce_eps(value))
        except InputError as error:
            raise InputError(f"epsilons: {error}") from None
    if not out or len(set(out)) != len(out):
        raise InputError(f"epsilons: expected distinct values, at least one, got {list(epsilons)!r}")
    return sorted(out)


def _single(phi, values, y, eps: fmpq, prec: int, options: dict) -> dict:
    """The raw bounds at one eps, before (M1)/(M2): certified ``n_lo``, ``truth`` and the verified
    candidates ``{states: (ssm, norm, how)}``."""
    bracket = dimension_bracket(phi, eps, prec=prec, **options)
    truth = min_l1_weight(values, eps)
    candidates: dict = {}
    for ssm, how in ((bracket.witness, f"dimension bracket's witness ({bracket.upper_how})"),
                     (truth.witness, "min_l1_weight's witness (the optimum over all dimensions)")):
        norm, states = _weight_norm(ssm)
        if states not in candidates or norm < candidates[states][1]:
            candidates[states] = (ssm, norm, how)
    if eps > 0:
        budget, stop = float(eps), max(bracket.lower, 1)
        _collect(_error_chains(y, budget, stop), values, y, eps, prec, "error-greedy elimination", candidates)
        support = np.array(sorted({float(a) for a, b in zip(truth.witness.A, truth.witness.B)
                                   if not (isinstance(b, fmpq) and b == 0)}))
        if support.size and not truth.witness.has_ball_parameters:
            _collect(_weight_chain(support, y, budget, stop), values, y, eps, prec,
                     "weight-greedy elimination from min_l1_weight's support", candidates)
        if not bracket.witness.has_ball_parameters:
            poles = np.array([float(a) for a in bracket.witness.A])
            if np.unique(poles).size == poles.size:
                _collect([poles], values, y, eps, prec, "the dimension bracket's poles", candidates)
    return {"n_lo": bracket.lower, "n_hi": bracket.upper, "lower_how": bracket.lower_how, "truth": truth,
            "candidates": candidates}


def weight_frontier(phi, epsilons, *, n_max: int | None = None, prec: int = DEFAULT_PREC,
                    bracket_options: dict | None = None) -> Frontier:
    """Bracket the frontier ``F(n, eps)`` for ``n = 1..n_max`` (default t) and each eps (module docstring).

    ``phi``: as :func:`.dimension.dimension_bracket` takes it (a sequence of reals or balls, a Target,
    a ComplexOscillator); ``epsilons``: distinct numbers >= 0 (exact); ``prec``: the arb precision of
    ball targets; ``bracket_options``: keyword options of :func:`.dimension.dimension_bracket` (e.g.
    ``annihilator_seconds``, ``annihilator_boxes``, ``starts``, ``seed``)."""
    start = time.monotonic()
    epsilons = _coerce_epsilons(epsilons)
    prec = check_int("prec", prec, 16)
    options = {} if bracket_options is None else bracket_options
    if not isinstance(options, dict) or not set(options) <= BRACKET_OPTIONS:
        raise InputError(f"bracket_options: expected a dict with keys among {sorted(BRACKET_OPTIONS)}, "
                         f"got {bracket_options!r}")
    values, refine = _coerce_phi(phi, prec)
    t = len(values)
    if n_max is None:
        n_max = t
    if isinstance(n_max, bool) or not isinstance(n_max, Integral) or n_max < 1:
        raise InputError(f"n_max: must be an integer >= 1, got {n_max!r}")
    y = float_values(values)
    raw = [_single(phi, values, y, eps, prec, options) for eps in epsilons]
    ns = tuple(range(1, int(n_max) + 1))
    # (M2) on the certified ends: the maxima over the eps at least as large
    n_lo = [max(r["n_lo"] for r in raw[i:]) for i in range(len(raw))]
    truth_lo = [max(r["truth"].lower for r in raw[i:]) for i in range(len(raw))]
    curves, carried = [], [None] * len(ns)
    for i, (eps, r) in enumerate(zip(epsilons, raw)):
        # (M1): the best verified candidate with at most n states; (M2): or the best at a smaller eps
        best, row = None, []
        for j, n in enumerate(ns):
            if n in r["candidates"]:
                ssm, norm, how = r["candidates"][n]
                entry = (_float_upper_q(norm), n, ssm, how, eps)
                if best is None or entry[0] < best[0]:
                    best = entry
            row.append(min((e for e in (best, carried[j]) if e is not None), key=lambda e: e[0], default=None))
        carried = row
        lower = tuple(math.inf if n < n_lo[i] else truth_lo[i] for n in ns)
        upper = tuple(math.inf if e is None else e[0] for e in row)
        if any(lo > up for lo, up in zip(lower, upper)):
            raise PrecisionError(f"weight_frontier: a certified lower end exceeds a verified witness at eps = {eps} "
                                 "(internal error)")
        curves.append(FrontierCurve(
            eps=eps, ns=ns, lower=lower, upper=upper, states=tuple(None if e is None else e[1] for e in row),
            upper_how=tuple(None if e is None else e[3] + ("" if e[4] == eps else
                                                           f" (found at eps = {e[4]}; serves larger eps, M2)")
                            for e in row),
            witnesses=tuple(None if e is None else e[2] for e in row), n_lo=n_lo[i],
            n_hi=min([r["n_hi"], *r["candidates"], *(c.n_hi for c in curves)]),
            truth_lower=truth_lo[i], truth_upper=min([r["truth"].upper, *(c.truth_upper for c in curves)]),
            lower_how=(f"n < {n_lo[i]}: infeasible (dimension bracket, max over eps' >= eps: {r['lower_how']}); "
                       "otherwise min_l1_weight's certified lower end (dual certificate, any dimension), "
                       "max over eps' >= eps")))
    return Frontier(t=t, curves=tuple(curves), seconds=time.monotonic() - start)
