"""Lower bound 4 of :mod:`.dimension`: one windowed carrier certifies every annihilating polynomial at once.

For the one-dimensional complex target of Theorem 1 (Ran-Milo et al. 2024, Section 3.2),
``phi_k = Re(c A^(k-1))``, k = 1..t, with ``A = rho e^(i theta)``, ``sin theta != 0`` and
``c = B C``, this bound reaches about ``theta t / 2`` states -- the degree a polynomial needs to
follow the oscillation -- where sign counting (lower bound 1) stops at ``theta t / pi``.  It
decides the instances of Theorem 1 near the ends of the angle range, which sign counting cannot.

The annihilator inequality
--------------------------
As in :mod:`.annihilator`: if a real diagonal SSM with ``n <= d`` states is within eps of phi (l1, up
to time t), then for the monic real-rooted polynomial P of degree d that vanishes at its poles
(any further roots real), and for every ``z`` in ``R^(t-d)``,

    <z, P(S) phi> <= eps ||p * z||_inf                                              (1)

(``P(S)`` the (t-d) x t shift matrix, ``p * z = P(S)^T z`` the full convolution of length t).

The certificate (one window for all P)
--------------------------------------
Take a complex window ``w_1..w_L`` (L = t - d), the carrier ``zeta = 1/conj(A)`` and, for a phase
chi, ``z_k = Re(e^(i chi) w_k zeta^(k-1))``.  Since ``(P(S) phi)_k = Re(alpha A^(k-1))`` with
``alpha = c P(A)``, and ``Re x Re y = (Re(x conj y) + Re(x y)) / 2``, ``zeta conj(A) = 1``,
``zeta A = e^(2 i theta)``, the choice ``chi = arg alpha - arg W`` gives

    <z, P(S) phi> >= |c| |P(A)| (|W| - |W_2|) / 2,   W = sum_k w_k,  W_2 = sum_k w_k e^(2 i theta (k-1)).  (2)

For the right-hand side, with ``v_k = w_k zeta^(k-1)`` (zero outside 1..L) and one factor
``X - r`` of P (r real): ``((X - r) * v)_m = v_(m-1) - r v_m = zeta^(m-1) (conj(A) - r) (w - beta nabla w)_m``,
``beta = conj(A) / (conj(A) - r)``, ``nabla`` the backward difference.  All d factors together:

    (p * v)_m = zeta^(m-1) P(conj(A)) (prod_j (I - beta_j nabla) w)_m,    |P(conj(A))| = |P(A)|  (P real).

The map ``r -> conj(A)/(conj(A) - r)`` sends the real line (and infinity) onto the circle through
``beta(inf) = 0``, ``beta(0) = 1`` and ``beta(rho cos theta) = 1 + i cot theta``, i.e. the circle with
centre ``beta_0 = (1 + i cot theta)/2`` and radius ``R = 1/(2 |sin theta|)``.  Writing
``beta_j = beta_0 + R u_j`` (``|u_j| = 1``), ``prod_j (I - beta_j nabla) = sum_i (-R)^i e_i(u)
nabla^i (I - beta_0 nabla)^(d-i)``: every entry

    F_m(u_1, ..., u_d) = (prod_j (I - beta_j nabla) w)_m = sum_(i=0..d) e_i(u) a_(i,m),
    a_(i,m) = (-R)^i (nabla^i (I - beta_0 nabla)^(d-i) w)_m,

is a symmetric multi-affine polynomial in ``u_1..u_d``.  Two bounds follow, as ``|zeta| = 1/rho``
and ``|p * z| <= |p * v|`` entrywise:

    ||p * z||_inf <= |P(A)| K,   K = max_m rho^(-(m-1)) min(K_m, K'_m),                    (3)

* ``K_m = sum_i C(d, i) |a_(i,m)|`` (triangle inequality, ``|e_i(u)| <= C(d, i)``);
* ``K'_m = max_(|u| = 1) |q_m(u)|`` with ``q_m(u) = F_m(u, ..., u) = sum_i C(d, i) a_(i,m) u^i``: by the
  Grace-Walsh-Szego coincidence theorem (a symmetric multi-affine polynomial takes at points
  ``u_1..u_d`` of a closed disc -- a convex circular region -- a value it also takes at one point
  ``(u, ..., u)`` of that disc; Walsh 1922; Rahman and Schmeisser, *Analytic theory of polynomials*, Section 3.4)
  and the maximum modulus principle, ``|F_m(u_1..u_d)| <= K'_m``: the worst polynomial for each
  entry has all its roots in one point.  ``K'_m`` is bounded from N samples ``u_s = e^(2 pi i s/N)``
  (:func:`sampling_factor`): let ``|q_m|`` attain its maximum M at ``u* = e^(i x*)``, ``alpha = arg q_m(u*)``;
  ``T(y) = Re(e^(-i alpha) e^(-i d (y - x*/2)) q_m(e^(2 i y)))`` is a real trigonometric polynomial of
  degree d in y (frequencies ``2k - d``) with ``|T| <= M`` and ``T(x*/2) = M``.  By Szego's inequality
  ``T'^2 + d^2 T^2 <= d^2 M^2`` (Szego 1928, van der Corput and Schaake 1935), ``T = M cos(phi)`` with
  ``|phi'| <= d``, so ``T(x*/2 + eta) >= M cos(d eta)``; the nearest sample is within ``pi/N`` of x*
  (``|eta| <= pi/(2N)``) and ``|q_m(u_s)| >= T(x_s / 2)``, hence

      K'_m <= max_s |q_m(u_s)| / cos(pi d / (2N))      (N > d).

By (1)-(3), since ``P(A) != 0`` (A is not real), a real SSM with at most d states within eps of phi
forces ``|c| (|W| - |W_2|) / 2 <= eps K``.  Hence the contrapositive, the certificate: if

    |c| (|W| - |W_2|) / 2 > eps K                                                  (4)

then **every real diagonal SSM within eps of phi has more than d states**, ``n_min >= d + 1``.
The argument needs no bound on the poles (every real root gives a point of the circle), so the
bound holds for all real SSMs, stable or not.  An SSM with at most d states is also covered by a
certificate for degree d (the extra roots of P are free), so a certificate for d implies one for
every smaller degree.

How the window is found and how (4) is decided
----------------------------------------------
The window is the float64 solution of a linear program (HiGHS): real and imaginary parts of ``w`` in a
Bernstein basis of degree ``BASIS_DEGREE`` on 1..L (smooth windows keep the differences small and the
programme well scaled), maximising ``Re W - |W_2|`` subject to ``rho^(-(m-1)) |q_m(u_s)| <= 1`` at
``LP_SAMPLES_PER_DEGREE d + 8`` points of the circle (the coincidence bound ``K'``, which reaches about
one state further than the triangle bound ``K_m``), with ``|x|`` replaced by the maximum of
``Re(conj(v) x)`` over ``DIRECTIONS`` unit vectors v (so the programme only proposes; HiGHS's interior point method,
the simplex method as a fall-back -- the interior point method declares some of these programmes
infeasible -- both within ``LP_SECONDS``, or the time left of a budget).  A complex window (a slowly
varying phase on top of the carrier) reaches further than a real one: at t = 180, arg A = asin 0.2,
d = 17 the best real window certifies only ``eps < 0.18``, a complex one ``eps < 1``.  The window is then
rounded to doubles (exact dyadic rationals) and (4) is evaluated in arb/acb balls from the exact
``theta``, ``rho`` and ``|c|`` of the target, ``K'_m`` from ``CERT_SAMPLES_PER_DEGREE d + 16`` samples:
the comparison is certified, whatever the programme did.  :func:`carrier_bound` finds the largest
certified d by bisection between a known lower end and an upper end.

Why written here: the certificate is specific to this target; no library provides it.  HiGHS
solves the programme (scipy's ``linprog``; highspy where rows are generated, to re-solve from the last
basis), python-flint supplies the balls.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from flint import acb, acb_poly, arb, ctx, fmpq

from ..errors import InputError, check_seconds
from ..ssm.complex_target import ComplexOscillator
from .dimension_input import _coerce_eps

__all__ = ["CarrierBound", "carrier_bound", "degree_certified", "generated_programme", "programme",
           "sampling_factor", "window", "window_sums"]

#: Degree of the Bernstein basis of the window (at most L + 1).
BASIS_DEGREE = 60
#: Directions replacing |x| in the float64 programme.
DIRECTIONS = 4
#: Points of the circle per degree at which the programme bounds |q_m| (module docstring).
LP_SAMPLES_PER_DEGREE = 4
#: Points of the circle per degree of the certified bound of K'_m (its factor is at most 1.005).
CERT_SAMPLES_PER_DEGREE = 16
#: Time limit (seconds) of one linear programme, both methods together: the simplex method stalls on some
#: of them (a limit that strikes only costs reach: no window, no certificate for that degree).
LP_SECONDS = 120
#: Rounds of row generation in :func:`generated_programme`, and the time limit of each.
ROW_ROUNDS = 12
ROUND_SECONDS = 10
#: Working precision (bits) of the certificate.
PREC = 256


@dataclass(frozen=True)
class CarrierBound:
    """The outcome of :func:`carrier_bound`.

    ``lower``: every real SSM within eps of the target has at least ``lower`` states (``d + 1`` for
    the largest certified degree d, or the ``start`` passed in).  ``degrees``: ``(d, certified,
    margin)`` for every degree tried, the margin being a float rounding of
    ``|c| (|W| - |W_2|) / 2 - eps K`` (the certified comparison is (4) in the module docstring).
    """

    lower: int
    degrees: tuple
    seconds: float


def _nabla(x: np.ndarray) -> np.ndarray:
    """Backward difference along axis 0 (the entry before the first is 0)."""
    y = x.copy()
    y[1:] -= x[:-1]
    return y


def _basis(L: int) -> np.ndarray:
    """``L x N`` Bernstein polynomials of degree ``N + 1`` that vanish at both ends, on ``k/(L+1)``."""
    from scipy.stats import binom
    degree = min(BASIS_DEGREE, L + 1)
    x = np.arange(1, L + 1) / (L + 1)
    return np.array([binom.pmf(j, degree, x) for j in range(1, degree)]).T


def _coefficients(w, t: int, d: int, c, R, zero=0) -> list:
    """``T[i] = C(d, i) (-R)^i nabla^i (I - c nabla)^(d-i) w`` for i = 0..d (sequences of length t): the
    coefficient of ``u^i`` in ``((I - (c + R u) nabla)^d w)_m``, with ``c = beta_0`` the ``C(d, i) a_(i,m)``
    of the module docstring.  For floats (w a numpy array of t rows, possibly of several columns) or
    balls (w a list of t acb, ``zero = acb(0)``)."""
    def nabla(x):
        return _nabla(x) if isinstance(x, np.ndarray) else [x[m] - (x[m - 1] if m else zero) for m in range(t)]

    powers = [w]                                       # (I - c nabla)^k w
    for _ in range(d):
        x = powers[-1]
        dx = nabla(x)
        powers.append(x - c * dx if isinstance(x, np.ndarray) else [x[m] - c * dx[m] for m in range(t)])
    table = []
    for i in range(d + 1):
        g = powers[d - i]
        for _ in range(i):
            g = nabla(g)
        weight = math.comb(d, i) * (-R) ** i
        table.append(weight * g if isinstance(g, np.ndarray) else [weight * x for x in g])
    return table


def _terms(w: np.ndarray, t: int, d: int, theta: float) -> np.ndarray:
    """float64 ``C(d, i) a_(i,m)`` of the module docstring for i = 0..d, shape ``(d + 1, t, ...)`` (w of
    at most t rows, possibly of several columns): ``q_m(u) = sum_i u^i terms[i, m]``."""
    beta0, R = (1 + 1j / math.tan(theta)) / 2, 1 / (2 * abs(math.sin(theta)))
    full = np.zeros((t,) + w.shape[1:], dtype=complex)
    full[: w.shape[0]] = w
    return np.array(_coefficients(full, t, d, beta0, R))


def _circle(n: int) -> np.ndarray:
    """The n points ``e^(2 pi i s / n)`` (float64)."""
    return np.exp(2j * np.pi * np.arange(n) / n)


def window(t: int, d: int, theta: float, rho: float, seconds: float = LP_SECONDS) -> np.ndarray | None:
    """The float64 complex window of the linear programme (module docstring), or None if HiGHS fails or
    takes more than ``seconds``."""
    basis = _basis(t - d)
    G = _terms(basis, t, d, theta)                     # (d + 1, t, half)
    G = np.concatenate([G, 1j * G], axis=2)            # real and imaginary coefficients
    samples = _circle(LP_SAMPLES_PER_DEGREE * d + 8)
    Q = np.einsum("si,imk->smk", samples[:, None] ** np.arange(d + 1)[None, :], G)   # q_m(u_s) per coefficient
    return programme(Q.reshape(-1, t, G.shape[2]) * rho ** (-np.arange(t, dtype=float))[None, :, None], basis, theta,
                     seconds=seconds)


def programme(Q: np.ndarray, basis: np.ndarray, theta: float, seconds: float = LP_SECONDS) -> np.ndarray | None:
    """The window maximising ``Re W - |W_2|`` subject to ``|Q[s, m] . x| <= 1`` (x the real and
    imaginary Bernstein coefficients; each ``|.|`` over ``DIRECTIONS`` directions), by HiGHS: the
    programme of the module docstring, with the bounded values Q given, solved whole within ``seconds``.
    None if HiGHS fails."""
    nb = 2 * basis.shape[1]
    values = Q.reshape(-1, nb)
    values = values[np.abs(values).max(axis=1) > 0]            # the complex rows; one real row per direction
    directions = np.conj(_circle(DIRECTIONS))
    rows = np.real(directions[:, None, None] * values[None, :, :]).reshape(-1, nb)
    return _window_of(_solve(rows, basis, theta, seconds), basis)


def generated_programme(source, entries: int, basis: np.ndarray, theta: float, rows_at_once: int) -> np.ndarray | None:
    """The programme of :func:`programme` with its rows generated (:func:`_generated`; used by
    :mod:`.grouped_carrier`): every k-th row first (k prime to the number of ``entries`` m, the rows
    ordered point by point and, within a point, entry by entry, so that every entry is met: a stride
    that met one entry only gave tau = 0 and a useless window), then the ``rows_at_once`` most violated
    rows are added until none is, a positive optimum stalls or a round fails (at most ``ROW_ROUNDS``
    rounds of at most ``ROUND_SECONDS`` each) -- nearly the same optimum from much smaller programmes.
    ``source`` gives the complex rows on demand (:func:`_generated`).  None if HiGHS fails."""
    directions = np.conj(_circle(DIRECTIONS))
    total = len(directions) * source.count
    step = max(1, -(-total // rows_at_once))
    while math.gcd(step, entries) > 1:                # a stride that meets every entry m
        step += 1
    return _window_of(_generated(source, directions, np.arange(0, total, step), basis, theta, rows_at_once),
                      basis)


def _window_of(solution: tuple[np.ndarray, float] | None, basis: np.ndarray) -> np.ndarray | None:
    """The window of a programme's solution ``(x, tau)`` (the Bernstein coefficients x), scaled to
    largest modulus 1; None for no solution or a zero window."""
    if solution is None:
        return None
    half = basis.shape[1]
    x = solution[0]
    w = basis @ (x[:half] + 1j * x[half:])
    top = np.max(np.abs(w))
    return w / top if top > 0 else None


def _generated(source, directions, chosen, basis: np.ndarray, theta: float,
               rows_at_once: int) -> tuple[np.ndarray, float] | None:
    """Row generation for :func:`generated_programme` on one HiGHS model (highspy): from the rows
    ``chosen``, the ``rows_at_once`` most violated rows are added and the model re-solved by the dual
    simplex method from the last basis (scipy's ``linprog`` would start afresh each round), until none is
    violated beyond 1e-4 relative, a positive optimum stalls or a round fails (at most ``ROW_ROUNDS``
    rounds of at most ``ROUND_SECONDS`` each); ``(x, tau)`` of the last solved round, or None.

    ``source`` holds the complex rows v_j (the real rows are ``Re(conj(e) v_j)`` for the directions e,
    numbered direction by direction): ``source.count`` of them, ``source.scale()`` a positive bound of
    each column's largest modulus (it scales the variables), ``source.products(x)`` every ``v_j . x`` and
    ``source.rows(j)`` the rows j.  Only rows with ``|v_j . x| > tau`` can be violated
    (``Re(conj(e) z) <= |z|``), so the directions are tried on those alone."""
    import highspy

    nb = 2 * basis.shape[1]
    n = source.count
    fixed, right = _fixed_rows(basis, theta)
    columns = np.maximum(source.scale(), np.abs(fixed[:, :nb]).max(axis=0))
    columns[columns == 0] = 1
    model = highspy._Highs()                         # the plain binding: no banner, no callbacks
    for name, value in (("output_flag", False), ("threads", 1), ("solver", "simplex"), ("random_seed", 0)):
        model.setOptionValue(name, value)
    model.addVars(nb + 2, np.array([-highspy.kHighsInf] * nb + [0.0, 0.0]), np.full(nb + 2, highspy.kHighsInf))
    model.changeColCost(nb + 1, 1.0)                                  # minimise tau

    def add(A, upper):
        A, upper = _scaled(A, upper, columns)
        starts = np.arange(len(A), dtype=np.int32) * A.shape[1]
        indices = np.tile(np.arange(A.shape[1], dtype=np.int32), len(A))
        model.addRows(len(A), np.full(len(A), -highspy.kHighsInf), upper, A.size, starts, indices, A.ravel())

    def rows(index):                                  # real rows: direction index // n, complex row index % n
        return np.real(directions[index // n, None] * source.rows(index % n))

    add(fixed, right)
    add(_bounded_rows(rows(chosen)), np.zeros(len(chosen)))
    solution = None
    for _ in range(ROW_ROUNDS):
        model.setOptionValue("time_limit", model.getRunTime() + ROUND_SECONDS)
        model.run()
        if model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break                          # HiGHS gave up: the last round's window is still a proposal
        x = np.array(model.getSolution().col_value)
        if not np.all(np.isfinite(x)):
            break
        better = x[:nb] / columns, float(x[-1])
        stalled = solution is not None and 0 < solution[1] and better[1] <= solution[1] * (1 + 1e-6)
        solution = better
        products = source.products(solution[0])
        bar = solution[1] * (1 + 1e-4)                              # well beyond the solver's tolerance
        near = np.flatnonzero(np.abs(products) > bar * (1 - 1e-9))  # the only rows that can exceed it
        excess = (np.real(directions[:, None] * products[None, near]) - bar).ravel()
        index = (np.arange(len(directions))[:, None] * n + near[None, :]).ravel()
        violated = np.flatnonzero(excess > 0)
        if stalled or not len(violated):
            break
        if len(violated) > rows_at_once:                            # the most violated, then in order
            violated = violated[np.argpartition(-excess[violated], rows_at_once - 1)[:rows_at_once]]
        added = index[violated[np.argsort(-excess[violated], kind="stable")]]
        add(_bounded_rows(rows(added)), np.zeros(len(added)))
    return solution


def _scaled(A: np.ndarray, upper: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The constraints ``A (x, b, tau) <= upper`` with the coefficients' columns divided by ``columns`` (the
    variables x scaled) and each row by its largest entry: a well scaled programme for HiGHS."""
    A = A.copy()
    A[:, :len(columns)] /= columns
    scale = np.abs(A).max(axis=1)
    scale[scale == 0] = 1
    return A / scale[:, None], upper / scale


def _bounded_rows(rows: np.ndarray) -> np.ndarray:
    """The constraints ``rows . x - tau <= 0`` over the variables ``(x, b, tau)``."""
    return np.hstack([rows, np.zeros((len(rows), 1)), -np.ones((len(rows), 1))])


def _fixed_rows(basis: np.ndarray, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """The other constraints of the programme, ``A (x, b, tau) <= right``: ``Re(conj(v) W_2) <= b`` for the
    ``DIRECTIONS`` directions v and ``Re W - b >= 1``."""
    L, half = basis.shape
    nb = 2 * half
    second = np.exp(2j * theta * np.arange(L)) @ basis
    second = np.concatenate([second, 1j * second])
    rows = []
    for v in _circle(DIRECTIONS):
        row = np.zeros(nb + 2)
        row[:nb] = np.real(np.conj(v) * second)
        row[-2] = -1
        rows.append(row)
    row = np.zeros(nb + 2)
    row[:half] = -basis.sum(axis=0)
    row[-2] = 1                                        # Re W - b >= 1
    rows.append(row)
    right = np.zeros(len(rows))
    right[-1] = -1
    return np.array(rows), right


def _solve(rows: np.ndarray, basis: np.ndarray, theta: float, seconds: float) -> tuple[np.ndarray, float] | None:
    """The programme of :func:`programme` with the constraints ``rows . x <= tau``: ``(x, tau)``, or None
    (also when both methods together take more than ``seconds``)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    nb = 2 * basis.shape[1]
    nvar = nb + 2                                      # coefficients, b >= |W_2|, tau >= K'
    fixed, right = _fixed_rows(basis, theta)
    A = np.vstack([_bounded_rows(rows), fixed])
    b = np.concatenate([np.zeros(len(rows)), right])
    columns = np.abs(A[:, :nb]).max(axis=0)
    columns[columns == 0] = 1
    A, b = _scaled(A, b, columns)
    cost = np.zeros(nvar)
    cost[-1] = 1
    bounds = [(None, None)] * nb + [(0, None)] * 2
    A = csr_matrix(A)
    deadline = time.monotonic() + seconds
    for method in ("highs-ipm", "highs-ds"):      # the interior point method is the fast one here
        left = deadline - time.monotonic()
        if left <= 0:
            break
        result = linprog(cost, A_ub=A, b_ub=b, bounds=bounds, method=method, options={"time_limit": left})
        if result.status == 0 and np.all(np.isfinite(result.x)):
            return result.x[:nb] / columns, float(result.x[-1])
    return None


def window_sums(target: ComplexOscillator, w: np.ndarray) -> tuple[acb, acb, list]:
    """``(W, W_2, w)`` of (2) as balls at the working precision (the doubles of w taken exactly)."""
    prec = ctx.prec
    wq = [acb(float(x.real), float(x.imag)) for x in np.asarray(w, dtype=complex)]
    rotation = acb(0, 2 * target.theta(prec)).exp()
    W2, power = acb(0), acb(1)
    for x in wq:
        W2 += x * power
        power *= rotation
    return sum(wq, acb(0)), W2, wq


def sampling_factor(degrees: list[int], sizes: list[int]) -> arb:
    """``1 / prod_g cos(pi d_g / (2 N_g))``, a ball: the maximum of ``|q|`` over the torus, q a polynomial of
    degree ``d_g`` in its g-th variable, is at most its largest value on the grid of ``N_g`` equally spaced
    points per circle times this (module docstring, (3), for one circle; :mod:`.grouped_carrier` for
    several, one circle at a time).  Each ``N_g`` must exceed ``d_g``."""
    if len(degrees) != len(sizes) or any(n <= k for k, n in zip(degrees, sizes)):
        raise InputError(f"sizes: one per degree, each N_g > d_g, got {sizes} for the degrees {degrees}")
    out = arb(1)
    for k, n in zip(degrees, sizes):
        out *= (arb.pi() * k / (2 * n)).cos()
    return 1 / out


def _margin(target: ComplexOscillator, eps: fmpq, d: int, w: np.ndarray) -> arb:
    """``|c| (|W| - |W_2|) / 2 - eps K`` of (4) as a ball, for the complex window w (doubles, taken exactly)."""
    t, L = target.t, len(w)
    samples = CERT_SAMPLES_PER_DEGREE * d + 16
    with ctx.workprec(PREC):
        theta, rho = target.theta(PREC), target.rho(PREC)
        W, W2, wq = window_sums(target, w)
        beta0, R = acb(arb(1) / 2, theta.cos() / (2 * theta.sin())), 1 / (2 * abs(theta.sin()))
        table = _coefficients(wq + [acb(0)] * (t - L), t, d, beta0, R, zero=acb(0))      # C(d, i) a_(i,m)
        points = [acb(0, 2 * arb.pi() * j / samples).exp() for j in range(samples)]
        sampling = sampling_factor([d], [samples])
        inverse = 1 / rho
        K, factor = arb(0), arb(1)
        for m in range(t):
            column = [table[i][m] for i in range(d + 1)]
            triangle = sum((abs(x) for x in column), arb(0))
            q = acb_poly(column)
            top = arb(0)
            for u in points:
                top = top.max(abs(q(u)))
            bound = triangle.min(top * sampling)
            K = K.max(factor * bound)
            factor *= inverse
        return arb(target.beta) * (abs(W) - abs(W2)) / 2 - arb(eps) * K


def degree_certified(target: ComplexOscillator, eps, d: int, seconds: float = LP_SECONDS) -> tuple[bool, float]:
    """Whether (4) is certified for degree d (then every real SSM within eps has >= d + 1 states),
    and the margin's midpoint (float; NaN when the programme found no window within ``seconds``)."""
    if not isinstance(target, ComplexOscillator):
        raise InputError(f"target: must be a ComplexOscillator, got {type(target).__name__}")
    eps = _coerce_eps(eps)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or not 1 <= d <= target.t - 1:
        raise InputError(f"d: must be an integer in 1..t-1 = {target.t - 1}, got {d!r}")
    theta = float(target.theta(64).mid())
    if abs(math.sin(theta)) < 1e-12:
        raise InputError("target: the carrier bound needs a non-real A (sin theta != 0)")
    w = window(target.t, int(d), theta, float(target.rho(64).mid()), seconds)
    if w is None:
        return False, float("nan")
    margin = _margin(target, eps, int(d), w)
    return bool(margin > 0), float(margin.mid())


def carrier_bound(target: ComplexOscillator, eps, start: int, top: int,
                  max_seconds: float | None = None) -> CarrierBound:
    """The largest degree d in ``[start, top]`` certified, as the lower bound ``d + 1``; ``start`` when
    none is.  ``start``: a lower end already known; ``top``: the last degree worth trying (a verified
    upper end minus one, or the degree a claimed bound needs).  A certificate for d covers every
    smaller degree, so the degrees are searched by bisection, after a first guess:

    * without ``max_seconds``, ``top`` first (one programme when it certifies);
    * with ``max_seconds``, galloping up from ``start`` (``start``, then 2, 4, 8, ... above the last
      degree certified, until one fails): every certificate raises the lower end at once, and the
      low degrees' programmes are the small ones -- ``top`` is often far beyond the reach (t = 180,
      arg A = pi/2: a witness of t - 1 states, degree 178, a programme of 10 s that fails).  The search
      stops once ``max_seconds`` are spent, and each programme within the time left (the setting up
      of a programme and the certificate of the degree in hand may overrun it: seconds at t = 180).
    """
    if not isinstance(target, ComplexOscillator):
        raise InputError(f"target: must be a ComplexOscillator, got {type(target).__name__}")
    for name, value in (("start", start), ("top", top)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise InputError(f"{name}: must be an integer >= 0, got {value!r}")
    check_seconds("max_seconds", max_seconds, optional=True)
    begin = time.monotonic()
    deadline = math.inf if max_seconds is None else begin + max_seconds
    top = min(int(top), target.t - 1)
    # degrees below `low + 1` need no certificate (the lower end `start` is known); `high` is not certified
    low, high, certified, degrees = max(int(start), 1) - 1, top + 1, None, []
    step = 1 if max_seconds is not None else None           # galloping until the first failure
    while high - low > 1 and time.monotonic() < deadline:
        if step is not None:
            d = min(low + step, high - 1)
        else:
            d = top if not degrees else (low + high) // 2
        ok, margin = degree_certified(target, eps, d, min(LP_SECONDS, deadline - time.monotonic()))
        degrees.append((d, ok, margin))
        if ok:
            low = certified = d
            step = None if step is None else 2 * step
        else:
            high, step = d, None
    lower = int(start) if certified is None else certified + 1    # certified >= start: tried above it
    return CarrierBound(lower=lower, degrees=tuple(degrees), seconds=time.monotonic() - begin)
