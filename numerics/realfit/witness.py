"""The exact witness of the l1 bracket (:mod:`.l1`): the upper bound, constructed and verified exactly.

*Upper bound (exact).*  Support nodes (the Newton nodes, or the LP's moved to the extrema of
``p``; for a ``+-T_j`` dual, its extrema), padded with unused Chebyshev extrema to ``t`` distinct
nodes, are rounded to dyadic rationals ``X_i / 2^64`` and the Vandermonde system
``sum_i w_i x_i^(k-1) = phi_k - r_k`` is solved exactly by Lagrange interpolation on integer
polynomials (``w_i = N(X_i) / (den Q'(X_i))`` with ``Q = prod (X - X_i)`` and ``N`` read off
``Q * reversed(phi)``: O(t^2) operations in C, seconds at t = 1024).  It is re-verified exactly
through the partial-fraction identity ``sum_i g(X_i) / Q'(X_i) = [X^(t-1)] (g mod Q)`` (``Q``
recomputed from the witness's poles, ``N`` checked at every pole) and, for ``t <= 48``, also by
:func:`numerics.impulse_response` in ``fmpq``.  At the true support ``p' = 0``, so node errors
change ``||w||_1`` only to second order.  For eps > 0 the residual ``r`` is the proposal's
(rationalised and scaled into the eps-ball), or -- kept when better -- the square active-set
system ``V_X w + E_R r = phi``, ``sum_R sign_k r_k = eps (1 - 2^-40)`` is solved at high
precision (``arb_mat``), ``w`` rounded to dyadics and ``phi - V_X w`` recomputed exactly.  For
ball targets (e.g. l2-normalised ones) with eps = 0 the witness's ``B`` are arb balls that
contain the exact Vandermonde solution for every target in the balls (its ``||w||_1`` bound is
the balls' upper end); with eps > 0 larger than the balls' total radius the witness is exact
for the midpoints with eps reduced by that radius.
"""
from __future__ import annotations

import math

import numpy as np
from flint import arb, ctx, fmpq, fmpz, fmpz_poly

from ..errors import PrecisionError
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import to_fmpq
from .moments import MAX_PREC, _common_denominator
from .proposal import _pad_theta, _Proposal
from .rounding import _arb_exact_to_fmpq, _to_fmpq_upper

#: Bits of the dyadic witness poles x_i = X_i / 2^NODE_BITS.
NODE_BITS = 64
#: Largest t for which the witness is additionally re-verified with ``impulse_response(..., "exact")``.
IMPULSE_CHECK_MAX_T = 48
#: Largest t for which ||w||_1 of the witness is summed exactly (beyond: an arb upper bound).
EXACT_NORM_MAX_T = 128


# =============================================================================================
# Exact Vandermonde solves and their verification
# =============================================================================================
def _product_tree(polys: list) -> fmpz_poly:
    while len(polys) > 1:
        polys = [polys[i] * polys[i + 1] if i + 1 < len(polys) else polys[i] for i in range(0, len(polys), 2)]
    return polys[0]


class _NodeSystem:
    """Exact Vandermonde solves on the integer nodes X_i (poles x_i = X_i / D, D = 2^bits)."""

    def __init__(self, X: list[int], bits: int):
        self.X = [int(x) for x in X]
        self.bits = bits
        self.D = 1 << bits
        self.t = len(X)
        self.Q = _product_tree([fmpz_poly([-x, 1]) for x in self.X])
        dQ = self.Q.derivative()
        self.dQ = [dQ(x) for x in self.X]

    def numerator(self, rhs: list[fmpq]) -> tuple[fmpz_poly, int]:
        """``(N, den)`` with ``w_i = N(X_i) / (den Q'(X_i))`` solving ``sum_i w_i x_i^k = rhs_k``."""
        den = _common_denominator(rhs)
        t, D = self.t, self.D
        Phi = [int(v.p) * (den // int(v.q)) * D**k for k, v in enumerate(rhs)]
        R = self.Q * fmpz_poly(Phi[::-1])
        coeffs = R.coeffs() + [0] * (2 * t - R.length())
        return fmpz_poly(coeffs[t:2 * t]), den

    def solve(self, rhs: list[fmpq]) -> tuple[list[fmpq], fmpz_poly, int]:
        N, den = self.numerator(rhs)
        return [fmpq(N(x), den * d) for x, d in zip(self.X, self.dQ)], N, den


def _verify_exact(witness: DiagonalSSM, rhs: list[fmpq], N: fmpz_poly, den: int, bits: int) -> bool:
    """Exactly: ``sum_i B_i A_i^k = rhs_k`` (k < t), via ``sum_i g(X_i)/Q'(X_i) = [X^(t-1)] (g mod Q)``
    with ``Q`` recomputed from the witness's poles and ``N`` a hint checked at every node."""
    D = 1 << bits
    t = len(rhs)
    X = []
    for a, c in zip(witness.A, witness.C):
        Xa = to_fmpq(a) * D
        if Xa.q != 1 or to_fmpq(c) != 1:
            return False
        X.append(int(Xa.p))
    if len(X) != t or len(set(X)) != t:
        return False
    Q = _product_tree([fmpz_poly([-x, 1]) for x in X])
    dQ = Q.derivative()
    for x, b in zip(X, witness.B):
        if to_fmpq(b) * den * fmpz(dQ(x)) != fmpq(N(x)):
            return False
    g = N % Q
    for k in range(t):
        coeffs = g.coeffs()
        top = coeffs[t - 1] if len(coeffs) >= t else 0
        if fmpq(int(top)) != rhs[k] * den * D**k:
            return False
        g = g.left_shift(1) % Q
    return True


def _dyadic_nodes(theta: np.ndarray, bits: int) -> list[int]:
    """Integers X_i ~ 2^bits cos(theta_i) (exact at theta = 0, pi), distinct, in [-2^bits, 2^bits]."""
    D = 1 << bits
    out = []
    with ctx.workprec(2 * bits + 64):
        for th in theta:
            if th == 0.0:
                out.append(D)
            elif th == np.pi / 2:
                out.append(0)
            elif th == np.pi:
                out.append(-D)
            else:
                value = arb(float(th)).cos() * D
                out.append(int(math.floor(float(value.mid()))) if bits <= 52 else
                           int(_arb_exact_to_fmpq(value.mid()).floor()))
    return [min(max(x, -D), D) for x in out]


def _distinct_nodes(theta: np.ndarray, bits: int, t: int) -> tuple[list[int], np.ndarray]:
    theta = _pad_theta(theta, t)
    X = _dyadic_nodes(theta, bits)
    if len(set(X)) < len(X):   # collisions after rounding: spread them out
        seen = set()
        for i, x in enumerate(X):
            while x in seen:
                x = x - 1 if x > -(1 << bits) else x + 1
            seen.add(x)
            X[i] = x
    return X, theta


def _exact_response(X: list[int], bits: int, w: list[fmpq], t: int) -> list[fmpq]:
    """``h_k = sum_i w_i (X_i / 2^bits)^k``, k < t, exactly, for dyadic w (integer arithmetic)."""
    exps = []
    for v in w:
        q = int(v.q)
        if q & (q - 1):
            raise ValueError("weights must be dyadic")
        exps.append(q.bit_length() - 1)
    E = max(exps, default=0)
    cur = np.array([int(v.p) << (E - e) for v, e in zip(w, exps)], dtype=object)
    Xs = np.array(X, dtype=object)
    out = []
    for k in range(t):
        out.append(fmpq(int(cur.sum()), 1 << (E + bits * k)))
        cur = cur * Xs
    return out


# =============================================================================================
# Witnesses
# =============================================================================================
def _witness_eps(phi: list[fmpq], eps: fmpq, proposal: _Proposal, t: int, bits: int):
    """eps > 0: solve the square active-set system ``V_X w + E_R r = phi``, ``sum_R s_k r_k = eps (1 - 2^-40)``
    at high precision, round w to dyadics and recompute the residual exactly.  Residual coordinates
    whose sign comes out wrong are dropped (a padding node takes their place) and the system is
    solved again.  None if that fails."""
    from flint import arb_mat
    theta = np.sort(np.asarray(proposal.nodes, dtype=float))
    support = theta.copy()
    R = list(proposal.residual_index)
    signs = [1 if v > 0 else -1 for v in proposal.residual]
    magnitude = {k: abs(float(v)) for k, v in zip(R, proposal.residual)}
    if not R:
        return None
    while support.size + len(R) > t + 1 and len(R) > 1:
        k = min(range(len(R)), key=lambda c: magnitude[R[c]])
        del R[k], signs[k]
    D = 1 << bits
    target = eps * (1 - fmpq(1, 1 << 40))
    prec = 192 + 2 * int(1.3 * t) + 2 * bits
    for _ in range(4):
        nodes = support[:t + 1 - len(R)] if support.size + len(R) > t + 1 else _pad_theta(support, t + 1 - len(R))
        X, _ = _distinct_nodes(nodes, bits, nodes.size)
        m = len(X)
        with ctx.workprec(prec):
            xs = [arb(fmpq(x, D)) for x in X]
            M = arb_mat(t + 1, t + 1)
            for i, x in enumerate(xs):
                power = arb(1)
                for k in range(t):
                    M[k, i] = power
                    power = power * x
            for c, k in enumerate(R):
                M[k, m + c] = 1
                M[t, m + c] = signs[c]
            rhs = arb_mat(t + 1, 1, [arb(p) for p in phi] + [arb(target)])
            try:
                sol = M.solve(rhs, algorithm="approx")
            except ZeroDivisionError:
                return None
            if not all(sol[i, 0].is_finite() for i in range(t + 1)):
                return None
            w = [_arb_exact_to_fmpq(sol[i, 0].mid()) for i in range(m)]
            wrong = [c for c in range(len(R)) if float(sol[m + c, 0].mid()) * signs[c] < 0]
        if wrong and len(wrong) < len(R):
            R = [k for c, k in enumerate(R) if c not in wrong]
            signs = [s for c, s in enumerate(signs) if c not in wrong]
            continue
        h = _exact_response(X, bits, w, t)
        residual = sum((abs(p - hk) for p, hk in zip(phi, h)), fmpq(0))
        if residual <= eps:
            ssm = DiagonalSSM(np.array([fmpq(x, D) for x in X], dtype=object), np.array(w, dtype=object),
                              np.array([fmpq(1)] * m, dtype=object), field="real")
            check = (f"exact: response computed in integers, ||h - phi||_1 = {float(residual):.17g} <= eps "
                     f"(active-set solve at {prec} bits, {m} states, residual on {len(R)} coordinates)")
            return ssm, sum((abs(v) for v in w), fmpq(0)), check, h
        if wrong:
            return None
        prec *= 2
    return None


def _witness_exact(phi: list[fmpq], eps: fmpq, proposal: _Proposal, t: int, bits: int):
    """Exact witness for a rational target: (ssm, ||w||_1 upper (fmpq), check description).

    For eps > 0 two constructions are tried and the smaller ``||w||_1`` kept: the active-set solve
    (:func:`_witness_eps`), and the Vandermonde solve on t nodes for the target minus the proposal's
    residual (rationalised, scaled into the eps-ball)."""
    candidates = []
    if eps > 0 and proposal.residual_index:
        found = _witness_eps(phi, eps, proposal, t, bits)
        if found is not None:
            candidates.append(found)
    r = {}
    if eps > 0 and proposal.residual_index:
        r = {k: to_fmpq(float(v)) for k, v in zip(proposal.residual_index, proposal.residual)}
        total = sum((abs(v) for v in r.values()), fmpq(0))
        cap = eps * (1 - fmpq(1, 1 << 40))
        if total > cap:
            r = {k: v * cap / total for k, v in r.items()}
    theta_support = proposal.nodes if proposal.nodes.size else np.array([np.pi / 2])
    X, theta = _distinct_nodes(theta_support, bits, t)
    system = _NodeSystem(X, bits)
    rhs = [p - r.get(k, fmpq(0)) for k, p in enumerate(phi)]
    norm_r = sum((abs(v) for v in r.values()), fmpq(0))
    if norm_r > eps:
        raise PrecisionError("min_l1_weight: internal error, residual outside the eps-ball")
    w, N, den = system.solve(rhs)
    D = system.D
    ssm = DiagonalSSM(np.array([fmpq(x, D) for x in X], dtype=object), np.array(w, dtype=object),
                      np.array([fmpq(1)] * t, dtype=object), field="real")
    if not _verify_exact(ssm, rhs, N, den, bits):
        raise PrecisionError("min_l1_weight: the exact witness failed its verification (internal error)")
    check = (f"exact: sum_i B_i A_i^k = phi_k - r_k verified in integers (partial fractions), "
             f"||r||_1 = {float(norm_r):.17g} <= eps ({t} states)")
    if t <= EXACT_NORM_MAX_T:
        upper = sum((abs(x) for x in w), fmpq(0))
    else:   # the exact sum has a huge common denominator: an arb upper bound instead
        with ctx.workprec(128):
            upper = _to_fmpq_upper(sum((abs(arb(x)) for x in w), arb(0)))
    candidates.append((ssm, upper, check, None))
    ssm, upper, check, h = min(candidates, key=lambda item: item[1])
    if t <= IMPULSE_CHECK_MAX_T:
        from ..ssm.impulse import impulse_response
        response = list(impulse_response(ssm, t, system="exact"))
        if (h is not None and response != h) or sum((abs(a - b) for a, b in zip(response, phi)), fmpq(0)) > eps:
            raise PrecisionError("min_l1_weight: impulse_response disagrees with the witness check")
        check += "; re-checked by impulse_response(system='exact')"
    return ssm, upper, check


def _witness_ball(phi: list, eps: fmpq, proposal: _Proposal, t: int, bits: int):
    """Witness for a ball target: exact (rational B) when eps leaves room for the balls' radii,
    else B in arb balls containing the exact solution for every target in the balls."""
    with ctx.workprec(128):
        radius = sum((x.rad() for x in phi), arb(0))
    radius_q = _to_fmpq_upper(radius * (1 + arb(2) ** -20))
    if eps > radius_q:
        mids = [_arb_exact_to_fmpq(x.mid()) for x in phi]
        ssm, upper, check = _witness_exact(mids, eps - radius_q, proposal, t, bits)
        return ssm, upper, check + f"; ball radii sum <= {float(radius_q):.3g} added (total <= eps)"
    from ..ssm.constructions import bjorck_pereyra
    X, _ = _distinct_nodes(proposal.nodes if proposal.nodes.size else np.array([np.pi / 2]), bits, t)
    D = 1 << bits
    nodes_q = [fmpq(x, D) for x in X]
    prec = max(128, int(1.4 * t) + 128)
    previous = None
    while True:
        with ctx.workprec(prec):
            w = bjorck_pereyra([arb(x) for x in nodes_q], list(phi))
            total = sum((abs(x) for x in w), arb(0))
            spread = sum((x.rad() for x in w), arb(0))
        if total.is_finite() and (spread <= total.mid() * arb(2) ** -40 or
                                  (previous is not None and not spread < previous / 4)):
            break
        if prec >= MAX_PREC:
            raise PrecisionError(f"min_l1_weight: ball witness weights stayed too wide at {MAX_PREC} bits")
        previous = spread if total.is_finite() else None
        prec *= 2
    ssm = DiagonalSSM(np.array(nodes_q, dtype=object), np.array(w, dtype=object),
                      np.array([fmpq(1)] * t, dtype=object), field="real")
    check = (f"arb ({prec} bits): B are balls containing the exact solution of V B = phi for every phi in "
             f"the target's balls (r = 0)")
    return ssm, _to_fmpq_upper(total), check
