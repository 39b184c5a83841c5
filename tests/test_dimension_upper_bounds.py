"""numerics.realfit.upper_bounds: witnesses (one less than Proposition 1, the search) re-verify exactly."""
import numpy as np
from flint import fmpq
from hypothesis import given, settings, strategies as st

from conftest import real_ssms
from numerics import impulse_response
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.realfit import dimension_bracket, one_less_witness, verify_witness


@settings(max_examples=10)
@given(real_ssms(max_n=3), st.integers(6, 12))
def test_witnesses_reverify_exactly(ssm, t):
    h = list(impulse_response(ssm, t, system="exact"))
    eps = fmpq(1, 50)
    bracket = dimension_bracket(h, eps, starts=4)
    assert bracket.lower <= min(ssm.n, bracket.upper)
    if bracket.upper == 0:
        assert sum((abs(x) for x in h), fmpq(0)) <= eps
        return
    assert bracket.witness.n == bracket.upper and not bracket.witness.has_ball_parameters
    response = impulse_response(bracket.witness, t, system="exact")
    error = sum((abs(a - b) for a, b in zip(response, h)), fmpq(0))
    assert error <= eps and error == bracket.witness_error


def test_one_less_witness_matches_rational_targets_exactly():
    rng = np.random.default_rng(3)
    built = 0
    for t in (3, 5, 7, 12):
        for _ in range(3):
            phi = [fmpq(int(v), 64) for v in rng.integers(-64, 64, size=t)]
            found = one_less_witness(phi)
            if found is None:      # no stable pole x for any node set tried: allowed, not claimed
                continue
            built += 1
            ssm, _ = found
            assert ssm.n == t - 1 and ssm.stable
            assert list(impulse_response(ssm, t, system="exact")) == phi
    assert built >= 6
    assert one_less_witness([1, 2]) is None     # a stable one-state SSM cannot grow


def test_ball_witness_error_is_certified():
    target = ComplexOscillator(27, *admissible_angle(fmpq(0)))
    bracket = dimension_bracket(target, fmpq(1, 4), starts=4, search_max_n=10)
    assert bracket.lower <= bracket.upper <= 10
    ok, error, how = verify_witness(bracket.witness, target.values(256), fmpq(1, 4), prec=256)
    assert ok and error <= fmpq(1, 4) and "arb" in how
    assert bracket.sign_changes.sharp and bracket.system == "arb"
