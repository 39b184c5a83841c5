"""Impulse responses ``h_k = Re(sum_j C_j A_j^(k-1) B_j)``, k = 1..t, in four number systems.

``impulse_response(ssm, t, system=...)`` returns a numpy array:

* ``"float64"`` (default): a float64 array, computed by a numba loop.  The loop also computes
  ``s_k = sum_j |C_j B_j| |A_j|^(k-1)``, and with u = 2^-53 the rounding error obeys

      |fl(h_k) - h_k| <= (4k + n + 6) u s_k (1 + 1e-2)

  (k-1 products of complex numbers, each with relative error <= sqrt(5) u; the product C_j B_j
  and the rounding of exact parameters to float64, <= 3u; a sum of n terms, <= (n-1) u).  When
  that bound exceeds ``rtol * max_k |h_k|`` the float64 answer may have lost its accuracy: it is
  recomputed in arb balls at rising precision and returned rounded to float64 (``escalate=True``,
  the default), or refused with :class:`~numerics.errors.PrecisionError`.
* ``"mpmath"``: an object array of ``mpf`` at ``prec`` bits.
* ``"arb"``: an object array of ``arb`` balls at ``prec`` bits; each ball contains the true value.
* ``"exact"``: an object array of ``fmpq``: the exact values, since every float64 parameter is a
  dyadic rational and exact parameters are kept as ``fmpq``.
"""
from __future__ import annotations

import math
from numbers import Integral

import numpy as np
from . import kernels
from .backends import Backend
from ..errors import InputError, PrecisionError
from .ssm import DiagonalSSM
from .systems import DEFAULT_PREC, check_prec, check_system

UNIT_ROUNDOFF = 2.0**-53
#: Largest precision (bits) that an escalation from float64 may use before refusing.
MAX_ESCALATION_PREC = 1 << 15


def check_time(t, name: str = "t") -> int:
    """Validate a time horizon: an integer >= 1."""
    if isinstance(t, bool) or not isinstance(t, Integral):
        raise InputError(f"{name}: must be an integer >= 1, got {t!r}")
    if t < 1:
        raise InputError(f"{name}: must be an integer >= 1, got {t}")
    return int(t)


def check_ssm(ssm) -> DiagonalSSM:
    if not isinstance(ssm, DiagonalSSM):
        raise InputError(f"ssm: expected a DiagonalSSM, got {type(ssm).__name__}")
    return ssm


def rounding_bound(s: np.ndarray, n: int, per_step: float) -> np.ndarray:
    """The a-priori float64 error bound ``(per_step * k + n + 6) u s_k (1 + 1e-2)``, k = 1..len(s)."""
    k = np.arange(1, s.size + 1, dtype=float)
    return (per_step * k + n + 6.0) * UNIT_ROUNDOFF * s * 1.01


def accurate_enough(values: np.ndarray, bound: np.ndarray, rtol: float) -> bool:
    """Norm-wise test: every error bound is at most ``rtol * max |values|``."""
    if bound.size == 0:
        return True
    scale = float(np.max(np.abs(values)))
    return bool(np.all(np.isfinite(bound))) and float(np.max(bound)) <= rtol * scale


def escalate(compute_arb, start_prec: int, rtol: float, what: str) -> np.ndarray:
    """Recompute in arb at doubling precision until every ball's radius is <= rtol/4 * max|mid|.

    ``compute_arb(prec)`` returns a sequence of real arb balls.  Returns their midpoints in float64.
    """
    prec = max(64, start_prec)
    while prec <= MAX_ESCALATION_PREC:
        balls = compute_arb(prec)
        mids = np.array([float(b.mid()) for b in balls])
        radius = max((float(b.rad()) for b in balls), default=0.0)
        if all(b.is_finite() for b in balls) and radius <= rtol / 4 * float(np.max(np.abs(mids))):
            return mids
        prec *= 2
    raise PrecisionError(f"{what}: float64 lost its accuracy and arb at {MAX_ESCALATION_PREC} bits "
                         f"did not reach rtol={rtol}; use system='arb' or 'exact'")


def accept_or_escalate(values: np.ndarray, bound: np.ndarray, rtol, escalate_float64: bool, what: str,
                       compute_arb) -> np.ndarray:
    """The float64 ``values`` when their error ``bound`` is within ``rtol * max|values|``; otherwise
    the arb recomputation ``compute_arb(prec)`` rounded to float64, or a ``PrecisionError``."""
    rtol = check_rtol(rtol)
    if accurate_enough(values, bound, rtol):
        return values
    message = (f"{what}: float64 error bound {float(np.max(bound)):.3g} exceeds rtol={rtol:g} "
               f"times max|value| = {float(np.max(np.abs(values))):.3g}")
    if not escalate_float64:
        raise PrecisionError(message + "; pass escalate_float64=True or use system='arb'")
    scale = max(rtol * float(np.max(np.abs(values))), 1e-300)
    lost_bits = max(math.log2(max(float(np.max(bound)), 1e-300) / scale), 0.0)
    return escalate(compute_arb, int(64 + lost_bits + math.log2(1 / rtol)), rtol, what)


def check_rtol(rtol) -> float:
    if not isinstance(rtol, (int, float)) or not (0 < rtol < 1):
        raise InputError(f"rtol: must be a number in (0, 1), got {rtol!r}")
    return float(rtol)


def impulse_response(ssm: DiagonalSSM, t: int, *, system: str = "float64", prec: int = DEFAULT_PREC,
                     rtol: float = 1e-8, escalate_float64: bool = True) -> np.ndarray:
    """The first ``t`` entries of the impulse response of ``ssm`` (see the module docstring).

    ``prec`` is the working precision in bits of the mpmath and arb systems.  ``rtol`` and
    ``escalate_float64`` govern the float64 system only.
    """
    ssm = check_ssm(ssm)
    t = check_time(t)
    system = check_system(system)
    prec = check_prec(prec)
    if system == "float64":
        values, bound = impulse_float64(ssm, t)
        return accept_or_escalate(values, bound, rtol, escalate_float64, "impulse_response",
                                  lambda p: impulse_generic(ssm, t, Backend("arb", p, ssm.is_complex)))
    return np.array(impulse_generic(ssm, t, Backend(system, prec, ssm.is_complex)), dtype=object)


def impulse_float64(ssm: DiagonalSSM, t: int) -> tuple[np.ndarray, np.ndarray]:
    """float64 impulse response and its a-priori rounding-error bound (module docstring)."""
    A, B, C = ssm.float64()
    w = C * B
    values, s = kernels.impulse(A, w, t)
    return values, rounding_bound(s, ssm.n, per_step=4.0)


#: In the arb system, complex powers are re-anchored by binary powering every this many steps.
ANCHOR_STEPS = 16


def impulse_generic(ssm: DiagonalSSM, t: int, backend: Backend) -> list:
    """The impulse response in an arbitrary-precision or exact backend (a Python loop, O(n t)).

    Powers ``w a^k`` are formed by repeated multiplication.  With complex arb balls (acb, held as
    rectangles) each product can widen a ball by a factor up to sqrt(2) (the "wrapping effect" of
    rotations), so every ``ANCHOR_STEPS`` steps the power is recomputed as ``w * a**k`` by binary
    powering, which keeps the widening polynomial in k.
    """
    anchored = backend.system == "arb" and backend.complex
    with backend.precision():
        response = [backend.zero()] * t
        for a, b, c in zip(ssm.A, ssm.B, ssm.C):
            a = backend.scalar(a)
            w = backend.scalar(c) * backend.scalar(b)
            power = w
            for k in range(t):
                if anchored and k % ANCHOR_STEPS == 0 and k:
                    power = w * a**k
                response[k] = response[k] + backend.real(power)
                power = power * a
        return response
