"""Lower bound 3 of :mod:`.dimension`: annihilating polynomials, certified by branch and bound.

The bound
---------
Let ``h_k = sum_j w_j a_j^(k-1)`` (k = 1..t) be the response of a real diagonal SSM of dimension
``n`` (poles ``a_j`` real, any modulus; ``0^0 = 1``).  Merge equal poles: ``m <= n`` distinct ones.
For a real polynomial ``P(X) = sum_(i=0..d) p_i X^i`` let ``P(S)`` be the (t-d) x t matrix
``(P(S) x)_k = sum_i p_i x_(k+i)``, k = 1..t-d (the shift S on a finite sequence).  Then

    (P(S) h)_k = sum_j w_j a_j^(k-1) P(a_j)          (also for a_j = 0: 0^(k-1+i) = [k = 1, i = 0]),

so ``P(S) h = 0`` whenever P vanishes at every pole -- also for ``P`` of degree d > m with the
other ``d - m`` roots chosen freely (a multiple of an annihilator annihilates).

Now let ``||h - phi||_1 <= eps`` (up to time t).  For every ``z`` in ``R^(t-d)``,

    <z, P(S) phi> = <z, P(S) (phi - h)> = <P(S)^T z, phi - h> <= ||P(S)^T z||_inf eps,

where ``P(S)^T z`` is the full convolution ``p * z`` (length t).  Hence, with

    G(P; z) = <z, P(S) phi> - eps ||P(S)^T z||_inf,

a real SSM of dimension ``n <= d`` within eps of the target gives a nonzero ``P`` of degree <= d,
vanishing at its poles, with ``G(P; z) <= 0`` for *every* z.  The certificate is the contrapositive:
a cover of all admissible P by boxes, each with one z such that ``G(.; z) > 0`` on the box, proves
that every real SSM within eps has dimension ``>= d + 1``.  The best z for a fixed P is the dual of
the linear program ``min ||phi - x||_1 s.t. P(S) x = 0`` (the l1 distance of phi from the sequences P
annihilates: the best fit with the roots of P as poles, confluent roots as polynomial-times-
exponential terms), ``max <z, P(S) phi> s.t. ||P(S)^T z||_inf <= 1``; so the bound can reach the true
minimal error of d-pole fits, and only covering the boxes costs.  (The choice ``z = sign(P(S) phi)``
gives the cruder form ``||P(S) phi||_1 <= eps max_m sum_(i: 1 <= m-i <= t-d) |p_i| <= eps ||p||_1``:
the exact constant of the ``||P||_1 eps`` bound is that column maximum, which equals ``||p||_1`` once
``t >= 2d + 1``; the dual z is never worse.)

Which P.  ``stable=True``: roots ``a`` in ``[-1, 1]``, factors ``X - a`` -- this covers every real SSM
with ``|a_j| <= 1`` (Ran-Milo et al.'s standing assumption; Theorem 1 is stated for such SSMs), and
for ``n < d`` the free roots are put anywhere in [-1, 1].  A real SSM with a pole ``|a| > 1`` is *not*
covered then, and the bound may exceed its dimension (a growing response ``(5/4)^k`` has dimension 1
but is not within eps of any stable one-pole SSM).  ``stable=False``: a second chart, factors
``b X - 1`` (root ``1/b``) with ``b`` in [-1, 1] (``b = 0``: the constant -1, a root at infinity, i.e. a
lower degree); the first ``k`` factors use the first chart and the rest the second, for k = d..0 --
every real-rooted P of degree <= d up to a nonzero factor (and a nonzero multiple of an annihilator
annihilates too, so the argument above applies to it), so every real SSM is covered.

Branch and bound (the decisive parts in arb)
-------------------------------------------
Coordinates: the root parameters ``x_1..x_d`` in ``[-1, 1]^d``.  The factors commute, so within a
chart only sorted ``x_1 <= ... <= x_k`` (and ``x_(k+1) <= ... <= x_d``) are needed: a box with no
sorted point is dropped.  Each factor is *linear* in its parameter, so ``<z, P(S) phi>`` and every
``(p * z)_m`` are multilinear in ``x``; hence ``G(.; z)`` is, in each coordinate separately, linear
minus ``eps`` times a maximum of absolute values of linear functions, i.e. concave.  A function
concave in each coordinate separately attains its minimum over a box at a vertex (minimise over x_1
with the others fixed: an endpoint; fix it and go on), so ``G > 0`` on the box iff it is > 0 at the
``2^d`` vertices -- decided exactly in arb (vertices and z are dyadic floats, the target's entries
balls, so one certificate covers every target inside them).  z is the float64 dual (HiGHS) at the
box's centre (or at spread-out points if HiGHS fails there), after the parent's z was tried; z
only has to be *some* vector, so float64 cannot make the certificate wrong.  A box that fails is
halved along its widest coordinate.  If the dual value at a centre is ``<= eps`` (float64), a
polynomial of degree d nearly fits within eps: the degree is not certified and the centre's roots
are returned as a hint for a witness.  After ``max_boxes`` boxes or ``max_seconds`` the degree is
simply not claimed (the budget limits the reach, never the soundness).

Why written here: no library does branch and bound over the roots of real-rooted polynomials with
LP-dual certificates; python-flint supplies the ball arithmetic (``arb_poly`` products are the
convolutions) and HiGHS (scipy) the float64 duals.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from flint import arb, arb_poly, ctx

from ..errors import InputError
from .dimension_input import _coerce_eps, _entry, float_values

__all__ = ["AnnihilatorBound", "annihilator_bound", "degree_certified"]

#: Arb working precision (bits) of the certificates (vertices in [-1, 1], so the coefficients of P
#: are at most 2^d in size: 128 bits leave ample room for t up to a few hundred).
PREC = 128


@dataclass(frozen=True)
class AnnihilatorBound:
    """The outcome of :func:`annihilator_bound`.

    ``lower``: every real SSM within eps of the target has dimension ``>= lower`` (``= d + 1`` for the
    largest degree d certified, or the ``start`` passed in when none was).  ``degrees``: per degree
    tried, ``(d, outcome, boxes, seconds)`` with outcome "certified", "fit within eps" (a polynomial
    of that degree nearly annihilates: not certifiable) or "budget" (cut off).  ``hint``: the real
    roots (floats) of the nearly annihilating polynomial found at the first failure, or None.
    """

    lower: int
    degrees: tuple
    hint: tuple | None
    seconds: float



def _dual(p: np.ndarray, y: np.ndarray):
    """float64 dual ``max <z, P(S) y> s.t. |p * z|_inf <= 1`` (HiGHS); returns (value, z) or None."""
    from scipy.optimize import linprog
    from scipy.linalg import toeplitz

    t, d = y.size, p.size - 1
    rows = t - d
    # P(S) as a (t-d) x t matrix; p * z = P(S)^T z
    first_row = np.zeros(t)
    first_row[: d + 1] = p
    first_col = np.zeros(rows)
    first_col[0] = p[0]
    M = toeplitz(first_col, first_row)
    b = M @ y
    scale = max(np.max(np.abs(M)), 1e-300)
    A = M.T / scale
    for method in ("highs-ds", "highs-ipm"):
        result = linprog(-b / scale, A_ub=np.vstack([A, -A]), b_ub=np.ones(2 * t), bounds=[(None, None)] * rows,
                         method=method)
        if result.status == 0:
            z = result.x / scale
            return float(b @ z), z
    return None


class _Problem:
    """The target as arb balls and the vertex bound for one degree d and chart split k."""

    def __init__(self, values, eps, d: int, k: int):
        self.t, self.d, self.k = len(values), d, k
        self.values = [v if isinstance(v, arb) else arb(v) for v in values]
        self.eps = arb(eps)
        self.y = float_values(values)
        self._z, self._corr, self._zpoly = None, None, None

    def factor(self, j: int, a):
        """``X - a`` (root a) for j < k, ``a X - 1`` (root 1/a) for j >= k (coefficients ascending)."""
        return [-a, 1] if j < self.k else [-1, a]

    def float_poly(self, point: np.ndarray) -> np.ndarray:
        p = np.array([1.0])
        for j, a in enumerate(point):
            p = np.convolve(p, np.array(self.factor(j, float(a)), dtype=float))
        return p

    def roots(self, point: np.ndarray) -> tuple:
        return tuple(float(a) if j < self.k else 1 / float(a) for j, a in enumerate(point)
                     if j < self.k or a != 0)

    def certify(self, lo: np.ndarray, hi: np.ndarray, z: np.ndarray) -> bool:
        """Whether ``G(.; z) > 0`` on the whole box, decided rigorously (arb) at its 2^d vertices
        (G is concave in each coordinate separately: module docstring)."""
        d, t = self.d, self.t
        with ctx.workprec(PREC):
            if self._z is not z:
                zq = [arb(float(x)) for x in z]
                # r_i = sum_k z_k phi_(k+i), i = 0..d
                self._corr = [sum((zq[m] * self.values[m + i] for m in range(t - d)), arb(0)) for i in range(d + 1)]
                self._zpoly = arb_poly(zq)
                self._z = z
            corr, zpoly, eps = self._corr, self._zpoly, self.eps
            polys = [arb_poly([1])]
            for j in range(d):
                ends = (arb_poly(self.factor(j, arb(float(lo[j])))), arb_poly(self.factor(j, arb(float(hi[j])))))
                polys = [q * f for q in polys for f in ends]
            for q in polys:
                value = sum((c * corr[i] for i, c in enumerate(q.coeffs())), arb(0))
                if not value > 0:
                    return False
                coeffs = (q * zpoly).coeffs()
                top = abs(coeffs[0])
                for c in coeffs[1:]:
                    top = top.max(abs(c))
                if not value - eps * top > 0:
                    return False
        return True


def _sorted_possible(lo: np.ndarray, hi: np.ndarray, k: int) -> bool:
    """Some point of the box has both chart groups (coordinates < k and >= k) sorted."""
    return all(lo[j] <= hi[j + 1] for j in range(lo.size - 1) if j + 1 != k)


def degree_certified(values, eps, d: int, *, stable: bool = True, max_boxes: int = 20000,
                     deadline: float | None = None):
    """Branch and bound for one degree d (module docstring).

    ``stable``: only poles with ``|a| <= 1`` (the chart ``X - a``); else every real pole (both charts).
    Returns ``(outcome, boxes, hint)``: outcome "certified" (no real SSM of dimension <= d is within
    eps), "fit within eps" (a centre's dual value is <= eps: not certifiable; ``hint`` its roots) or
    "budget" (``max_boxes`` or the deadline reached)."""
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise InputError(f"d: the degree must be an integer >= 1, got {d!r}")
    values = [_entry(v, i) for i, v in enumerate(values)]
    eps = _coerce_eps(eps)
    t = len(values)
    if d >= t:
        return "fit within eps", 0, None        # P(S) has no rows: every degree-d polynomial annihilates
    eps_float = float(eps)
    boxes = 0
    for k in ((d,) if stable else range(d, -1, -1)):
        problem = _Problem(values, eps, d, k)
        stack = [(np.full(d, -1.0), np.full(d, 1.0), None)]
        while stack:
            if boxes >= max_boxes or (deadline is not None and time.monotonic() > deadline):
                return "budget", boxes, None
            lo, hi, z = stack.pop()
            if not _sorted_possible(lo, hi, k):
                continue
            boxes += 1
            if z is not None and problem.certify(lo, hi, z):
                continue
            # the float64 dual at the centre (or, if HiGHS fails there, e.g. for nearly confluent
            # roots, at points that spread the coordinates apart inside the box)
            solved = None
            for spread in (0.0, 0.2, 0.4):
                centre = lo + (hi - lo) * (0.5 + spread * (np.arange(d) - (d - 1) / 2) / max(d, 1))
                solved = _dual(problem.float_poly(centre), problem.y)
                if solved is not None:
                    break
            if solved is not None:
                dual_value, z_new = solved
                if dual_value <= eps_float * (1 + 1e-9):
                    return "fit within eps", boxes, problem.roots(centre)
                if problem.certify(lo, hi, z_new):
                    continue
                z = z_new
            j = int(np.argmax(hi - lo))
            mid = (lo[j] + hi[j]) / 2
            left_hi, right_lo = hi.copy(), lo.copy()
            left_hi[j], right_lo[j] = mid, mid
            stack.append((right_lo, hi, z))
            stack.append((lo, left_hi, z))
    return "certified", boxes, None


def annihilator_bound(values, eps, start: int, *, stable: bool = True, max_degree: int | None = None,
                      max_boxes: int = 20000, max_seconds: float | None = None) -> AnnihilatorBound:
    """The largest certified degree d >= ``start`` (tried upwards, d = start, start + 1, ...), as the
    lower bound ``d + 1`` on the real dimension; ``start`` itself when no degree is certified.

    ``start``: a lower bound already known (degrees below it need no certificate); ``max_degree``
    (default t - 2): the last degree tried; ``max_boxes`` per degree; ``max_seconds`` in all."""
    values = [_entry(v, i) for i, v in enumerate(values)]
    for name, value, low in (("start", start, 0), ("max_boxes", max_boxes, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise InputError(f"{name}: must be an integer >= {low}, got {value!r}")
    if max_seconds is not None and not (isinstance(max_seconds, (int, float)) and max_seconds > 0):
        raise InputError(f"max_seconds: must be a positive number or None, got {max_seconds!r}")
    t = len(values)
    top = t - 2 if max_degree is None else min(int(max_degree), t - 2)
    begin = time.monotonic()
    deadline = None if max_seconds is None else begin + max_seconds
    lower, degrees, hint = start, [], None
    d = max(start, 1)
    while d <= top:
        tic = time.monotonic()
        outcome, boxes, roots = degree_certified(values, eps, d, stable=stable, max_boxes=max_boxes, deadline=deadline)
        degrees.append((d, outcome, boxes, round(time.monotonic() - tic, 3)))
        if outcome != "certified":
            hint = roots
            break
        lower = d + 1
        d += 1
    return AnnihilatorBound(lower=lower, degrees=tuple(degrees), hint=hint, seconds=time.monotonic() - begin)
