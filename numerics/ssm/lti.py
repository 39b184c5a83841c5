"""Applying an SSM to an input: by the recurrence and by convolution (Section 2.3).

An SSM is LTI, so its output is the convolution of the input with the impulse response:

    y_k = Re(C x_k),  x_k = A x_(k-1) + B u_k  ==  y_k = sum_{s=1}^k h_(k-s+1) u_s .

``apply(ssm, u, method="recurrence" | "convolution", system=...)`` computes either side in any
number system.  In float64 both methods carry a rigorous a-priori error bound and escalate to arb
(or refuse) exactly as :func:`numerics.ssm.impulse.impulse_response` does:

* recurrence: ``|error_k| <= (6k + n + 6) u s_k (1 + 1e-2)`` with ``s_k = sum_j |C_j| xbar_(k,j)``
  and ``xbar`` the recurrence run on absolute values;
* convolution: the bound of the impulse response convolved with ``|u|``, plus
  ``k u (|h| * |u|)_k (1 + 1e-2)`` for the products and sums of the convolution itself.
"""
from __future__ import annotations

import numpy as np

from . import kernels
from .backends import Backend
from ..errors import InputError
from .impulse import UNIT_ROUNDOFF, accept_or_escalate, check_ssm, impulse_float64, impulse_generic, rounding_bound
from .ssm import DiagonalSSM
from .systems import DEFAULT_PREC, check_prec, check_system, is_exact_rational, to_fmpq

METHODS = ("recurrence", "convolution")


def check_input(u) -> np.ndarray:
    """A real input sequence: float64 array, or object array of ``fmpq`` when given as rationals."""
    items = np.asarray(u, dtype=object)
    if items.ndim != 1 or items.size == 0:
        raise InputError(f"u: expected a non-empty 1-D input sequence, got shape {items.shape}")
    if all(is_exact_rational(x) for x in items):
        return np.array([to_fmpq(x) for x in items], dtype=object)
    try:
        array = np.asarray(u, dtype=float)
    except (TypeError, ValueError):
        raise InputError("u: the input must be a sequence of real numbers") from None
    if not np.all(np.isfinite(array)):
        raise InputError("u: the input has non-finite entries")
    return array


def apply(ssm: DiagonalSSM, u, *, method: str = "recurrence", system: str = "float64",
          prec: int = DEFAULT_PREC, rtol: float = 1e-8, escalate_float64: bool = True) -> np.ndarray:
    """The output ``y_1..y_T`` of ``ssm`` on the input ``u_1..u_T`` (see the module docstring)."""
    ssm = check_ssm(ssm)
    u = check_input(u)
    if method not in METHODS:
        raise InputError(f"method: must be one of {', '.join(METHODS)}, got {method!r}")
    system = check_system(system)
    prec = check_prec(prec)
    if system != "float64":
        return np.array(_apply_generic(ssm, u, method, Backend(system, prec, ssm.is_complex)), dtype=object)
    if u.dtype == object:
        u = np.array([int(x.p) / int(x.q) for x in u])
    values, bound = (_recurrence_float64 if method == "recurrence" else _convolution_float64)(ssm, u)
    return accept_or_escalate(values, bound, rtol, escalate_float64, "apply",
                              lambda p: _apply_generic(ssm, u, method, Backend("arb", p, ssm.is_complex)))


def _recurrence_float64(ssm: DiagonalSSM, u: np.ndarray):
    A, B, C = ssm.float64()
    values, s = kernels.recurrence(A, B, C, u)
    return values, rounding_bound(s, ssm.n, per_step=6.0)


def _convolution_float64(ssm: DiagonalSSM, u: np.ndarray):
    T = u.size
    h, h_bound = impulse_float64(ssm, T)
    values = np.convolve(u, h)[:T]
    k = np.arange(1, T + 1, dtype=float)
    own = k * UNIT_ROUNDOFF * np.convolve(np.abs(u), np.abs(h))[:T] * 1.01
    inherited = np.convolve(np.abs(u), h_bound)[:T] * 1.01
    return values, own + inherited


def _apply_generic(ssm: DiagonalSSM, u: np.ndarray, method: str, backend: Backend) -> list:
    """Either method in an arbitrary-precision or exact backend (a Python loop)."""
    T = u.size
    if method == "convolution":
        h = impulse_generic(ssm, T, backend)
        with backend.precision():
            inputs = [_real_scalar(backend, x) for x in u]
            out = []
            for k in range(T):
                acc = backend.zero()
                for s in range(k + 1):
                    acc = acc + h[k - s] * inputs[s]
                out.append(acc)
            return out
    with backend.precision():
        states = [backend.scalar(0) for _ in range(ssm.n)]
        A = [backend.scalar(a) for a in ssm.A]
        B = [backend.scalar(b) for b in ssm.B]
        C = [backend.scalar(c) for c in ssm.C]
        out = []
        for x_in in u:
            x_in = _real_scalar(backend, x_in)
            acc = backend.zero()
            for j in range(ssm.n):
                states[j] = A[j] * states[j] + B[j] * x_in
                acc = acc + backend.real(C[j] * states[j])
            out.append(acc)
        return out


def _real_scalar(backend: Backend, x):
    """An input entry as a real scalar of the backend."""
    return Backend(backend.system, backend.prec, False).scalar(x)
