"""Lower bound 5 of :mod:`.dimension`: the windowed carrier with the stable roots in two groups.

The carrier of :mod:`.carrier` serves every real-rooted polynomial P of degree d with one window:
each root r enters through ``beta = conj(A) / (conj(A) - r)``, a point of one circle, and by the
Grace-Walsh-Szego coincidence theorem the worst P for each entry has all its roots in one point of
that circle.  For *stable* SSMs (poles in [-1, 1], Ran-Milo et al.'s standing assumption) the roots
lie in ``[-1, 0]`` and ``[0, 1]``, whose images are two arcs of that circle, and a polynomial with
``d_1`` roots in the first and ``d_2 = d - d_1`` in the second gets a window of its own.

The bound for one split ``(d_1, d_2)``
-------------------------------------
Let ``D_g`` be a closed disc that contains the arc of group g (centre ``c_g``, radius ``R_g``).  Write
``beta = c_g + R_g u`` with ``|u| <= 1``.  For a window w and each entry m,

    F_m = (prod_(j in 1) (I - beta_j nabla) prod_(j in 2) (I - beta_j nabla) w)_m

is symmetric and multi-affine in the ``u`` of each group separately.  The coincidence theorem,
applied to one group at a time with the other held fixed, replaces each group's points by one
point ``u_g`` of the unit disc.  So, by the maximum modulus principle in each variable,

    |F_m| <= K'_m = max_(|u_1| = |u_2| = 1) |q_m(u_1, u_2)|,
    q_m(u_1, u_2) = ((I - (c_1 + R_1 u_1) nabla)^(d_1) (I - (c_2 + R_2 u_2) nabla)^(d_2) w)_m.

``K'_m`` is bounded from a grid of ``N_1 x N_2`` points of the torus: ``f = |q_m|^2`` is a
trigonometric polynomial of degree ``d_g`` in the angle of ``u_g``.  Along any line through a maximiser
it is a function of exponential type ``d_1 |delta_1| + d_2 |delta_2|``, so by Bernstein's inequality its
second derivative is at most that squared times ``max f``, and the nearest grid point is within
``pi / N_g`` in each angle:

    K'_m <= max_grid |q_m| / sqrt(1 - (pi d_1 / N_1 + pi d_2 / N_2)^2 / 2).

The rest is (1), (2) and (4) of :mod:`.carrier`: if ``|c| (|W| - |W_2|) / 2 > eps K`` with
``K = max_m rho^(-(m-1)) K'_m``, no stable real SSM with ``d_1`` poles in ``[-1, 0]`` and ``d_2`` in
``[0, 1]`` (the extra roots of P free in their arcs) is within eps of phi.

The discs
---------
For the arc of ``[r_0, r_1]`` the disc with the chord ``beta(r_0) beta(r_1)`` as diameter contains the
arc when every point X of the arc sees the chord under an angle of at least 90 degrees
(Thales), i.e. ``Re((beta(r_0) - X) conj(beta(r_1) - X)) <= 0``; the inscribed angle is the same at
every point of the arc, so one point, ``X = beta((r_0 + r_1)/2)``, decides it (in arb).  Otherwise
the whole circle's disc of :mod:`.carrier` is used.  The disc's centre is rounded to an exact
complex number and its radius enlarged by the rounding, so that the disc still contains the arc.

The certificate for degree d
----------------------------
Every split ``d_1 = 0..d`` must be certified (a window from a linear programme for each, as in
:mod:`.carrier`, on a coarser grid; the inequality decided in arb/acb); the splits with all roots
in one group, the hardest, go first, and the first failure stops the degree.  Then every stable
real SSM within eps of phi has at least ``d + 1`` states.  At t = 27, arg A = pi/2 the splits reach
``eps < 0.082`` at d = 20, where one group of :mod:`.carrier` reaches ``eps < 0.040``.

Why written here: as :mod:`.carrier`, specific to this target.
"""
from __future__ import annotations

import math
import time

import numpy as np
from flint import acb, acb_mat, arb, ctx, fmpq

from ..errors import InputError
from ..ssm.complex_target import ComplexOscillator
from .carrier import (CERT_SAMPLES_PER_DEGREE, PREC, CarrierBound, _basis, _circle, _coefficients, programme,
                      window_sums)
from .dimension_input import _coerce_eps

__all__ = ["grouped_bound", "grouped_degree_certified"]

#: Points of each circle per degree of its group in the programme's grid (plus 4).
LP_SAMPLES_PER_DEGREE = 2
#: Points of each circle per degree of the first, cheaper certificate of a split (factor <= 1.2).
COARSE_SAMPLES_PER_DEGREE = 8
#: The stable roots are split at this point: groups [-1, SPLIT] and [SPLIT, 1].
SPLIT = 0


def _discs(target: ComplexOscillator, prec: int) -> list[tuple[acb, arb]]:
    """``(centre, radius)`` of the two discs (module docstring), exact centres, as balls."""
    with ctx.workprec(prec):
        theta, rho = target.theta(prec), target.rho(prec)
        conj_a = acb(rho * theta.cos(), -rho * theta.sin())

        def beta(r):
            return conj_a / (conj_a - r)

        full = (acb(arb(1) / 2, theta.cos() / (2 * theta.sin())), 1 / (2 * abs(theta.sin())))
        discs = []
        for r0, r1 in ((arb(-1), arb(SPLIT)), (arb(SPLIT), arb(1))):
            a, b, x = beta(r0), beta(r1), beta((r0 + r1) / 2)
            if not ((a - x) * (b - x).conjugate()).real <= 0:
                discs.append(full)
                continue
            middle = (a + b) / 2
            centre = acb(middle.real.mid(), middle.imag.mid())
            needed = abs(middle - centre) + abs(a - b) / 2
            discs.append((centre, arb(needed.mid()) + 2 * arb(needed.rad()) + arb(2) ** (-prec // 2)))
        return discs


def _samples(d: int, per_degree: int) -> int:
    """Points of a group's circle: ``per_degree d + 4``, or one point for an empty group."""
    return per_degree * d + 4 if d else 1


def _window(t: int, d1: int, d2: int, discs: list, theta: float, rho: float) -> np.ndarray | None:
    """The float64 window of the split ``(d1, d2)``: the programme of :func:`.carrier.programme` with
    the constraint ``rho^(-(m-1)) |q_m| <= tau`` on a grid of the torus."""
    L = t - d1 - d2
    basis = _basis(L)
    half = basis.shape[1]
    columns = np.zeros((t, 2 * half), dtype=complex)
    columns[:L, :half], columns[:L, half:] = basis, 1j * basis
    (c1, R1), (c2, R2) = [(complex(c.real.mid()) + 1j * float(c.imag.mid()), float(R.mid())) for c, R in discs]
    table = np.array(_coefficients(columns, t, d1, c1, R1, d2, c2, R2))           # (d1+1, d2+1, t, nb)
    u1 = _circle(_samples(d1, LP_SAMPLES_PER_DEGREE)) if d1 else np.ones(1)
    u2 = _circle(_samples(d2, LP_SAMPLES_PER_DEGREE)) if d2 else np.ones(1)
    Q = np.einsum("ai,bj,ijmk->abmk", u1[:, None] ** np.arange(d1 + 1), u2[:, None] ** np.arange(d2 + 1), table)
    return programme(Q.reshape(-1, t, 2 * half) * rho ** (-np.arange(t, dtype=float))[None, :, None], basis, theta)


def _margin(target: ComplexOscillator, eps: fmpq, d1: int, d2: int, discs: list, w: np.ndarray,
            per_degree: int) -> arb:
    """``|c| (|W| - |W_2|) / 2 - eps K`` for the split ``(d1, d2)`` as a ball (module docstring), on a
    grid of ``per_degree d_g + 4`` points per circle (at least 8 per degree: the factor <= 1.2)."""
    t = target.t
    with ctx.workprec(PREC):
        W, W2, wq = window_sums(target, w)
        (c1, R1), (c2, R2) = discs
        table = _coefficients(wq + [acb(0)] * (t - len(wq)), t, d1, c1, R1, d2, c2, R2, acb(0))
        n1, n2 = _samples(d1, per_degree), _samples(d2, per_degree)
        left = acb_mat([[acb(0, 2 * arb.pi() * a / n1).exp() ** i for i in range(d1 + 1)] for a in range(n1)])
        right = acb_mat([[acb(0, 2 * arb.pi() * b / n2).exp() ** j for b in range(n2)] for j in range(d2 + 1)])
        reach = arb.pi() * d1 / n1 + arb.pi() * d2 / n2
        sampling = 1 / (1 - reach ** 2 / 2).sqrt()
        inverse = 1 / target.rho(PREC)
        K, factor = arb(0), arb(1)
        for m in range(t):
            values = left * acb_mat([[table[i][j][m] for j in range(d2 + 1)] for i in range(d1 + 1)]) * right
            top = arb(0)
            for a in range(n1):
                for b in range(n2):
                    top = top.max(abs(values[a, b]))
            K = K.max(factor * top * sampling)
            factor *= inverse
        return arb(target.beta) * (abs(W) - abs(W2)) / 2 - arb(eps) * K


def grouped_degree_certified(target: ComplexOscillator, eps, d: int,
                             deadline: float | None = None) -> tuple[bool, float]:
    """Whether every split of degree d is certified (then every *stable* real SSM within eps has
    ``>= d + 1`` states), and the smallest margin's midpoint among the splits tried (float).  Past
    ``deadline`` (a ``time.monotonic()`` value, checked between splits) the degree counts as not
    certified."""
    if not isinstance(target, ComplexOscillator):
        raise InputError(f"target: must be a ComplexOscillator, got {type(target).__name__}")
    eps = _coerce_eps(eps)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or not 1 <= d <= target.t - 1:
        raise InputError(f"d: must be an integer in 1..t-1 = {target.t - 1}, got {d!r}")
    theta, rho = float(target.theta(64).mid()), float(target.rho(64).mid())
    if abs(math.sin(theta)) < 1e-12:
        raise InputError("target: the carrier bound needs a non-real A (sin theta != 0)")
    discs = _discs(target, PREC)
    splits = sorted(range(int(d) + 1), key=lambda d1: min(d1, d - d1))      # all in one group first
    worst = math.inf
    for d1 in splits:
        if deadline is not None and time.monotonic() > deadline:
            return False, worst
        w = _window(target.t, d1, int(d) - d1, discs, theta, rho)
        if w is None:
            return False, math.nan
        for per_degree in (COARSE_SAMPLES_PER_DEGREE, CERT_SAMPLES_PER_DEGREE):     # the cheap grid first
            margin = _margin(target, eps, d1, int(d) - d1, discs, w, per_degree)
            if margin > 0:
                break
        worst = min(worst, float(margin.mid()))
        if not margin > 0:
            return False, worst
    return True, worst


def grouped_bound(target: ComplexOscillator, eps, start: int, top: int, max_seconds: float) -> CarrierBound:
    """Degrees ``start, start + 1, ..`` up to ``top`` while each is certified within ``max_seconds``
    (checked between splits): the lower bound ``d + 1`` for the largest certified d (for stable real
    SSMs), or ``start``.  ``start``: a lower end already known (degrees below it need nothing)."""
    if not isinstance(target, ComplexOscillator):
        raise InputError(f"target: must be a ComplexOscillator, got {type(target).__name__}")
    for name, value in (("start", start), ("top", top)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise InputError(f"{name}: must be an integer >= 0, got {value!r}")
    if isinstance(max_seconds, bool) or not isinstance(max_seconds, (int, float)) or not max_seconds > 0:
        raise InputError(f"max_seconds: must be a positive number, got {max_seconds!r}")
    begin = time.monotonic()
    lower, degrees = int(start), []
    for d in range(max(int(start), 1), min(int(top), target.t - 1) + 1):
        ok, margin = grouped_degree_certified(target, eps, d, deadline=begin + max_seconds)
        degrees.append((d, ok, margin))
        if not ok:
            break
        lower = d + 1
    return CarrierBound(lower=lower, degrees=tuple(degrees), seconds=time.monotonic() - begin)
