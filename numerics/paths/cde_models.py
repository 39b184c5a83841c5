"""The model classes of Cirone et al. (2024) as random feature maps, and a least-squares readout.

Each ``*_features(paths, N, seed, ...)`` solves one randomly initialised Linear CDE (Def. 3.1)
along every path and returns its final state ``Z_1`` as ``(batch, N)`` real features; a linear
readout is then fitted by :func:`fit_readout` (as the official toy experiment does: nothing but
the readout is trained).  ``paths`` are ``(batch, length, d)`` points of ``X`` on the grid
``times`` (default ``linspace(0, 1, length)``, the official one).  Every random draw comes from
``numpy.random.default_rng(seed)`` in the order listed; the draws are not those of the official
JAX code (other generator), only their laws.

* :func:`random_dense_features` -- dense random Linear CDE, Theorem 4.2: ``omega = xi = (t, X)``
  (``time_augment=True``; else ``omega = xi = X``), ``A_i`` with i.i.d. ``N(0, 1/N)`` entries
  (times ``scale``), ``B`` i.i.d. ``N(0, 1)``, ``Z_0 = W X_0 + b`` with ``W, b`` i.i.d.
  ``N(0, 1)`` -- the official ``lcde_toy`` initialisation (digest §5.3; the input-dependent
  ``Z_0`` is Def. B.2's initial-value gate).  Draw order: A ``(d_omega, N, N)``, B, W, b.
  The official code adds only ``t``; Theorems 4.1-4.2 also ask for ``t^2``:
  ``square_time=True`` drives with ``(t, t^2, X)``.
* :func:`diagonal_features` -- diagonal Linear CDE, Theorem 4.3 / Prop. B.14: ``A_i =
  diag(V_i)``, ``V`` i.i.d. ``N(0, 1)`` (times ``scale``; the paper fixes no law: this puts the
  diagonal on the spectral scale of the dense ``N(0, 1/N)`` matrices), ``B, W, b`` as above.  Draw
  order: V ``(d_omega, N)``, B, W, b.  Solved in closed form (``method="diagonal"``).
* :func:`lti_features` -- the LTI / S4 reading (§2.3): ``omega = t``, ``xi`` with the
  zero-order-hold increments ``X_{k+1} (t_{k+1} - t_k)`` (so the solve is exactly the S4 ZOH
  recurrence ``z_l = e^{Delta A} z_{l-1} + phi_1(Delta A) Delta B x_l``, App. F), ``N/2`` complex
  modes with S4D-Lin poles ``a_n = -1/2 + i pi n``, ``B`` i.i.d. complex ``N(0, 1)`` (real and
  imaginary parts ``N(0, 1/2)``), ``Z_0 = 0``; features are ``(Re z, Im z)`` (N must be even).
  Draw order: B (:func:`lti_parameters`).  Such features are linear in the path (§4.2); they are
  computed as one product with the convolution kernel of the recurrence.
* :func:`chained_diagonal_features` -- two diagonal layers, Prop. 4.5 / Thm. C.2: layer 1 is
  the model of :func:`diagonal_features` with the same seed (same draws); its state path is read
  by ``Y = W_1 Z^1`` (``mix`` channels, default 1 as in Thm. C.2; ``W_1`` i.i.d.
  ``N(0, mix_scale^2 / N)``, default ``mix_scale = 0.1``, which makes ``Y`` of the size of ``X``
  on the toy data -- with 1 the layer-1 states, of size ~10-60, drive layer 2 into exponents of
  ~50 and the features span 1e9; or an explicit ``mixing``, e.g. a fitted readout) and layer 2
  is a diagonal Linear CDE driven by ``omega = (t, X, Y)`` with ``xi = (t, X)`` (Prop. 4.5's
  ``B^{(2)} dX``).  Features are layer 2's final state.  Draw order: layer 1 (V, B, W, b), W_1
  ``(mix, N)``, layer 2 (V ``(d_omega + mix, N)``, B ``(N, d_omega)``, W, b).

:func:`dense_parameters`, :func:`diagonal_parameters`, :func:`lti_parameters` and
:func:`chained_parameters` return the drawn parameters, so a check can rebuild a model (e.g. for
the signature expansion of Prop. 4.6).  Features are computed in blocks of paths with a tqdm
bar (``progress=None``: shown on a terminal for long runs).

Readout: :func:`fit_readout` is least squares with an intercept -- ordinary least squares (SVD
solve, as ``numpy.linalg.lstsq``) when well posed, as the official ``sklearn LinearRegression``;
ridge otherwise (see its docstring; the ridge used is recorded in the result).  :func:`rmse` and
:func:`zero_rmse` (the zero predictor's RMSE on the same labels) give the metric.
"""
from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np
from tqdm import tqdm

from .cde import solve_linear_cde
from ..errors import InputError
from .signatures import _as_paths, _check_times, time_augment as _time_augment

#: Paths per block of the feature computations (bounds the memory of the state paths).
FEATURE_BLOCK = 4096
#: Paths per block of the chained features (each block holds layer 1's state path, L * N floats a path).
CHAINED_BLOCK = 512
#: Relative ridge ``lambda / s_max^2`` used when the least-squares problem is ill posed.
RELATIVE_RIDGE = 1e-10
#: Condition number of the centred design above which OLS counts as ill posed.
MAX_CONDITION = 1e8


@dataclass(frozen=True)
class CDEParameters:
    """A random Linear CDE: ``A`` (dense ``(d, N, N)`` or diagonals ``(d, N)``), ``B`` ``(N, d_xi)``,
    initial-value gate ``Z_0 = W X_0 + b`` (``W`` ``(N, channels)``, ``b`` ``(N,)``), and its seed."""
    A: np.ndarray
    B: np.ndarray
    W: np.ndarray
    b: np.ndarray
    seed: int

    def initial_state(self, paths: np.ndarray) -> np.ndarray:
        """``Z_0 = W X_0 + b`` per path, from the first point of the (un-augmented) paths."""
        return paths[:, 0, :] @ self.W.T + self.b


def _check_N(N, *, even: bool = False) -> int:
    if isinstance(N, bool) or not isinstance(N, Integral) or N < 1 or (even and N % 2):
        kind = "a positive even integer" if even else "a positive integer"
        raise InputError(f"N: expected {kind}, got {N!r}")
    return int(N)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise InputError(f"seed: expected a non-negative integer, got {seed!r}")
    return int(seed)


def _check_scale(scale, name: str = "scale") -> float:
    try:
        value = float(scale)
    except (TypeError, ValueError):
        raise InputError(f"{name}: expected a positive number, got {scale!r}") from None
    if not (np.isfinite(value) and value > 0):
        raise InputError(f"{name}: expected a positive finite number, got {scale!r}")
    return value


def dense_parameters(channels: int, N, seed, *, time_augment: bool = True, square_time: bool = False,
                     scale=1.0) -> CDEParameters:
    """Theorem 4.2's Gaussian dense Linear CDE for ``channels`` input channels (see module doc)."""
    N, seed, scale = _check_N(N), _check_seed(seed), _check_scale(scale)
    d = channels + (1 if time_augment else 0) + (1 if square_time else 0)
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((d, N, N)) * (scale / np.sqrt(N))
    B = rng.standard_normal((N, d))
    W = rng.standard_normal((N, channels))
    b = rng.standard_normal(N)
    return CDEParameters(A, B, W, b, seed)


def _diagonal_parameters(rng, channels: int, d: int, N: int, scale: float, seed: int,
                         d_xi: int | None = None) -> CDEParameters:
    V = rng.standard_normal((d, N)) * scale
    B = rng.standard_normal((N, d if d_xi is None else d_xi))
    W = rng.standard_normal((N, channels))
    b = rng.standard_normal(N)
    return CDEParameters(V, B, W, b, seed)


def diagonal_parameters(channels: int, N, seed, *, time_augment: bool = True, scale=1.0) -> CDEParameters:
    """Theorem 4.3's diagonal Linear CDE (``A`` holds the diagonals ``V``, shape ``(d, N)``)."""
    N, seed, scale = _check_N(N), _check_seed(seed), _check_scale(scale)
    d = channels + (1 if time_augment else 0)
    return _diagonal_parameters(np.random.default_rng(seed), channels, d, N, scale, seed)


def _drivers(paths, time_augment: bool, times, square_time: bool = False):
    """(paths, drivers, times): drivers are ``(t, [t^2,] X)`` or ``([t^2,] X)``."""
    array, _ = _as_paths(paths)
    if array.shape[1] < 2:
        raise InputError(f"paths: need at least 2 points per path, got shape {array.shape}")
    t = _check_times(times, array.shape[1])
    if square_time:
        square = np.broadcast_to((t ** 2)[None, :, None], array.shape[:2] + (1,))
        drivers = np.concatenate([square, array], axis=2)
    else:
        drivers = array
    return array, (_time_augment(drivers, t) if time_augment else drivers), t


def _blocks(batch: int, progress, desc: str, size: int = FEATURE_BLOCK):
    starts = range(0, batch, size)
    return tqdm(starts, desc=desc, disable=None if progress is None and batch > size else not progress)


def random_dense_features(paths, N, seed, *, time_augment: bool = True, square_time: bool = False,
                          scale=1.0, method: str = "auto", times=None, rtol: float = 1e-12,
                          progress=None) -> np.ndarray:
    """Final states ``Z_1`` (batch, N) of Theorem 4.2's random dense Linear CDE along ``paths``.

    ``method``: ``"auto"`` (default), ``"exact"`` or ``"taylor"`` of
    :func:`numerics.paths.cde.solve_linear_cde`; ``rtol``: the Taylor truncation tolerance.
    ``square_time``: add the channel ``t^2`` after ``t`` (Theorems 4.1-4.2 ask for both; the
    official experiment has only ``t``).  Its increments differ from step to step, so the exact
    method's increment classes multiply by the number of steps: slower, for small batches.
    """
    if method not in ("auto", "exact", "taylor"):
        raise InputError(f"method: expected 'auto', 'exact' or 'taylor', got {method!r}")
    array, drivers, _ = _drivers(paths, time_augment, times, square_time)
    params = dense_parameters(array.shape[2], N, seed, time_augment=time_augment, square_time=square_time,
                              scale=scale)
    return solve_linear_cde(params.A, params.B, params.initial_state(array), drivers, method=method,
                            rtol=rtol, progress=progress)


def diagonal_features(paths, N, seed, *, time_augment: bool = True, scale=1.0, times=None,
                      progress=None) -> np.ndarray:
    """Final states (batch, N) of Theorem 4.3's random diagonal Linear CDE, in closed form."""
    array, drivers, _ = _drivers(paths, time_augment, times)
    params = diagonal_parameters(array.shape[2], N, seed, time_augment=time_augment, scale=scale)
    out = np.empty((array.shape[0], params.A.shape[1]))
    for start in _blocks(array.shape[0], progress, "diagonal features"):
        block = slice(start, start + FEATURE_BLOCK)
        out[block] = solve_linear_cde(params.A, params.B, params.initial_state(array[block]), drivers[block],
                                      method="diagonal")
    return out


def lti_parameters(channels: int, N, seed) -> tuple[np.ndarray, np.ndarray]:
    """S4D-Lin poles ``a`` (N/2,) and complex input matrix ``B`` (N/2, channels) of :func:`lti_features`."""
    N, seed = _check_N(N, even=True), _check_seed(seed)
    modes = N // 2
    rng = np.random.default_rng(seed)
    B = (rng.standard_normal((modes, channels)) + 1j * rng.standard_normal((modes, channels))) / np.sqrt(2)
    return -0.5 + 1j * np.pi * np.arange(modes), B


def _expm1_complex(z: np.ndarray) -> np.ndarray:
    """``e^z - 1`` accurate near 0: ``expm1(x) cos y - 2 sin^2(y/2) + i e^x sin y``."""
    x, y = z.real, z.imag
    return np.expm1(x) * np.cos(y) - 2 * np.sin(y / 2) ** 2 + 1j * np.exp(x) * np.sin(y)


def lti_features(paths, N, seed, *, times=None, progress=None) -> np.ndarray:
    """Features (batch, N) = (Re z, Im z) of N/2 S4D-Lin modes driven by ``omega = t`` (ZOH input).

    With ``Z_0 = 0`` the solution is the convolution (§3.4: linear filters)
    ``z_n = sum_k e^{a_n (t_end - t_k)} phi_1(a_n Delta_k) Delta_k (B x_k)_n`` over the steps
    ``k = 1..L-1`` (``Delta_k = t_k - t_{k-1}``), evaluated as one matrix product of the flattened
    paths with this kernel (the tests check it against the step-by-step diagonal solver).
    """
    array, _, t = _drivers(paths, False, times)
    a, B = lti_parameters(array.shape[2], N, seed)
    steps = np.diff(t)[:, None]                                  # Delta_k, (L-1, 1)
    h = a[None, :] * steps
    phi = np.where(h == 0, 1.0, _expm1_complex(h) / np.where(h == 0, 1.0, h))
    weights = np.exp(a[None, :] * (t[-1] - t[1:, None])) * phi * steps   # (L-1, modes)
    kernel = (weights[:, None, :] * B.T[None, :, :]).reshape(-1, a.size)  # rows (k, channel)
    flat = array[:, 1:, :].reshape(array.shape[0], -1)
    out = np.empty((array.shape[0], N))
    for start in _blocks(array.shape[0], progress, "LTI features"):
        block = slice(start, start + FEATURE_BLOCK)
        z = flat[block] @ kernel
        out[block, :a.size] = z.real
        out[block, a.size:] = z.imag
    return out


def chained_parameters(channels: int, N, seed, *, time_augment: bool = True, mix: int = 1, scale=1.0,
                       mix_scale=0.1) -> tuple[CDEParameters, np.ndarray, CDEParameters]:
    """Layer 1, the read ``W_1`` ``(mix, N)`` and layer 2 of :func:`chained_diagonal_features`."""
    N, seed, scale = _check_N(N), _check_seed(seed), _check_scale(scale)
    mix_scale = _check_scale(mix_scale, "mix_scale")
    if isinstance(mix, bool) or not isinstance(mix, Integral) or mix < 1:
        raise InputError(f"mix: expected a positive integer, got {mix!r}")
    d = channels + (1 if time_augment else 0)
    rng = np.random.default_rng(seed)
    first = _diagonal_parameters(rng, channels, d, N, scale, seed)
    W1 = rng.standard_normal((mix, N)) * (mix_scale / np.sqrt(N))
    second = _diagonal_parameters(rng, channels, d + mix, N, scale, seed, d_xi=d)
    return first, W1, second


def chained_diagonal_features(paths, N, seed, *, time_augment: bool = True, mix: int = 1, scale=1.0,
                              mix_scale=0.1, mixing=None, times=None, progress=None) -> np.ndarray:
    """Final states (batch, N) of the second of two chained diagonal Linear CDEs (Prop. 4.5, Thm. C.2).

    ``mixing``: an explicit ``(mix, N)`` read ``W_1`` of layer 1 (e.g. a fitted readout, as in
    Thm. C.2's induction) replacing the random one (which is still drawn, with ``mix`` = its
    number of rows, so the other draws are those of :func:`chained_parameters`); ``mix_scale``
    multiplies the random ``W_1``.
    """
    if mixing is not None:
        mixing = _features(mixing, "mixing")
        if mixing.shape[1] != N:
            raise InputError(f"mixing: expected shape (mix, {N}), got {mixing.shape}")
        mix = mixing.shape[0]
    array, drivers, _ = _drivers(paths, time_augment, times)
    first, W1, second = chained_parameters(array.shape[2], N, seed, time_augment=time_augment, mix=mix,
                                           scale=scale, mix_scale=mix_scale)
    if mixing is not None:
        W1 = mixing
    out = np.empty((array.shape[0], first.A.shape[1]))
    for start in _blocks(array.shape[0], progress, "chained diagonal features", CHAINED_BLOCK):
        block = slice(start, start + CHAINED_BLOCK)
        x, drv = array[block], drivers[block]
        z1 = solve_linear_cde(first.A, first.B, first.initial_state(x), drv, method="diagonal", return_path=True)
        omega = np.concatenate([drv, z1 @ W1.T], axis=2)
        out[block] = solve_linear_cde(second.A, second.B, second.initial_state(x), omega, xi=drv,
                                      method="diagonal")
    return out


@dataclass(frozen=True)
class Readout:
    """A fitted linear readout ``y ~ features @ coef + intercept``.

    ``ridge``: ``None`` for ordinary least squares, else the ridge ``lambda`` (absolute, on the
    centred features) that was used; ``condition``: the centred design's condition number.
    """
    coef: np.ndarray
    intercept: np.ndarray | float
    ridge: float | None
    condition: float

    def predict(self, features) -> np.ndarray:
        X = _features(features, "features")
        if X.shape[1] != self.coef.shape[0]:
            raise InputError(f"features: expected {self.coef.shape[0]} columns, got {X.shape[1]}")
        return X @ self.coef + self.intercept


def _features(features, name: str) -> np.ndarray:
    try:
        X = np.asarray(features, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InputError(f"{name}: not a real numeric array ({error})") from None
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise InputError(f"{name}: expected shape (samples, features), got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise InputError(f"{name}: contains non-finite values")
    return X


def fit_readout(features, y, *, ridge=None) -> Readout:
    """Least squares with intercept of ``y`` (``(n,)`` or ``(n, k)``) on ``features`` ``(n, N)``.

    ``ridge=None``: ordinary least squares (minimum-norm, by the SVD of the centred features, as
    ``numpy.linalg.lstsq``) when it is well
    posed -- at least 10 samples per unknown and the centred design's condition number at most
    1e8 -- else ridge with ``lambda = 1e-10 s_max^2`` (``s_max`` the largest singular value of the
    centred features).  ``ridge=`` a number >= 0 forces that ``lambda`` (0 = OLS).
    """
    X = _features(features, "features")
    try:
        target = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InputError(f"y: not a real numeric array ({error})") from None
    if target.ndim not in (1, 2) or target.shape[0] != X.shape[0] or not np.all(np.isfinite(target)):
        raise InputError(f"y: expected {X.shape[0]} finite labels (shape (n,) or (n, k)), got {target.shape}")
    if ridge is not None:
        try:
            ridge = float(ridge)
        except (TypeError, ValueError):
            raise InputError(f"ridge: expected a number >= 0 or None, got {ridge!r}") from None
        if not (np.isfinite(ridge) and ridge >= 0):
            raise InputError(f"ridge: expected a finite number >= 0, got {ridge!r}")
    x_mean = X.mean(axis=0)
    y_mean = target.mean(axis=0)
    Xc = X - x_mean
    yc = target - y_mean
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    s_max = float(s[0]) if s.size else 0.0
    condition = float(s[0] / s[-1]) if s.size and s[-1] > 0 else np.inf
    if ridge is None:
        well_posed = X.shape[0] >= 10 * (X.shape[1] + 1) and condition <= MAX_CONDITION
        ridge = None if well_posed else RELATIVE_RIDGE * s_max ** 2
    # The SVD solve is lstsq's (LAPACK gelsd): singular values below eps * s_max count as 0.
    keep = s > np.finfo(float).eps * max(X.shape) * s_max
    lam = 0.0 if ridge is None else ridge
    filt = np.zeros_like(s)
    filt[keep] = s[keep] / (s[keep] ** 2 + lam)
    coef = (Vt.T @ (filt[:, None] * (U.T @ yc.reshape(X.shape[0], -1)))).reshape((X.shape[1],) + target.shape[1:])
    intercept = y_mean - x_mean @ coef
    return Readout(coef=coef, intercept=intercept, ridge=ridge if ridge else None, condition=condition)


def rmse(pred, y) -> float:
    """Root mean squared error of ``pred`` against ``y`` (same shape)."""
    p = np.asarray(pred, dtype=np.float64)
    t = np.asarray(y, dtype=np.float64)
    if p.shape != t.shape or t.size == 0:
        raise InputError(f"pred: expected the shape of y {t.shape}, got {p.shape}")
    return float(np.sqrt(np.mean((p - t) ** 2)))


def zero_rmse(y) -> float:
    """RMSE of the zero predictor on ``y``: ``sqrt(mean(y^2))``."""
    t = np.asarray(y, dtype=np.float64)
    if t.size == 0:
        raise InputError("y: empty")
    return float(np.sqrt(np.mean(t ** 2)))
