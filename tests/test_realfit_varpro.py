"""numerics.realfit.varpro: pole elimination with variable projection; every witness re-verified exactly."""
import numpy as np
import pytest
from flint import fmpq
from hypothesis import given, settings, strategies as st

from conftest import real_ssms
from numerics import impulse_response
from numerics.errors import InputError
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.realfit import dimension_bracket, verify_witness
from numerics.realfit.varpro import _refine, l1_fit_error, varpro_search


def _exact_error(ssm, phi):
    response = impulse_response(ssm, len(phi), system="exact")
    return sum((abs(a - b) for a, b in zip(response, phi)), fmpq(0))


@settings(max_examples=8)
@given(real_ssms(max_n=3), st.integers(6, 12))
def test_witness_reverifies_exactly_and_lower_end_never_exceeds_it(ssm, t):
    """Property: the witness's exact l1 error is <= eps and equals the reported one; the rigorous
    lower end of the bracket is <= both the search's witness and the SSM that generated phi."""
    phi = list(impulse_response(ssm, t, system="exact"))
    eps = fmpq(1, 50)
    found = varpro_search(phi, eps, max_seconds=20)
    lower = dimension_bracket(phi, eps, search=False).lower
    assert lower <= ssm.n
    if found.witness is None:
        return
    assert not found.witness.has_ball_parameters and found.witness.stable
    error = _exact_error(found.witness, phi)
    assert error <= eps and error == found.error
    assert lower <= found.witness.n


def test_recovers_a_sum_of_two_exponentials():
    poles, weights = [fmpq(9, 10), fmpq(-1, 2)], [fmpq(1), fmpq(-3, 4)]
    phi = [sum((w * a ** k for a, w in zip(poles, weights)), fmpq(0)) for k in range(20)]
    found = varpro_search(phi, fmpq(1, 1000))
    assert found.witness.n == 2 and _exact_error(found.witness, phi) <= fmpq(1, 1000)
    assert found.complete and "pole elimination" in found.how


def test_complex_target_witness_is_certified_and_beats_one_less():
    """t = 27, arg A = pi/4, eps = 1/20: the ball target's witness re-verifies in arb at a higher
    precision, and it is smaller than the t - 1 construction."""
    target, eps = ComplexOscillator(27, fmpq(1, 4), fmpq(0)), fmpq(1, 20)
    found = varpro_search(target, eps, lower=3, max_seconds=60)
    assert found.witness is not None and found.witness.n < 26
    ok, error, how = verify_witness(found.witness, target.values(256), eps, prec=256)
    assert ok and error <= eps and "arb" in how
    lower = dimension_bracket(target, eps, search=False).lower
    assert lower <= found.witness.n


def test_small_dimension_target_reaches_the_lower_end():
    target = ComplexOscillator(18, *admissible_angle(fmpq(0)))
    found = varpro_search(target, fmpq(1, 4), lower=1, max_seconds=60)
    assert found.witness is not None
    lower = dimension_bracket(target, fmpq(1, 4), search=False).lower
    assert lower <= found.witness.n <= 6


def test_refine_moves_poles_to_an_exact_fit():
    k = np.arange(20)
    y = (np.array([0.9, -0.5, 0.3])[None, :] ** k[:, None]) @ np.array([1.0, 2.0, -1.0])
    start = np.array([0.8, -0.6, 0.1])
    assert l1_fit_error(start, y) > 1
    assert l1_fit_error(_refine(start, y, 50), y) < 1e-8


def test_deterministic():
    target = ComplexOscillator(18, fmpq(1, 4), fmpq(0))
    first = varpro_search(target, fmpq(1, 4), lower=2)
    second = varpro_search(target, fmpq(1, 4), lower=2)
    assert first.witness.n == second.witness.n and first.error == second.error
    assert list(first.witness.A) == list(second.witness.A)


@pytest.mark.parametrize("kwargs, name", [({"eps": 0}, "eps"), ({"lower": 0}, "lower"),
                                          ({"max_seconds": 0}, "max_seconds"),
                                          ({"refine_iterations": -1}, "refine_iterations"),
                                          ({"lower": True}, "lower")])
def test_bad_input_names_the_argument(kwargs, name):
    arguments = {"eps": fmpq(1, 10)} | kwargs
    with pytest.raises(InputError, match=name):
        varpro_search([1, fmpq(1, 2), fmpq(1, 4)], **arguments)


def test_too_short_target_is_refused():
    with pytest.raises(InputError, match="phi"):
        varpro_search([1], fmpq(1, 10))
