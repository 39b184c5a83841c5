"""Small real SSMs under an l1 budget: pole elimination with variable projection, verified.

For a target ``phi`` (t entries) and ``eps > 0`` the search looks for real poles ``a_1..a_n`` in
``[-1, 1]`` and weights ``w`` with ``||V(a) w - phi||_1 <= eps``, ``V(a)_(k,j) = a_j^(k-1)``, and
``n`` as small as it can get: an upper end of ``n_min(phi, eps)`` (:mod:`.dimension`).

The maths
---------
* **Fixed poles, l1-optimal fit, well conditioned.**  For fixed poles the best l1 error is
  ``E(a) = min_w ||V(a) w - phi||_1``, a linear program.  ``V(a)`` is hopelessly ill conditioned
  (clustered poles, weights growing exponentially: Theorem 2 of Ran-Milo et al.), but ``E``
  depends only on the column space of ``V(a)``, which is also spanned by the Newton basis
  ``N_j(k) = [a_1..a_j] x^(k-1) = h_(k-j)(a_1..a_j)`` (divided differences of the powers; ``h_m`` the
  complete homogeneous symmetric polynomials, computed by the recurrence
  ``h_m(a_1..a_j) = h_m(a_1..a_(j-1)) + a_j h_(m-1)(a_1..a_j)``, poles in increasing order).  For
  clustered poles the Newton columns keep their accuracy where the monomial ones cancel (t = 18,
  14 poles in [0.56, 1]: condition number 1.5e5 against 1.2e16, and an l1 error that the monomial
  QR puts at 0.092 is 0.191, as mpmath's QR at 60 digits confirms).  With ``N = Q R`` (Householder,
  float64) ``E = min_c ||Q c - phi||_1``, an LP with an orthonormal matrix (HiGHS).  The Newton
  basis is not well conditioned everywhere: at t = 45 (arg A = pi/2) 35 poles spread over
  [0.70, 1] give it condition 4e15 and an l1 error of 0.270 where the same float64 LP on a basis
  orthonormalised at 200 bits gives 0.3025 (a tight cluster, condition 2e18: 1.25 against 6.44).
  This only *proposes*: the least-squares weights (float64, or failing that in arb,
  :func:`.upper_bounds._least_squares`) of the fit ``Q c`` and the float64 poles, both exact
  rationals, are verified by :func:`.upper_bounds.verify_witness` (exact fmpq or certified arb
  error), and only a verified witness counts.
* **Pole elimination.**  From a rich start set (``n0`` poles) drop, one at a time, the pole whose
  removal increases ``E`` least (every candidate re-solved); when that exceeds the budget, move
  the rest by variable projection (kept when ``E`` decreases); continue as long as
  ``E <= SAFETY * eps`` in float64; the sets
  reached are then verified from the smallest up, and the first verified one is the witness.
* **Variable projection.**  The poles are moved by Gauss-Newton /
  Levenberg-Marquardt on the projected residual ``r(a) = D (I - P(a)) phi``
  (Golub-Pereyra with Kaufman's Jacobian ``dr/da_j = -w_j D (I - P) V'_j``, weights eliminated),
  with IRLS weights ``D = diag(|r_LP|+delta)^(-1/2)`` taken from the LP residual, so that the l2
  steps decrease the l1 error; poles are kept in ``[-1, 1]`` and apart.
* **Structure.**  Odd and even entries are two exponential sums in ``x = a^2`` sharing their nodes
  ``+-sqrt(x)``; the start sets are (i) the Chebyshev points of [-1, 1] (for even size already
  symmetric pairs ``+-sqrt(x_j)``, ``x_j`` the Chebyshev points of [0, 1]) and (ii) pairs
  ``+-sqrt(x_j)`` over the Gauss-Legendre nodes ``x_j`` of [0, 1] (plus 0 for odd size), which fit
  the two parities independently, each of ``n0 = min(t - 1, N0_MAX)`` poles.  The small dimensions are
  left to the seeded Levenberg-Marquardt fits of :mod:`.upper_bounds` (the bracket runs both).  A
  start set whose error already exceeds eps yields nothing (e.g. arg A = pi/2, where generic sets of
  t - 1 poles are far off and only the exact one-less construction of :mod:`.upper_bounds` fits).

Spread clusters (:func:`spread_search`)
---------------------------------------
A second family of starts for a fixed dimension n: one cluster of poles spread over a wide range,
``a_j = b exp(2 (lambda_j - kappa) / (t - 1))`` with ``lambda_j = kappa cos(pi (j - 1/2) / n)``, base
``b = +-1`` and widths ``kappa`` in ``SPREAD_WIDTHS`` (the tight cluster of :mod:`.cluster`, kappa =
0.05, follows a polynomial; a spread one is an exponential sum with room to bend), each moved by the
variable projection above until it stops improving; the best is verified.  The search starts one
below a known upper end and goes down while a verified witness is found.  At t = 18,
arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4 it finds 14 states where one tight cluster
needs 15.  (Nelder-Mead on the l1 error from the three best starts lowered the error by 5-15 % at
t = 18 and 27 for about 25 s an instance, and closed no bracket: not used.)

Soundness: whatever the float64 search does, a witness is returned only after
:func:`~.upper_bounds.verify_witness` certified ``||h - phi||_1 <= eps`` for the exact rational SSM
returned; a failure to verify just means that dimension is not claimed.  The search is
deterministic (no randomness; ``seed`` is not needed) and bounded by ``max_seconds`` (checked between
LP solves: one step may overrun it by a fraction of a second).

>>> from flint import fmpq
>>> found = varpro_search([1, fmpq(1, 2), fmpq(1, 4), fmpq(1, 8), fmpq(1, 16), fmpq(1, 32)], fmpq(1, 100))
>>> found.witness.n, found.error <= fmpq(1, 100)
(1, True)
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from flint import fmpq

from ..errors import InputError
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import DEFAULT_PREC
from .dimension_input import _coerce_eps, _coerce_phi, float_values
from .upper_bounds import _least_squares, l1_fit, vandermonde, verify_witness

__all__ = ["VarproResult", "l1_fit_error", "spread_search", "varpro_search"]

#: Largest start set (poles); above ~44 float64 Householder QR stops resolving the columns.
N0_MAX = 44
#: A pole set is verified once its float64 l1 error is at most SAFETY * eps.
SAFETY = 0.97
#: Smallest gap kept between poles by the variable projection (float64).
MIN_GAP = 1e-9
#: Doublings of the precision of the arb least-squares weights before a pole set is given up.
LS_DOUBLINGS = 3
#: Widths kappa of the spread clusters (module docstring).
SPREAD_WIDTHS = (0.3, 0.6, 1, 2, 3, 4, 5, 6, 8)


@dataclass(frozen=True)
class VarproResult:
    """The smallest verified witness found (``witness`` None when none verified).

    ``error``: its l1 error (exact rational, or the upper end of a certified arb ball), verified as
    ``check`` says; ``how``: the start set and steps that found it; ``trace``: one dict per
    dimension reached (``n``, float64 LP error, whether refined, verified); ``seconds``: wall time;
    ``complete``: False when ``max_seconds`` stopped the search."""

    witness: DiagonalSSM | None
    error: fmpq | None
    check: str | None
    how: str | None
    trace: tuple
    seconds: float
    complete: bool




def newton_basis(poles, t: int) -> np.ndarray:
    """``t x n`` float64 Newton basis of the span of ``(a_j^(k-1))_k`` (module docstring), the poles
    taken in increasing order."""
    from scipy.signal import lfilter

    h = np.zeros(t)
    h[0] = 1.0
    columns = []
    for j, a in enumerate(np.sort(np.asarray(poles, dtype=float))):
        h = lfilter([1.0], [1.0, -a], h)             # h_m(a_1..a_j) = sum_i a_j^(m-i) h_i(a_1..a_(j-1))
        column = np.zeros(t)
        column[j:] = h[: t - j]
        columns.append(column)
    return np.column_stack(columns) if columns else np.zeros((t, 0))


def _orthonormal(poles, t: int) -> np.ndarray:
    """An orthonormal basis (float64) of the span of the poles' powers, from the Newton basis."""
    return np.linalg.qr(newton_basis(poles, t))[0]


def l1_fit_error(poles, y) -> float:
    """float64 estimate of ``min_w ||V(poles) w - y||_1`` through the orthonormal basis (module
    docstring); a proposal only, never a verdict."""
    poles, y = np.asarray(poles, dtype=float), np.asarray(y, dtype=float)
    return l1_fit(_orthonormal(poles, y.size), y)[0]


def _refine(poles: np.ndarray, y: np.ndarray, iterations: int) -> np.ndarray:
    """Variable projection (module docstring): LM on the IRLS-weighted projected residual."""
    t = y.size
    k = np.arange(t)
    u = np.arccos(np.clip(poles, -1.0, 1.0))
    Q = _orthonormal(poles, t)
    value, c = l1_fit(Q, y)
    if c is None:
        return poles
    residual = y - Q @ c
    scale = np.abs(residual).mean() + 1e-300
    d = 1.0 / np.sqrt(np.abs(residual) + 1e-3 * scale)

    def project(u):
        a = np.cos(u)
        V = vandermonde(a, t) * d[:, None]
        Qd, Rd = np.linalg.qr(V)
        b = y * d
        coef = Qd.T @ b
        return b - Qd @ coef, Qd, Rd, coef, a

    r, Qd, Rd, coef, a = project(u)
    cost, lam = r @ r, 1e-3
    for _ in range(iterations):
        try:
            w = np.linalg.solve(Rd, coef)
        except np.linalg.LinAlgError:
            break
        dV = (k[:, None] * a[None, :] ** np.maximum(k - 1, 0)[:, None]) * (-np.sin(u))[None, :] * d[:, None]
        D = dV * w[None, :]
        J = -(D - Qd @ (Qd.T @ D))
        H, g = J.T @ J, J.T @ r
        improved = False
        for _inner in range(8):
            try:
                step = np.linalg.solve(H + lam * np.diag(np.diag(H) + 1e-14), -g)
            except np.linalg.LinAlgError:
                break
            un = np.clip(u + step, 0.0, math.pi)
            if un.size < 2 or np.min(np.diff(np.sort(np.cos(un)))) > MIN_GAP:
                rn, Qn, Rn, cn, an = project(un)
                new = rn @ rn
                if new < cost:
                    u, r, Qd, Rd, coef, a, cost, lam = un, rn, Qn, Rn, cn, an, new, max(lam / 5, 1e-12)
                    improved = True
                    break
            lam *= 8.0
        if not improved:
            break
    refined = np.cos(u)
    return refined if l1_fit_error(refined, y) < value else poles


def _verify(poles: np.ndarray, values, eps: fmpq, prec: int):
    """Exact rational SSM from float64 poles and the least-squares weights of the LP fit ``Q c``
    (float64; failing that in arb), verified: ``(ssm, error, check)`` or None."""
    y = float_values(values)
    t = y.size
    Q = _orthonormal(poles, t)
    _, c = l1_fit(Q, y)
    if c is None:
        return None
    weights = np.linalg.lstsq(vandermonde(poles, t), Q @ c, rcond=None)[0]
    if np.all(np.isfinite(weights)):
        ssm = DiagonalSSM(poles.copy(), weights, np.ones(poles.size), field="real")
        ok, error, check = verify_witness(ssm, values, eps, prec)
        if ok:
            return ssm, error, check + "; least-squares weights of the LP fit in the orthonormal basis (float64)"
    fit = [fmpq(*float(v).as_integer_ratio()) for v in Q @ c]
    exact_poles = [fmpq(*float(a).as_integer_ratio()) for a in poles]
    bits = 64 + 4 * t + 8 * poles.size
    for _ in range(LS_DOUBLINGS + 1):          # the Gram matrix of clustered poles needs many bits
        fitted = _least_squares(fit, exact_poles, bits)
        if fitted is not None:
            ssm = DiagonalSSM(np.array(exact_poles, dtype=object), np.array(fitted[0], dtype=object),
                              np.array([fmpq(1)] * poles.size, dtype=object), field="real")
            ok, error, check = verify_witness(ssm, values, eps, prec)
            if ok:
                return ssm, error, check + f"; least-squares weights of the LP fit (arb, {bits} bits)"
        bits *= 2
    return None


def _start_sets(t: int) -> list[tuple[str, np.ndarray]]:
    """The start sets of the module docstring (distinct float64 poles in [-1, 1])."""
    n0 = min(t - 1, N0_MAX)
    cheb = np.cos(math.pi * (np.arange(n0) + 0.5) / n0)
    x = (np.polynomial.legendre.leggauss(n0 // 2)[0] + 1) / 2
    pairs = np.concatenate([np.sqrt(x), -np.sqrt(x)] + ([np.array([0.0])] if n0 % 2 else []))
    return [("Chebyshev points of [-1, 1]", np.sort(cheb)),
            ("pairs +-sqrt(x), x Gauss-Legendre nodes of [0, 1]", np.sort(pairs))]


def _search_input(phi, eps, max_seconds, prec: int, integers: dict) -> tuple:
    """The checked input of the two searches: ``(values, y, eps)``; ``integers``: name -> (value, least)."""
    for name, (value, least) in integers.items():
        if isinstance(value, bool) or not isinstance(value, Integral) or value < least:
            raise InputError(f"{name}: must be an integer >= {least}, got {value!r}")
    if isinstance(max_seconds, bool) or not isinstance(max_seconds, Real) or not max_seconds > 0:
        raise InputError(f"max_seconds: must be a positive number, got {max_seconds!r}")
    eps = _coerce_eps(eps)
    if eps <= 0:
        raise InputError(f"eps: must be > 0 for the search, got {eps}")
    values, _ = _coerce_phi(phi, prec)
    if len(values) < 2:
        raise InputError(f"phi: needs at least 2 entries, got {len(values)}")
    return values, float_values(values), eps


def varpro_search(phi, eps, *, lower: int = 1, max_seconds: float = 60.0, refine_iterations: int = 30,
                  prec: int = DEFAULT_PREC) -> VarproResult:
    """The smallest verified real SSM that pole elimination with variable projection finds
    (module docstring) for ``phi`` (as :func:`.dimension.dimension_bracket` takes it) within
    ``eps > 0``, not below ``lower`` (a known lower end), within ``max_seconds``."""
    start = time.monotonic()
    values, y, eps = _search_input(phi, eps, max_seconds, prec,
                                   {"lower": (lower, 1), "refine_iterations": (refine_iterations, 0)})
    budget = float(eps)
    deadline = start + float(max_seconds)
    best, trace, complete = None, [], True
    for label, poles in _start_sets(len(values)):
        error = l1_fit_error(poles, y)
        chain, moved = [], []           # pole sets within SAFETY * eps on the way down
        while True:
            if error <= SAFETY * budget:
                chain.append((poles, error))
            if poles.size <= lower or time.monotonic() > deadline:
                complete = complete and poles.size <= lower
                break
            drops = []
            for i in range(poles.size):
                drops.append(l1_fit_error(np.delete(poles, i), y))
                if time.monotonic() > deadline:
                    break
            i = int(np.argmin(drops))
            candidate, dropped = np.delete(poles, i), drops[i]
            if dropped > SAFETY * budget and refine_iterations:
                refined = _refine(candidate, y, refine_iterations)
                better = l1_fit_error(refined, y)
                if better < dropped:
                    candidate, dropped = refined, better
                    if dropped <= SAFETY * budget:
                        moved.append(candidate.size)
            if not dropped <= SAFETY * budget:
                break
            poles, error = candidate, dropped
        # verify from the smallest set up; stop at the first verified or at the best so far
        for poles, error in reversed(chain):
            if best is not None and poles.size >= best[0].n:
                break
            found = _verify(poles, values, eps, prec)
            trace.append({"start": label, "n": int(poles.size), "float64_l1": float(error),
                          "verified": found is not None})
            if found is not None:
                best = found + (f"pole elimination from {label}, variable projection moved the poles at n in "
                                f"{moved or 'none'}; weights from the l1 LP",)
                break
    if best is None:
        return VarproResult(None, None, None, None, tuple(trace), time.monotonic() - start, complete)
    ssm, error, check, how = best
    return VarproResult(ssm, error, check, how, tuple(trace), time.monotonic() - start, complete)


def _descend(poles: np.ndarray, y: np.ndarray, error: float) -> tuple[np.ndarray, float]:
    """Variable projection (:func:`_refine`) repeated while the l1 fit error decreases."""
    for _ in range(40):
        moved = _refine(poles, y, 50)
        better = l1_fit_error(moved, y)
        if not better < error - 1e-12:
            break
        poles, error = moved, better
    return poles, error


def spread_search(phi, eps, *, low: int, high: int, max_seconds: float = 60.0,
                  prec: int = DEFAULT_PREC) -> VarproResult:
    """The smallest verified real SSM with ``low <= n < high`` states that the spread clusters find
    (module docstring), going down from ``high - 1`` while each dimension verifies; ``phi``, ``eps > 0``
    as for :func:`varpro_search`; within ``max_seconds`` (one verification may overrun it)."""
    start = time.monotonic()
    values, y, eps = _search_input(phi, eps, max_seconds, prec, {"low": (low, 1), "high": (high, 1)})
    t = len(values)
    budget = SAFETY * float(eps)
    deadline = start + float(max_seconds)
    best, trace, complete = None, [], True
    for n in range(min(int(high), t) - 1, int(low) - 1, -1):
        if time.monotonic() > deadline:
            complete = False
            break
        starts = []
        for base in (1.0, -1.0):
            for kappa in SPREAD_WIDTHS:
                lam = kappa * np.cos(math.pi * (np.arange(n) + 0.5) / n)
                poles = base * np.exp(2 * (lam - kappa) / max(t - 1, 1))
                starts.append(_descend(poles, y, l1_fit_error(poles, y)) + (f"base {base:+g}, kappa {kappa}",))
        poles, error, label = min(starts, key=lambda entry: entry[1])
        found = _verify(poles, values, eps, prec) if error <= budget else None
        trace.append({"n": n, "float64_l1": float(error), "start": label, "verified": found is not None})
        if found is None:
            break
        best = found + (f"spread cluster ({label}), moved by variable projection; weights from the l1 LP",)
    if best is None:
        return VarproResult(None, None, None, None, tuple(trace), time.monotonic() - start, complete)
    ssm, error, check, how = best
    return VarproResult(ssm, error, check, how, tuple(trace), time.monotonic() - start, complete)
