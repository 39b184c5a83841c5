"""Linear CDEs driven by piecewise-linear paths (Cirone et al. 2024, Def. 3.1, eq. (5); App. F).

The Linear CDE of Definition 3.1 is

    dZ_t = sum_{i=1}^{d} A_i Z_t d(omega^i)_t + B d(xi)_t,      Z_0 = z0,

with ``A_i`` N-by-N, ``B`` N-by-d_xi.  Here ``omega`` and ``xi`` are piecewise linear through
their points at common knots (any parametrisation: only the increments matter).  On a segment
with increments ``delta omega`` and ``delta xi`` the equation is linear with constant
coefficients, ``M = sum_i A_i delta omega^i`` and ``b = B delta xi``, and Appendix F gives the
exact step

    Z <- e^M Z + phi_1(M) b,     phi_1(M) = sum_{k>=0} M^k / (k+1)!  (= M^{-1}(e^M - I) if M is invertible)
       = the first N entries of  exp([[M, b], [0, 0]]) (Z, 1)     (the singular-safe form).

The methods (``solve_linear_cde(..., method=...)``):

* ``"exact"`` -- the augmented matrix exponential (``scipy.linalg.expm``, Pade with scaling and
  squaring) per segment.  Segments whose increments agree share one exponential: increments are
  rounded to multiples of ``group_tol`` (default ``64 * eps * max|points|``, a few dozen times the
  rounding already in a difference of two points) and each class is solved with the increment of
  its first member, which perturbs each other member's increment by less than ``group_tol`` per
  component.  For data with few distinct increments (the toy data of Section 6 have integer
  increments, so a few hundred classes for 10^7 segments) the cost is then one N-by-N
  matrix-vector product per segment, done as one GEMM per class and step (the paths split over
  the cores).  ``group_tol=0`` groups only identical increments.
* ``"taylor"`` -- the same step by a truncated Taylor series of the augmented exponential,
  evaluated by Horner's rule as batched matrix products (one ``(block, d N) @ (d N, N)`` GEMM per
  term, blocks of paths on the cores): ``acc <- Z + (M acc + b) / k`` for ``k = p..1``.  The
  order ``p`` is either given or the smallest one whose a-priori remainder bound
  ``theta^p / (p+1)! e^theta max(theta, 1)`` (``theta >= ||M||_2`` from
  ``sum_i |delta omega^i| ||A_i||_2``, the largest over all segments) is at most ``rtol``,
  relative to ``||Z|| + ||b||``, per step (over L steps the errors add up, amplified at most by
  the growth of the solution).
* ``"auto"`` -- ``"exact"`` when its estimated cost (``12 N^3`` per increment class for the
  exponentials plus ``N^2`` per segment) is below the Taylor method's (``p d N^2`` per segment),
  else ``"taylor"``.  Large batches of continuous drivers go to Taylor, quantised ones to exact.
* ``"diagonal"`` -- ``A`` given as its diagonals ``V`` of shape (d, N) (real or complex): the
  closed form of Prop. B.14 per segment, ``Z <- e^lam Z + phi_1(lam) b`` elementwise with
  ``lam = V^T delta omega`` and ``phi_1(lam) = expm1(lam)/lam`` (1 at lam = 0), in a numba loop.

``xi`` defaults to ``omega`` (the official toy model: ``omega = xi = (t, X)``).  All results are
float64 (complex128 for complex diagonal systems); the ``"exact"`` and ``"taylor"`` methods agree
to about ``rtol`` and are cross-checked in the tests against each other, against the diagonal
closed form, and against scipy's DOP853 integrator at tolerance 1e-13.

Why by hand: the official code integrates with diffrax's adaptive Tsit5 (atol = rtol = 1e-2);
for piecewise-linear drivers the step has the closed form above, so the only library piece needed
is the matrix exponential (scipy).  Cost at the paper's size (N = 256, 10^5 paths of 100 points,
d = 4): a Taylor step costs ``p d N^2`` flops per segment, about 5e12 p flops in all, far beyond
5 minutes on 2 cores, while the grouped exact method on the toy data costs ``N^2`` per segment
(1.3e12 flops) plus ~700 exponentials: see bench/cde_bench.py.
"""
from __future__ import annotations

import contextlib
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numba
from numba.extending import overload
import numpy as np
import scipy.linalg
from tqdm import tqdm

from ..errors import InputError

try:  # optional: limits BLAS threads in the loop of small GEMMs (see _solve_exact)
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - without it the loop is only slower on a busy machine
    def threadpool_limits(*_args, **_kwargs):
        return contextlib.nullcontext()

METHODS = ("exact", "taylor", "diagonal", "auto")

#: Rows of paths per batched step of the ``"taylor"`` method (keeps the work arrays in cache).
TAYLOR_BLOCK = 2048
#: Upper bound on the memory (bytes) of the cached per-class exponentials of the ``"exact"`` method.
EXACT_CACHE_BYTES = 1 << 30
#: Matrix exponentials computed per ``scipy.linalg.expm`` call (stacked).
EXPM_CHUNK = 32
#: Paths per thread of the ``"exact"`` method (fewer paths: fewer threads).
MIN_ROWS_PER_WORKER = 1024
MAX_TAYLOR_ORDER = 30
#: Mixed-radix codes of increment rows must stay below this (else rows are compared as bytes).
MAX_CODE = 2 ** 62


def _float_array(x, name: str, *, allow_complex: bool = False) -> np.ndarray:
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as error:
        raise InputError(f"{name}: not a numeric array ({error})") from None
    if array.dtype.kind == "c" and allow_complex:
        array = array.astype(np.complex128)
    elif array.dtype.kind in "biuf":
        array = array.astype(np.float64)
    else:
        kind = "real or complex" if allow_complex else "real"
        raise InputError(f"{name}: expected a {kind} numeric array, got dtype {array.dtype}")
    if not np.all(np.isfinite(array)):
        raise InputError(f"{name}: contains non-finite values")
    return array


def _points(x, name: str) -> np.ndarray:
    array = _float_array(x, name)
    if array.ndim != 3 or array.shape[1] < 1 or array.shape[2] < 1:
        raise InputError(f"{name}: expected shape (batch, length, channels), got {array.shape}")
    return array


def solve_linear_cde(A, B, z0, drivers, *, method: str = "exact", order=None, xi=None,
                     return_path: bool = False, rtol: float = 1e-12, group_tol=None,
                     progress=None) -> np.ndarray:
    """Solve ``dZ = sum_i A_i Z d omega^i + B d xi`` along piecewise-linear drivers.

    ``A``: ``(d, N, N)`` (methods ``"exact"``, ``"taylor"``) or the diagonals ``(d, N)`` (method
    ``"diagonal"``, real or complex); ``B``: ``(N, d_xi)`` or ``None`` (no ``d xi`` term);
    ``z0``: ``(N,)`` shared or ``(batch, N)`` per path; ``drivers``: the points of ``omega``,
    ``(batch, length, d)``; ``xi``: the points of ``xi`` at the same knots, ``(batch, length,
    d_xi)`` (default: ``xi = omega``).  ``order``: Taylor order (method ``"taylor"``; default: from
    ``rtol``).  ``method``: ``"exact"``, ``"taylor"``, ``"diagonal"`` or ``"auto"`` (module
    docstring); ``rtol``: the Taylor method's bound on the truncation error per step, relative to
    ``||Z|| + ||b||``; ``group_tol``: the exact method's grouping of increments (default
    ``64 eps max|points|``; 0: identical increments only); ``progress``: tqdm bar (None: on a
    terminal for long runs).  Returns the final states ``(batch, N)``, or with ``return_path`` the
    states at every knot ``(batch, length, N)`` (index 0 is ``z0``), float64 (complex128 for a
    complex diagonal system).
    """
    if method not in METHODS:
        raise InputError(f"method: expected one of {METHODS}, got {method!r}")
    omega = _points(drivers, "drivers")
    batch, length, d = omega.shape
    diagonal = method == "diagonal"
    A = _float_array(A, "A", allow_complex=diagonal)
    if diagonal:
        if A.ndim != 2 or A.shape[0] != d:
            raise InputError(f"A: method 'diagonal' expects the diagonals, shape ({d}, N), got {A.shape}")
    elif A.ndim != 3 or A.shape[0] != d or A.shape[1] != A.shape[2]:
        raise InputError(f"A: expected shape ({d}, N, N) for {d} driver channels, got {A.shape}")
    N = A.shape[1]
    if xi is None:
        xi_points = omega
    else:
        xi_points = _points(xi, "xi")
        if xi_points.shape[:2] != (batch, length):
            raise InputError(f"xi: expected shape ({batch}, {length}, d_xi) like drivers, got {xi_points.shape}")
    d_xi = xi_points.shape[2]
    if B is None:
        B = np.zeros((N, d_xi))
    B = _float_array(B, "B", allow_complex=diagonal)
    if B.shape != (N, d_xi):
        raise InputError(f"B: expected shape ({N}, {d_xi}), got {B.shape}")
    z0 = _float_array(z0, "z0", allow_complex=diagonal)
    if z0.shape == (N,):
        z0 = np.broadcast_to(z0, (batch, N))
    elif z0.shape != (batch, N):
        raise InputError(f"z0: expected shape ({N},) or ({batch}, {N}), got {z0.shape}")
    if not (isinstance(rtol, (int, float)) and 0 < rtol < 1):
        raise InputError(f"rtol: expected a number in (0, 1), got {rtol!r}")
    d_omega = np.diff(omega, axis=1)
    d_xi_inc = d_omega if xi is None else np.diff(xi_points, axis=1)
    if diagonal:
        return _solve_diagonal(A, B, z0, d_omega, d_xi_inc, return_path)
    if order is not None and method == "exact":
        raise InputError("order: only the 'taylor' method takes an order")
    scale = max(float(np.abs(omega).max()), float(np.abs(xi_points).max()), 1e-300)
    tol = 64 * np.finfo(float).eps * scale if group_tol is None else group_tol
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not (math.isfinite(tol) and tol >= 0):
        raise InputError(f"group_tol: expected a finite number >= 0, got {group_tol!r}")
    classes = None
    if method in ("exact", "auto") and length > 1:
        classes = _segment_classes(d_omega, d_xi_inc, xi is None, float(tol))
    if method == "auto":
        try:
            p = _taylor_order(A, d_omega, rtol) if order is None else _check_order(order)
        except InputError:  # generators too large for a Taylor step: only the exact method works
            p = math.inf
        segments = batch * max(length - 1, 1)
        exact_cost = (0 if classes is None else classes[0].shape[0] * 12.0 * N) + segments
        method = "exact" if exact_cost <= segments * p * d else "taylor"
    if method == "taylor":
        p = _taylor_order(A, d_omega, rtol) if order is None else _check_order(order)
        with threadpool_limits(limits=1, user_api="blas"):  # see _solve_exact
            return _solve_taylor(A, B, z0, d_omega, d_xi_inc, p, return_path, progress)
    return _solve_exact(A, B, z0, classes, xi is None, d, return_path, progress, length - 1)


def _check_order(order) -> int:
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or not 1 <= order <= MAX_TAYLOR_ORDER:
        raise InputError(f"order: expected an integer in [1, {MAX_TAYLOR_ORDER}], got {order!r}")
    return int(order)


def _generator_norm_bound(A, d_omega) -> float:
    """theta >= max over segments of ||sum_i A_i delta omega^i||_2."""
    norms = np.array([np.linalg.norm(a, 2) for a in A])
    return float((np.abs(d_omega).reshape(-1, A.shape[0]) @ norms).max()) if d_omega.size else 0.0


def taylor_remainder_bound(theta: float, order: int) -> float:
    """Bound on the truncated-Taylor error of one step, relative to ``||Z|| + ||b||``."""
    return theta ** order / math.factorial(order + 1) * math.exp(theta) * max(theta, 1.0)


def _taylor_order(A, d_omega, rtol) -> int:
    theta = _generator_norm_bound(A, d_omega)
    for p in range(1, MAX_TAYLOR_ORDER + 1):
        if taylor_remainder_bound(theta, p) <= rtol:
            return p
    raise InputError(f"drivers: segment generators too large for the Taylor method (||M|| <= {theta:.3g}); "
                     "refine the driver grid or use method='exact'")


def _solve_taylor(A, B, z0, d_omega, d_xi, p, return_path, progress):
    batch, segments, d = d_omega.shape
    N = A.shape[1]
    stacked = np.ascontiguousarray(A.transpose(0, 2, 1).reshape(d * N, N))  # rows i*N..: A_i^T
    out = np.empty((batch, segments + 1, N)) if return_path else np.empty((batch, N))
    workers = _workers(batch)
    size = min(TAYLOR_BLOCK, -(-batch // workers))
    bar = tqdm(total=batch, desc="linear CDE (taylor)", disable=_disable(progress, batch * segments * N))

    def block(start):  # blocks of paths are independent: on ``workers`` threads, as the exact method
        stop = min(start + size, batch)
        z = np.array(z0[start:stop], dtype=np.float64)
        weighted = np.empty((stop - start, d, N))
        if return_path:
            out[start:stop, 0] = z
        for j in range(segments):
            w = d_omega[start:stop, j]
            b = d_xi[start:stop, j] @ B.T
            acc = z
            for k in range(p, 0, -1):  # acc <- z + (M acc + b) / k
                np.multiply(w[:, :, None], acc[:, None, :], out=weighted)
                acc = z + (weighted.reshape(stop - start, d * N) @ stacked + b) / k
            z = acc
            if return_path:
                out[start:stop, j + 1] = z
        if not return_path:
            out[start:stop] = z
        bar.update(stop - start)

    _run(block, range(0, batch, size), workers)
    bar.close()
    return out


def _disable(progress, work: int):
    """tqdm's ``disable``: ``None`` (auto: off for non-terminals) for long runs, ``True`` for short."""
    if progress is not None:
        return not progress
    return None if work > 5e8 else True


def _segment_classes(d_omega, d_xi, same, tol):
    """Group segments by rounded increments: (representative increments (C, d + d_xi), class ids)."""
    batch, segments, _ = d_omega.shape
    joint = d_omega if same else np.concatenate([d_omega, d_xi], axis=2)
    flat = joint.reshape(batch * segments, -1)
    keys = (np.round(flat / tol) if tol > 0 else flat) + 0.0  # "+ 0.0" maps -0.0 to 0.0
    # Rows -> one integer code: each column's values are numbered (np.unique of the column), and
    # the numbers are combined in mixed radix when that fits in int64 (few values per column, as
    # for quantised data); otherwise the rows are compared as raw bytes.  Both are much faster
    # than np.unique(axis=0).
    code = np.zeros(keys.shape[0], dtype=np.int64)
    size = 1
    for column in keys.T:
        values = np.unique(column)
        size *= values.size
        if size >= MAX_CODE:
            keys = np.ascontiguousarray(keys)
            code = keys.view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1]))).ravel()
            break
        code = code * values.size + np.searchsorted(values, column)
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    # Each class is represented by its first member: a segment alone in its class is solved with
    # its own increment, the others with one that differs by less than tol in each component.
    return flat[first], inverse.reshape(batch, segments)


def _class_exponentials(A, B, reps, same, d, workers: int = 1):
    """For each class: E^T = (e^M)^T (N, N) and f = phi_1(M) b (N,) from the augmented expm.

    Chunks of ``EXPM_CHUNK`` classes go to ``workers`` threads (scipy's expm releases the GIL in
    its BLAS/LAPACK calls)."""
    N = A.shape[1]
    count = reps.shape[0]
    ET = np.empty((count, N, N))
    f = np.empty((count, N))

    def chunk(start):
        r = reps[start:start + EXPM_CHUNK]
        w = r[:, :d]
        v = r[:, :d] if same else r[:, d:]
        aug = np.zeros((r.shape[0], N + 1, N + 1))
        aug[:, :N, :N] = np.tensordot(w, A, axes=(1, 0))
        aug[:, :N, N] = v @ B.T
        full = scipy.linalg.expm(aug)
        ET[start:start + r.shape[0]] = full[:, :N, :N].transpose(0, 2, 1)
        f[start:start + r.shape[0]] = full[:, :N, N]

    _run(chunk, range(0, count, EXPM_CHUNK), workers)
    return ET, f


def _run(task, items, workers: int) -> None:
    """``task(item)`` for every item, on ``workers`` threads (in order on one)."""
    if workers <= 1:
        for item in items:
            task(item)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(task, item) for item in items]:
            future.result()


def _workers(rows: int) -> int:
    """Threads for the exact method: the cores (at most 4), one per ``MIN_ROWS_PER_WORKER`` paths."""
    return max(1, min(os.cpu_count() or 1, 4, rows // MIN_ROWS_PER_WORKER))


def _solve_exact(A, B, z0, classes, same, d, return_path, progress, segments):
    batch, N = z0.shape
    out = np.empty((batch, segments + 1, N)) if return_path else None
    z = np.array(z0, dtype=np.float64)
    if return_path:
        out[:, 0] = z
    if segments == 0:
        return out if return_path else z
    reps, ids = classes
    workers = _workers(batch)
    cached = reps.shape[0] * N * (N + 1) * 8 <= EXACT_CACHE_BYTES
    # Many GEMMs of tens to thousands of rows (one per step and class): multi-threaded OpenBLAS
    # synchronises its threads on every call, which on a busy 2-core machine was measured 10-20x
    # slower than one thread (for these GEMMs and for scipy's expm).  So BLAS runs single-threaded
    # and the paths are split between ``workers`` Python threads instead (numpy releases the GIL
    # in matmul).  The Taylor method also runs BLAS single-threaded.
    with threadpool_limits(limits=1, user_api="blas"):
        if cached:
            table = _class_exponentials(A, B, reps, same, d, workers) + (None,)
        parts = np.array_split(np.arange(batch), workers)
        bar = tqdm(range(segments), desc="linear CDE (exact)", disable=_disable(progress, batch * segments * N))
        for j in bar:
            if not cached:  # too many classes to keep: the exponentials of this step's classes
                present = np.unique(ids[:, j])
                table = _class_exponentials(A, B, reps[present], same, d, workers) + (present,)
            _run(lambda rows, j=j, table=table: _exact_step(z, ids[rows, j], rows, table), parts, workers)
            if return_path:
                out[:, j + 1] = z
    return out if return_path else z


def _exact_step(z, ids, rows, table):
    """z[rows] <- E_c z + f_c for the class c of each row, one GEMM per class present."""
    ET, f, present = table
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    classes, starts = np.unique(sorted_ids, return_index=True)
    if present is not None:  # step-local table: class ids -> positions in the table
        classes = np.searchsorted(present, classes)
    bounds = np.append(starts, ids.size)
    zs = z[rows[order]]
    new = np.empty_like(zs)
    for c, lo, hi in zip(classes, bounds[:-1], bounds[1:]):
        np.matmul(zs[lo:hi], ET[c], out=new[lo:hi])
        new[lo:hi] += f[c]
    z[rows[order]] = new


def _expm1(lam):
    """e^lam - 1, accurate near 0, for real or complex ``lam``; in numba code the overload below
    picks the form by type at compile time."""
    return _expm1_complex(lam) if isinstance(lam, complex) else math.expm1(lam)


@numba.njit(cache=True)
def _expm1_complex(lam):
    """e^lam - 1 for complex lam, accurate near 0: (expm1(x) cos y - 2 sin^2(y/2)) + i e^x sin y."""
    x = lam.real
    y = lam.imag
    s = math.sin(0.5 * y)
    return complex(math.expm1(x) * math.cos(y) - 2.0 * s * s, math.exp(x) * math.sin(y))


@overload(_expm1)
def _expm1_numba(lam):
    if isinstance(lam, numba.types.Complex):
        return lambda lam: _expm1_complex(lam)
    return lambda lam: math.expm1(lam)


@numba.njit(cache=True, parallel=True)
def _diagonal_kernel(V, B, z0, d_omega, d_xi, out, keep_path, zero):
    """Closed-form steps Z <- e^lam Z + phi_1(lam) B dxi, lam = V^T domega, phi_1 = expm1(lam)/lam, in
    the arithmetic of ``zero`` (0.0: real; 0j: complex, e.g. S4D-Lin poles)."""
    batch, segments, d = d_omega.shape
    N = V.shape[1]
    d_x = d_xi.shape[2]
    for p in numba.prange(batch):  # paths are independent: spread over the cores
        z = z0[p].copy()
        if keep_path:
            out[p, 0] = z
        for j in range(segments):
            for n in range(N):
                lam = zero
                for i in range(d):
                    lam += V[i, n] * d_omega[p, j, i]
                b = zero
                for i in range(d_x):
                    b += B[n, i] * d_xi[p, j, i]
                e = _expm1(lam)
                phi = e / lam if lam != 0.0 else zero + 1.0
                z[n] = z[n] + e * z[n] + phi * b
            if keep_path:
                out[p, j + 1] = z
        if not keep_path:
            out[p, 0] = z


def _solve_diagonal(V, B, z0, d_omega, d_xi, return_path):
    batch, segments, _ = d_omega.shape
    N = V.shape[1]
    is_complex = V.dtype.kind == "c" or B.dtype.kind == "c" or z0.dtype.kind == "c"
    dtype = np.complex128 if is_complex else np.float64
    out = np.empty((batch, segments + 1 if return_path else 1, N), dtype=dtype)
    _diagonal_kernel(V.astype(dtype), B.astype(dtype), np.ascontiguousarray(z0, dtype=dtype),
                     np.ascontiguousarray(d_omega), np.ascontiguousarray(d_xi), out, return_path, dtype(0))
    return out if return_path else out[:, 0]
