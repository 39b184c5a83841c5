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
from numerics.realfit.cluster import cluster_search
from numerics.realfit.varpro import _refine, l1_fit_error, newton_basis, spread_search, varpro_search


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


def test_newton_basis_is_the_divided_differences_of_the_powers():
    """Column j is the divided difference [a_1..a_j] of x^(k-1) (exact fmpq recursion), and the basis
    spans the powers' columns: the l1 fit of a response of those poles is 0."""
    poles = [fmpq(-1, 3), fmpq(1, 5), fmpq(2, 3), fmpq(9, 10)]
    t = 9

    def divided(nodes, k):
        if len(nodes) == 1:
            return nodes[0] ** k
        return (divided(nodes[1:], k) - divided(nodes[:-1], k)) / (nodes[-1] - nodes[0])

    basis = newton_basis([float(a) for a in poles], t)
    exact = np.array([[float(divided(poles[: j + 1], k)) for j in range(4)] for k in range(t)])
    assert np.allclose(basis, exact, rtol=1e-13, atol=1e-15)
    y = np.array([float(sum((a ** k for a in poles), fmpq(0))) for k in range(t)])
    assert l1_fit_error([float(a) for a in poles], y) < 1e-12


def test_newton_basis_keeps_the_error_of_clustered_poles_where_the_monomials_lose_it():
    """14 poles spread in [0.56, 1] at t = 18: the monomial basis is singular to float64 (condition
    ~1e16), the Newton basis is not, and the l1 error it gives is the one a verified SSM attains."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    found = spread_search(target, eps, low=14, high=15)
    assert found.witness is not None and found.witness.n == 14
    poles = np.array([float(a) for a in found.witness.A])
    assert np.linalg.cond(np.vander(poles, 18, increasing=True).T) > 1e12
    assert np.linalg.cond(newton_basis(poles, 18)) < 1e8
    estimate = l1_fit_error(poles, target.float64())
    assert abs(estimate - float(found.error)) <= 1e-6 * max(1.0, estimate)


def test_spread_clusters_go_below_one_tight_cluster_and_reverify():
    """t = 18, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4: one tight cluster needs 15 states,
    the spread clusters 14; the witness re-verifies in arb at a higher precision, and the rigorous
    lower end never exceeds it."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    tight = cluster_search(target, eps, 1, 18)
    found = spread_search(target, eps, low=1, high=tight.n)
    assert found.witness is not None and found.witness.n < tight.n
    ok, error, how = verify_witness(found.witness, target.values(512), eps, prec=512)
    assert ok and error <= eps
    assert found.trace[-1]["verified"] is False or found.witness.n == 1       # went down until one failed
    bracket = dimension_bracket(target, eps, search=False, carrier=True)
    assert bracket.lower <= found.witness.n


@pytest.mark.parametrize("kwargs, name", [({"eps": 0}, "eps"), ({"low": 0}, "low"), ({"high": True}, "high"),
                                          ({"max_seconds": -1}, "max_seconds")])
def test_spread_search_bad_input_names_the_argument(kwargs, name):
    arguments = {"eps": fmpq(1, 10), "low": 1, "high": 3} | kwargs
    with pytest.raises(InputError, match=name):
        spread_search([1, fmpq(1, 2), fmpq(1, 4)], **arguments)
