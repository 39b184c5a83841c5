"""The float64 proposal of the l1 bracket (:mod:`.l1`): LP with Remez exchange, KKT Newton.

Float64 only proposes: the dual coefficients it finds are certified by :mod:`.dual` and its
support nodes and residual become an exact witness in :mod:`.witness`.

*Proposal (float64).*  With ``psih = psi / sigma`` (``sigma`` a power of 2 from the exact
``psi``):

* shortcut (eps = 0): the best single dual ``+-T_j`` has value ``|psi_j|``; if a measure on the
  extrema ``cos(k pi / j)`` of ``T_j`` (padded to t nodes, masses from the well-conditioned
  Chebyshev-Vandermonde system) matches it, no LP is solved (the delay and oscillation targets);
* otherwise the dual LP ``max <a, psih> - eps ||P a||_inf / sigma`` subject to
  ``|p(cos theta_i)| <= 1`` on a grid of ``theta_i`` (first ``i pi / N``, N a multiple of t - 1)
  is solved by HiGHS (``scipy.optimize.linprog``, interior point with crossover; the rows of
  ``|(P a)_k| <= ||P a||_inf`` are scaled by ``max_j |P[k, j]|``, and rows that cannot bind are
  dropped -- this only weakens the dual, which is certified anyway);
* a Remez-like exchange adds the local maxima of ``|p|`` (FFT on a dense grid, then Newton)
  and re-solves;
* after each LP a primal-dual active-set Newton iteration on the KKT system (masses, free
  nodes, dual coefficients, and for eps > 0 the residual on the active monomial rows and
  ``||P a||_inf``; ``p = sign(w)``, ``p' = 0`` at the nodes) polishes the LP's answer to full
  float64 accuracy (quadratic convergence; minimum-norm Gauss-Newton steps at degenerate
  vertices).  For sparse supports (e.g. a target made of a few exponentials) a Gauss-Newton
  iteration on the moment equations places the atoms, and, the optimal dual not being unique
  there, a second LP picks one with a margin away from the support (``|p| <= 1 - mu omega``).

Support nodes are padded to ``t`` nodes with the unused Chebyshev extrema ``j pi / (t-1)``
(:func:`_pad_theta`), for the shortcut's masses here and for the exact witness.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from flint import fmpq

from ..errors import PrecisionError
from .moments import _monomial_matrix
from .sup_norm import _float_extrema

_HIGHS = dict(primal_feasibility_tolerance=1e-10, dual_feasibility_tolerance=1e-10,
              ipm_optimality_tolerance=1e-12)


@dataclass
class _Proposal:
    a: np.ndarray             # dual Chebyshev coefficients (scaled units)
    value: float              # psih . a  (scaled units)
    overshoot: float          # max|p| - 1 (float estimate)
    nodes: np.ndarray         # support theta (primal)
    weights: np.ndarray       # primal masses (scaled units)
    residual_index: list      # eps > 0: monomial indices k with r_k != 0
    residual: np.ndarray      # eps > 0: r_k (true units, float)
    primal: float             # primal objective estimate (scaled units)
    how: str


# =============================================================================================
# The scaled problem: psih and the eps rows
# =============================================================================================
def _scaled(psi_int: list[int], den: int) -> tuple[np.ndarray, int]:
    """psi / 2^e as floats with max |psi / 2^e| in [1/2, 1) (e from the exact integers)."""
    big = max(abs(v) for v in psi_int)
    if big == 0:
        return np.zeros(len(psi_int)), 0
    e = big.bit_length() - den.bit_length()
    out = []
    for v in psi_int:
        num, dd = (v, den << e) if e >= 0 else (v << -e, den)
        out.append(num / dd)
    arr = np.array(out)
    m = float(np.max(np.abs(arr)))
    if m == 0:
        return arr, e
    shift = int(math.floor(math.log2(m))) + 1
    return arr / 2.0**shift, e + shift


def _eps_rows(t: int, sigma_exp: int, eps: fmpq):
    """Scaled rows of ``|(P a)_k| <= ||c||_inf`` for the LP (see ``_lp``) and sigma/gamma_k."""
    P = _monomial_matrix(t)
    Phat, beta, keep, sog = [], [], [], []
    for k in range(t):
        gamma = max(abs(v) for v in P[k])
        # beta_k = sigma / (eps gamma_k), sigma = 2^sigma_exp
        ratio = (fmpq(2) ** sigma_exp if sigma_exp >= 0 else fmpq(1, 2**-sigma_exp)) / (eps * gamma)
        b = float(ratio) if ratio < fmpq(10**12) else math.inf
        if not b <= 1e9:
            continue
        keep.append(k)
        beta.append(b)
        Phat.append([v / gamma for v in P[k]])
        sog.append(float((fmpq(2) ** sigma_exp if sigma_exp >= 0 else fmpq(1, 2**-sigma_exp)) / gamma))
    if not keep:
        return None, None, []
    return (np.array(Phat, dtype=float), np.array(beta)), np.array(sog), keep


# =============================================================================================
# LP with exchange, KKT Newton
# =============================================================================================
def _linprog(*args, **kwargs):
    """``scipy.optimize.linprog`` with its OptimizeWarnings silenced: the float64 LP only proposes
    (everything returned is certified afterwards), so its warnings carry no information for us."""
    import warnings

    from scipy.optimize import OptimizeWarning, linprog
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OptimizeWarning)
        return linprog(*args, **kwargs)


def _lp(psih: np.ndarray, theta: np.ndarray, eps_rows=None):
    t = psih.size
    M = np.cos(np.outer(theta, np.arange(t)))
    G = theta.size
    if eps_rows is None:
        A = np.vstack([M, -M])
        b = np.ones(2 * G)
        cost = -psih
        bounds = [(None, None)] * t
    else:
        Phat, beta = eps_rows
        K = beta.size
        zg = np.zeros((G, 1))
        A = np.vstack([np.hstack([M, zg]), np.hstack([-M, zg]),
                       np.hstack([Phat, -beta[:, None]]), np.hstack([-Phat, -beta[:, None]])])
        b = np.concatenate([np.ones(2 * G), np.zeros(2 * K)])
        cost = np.concatenate([-psih, [1.0]])
        bounds = [(None, None)] * t + [(0, None)]
    res = None
    for method in ("highs-ipm", "highs-ds"):
        res = _linprog(cost, A_ub=A, b_ub=b, bounds=bounds, method=method, options=_HIGHS)
        if res.status == 0:
            break
    if res is None or res.status != 0:
        raise PrecisionError(f"min_l1_weight: the float64 LP failed ({res.message if res else 'no result'})")
    marg = res.ineqlin.marginals
    a = res.x[:t]
    w = -marg[:G] + marg[G:2 * G]
    rho = None
    if eps_rows is not None:
        K = eps_rows[1].size
        rho = -marg[2 * G:2 * G + K] + marg[2 * G + K:]
    lam = float(res.x[t]) if eps_rows is not None else 0.0
    return a, -res.fun, w, rho, lam


def _newton_step(J: np.ndarray, R: np.ndarray):
    """Solve ``J step = -R``; for a (numerically) singular J -- a degenerate vertex, where the primal
    or the dual is not unique -- the minimum-norm least-squares step (Gauss-Newton)."""
    try:
        step = np.linalg.solve(J, -R)
        if np.all(np.isfinite(step)) and np.linalg.norm(J @ step + R) <= 1e-8 * max(np.linalg.norm(R), 1e-300) \
                and np.max(np.abs(step)) < 1e6:
            return step
    except np.linalg.LinAlgError:
        pass
    if J.shape[0] > 1500:
        return None
    return np.linalg.lstsq(J, -R, rcond=1e-13)[0]


def _kkt_newton(psih, a0, theta0, w0, fixed, residual=None, iters=30, signs=None):
    """Newton on the KKT system of the LP on [-1, 1] (support and residual sets fixed).

    Unknowns: dual coefficients ``a``, masses ``w``, free nodes ``theta`` and, for eps > 0 (``residual``
    = ``(Phat_R, beta_R, rho_R, sign_R, lam)``), the scaled residual ``rho'_k = beta_k rho_k`` on
    the active rows and ``lam = eps ||P a||_inf / sigma``.  Equations: primal moments, ``p = sign(w)``
    and ``p' = 0`` at the nodes, and for eps > 0 ``sum_k sign_k rho'_k = 1`` and
    ``(Phat a)_k / beta_k = sign_k lam``.  ``signs``: the values of p at the nodes (default
    ``sign(w0)``).  Returns ``(a, theta, w, rho, lam)`` or None.
    """
    t = psih.size
    scale = float(max(t - 1, 1))
    j = np.arange(t, dtype=float)
    a, th, w = a0.copy(), theta0.copy(), w0.copy()
    sw = np.sign(w0) if signs is None else np.asarray(signs, dtype=float)
    free = ~fixed
    m, mf = th.size, int(free.sum())
    if residual is not None:
        B, bet, rho0, sr, lam = residual
        q = bet.size
        rp = rho0 * bet
    else:
        q, lam = 0, 0.0
        B, bet, sr, rp = np.zeros((0, t)), np.zeros(0), np.zeros(0), np.zeros(0)
    size = t + m + mf + (q + 1 if q else 0)

    def evaluate(a, th, w, rp, lam):
        ct = np.cos(np.outer(th, j))
        st = np.sin(np.outer(th, j))
        f1 = -(st * j) @ a
        parts = [ct.T @ w + (B.T @ (rp / bet) if q else 0.0) - psih, ct @ a - sw, f1[free] / scale]
        if q:
            parts += [np.array([sr @ rp - 1.0]), (B @ a) / bet - sr * lam]
        return np.concatenate(parts), ct, st, f1

    R, ct, st, f1 = evaluate(a, th, w, rp, lam)
    norm = float(np.max(np.abs(R)))
    best = math.inf
    for _ in range(iters):
        if not np.isfinite(norm):
            return None
        if norm < 1e-14 or (norm < 1e-11 and norm > 0.25 * best):   # converged, or at the noise floor
            return a, th, w, (rp / bet if q else None), lam
        best = min(best, norm)
        f2 = -(ct * (j * j)) @ a
        J = np.zeros((size, size))
        cw, cp, cr = t, t + m, t + m + mf          # column offsets: w, phi, rho'
        J[:t, cw:cp] = ct.T
        J[:t, cp:cr] = ((-(st * j)).T * w)[:, free] / scale
        J[t:t + m, :t] = ct
        J[t:t + m, cp:cr] = np.diag(f1)[:, free] / scale
        J[t + m:t + m + mf, :t] = -(st * j)[free] / scale
        J[t + m:t + m + mf, cp:cr] = np.diag(f2[free]) / scale**2
        if q:
            r0 = t + m + mf
            J[:t, cr:cr + q] = B.T / bet
            J[r0, cr:cr + q] = sr
            J[r0 + 1:r0 + 1 + q, :t] = B / bet[:, None]
            J[r0 + 1:r0 + 1 + q, cr + q] = -sr
        step = _newton_step(J, R)
        if step is None:
            return None
        dth = step[cp:cr] / scale
        gap = np.min(np.diff(np.sort(th))) if m > 1 else 1.0
        factor = min(1.0, 0.25 * gap / max(float(np.max(np.abs(dth), initial=0.0)), 1e-300))
        for _ in range(8):   # backtracking on max |R|
            na = a + factor * step[:t]
            nw = w + factor * step[cw:cp]
            nth = th.copy()
            nth[free] = np.clip(th[free] + factor * dth, 0.0, np.pi)
            nrp = rp + factor * step[cr:cr + q] if q else rp
            nlam = lam + factor * step[cr + q] if q else lam
            nR, nct, nst, nf1 = evaluate(na, nth, nw, nrp, nlam)
            nnorm = float(np.max(np.abs(nR)))
            if nnorm < norm * (1 - 1e-4 * factor) or nnorm < 1e-13:
                break
            factor /= 2
        else:
            return None if norm > 1e-11 else (a, th, w, (rp / bet if q else None), lam)
        a, th, w, rp, lam = na, nth, nw, nrp, nlam
        R, ct, st, f1, norm = nR, nct, nst, nf1, nnorm
    return None


def _kkt_active_set(psih, a, th, w, fixed, eps_rows, R, rho, lam, loops=8, seen=None):
    """A primal-dual active-set loop around :func:`_kkt_newton`: after each Newton solve, nodes
    whose mass took the wrong sign and residual rows whose value did are dropped, and extrema of p
    above 1 (new nodes) and rows with ``|(Phat a)_k| / beta_k > lam`` (new residual rows) are added.
    Returns ``(a, theta, w, R, rho, lam)`` at a KKT point of the continuous problem, or None;
    ``seen`` (a list) collects the nodes of every Newton solution, for the LP's grid."""
    s = np.sign(w)
    R = list(R)
    if rho is not None and len(R):
        rho = np.asarray(rho, dtype=float)
        rsign = np.sign(rho)
    else:
        rho, rsign = np.zeros(0), np.zeros(0)
    for _ in range(loops):
        if eps_rows is not None and not R:
            return None
        block = (eps_rows[0][R], eps_rows[1][R], rho, rsign, lam) if eps_rows is not None else None
        out = _kkt_newton(psih, a, th, w, fixed, block, signs=s)
        if out is None:
            return None
        a, th, w, rho_new, lam = out
        if seen is not None:
            seen.append(th.copy())
        rho = rho_new if rho_new is not None else np.zeros(0)
        changed = False
        wrong = (np.sign(w) == -s) & (np.abs(w) > 0)
        if np.any(wrong):
            keep = ~wrong
            th, w, s, fixed = th[keep], w[keep], s[keep], fixed[keep]
            changed = True
        if rho.size:
            good = np.sign(rho) != -rsign
            if not np.all(good):
                R = [k for k, g in zip(R, good) if g]
                rho, rsign = rho[good], rsign[good]
                changed = True
        ext_theta, ext_f = _float_extrema(a)
        for theta_new, f_new in zip(ext_theta, ext_f):
            if abs(f_new) > 1 + 1e-10 and np.min(np.abs(th - theta_new), initial=np.inf) > 1e-9:
                th = np.append(th, theta_new)
                w = np.append(w, 0.0)
                s = np.append(s, np.sign(f_new))
                fixed = np.append(fixed, theta_new in (0.0, np.pi))
                changed = True
        if eps_rows is not None:
            values = (eps_rows[0] @ a) / eps_rows[1]
            for k in np.nonzero(np.abs(values) > lam * (1 + 1e-10))[0]:
                if int(k) not in R:
                    R.append(int(k))
                    rho = np.append(rho, 0.0)
                    rsign = np.append(rsign, np.sign(values[k]))
                    changed = True
        if not changed:
            return a, th, w, R, rho, lam
        order = np.argsort(th)
        th, w, s, fixed = th[order], w[order], s[order], fixed[order]
    return None


def _support(theta, w, ext_theta, ext_f, n):
    """Support of the grid measure.  Runs of grid-adjacent masses of one sign are merged into one
    node (their |w|-weighted mean), which then moves to an extremum of p of that sign lying within
    the run's grid cell, if any.  Returns (theta, w, fixed-endpoint mask)."""
    if w.size == 0 or not np.any(w != 0):
        return np.zeros(0), np.zeros(0), np.zeros(0, bool)
    order = np.argsort(theta)
    theta, w = theta[order], w[order]
    active = np.abs(w) > 1e-11 * np.max(np.abs(w))
    runs = []
    for i in np.nonzero(active)[0]:
        if runs and runs[-1][-1] == i - 1 and np.sign(w[i]) == np.sign(w[i - 1]):
            runs[-1].append(i)
        else:
            runs.append([i])
    nodes, masses = [], []
    for run in runs:
        mass = float(np.sum(w[run]))
        weights = np.abs(w[run])
        th = float(np.sum(theta[run] * weights) / np.sum(weights))
        lo = theta[run[0] - 1] if run[0] > 0 else 0.0
        hi = theta[run[-1] + 1] if run[-1] + 1 < theta.size else np.pi
        k = int(np.searchsorted(ext_theta, th))
        best = None
        for i in (k - 1, k):
            if 0 <= i < ext_theta.size and np.sign(ext_f[i]) == np.sign(mass) and lo <= ext_theta[i] <= hi:
                d = abs(ext_theta[i] - th)
                if best is None or d < best[0]:
                    best = (d, float(ext_theta[i]))
        if best is not None:
            th = best[1]
        if len(run) == 1 and theta[run[0]] in (0.0, np.pi):
            th = float(theta[run[0]])
        if nodes and abs(th - nodes[-1]) < 1e-13 and np.sign(mass) == np.sign(masses[-1]):
            masses[-1] += mass
            continue
        nodes.append(th)
        masses.append(mass)
    th = np.array(nodes)
    return th, np.array(masses), (th == 0.0) | (th == np.pi)


def _primal_newton(psih, theta0, w0, fixed, iters=40):
    """Gauss-Newton on the moment equations ``sum_i w_i cos(j theta_i) = psih_j`` over the masses and
    the free nodes (for sparse supports, where the dual is not unique).  Returns (theta, w) or None."""
    t = psih.size
    scale = float(max(t - 1, 1))
    j = np.arange(t, dtype=float)
    th, w = theta0.copy(), w0.copy()
    free = ~fixed
    best = math.inf
    for _ in range(iters):
        ct = np.cos(np.outer(th, j))
        st = np.sin(np.outer(th, j))
        R = ct.T @ w - psih
        norm = float(np.max(np.abs(R)))
        if norm < 1e-14 or (norm < 1e-11 and norm > 0.25 * best):
            return th, w
        best = min(best, norm)
        J = np.hstack([ct.T, ((-(st * j)).T * w)[:, free] / scale])
        step = np.linalg.lstsq(J, -R, rcond=None)[0]
        dth = step[w.size:] / scale
        gap = np.min(np.diff(np.sort(th))) if th.size > 1 else 1.0
        factor = min(1.0, 0.25 * gap / max(float(np.max(np.abs(dth), initial=0.0)), 1e-300))
        w = w + factor * step[:w.size]
        th = th.copy()
        th[free] = np.clip(th[free] + factor * dth, 0.0, np.pi)
    R = np.cos(np.outer(th, j)).T @ w - psih
    return (th, w) if float(np.max(np.abs(R))) < 1e-12 else None


def _extremes_estimate(a):
    ext_theta, ext_f = _float_extrema(a)
    over = float(np.max(np.abs(ext_f))) - 1.0 if ext_f.size else -1.0
    return ext_theta, ext_f, over


def _dual_estimate(psih, a, over, eps_rows):
    """Float estimate of the certified lower bound of the dual ``a`` (scaled units)."""
    value = float(psih @ a)
    if eps_rows is not None:
        Phat, beta = eps_rows
        value -= float(np.max(np.abs(Phat @ a) / beta))
    return value / (1 + max(over, 0.0))


def _pad_theta(nodes: np.ndarray, t: int) -> np.ndarray:
    """The support nodes plus t - len(nodes) padding nodes in [0, pi]: the Chebyshev extrema
    ``j pi / (t-1)`` not taken by (nor too close to) a support node, then gap midpoints; the node
    set stays Chebyshev-like, so its Lebesgue constant stays small."""
    nodes = np.unique(np.asarray(nodes, dtype=float))
    if nodes.size >= t:
        return nodes[np.argsort(nodes)][:t] if nodes.size > t else nodes
    if t == 1:
        return np.array([np.pi / 2])
    n = t - 1
    base = np.pi * np.arange(t) / n
    free = np.ones(t, dtype=bool)
    for th in nodes:
        order = np.argsort(np.abs(base - th))
        for i in order:
            if free[i]:
                free[i] = False
                break
    pads = [b for b, f in zip(base, free) if f and np.min(np.abs(nodes - b), initial=np.inf) >= 0.3 * np.pi / n]
    chosen = sorted(list(nodes) + pads)[:t]
    while len(chosen) < t:
        ext = sorted(set([0.0, np.pi] + chosen))
        gaps = [(hi - lo, lo, hi) for lo, hi in zip(ext[:-1], ext[1:])]
        _, lo, hi = max(gaps)
        if lo == 0.0 and 0.0 not in chosen:
            new = 0.0
        elif hi == np.pi and np.pi not in chosen:
            new = np.pi
        else:
            new = 0.5 * (lo + hi)
        chosen = sorted(chosen + [new])
    return np.array(chosen)


def _simple_proposal(psih, target_gap):
    """eps = 0 shortcut: if the best single dual ``+-T_j`` (value ``|psih_j|``) is matched, within
    ``target_gap``, by a measure on the extrema ``cos(k pi / j)`` of ``T_j`` (padded to t nodes, masses
    from the well-conditioned Chebyshev-Vandermonde system in float64), no LP is needed."""
    t = psih.size
    j = int(np.argmax(np.abs(psih)))
    if j == 0 or psih[j] == 0:
        return None
    theta = _pad_theta(np.pi * np.arange(j + 1) / j, t)
    C = np.cos(np.outer(np.arange(t), theta))
    try:
        w = np.linalg.solve(C, psih)
    except np.linalg.LinAlgError:
        return None
    primal = float(np.sum(np.abs(w)))
    if not primal <= abs(float(psih[j])) * (1 + target_gap):
        return None
    a = np.zeros(t)
    a[j] = np.sign(psih[j])
    support = np.abs(w) > 1e-13 * np.max(np.abs(w))
    return _Proposal(a, abs(float(psih[j])), 0.0, theta[support], w[support], [], np.zeros(0), primal,
                     f"extrema of T_{j} (single-T_j dual, no LP)")


def _margin_dual(psih, theta, signs, rounds=4):
    """A dual for a degenerate vertex (the optimal p is not unique, e.g. a target made of a few
    exponentials): with the primal support ``theta`` and ``signs`` known, maximise the margin ``mu``
    in ``|p(y)| <= 1 - mu omega(y)`` on a grid, ``omega(y) = min(1, (n d(y))^2 / 4)`` with ``d`` the
    distance (in theta) to the support, subject to ``p = signs`` and ``p' = 0`` (interior) on the
    support.  Such a p stays inside [-1, 1] between grid points too.  Returns ``a`` or None."""
    t = psih.size
    n = t - 1
    j = np.arange(t, dtype=float)
    grid = np.pi * np.arange(8 * n + 1) / (8 * n)
    a = None
    for _ in range(rounds):
        d = np.min(np.abs(grid[:, None] - theta[None, :]), axis=1)
        omega = np.minimum(1.0, (n * d) ** 2 / 4)
        use = omega > 1e-12
        Y, om = grid[use], omega[use]
        C = np.cos(np.outer(Y, j))
        A_ub = np.vstack([np.hstack([C, om[:, None]]), np.hstack([-C, om[:, None]])])
        b_ub = np.ones(2 * Y.size)
        interior = (theta > 0) & (theta < np.pi)
        A_eq = np.vstack([np.hstack([np.cos(np.outer(theta, j)), np.zeros((theta.size, 1))]),
                          np.hstack([-(np.sin(np.outer(theta[interior], j)) * j), np.zeros((int(interior.sum()), 1))])])
        b_eq = np.concatenate([signs, np.zeros(int(interior.sum()))])
        cost = np.zeros(t + 1)
        cost[-1] = -1.0
        res = _linprog(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq,
                      bounds=[(None, None)] * t + [(None, 1.0)], method="highs-ipm", options=_HIGHS)
        if res.status != 0 or res.x[-1] <= 0:
            return a
        a = res.x[:t]
        ext_theta, ext_f = _float_extrema(a)
        over = np.abs(ext_f) > 1 + 1e-13
        if not np.any(over):
            return a
        grid = np.unique(np.concatenate([grid, ext_theta[over]]))
    return a


def _propose(psih, grid, eps_rows, sigma_over_gamma, iterations, target_gap, progress, deadline, simple=0.0):
    """LP + exchange + KKT Newton.  Returns (proposal, grid, iterations used): the dual of the best
    estimated lower bound with the primal (nodes, masses, residual) of the best estimated upper bound.
    ``simple`` is the (scaled) value of the best single-T_j dual, a lower bound known in advance."""
    best_dual, best_primal = None, None
    used = 0
    history = []
    for it in range(iterations):
        used += 1
        try:
            a, value, w, rho, lam = _lp(psih, grid, eps_rows)
        except PrecisionError:
            if best_dual is None:
                raise
            break   # keep what the earlier iterations found
        ext_theta, ext_f, over = _extremes_estimate(a)
        th, ww, fixed = _support(grid, w, ext_theta, ext_f, psih.size - 1)
        r_index, r_vals, r_rho = [], np.zeros(0), np.zeros(0)
        newton_nodes = []
        if rho is not None and rho.size:
            active = np.abs(rho) > 1e-11 * max(float(np.max(np.abs(rho))), 1e-300)
            r_index = [int(k) for k in np.nonzero(active)[0]]
            r_vals = rho[active] * sigma_over_gamma[active]
            r_rho = rho[active]
        cands = [_Proposal(a, value, over, th, ww, r_index, r_vals, float(np.sum(np.abs(w))), "LP")]
        if over > target_gap and th.size:
            polished = None
            if eps_rows is None or r_index:
                polished = _kkt_active_set(psih, a, th, ww, fixed, eps_rows, r_index,
                                           r_rho if r_index else None, lam, seen=newton_nodes)
            if polished is not None and (eps_rows is None or polished[5] >= 0):
                pa, pth, pw, pR, prho, plam = polished
                _, _, pover = _extremes_estimate(pa)
                pr_vals = prho * sigma_over_gamma[pR] if len(pR) else np.zeros(0)
                cands.append(_Proposal(pa, float(psih @ pa) - plam, pover, pth, pw, list(pR), pr_vals,
                                       float(np.sum(np.abs(pw))), "LP + KKT Newton"))
            if eps_rows is None and len(cands) == 1:
                primal = _primal_newton(psih, th, ww, fixed)
                if primal is not None:   # prune vanishing masses and polish the sparser support
                    big = np.abs(primal[1]) > 1e-10 * np.max(np.abs(primal[1]))
                    if not np.all(big):
                        primal = _primal_newton(psih, primal[0][big], primal[1][big], fixed[big])
                if primal is not None and np.sum(np.abs(primal[1])) <= cands[0].primal * (1 + 1e-9):
                    cands.append(_Proposal(a, value, over, primal[0], primal[1], [], np.zeros(0),
                                           float(np.sum(np.abs(primal[1]))), "LP + primal Gauss-Newton"))
        for cand in cands:
            cand_lower = _dual_estimate(psih, cand.a, cand.overshoot, eps_rows)
            if best_dual is None or cand_lower > best_dual[0]:
                best_dual = (cand_lower, cand)
            if best_primal is None or cand.primal < best_primal.primal * (1 - 1e-12) or cand.how != "LP" and \
                    cand.primal <= best_primal.primal * (1 + 1e-12):
                best_primal = cand
        gap = 1 - max(best_dual[0], simple) / best_primal.primal if best_primal.primal > 0 else 0.0
        if progress is not None:
            progress.update(1)
            progress.set_postfix(grid=grid.size, overshoot=f"{best_dual[1].overshoot:.1e}", est_gap=f"{gap:.1e}")
        if gap <= target_gap:
            break
        if deadline is not None and time.monotonic() > deadline:
            break
        history.append(gap)
        if len(history) >= 4 and history[-1] > 0.9 * history[-4]:
            break   # no progress in three iterations (the LP's own tolerance limits it)
        new = [ext_theta[np.abs(ext_f) > 1 + 1e-13]] + newton_nodes
        for cand in cands[1:]:
            e2, f2, _ = _extremes_estimate(cand.a)
            new += [e2[np.abs(f2) > 0.9], cand.nodes]
        merged = np.unique(np.concatenate([grid] + new))
        if merged.size == grid.size:
            break
        grid = merged
    gap = 1 - max(best_dual[0], simple) / best_primal.primal if best_primal.primal > 0 else 0.0
    if gap > target_gap and eps_rows is None and best_primal.how != "LP" and best_primal.nodes.size < psih.size:
        # a degenerate vertex (sparse support): look for a dual with a margin away from the support
        a = _margin_dual(psih, best_primal.nodes, np.sign(best_primal.weights))
        if a is not None:
            _, _, over = _extremes_estimate(a)
            estimate = _dual_estimate(psih, a, over, None)
            if estimate > best_dual[0]:
                best_dual = (estimate, _Proposal(a, float(psih @ a), over, best_primal.nodes, best_primal.weights,
                                                 [], np.zeros(0), best_primal.primal, "margin LP"))
    dual = best_dual[1]
    proposal = _Proposal(dual.a, dual.value, dual.overshoot, best_primal.nodes, best_primal.weights,
                         best_primal.residual_index, best_primal.residual, best_primal.primal,
                         f"dual: {dual.how}; primal: {best_primal.how}")
    return proposal, grid, used
