"""apply(): the recurrence equals the convolution (exactly), and float64 stays within its bound."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from numerics import DiagonalSSM, InputError, PrecisionError, apply
from numerics.ssm.constructions import chebyshev_nodes, vandermonde_ssm

from conftest import ssms

inputs = st.lists(st.integers(-64, 64).map(lambda p: p / 16), min_size=1, max_size=25)


@given(ssms, inputs)
def test_recurrence_equals_convolution_exactly(ssm, u):
    assert list(apply(ssm, u, system="exact")) == list(apply(ssm, u, method="convolution", system="exact"))


@given(ssms, inputs, st.sampled_from(["recurrence", "convolution"]))
def test_float64_matches_exact(ssm, u, method):
    exact = np.array([float(v) for v in apply(ssm, u, system="exact")])
    got = apply(ssm, u, method=method)
    scale = max(1.0, float(np.max(np.abs(exact))))
    assert np.max(np.abs(got - exact)) <= 1e-8 * scale


def test_impulse_input_gives_impulse_response():
    ssm = DiagonalSSM([0.5 + 0.5j, -0.25], [1.0, 2.0], [1.0 - 1.0j, 0.5])
    from numerics import impulse_response
    u = np.zeros(10)
    u[0] = 1.0
    np.testing.assert_array_equal(apply(ssm, u, system="exact"), impulse_response(ssm, 10, system="exact"))


def test_bad_inputs():
    ssm = DiagonalSSM([0.5], [1], [1])
    with pytest.raises(InputError, match="u: expected a non-empty 1-D"):
        apply(ssm, [])
    with pytest.raises(InputError, match="u: expected a non-empty 1-D"):
        apply(ssm, [[1.0, 2.0]])
    with pytest.raises(InputError, match="u: the input has non-finite"):
        apply(ssm, [1.0, np.nan])
    with pytest.raises(InputError, match="method:"):
        apply(ssm, [1.0], method="fft")


def test_cancellation_is_escalated_or_refused():
    t = 32
    ssm = vandermonde_ssm([1 if k == 15 else 0 for k in range(t)], chebyshev_nodes(t))
    u = np.zeros(t)
    u[0] = 1.0
    with pytest.raises(PrecisionError):
        apply(ssm, u, escalate_float64=False)
    exact = np.array([float(v) for v in apply(ssm, u, system="exact")])
    assert np.max(np.abs(apply(ssm, u, method="convolution") - exact)) <= 1e-8
