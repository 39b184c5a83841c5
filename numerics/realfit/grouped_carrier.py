"""Lower bound 5 of :mod:`.dimension`: the windowed carrier with the stable roots in groups, refined where needed.

The carrier of :mod:`.carrier` serves every real-rooted polynomial P of degree d with one window:
each root r enters through ``beta = conj(A) / (conj(A) - r)``, a point of one circle, and by the
Grace-Walsh-Szego coincidence theorem the worst P for each entry has all its roots in one point of
that circle.  For *stable* SSMs (poles in [-1, 1], Ran-Milo et al.'s standing assumption) the roots
lie in ``[-1, 1]``.  A *cell* fixes how many roots lie in each of a few disjoint intervals
``I_1, .., I_G`` of ``[-1, 1]`` (``d_g`` roots in ``I_g``, ``sum d_g = d``); each cell gets a window of
its own, and the images of the intervals are arcs, each inside a disc smaller than the circle's.

The bound for one cell
----------------------
Let ``D_g`` be a closed disc that contains the arc of ``I_g`` (centre ``c_g``, radius ``R_g``).  Write
``beta = c_g + R_g u`` with ``|u| <= 1``.  For a window w and each entry m,

    F_m = (prod_g prod_(j in g) (I - beta_j nabla) w)_m

is symmetric and multi-affine in the ``u`` of each group separately.  The coincidence theorem,
applied to one group at a time with the others held fixed, replaces each group's points by one
point ``u_g`` of the unit disc.  So, by the maximum modulus principle in each variable,

    |F_m| <= K'_m = max_(|u_1| = .. = |u_G| = 1) |q_m(u_1, .., u_G)|,
    q_m(u) = (prod_g (I - (c_g + R_g u_g) nabla)^(d_g) w)_m = sum_i T[i, m] u^i.

``K'_m`` is bounded from a grid of ``N_1 x .. x N_G`` points of the torus: ``f = |q_m|^2`` is a
trigonometric polynomial of degree ``d_g`` in the angle of ``u_g``.  Along any line through a maximiser
it is a function of exponential type ``sigma = sum_g d_g |delta_g|``, so by Bernstein's inequality its
second derivative is at most ``sigma^2 max f``, and the nearest grid point is within ``pi / N_g`` in each
angle:

    K'_m <= max_grid |q_m| / sqrt(1 - sigma^2 / 2),   sigma = sum_g pi d_g / N_g.

A group with one root needs no grid.  If ``d_h = 1``, ``q_m = a_m(u') + u_h b_m(u')`` (u' the other
groups' points) and ``max_(|u_h| = 1) |q_m| = |a_m(u')| + |b_m(u')|`` exactly.  Let ``(u'*, v*)`` maximise
``|q_m|``; then ``g(u') = |q_m(u', v*)|^2`` has its maximum at ``u'*`` and is a trigonometric polynomial
of type ``sigma' = sum_(g != h) pi d_g / N_g`` along any line, so Bernstein's inequality as above gives
at the nearest grid point ``u'_s``: ``|a_m(u'_s)| + |b_m(u'_s)| >= sqrt(g(u'_s)) >= K'_m sqrt(1 - sigma'^2 / 2)``.
So one group with one root (the first) is maximised in closed form, and the grid runs over the
others only.

The rest is (1), (2) and (4) of :mod:`.carrier`: if ``|c| (|W| - |W_2|) / 2 > eps K`` with
``K = max_m rho^(-(m-1)) K'_m``, no stable real SSM whose poles fill the cell (the extra roots of P
free in their intervals) is within eps of phi.

The discs
---------
For the arc of ``[r_0, r_1]`` the disc with the chord ``beta(r_0) beta(r_1)`` as diameter contains the
arc when every point X of the arc sees the chord under an angle of at least 90 degrees
(Thales), i.e. ``Re((beta(r_0) - X) conj(beta(r_1) - X)) <= 0``; the inscribed angle is the same at
every point of the arc, so one point, ``X = beta((r_0 + r_1)/2)``, decides it (in arb).  Otherwise
the whole circle's disc of :mod:`.carrier` is used.  The centre is rounded to a double (exact) and
the radius rounded up to a double that covers the rounding, so that the disc still contains the arc.

The certificate of a cell, and why the grid is evaluated in float64
-------------------------------------------------------------------
The table ``T[i, m]`` is computed in acb from the exact doubles of w, ``c_g`` and ``R_g``: each
``prod_g C(d_g, i_g) (-R_g)^(i_g) x^(i_g) (1 - c_g x)^(d_g - i_g)`` is a polynomial in ``x = nabla``,
applied to the rows ``nabla^k w``.  With three groups the grid has millions of points, too many
for balls, so the grid is evaluated in float64 from the doubles ``T~`` nearest to ``T`` and bounded
rigorously:

    max_grid |q_m| <= max_grid |fl(q~_m)| (1 + 2^-50) + gamma sum_i |T~[i, m]| + sum_i |T[i, m] - T~[i, m]|,

the last term an arb ball.  ``gamma`` bounds the rounding of the float64 evaluation relative to
``sum_i |T~[i, m]|`` (every ``|u^i| = 1``): the evaluation is G successive contractions of length
``d_g + 1`` (sums of products, error at most ``(d_g + 3) u`` times the sum of the moduli, u = 2^-53, for
any order of summation, complex products included), the powers ``u^i`` are computed directly as
``exp(2 pi i (s i mod N) / N)`` (error below 2^-51 each), and the moduli add a relative 2^-52;
``gamma = (d + 8 G + 8) 2^-48`` covers all of it with room (Higham, *Accuracy and stability of
numerical algorithms*, Section 3.1).  With a group of one root, ``|fl(q~_m)|`` is
``fl(|fl(a~_m)| + |fl(b~_m)|)``: each of the two evaluations errs by at most gamma times the sum of
its half of the moduli, and the moduli and the sum are within the factor ``1 + 2^-50``.
``1 - sigma^2/2``, ``rho^(-(m-1))``, W, W_2 and the comparison are arb balls.  A coarse grid
(``sigma = REACHES[0]``) serves every entry; each finer one only the entries whose bound can still
exceed the refined maximum (the others' coarser bounds stand); a grid is held to ``GRID_POINTS``
points by a larger ``sigma``.

Refinement and the certificate for degree d
-------------------------------------------
The cells of degree d start as the ``d + 1`` splits ``(d_1, d - d_1)`` over ``[-1, 0]`` and
``[0, 1]`` (the splits with all roots in one group, the hardest, first).  A cell that fails is
replaced by its children: the group with most roots times width whose children keep at most
``MAX_GROUPS`` groups with a grid is bisected at the midpoint of its interval and its ``d_g`` roots
shared in all ``d_g + 1`` ways (empty groups dropped) -- the children cover the cell.  A cell first
tries the windows at hand -- its parent's (a subset of the parent's polynomials) and those of the
``RECENT`` cells certified last (neighbouring splits often share one) -- then its own from the
programme: at t = 45, arg A = pi/2, eps = 1/20, d = 32 that is 13 programmes instead of 31.  A cell
of more than ``MAX_GROUPS`` groups (possible beside a group of one root) only tries the windows at
hand: its programme would be too large.  A cell none of whose intervals can be bisected (intervals
narrower than ``2 MIN_WIDTH``, or too many groups) is not refined; the first such failure stops the
degree.  When every cell is certified, every stable real SSM within eps of phi has at least
``d + 1`` states.  At t = 27, arg A = pi/2, eps = 1/4 two groups fail at d = 19 by 0.046 in the
worst split; bisecting [0, 1] raises that split's margin to at least 0.12.  At t = 18,
arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4, d = 13 the cells certify only with the
group of one root off the grid and a fourth group beside it.

Why written here: as :mod:`.carrier`, specific to this target.
"""
from __future__ import annotations

import functools
import itertools
import math
import time
from fractions import Fraction

import numpy as np
from flint import acb, acb_mat, acb_poly, arb, ctx, fmpq

from ..errors import InputError
from ..ssm.complex_target import ComplexOscillator
from .carrier import PREC, CarrierBound, _basis, _nabla, programme, window_sums
from .dimension_input import _coerce_eps

__all__ = ["cell_margin", "grouped_bound", "grouped_degree_certified"]

#: Points of each circle per degree of its group in the programme's grid (plus 4).
LP_SAMPLES_PER_DEGREE = 2
#: Rows of the programme solved at once (row generation, :func:`.carrier.programme`).
ROWS_AT_ONCE = 3000
#: ``sigma`` of the certificate's grids, coarse to fine (factors 1.89, 1.10 and 1.02).
REACHES = (1.2, 0.6, 0.25)
#: At most this many points in a grid of the torus (time and memory of the float64 evaluation).
GRID_POINTS = 3_000_000
#: The windows of this many cells certified last are tried before a programme of a cell's own.
RECENT = 2
#: At most this many groups with a grid in a cell (a group with one root needs none, see above); a
#: cell of more groups gets no programme of its own.
MAX_GROUPS = 3
#: Intervals narrower than twice this are not bisected.
MIN_WIDTH = Fraction(1, 8)
#: The stable roots are split at this point first: groups [-1, SPLIT] and [SPLIT, 1].
SPLIT = Fraction(0)


def _float_up(x: arb) -> float:
    """A double >= every point of the ball x."""
    top = x.upper()
    value = float(top)
    while not arb(value) >= top:
        value = math.nextafter(value, math.inf)
    return value


def _disc(target: ComplexOscillator, r0: Fraction, r1: Fraction) -> tuple[complex, float]:
    """``(centre, radius)`` of a disc that contains the arc of ``[r0, r1]`` (module docstring); both
    doubles, taken exactly."""
    with ctx.workprec(PREC):
        theta, rho = target.theta(PREC), target.rho(PREC)
        conj_a = acb(rho * theta.cos(), -rho * theta.sin())

        def beta(r):
            return conj_a / (conj_a - arb(fmpq(r.numerator, r.denominator)))

        a, b, x = beta(r0), beta(r1), beta((r0 + r1) / 2)
        if ((a - x) * (b - x).conjugate()).real <= 0:
            middle, half = (a + b) / 2, abs(a - b) / 2
        else:                                                     # the whole circle
            middle, half = acb(arb(1) / 2, theta.cos() / (2 * theta.sin())), 1 / (2 * abs(theta.sin()))
        centre = complex(float(middle.real.mid()), float(middle.imag.mid()))
        return centre, _float_up(abs(middle - acb(centre.real, centre.imag)) + half)


def _operator(groups, one, power, multiply):
    """``[(i, p_i, s_i)]`` over the multi-indices i of the groups: the polynomial (in nabla)
    ``prod_g C(d_g, i_g) (-R_g)^(i_g) x^(i_g) (1 - c_g x)^(d_g - i_g) = x^(s_i) p_i(x)``; ``one``,
    ``power(c, k)`` (``(1 - c x)^k``) and ``multiply`` make it float (numpy coefficient arrays) or acb
    (acb_poly)."""
    factors = []
    for c, R, k in groups:
        factors.append([(math.comb(k, i) * (-R) ** i, i, power(c, k - i)) for i in range(k + 1)])
    out = []
    for index in itertools.product(*[range(k + 1) for _, _, k in groups]):
        p, shift = one, 0
        for g, i in enumerate(index):
            weight, s, q = factors[g][i]
            p, shift = multiply(p, q) * weight, shift + s
        out.append((index, p, shift))
    return out


def _float_table(w: np.ndarray, groups) -> np.ndarray:
    """float64 ``T[i, m, ...]`` (module docstring) for w of t rows (possibly several columns), shape
    ``(d_1 + 1, .., d_G + 1, t, ...)``."""
    d = sum(k for _, _, k in groups)
    rows = [w]
    for _ in range(d):
        rows.append(_nabla(rows[-1]))
    rows = np.array(rows)                                               # nabla^k w, k = 0..d
    table = np.zeros(tuple(k + 1 for _, _, k in groups) + w.shape, dtype=complex)

    def power(c, k):
        return np.polynomial.polynomial.polypow([1, -c], k) if k else np.ones(1, dtype=complex)

    for index, p, shift in _operator(groups, np.ones(1, dtype=complex), power, np.convolve):
        table[index] = np.tensordot(p, rows[shift:shift + len(p)], axes=(0, 0))
    return table


def _ball_table(wq: list, t: int, groups) -> tuple[list, acb_mat]:
    """The multi-indices and the acb matrix ``T`` (one row per multi-index, t columns) from the exact
    doubles of the window (``wq``, acb) and of the discs."""
    d = sum(k for _, _, k in groups)
    rows = [list(wq) + [acb(0)] * (t - len(wq))]
    for _ in range(d):
        last = rows[-1]
        rows.append([last[m] - (last[m - 1] if m else acb(0)) for m in range(t)])
    balls = [(acb(c.real, c.imag), arb(R), k) for c, R, k in groups]

    def power(c, k):
        return acb_poly([1, -c]) ** k

    indices, coefficients = [], []
    for index, p, shift in _operator(balls, acb_poly([1]), power, lambda a, b: a * b):
        row = [acb(0)] * (d + 1)
        for j, x in enumerate(p.coeffs()):
            row[shift + j] = x
        indices.append(index)
        coefficients.append(row)
    return indices, acb_mat(coefficients) * acb_mat(rows)


@functools.lru_cache(maxsize=64)
def _grid(n: int, k: int) -> np.ndarray:
    """``u_s^i = exp(2 pi i (s i mod n) / n)``, s < n, i <= k (float64), shape ``(n, k + 1)``; read-only
    (cached)."""
    s, i = np.meshgrid(np.arange(n), np.arange(k + 1), indexing="ij")
    out = np.exp(2j * np.pi * ((s * i) % n) / n)
    out.flags.writeable = False
    return out


def _sizes(groups, reach: float) -> list[int]:
    """Points per circle with ``sum_g pi d_g / N_g = reach`` (shared equally)."""
    return [math.ceil(len(groups) * math.pi * k / reach) for _, _, k in groups]


def _fitting_reach(groups, reach: float) -> float:
    """``reach``, or the larger reach whose grid has at most ``GRID_POINTS`` points."""
    points = math.prod(_sizes(groups, reach))
    if points <= GRID_POINTS:
        return reach
    return reach * (points / GRID_POINTS) ** (1 / len(groups)) * 1.01


def _eliminated(groups) -> int | None:
    """The group whose circle is maximised in closed form (the first with one root), or None; ``groups``
    as ``(centre, radius, d_g)`` or a cell's ``(r0, r1, d_g)``."""
    return next((g for g, (_, _, k) in enumerate(groups) if k == 1), None)


def _grid_maxima(table: np.ndarray, sizes: list[int], entries, free: int | None = None) -> dict:
    """``max_grid |fl(q~_m)|`` for the entries m (float64), as many entries at once as
    ``GRID_POINTS`` values allow; with ``free`` (a group with one root, no grid of its own),
    ``max_grid fl(|fl(q~_m,0)| + |fl(q~_m,1)|)`` over the grids of the other groups (``sizes``)."""
    entries = list(entries)
    batch = np.moveaxis(table[..., entries], -1, 0)                # (entries, d_1 + 1, .., d_G + 1)
    parts = [batch] if free is None else [np.take(batch, i, axis=free + 1) for i in (0, 1)]
    grids = [_grid(n, k) for n, k in zip(sizes, [k - 1 for k in parts[0].shape[1:]])]
    chunk = max(1, GRID_POINTS // math.prod(sizes))
    out = {}
    for start in range(0, len(entries), chunk):
        total = 0
        for part in parts:
            values = part[start:start + chunk]
            for grid in grids:                     # contract the first group's axis, its points go last
                values = np.tensordot(values, grid, axes=([1], [1]))
            total = total + np.abs(values)
        top = np.asarray(total).reshape(len(total), -1).max(axis=1)
        out.update(zip(entries[start:start + chunk], top.tolist()))
    return out


def _largest(balls) -> arb:
    """A ball containing the largest of non-negative balls."""
    out = arb(0)
    for x in balls:
        out = out.max(x)
    return out


def cell_margin(target: ComplexOscillator, eps: fmpq, groups, w: np.ndarray) -> arb:
    """``|c| (|W| - |W_2|) / 2 - eps K`` for the cell ``groups`` (``(centre, radius, d_g)`` per group,
    doubles) and the complex window w (doubles), as a ball (module docstring)."""
    t, d = target.t, sum(k for _, _, k in groups)
    with ctx.workprec(PREC):
        W, W2, wq = window_sums(target, w)
        indices, T = _ball_table(wq, t, groups)
        shape = tuple(k + 1 for _, _, k in groups)
        floats = np.zeros(shape + (t,), dtype=complex)
        error, size = [arb(0)] * t, [arb(0)] * t
        for r, index in enumerate(indices):
            for m in range(t):
                x = T[r, m]
                near = complex(float(x.real.mid()), float(x.imag.mid()))
                floats[index + (m,)] = near
                error[m] += abs(x - acb(near.real, near.imag))
                size[m] += abs(acb(near.real, near.imag))
        gamma = arb(d + 8 * len(groups) + 8) * arb(2) ** -48
        free = _eliminated(groups)
        gridded = [group for g, group in enumerate(groups) if g != free]
        numerator = arb(target.beta) * (abs(W) - abs(W2)) / 2
        scale = [arb(1)]
        for _ in range(t - 1):
            scale.append(scale[-1] / target.rho(PREC))

        def bounds(reach, entries):
            sizes = _sizes(gridded, reach)
            sigma = sum((arb.pi() * k / n for (_, _, k), n in zip(gridded, sizes)), arb(0))
            sampling = 1 / (1 - sigma ** 2 / 2).sqrt()
            maxima = _grid_maxima(floats, sizes, entries, free)
            return {m: scale[m] * sampling * (arb(maxima[m]) * (1 + arb(2) ** -50) + gamma * size[m] + error[m])
                    for m in entries}

        levels = sorted({_fitting_reach(gridded, reach) for reach in REACHES}, reverse=True)
        levels = [reach for reach in levels if reach <= REACHES[0]]
        if not levels:                              # a grid within GRID_POINTS would lose too much
            return numerator - arb(eps) * arb("inf")
        current = bounds(levels[0], range(t))
        for reach in levels[1:]:
            if numerator - arb(eps) * _largest(current.values()) > 0:
                break
            # a finer grid for the entries whose bound can still exceed the refined maximum
            refined = arb(0)
            for m in sorted(current, key=lambda m: -float(current[m].upper())):
                if float(current[m].upper()) <= float(refined.lower()):
                    break                           # every bound left is below a refined one
                current[m] = current[m].min(bounds(reach, [m])[m])
                refined = refined.max(current[m])
        return numerator - arb(eps) * _largest(current.values())


def _window(target: ComplexOscillator, groups, theta: float, rho: float) -> np.ndarray | None:
    """The float64 window of the cell: the programme of :func:`.carrier.programme` with the constraint
    ``rho^(-(m-1)) |q_m| <= tau`` on a grid of ``LP_SAMPLES_PER_DEGREE d_g + 4`` points per circle."""
    t = target.t
    L = t - sum(k for _, _, k in groups)
    basis = _basis(L)
    half = basis.shape[1]
    columns = np.zeros((t, 2 * half), dtype=complex)
    columns[:L, :half], columns[:L, half:] = basis, 1j * basis
    table = _float_table(columns, groups)
    for g, (_, _, k) in enumerate(groups):
        table = np.moveaxis(np.tensordot(_grid(LP_SAMPLES_PER_DEGREE * k + 4, k), table, axes=(1, g)), 0, g)
    Q = table.reshape(-1, t, 2 * half) * rho ** (-np.arange(t, dtype=float))[None, :, None]
    return programme(Q, basis, theta, rows_at_once=ROWS_AT_ONCE)


def _gridded(cell) -> int:
    """How many groups of the cell get a grid (all but one group with one root)."""
    return len(cell) - (_eliminated(cell) is not None)


def _children(cell):
    """The cells that cover ``cell`` with one interval bisected (the group with most roots times width
    whose children keep at most ``MAX_GROUPS`` gridded groups), or None when it may not be refined."""
    candidates = sorted(((k * (r1 - r0), g) for g, (r0, r1, k) in enumerate(cell) if (r1 - r0) / 2 >= MIN_WIDTH),
                        reverse=True)
    for _, g in candidates:
        r0, r1, k = cell[g]
        middle = (r0 + r1) / 2
        out = []
        for j in range(k + 1):
            parts = [part for part in ((r0, middle, j), (middle, r1, k - j)) if part[2]]
            out.append(tuple(cell[:g]) + tuple(parts) + tuple(cell[g + 1:]))
        if max(_gridded(child) for child in out) <= MAX_GROUPS:
            return sorted(out, key=lambda c: -max(k for _, _, k in c))  # the most concentrated first
    return None


def grouped_degree_certified(target: ComplexOscillator, eps, d: int,
                             deadline: float | None = None) -> tuple[bool, float]:
    """Whether every cell of degree d is certified (then every *stable* real SSM within eps has
    ``>= d + 1`` states), and the smallest margin's midpoint among the cells that ended a refinement
    (float).  Past ``deadline`` (a ``time.monotonic()`` value, checked between cells) the degree
    counts as not certified."""
    if not isinstance(target, ComplexOscillator):
        raise InputError(f"target: must be a ComplexOscillator, got {type(target).__name__}")
    eps = _coerce_eps(eps)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or not 1 <= d <= target.t - 1:
        raise InputError(f"d: must be an integer in 1..t-1 = {target.t - 1}, got {d!r}")
    theta, rho = float(target.theta(64).mid()), float(target.rho(64).mid())
    if abs(math.sin(theta)) < 1e-12:
        raise InputError("target: the carrier bound needs a non-real A (sin theta != 0)")
    d = int(d)
    discs = {}

    def groups_of(cell):
        for r0, r1, _ in cell:
            if (r0, r1) not in discs:
                discs[(r0, r1)] = _disc(target, r0, r1)
        return [discs[(r0, r1)] + (k,) for r0, r1, k in cell]

    splits = sorted(range(d + 1), key=lambda d1: min(d1, d - d1))        # all in one group first
    stack = [(tuple(part for part in ((Fraction(-1), SPLIT, d1), (SPLIT, Fraction(1), d - d1)) if part[2]), None)
             for d1 in reversed(splits)]
    worst, recent = math.inf, []                  # recent: the windows of the last certified cells
    while stack:
        if deadline is not None and time.monotonic() > deadline:
            return False, worst
        cell, inherited = stack.pop()
        groups = groups_of(cell)
        margin = None
        at_hand = [w for w in [inherited] + [x for x in recent if x is not inherited] if w is not None]
        for w in at_hand:                           # windows at hand before a programme of its own
            margin = cell_margin(target, eps, groups, w)
            if margin > 0:
                break
        if margin is None or (not margin > 0 and len(cell) <= MAX_GROUPS):   # no programme for more groups
            w = _window(target, groups, theta, rho)
            if w is None:
                return False, math.nan
            margin = cell_margin(target, eps, groups, w)
        if margin > 0:
            worst, recent = min(worst, float(margin.mid())), ([w] + [x for x in recent if x is not w])[:RECENT]
            continue
        children = _children(cell)
        if children is None:
            return False, min(worst, float(margin.mid()))
        stack.extend((child, w) for child in reversed(children))
    return True, worst


def grouped_bound(target: ComplexOscillator, eps, start: int, top: int, max_seconds: float) -> CarrierBound:
    """Degrees ``start, start + 1, ..`` up to ``top`` while each is certified within ``max_seconds``
    (checked between cells): the lower bound ``d + 1`` for the largest certified d (for stable real
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
