"""Real SSMs whose poles form one cluster: polynomial-times-exponential approximants, verified.

Where the poles of a real SSM crowd together at ``b``, its response ``h_k = sum_j w_j a_j^(k-1)``
can follow ``p(k) b^(k-1)`` for any polynomial ``p`` of degree ``n - 1`` (the confluent limit of n
poles; the weights grow like the inverse of the cluster's width to the power n, the mechanism
behind Theorem 2 of Ran-Milo et al. 2024).  A damped oscillation ``phi_k = Re(B C A^(k-1))``
over ``t`` steps is such a polynomial times the decay up to an error that falls quickly once the
degree passes the oscillation's bandwidth ``theta (t - 1) / 2`` (``theta = arg A``): the
Chebyshev coefficients of ``cos(omega s)`` on [-1, 1] are ``2 J_m(omega)``, negligible for
``m > omega + O(omega^(1/3))``.  At ``arg A = arcsin 0.2`` this bandwidth is ``0.1007 t``, below
Theorem 1's bound ``floor(t/9) - 1 - 4 eps ~ 0.111 t``, so for large t a cluster of fewer states
than the bound eps-approximates the target: :func:`cluster_witness` builds such SSMs, and
``verify/checks/ranmilo/theorem1_counterexample.py`` uses one as a counterexample to Theorem 1.

Construction (:func:`cluster_witness`), for a target ``phi`` (t entries) and n states:

1. *Proposal* (float64, :func:`polynomial_proposal`): the l1-best ``y_k = p(k) b^(k-1)``, p of
   degree ``n - 1`` in the Chebyshev basis of ``s = 2 (k-1)/(t-1) - 1``, from the linear program
   ``min sum (u + v), M c - u + v = phi, u, v >= 0`` (HiGHS).  The envelope base ``b`` in (0, 1] is
   a parameter (it changes which oscillations are cheap; the target's own decay is one choice).
2. *Poles*: ``a_j = b exp(2 (lambda_j - kappa) / (t - 1))`` with ``lambda_j = kappa cos(pi (j - 1/2) / n)``
   (Chebyshev points of [-kappa, kappa], so every ``|a_j| < |b| <= 1``: stable; a negative ``b``
   puts the cluster near ``-|b|``, where it follows ``(-1)^k p(k) |b|^k``), rounded to
   multiples of ``2^-NODE_BITS``.  Over the window, ``a_j^(k-1) = b^(k-1) exp((lambda_j - kappa)(s + 1))``:
   exponentials in s with exponents in ``[-2 kappa, 0]``, whose span nearly contains the polynomials
   of degree ``n - 1`` for small ``kappa``.
3. *Weights*: the least-squares fit ``sum_j w_j a_j^(k-1) ~ y_k`` from the normal equations, with
   the Gram matrix in closed form ``G_ij = (1 - (a_i a_j)^t) / (1 - a_i a_j)``, solved in arb
   (``arb_mat.solve(algorithm="approx")``: midpoints only, the fit is a proposal) at ``prec`` bits
   (the Gram matrix of clustered exponentials is ill-conditioned like ``kappa^(-2n)``); the weights
   are rounded to dyadic rationals.
4. *Verification*: the SSM's parameters are exact rationals; its l1 error against the target is
   computed as an arb ball (:func:`.upper_bounds.verify_witness`).  While it is not within eps the
   weights are solved again at twice the precision, until the error stops moving (the fit itself
   falls short) or ``max_prec`` is reached.  Only a verified witness counts (``ok``); float64 and
   the least squares only propose, and when the proposal's error already exceeds
   ``PROPOSAL_SLACK eps`` the arb stages are skipped.

Why written here: no library fits exponential sums with certified errors.  HiGHS
(``scipy.optimize.linprog``) solves the linear program and python-flint does the arb linear
algebra and the verification.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from flint import arb, arb_mat, ctx, fmpq
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, identity

from ..errors import InputError
from ..ssm.ssm import DiagonalSSM
from .dimension_input import _coerce_eps, _coerce_phi, float_values
from .rounding import _arb_exact_to_fmpq
from .upper_bounds import verify_witness

__all__ = ["ClusterWitness", "cluster_search", "cluster_witness", "fewest_states", "polynomial_proposal"]

#: Poles are rounded to multiples of 2^-NODE_BITS (they then are exact in arb).
NODE_BITS = 80
#: The arb stages are skipped when the float64 proposal's error exceeds eps by this factor (the
#: verified error of the SSM stays within a few per cent of the proposal's).
PROPOSAL_SLACK = 1.1


@dataclass(frozen=True)
class ClusterWitness:
    """A verified real SSM of dimension ``n`` from one cluster of poles (module docstring).

    ``ssm``: poles and weights (``B``; ``C = 1``) as exact rationals; ``error``: a rational upper
    bound of its l1 error up to time t, certified as ``check`` says (``ok``: ``error <= eps``).
    ``proposal_error``: the float64 l1 error of the polynomial proposal (step 1); ``base``,
    ``kappa``, ``prec``: the construction's parameters and the precision of the weights' solve;
    ``verify_prec``: the precision of the verification (0 when none ran)."""

    ssm: DiagonalSSM
    ok: bool
    error: fmpq | None
    check: str
    proposal_error: float
    base: float
    kappa: float
    prec: int
    verify_prec: int
    seconds: float

    @property
    def n(self) -> int:
        return self.ssm.n


def polynomial_proposal(y, n: int, base: float) -> tuple[np.ndarray, float]:
    """``(values, error)``: the l1-best ``p(k) base^(k-1)`` (deg p = n - 1) for the float64 sequence
    ``y`` (k = 1..t), and its l1 error, from a linear program solved by HiGHS (float64)."""
    y = np.asarray(y, dtype=float)
    t = y.size
    if not 1 <= n <= t:
        raise InputError(f"n: must be in 1..t = {t}, got {n}")
    k = np.arange(t)
    s = 2 * k / max(t - 1, 1) - 1
    M = np.polynomial.chebyshev.chebvander(s, n - 1) * (base ** k)[:, None]
    # min sum(u + v) subject to M c - u + v = y, u, v >= 0 (c free)
    A = hstack([csr_matrix(M), -identity(t, format="csr"), identity(t, format="csr")]).tocsr()
    cost = np.r_[np.zeros(n), np.ones(2 * t)]
    result = linprog(cost, A_eq=A, b_eq=y, bounds=[(None, None)] * n + [(0, None)] * (2 * t), method="highs")
    if result.status != 0:
        raise ArithmeticError(f"polynomial_proposal: HiGHS found no solution ({result.message})")
    values = M @ result.x[:n]
    return values, float(np.abs(values - y).sum())


def fewest_states(y, limit: float, low: int, high: int, base: float) -> int | None:
    """The least n in ``[low, high]`` whose float64 proposal (:func:`polynomial_proposal`, envelope
    ``base``) has l1 error ``<= limit``, or None when even ``high`` does not.  The error is
    non-increasing in n (nested polynomial spaces), so bisection; a size where HiGHS finds no
    solution counts as not within the limit."""
    def within(n: int) -> bool:
        try:
            return polynomial_proposal(y, n, base)[1] <= limit
        except ArithmeticError:
            return False

    if low > high or not within(high):
        return None
    below, above = low - 1, high              # within the limit at `above`, not known at `below`
    while above - below > 1:
        middle = (below + above) // 2
        if within(middle):
            above = middle
        else:
            below = middle
    return above


def _poles(t: int, n: int, base: float, kappa: float) -> list[fmpq]:
    """The cluster's poles (step 2), computed in arb and rounded to multiples of 2^-NODE_BITS."""
    scale = 1 << NODE_BITS
    poles = set()
    with ctx.workprec(NODE_BITS + 64):
        for j in range(n):
            lam = arb(kappa) * (arb.pi() * (2 * j + 1) / (2 * n)).cos()
            value = arb(base) * (2 * (lam - arb(kappa)) / max(t - 1, 1)).exp()
            poles.add(fmpq(int((value * scale).mid().floor().unique_fmpz()), scale))
    poles = sorted(poles)
    if len(poles) != n:
        raise InputError(f"kappa: {kappa} makes poles coincide at {NODE_BITS} bits; take it larger")
    return poles


def _weights(poles: list[fmpq], y: np.ndarray, prec: int) -> list[fmpq] | None:
    """Least-squares weights (arb normal equations, closed-form Gram matrix), as dyadic rationals."""
    n, t = len(poles), y.size
    with ctx.workprec(prec):
        a = [arb(p) for p in poles]
        G = arb_mat(n, n)
        rhs = arb_mat(n, 1)
        for i in range(n):
            for j in range(i, n):
                q = a[i] * a[j]
                G[i, j] = G[j, i] = (1 - q ** t) / (1 - q)
        ys = [arb(float(v)) for v in y]
        for i in range(n):
            total, power = arb(0), arb(1)
            for v in ys:
                total += power * v
                power *= a[i]
            rhs[i, 0] = total
        try:
            solution = G.solve(rhs, algorithm="approx")
        except ZeroDivisionError:
            return None
        weights = []
        for i in range(n):
            mid = solution[i, 0].mid()
            if not mid.is_finite():
                return None
            weights.append(_arb_exact_to_fmpq(mid))
    return weights


def cluster_witness(phi, eps, n: int, *, base: float, kappa: float = 0.05, prec: int | None = None,
                    max_prec: int = 1 << 15) -> ClusterWitness:
    """A real SSM of dimension ``n`` with poles in one cluster below ``base``, its l1 error against
    ``phi`` verified (module docstring).  ``phi``: as for :func:`.dimension.dimension_bracket` (numbers or
    arb balls; a ComplexOscillator or Target); ``eps >= 0`` exact; ``base`` in [-1, 0) or (0, 1] (a
    negative base clusters the poles near -|base|, for oscillations near the Nyquist angle); ``kappa > 0``
    the cluster's width (in units of ``2/(t-1)`` in the log of the poles); ``prec``: bits for the
    weights' solve (default ``64 + 12 n``), doubled while the weights do not verify, up to ``max_prec``.
    """
    start = time.monotonic()
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
        raise InputError(f"n: must be an integer >= 1, got {n!r}")
    for name, value in (("base", base), ("kappa", kappa)):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise InputError(f"{name}: must be a finite number, got {value!r}")
    if not 0 < abs(base) <= 1:
        raise InputError(f"base: must be in [-1, 0) or (0, 1] (stable poles), got {base!r}")
    if not kappa > 0:
        raise InputError(f"kappa: must be positive, got {kappa!r}")
    eps = _coerce_eps(eps)
    values, _ = _coerce_phi(phi, 128 if prec is None else max(prec, 128))
    t = len(values)
    if n > t:
        raise InputError(f"n: must be at most t = {t}, got {n}")
    y, proposal_error = polynomial_proposal(float_values(values), n, base)
    poles = _poles(t, n, float(base), float(kappa))
    prec = 64 + 12 * n if prec is None else int(prec)
    ok, error, check, ssm, bits = False, None, "weights not found (singular normal equations)", None, 0
    attempt = proposal_error <= PROPOSAL_SLACK * float(eps.p) / float(eps.q)
    if not attempt:
        check = f"not attempted: the float64 proposal's l1 error {proposal_error:.4g} is above eps"
    previous = None
    while attempt:
        weights = _weights(poles, y, prec)
        if weights is not None:
            ssm = DiagonalSSM(np.array(poles, dtype=object), np.array(weights, dtype=object),
                              np.array([fmpq(1)] * n, dtype=object), field="real")
            largest = max(abs(w) for w in weights)
            magnitude_bits = max(largest.p.bit_length() - largest.q.bit_length(), 0)
            bits = max(prec, magnitude_bits + 64 + 2 * t.bit_length())
            ok, error, check = verify_witness(ssm, values, eps, bits, arb_response=True)
            # stop when verified, or when the error no longer moves with the precision (the fit
            # itself falls short: more bits would not help)
            if ok or (error is not None and previous is not None and abs(error - previous) <= eps / 10 ** 6):
                break
            previous = error
        if 2 * prec > max_prec:
            break
        prec *= 2
    if ssm is None:
        ssm = DiagonalSSM(np.array(poles, dtype=object), np.array([fmpq(0)] * n, dtype=object),
                          np.array([fmpq(1)] * n, dtype=object), field="real")
    return ClusterWitness(ssm=ssm, ok=bool(ok), error=error, check=check, proposal_error=proposal_error,
                          base=float(base), kappa=float(kappa), prec=prec, verify_prec=bits,
                          seconds=time.monotonic() - start)


def cluster_search(phi, eps, low: int, high: int, *, kappa: float = 0.05,
                   max_seconds: float | None = None) -> ClusterWitness | None:
    """The smallest verified one-cluster witness with ``low <= n < high`` states, or None.

    Envelope bases ``+-1``, ``+-2^(-1/t)``, ``+-2^(-3/t)`` (t = len(phi); the sign picks the cluster
    near +1 or -1).  For each base the float64 proposal error is non-increasing in n (nested
    polynomial spaces), so bisection finds the least n whose proposal is within ``eps / PROPOSAL_SLACK``;
    the bases are then tried in the order of that n, each at its n and n + 1, and the first
    verified witness is kept (so the result is the least n among the tried ones, not a proof that
    no smaller cluster exists).  ``max_seconds`` bounds the verification stage."""
    start = time.monotonic()
    eps = _coerce_eps(eps)
    values, _ = _coerce_phi(phi, 128)
    t = len(values)
    low, high = max(int(low), 1), min(int(high), t)
    if low >= high or eps <= 0:
        return None
    y = float_values(values)
    limit = float(eps.p) / float(eps.q) / PROPOSAL_SLACK
    candidates = []
    for sign in (1, -1):
        for exponent in (0, 1, 3):
            base = sign * 0.5 ** (exponent / t)
            n = fewest_states(y, limit, low, high - 1, base)
            if n is not None:
                candidates.append((n, exponent, sign, base))
    best = None
    for n, _, _, base in sorted(candidates):
        for size in (n, n + 1):
            if size >= high or (best is not None and size >= best.n):
                break
            if max_seconds is not None and time.monotonic() - start > max_seconds:
                return best
            found = cluster_witness(phi, eps, size, base=base, kappa=kappa)
            if found.ok:
                best = found
                break
    return best
