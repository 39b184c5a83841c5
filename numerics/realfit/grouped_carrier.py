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

First, as in :mod:`.carrier`, by the triangle inequality (``|u^i| = 1`` on the torus)

    K'_m <= sum_i |T[i, m]|.

This bound is often nearly attained (the phases of the ``T[i, m]`` align).  At t = 45,
arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/20, d = 33 it decided each of 207 cells as the
grids below did, and it costs no grid; it is taken first, and the grids serve only where it fails.

Then ``K'_m`` is bounded from a grid of ``N_1 x .. x N_G`` points of the torus (``N_g > d_g``), one
group at a time.  For one circle, (3) of :mod:`.carrier` (Szego's inequality): a polynomial q of degree
n has

    max_(|u| = 1) |q| <= max_s |q(u_s)| / cos(pi n / (2N))

on N equally spaced points ``u_s``.  On the torus, ``max |q_m| = max_(u_2..u_G) max_(u_1) |q_m|`` is at
most ``max_(u_2..u_G) max_(s_1) |q_m|`` over ``cos(pi d_1 / (2 N_1))`` (the bound for u_1, the others
held fixed); the maxima commute, and the same for u_2, .., u_G in turn gives

    K'_m <= max_grid |q_m| / prod_g cos(pi d_g / (2 N_g))           (:func:`.carrier.sampling_factor`).

(Before, the bound was ``1 / sqrt(1 - sigma^2 / 2)``, ``sigma = sum_g pi d_g / N_g``, from Bernstein's
inequality for ``|q_m|^2`` along a line through the maximiser: a factor of about 1.49 where the grids of
three groups met their point cap.  At t = 45, arg A = pi/2, eps = 1/4, d = 33 the degree took 44 s with
the product instead of 79 s, and 26 s with the coarser grids and larger cells it allows.)

A group with one root needs no grid.  If ``d_h = 1``, ``q_m = a_m(u') + u_h b_m(u')`` (u' the other
groups' points) and ``max_(|u_h| = 1) |q_m| = |a_m(u')| + |b_m(u')|`` exactly; the argument above, with
``u_h`` held fixed while the other groups are sampled, gives ``K'_m <= max_grid (|a_m| + |b_m|)`` over the
product of the other groups' cosines.
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

The table in float64, and in balls where that is not enough
-----------------------------------------------------------
Each row of the table is a polynomial ``P_i = prod_g C(d_g, i_g) (-R_g nabla)^(i_g) (1 - c_g nabla)^(d_g - i_g)``
of the backward difference applied to w.  Written in the shift S (``nabla = 1 - S``) each factor is a
two-tap filter, ``-R_g nabla = -R_g + R_g S`` and ``1 - c_g nabla = (1 - c_g) + c_g S``, and
``T[i, m] = sum_k P_i[k] w_(m - k)``.  In this basis the sums cancel mildly (``sum_k |P_i[k]| |w_(m - k)|``
is about 2^26 times ``|T[i, m]|`` at t = 45, against 2^45 for the expansion in powers of nabla), so
the table is computed in float64 (:func:`_shift_table`, the coefficients cached per cell) with an a
priori rounding bound (Higham, *Accuracy and stability of numerical algorithms*, Sections 3.1 and 3.6):
every computed coefficient and entry is a sum of products along a chain of at most
``n = 8 d + 4 G + 8`` roundings (d two-tap steps, each a complex product and a sum, about 5u; G - 1
products of the groups' polynomials and the final product with the rows, each a complex inner
product of at most d + 1 terms), so it errs by at most ``gamma_n = n u / (1 - n u)`` (u = 2^-53) times
the same computation on the moduli, ``sum_k A_i[k] |w_(m - k)|`` with ``A_i`` the product of the taps'
moduli (rounded up), summed over i first (``sum_i A_i`` is the product of the groups' sums, each row
being a product of one row per group).  That reference, computed in float64 from positive numbers, is
inflated for its own rounding; the result is the certified ``sum_i |T[i, m] - T~[i, m]|`` beside the
doubles ``T~``.  Where it exceeds ``FLOAT_TABLE_TOLERANCE`` of the largest entry bound, the table is
computed instead in acb from the exact doubles of w, ``c_g`` and ``R_g`` (in powers of nabla) with
``TABLE_PREC`` bits and, where its balls are wider than ``2^-RADIUS_BITS`` of their column's largest
entry, again with ``PREC`` bits (wider still: the cell is refused with an error, not decided); the
doubles ``T~`` within one ulp of the midpoints carry the certified ``sum_i |T[i, m] - T~[i, m]|`` (see
:func:`_doubles`).  At t = 45, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/20, d = 33 the
float64 table served every cell (607 tables) with a certified error below 3e-6 of the largest entry
bound (median 2e-7), in 1.3 s against about 30 s for the balls, and the degree's smallest margin
unchanged to four digits.

The certificate of a cell, and why the grid is evaluated in float64
-------------------------------------------------------------------
The triangle bound is ``sum_i |T~[i, m]|`` rounded up plus the table's error.  With three groups the
grid has millions of points, too many for balls, so the grid is evaluated in float64 from ``T~`` and bounded rigorously:

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
The cosines, ``rho^(-(m-1))``, W, W_2 and the comparison are arb balls.  Where the triangle bound fails,
the grids (losing at most the factors ``LOSSES``, coarse to fine) serve only the entries whose bound is
still at the limit ``|c| (|W| - |W_2|) / (2 eps)`` (the others' bounds stand), largest first; a grid is
held to ``GRID_POINTS`` points by a larger loss, and the group of lowest degree is contracted last.  The
grid's largest value, less the same rounding terms, is also a *lower* bound of ``K'_m``: once it
exceeds the limit no finer grid can certify the cell with this window, and the margin is returned
as it stands (not positive).

Refinement and the certificate for degree d
-------------------------------------------
The cells of degree d start as the ``d + 1`` splits ``(d_1, d - d_1)`` over ``[-1, 0]`` and ``[0, 1]``
(all roots in one group first).  A cell that fails is replaced by two children that cover it.  The
groups of a cell may overlap: a group ``(I, c)`` means c roots anywhere in I, beside the other groups'
roots, and the bound above holds as it stands (each group's roots lie in its disc).  To refine, the
group with most roots times width among those whose interval holds another group's (roots still to
share) -- else among all groups -- is chosen; its interval I is bisected into L and R and, with j of its
c roots in L, the first child takes ``j <= h``: ``c - h`` roots in R and h still anywhere in I, the
second ``j > h``: ``h + 1`` in L and ``c - h - 1`` anywhere in I (``h = (c - 1) // 2``; groups on one
interval merge, empty ones are dropped).  Every polynomial of the cell lies in a child, so the children
cover it.  A cell of roots still to share covers a range of splits at once: at t = 45, arg A =
asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/20 the cell of 4 roots in [-1, 0], 9 in [0, 1/2], 12 in [1/2, 1] and
8 anywhere in [0, 1] (nine splits) is certified by one bound, and degree 33 needed 554 bounds instead of
1015 with every split of the bisected group a cell of its own (607 now, with the coarser programmes of
``LP_SAMPLES_PER_DEGREE = 1``).  A child may have at most ``MAX_ROWS`` rows in its table (else another
group is chosen); only where no group gives children that small, up to ``STUCK_ROWS``.

A cell first tries the windows at hand -- its parent's (the parent's polynomials include its own) and
those of the ``RECENT`` cells certified last (neighbouring splits often share one).  Each is screened
first (:func:`_screened`): ``|q_m(u)|`` at a few points u of the torus bounds ``K'_m`` from below, so a
window whose margin is already negative there is passed over without its table (at t = 45,
arg A = pi/2, eps = 1/4, d = 33: 15356 bounds became 5944, in 81 s instead of 95 s).  A cell with
roots still to share goes no further (triangle bound only): refining it is
cheaper than a programme.  Any other cell whose programme has at most ``LP_POINTS`` points of the
torus then gets its own window from the programme.  A failing cell passes the window of its largest
margin to its children.  A cell none of whose intervals can be bisected (intervals narrower than
``2 MIN_WIDTH``, or children of more than ``STUCK_ROWS`` rows) is not refined; the first such failure
stops the degree.
The two cells of all d roots in the narrowest intervals at the ends, ``[-1, -1 + MIN_WIDTH]`` and
``[1 - MIN_WIDTH, 1]``, are tried first with their own windows, and if one fails the degree stops
there: a heuristic stop (it can only leave a degree uncertified, never certify one) that ends
hopeless degrees in a second (t = 45, arg A = asin 0.2 + 3/4 (pi - 2 asin 0.2), eps = 1/4, d = 22:
margin -0.29 at [-1, -7/8], where the cells took 32 s to fail).  When
every cell is certified, every stable real SSM within eps of phi has at least ``d + 1`` states.

Mirror symmetry (arg A = pi/2)
------------------------------
A cell's margin depends on the target only through ``theta``, ``rho`` and ``|c|`` (the window sums W and
W_2 and the discs do not involve the phase ``gamma = arg c``): one certificate serves every phase.  If
A is purely imaginary, ``-A = conj(A)``; the stable real SSM with poles ``-a_j`` and the same weights
has the response ``(-1)^(k-1) h_k`` and is as far from ``(-1)^(k-1) phi_k = Re(c conj(A)^(k-1)) =
Re(conj(c) A^(k-1))``, the target with the same A and ``|c|`` and the phase ``-gamma``, as the SSM of
poles ``a_j`` is from phi.  So a split with ``d_1`` roots in ``[-1, 0]`` and ``d - d_1`` in ``[0, 1]`` is
ruled out for phi exactly when the mirrored split ``(d - d_1, d_1)`` is ruled out for the mirrored
target, whose certificates are phi's own: at ``theta = pi/2 (mod pi)`` (read from the exact
parameters of the target) only the splits with ``d_1 <= d - d_1`` and the end cell at ``+1`` are
tried: at t = 45, arg A = pi/2, eps = 1/4, d = 32, 17 of the 33 splits, and the degree is certified in
20 s instead of about 50 s.

Why written here: as :mod:`.carrier`, specific to this target.
"""
from __future__ import annotations

import functools
import itertools
import math
import time
from fractions import Fraction

import numpy as np
from flint import acb, acb_mat, acb_poly, arb, arb_mat, ctx, fmpq

from ..errors import InputError, check_seconds
from ..ssm.complex_target import ComplexOscillator
from .carrier import PREC, CarrierBound, _basis, generated_programme, sampling_factor, window_sums
from .dimension_input import _coerce_eps

__all__ = ["cell_margin", "grouped_bound", "grouped_degree_certified"]

#: Points of each circle per degree of its group in the programme's grid (plus 4).
LP_SAMPLES_PER_DEGREE = 1
#: Rows of the programme solved at once (row generation, :func:`.carrier.generated_programme`).
ROWS_AT_ONCE = 300
#: The factors by which the certificate's grids may fall short of ``K'_m``, coarse to fine (module docstring).
LOSSES = (1.89, 1.2, 1.05)
#: At most this many points in a grid of the torus (time and memory of the float64 evaluation).
GRID_POINTS = 300_000
#: The windows of this many cells certified last are tried before a programme of a cell's own.
RECENT = 8
#: At most this many rows (multi-indices) in a cell's table: a group is not refined into larger cells ...
MAX_ROWS = 16_000
#: ... unless no group gives children within MAX_ROWS; then up to this many (with MAX_ROWS = 8000, t = 45,
#: arg A = pi/2, eps = 1/4: degrees 32 and 33 stopped at a cell of four groups whose children have 8640
#: rows, and were certified with this).  Only as a fallback, so that every cell that can be refined
#: within MAX_ROWS is refined so.
STUCK_ROWS = 40_000
#: A cell gets a programme of its own only if its grid has at most this many points of the torus.
LP_POINTS = 20_000
#: The doubles of a cell's table are certified to within 2^-RADIUS_BITS of their column's largest entry.
RADIUS_BITS = 48
#: Bits of the table's balls, raised to PREC where they lose too much (cancellation).
TABLE_PREC = 128
#: The float64 table is used where its certified error is at most this fraction of the largest entry bound.
FLOAT_TABLE_TOLERANCE = 2.0 ** -16
#: Intervals narrower than twice this are not bisected.
MIN_WIDTH = Fraction(1, 8)
#: Points ``u`` of the unit circle (the same for every group) at which a window at hand is screened.
SCREEN_POINTS = tuple(np.exp(2j * np.pi * np.arange(8) / 8))
#: The screen's bound of K is lowered by this fraction: room for its float64 rounding (the filters cancel
#: by at most about 2^26 at t = 45, module docstring, so the rounding is below 2^-20 relative).
SCREEN_SLACK = 1e-4


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


@functools.lru_cache(maxsize=8)
def _coefficients(groups: tuple, prec: int) -> tuple[list, arb_mat, arb_mat, arb_mat]:
    """The multi-indices and the real part, imaginary part and their sum of the matrix of the polynomials
    (in nabla) of :func:`_operator`, one row per multi-index and d + 1 columns, at ``prec`` bits, for the
    cell ``groups`` (doubles, taken exactly); cached (read-only): a cell is tried with several windows."""
    d = sum(k for _, _, k in groups)
    with ctx.workprec(prec):
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
        C = acb_mat(coefficients)
        return indices, C.real, C.imag, C.real + C.imag


def _ball_table(wq: list, t: int, groups) -> tuple[list, arb_mat, arb_mat]:
    """The multi-indices and the real and imaginary parts of the matrix ``T`` (one row per multi-index,
    one column per entry m) from the exact doubles of the window (``wq``,
    acb) and of the discs, at the working precision: ``T = C N`` with C from :func:`_coefficients` and the
    rows ``N = (nabla^k w)_k``, by three real products, ``Re T = Cr Nr - Ci Ni`` and
    ``Im T = (Cr + Ci)(Nr + Ni) - Cr Nr - Ci Ni``."""
    d = sum(k for _, _, k in groups)
    rows = [list(wq) + [acb(0)] * (t - len(wq))]
    for _ in range(d):
        last = rows[-1]
        rows.append([last[m] - (last[m - 1] if m else acb(0)) for m in range(t)])
    N = acb_mat(rows)
    indices, Cr, Ci, Cs = _coefficients(tuple(groups), ctx.prec)
    real, imag = Cr * N.real, Ci * N.imag
    return indices, real - imag, Cs * (N.real + N.imag) - real - imag


def _two_tap(p: np.ndarray, taps) -> np.ndarray:
    """The coefficients of ``p(S) (taps[0] + taps[1] S)`` (float64, elementwise: one product per term
    and one sum per coefficient)."""
    out = np.zeros(p.size + 1, dtype=np.result_type(p, np.asarray(taps)))
    out[:-1] += p * taps[0]
    out[1:] += p * taps[1]
    return out


@functools.lru_cache(maxsize=256)
def _factor(c: complex, R: float, k: int) -> tuple[np.ndarray, np.ndarray]:
    """A float64 ``(k + 1, k + 1)`` array, row i the coefficients in the shift S (``nabla = 1 - S``) of
    ``C(k, i) (-R nabla)^i (1 - c nabla)^(k - i) = C(k, i) (-R + R S)^i ((1 - c) + c S)^(k - i)``, and the sum
    over i of the same products with the taps' moduli rounded up (the reference of the rounding bound,
    :func:`_shift_table`): by the binomial theorem ``((R + |1 - c|) + (R + |c|) S)^k``; read-only (cached)."""
    a0 = 1 - c
    P = np.zeros((k + 1, k + 1), dtype=complex)
    for i in range(k + 1):
        p = np.array([complex(math.comb(k, i))])
        for taps in [(-R, R)] * i + [(a0, c)] * (k - i):
            p = _two_tap(p, taps)
        P[i] = p
    total = np.ones(1)
    for _ in range(k):
        total = _two_tap(total, (R + abs(a0) * (1 + 2.0 ** -50), R + abs(c) * (1 + 2.0 ** -50)))
    P.flags.writeable = total.flags.writeable = False
    return P, total


def _products(X: np.ndarray, F: np.ndarray) -> np.ndarray:
    """Every row of X (polynomial coefficients) times every row of F, X's row index first:
    shape ``(rows(X) rows(F), deg X + deg F + 1)``; one matrix product (BLAS) with the banded matrix
    ``M[j, (r, j + l)] = F[r, l]``, so each coefficient is an inner product of at most ``deg F + 1``
    nonzero terms (the zeros add nothing and round nothing)."""
    n, a = X.shape
    k, f = F.shape
    M = np.zeros((a, k, a + f - 1), dtype=np.result_type(X, F))
    for j in range(a):
        M[j, :, j:j + f] = F
    return (X @ M.reshape(a, -1)).reshape(n * k, a + f - 1)


@functools.lru_cache(maxsize=32)
def _shift_coefficients(groups: tuple) -> tuple[list, np.ndarray, np.ndarray]:
    """The multi-indices of the cell ``groups`` and, one row each, the float64 coefficients in S of the
    polynomial of :func:`_operator` (products of the rows of :func:`_factor`), and the sum of their
    references over the rows: the rows are products of one row of each group, so their sum is the
    product of the groups' sums; read-only (cached)."""
    P, reference = np.ones((1, 1), dtype=complex), np.ones(1)
    for c, R, k in groups:
        FP, total = _factor(c, R, k)
        P, reference = _products(P, FP), np.convolve(reference, total)
    P.flags.writeable = reference.flags.writeable = False
    return list(itertools.product(*[range(k + 1) for _, _, k in groups])), P, reference


def _lagged(w: np.ndarray, d: int) -> np.ndarray:
    """``N[k, m, ...] = w_(m - k)`` (0 for m < k), k = 0..d, for w of t rows (possibly several columns)."""
    out = np.zeros((d + 1,) + w.shape, dtype=complex)
    for k in range(d + 1):
        out[k, k:] = w[:len(w) - k]
    return out


def _float_table(w: np.ndarray, groups) -> np.ndarray:
    """float64 ``T[i, m, ...] = sum_k P_i[k] w_(m - k)`` (module docstring, in the shift basis, the
    coefficients of :func:`_shift_coefficients`) for w of t rows (possibly several columns), shape
    ``(d_1 + 1, .., d_G + 1, t, ...)``."""
    _, P, _ = _shift_coefficients(tuple(groups))
    lagged = _lagged(w, P.shape[1] - 1)
    return (P @ lagged.reshape(len(lagged), -1)).reshape(tuple(k + 1 for _, _, k in groups) + w.shape)


def _column_sums(moduli: np.ndarray) -> list:
    """Balls ``>= sum_i |T~[i, m]|`` from the float64 moduli (each within 2^-52 of ``|T~[i, m]|``): their float
    sum errs by at most ``(rows + 1) 2^-53`` of it."""
    return [arb(float(x)) * (1 + arb(len(moduli) + 3) * arb(2) ** -52) for x in moduli.sum(axis=0)]


def _shift_table(w: np.ndarray, t: int, groups) -> tuple[list, tuple[np.ndarray, list, list]]:
    """The multi-indices and ``(T~, error, size)`` as :func:`_doubles` gives them, computed in float64 in
    the shift basis: ``T[i, m] = sum_k P_i[k] w_(m - k)`` (module docstring, "The table in float64")."""
    indices, P, moduli = _shift_coefficients(tuple(groups))
    d = P.shape[1] - 1
    full = np.zeros(t, dtype=complex)
    full[:len(w)] = w
    N = _lagged(full, d)                                                   # N[k, m] = w_(m - k)
    near = P @ N                                                           # complex inner products (BLAS)
    reference = moduli @ (np.abs(N) * (1 + 2.0 ** -50))                 # sum_i sum_k A_i[k] |w_(m - k)|
    rows, n = P.shape[0], 8 * d + 4 * len(groups) + 8
    gamma = arb(n) * arb(2) ** -53 / (1 - arb(n) * arb(2) ** -53) * (1 + arb(2) ** -30)
    inflate = 1 + arb(rows + d + 8) * arb(2) ** -52
    error = [gamma * inflate * arb(float(x)) for x in reference]
    return indices, (near, error, _column_sums(np.abs(near)))


def _doubles(real: arb_mat, imag: arb_mat, t: int) -> tuple[np.ndarray, list, list] | None:
    """Doubles ``T~`` near the balls of ``T = real + i imag`` (rows x t), with balls
    ``error[m] >= sum_i |T[i, m] - T~[i, m]|`` and ``size[m] >= sum_i |T~[i, m]|``; None if a ball of ``T`` is
    too wide for that (below).

    ``T~`` is within one ulp of the midpoints of ``T`` in each part, so ``|mid - T~| <= 2^-51 |T~|``.  The
    radii are certified at once for the whole matrix: each part must lie in the band of half-width
    ``r_m = 2^-RADIUS_BITS max_i |T~[i, m]|`` around its midpoints, then ``|T - mid| <= sqrt(2) r_m``.  The
    float sum of ``rows`` moduli (each within 2^-52 of ``|T~|``) errs by at most ``(rows + 1) 2^-53`` of it."""
    rows = real.nrows()
    near = np.array([float(x) for x in real.entries()]) + 1j * np.array([float(x) for x in imag.entries()])
    near = near.reshape(rows, t)
    moduli = np.abs(near)
    radius = [math.ldexp(float(top), -RADIUS_BITS) or 2.0 ** -1000 for top in moduli.max(axis=0)]
    band = arb_mat([[arb(0, r) for r in radius]] * rows)
    if not ((real.mid() + band).contains(real) and (imag.mid() + band).contains(imag)):
        return None
    size = _column_sums(moduli)
    error = [arb(r) * rows * arb(2).sqrt() + x * arb(2) ** -51 for r, x in zip(radius, size)]
    return near, error, size


@functools.lru_cache(maxsize=64)
def _grid(n: int, k: int) -> np.ndarray:
    """``u_s^i = exp(2 pi i (s i mod n) / n)``, s < n, i <= k (float64), shape ``(n, k + 1)``; read-only
    (cached)."""
    s, i = np.meshgrid(np.arange(n), np.arange(k + 1), indexing="ij")
    out = np.exp(2j * np.pi * ((s * i) % n) / n)
    out.flags.writeable = False
    return out


def _sizes(groups, loss: float) -> list[int]:
    """Points per circle of a grid that loses at most the factor ``loss``: ``N_g >= pi d_g / (2 a)`` with
    ``cos(a)^G = 1 / loss`` (the same angle a in every group)."""
    a = math.acos(loss ** (-1 / max(1, len(groups))))
    return [math.ceil(math.pi * k / (2 * a)) for _, _, k in groups]


def _fitting_loss(groups, loss: float) -> float:
    """``loss``, or the larger loss whose grid has at most ``GRID_POINTS`` points."""
    points = math.prod(_sizes(groups, loss))
    if points <= GRID_POINTS:
        return loss
    a = math.acos(loss ** (-1 / len(groups))) * (points / GRID_POINTS) ** (1 / len(groups)) * 1.01
    return math.cos(a) ** -len(groups) if a < math.pi / 2 else math.inf


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
    # the group of the lowest degree is contracted last, over the whole grid (the costly contraction)
    order = sorted(range(len(sizes)), key=lambda g: -parts[0].shape[g + 1])
    parts = [part.transpose([0] + [g + 1 for g in order]) for part in parts]
    sizes = [sizes[g] for g in order]
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


def cell_margin(target: ComplexOscillator, eps: fmpq, groups, w: np.ndarray, grids: bool = True) -> arb:
    """``|c| (|W| - |W_2|) / 2 - eps K`` for the cell ``groups`` (``(centre, radius, d_g)`` per group,
    doubles) and the complex window w (doubles), as a ball (module docstring).  With ``grids=False`` K
    comes from the triangle inequality alone."""
    t, d = target.t, sum(k for _, _, k in groups)
    with ctx.workprec(PREC):
        W, W2, wq = window_sums(target, w)
        numerator = arb(target.beta) * (abs(W) - abs(W2)) / 2
        rho, scale = target.rho(PREC), [arb(1)]
        for _ in range(t - 1):
            scale.append(scale[-1] / rho)

        def table():
            indices, doubles = _shift_table(w, t, groups)                # float64 where its error is small
            _, error, size = doubles
            if max(float((x * e).upper()) for x, e in zip(scale, error)) <= \
                    FLOAT_TABLE_TOLERANCE * max(float((x * y).lower()) for x, y in zip(scale, size)):
                return indices, doubles
            for prec in (TABLE_PREC, PREC):         # else in balls, at the precision they need
                with ctx.workprec(prec):
                    indices, real, imag = _ball_table(wq, t, groups)
                    doubles = _doubles(real, imag, t)
                if doubles is not None:
                    return indices, doubles
            raise ArithmeticError(f"the table's balls are wider than 2^-{RADIUS_BITS} of their column's largest "
                                  f"entry at {PREC} bits: precision lost, the cell is not decided")

        indices, (near, error, size) = table()
        current = {m: scale[m] * (size[m] + error[m]) for m in range(t)}       # the triangle inequality
        if not grids:
            return numerator - arb(eps) * _largest(current.values())
        floats = np.zeros(tuple(k + 1 for _, _, k in groups) + (t,), dtype=complex)
        floats[tuple(np.array(indices).T)] = near
        gamma = arb(d + 8 * len(groups) + 8) * arb(2) ** -48
        free = _eliminated(groups)
        gridded = [group for g, group in enumerate(groups) if g != free]

        def bounds(loss, entries):
            sizes = _sizes(gridded, loss)
            sampling = sampling_factor([k for _, _, k in gridded], sizes)
            maxima = _grid_maxima(floats, sizes, entries, free)
            upper = {m: scale[m] * sampling * (arb(maxima[m]) * (1 + arb(2) ** -50) + gamma * size[m] + error[m])
                     for m in entries}
            # the grid's largest value is also a lower bound of K'_m, up to the same rounding terms
            lower = max(scale[m] * (arb(maxima[m]) / (1 + arb(2) ** -50) - gamma * size[m] - error[m])
                        for m in entries)
            return upper, lower

        levels = sorted({_fitting_loss(gridded, loss) for loss in LOSSES}, reverse=True)
        limit = float((numerator / arb(eps)).lower())           # every entry's bound below it: certified
        hopeless = numerator / arb(eps)                         # some K'_m above it: no grid can certify
        for loss in [loss for loss in levels if loss <= LOSSES[0]]:
            # grids for the entries still at the limit, largest first, as many at once as GRID_POINTS allow;
            # one that stays at the limit leaves the rest to the next, finer grid
            blocking = sorted((m for m in current if not float(current[m].upper()) < limit),
                              key=lambda m: -float(current[m].upper()))
            if not blocking:
                break
            chunk = max(1, GRID_POINTS // math.prod(_sizes(gridded, loss)))
            for start in range(0, len(blocking), chunk):
                batch = blocking[start:start + chunk]
                refined, below = bounds(loss, batch)
                for m in batch:
                    current[m] = current[m].min(refined[m])
                if below > hopeless:
                    return numerator - arb(eps) * _largest(current.values())
                if any(not float(current[m].upper()) < limit for m in batch):
                    break
        return numerator - arb(eps) * _largest(current.values())


def _screened(target: ComplexOscillator, eps: float, groups, w: np.ndarray, theta: float, rho: float) -> float:
    """A float64 estimate from above of the margin of :func:`cell_margin` for the cell ``groups`` and the
    window w: ``|c| (|W| - |W_2|) / 2 - eps max_(m, u) rho^(-(m-1)) |q_m(u)|`` over the ``SCREEN_POINTS`` u,
    each the same for every group, the maximum lowered by ``SCREEN_SLACK``.  ``|q_m(u)| <= K'_m`` at every
    point of the torus (both the triangle bound and the grids bound ``K'_m`` from above), so a window whose
    estimate is negative cannot certify the cell, and its table (about 20 times the cost) is not computed.
    ``q_m(u)`` is the window filtered by the polynomial with all roots of group g at ``beta_g = c_g + R_g u``,
    a two-tap filter per root; ``theta`` and ``rho`` are those of the target in float64."""
    t = target.t
    y = np.zeros((len(SCREEN_POINTS), t), dtype=complex)
    y[:, :len(w)] = w
    u = np.array(SCREEN_POINTS)[:, None]
    for c, R, k in groups:
        beta = c + R * u
        for _ in range(k):                                     # (1 - beta nabla) y = (1 - beta) y + beta S y
            y[:, 1:] = (1 - beta) * y[:, 1:] + beta * y[:, :-1]
            y[:, :1] *= 1 - beta
    W, W2 = np.sum(w), np.sum(w * np.exp(2j * theta * np.arange(len(w))))
    top = np.max(np.abs(y) * rho ** -np.arange(t, dtype=float))
    return float(target.beta) * (abs(W) - abs(W2)) / 2 - eps * top * (1 - SCREEN_SLACK)


def _mid(margin) -> float:
    """The midpoint of a margin's ball, or the float of a screened estimate."""
    return float(margin.mid()) if isinstance(margin, arb) else float(margin)


def _programme_points(cell) -> int:
    """Points of the torus in the programme of :func:`_window` for the cell."""
    return math.prod(LP_SAMPLES_PER_DEGREE * k + 4 for _, _, k in cell)


class _TableRows:
    """The complex rows ``Q[(s, m)] = rho^(-(m-1)) q_m(u_s)`` of a cell's programme, one coefficient of
    the window per column, evaluated from the table ``T_b[i, m]`` of each coefficient b on demand
    (:func:`.carrier.generated_programme`): s runs over the grid of ``LP_SAMPLES_PER_DEGREE d_g + 4``
    points per circle, rows numbered point by point and within a point entry by entry.  The whole matrix
    (points x t x coefficients, 254 MB at t = 45 for a cell of four groups and 14688 points) is never
    formed: a round needs ``q_m(u_s)`` of one window only (the table times x, then the grid), and the
    rows it adds are ``sum_i T_b[i, m] u_s^i`` for a few hundred (s, m)."""

    def __init__(self, table: np.ndarray, grids: list):
        *_, self.t, nb = table.shape                         # (d_1 + 1, .., d_G + 1, t, coefficients)
        self.table, self.grids = table, grids
        self.points = tuple(len(grid) for grid in grids)
        self.count = math.prod(self.points) * self.t
        self.by_entry = np.ascontiguousarray(np.moveaxis(table.reshape(-1, self.t, nb), 1, 0))  # (t, rows, nb)

    def scale(self) -> np.ndarray:
        """``max_m sum_i |T_b[i, m]|`` per coefficient b: at least its largest ``|Q[(s, m), b]|``."""
        return np.abs(self.by_entry).sum(axis=1).max(axis=0)

    def products(self, x: np.ndarray) -> np.ndarray:
        """``Q . x`` for every row: the table of the window x, on the grid."""
        y = self.table @ x                                         # (d_1 + 1, .., d_G + 1, t)
        for g, grid in enumerate(self.grids):
            y = np.moveaxis(np.tensordot(grid, y, axes=(1, g)), 0, g)
        return y.ravel()

    def rows(self, index: np.ndarray) -> np.ndarray:
        """The rows ``index``: ``sum_i T_b[i, m] u_s^i``, the powers ``u_s^i`` as products over the groups."""
        point, entry = np.divmod(index, self.t)
        powers = np.ones((len(index), 1), dtype=complex)
        for grid, s in zip(self.grids, np.unravel_index(point, self.points)):
            powers = (powers[:, :, None] * grid[s][:, None, :]).reshape(len(index), -1)
        out = np.empty((len(index), self.by_entry.shape[2]), dtype=complex)
        for m in np.unique(entry):
            chosen = entry == m
            out[chosen] = powers[chosen] @ self.by_entry[m]
        return out


def _window(target: ComplexOscillator, groups, theta: float, rho: float) -> np.ndarray | None:
    """The float64 window of the cell: the programme of :func:`.carrier.generated_programme` with the
    constraint ``rho^(-(m-1)) |q_m| <= tau`` on a grid of ``LP_SAMPLES_PER_DEGREE d_g + 4`` points per
    circle (:class:`_TableRows`)."""
    t = target.t
    L = t - sum(k for _, _, k in groups)
    basis = _basis(L)
    half = basis.shape[1]
    columns = np.zeros((t, 2 * half), dtype=complex)
    columns[:L, :half], columns[:L, half:] = basis, 1j * basis
    table = _float_table(columns, groups) * rho ** (-np.arange(t, dtype=float))[:, None]
    grids = [_grid(LP_SAMPLES_PER_DEGREE * k + 4, k) for _, _, k in groups]
    return generated_programme(_TableRows(table, grids), t, basis, theta, ROWS_AT_ONCE)


def _rows(cell) -> int:
    """Rows of the cell's table (multi-indices)."""
    return math.prod(k + 1 for _, _, k in cell)


def _holds(cell, g: int) -> bool:
    """Whether the interval of group g holds the interval of another group of the cell (its roots are
    still to be shared between the halves)."""
    r0, r1, _ = cell[g]
    return any(r0 <= a and b <= r1 and (a, b) != (r0, r1) for a, b, _ in cell)


def _merged(groups) -> tuple:
    """The groups of a cell with the counts on one interval added, empty ones dropped, in order."""
    counts: dict = {}
    for r0, r1, k in groups:
        counts[(r0, r1)] = counts.get((r0, r1), 0) + k
    return tuple((r0, r1, k) for (r0, r1), k in sorted(counts.items()) if k)


def _children(cell):
    """Two cells that cover ``cell``, or None when it may not be refined (module docstring): the group
    ``(I, c)`` with most roots times width (groups whose interval holds another's first), among those
    whose interval may be bisected and whose children have at most ``MAX_ROWS`` rows (failing that,
    ``STUCK_ROWS``), shares its roots
    between the halves L and R of I; with j of them in L,
    the first child holds j <= h (``c - h`` roots in R, h still anywhere in I), the second j > h (``h + 1``
    in L, ``c - h - 1`` anywhere in I), ``h = (c - 1) // 2``."""
    def priority(g):
        r0, r1, k = cell[g]
        return _holds(cell, g), k * (r1 - r0), -g

    candidates = sorted((g for g, (r0, r1, _) in enumerate(cell) if (r1 - r0) / 2 >= MIN_WIDTH), key=priority,
                        reverse=True)
    options = []
    for g in candidates:
        r0, r1, c = cell[g]
        middle, h, rest = (r0 + r1) / 2, (c - 1) // 2, cell[:g] + cell[g + 1:]
        out = [_merged(rest + ((middle, r1, c - h), (r0, r1, h))),
               _merged(rest + ((r0, middle, h + 1), (r0, r1, c - h - 1)))]
        options.append((max(_rows(child) for child in out), out))
    for limit in (MAX_ROWS, STUCK_ROWS):
        out = next((out for rows, out in options if rows <= limit), None)
        if out is not None:
            return sorted(out, key=lambda child: -max(k for _, _, k in child))  # the most concentrated first
    return None


def _mirror_symmetric(target: ComplexOscillator) -> bool:
    """Whether A is purely imaginary (``theta = pi/2 mod pi``, read from the exact ``p`` and ``q``), so
    that negating the poles maps the target to one with the same certificates (module docstring,
    "Mirror symmetry")."""
    twice = 2 * target.p
    return target.q == 0 and twice.q == 1 and int(twice.p) % 2 == 1


def grouped_degree_certified(target: ComplexOscillator, eps, d: int,
                             deadline: float | None = None) -> tuple[bool, float]:
    """Whether every cell of degree d is certified (then every *stable* real SSM within eps has
    ``>= d + 1`` states), and the smallest margin's midpoint among the cells that ended a refinement
    (float; for a cell that could not be refined, the margin of its best window, or the screen's
    float64 estimate of it from above where that window was screened out, :func:`_screened`).  Past
    ``deadline`` (a ``time.monotonic()`` value, checked between cells) the degree counts as not
    certified."""
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

    mirrored = _mirror_symmetric(target)
    ends = ((Fraction(-1), -1 + MIN_WIDTH), (1 - MIN_WIDTH, Fraction(1)))
    for r0, r1 in (ends[1:] if mirrored else ends):                     # the ends first (a stop)
        groups = groups_of(((r0, r1, d),))
        w = _window(target, groups, theta, rho)
        if w is None:
            return False, math.nan
        margin = cell_margin(target, eps, groups, w)
        if not margin > 0:
            return False, float(margin.mid())
    splits = sorted((d1 for d1 in range(d + 1) if not mirrored or d1 <= d - d1),
                    key=lambda d1: min(d1, d - d1))                     # all in one group first
    stack = [(_merged(((Fraction(-1), Fraction(0), d1), (Fraction(0), Fraction(1), d - d1))), None)
             for d1 in reversed(splits)]
    worst, recent = math.inf, []                  # recent: the windows of the last certified cells
    while stack:
        if deadline is not None and time.monotonic() > deadline:
            return False, worst
        cell, inherited = stack.pop()
        groups = groups_of(cell)
        shared = not any(_holds(cell, g) for g in range(len(cell)))     # every group's roots placed
        margin = best = None                        # best: the window of the largest margin, for the children
        at_hand = [w for w in [inherited] + [x for x in recent if x is not inherited] if w is not None]
        for w in at_hand:                           # windows at hand before a programme of its own
            estimate = _screened(target, float(eps), groups, w, theta, rho)
            if estimate < 0:                        # cannot certify: no table
                margin = estimate
            else:
                margin = cell_margin(target, eps, groups, w, grids=shared)
            if best is None or _mid(margin) > _mid(best[0]):
                best = (margin, w)
            if margin > 0:
                break
        if margin is None or (not margin > 0 and shared and _programme_points(cell) <= LP_POINTS):
            w = _window(target, groups, theta, rho)
            if w is None:
                return False, math.nan
            margin = cell_margin(target, eps, groups, w)
            best = (margin, w)
        margin, w = best
        if margin > 0:
            worst, recent = min(worst, float(margin.mid())), ([w] + [x for x in recent if x is not w])[:RECENT]
            continue
        children = _children(cell)
        if children is None:
            return False, min(worst, _mid(margin))
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
    check_seconds("max_seconds", max_seconds)
    begin = time.monotonic()
    lower, degrees = int(start), []
    for d in range(max(int(start), 1), min(int(top), target.t - 1) + 1):
        ok, margin = grouped_degree_certified(target, eps, d, deadline=begin + max_seconds)
        degrees.append((d, ok, margin))
        if not ok:
            break
        lower = d + 1
    return CarrierBound(lower=lower, degrees=tuple(degrees), seconds=time.monotonic() - begin)
