"""Vectorisable elementary functions for numba kernels: ``exp``, ``cos`` and ``sin`` of float64 vectors.

Written out because numba's ``math.exp`` / ``math.cos`` are scalar libm calls that LLVM cannot
vectorise without Intel's SVML; these loops vectorise (they halve the cost of a real training step
of :mod:`numerics.learning.training` at n = 1024 and carry the selective scans of
:mod:`numerics.nets.scan`).

* :func:`exp_into`: ``k = round(x / ln 2)``, ``r = x - k ln 2`` (ln 2 in two parts, fdlibm), the Taylor
  polynomial of degree 13 on ``|r| <= ln(2)/2`` (truncation < 5e-18), and the scaling by ``2^k``
  written into the exponent bits; within one ulp for ``x`` in [-708, 709] (clipped there).
* :func:`cos_sin_into`: ``k = round(2 w / pi)``, ``r = w - k pi/2`` (three-part Cody-Waite), Taylor
  polynomials of degree 17 and 18 on ``|r| <= pi/4`` and the quadrant rotation; libm beyond
  ``|w| > TRIG_LIMIT``.

No fast-math anywhere: reassociation would cancel the rounding shifter, and numba hands a caller's
fast-math flags to callees that set none, so no caller may use fast-math either.
"""
import math

import numba
import numpy as np


#: log2(e), ln 2 in a high part exact in 32 bits and the rest (fdlibm), the 1.5 * 2^52 rounding
#: shifter, the offset turning the shifted value's bits into those of 2^k, Taylor coefficients 1/i!.
_LOG2E = 1.4426950408889634
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_SHIFTER = 6755399441055744.0
_EXPONENT_OFFSET = (1075 << 52) + (1 << 51) - 1023
_EXP_TAYLOR = tuple(1.0 / math.factorial(i) for i in range(14))
#: 2/pi and pi/2 in three parts of 33, 33 and 53 bits (fdlibm's pio2_1, pio2_2, pio2_2t), so that
#: k * part is exact for |k| < 2^20; sin and cos on [-pi/4, pi/4] by their Taylor polynomials to
#: degree 17 and 18 (truncation < 1e-17).
_TWO_OVER_PI = 0.63661977236758134308
_PIO2_1 = 1.57079632673412561417e+00
_PIO2_2 = 6.07710050630396597660e-11
_PIO2_2T = 2.02226624879595063154e-21
_SIN_TAYLOR = tuple((-1) ** i / math.factorial(2 * i + 1) for i in range(9))
_COS_TAYLOR = tuple((-1) ** i / math.factorial(2 * i) for i in range(10))
#: Beyond this |argument| the Cody-Waite reduction above loses accuracy; such sweeps use libm.
TRIG_LIMIT = 1.0e5


@numba.njit(cache=True, error_model="numpy")
def exp_into(w, out, scratch):
    """``out[i] = exp(w[i])`` within an ulp for ``w`` in [-708, 709] (clipped there).

    k = round(w / ln 2), r = w - k ln 2, a Taylor polynomial of degree 13 on |r| <= ln(2)/2, and the
    scaling by 2^k written into the exponent bits.  No fast-math: reassociation would cancel the
    rounding shifter.  ``scratch`` is a float64 vector of the same length.
    """
    bits = scratch.view(np.int64)
    c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13 = _EXP_TAYLOR
    for i in range(w.size):
        v = min(max(w[i], -708.0), 709.0)
        shifted = v * _LOG2E + _SHIFTER
        k = shifted - _SHIFTER
        r = (v - k * _LN2_HI) - k * _LN2_LO
        q = ((((((c13 * r + c12) * r + c11) * r + c10) * r + c9) * r + c8) * r + c7) * r + c6
        out[i] = (((((q * r + c5) * r + c4) * r + c3) * r + c2) * r + c1) * r + c0
        scratch[i] = shifted
    for i in range(w.size):
        bits[i] = (bits[i] - _EXPONENT_OFFSET) << 52
    for i in range(w.size):
        out[i] = out[i] * scratch[i]


@numba.njit(cache=True, error_model="numpy")
def cos_sin_into(w, cos_out, sin_out):
    """``cos_out[i] = cos(w[i])``, ``sin_out[i] = sin(w[i])`` within a few ulp.

    k = round(2 w / pi), r = w - k pi/2 (three-part Cody-Waite, exact products for |k| < 2^20),
    Taylor polynomials of sin and cos on |r| <= pi/4, then the quadrant k mod 4 rotates (cos r,
    sin r).  Sweeps with an argument beyond ``TRIG_LIMIT`` fall back to libm.
    """
    largest = 0.0
    for i in range(w.size):
        largest = max(largest, abs(w[i]))
    if largest > TRIG_LIMIT:
        for i in range(w.size):
            cos_out[i] = math.cos(w[i])
            sin_out[i] = math.sin(w[i])
        return
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = _SIN_TAYLOR
    c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 = _COS_TAYLOR
    for i in range(w.size):
        v = w[i]
        k = (v * _TWO_OVER_PI + _SHIFTER) - _SHIFTER
        r = ((v - k * _PIO2_1) - k * _PIO2_2) - k * _PIO2_2T
        r2 = r * r
        sin_r = r * ((((((((s8 * r2 + s7) * r2 + s6) * r2 + s5) * r2 + s4) * r2 + s3) * r2 + s2) * r2 + s1) * r2 + s0)
        cos_r = (((((((((c9 * r2 + c8) * r2 + c7) * r2 + c6) * r2 + c5) * r2 + c4) * r2 + c3) * r2 + c2) * r2
                  + c1) * r2 + c0)
        # quadrant q = k mod 4: (cos, sin) of r + q pi/2 = (c, s), (-s, c), (-c, -s), (s, -c)
        q = np.int64(k) & 3
        swap = (q & 1) == 1
        cos_v = sin_r if swap else cos_r
        sin_v = cos_r if swap else sin_r
        cos_out[i] = -cos_v if (q == 1 or q == 2) else cos_v
        sin_out[i] = -sin_v if q >= 2 else sin_v
