"""Upper bounds of the dimension bracket (:mod:`.dimension`): explicit real SSMs, verified.

Every candidate's l1 error is computed exactly (fmpq) or as an arb ball and compared with eps
(:func:`verify_witness`); only a verified witness counts (float64 and the least squares only
propose).

* One less than Proposition 1 (any eps, :func:`one_less_witness`): for ``t - 2`` rational poles
  ``a_i`` with ``Q0 = prod (X - a_i)`` and the functional ``L(X^j) = phi_(j+1)``, the pole
  ``x = L(X Q0) / L(Q0)`` makes ``L(Q0 (X - x)) = 0``, i.e. ``phi`` is orthogonal to the left kernel
  of the t x (t-1) Vandermonde matrix of ``a_1..a_(t-2), x``, so the weights solving the first
  ``t - 1`` equations (Bjorck-Pereyra) match all t entries.  For rational targets ``x`` and the
  weights are exact rationals and the match is re-checked by ``impulse_response(..., "exact")``;
  for ball targets ``x`` and the weights are arb balls containing the exact construction (the
  witness then stands for an SSM inside its balls with error 0).  Node sets (Chebyshev points,
  scaled and shifted: eight fixed, then 32 drawn with seed 0) are tried until ``|x| < 1`` and ``x``
  differs from the others, certainly; failing that it returns None (and :mod:`.dimension` falls back
  to Proposition 1's t Chebyshev poles, n = t).
* Search (eps > 0, :func:`_search`).  Dimension ``max(lower, search_up_to)`` first, then galloping
  upwards (+1, +2, +4, ...) up to ``search_max_n`` and, after a verified witness, bisection back
  down to the largest dimension known to fail (``lower - 1`` to begin with).  For each dimension n:

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

The exponential fit is small dense Levenberg-Marquardt (scipy's ``least_squares`` would need a
Python callback per iteration for many starts, hence numba); HiGHS solves the linear programs and
python-flint does the exact and ball arithmetic (``arb_mat.solve``, ``arb_poly`` evaluation,
``fmpq_poly`` products).
"""
from __future__ import annotations

import math
import time

import numpy as np
from flint import arb, arb_mat, arb_poly, ctx, fmpq, fmpq_poly
from numba import njit

from ..errors import PrecisionError
from ..ssm.constructions import bjorck_pereyra
from ..ssm.impulse import impulse_response
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import DEFAULT_PREC
from .dimension_input import MAX_PREC, _coerce_eps, _entry, _is_ball
from .rounding import _arb_exact_to_fmpq

__all__ = ["verify_witness", "one_less_witness"]


# =============================================================================================
# Verification of a witness
# =============================================================================================
def _upper_fmpq(x: arb) -> fmpq:
    return _arb_exact_to_fmpq(x.upper()) if x.is_finite() else None


def verify_witness(ssm: DiagonalSSM, values, eps, prec: int = DEFAULT_PREC,
                   arb_response: bool = False) -> tuple[bool, fmpq | None, str]:
    """``(ok, error_upper, how)``: the l1 error of ``ssm`` against ``values`` up to t = len(values).

    Rational SSM and target: the exact error (fmpq).  Ball target (or ball SSM): an arb ball of
    the error, whose upper end is returned; ``ok`` when it is certainly <= eps.
    ``arb_response``: against a ball target, compute a rational SSM's response as arb balls at
    ``prec`` bits too (each contains the exact response; for long responses of many states the
    exact rationals grow too large to form), instead of exactly.
    """
    eps = _coerce_eps(eps)
    values = [_entry(v, i) for i, v in enumerate(values)]
    t = len(values)
    response_in_arb = arb_response and _is_ball(values)
    if not ssm.has_ball_parameters and not response_in_arb:
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
    witness = "ball witness" if ssm.has_ball_parameters else "witness exact, its response as arb balls"
    return upper is not None and upper <= eps, upper, f"certified ball (arb, {prec} bits; {witness})"


# =============================================================================================
# One less than Proposition 1
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
# The Levenberg-Marquardt search (float64 proposals, numba)
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


def vandermonde(poles: np.ndarray, t: int) -> np.ndarray:
    """``V[k, j] = poles[j]^k``, ``k < t`` (float64): the impulse responses of unit-weight states."""
    return poles[None, :] ** np.arange(t)[:, None]


def l1_fit(matrix: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray | None]:
    """``min_c ||matrix c - y||_1`` as the LP ``min sum s, -s <= matrix c - y <= s`` (HiGHS, float64):
    ``(value, c)``, or ``(inf, None)`` when HiGHS fails."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, hstack, identity, vstack

    t, n = matrix.shape
    eye = identity(t, format="csr")
    A = vstack([hstack([csr_matrix(matrix), -eye]), hstack([csr_matrix(-matrix), -eye])]).tocsr()
    b = np.concatenate([y, -y])
    c = np.concatenate([np.zeros(n), np.ones(t)])
    bounds = [(None, None)] * n + [(0, None)] * t
    result = linprog(c, A_ub=A, b_ub=b, bounds=bounds, method="highs")
    return (result.fun, result.x[:n]) if result.status == 0 else (math.inf, None)


def _l1_weights(poles: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """l1-optimal weights for fixed poles (:func:`l1_fit` of their Vandermonde matrix), or None."""
    return l1_fit(vandermonde(poles, y.size), y)[1]


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
        weights = [_arb_exact_to_fmpq(w[j, 0].mid()) for j in range(n)]
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
