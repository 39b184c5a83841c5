"""Training diagonal SSMs on the Appendix C loss, as the experiments of Ran-Milo et al. (2024) do.

**API** (as agreed, with these additions): :class:`TrainConfig` also has ``bc_std`` (the
official ``BC_std``, default 1e-3); :class:`TrainResult` also has ``eps_l1`` (normalised l1 error
at the recorded steps), ``min_eps_l1`` (its minimum over all steps), ``final_loss``,
``best_params``, ``diverged`` and ``obtained``, and ``seed`` is a property
(``= config.seed``); ``TrainResult.to_files(stem)`` / ``TrainResult.load(stem)`` write and read
``stem.npz`` + ``stem.json``; ``loss_and_grad(params, target, field_or_config, output=None)``;
:func:`poles`, :func:`magnitude` and :func:`target_values` are public helpers.

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
cache, and a run must give the same numbers in every process.  One step at n = 1024, t = 32 costs
about 25 microseconds, over 100 times less than the official torch step; see
``bench/training_bench.py``.

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

from ..ssm import kernels
from ..ssm.elementary import exp_into
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


@numba.njit(cache=True, error_model="numpy")
def _radii(nu, wide):
    """``wide[1] = exp(nu)`` and ``wide[2] = exp(-exp(nu))`` (float64; ``wide`` is (4, n))."""
    for j in range(nu.size):
        wide[0, j] = nu[j]
    exp_into(wide[0], wide[1], wide[3])
    for j in range(nu.size):
        wide[0, j] = -wide[1, j]
    exp_into(wide[0], wide[2], wide[3])


@numba.njit(cache=True, error_model="numpy")
def _power_sums_real(a, a2, a4, p, target, y):
    """``y[k] = sum_j p_j a_j^k - target[k]`` (p overwritten), eight powers per pass (eight
    independent accumulators, each summing over j in order); returns ``sum_k y_k^2``."""
    n = a.size
    t = target.size
    k = 0
    while k + 7 < t:
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0.0
        for j in range(n):
            aj = a[j]
            p0 = p[j]
            p2 = p0 * a2[j]
            p4 = p0 * a4[j]
            p6 = p4 * a2[j]
            s0 += p0
            s1 += p0 * aj
            s2 += p2
            s3 += p2 * aj
            s4 += p4
            s5 += p4 * aj
            s6 += p6
            s7 += p6 * aj
            p[j] = p4 * a4[j]
        y[k] = s0 - target[k]
        y[k + 1] = s1 - target[k + 1]
        y[k + 2] = s2 - target[k + 2]
        y[k + 3] = s3 - target[k + 3]
        y[k + 4] = s4 - target[k + 4]
        y[k + 5] = s5 - target[k + 5]
        y[k + 6] = s6 - target[k + 6]
        y[k + 7] = s7 - target[k + 7]
        k += 8
    while k < t:
        acc = 0.0
        for j in range(n):
            acc += p[j]
            p[j] = p[j] * a[j]
        y[k] = acc - target[k]
        k += 1
    loss = 0.0
    for k in range(t):
        loss += y[k] * y[k]
    return loss


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
def _loss_grad_real(x, sign, target, kf, work, wide, y, grad):
    """Loss and gradient (into ``grad``) of the real field at the flat parameters ``x``.

    ``work`` is a (6, n) scratch array of the dtype of ``x``, ``wide`` a (4, n) float64 one, ``y``
    a length-t scratch vector, ``kf[k] = k``.
    """
    n = sign.size
    a = work[0]
    a2 = work[1]
    a4 = work[2]
    p = work[3]
    S = work[4]
    U = work[5]
    _radii(x[:n], wide)
    for j in range(n):
        a[j] = sign[j] * wide[2, j]
        a2[j] = a[j] * a[j]
        a4[j] = a2[j] * a2[j]
        p[j] = x[n + j] * x[2 * n + j]
    loss = _power_sums_real(a, a2, a4, p, target, y)
    _horner_real(a, a2, y, kf, S, U)
    for j in range(n):
        B = x[n + j]
        C = x[2 * n + j]
        grad[j] = -2.0 * wide[1, j] * B * C * U[j]
        grad[n + j] = 2.0 * C * S[j]
        grad[2 * n + j] = 2.0 * B * S[j]
    return loss


@numba.njit(cache=True, error_model="numpy")
def _power_sums_complex(ar, ai, a2r, a2i, pr, pi, gain, target, y):
    """``y[k] = gain Re(sum_j p_j a_j^k) - target[k]`` (p overwritten), two powers per pass."""
    n = ar.size
    t = target.size
    k = 0
    while k + 1 < t:
        acc0 = 0.0
        acc1 = 0.0
        for j in range(n):
            qr = pr[j]
            qi = pi[j]
            acc0 += qr
            acc1 += qr * ar[j] - qi * ai[j]
            pr[j] = qr * a2r[j] - qi * a2i[j]
            pi[j] = qr * a2i[j] + qi * a2r[j]
        y[k] = gain * acc0 - target[k]
        y[k + 1] = gain * acc1 - target[k + 1]
        k += 2
    if k < t:
        acc = 0.0
        for j in range(n):
            acc += pr[j]
        y[k] = gain * acc - target[k]
    loss = 0.0
    for k in range(t):
        loss += y[k] * y[k]
    return loss


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
def _loss_grad_complex(x, gain, target, kf, work, wide, y, grad):
    """Loss and gradient of the complex field at ``x`` = [nu, theta, Re B, Im B, Re C, Im C].

    ``work`` is a (10, n) scratch array of the dtype of ``x``, ``wide`` a (4, n) float64 one.
    """
    n = work.shape[1]
    ar, ai, a2r, a2i, pr, pi, Sr, Si, Ur, Ui = work[0], work[1], work[2], work[3], work[4], work[5], \
        work[6], work[7], work[8], work[9]
    _radii(x[:n], wide)
    for j in range(n):
        r = wide[2, j]
        ar[j] = r * math.cos(x[n + j])
        ai[j] = r * math.sin(x[n + j])
        a2r[j] = ar[j] * ar[j] - ai[j] * ai[j]
        a2i[j] = 2.0 * ar[j] * ai[j]
        Br = x[2 * n + j]
        Bi = x[3 * n + j]
        Cr = x[4 * n + j]
        Ci = x[5 * n + j]
        pr[j] = Cr * Br - Ci * Bi
        pi[j] = Cr * Bi + Ci * Br
    loss = _power_sums_complex(ar, ai, a2r, a2i, pr, pi, gain, target, y)
    _horner_complex(ar, ai, a2r, a2i, y, kf, Sr, Si, Ur, Ui)
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
        grad[j] = -g2 * wide[1, j] * wUr
        grad[n + j] = -g2 * wUi
        grad[2 * n + j] = g2 * (Cr * Sr[j] - Ci * Si[j])
        grad[3 * n + j] = -g2 * (Cr * Si[j] + Ci * Sr[j])
        grad[4 * n + j] = g2 * (Br * Sr[j] - Bi * Si[j])
        grad[5 * n + j] = -g2 * (Br * Si[j] + Bi * Sr[j])
    return loss


@numba.njit(cache=True, error_model="numpy")
def _loss_grad(is_complex, x, sign, gain, target, kf, work, wide, y, grad):
    if is_complex:
        return _loss_grad_complex(x, gain, target, kf, work, wide, y, grad)
    return _loss_grad_real(x, sign, target, kf, work, wide, y, grad)


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
def _run_steps(is_complex, x, sign, gain, target, target_l1, kf, work, wide, y, grad, gsum, m, v, best_x,
               first, last, total, lr0, cosine, kind, weight_decay, accumulate, beta1, beta2, eps,
               record_every, state, rec_step, records):
    """Steps ``first..last-1`` of a run of ``total`` steps.

    ``state`` = [running minimum of the loss, number of records so far, running minimum of the
    normalised l1 error] (float64).  At the steps ``k`` with ``k % record_every == 0`` and at
    ``k = total - 1``, ``rec_step`` gets ``k`` and the columns of ``records`` get the loss, its
    running minimum, the magnitude and the normalised l1 error.  Returns 1 if the loss became
    non-finite (the run stops there), else 0.
    """
    count = int(state[1])
    for k in range(first, last):
        loss = _loss_grad(is_complex, x, sign, gain, target, kf, work, wide, y, grad)
        if not math.isfinite(loss):
            return 1
        l1 = 0.0
        for i in range(y.size):
            l1 += abs(y[i])
        l1 /= target_l1
        state[2] = min(state[2], l1)
        if loss < state[0]:
            state[0] = loss
            best_x[:] = x
        if k % record_every == 0 or k == total - 1:
            rec_step[count] = k
            records[0, count] = loss
            records[1, count] = state[0]
            records[2, count] = _magnitude_flat(is_complex, x, sign.size, gain)
            records[3, count] = l1
            count += 1
            state[1] = count
        if accumulate:
            for i in range(grad.size):
                gsum[i] += grad[i]
            g = gsum
        else:
            g = grad
        lr = optimizers.scheduled_lr(lr0, k, total, cosine)
        optimizers.update(kind, x, g, m, v, k + 1, lr, weight_decay, beta1, beta2, eps)
    return 0


class _Workspace:
    """Scratch arrays of the compiled loss/gradient for one parameter shape."""

    def __init__(self, field: str, n: int, t: int, dtype):
        self.is_complex = field == "complex"
        self.work = np.zeros((10 if self.is_complex else 6, n), dtype=dtype)
        self.wide = np.zeros((4, n))
        self.y = np.zeros(t, dtype=dtype)
        self.kf = np.arange(t, dtype=dtype)
        self.grad = np.zeros((6 if self.is_complex else 3) * n, dtype=dtype)


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
    space = _Workspace(field, sign.size, target.size, np.float64)
    loss = _loss_grad(space.is_complex, x, sign, gain, target, space.kf, space.work, space.wide, space.y, space.grad)
    return float(loss), _grads_dict(space.grad, field)


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


def _chunk_size(config: TrainConfig) -> int:
    """Steps per compiled call: about 0.1-0.3 s by :func:`step_cost`, so that progress and Ctrl-C
    stay responsive."""
    return max(1, min(config.steps, 250_000_000 // step_cost(config)))


def train(config: TrainConfig, progress: bool | Callable[[int], None] = False) -> TrainResult:
    """Run the training of ``config``; see the module docstring.

    ``progress``: True shows a tqdm bar over steps; a callable is called with the number of steps
    just completed after each compiled chunk (it may raise to abort the run).
    """
    if not isinstance(config, TrainConfig):
        raise InputError(f"config: expected a TrainConfig, got {type(config).__name__}")
    start = time.perf_counter()
    dtype = np.dtype(config.dtype)
    params0 = initial_params(config)
    target64 = target_values(config)
    target = target64.astype(dtype)
    x, sign = _pack(params0, config.field, dtype)
    space = _Workspace(config.field, config.n, config.t, dtype)
    gsum = np.zeros_like(x)
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    best_x = x.copy()
    every = config.effective_record_every
    records = (config.steps - 1) // every + 1 + (1 if (config.steps - 1) % every else 0)
    rec_step = np.zeros(records, dtype=np.int64)
    rec = np.zeros((4, records))
    state = np.array([np.inf, 0.0, np.inf])
    target_l1 = float(np.sum(np.abs(target64)))
    bar = None
    report = progress if callable(progress) else None
    if progress is True:
        from tqdm.auto import tqdm
        bar = tqdm(total=config.steps, desc="steps", unit="step", disable=None, leave=False)
        report = bar.update
    chunk = _chunk_size(config)
    diverged = False
    try:
        for first in range(0, config.steps, chunk):
            last = min(config.steps, first + chunk)
            status = _run_steps(space.is_complex, x, sign, config.gain, target, target_l1, space.kf, space.work,
                                space.wide, space.y,
                                space.grad, gsum, m, v, best_x, first, last, config.steps, config.lr,
                                config.schedule == "cosine", optimizers.code(config.optimizer),
                                config.effective_weight_decay, config.accumulate_gradients,
                                optimizers.BETAS[0], optimizers.BETAS[1], optimizers.EPS, every, state,
                                rec_step, rec)
            if report is not None:
                report(last - first)
            if status:
                diverged = True
                break
    finally:
        if bar is not None:
            bar.close()
    count = int(state[1])
    best_params = _unpack(best_x.astype(np.float64), sign, config.field)
    best_y = impulse(best_params, config.t, config.field, config.output)
    final_loss = math.inf
    if not diverged:
        final_y = impulse(_unpack(x.astype(np.float64), sign, config.field), config.t, config.field, config.output)
        final_loss = float(np.sum((final_y - target64) ** 2))
    return TrainResult(
        config=config, steps=rec_step[:count], loss=rec[0, :count].copy(), running_min=rec[1, :count].copy(),
        magnitude=rec[2, :count].copy(), eps_l1=rec[3, :count].copy(), min_eps_l1=float(state[2]),
        best_loss=float(state[0]),
        best_eps_l1=float(np.sum(np.abs(best_y - target64)) / target_l1),
        best_magnitude=magnitude(best_params, config.field, config.output), final_loss=final_loss,
        params=_unpack(x, sign, config.field), best_params=_unpack(best_x, sign, config.field),
        seconds=time.perf_counter() - start, diverged=diverged)
