"""Adam, AdamW and RAdam with PyTorch's default semantics, and the cosine learning-rate schedule.

The official code of Ran-Milo et al. (2024) trains with ``torch.optim.Adam``, ``AdamW`` and
``RAdam`` at their defaults (betas (0.9, 0.999), eps 1e-8, AdamW weight decay 0.01) under
``CosineAnnealingLR(T_max=num_epochs)``, stepping the scheduler once after every optimizer step.
ssmcheck trains without torch (see :mod:`numerics.learning.training`), so the three update rules are
re-implemented here, following ``torch.optim``'s single-tensor code path term by term (step
counter ``s`` starts at 1, ``m``/``v`` the first/second moments, ``g`` the gradient, ``lr`` the
scheduled rate of this step):

* common: ``m <- m + (1 - b1)(g - m)`` (torch's ``lerp``), ``v <- b2 v + (1 - b2) g^2``,
  ``c1 = 1 - b1^s``, ``c2 = 1 - b2^s``;
* Adam: ``p <- p - (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)``; a non-zero ``weight_decay`` is
  torch's L2 form ``g <- g + wd p`` before the moments;
* AdamW: first ``p <- p (1 - lr wd)`` (decoupled decay), then the Adam step;
* RAdam: with ``rho_inf = 2/(1 - b2) - 1`` and ``rho_s = rho_inf - 2 s b2^s / c2``:
  if ``rho_s > 5``, ``p <- p - lr (m / c1) r_s sqrt(c2) / (sqrt(v) + eps)`` with the
  rectification ``r_s = sqrt((rho_s - 4)(rho_s - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_s))``;
  otherwise the un-adapted ``p <- p - lr m / c1`` (note that eps sits outside the bias
  correction, unlike Adam);
* cosine schedule at step ``k = 0, 1, ...``: ``lr_k = lr_0 (1 + cos(pi k / T)) / 2`` (torch's
  ``CosineAnnealingLR`` with ``eta_min = 0``, whose recursive form equals this closed form up to
  rounding; with ``T`` = the number of steps, the last step uses ``lr_{T-1} > 0``).

Why by hand: the update must run inside the numba-compiled training loop (a Python call per step
would cost more than the step), and no well-kept numba/numpy optimizer library exists.  The rules
are checked against ``torch.optim`` in ``tests/test_optimizers.py`` (skipped without torch).

:func:`update` is the compiled kernel; :class:`Optimizer` wraps it with its state for use from
Python (one parameter vector, flattened).
"""
from __future__ import annotations

import math
from numbers import Real

import numba
import numpy as np
from numba.core import types
from numba.extending import overload

from ..errors import InputError

#: Optimizer names, in the order of their integer codes in :func:`update`.
NAMES = ("adam", "adamw", "radam")
SCHEDULES = ("cosine", "constant")
BETAS = (0.9, 0.999)
EPS = 1e-8
#: torch.optim.AdamW's default weight decay (Adam and RAdam default to 0).
ADAMW_WEIGHT_DECAY = 0.01


def code(name: str) -> int:
    """The integer code of an optimizer name (``"adam"`` -> 0, ``"adamw"`` -> 1, ``"radam"`` -> 2)."""
    if name not in NAMES:
        raise InputError(f"optimizer: unknown optimizer {name!r}; choose one of {', '.join(NAMES)}")
    return NAMES.index(name)


def default_weight_decay(name: str) -> float:
    """torch's default weight decay of the optimizer ``name``."""
    return ADAMW_WEIGHT_DECAY if code(name) == 1 else 0.0


@numba.njit(cache=True, error_model="numpy")
def scheduled_lr(lr0, k, total, cosine):
    """The learning rate of step ``k`` (0-based): ``lr0 (1 + cos(pi k / total)) / 2`` or ``lr0``."""
    if cosine:
        return lr0 * (1.0 + math.cos(math.pi * k / total)) / 2.0
    return lr0


def _rounded_like(x, array):
    """``x`` rounded to the dtype of ``array`` (compiled code only: see its overload)."""
    raise NotImplementedError("compiled code only")


@overload(_rounded_like)
def _rounded_like_overload(x, array):
    if array.dtype == types.float32:
        return lambda x, array: np.float32(x)
    return lambda x, array: x


@numba.njit(cache=True, error_model="numpy")
def update(kind, p, g, m, v, s, lr, weight_decay, beta1, beta2, eps, out):
    """One optimizer step: ``out`` gets the updated parameters ``p``; ``m``, ``v`` (moments) in place.

    ``kind``: 0 Adam, 1 AdamW, 2 RAdam; ``s``: the 1-based step count of this step; ``g`` and (unless it
    is ``out``) ``p`` are not modified.  ``out`` may be ``p`` itself (an update in place) or another
    vector (so that a caller keeping the parameters of an earlier step need not copy them): each entry
    is computed from the same entries alone, so both give the same numbers.  Scalars are float64; the
    vectors may be float32 or float64 (stored in their dtype; AdamW's decayed parameter is rounded to
    that dtype before the Adam step, as torch's in-place ``mul_`` rounds it).  An ``out`` distinct
    from ``p`` lets the loop vectorise (in place, the compiler cannot rule out overlap and runs it
    element by element).
    """
    c1 = 1.0 - beta1**s
    c2 = 1.0 - beta2**s
    w1 = 1.0 - beta1
    w2 = 1.0 - beta2
    coupled = weight_decay if kind != 1 else 0.0
    decay = kind == 1 and weight_decay != 0.0
    shrink = 1.0 - lr * weight_decay   # AdamW's decoupled decay
    if kind == 2:
        rho_inf = 2.0 / (1.0 - beta2) - 1.0
        rho = rho_inf - 2.0 * s * beta2**s / c2
        if rho > 5.0:
            rect = math.sqrt((rho - 4.0) * (rho - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho))
            scale = lr / c1 * rect * math.sqrt(c2)
            for i in range(p.size):
                q = p[i]
                gi = g[i] + coupled * q
                m[i] = m[i] + w1 * (gi - m[i])
                v[i] = beta2 * v[i] + w2 * gi * gi
                out[i] = q - scale * m[i] / (math.sqrt(v[i]) + eps)
        else:
            scale = lr / c1
            for i in range(p.size):
                q = p[i]
                gi = g[i] + coupled * q
                m[i] = m[i] + w1 * (gi - m[i])
                v[i] = beta2 * v[i] + w2 * gi * gi
                out[i] = q - scale * m[i]
        return
    step_size = lr / c1
    root_c2 = math.sqrt(c2)
    for i in range(p.size):
        q = p[i]
        if decay:
            q = _rounded_like(q * shrink, out)
        gi = g[i] + coupled * q
        m[i] = m[i] + w1 * (gi - m[i])
        v[i] = beta2 * v[i] + w2 * gi * gi
        out[i] = q - step_size * m[i] / (math.sqrt(v[i]) / root_c2 + eps)


def check_lr(lr) -> float:
    if isinstance(lr, bool) or not isinstance(lr, Real) or not math.isfinite(lr) or lr <= 0:
        raise InputError(f"lr: must be a finite number > 0, got {lr!r}")
    return float(lr)


def check_weight_decay(weight_decay) -> float:
    if (isinstance(weight_decay, bool) or not isinstance(weight_decay, Real)
            or not math.isfinite(weight_decay) or weight_decay < 0):
        raise InputError(f"weight_decay: must be a finite number >= 0, got {weight_decay!r}")
    return float(weight_decay)


class Optimizer:
    """One of Adam / AdamW / RAdam over a single flat parameter vector, with torch's defaults.

    ``Optimizer("adamw", lr=1e-3, size=n).step(p, g)`` updates ``p`` in place; ``lr=`` in
    :meth:`step` overrides the base rate for that step (as a scheduler would).
    """

    def __init__(self, name: str, lr: float, size: int, *, weight_decay: float | None = None,
                 dtype=np.float64):
        self.name = name
        self.kind = code(name)
        self.lr = check_lr(lr)
        self.weight_decay = check_weight_decay(default_weight_decay(name) if weight_decay is None
                                               else weight_decay)
        self.m = np.zeros(size, dtype=dtype)
        self.v = np.zeros(size, dtype=dtype)
        self.steps = 0

    def step(self, p: np.ndarray, g: np.ndarray, lr: float | None = None) -> None:
        if p.shape != self.m.shape or g.shape != self.m.shape or p.dtype != self.m.dtype:
            raise InputError(f"p, g: expected {self.m.dtype} vectors of length {self.m.size}")
        if not np.all(np.isfinite(g)):
            raise InputError("g: the gradient has non-finite entries")
        self.steps += 1
        update(self.kind, p, np.asarray(g, dtype=p.dtype), self.m, self.v, self.steps,
               self.lr if lr is None else check_lr(lr), self.weight_decay, BETAS[0], BETAS[1], EPS, p)
