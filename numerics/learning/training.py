"""Training diagonal SSMs on the Appendix C loss, as the experiments of Ran-Milo et al. (2024) do.

**API** (as agreed, with these additions): :class:`TrainConfig` also has ``bc_std`` (the
official ``BC_std``, default 1e-3); :class:`TrainResult` also has ``eps_l1`` (normalised l1 error
at the recorded steps), ``min_eps_l1`` (its minimum over all steps), ``final_loss``,
``best_params``, ``diverged`` and ``obtained``, and ``seed`` is a property
(``= config.seed``); ``TrainResult.to_files(stem)`` / ``TrainResult.load(stem)`` write and read
``stem.npz`` + ``stem.json``; ``loss_and_grad(params, target, field_or_config, output=None)``;
:func:`poles`, :func:`magnitude` and :func:`target_values` are public helpers; :func:`train_batch`
trains up to :data:`LANES` runs of one :func:`batch_key` side by side (sweeps use it).

**Loss (Appendix C, Eq. 7).**  For an SSM with impulse response ``y = phi_n(I)_{:t}`` and a target
``phi = phi(I)_{:t}`` (here the three targets of Corollaries 1-3, l2-normalised as in the official
code, so that the zero mapping has loss 1), ``l = ||y - phi||_2^2``.

**Parameterisation and initialisation (the official ``VanillaSSM``).**  For ``j = 1..n``:

* ``|A_j| = r_j = exp(-exp(nu_j))``, with ``r_j^2 ~ U[r_min^2, 0.9999^2]`` and
  ``nu_j = log(-log(r_j^2) / 2)``;
* real field: ``A_j = s_j r_j``, the sign ``s_j`` drawn from {+1, -1} and frozen (the code's
  ``cos(angle)``, angle in {0, pi}, ``requires_grad=False``); ``B_j, C_j ~ N(0, bc_std^2)``;
* complex field: ``A_j = r_j e^(i theta_j)`` with ``theta_j ~ U[0, 2 pi)`` trained; ``B_j``, ``C_j``
  of modulus ``|N(0, bc_std^2)|`` and uniform phase, their real and imaginary parts trained;
* output ``y_k = g Re(sum_j C_j B_j A_j^(k-1))``, ``k = 1..t``: ``g = 2`` for the complex field with
  ``output="2re"`` (the official code), ``g = 1`` with ``output="re"`` (the paper's Section 2.2)
  and always ``g = 1`` for the real field (the code's real model has no factor 2).

**Closed-form gradients.**  With ``e_k = y_k - phi_k`` (k = 0..t-1 here), ``w_j = C_j B_j``,
``S_j = sum_k e_k A_j^k`` and ``U_j = sum_k k e_k A_j^k`` (both by Horner's rule):

    dl/dnu_j    = -2 g exp(nu_j) Re(w_j U_j)        dl/dtheta_j = -2 g Im(w_j U_j)
    dl/dRe B_j  =  2 g Re(C_j S_j)                  dl/dIm B_j  = -2 g Im(C_j S_j)
    dl/dRe C_j  =  2 g Re(B_j S_j)                  dl/dIm C_j  = -2 g Im(B_j S_j)

(the real field is the case of zero imaginary parts and ``g = 1``).  For a real SSM in direct
parameters (:func:`direct_loss_grad`, used for the plain gradient descent of Proposition 4 and
Lemma 3): ``dl/dA_j = 2 w_j sum_k k e_k A_j^(k-1)``, ``dl/dB_j = 2 C_j S_j``, ``dl/dC_j = 2 B_j S_j``.
They are checked against mpmath finite differences and against torch autograd of the official
forward pass in ``tests/test_training.py``.

**Training.**  Full-batch steps ``k = 0..steps-1``: evaluate ``l`` and its gradient at the current
parameters, update with Adam / AdamW / RAdam (:mod:`numerics.learning.optimizers`, torch's defaults) at the
cosine-annealed rate ``lr_k`` (``T_max = steps``), and keep the running minimum of ``l`` with the
parameters that reached it.  ``accumulate_gradients=True`` reproduces the official code's quirk of
never calling ``zero_grad()``: the optimizer then sees ``sum_{i<=k} grad l_i``; the default is
standard training.  The loop is compiled by numba (no autograd) and written by hand because no
library computes these sums without an n-by-t tape: the forward power sums and the backward Horner
sums each take eight or four (real) or two (complex) time steps per pass over the n states (independent
accumulators for the sums over j; the Horner updates vectorise), and ``exp`` is a vectorisable
polynomial (:func:`numerics.ssm.elementary.exp_into`).  No kernel uses fast-math: with reassociation, numba's compiled
code (hence the last bits of a run) differed between a fresh compilation and one loaded from its
cache, and a run must give the same numbers in every process.

**Runs side by side.**  The power sums are reductions over the states j, which no compiler vectorises
without reassociating them; so :func:`train_batch` advances up to :data:`LANES` runs that share field,
n, t, steps, dtype and record interval in one compiled loop and computes their power sums together,
one run per lane of a vector (:mod:`numerics.ssm.lanes`): every run gets the arithmetic of the scalar
loop in the same order, so its result is bit-identical to :func:`train` of it alone (which is a batch
of one), whatever the batch.  The rest of a step (radii, Horner sums, gradient, optimizer update) runs
per run, vectorised over the states; each run keeps its parameters in three rotating vectors (current,
next, best), so that keeping the best parameters costs no copy.  Measured on 2 cores (AMD EPYC, Zen 4)
at n = 1024, t = 32: a step costs about 18-19 microseconds for one run alone and 14.7 per run in a
batch of four (the scalar loop before: 17.5-18.3), over 100 times less than the official torch step;
see ``bench/training_bench.py``.

**Number systems.**  ``dtype="float64"`` (default) stores parameters, moments and the forward and
backward passes in float64; ``dtype="float32"`` stores parameters, moments, powers, residuals and
Horner sums in float32 as the official code does, so parameter updates are rounded to float32
(the scalar accumulators of the sums over j, ``exp`` and the optimizer's scalar factors stay
float64, so the arithmetic is close to, not bit-identical with, torch's float32).  Reported ``best_eps_l1`` and ``best_magnitude`` are evaluated in
float64 from the (float32 or float64) best parameters; everything here is "float64" (or "float32")
arithmetic, never certified: a trained model is an instance, its values are what they are.

**Magnitude.**  ``n ||C (.) B||_inf`` of the equivalent paper-convention SSM, i.e. ``g n max_j |C_j B_j|``
(Theorem 2's left-hand side for real SSMs).

**Targets.**  :func:`numerics.ssm.targets.make_target` with ``normalized=True`` matches the official
delay and oscillation targets; the random target is ``U[-1, 1]^t`` drawn by numpy from the run's
``seed`` (the official code draws from torch's stream, which is not reproduced).  Initial
parameters are drawn from an independent child stream of the same seed (``SeedSequence(seed,
spawn_key=(1,))``), so the random target and the initialisation are not correlated.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass, field as dc_field
from numbers import Real
from pathlib import Path
from typing import Callable

import numba
import numpy as np

from ..ssm import kernels, lanes
from ..ssm.elementary import exp_into
from ..ssm.lanes import LANES
from . import optimizers
from ..errors import InputError, check_choice, check_int
from ..outputs import read_record, write_record
from ..ssm.targets import NAMES as TASKS, make_target

FIELDS = ("real", "complex")
DTYPES = ("float64", "float32")
OUTPUTS = ("2re", "re")
#: Largest radius of the initial A (the official ``r_max``).
R_MAX = 0.9999
#: Bumped whenever a change alters the result of a run, so that cached results are recomputed.
CACHE_VERSION = 2


@dataclass(frozen=True)
class TrainConfig:
    """One training run; see the module docstring.  ``weight_decay=None`` means torch's default
    for the optimizer (0.01 for AdamW, 0 otherwise); ``record_every=None`` means
    ``max(1, steps // 1000)``; ``output`` only matters for the complex field."""

    field: str
    task: str
    n: int
    t: int
    optimizer: str
    lr: float
    r_min: float
    steps: int
    seed: int
    dtype: str = "float64"
    accumulate_gradients: bool = False
    output: str = "2re"
    weight_decay: float | None = None
    schedule: str = "cosine"
    record_every: int | None = None
    bc_std: float = 1e-3

    def __post_init__(self):
        check_choice("field", self.field, FIELDS)
        check_choice("task", self.task, TASKS)
        check_int("n", self.n, 1)
        check_int("t", self.t, 1)
        optimizers.code(self.optimizer)
        optimizers.check_lr(self.lr)
        if (isinstance(self.r_min, bool) or not isinstance(self.r_min, Real) or not math.isfinite(self.r_min)
                or not 0 <= self.r_min < R_MAX):
            raise InputError(f"r_min: must be a number in [0, {R_MAX}), got {self.r_min!r}")
        check_int("steps", self.steps, 1)
        check_int("seed", self.seed, 0)
        check_choice("dtype", self.dtype, DTYPES)
        if not isinstance(self.accumulate_gradients, bool):
            raise InputError(f"accumulate_gradients: must be a bool, got {self.accumulate_gradients!r}")
        check_choice("output", self.output, OUTPUTS)
        if self.weight_decay is not None:
            optimizers.check_weight_decay(self.weight_decay)
        check_choice("schedule", self.schedule, optimizers.SCHEDULES)
        if self.record_every is not None:
            check_int("record_every", self.record_every, 1)
        if (isinstance(self.bc_std, bool) or not isinstance(self.bc_std, Real) or not math.isfinite(self.bc_std)
                or self.bc_std <= 0):
            raise InputError(f"bc_std: must be a finite number > 0, got {self.bc_std!r}")

    @property
    def effective_weight_decay(self) -> float:
        if self.weight_decay is None:
            return optimizers.default_weight_decay(self.optimizer)
        return float(self.weight_decay)

    @property
    def effective_record_every(self) -> int:
        return max(1, self.steps // 1000) if self.record_every is None else int(self.record_every)

    @property
    def gain(self) -> float:
        """The output factor ``g``: 2 for the complex field with ``output="2re"``, else 1."""
        return 2.0 if self.field == "complex" and self.output == "2re" else 1.0

    def as_dict(self) -> dict:
        """The configuration with defaults resolved (the record written beside each result)."""
        record = asdict(self)
        record.update(n=int(self.n), t=int(self.t), lr=float(self.lr), r_min=float(self.r_min),
                      steps=int(self.steps), seed=int(self.seed), bc_std=float(self.bc_std),
                      weight_decay=self.effective_weight_decay, record_every=self.effective_record_every,
                      output=self.output if self.field == "complex" else "re")
        return record

    def key(self) -> str:
        """A stable hex hash of :meth:`as_dict` (and :data:`CACHE_VERSION`): the run's cache key."""
        text = json.dumps({"cache_version": CACHE_VERSION, **self.as_dict()}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    @classmethod
    def from_dict(cls, record: dict) -> "TrainConfig":
        return cls(**record)


# ---------------------------------------------------------------------------------------------
# parameters


def initial_params(config: TrainConfig) -> dict:
    """The official initialisation (module docstring), drawn from the child stream of ``config.seed``.

    Returns float64 (real field: ``nu, sign, B, C``) or float64/complex128 (complex field:
    ``nu, theta, B, C``) arrays of length ``n``.
    """
    rng = np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=(1,)))
    n = config.n
    r2 = rng.uniform(size=n) * (R_MAX**2 - config.r_min**2) + config.r_min**2
    nu = np.log(-0.5 * np.log(r2))
    if config.field == "real":
        sign = rng.choice(np.array([1.0, -1.0]), size=n)
        B = rng.normal(0.0, config.bc_std, size=n)
        C = rng.normal(0.0, config.bc_std, size=n)
        return {"nu": nu, "sign": sign, "B": B, "C": C}
    theta = rng.uniform(0.0, 2 * np.pi, size=n)

    def complex_normal():
        phase = rng.uniform(0.0, 2 * np.pi, size=n)
        return np.abs(rng.normal(0.0, config.bc_std, size=n)) * np.exp(1j * phase)
    B = complex_normal()
    C = complex_normal()
    return {"nu": nu, "theta": theta, "B": B, "C": C}


def poles(params: dict, field: str) -> np.ndarray:
    """The diagonal ``A`` of parameters ``params`` (float64 or complex128)."""
    nu = np.asarray(params["nu"], dtype=np.float64)
    radius = np.exp(-np.exp(nu))
    if field == "real":
        return np.asarray(params["sign"], dtype=np.float64) * radius
    return radius * np.exp(1j * np.asarray(params["theta"], dtype=np.float64))


def _check_params(params, field: str) -> int:
    check_choice("field", field, FIELDS)
    keys = ("nu", "sign", "B", "C") if field == "real" else ("nu", "theta", "B", "C")
    if not isinstance(params, dict) or any(key not in params for key in keys):
        raise InputError(f"params: expected a dict with keys {', '.join(keys)} for the {field} field")
    n = np.asarray(params["nu"]).shape
    for key in keys:
        value = np.asarray(params[key])
        if value.ndim != 1 or value.shape != n or value.size == 0:
            raise InputError(f"params: {key!r} must be a non-empty vector of the length of 'nu' {n}")
        if not np.all(np.isfinite(value)):
            raise InputError(f"params: {key!r} has non-finite entries")
        if field == "real" and np.iscomplexobj(value):
            raise InputError(f"params: {key!r} must be real for the real field")
    if field == "real" and not np.all(np.abs(np.asarray(params["sign"])) == 1):
        raise InputError("params: 'sign' entries must be +1 or -1")
    return n[0]


def _gain(field: str, output: str) -> float:
    check_choice("output", output, OUTPUTS)
    return 2.0 if field == "complex" and output == "2re" else 1.0


def impulse(params: dict, t: int, field: str, output: str = "2re") -> np.ndarray:
    """The impulse response ``y_1..y_t`` (float64) of the SSM with parameters ``params``."""
    _check_params(params, field)
    t = check_int("t", t, 1)
    weights = np.asarray(params["C"]) * np.asarray(params["B"])
    weights = weights.astype(np.complex128 if field == "complex" else np.float64)
    return _gain(field, output) * kernels.impulse(poles(params, field), weights, t)[0]


def magnitude(params: dict, field: str, output: str = "2re") -> float:
    """``g n max_j |C_j B_j|``: Theorem 2's ``n ||C (.) B||_inf`` in the paper's convention."""
    n = _check_params(params, field)
    weights = np.abs(np.asarray(params["C"], dtype=np.complex128) * np.asarray(params["B"], dtype=np.complex128))
    return _gain(field, output) * n * float(np.max(weights))


# ---------------------------------------------------------------------------------------------
# flat parameter vectors: real [nu, B, C]; complex [nu, theta, Re B, Im B, Re C, Im C]


def _pack(params: dict, field: str, dtype) -> tuple[np.ndarray, np.ndarray]:
    nu = np.asarray(params["nu"], dtype=np.float64)
    if field == "real":
        x = np.concatenate([nu, np.asarray(params["B"], np.float64), np.asarray(params["C"], np.float64)])
        return x.astype(dtype), np.asarray(params["sign"], dtype=dtype)
    B = np.asarray(params["B"], np.complex128)
    C = np.asarray(params["C"], np.complex128)
    x = np.concatenate([nu, np.asarray(params["theta"], np.float64), B.real, B.imag, C.real, C.imag])
    return x.astype(dtype), np.ones(nu.size, dtype=dtype)


def _unpack(x: np.ndarray, sign: np.ndarray, field: str) -> dict:
    x = np.array(x)
    if field == "real":
        nu, B, C = np.split(x, 3)
        return {"nu": nu, "sign": np.array(sign), "B": B, "C": C}
    nu, theta, Br, Bi, Cr, Ci = np.split(x, 6)
    return {"nu": nu, "theta": theta, "B": Br + 1j * Bi, "C": Cr + 1j * Ci}


def _grads_dict(grad: np.ndarray, field: str) -> dict:
    if field == "real":
        nu, B, C = np.split(grad.astype(np.float64), 3)
        return {"nu": nu, "B": B, "C": C}
    nu, theta, Br, Bi, Cr, Ci = np.split(grad.astype(np.float64), 6)
    return {"nu": nu, "theta": theta, "B": Br + 1j * Bi, "C": Cr + 1j * Ci}


# ---------------------------------------------------------------------------------------------
# compiled kernels
#
# A step advances up to LANES runs of one shape at once.  Per-run arrays have a leading run axis r:
# parameters, moments, ``expnu`` (runs, n) the float64 exp(nu), ``poles`` (runs, 2 | 4, n) the poles
# (real: a, a^2; complex: Re a, Im a, Re a^2, Im a^2) and ``res`` (runs, t) the residuals.  Scratch
# shared by the runs, one after the other: ``scratch`` (3, n) float64 for the radii, ``sums`` (2 | 4, n)
# for the Horner sums (S, U or Re S, Im S, Re U, Im U) and ``grad`` for a gradient (the working set of a
# batch stays near the size of a core's L2 cache).  Only the forward power sums
# sum_j p_j a_j^k, reductions over the states that no compiler vectorises without reassociating them,
# run on lanes (numerics.ssm.lanes): ``rows`` is (4, n, LANES) (a, a^2, a^4, p; real) or (6, n, LANES)
# (Re a, Im a, Re a^2, Im a^2, Re p, Im p; complex) with one run per lane, and ``y`` (t, LANES), so
# that every run gets exactly the arithmetic of the scalar loop, in the same order, vectorised over
# the runs.  Lanes beyond the runs, and those of stopped runs, hold zeros.


@numba.njit(cache=True, error_model="numpy")
def _radii(nu, expnu, scratch):
    """``expnu = exp(nu)`` and ``scratch[1] = exp(-exp(nu))``, the radii (float64; ``scratch`` is (3, n))."""
    for j in range(nu.size):
        scratch[0, j] = nu[j]
    exp_into(scratch[0], expnu, scratch[2])
    for j in range(nu.size):
        scratch[0, j] = -expnu[j]
    exp_into(scratch[0], scratch[1], scratch[2])


@numba.njit(cache=True, error_model="numpy")
def _prepare_real(x, sign, poles, expnu, scratch, rows, r):
    """Poles of the real run at ``x`` into ``poles`` (a, a^2), and ``a`` and ``p = C B`` into lane ``r``
    of ``rows`` (a^2 and a^4 follow there in :func:`_powers_real`)."""
    n = sign.size
    a = poles[0]
    a2 = poles[1]
    _radii(x[:n], expnu, scratch)
    for j in range(n):
        a[j] = sign[j] * scratch[1, j]
        a2[j] = a[j] * a[j]
        rows[0, j, r] = a[j]
        rows[3, j, r] = x[n + j] * x[2 * n + j]


@numba.njit(cache=True, error_model="numpy")
def _powers_real(rows):
    """``rows[1] = a^2`` and ``rows[2] = (a^2)^2``, every lane."""
    for j in range(rows.shape[1]):
        a2 = lanes.load(rows[0], j)
        a2 = lanes.mul(a2, a2)
        lanes.store(rows[1], j, a2)
        lanes.store(rows[2], j, lanes.mul(a2, a2))


@numba.njit(cache=True, error_model="numpy")
def _power_sums_real(rows, target, y):
    """``y[k] = sum_j p_j a_j^k - target[:, k]`` in every lane (p overwritten): eight powers per pass,
    each summed over j in order.  ``target`` has a row per run."""
    a, a2, a4, p = rows[0], rows[1], rows[2], rows[3]
    n = a.shape[0]
    runs, t = target.shape
    k = 0
    while k + 7 < t:
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = lanes.splat(0.0)
        for j in range(n):
            aj = lanes.load(a, j)
            a2j = lanes.load(a2, j)
            a4j = lanes.load(a4, j)
            p0 = lanes.load(p, j)
            p2 = lanes.mul(p0, a2j)
            p4 = lanes.mul(p0, a4j)
            p6 = lanes.mul(p4, a2j)
            s0 = lanes.add(s0, lanes.widen(p0))
            s1 = lanes.add(s1, lanes.widen(lanes.mul(p0, aj)))
            s2 = lanes.add(s2, lanes.widen(p2))
            s3 = lanes.add(s3, lanes.widen(lanes.mul(p2, aj)))
            s4 = lanes.add(s4, lanes.widen(p4))
            s5 = lanes.add(s5, lanes.widen(lanes.mul(p4, aj)))
            s6 = lanes.add(s6, lanes.widen(p6))
            s7 = lanes.add(s7, lanes.widen(lanes.mul(p6, aj)))
            lanes.store(p, j, lanes.mul(p4, a4j))
        for r in range(runs):
            y[k, r] = lanes.lane(s0, r) - target[r, k]
            y[k + 1, r] = lanes.lane(s1, r) - target[r, k + 1]
            y[k + 2, r] = lanes.lane(s2, r) - target[r, k + 2]
            y[k + 3, r] = lanes.lane(s3, r) - target[r, k + 3]
            y[k + 4, r] = lanes.lane(s4, r) - target[r, k + 4]
            y[k + 5, r] = lanes.lane(s5, r) - target[r, k + 5]
            y[k + 6, r] = lanes.lane(s6, r) - target[r, k + 6]
            y[k + 7, r] = lanes.lane(s7, r) - target[r, k + 7]
        k += 8
    while k < t:
        s0 = lanes.splat(0.0)
        for j in range(n):
            p0 = lanes.load(p, j)
            s0 = lanes.add(s0, lanes.widen(p0))
            lanes.store(p, j, lanes.mul(p0, lanes.load(a, j)))
        for r in range(runs):
            y[k, r] = lanes.lane(s0, r) - target[r, k]
        k += 1


@numba.njit(cache=True, error_model="numpy")
def _horner_real(a, a2, e, kf, S, U):
    """``S_j = sum_k e_k a_j^k`` and ``U_j = sum_k k e_k a_j^k`` by Horner's rule, four k per pass."""
    n = a.size
    k = e.size - 1
    for j in range(n):
        S[j] = 0.0
        U[j] = 0.0
    while (k + 1) % 4 != 0:
        ek = e[k]
        fk = kf[k] * ek
        for j in range(n):
            S[j] = S[j] * a[j] + ek
            U[j] = U[j] * a[j] + fk
        k -= 1
    while k >= 3:
        e3, e2, e1, e0 = e[k], e[k - 1], e[k - 2], e[k - 3]
        f3, f2, f1, f0 = kf[k] * e3, kf[k - 1] * e2, kf[k - 2] * e1, kf[k - 3] * e0
        for j in range(n):
            aj = a[j]
            bj = a2[j]
            S[j] = S[j] * (bj * bj) + ((e3 * aj + e2) * bj + (e1 * aj + e0))
            U[j] = U[j] * (bj * bj) + ((f3 * aj + f2) * bj + (f1 * aj + f0))
        k -= 4


@numba.njit(cache=True, error_model="numpy")
def _gradient_real(x, kf, poles, expnu, e, sums, grad):
    """The real field's gradient at ``x`` (into ``grad``) from its residuals ``e`` and what
    :func:`_prepare_real` left in ``poles`` and ``expnu`` (``sums``: scratch for S, U)."""
    n = poles.shape[1]
    S = sums[0]
    U = sums[1]
    _horner_real(poles[0], poles[1], e, kf, S, U)
    for j in range(n):
        B = x[n + j]
        C = x[2 * n + j]
        grad[j] = -2.0 * expnu[j] * B * C * U[j]
        grad[n + j] = 2.0 * C * S[j]
        grad[2 * n + j] = 2.0 * B * S[j]


@numba.njit(cache=True, error_model="numpy")
def _prepare_complex(x, poles, expnu, scratch, rows, r):
    """Poles of the complex run at ``x`` = [nu, theta, Re B, Im B, Re C, Im C] into ``poles`` (Re a,
    Im a, Re a^2, Im a^2), and those and ``p = C B`` into lane ``r`` of ``rows``."""
    n = poles.shape[1]
    ar, ai, a2r, a2i = poles[0], poles[1], poles[2], poles[3]
    _radii(x[:n], expnu, scratch)
    for j in range(n):
        radius = scratch[1, j]
        ar[j] = radius * math.cos(x[n + j])
        ai[j] = radius * math.sin(x[n + j])
        a2r[j] = ar[j] * ar[j] - ai[j] * ai[j]
        a2i[j] = 2.0 * ar[j] * ai[j]
        Br = x[2 * n + j]
        Bi = x[3 * n + j]
        Cr = x[4 * n + j]
        Ci = x[5 * n + j]
        rows[0, j, r] = ar[j]
        rows[1, j, r] = ai[j]
        rows[2, j, r] = a2r[j]
        rows[3, j, r] = a2i[j]
        rows[4, j, r] = Cr * Br - Ci * Bi
        rows[5, j, r] = Cr * Bi + Ci * Br


@numba.njit(cache=True, error_model="numpy")
def _power_sums_complex(rows, gain, target, y):
    """``y[k, r] = gain[r] Re(sum_j p_j a_j^k) - target[r, k]`` in every lane (p overwritten), two
    powers per pass."""
    ar, ai, a2r, a2i, pr, pi = rows[0], rows[1], rows[2], rows[3], rows[4], rows[5]
    n = ar.shape[0]
    runs, t = target.shape
    k = 0
    while k + 1 < t:
        s0 = s1 = lanes.splat(0.0)
        for j in range(n):
            qr = lanes.load(pr, j)
            qi = lanes.load(pi, j)
            a2rj = lanes.load(a2r, j)
            a2ij = lanes.load(a2i, j)
            s0 = lanes.add(s0, lanes.widen(qr))
            s1 = lanes.add(s1, lanes.widen(lanes.sub(lanes.mul(qr, lanes.load(ar, j)),
                                                     lanes.mul(qi, lanes.load(ai, j)))))
            lanes.store(pr, j, lanes.sub(lanes.mul(qr, a2rj), lanes.mul(qi, a2ij)))
            lanes.store(pi, j, lanes.add(lanes.mul(qr, a2ij), lanes.mul(qi, a2rj)))
        for r in range(runs):
            y[k, r] = gain[r] * lanes.lane(s0, r) - target[r, k]
            y[k + 1, r] = gain[r] * lanes.lane(s1, r) - target[r, k + 1]
        k += 2
    if k < t:
        s0 = lanes.splat(0.0)
        for j in range(n):
            s0 = lanes.add(s0, lanes.widen(lanes.load(pr, j)))
        for r in range(runs):
            y[k, r] = gain[r] * lanes.lane(s0, r) - target[r, k]


@numba.njit(cache=True, error_model="numpy")
def _horner_complex(ar, ai, a2r, a2i, e, kf, Sr, Si, Ur, Ui):
    """``S_j = sum_k e_k a_j^k``, ``U_j = sum_k k e_k a_j^k`` (complex, by Horner), two k per pass."""
    n = ar.size
    k = e.size - 1
    for j in range(n):
        Sr[j] = 0.0
        Si[j] = 0.0
        Ur[j] = 0.0
        Ui[j] = 0.0
    if k % 2 == 0:
        for j in range(n):
            Sr[j] = e[k]
            Ur[j] = kf[k] * e[k]
        k -= 1
    while k >= 1:
        e1 = e[k]
        e0 = e[k - 1]
        f1 = kf[k] * e1
        f0 = kf[k - 1] * e0
        for j in range(n):
            xr = Sr[j]
            xi = Si[j]
            Sr[j] = xr * a2r[j] - xi * a2i[j] + e1 * ar[j] + e0
            Si[j] = xr * a2i[j] + xi * a2r[j] + e1 * ai[j]
            xr = Ur[j]
            xi = Ui[j]
            Ur[j] = xr * a2r[j] - xi * a2i[j] + f1 * ar[j] + f0
            Ui[j] = xr * a2i[j] + xi * a2r[j] + f1 * ai[j]
        k -= 2


@numba.njit(cache=True, error_model="numpy")
def _gradient_complex(x, gain, kf, poles, expnu, e, sums, grad):
    """The complex field's gradient at ``x`` (into ``grad``) from its residuals ``e`` and what
    :func:`_prepare_complex` left in ``poles`` and ``expnu`` (``sums``: scratch for S, U)."""
    n = poles.shape[1]
    Sr, Si, Ur, Ui = sums[0], sums[1], sums[2], sums[3]
    _horner_complex(poles[0], poles[1], poles[2], poles[3], e, kf, Sr, Si, Ur, Ui)
    g2 = 2.0 * gain
    for j in range(n):
        Br = x[2 * n + j]
        Bi = x[3 * n + j]
        Cr = x[4 * n + j]
        Ci = x[5 * n + j]
        wr = Cr * Br - Ci * Bi
        wi = Cr * Bi + Ci * Br
        wUr = wr * Ur[j] - wi * Ui[j]
        wUi = wr * Ui[j] + wi * Ur[j]
        grad[j] = -g2 * expnu[j] * wUr
        grad[n + j] = -g2 * wUi
        grad[2 * n + j] = g2 * (Cr * Sr[j] - Ci * Si[j])
        grad[3 * n + j] = -g2 * (Cr * Si[j] + Ci * Sr[j])
        grad[4 * n + j] = g2 * (Br * Sr[j] - Bi * Si[j])
        grad[5 * n + j] = -g2 * (Br * Si[j] + Bi * Sr[j])


@numba.njit(cache=True, error_model="numpy")
def _losses(is_complex, xs, cur, sign, gain, target, poles, expnu, scratch, rows, y, res, alive, losses):
    """For every run ``r`` with ``alive[r]``: its loss at the parameters ``xs[r, cur[r]]`` into
    ``losses[r]``, its residuals into ``res[r]``, and what :func:`_gradient` needs into ``poles[r]`` and
    ``expnu[r]`` (``sign``, ``target`` and the rest have a row per run)."""
    runs = xs.shape[0]
    t = target.shape[1]
    for r in range(runs):
        if alive[r]:
            if is_complex:
                _prepare_complex(xs[r, cur[r]], poles[r], expnu[r], scratch, rows, r)
            else:
                _prepare_real(xs[r, cur[r]], sign[r], poles[r], expnu[r], scratch, rows, r)
    if is_complex:
        _power_sums_complex(rows, gain, target, y)
    else:
        _powers_real(rows)
        _power_sums_real(rows, target, y)
    for r in range(runs):
        if alive[r]:
            e = res[r]
            loss = 0.0
            for k in range(t):
                e[k] = y[k, r]
                loss += e[k] * e[k]
            losses[r] = loss


@numba.njit(cache=True, error_model="numpy")
def _gradient(is_complex, x, gain, kf, poles, expnu, e, sums, grad):
    """The gradient (into ``grad``) of the run at ``x`` whose :func:`_losses` left ``poles``, ``expnu``
    and the residuals ``e``."""
    if is_complex:
        _gradient_complex(x, gain, kf, poles, expnu, e, sums, grad)
    else:
        _gradient_real(x, kf, poles, expnu, e, sums, grad)


@numba.njit(cache=True, error_model="numpy")
def _magnitude_flat(is_complex, x, n, gain):
    best = 0.0
    for j in range(n):
        if is_complex:
            value = math.hypot(x[2 * n + j], x[3 * n + j]) * math.hypot(x[4 * n + j], x[5 * n + j])
        else:
            value = abs(x[n + j] * x[2 * n + j])
        best = max(best, value)
    return gain * n * best


@numba.njit(cache=True, error_model="numpy")
def _run_steps(is_complex, xs, slot, sign, gain, target, target_l1, kf, poles, expnu, scratch, rows, y, res, sums,
               grad, gsum, m, v,
               first, last, total, lr0, cosine, kind, weight_decay, accumulate, beta1, beta2, eps,
               record_every, state, alive, losses, rec_step, records):
    """Steps ``first..last-1`` of runs of ``total`` steps (one row of each array per run).

    Each run has three parameter vectors ``xs[r]``: ``slot[r]`` = [the current parameters, a free
    vector, the best parameters so far]; a step writes its update into the free vector and the slots
    turn, so that keeping the best parameters costs no copy.  ``state[r]`` = [running minimum of the
    loss, number of records so far, running minimum of the normalised l1 error] (float64).  At the
    steps ``k`` with ``k % record_every == 0`` and at ``k = total - 1``, ``rec_step[r]`` gets ``k`` and
    the columns of ``records[r]`` get the loss, its running minimum, the magnitude and the normalised
    l1 error.  A run whose loss becomes non-finite stops there (its current parameters are those of
    that loss): ``alive[r]`` becomes False and its lane of ``rows`` is cleared.  Returns when every run
    has stopped or at step ``last``.
    """
    runs = xs.shape[0]
    n = expnu.shape[1]
    t = target.shape[1]
    for k in range(first, last):
        _losses(is_complex, xs, slot[:, 0], sign, gain, target, poles, expnu, scratch, rows, y, res, alive, losses)
        running = 0
        for r in range(runs):
            if not alive[r]:
                continue
            loss = losses[r]
            if not math.isfinite(loss):
                alive[r] = False
                rows[:, :, r] = 0.0
                continue
            running += 1
            current, free, best = slot[r, 0], slot[r, 1], slot[r, 2]
            x = xs[r, current]
            _gradient(is_complex, x, gain[r], kf, poles[r], expnu[r], res[r], sums, grad)
            l1 = 0.0
            for i in range(t):
                l1 += abs(res[r, i])
            l1 /= target_l1[r]
            state[r, 2] = min(state[r, 2], l1)
            improved = loss < state[r, 0]
            if improved:
                state[r, 0] = loss
            if k % record_every == 0 or k == total - 1:
                count = int(state[r, 1])
                rec_step[r, count] = k
                records[r, 0, count] = loss
                records[r, 1, count] = state[r, 0]
                records[r, 2, count] = _magnitude_flat(is_complex, x, n, gain[r])
                records[r, 3, count] = l1
                state[r, 1] = count + 1
            if accumulate[r]:
                gsum[r, :] += grad
                g = gsum[r]
            else:
                g = grad
            lr = optimizers.scheduled_lr(lr0[r], k, total, cosine[r])
            optimizers.update(kind[r], x, g, m[r], v[r], k + 1, lr, weight_decay[r], beta1, beta2, eps, xs[r, free])
            if improved:    # x is the best so far: keep it; the former best becomes free
                slot[r, 0], slot[r, 1], slot[r, 2] = free, best, current
            else:
                slot[r, 0], slot[r, 1] = free, current
        if running == 0:
            return


def _workspace(field: str, n: int, t: int, dtype, runs: int) -> dict:
    """Scratch arrays of the compiled loss/gradient for ``runs`` runs of one shape."""
    is_complex = field == "complex"
    return {"is_complex": is_complex, "poles": np.zeros((runs, 4 if is_complex else 2, n), dtype=dtype),
            "expnu": np.zeros((runs, n)), "scratch": np.zeros((3, n)),
            "rows": np.zeros((6 if is_complex else 4, n, LANES), dtype=dtype),
            "y": np.zeros((t, LANES), dtype=dtype), "res": np.zeros((runs, t), dtype=dtype),
            "sums": np.zeros((4 if is_complex else 2, n), dtype=dtype), "kf": np.arange(t, dtype=dtype),
            "grad": np.zeros((6 if is_complex else 3) * n, dtype=dtype)}


def _check_target(target, t_expected: int | None = None) -> np.ndarray:
    target = np.asarray(target, dtype=np.float64) if not hasattr(target, "values") else target.values()
    target = np.asarray(target, dtype=np.float64)
    if target.ndim != 1 or target.size == 0 or not np.all(np.isfinite(target)):
        raise InputError("target: must be a non-empty finite real vector")
    if t_expected is not None and target.size != t_expected:
        raise InputError(f"target: expected length {t_expected}, got {target.size}")
    return target


def loss_and_grad(params: dict, target, field, output: str | None = None) -> tuple[float, dict]:
    """``(l, grads)`` of the Appendix C loss ``||y - target||^2`` in the (nu, theta/sign, B, C)
    parameterisation, float64, by the closed forms of the module docstring.

    ``field`` is "real", "complex" or a :class:`TrainConfig` (whose field and output are used).
    ``grads`` has keys ``nu, B, C`` (real) or ``nu, theta, B, C`` (complex, where
    ``grads["B"] = dl/dRe B + i dl/dIm B``).  ``target`` is a vector ``phi_1..phi_t`` (or a
    :class:`~numerics.ssm.targets.Target`).
    """
    if isinstance(field, TrainConfig):
        output = field.output if output is None else output
        field = field.field
    output = "2re" if output is None else output
    _check_params(params, field)
    gain = _gain(field, output)
    target = _check_target(target)
    x, sign = _pack(params, field, np.float64)
    space = _workspace(field, sign.size, target.size, np.float64, 1)
    losses = np.zeros(1)
    _losses(space["is_complex"], x[None, None], np.zeros(1, dtype=np.int64), sign[None], np.array([gain]), target[None],
            space["poles"], space["expnu"], space["scratch"], space["rows"], space["y"], space["res"],
            np.ones(1, dtype=np.bool_), losses)
    _gradient(space["is_complex"], x, gain, space["kf"], space["poles"][0], space["expnu"][0], space["res"][0],
              space["sums"], space["grad"])
    return float(losses[0]), _grads_dict(space["grad"], field)


def _check_real_vector(name: str, value) -> np.ndarray:
    array = np.asarray(value)
    if np.iscomplexobj(array):
        raise InputError(f"{name}: direct_loss_grad takes a real SSM; got complex entries")
    array = np.asarray(array, dtype=np.float64)
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise InputError(f"{name}: must be a non-empty finite real vector")
    return array


@numba.njit(cache=True, error_model="numpy")
def _direct_kernel(A, B, C, target):
    n = A.size
    t = target.size
    e = np.zeros(t)
    for j in range(n):
        p = B[j] * C[j]
        for k in range(t):
            e[k] += p
            p *= A[j]
    loss = 0.0
    for k in range(t):
        e[k] -= target[k]
        loss += e[k] * e[k]
    dA = np.zeros(n)
    dB = np.zeros(n)
    dC = np.zeros(n)
    for j in range(n):
        S = 0.0
        T = 0.0
        for kk in range(t):
            k = t - 1 - kk
            S = S * A[j] + e[k]
            if k >= 1:
                T = T * A[j] + k * e[k]
        dA[j] = 2.0 * B[j] * C[j] * T
        dB[j] = 2.0 * C[j] * S
        dC[j] = 2.0 * B[j] * S
    return loss, dA, dB, dC


def direct_loss_grad(A, B, C, target) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """``(l, dl/dA, dl/dB, dl/dC)`` for a real diagonal SSM in direct parameters, float64.

    ``l = sum_{k=1}^t (sum_j C_j A_j^(k-1) B_j - target_k)^2`` (Appendix C's loss; no stability
    requirement on ``A``).
    """
    A = _check_real_vector("A", A)
    B = _check_real_vector("B", B)
    C = _check_real_vector("C", C)
    if not A.size == B.size == C.size:
        raise InputError(f"A, B, C: lengths differ ({A.size}, {B.size}, {C.size})")
    target = _check_target(target)
    loss, dA, dB, dC = _direct_kernel(A, B, C, target)
    return float(loss), dA, dB, dC


# ---------------------------------------------------------------------------------------------
# training


@dataclass(frozen=True, eq=False)
class TrainResult:
    """The record of one run (all values float64 arithmetic, or float32 with ``dtype="float32"``).

    ``steps`` are the recorded 0-based step indices; ``loss[i]`` is the loss evaluated at step
    ``steps[i]`` (before that step's update), ``running_min[i]`` the minimum over steps
    ``0..steps[i]``, ``magnitude[i]`` ``g n ||C (.) B||_inf`` and ``eps_l1[i]`` the normalised l1 error
    ``||y - phi||_1 / ||phi||_1`` at that step; ``min_eps_l1`` is the minimum of the normalised l1
    error over all steps (attained at parameters that need not be the best ones in l2).  ``best_*`` describe the
    parameters that reached the running minimum over the whole run: ``best_eps_l1`` is
    ``||y - phi||_1 / ||phi||_1`` (float64 evaluation; 1 for the zero mapping).  ``params`` are the
    parameters after the last update, ``final_loss`` their loss (float64 evaluation).
    ``diverged`` is True when a loss became non-finite (training stopped there).
    """

    config: TrainConfig
    steps: np.ndarray
    loss: np.ndarray
    running_min: np.ndarray
    magnitude: np.ndarray
    eps_l1: np.ndarray
    min_eps_l1: float
    best_loss: float
    best_eps_l1: float
    best_magnitude: float
    final_loss: float
    params: dict = dc_field(repr=False)
    best_params: dict = dc_field(repr=False)
    seconds: float = 0.0
    diverged: bool = False

    @property
    def seed(self) -> int:
        return self.config.seed

    @property
    def obtained(self) -> str:
        """How the numbers were obtained."""
        if self.config.dtype == "float32":
            return "float32 training; best_eps_l1, best_magnitude and final_loss evaluated in float64"
        return "float64"

    def summary(self) -> dict:
        """A JSON-friendly record: the configuration (``config`` with defaults resolved, ``fields`` as
        given), its key, the scalar results and how they were obtained."""
        return {"config": self.config.as_dict(), "fields": asdict(self.config), "key": self.config.key(),
                "best_loss": self.best_loss, "min_eps_l1": self.min_eps_l1,
                "best_eps_l1": self.best_eps_l1, "best_magnitude": self.best_magnitude,
                "final_loss": self.final_loss, "seconds": self.seconds, "diverged": self.diverged,
                "seed": self.seed, "obtained": self.obtained}

    def to_files(self, stem) -> tuple[Path, Path]:
        """Write ``stem.npz`` (arrays) and ``stem.json`` (:meth:`summary`) atomically.

        The JSON is renamed into place last, so its presence marks a complete record.
        """
        arrays = {"steps": self.steps, "loss": self.loss, "running_min": self.running_min,
                  "magnitude": self.magnitude, "eps_l1": self.eps_l1}
        arrays.update({f"params_{k}": v for k, v in self.params.items()})
        arrays.update({f"best_params_{k}": v for k, v in self.best_params.items()})
        return write_record(stem, arrays, self.summary())

    @classmethod
    def load(cls, stem) -> "TrainResult":
        """Read a record written by :meth:`to_files`."""
        summary, arrays = read_record(stem)
        params = {k[len("params_"):]: v for k, v in arrays.items() if k.startswith("params_")}
        best = {k[len("best_params_"):]: v for k, v in arrays.items() if k.startswith("best_params_")}
        return cls(config=TrainConfig.from_dict(summary["fields"]), steps=arrays["steps"], loss=arrays["loss"],
                   running_min=arrays["running_min"], magnitude=arrays["magnitude"], eps_l1=arrays["eps_l1"],
                   min_eps_l1=summary["min_eps_l1"],
                   best_loss=summary["best_loss"], best_eps_l1=summary["best_eps_l1"],
                   best_magnitude=summary["best_magnitude"], final_loss=summary["final_loss"],
                   params=params, best_params=best, seconds=summary["seconds"], diverged=summary["diverged"])


def target_values(config: TrainConfig) -> np.ndarray:
    """The l2-normalised target of ``config`` (float64), as the official code uses it."""
    return make_target(config.task, config.t, normalized=True, seed=config.seed).values()


def step_cost(config: TrainConfig) -> int:
    """A rough cost of one step in nanoseconds: about ``n t`` (three times that for the complex
    field) plus a fixed part; sweeps start their most expensive runs first by it."""
    return config.n * config.t * (3 if config.field == "complex" else 1) + 500


def batch_key(config: TrainConfig) -> tuple:
    """What the runs of one :func:`train_batch` share: field, ``n``, ``t``, steps, dtype and record
    interval (optimizer, rate, schedule, task, seed, output and the rest may differ)."""
    return (config.field, config.n, config.t, config.steps, config.dtype, config.effective_record_every)


def _check_batch(configs) -> list[TrainConfig]:
    configs = list(configs) if not isinstance(configs, TrainConfig) else [configs]
    if not 1 <= len(configs) <= LANES:
        raise InputError(f"configs: expected 1 to {LANES} runs, got {len(configs)}")
    for index, config in enumerate(configs):
        if not isinstance(config, TrainConfig):
            raise InputError(f"configs: entry {index} is a {type(config).__name__}, not a TrainConfig")
        if batch_key(config) != batch_key(configs[0]):
            raise InputError(f"configs: entry {index} differs from entry 0 in field, n, t, steps, dtype or "
                             f"record interval ({batch_key(config)} against {batch_key(configs[0])})")
    return configs


def _chunk_size(config: TrainConfig, runs: int = 1) -> int:
    """Steps per compiled call for ``runs`` runs like ``config``: about 0.1-0.3 s by :func:`step_cost`,
    so that progress and Ctrl-C stay responsive."""
    return max(1, min(config.steps, 250_000_000 // (runs * step_cost(config))))


def train(config: TrainConfig, progress: bool | Callable[[int], None] = False) -> TrainResult:
    """Run the training of ``config``; see the module docstring.

    ``progress``: True shows a tqdm bar over steps; a callable is called with the number of steps
    just completed after each compiled chunk (it may raise to abort the run).  A batch of one run of
    :func:`train_batch`.
    """
    if not isinstance(config, TrainConfig):
        raise InputError(f"config: expected a TrainConfig, got {type(config).__name__}")
    return train_batch([config], progress)[0]


def train_batch(configs, progress: bool | Callable[[int], None] = False) -> list[TrainResult]:
    """Train up to :data:`LANES` runs with one :func:`batch_key` side by side, in one compiled loop;
    results in the order of ``configs`` (a list of :class:`TrainConfig`, or one), each bit-identical to
    :func:`train` of that run alone.

    Each run keeps its own parameters, moments, records and divergence; only the forward power sums
    are computed for all of them at once (one run per lane, :mod:`numerics.ssm.lanes`), by the
    arithmetic of a single run.  ``seconds`` of each result is the batch's wall time divided by the
    number of runs.  ``progress`` as in :func:`train`, counting the steps of each run.
    """
    configs = _check_batch(configs)
    first_config = configs[0]
    runs, n, t, steps = len(configs), first_config.n, first_config.t, first_config.steps
    field = first_config.field
    start = time.perf_counter()
    dtype = np.dtype(first_config.dtype)
    targets64 = np.stack([target_values(config) for config in configs])
    target = targets64.astype(dtype)
    packed = [_pack(initial_params(config), field, dtype) for config in configs]
    x0 = np.stack([p[0] for p in packed])
    sign = np.stack([p[1] for p in packed])
    space = _workspace(field, n, t, dtype, runs)
    gsum, m, v = np.zeros_like(x0), np.zeros_like(x0), np.zeros_like(x0)
    xs = np.stack([x0, np.zeros_like(x0), x0], axis=1)    # current, free, best (module _run_steps)
    slot = np.tile(np.arange(3, dtype=np.int64), (runs, 1))
    every = first_config.effective_record_every
    records = (steps - 1) // every + 1 + (1 if (steps - 1) % every else 0)
    rec_step = np.zeros((runs, records), dtype=np.int64)
    rec = np.zeros((runs, 4, records))
    state = np.tile(np.array([np.inf, 0.0, np.inf]), (runs, 1))
    alive = np.ones(runs, dtype=np.bool_)
    losses = np.zeros(runs)
    target_l1 = np.sum(np.abs(targets64), axis=1)
    per_run = {"gain": np.array([config.gain for config in configs]),
               "lr0": np.array([config.lr for config in configs]),
               "cosine": np.array([config.schedule == "cosine" for config in configs]),
               "kind": np.array([optimizers.code(config.optimizer) for config in configs], dtype=np.int64),
               "weight_decay": np.array([config.effective_weight_decay for config in configs]),
               "accumulate": np.array([config.accumulate_gradients for config in configs])}
    bar = None
    report = progress if callable(progress) else None
    if progress is True:
        from tqdm.auto import tqdm
        bar = tqdm(total=steps, desc="steps", unit="step", disable=None, leave=False)
        report = bar.update
    chunk = _chunk_size(first_config, runs)
    try:
        for first in range(0, steps, chunk):
            last = min(steps, first + chunk)
            _run_steps(space["is_complex"], xs, slot, sign, per_run["gain"], target, target_l1,
                       space["kf"], space["poles"], space["expnu"], space["scratch"], space["rows"], space["y"],
                       space["res"], space["sums"], space["grad"], gsum, m, v,
                       first, last, steps, per_run["lr0"], per_run["cosine"], per_run["kind"],
                       per_run["weight_decay"], per_run["accumulate"], optimizers.BETAS[0], optimizers.BETAS[1],
                       optimizers.EPS, every, state, alive, losses, rec_step, rec)
            if report is not None:
                report(last - first)
            if not alive.any():
                break
    finally:
        if bar is not None:
            bar.close()
    seconds = (time.perf_counter() - start) / runs
    return [_result(config, xs[r, slot[r, 0]], sign[r], xs[r, slot[r, 2]], targets64[r], rec_step[r], rec[r],
                    state[r], bool(alive[r]), seconds)
            for r, config in enumerate(configs)]


def _result(config: TrainConfig, x, sign, best_x, target64, rec_step, rec, state, alive: bool,
            seconds: float) -> TrainResult:
    """The :class:`TrainResult` of one run of :func:`train_batch` from its rows of the batch's arrays."""
    count = int(state[1])
    target_l1 = float(np.sum(np.abs(target64)))
    best_params = _unpack(best_x.astype(np.float64), sign, config.field)
    best_y = impulse(best_params, config.t, config.field, config.output)
    final_loss = math.inf
    if alive:
        final_y = impulse(_unpack(x.astype(np.float64), sign, config.field), config.t, config.field, config.output)
        final_loss = float(np.sum((final_y - target64) ** 2))
    return TrainResult(
        config=config, steps=rec_step[:count].copy(), loss=rec[0, :count].copy(), running_min=rec[1, :count].copy(),
        magnitude=rec[2, :count].copy(), eps_l1=rec[3, :count].copy(), min_eps_l1=float(state[2]),
        best_loss=float(state[0]),
        best_eps_l1=float(np.sum(np.abs(best_y - target64)) / target_l1),
        best_magnitude=magnitude(best_params, config.field, config.output), final_loss=final_loss,
        params=_unpack(x, sign, config.field), best_params=_unpack(best_x, sign, config.field),
        seconds=seconds, diverged=not alive)
