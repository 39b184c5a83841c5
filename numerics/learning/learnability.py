"""Computations behind Section 3.3's learnability statements of Ran-Milo et al. (2024): the Appendix C
loss with its derivatives (Lemma 3, Proposition 4), plain gradient descent (Proposition 4), and the
robustness to quantisation of Definition 2 (Proposition 5).  The checks in
:mod:`verify.checks.ranmilo.learnability` compare these numbers with the statements of
:mod:`theory.ranmilo.learnability`.

**Loss, gradient, Hessian (Appendix C; Lemma 3).**  For a real diagonal SSM in its direct parameters
``(A, B, C)`` and a target ``phi_1..phi_t``, ``l = sum_{j=1}^t r_j^2`` with
``r_j = sum_k A_k^(j-1) B_k C_k - phi_j``.  :func:`loss_hessian` gives ``l``, its gradient and its
Hessian in closed form, for float64 arrays or for object arrays of exact ``fmpq`` (the same code).
With ``P_jk = A_k^(j-1)``, ``w_k = B_k C_k`` and ``J`` the Jacobian of ``r``, the Hessian is
``2 J^T J`` plus, per state ``k``, one 3x3 block ``2 sum_j r_j d^2 r_j / d(A_k, B_k, C_k)^2``.  It is
written by hand because that structure is what makes the exact path cheap (a computer-algebra
Hessian of the symbolic loss is far slower); it is cross-checked against ``sympy.hessian`` and
against :func:`numerics.learning.training.direct_loss_grad` in ``tests/test_numerics_learnability.py``.

**Gradient descent (Proposition 4).**  :func:`gradient_descent_run` runs
``theta^(i) = theta^(i-1) - eta^(i) nabla l(theta^(i-1))`` in float64 (plain, not Adam) on an
l2-normalised target, checks the hypotheses at every step (``eta <= c_1``,
``eta <= 2 / max(lambda_max, 0)`` with ``lambda_max`` from ``numpy.linalg.eigvalsh`` of the
closed-form Hessian, ``|A| <= 1``), stops at the first step outside them, measures
``c_2 = max_i l^(i) / l^(0)`` and compares ``max(||B^(i)||, ||C^(i)||)`` with Proposition 4's bound
``M_0 + i sqrt(4 c_1 c_2 t l^(0))``.

**Robustness (Definition 2; Proposition 5).**  The robustness of ``(A, B, C)`` that eps-approximate
``phi`` up to ``t`` is the probability that the SSM with every entry of ``A``, ``B`` and ``C``
multiplied by an independent ``U[1 - q/2, 1 + q/2]`` factor still eps-approximates ``phi`` (l1
distance of the impulse responses up to ``t`` at most ``eps``).

* :func:`robustness_estimate` -- seeded Monte Carlo in float64 (:func:`quantised_errors`).  Float64
  rounding is bounded per sample (each term of the response carries at most ``k + 3`` roundings, the
  sum over states ``n`` more, the l1 norm ``t`` more); samples within that bound of ``eps`` count as
  misses for the lower and as hits for the upper estimate, and the interval is Clopper-Pearson's
  (:func:`clopper_pearson`, quantiles of ``scipy.stats.beta``).
* :func:`product_probability` -- certified (arb), for one state and ``t = 1``:
  ``P[|(1 + u)(1 + v) - c| <= h]`` for ``u, v`` i.i.d. ``U(-q/2, q/2)`` equals
  ``q^-2 int_{1-q/2}^{1+q/2} len{s' in [1-q/2, 1+q/2] : |s s' - c| <= h} ds``; between consecutive
  breakpoints the length is ``alpha + beta / s`` with rational ``alpha, beta``, whose integral
  ``alpha (s_2 - s_1) + beta log(s_2 / s_1)`` is evaluated in arb.  This is the probability in the
  density step of Proposition 5's proof (Appendix D.9).
* :func:`single_state_search` -- the largest ``robustness / (2 eps / (q W))`` (Proposition 5's
  printed bound) over a grid of one-state SSMs at ``t = 1``, each value certified in arb.
"""
from __future__ import annotations

import math

import numpy as np
from flint import arb, ctx, fmpq
from scipy.stats import beta as beta_distribution

from ..ssm.systems import float_lower, float_upper, fmpq_to_string
from ..ssm.targets import make_target
from .training import direct_loss_grad

#: The two-sided level of the Clopper-Pearson intervals.
CONFIDENCE = 1e-6
UNIT_ROUNDOFF = 2.0 ** -53


# ---------------------------------------------------------------------------------------------
# The loss, its gradient and its Hessian in closed form (Appendix C; Lemma 3).

def loss_hessian(A, B, C, phi):
    """``(l, gradient, Hessian)`` of ``l = sum_j (sum_k A_k^(j-1) B_k C_k - phi_j)^2``.

    Parameters are ordered ``[A_1..A_n, B_1..B_n, C_1..C_n]``.  Arrays of float64 give float64;
    object arrays of ``fmpq`` give exact results.
    """
    A, B, C, phi = (np.asarray(v) for v in (A, B, C, phi))
    n, t = A.size, phi.size
    one = A[0] * 0 + 1
    P = [np.array([one] * n, dtype=A.dtype)]
    for _ in range(1, t):
        P.append(P[-1] * A)
    P = np.array(P)                                  # P[j, k] = A_k^j (0-based j)
    zero_row = P[0] * 0
    D1 = np.array([zero_row] + [j * P[j - 1] for j in range(1, t)])          # d/dA of A^j
    D2 = np.array([zero_row] * min(t, 2) + [j * (j - 1) * P[j - 2] for j in range(2, t)])  # d^2/dA^2
    w = B * C
    r = P.dot(w) - phi
    loss = r.dot(r)
    S0, S1, S2 = r.dot(P), r.dot(D1), r.dot(D2)
    gradient = np.concatenate([2 * w * S1, 2 * C * S0, 2 * B * S0])
    J = np.concatenate([D1 * w, P * C, P * B], axis=1)
    H = 2 * J.T.dot(J)
    index = np.arange(n)
    H[index, index] += 2 * S2 * w                     # A_k A_k
    for first, second, value in ((0, 1, S1 * C), (0, 2, S1 * B), (1, 2, S0)):
        H[first * n + index, second * n + index] += 2 * value
        H[second * n + index, first * n + index] += 2 * value
    return loss, gradient, H


# ---------------------------------------------------------------------------------------------
# Proposition 4: plain gradient descent.

def gradient_descent_run(task: str, n: int, t: int, bc_std: float, policy: str, c1: float, gamma: float,
                         steps: int, seed: int) -> dict:
    """Plain gradient descent on (A, B, C), the hypotheses checked and the bound compared at every step.

    ``policy="adaptive"``: ``eta_i = min(c1, gamma * 2 / lambda_max(H^(i-1)))``; ``"fixed"``: ``eta_i = c1``.
    """
    rng = np.random.default_rng(seed)
    phi = make_target(task, t, normalized=True, seed=seed).values()
    A, B, C = rng.uniform(-1, 1, n), rng.normal(0, bc_std, n), rng.normal(0, bc_std, n)
    loss0 = None
    M0 = max(np.max(np.abs(B)), np.max(np.abs(C)))
    losses, magnitudes, etas, lambdas = [], [M0], [], []
    within = 0          # number of steps taken within the hypotheses
    broken = None
    for i in range(1, steps + 1):
        loss, dA, dB, dC = direct_loss_grad(A, B, C, phi)
        if loss0 is None:
            loss0 = loss
            losses.append(loss)
        lam = float(np.linalg.eigvalsh(loss_hessian(A, B, C, phi)[2])[-1])
        eta = c1 if policy == "fixed" else min(c1, gamma * 2 / lam)
        if not (eta <= c1 and (lam <= 0 or eta <= 2 / lam)):
            broken = f"step {i}: eta = {eta:.4g} > 2 / lambda_max = {2 / lam:.4g}"
            break
        A, B, C = A - eta * dA, B - eta * dB, C - eta * dC
        if not np.all(np.isfinite(A)) or np.max(np.abs(A)) > 1:
            broken = f"step {i}: |A| = {np.max(np.abs(A)):.6g} > 1 (leaves the stable region)"
            break
        losses.append(direct_loss_grad(A, B, C, phi)[0])
        magnitudes.append(max(np.max(np.abs(B)), np.max(np.abs(C))))
        etas.append(eta)
        lambdas.append(lam)
        within = i
    c2 = max(losses) / loss0
    growth = math.sqrt(4 * c1 * c2 * t * loss0)
    bounds = [M0 + i * growth for i in range(within + 1)]
    violations = [i for i in range(within + 1) if magnitudes[i] > bounds[i]]
    used = [(magnitudes[i] - M0) / (i * growth) for i in range(1, within + 1)]
    return {"task": task, "n": n, "t": t, "bc_std": bc_std, "policy": policy, "c1": c1, "gamma": gamma,
            "seed": seed, "steps_within_hypotheses": within, "stopped": broken, "loss0": loss0, "c2": c2,
            "final_loss": losses[within], "M0": M0, "M_final": magnitudes[within],
            "bound_final": bounds[within], "max_growth_used": max(used) if used else 0.0,
            "violations": len(violations), "max_lambda": max(lambdas) if lambdas else None,
            "min_eta": min(etas) if etas else None, "magnitudes": magnitudes, "bounds": bounds}


# ---------------------------------------------------------------------------------------------
# Proposition 5: one state in arb.

def product_probability(q: fmpq, centre: fmpq, half_width: fmpq, prec: int = 256) -> arb:
    """``P[|(1 + u)(1 + v) - centre| <= half_width]`` for ``u, v`` i.i.d. ``U(-q/2, q/2)``, as an arb ball.

    ``P = q^-2 int_{1-q/2}^{1+q/2} len{s' in [1-q/2, 1+q/2] : |s s' - centre| <= half_width} ds``; on the
    pieces between the breakpoints the length is ``alpha + beta / s`` (rational ``alpha, beta``), whose
    integral ``alpha (s_2 - s_1) + beta log(s_2 / s_1)`` is evaluated in arb.
    """
    low, high = 1 - q / 2, 1 + q / 2
    points = {low, high}
    for numerator in (centre - half_width, centre + half_width):
        for denominator in (low, high):
            if numerator > 0 and low < numerator / denominator < high:
                points.add(numerator / denominator)
    points = sorted(points)
    with ctx.workprec(prec):
        total = arb(0)
        for s1, s2 in zip(points, points[1:]):
            middle = (s1 + s2) / 2
            alpha, beta = fmpq(0), fmpq(0)
            if (centre + half_width) / middle < high:
                beta += centre + half_width
            else:
                alpha += high
            if (centre - half_width) / middle > low:
                beta -= centre - half_width
            else:
                alpha -= low
            if alpha + beta / middle <= 0:
                continue
            total += arb(alpha) * arb(s2 - s1) + arb(beta) * (arb(s2) / arb(s1)).log()
        return total / arb(q) ** 2


def single_state_search(q: fmpq, grid: int) -> dict:
    """Largest ``robustness / (2 eps / (q W))`` over one-state SSMs at t = 1, on a grid, in arb.

    With ``w = B C > 0``, centre ``c = phi_1 / w`` and tolerance ``h = eps / w`` (eps-approximation:
    ``|1 - c| <= h``), the robustness is :func:`product_probability` ``(q, c, h)`` and the printed
    bound is ``2 h / q``.
    """
    best = None
    # h / q^2 from 1/100 to 2/q on a log grid, plus 0.1 ... 0.3 where the worst case lies for small q
    exponents = np.concatenate([np.linspace(-2, math.log10(2 / float(q)), grid), np.linspace(-1, -0.5, 5)])
    for exponent in exponents:
        h = fmpq(int(round(10 ** exponent * 2 ** 30)), 2 ** 30) * q * q
        for offset in range(-10, 11):
            centre = 1 + fmpq(offset, 10) * h
            ratio = product_probability(q, centre, h) * arb(q) / (2 * arb(h))
            if best is None or ratio.upper() > best[0].upper():
                best = (ratio, centre, h)
    ratio, centre, h = best
    return {"q": fmpq_to_string(q), "max_ratio_upper": float_upper(ratio), "max_ratio_lower": float_lower(ratio),
            "at_centre": fmpq_to_string(centre), "at_half_width": fmpq_to_string(h), "grid": len(exponents) * 21}


# ---------------------------------------------------------------------------------------------
# Proposition 5: Monte Carlo robustness in float64.

def direct_response(A, B, C, t: int) -> np.ndarray:
    """Impulse response ``y_j = sum_k A_k^(j-1) B_k C_k``, ``j = 1..t``, of a real SSM, in float64."""
    return np.array([np.sum(B * C * A ** k) for k in range(t)])


def quantised_errors(A, B, C, phi, q: float, samples: int, rng: np.random.Generator, chunk: int = 4096):
    """l1 errors of ``samples`` q-quantised copies of the real SSM, and a float64 rounding bound on each."""
    A, B, C = (np.asarray(x, dtype=np.float64) for x in (A, B, C))
    t = phi.size
    errors, roundoff = [], []
    for first in range(0, samples, chunk):
        size = min(chunk, samples - first)
        a = A * rng.uniform(1 - q / 2, 1 + q / 2, (size, A.size))
        factor_B, factor_C = rng.uniform(1 - q / 2, 1 + q / 2, (2, size, A.size))
        w = (B * factor_B) * (C * factor_C)
        y = np.zeros((size, t))
        terms = np.zeros((size, t))
        power = np.ones_like(a)
        for k in range(t):
            contribution = w * power
            y[:, k] = contribution.sum(axis=1)
            terms[:, k] = np.abs(contribution).sum(axis=1)
            power = power * a
        errors.append(np.abs(y - phi).sum(axis=1))
        # each term carries <= (k + 3) roundings, the sum n more, the l1 norm t more (a generous bound)
        growth = (np.arange(t) + 3 + A.size + t + 2) * UNIT_ROUNDOFF * 1.01
        roundoff.append((terms * growth).sum(axis=1) + np.abs(phi).sum() * t * UNIT_ROUNDOFF)
    return np.concatenate(errors), np.concatenate(roundoff)


def clopper_pearson(hits: int, samples: int, level: float = CONFIDENCE) -> tuple[float, float]:
    """Clopper-Pearson interval of a binomial rate at two-sided level ``level`` (float64)."""
    lower = 0.0 if hits == 0 else float(beta_distribution.ppf(level / 2, hits, samples - hits + 1))
    upper = 1.0 if hits == samples else float(beta_distribution.ppf(1 - level / 2, hits + 1, samples - hits))
    return lower, upper


def robustness_estimate(A, B, C, phi, eps: float, q: fmpq, samples: int, rng,
                        level: float = CONFIDENCE) -> dict:
    """Monte Carlo robustness (Definition 2) of one instance: rounding-safe hit counts and the
    Clopper-Pearson interval; ``W = ||B (.) C||_inf``.

    When float64 rounding puts the unquantised instance itself above ``eps``, ``eps`` is widened to its
    error (times ``1 + 1e-12``) so that the instance eps-approximates ``phi``; the ``eps`` used is returned.
    """
    A, B, C, phi = (np.asarray(x, dtype=np.float64) for x in (A, B, C, phi))
    W = float(np.max(np.abs(B * C)))
    unquantised = float(np.abs(direct_response(A, B, C, phi.size) - phi).sum())
    if not unquantised <= eps:
        eps = unquantised * (1 + 1e-12)
    errors, roundoff = quantised_errors(A, B, C, phi, float(q), samples, rng)
    sure, maybe = int(np.sum(errors + roundoff <= eps)), int(np.sum(errors - roundoff <= eps))
    lower, _ = clopper_pearson(sure, samples, level)
    _, upper = clopper_pearson(maybe, samples, level)
    return {"W": W, "eps": eps, "unquantised_error": unquantised, "samples": samples, "hits": sure,
            "ambiguous": maybe - sure, "estimate": sure / samples, "confidence_interval": [lower, upper]}
