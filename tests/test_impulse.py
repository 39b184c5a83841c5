"""Impulse responses in the four number systems against the exact rational path."""
from fractions import Fraction

import numpy as np
import pytest
from flint import arb, ctx, fmpq
from hypothesis import given, strategies as st

from numerics import DiagonalSSM, InputError, PrecisionError, impulse_response
from numerics.ssm.constructions import chebyshev_nodes, vandermonde_ssm
from numerics.ssm.impulse import impulse_float64

from conftest import ssms

times = st.integers(1, 40)


def _exact_floats(values):
    return np.array([int(v.p) / int(v.q) for v in values])


def _fraction_pair(x):
    z = complex(x)
    return Fraction(z.real), Fraction(z.imag)


@given(ssms, times)
def test_exact_path_is_the_definition(ssm, t):
    """h_k = Re(sum_j C_j A_j^(k-1) B_j), evaluated with Fractions independently of the code."""
    expected = [Fraction(0)] * t
    for a, b, c in zip(ssm.A, ssm.B, ssm.C):
        (ar, ai), (br, bi), (cr, ci) = map(_fraction_pair, (a, b, c))
        re, im = cr * br - ci * bi, cr * bi + ci * br
        for k in range(t):
            expected[k] += re
            re, im = re * ar - im * ai, re * ai + im * ar
    got = impulse_response(ssm, t, system="exact")
    assert [Fraction(int(v.p), int(v.q)) for v in got] == expected


@given(ssms, times)
def test_float64_within_its_error_bound(ssm, t):
    exact = _exact_floats(impulse_response(ssm, t, system="exact"))
    values, bound = impulse_float64(ssm, t)
    # the bound is rigorous; the exact value converted to float adds at most half an ulp
    assert np.all(np.abs(values - exact) <= bound + np.spacing(np.abs(exact)))


@given(ssms, times)
def test_arb_balls_contain_the_exact_values(ssm, t):
    exact = impulse_response(ssm, t, system="exact")
    balls = impulse_response(ssm, t, system="arb", prec=64)
    with ctx.workprec(4000):  # the exact values are dyadic with far fewer bits: arb(q) is exact
        assert all(ball.contains(arb(q)) for ball, q in zip(balls, exact))
        assert all(arb(q).is_exact() for q in exact)


@given(ssms, times)
def test_mpmath_agrees_with_exact(ssm, t):
    exact = impulse_response(ssm, t, system="exact")
    values = impulse_response(ssm, t, system="mpmath", prec=200)
    scale = max(1.0, max(abs(float(q)) for q in exact))
    assert all(abs(float(v) - float(q)) <= 1e-40 * scale for v, q in zip(values, exact))


def test_lost_accuracy_is_escalated_or_refused():
    """Vandermonde weights ~1e10 with cancelling signs: float64 loses digits of h_k."""
    t = 32
    phi = [fmpq(1) if k == 15 else fmpq(0) for k in range(t)]
    ssm = vandermonde_ssm(phi, chebyshev_nodes(t))
    values, bound = impulse_float64(ssm, t)
    assert np.max(bound) > 1e-8  # the rigorous bound sees the loss
    with pytest.raises(PrecisionError, match="float64 error bound"):
        impulse_response(ssm, t, escalate_float64=False)
    escalated = impulse_response(ssm, t)  # recomputed in arb, rounded to float64
    exact = _exact_floats(impulse_response(ssm, t, system="exact"))
    assert np.max(np.abs(escalated - exact)) <= 1e-8
    assert np.max(np.abs(values - exact)) > 1e-8  # ... and the plain float64 answer was indeed off


def test_large_float64_response_is_fast_and_accurate():
    rng = np.random.default_rng(1)
    n = t = 2000
    ssm = DiagonalSSM(rng.uniform(-0.999, 0.999, n), rng.normal(size=n), rng.normal(size=n))
    values = impulse_response(ssm, t)
    assert values.shape == (t,)
    direct = np.array([np.sum(ssm.C * ssm.B * ssm.A ** k) for k in (0, 1, 7, 1999)])
    np.testing.assert_allclose(values[[0, 1, 7, 1999]], direct, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("t", [0, -3, 2.0, True, "8"])
def test_bad_time_is_refused(t):
    with pytest.raises(InputError, match="t: must be an integer >= 1"):
        impulse_response(DiagonalSSM([0.5], [1], [1]), t)


def test_bad_system_and_precision():
    ssm = DiagonalSSM([0.5], [1], [1])
    with pytest.raises(InputError, match="system: unknown number system"):
        impulse_response(ssm, 3, system="float32")
    with pytest.raises(InputError, match="prec:"):
        impulse_response(ssm, 3, system="arb", prec=4)
    with pytest.raises(InputError, match="ssm: expected a DiagonalSSM"):
        impulse_response((0.5, 1, 1), 3)


def test_ball_parameters_need_arb():
    ssm = DiagonalSSM([arb(1) / 3], [1], [1])
    with pytest.raises(InputError, match="ball-valued parameters need system='arb'"):
        impulse_response(ssm, 3, system="exact")
    ball = impulse_response(ssm, 3, system="arb")[1]
    with ctx.workprec(200):
        assert ball.contains(arb(1) / 3) and not ball.contains(arb(1) / 3 + 1e-10)
