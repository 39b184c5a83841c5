"""Tests of numerics.ssm.elementary: the vectorisable exp, cos and sin against mpmath and numpy."""
import mpmath
import numpy as np

from numerics.ssm.elementary import TRIG_LIMIT, cos_sin_into, exp_into


def test_exp_is_within_one_ulp():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-700, 700, 200), rng.uniform(-20, 5, 200), [0.0, -1e-300, 1e-9, 709.0, -708.0]])
    out, scratch = np.empty_like(x), np.empty_like(x)
    exp_into(x, out, scratch)
    with mpmath.workdps(40):
        exact = [mpmath.exp(mpmath.mpf(float(v))) for v in x]
        ulps = [abs(mpmath.mpf(float(o)) - e) / (e * 2.0**-52) for o, e in zip(out, exact)]
    assert max(ulps) <= 1.0


def test_exp_on_a_dense_sweep_and_near_zero():
    w = np.concatenate([np.linspace(-700, 5, 20001), np.linspace(-1e-3, 1e-3, 101)])
    out, scratch = np.empty_like(w), np.empty_like(w)
    exp_into(w, out, scratch)
    np.testing.assert_allclose(out, np.exp(w), rtol=4e-16, atol=0)


def test_cos_sin_are_accurate_also_past_the_libm_fallback():
    for top in (200.0, 10 * TRIG_LIMIT):   # the second sweep takes the libm fallback
        w = np.linspace(-top, top, 20001)
        cos, sin = np.empty_like(w), np.empty_like(w)
        cos_sin_into(w, cos, sin)
        np.testing.assert_allclose(cos, np.cos(w), rtol=0, atol=1e-15 * max(1.0, top / 100))
        np.testing.assert_allclose(sin, np.sin(w), rtol=0, atol=1e-15 * max(1.0, top / 100))
