"""numerics.realfit.annihilator: the annihilating-polynomial bound meets known dimensions and never
beats an explicit real SSM."""
import numpy as np
import pytest
from flint import fmpq
from hypothesis import given, settings, strategies as st

from conftest import coefficients, real_ssms
from numerics import DiagonalSSM, InputError, impulse_response
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.realfit.annihilator import annihilator_bound, degree_certified
from numerics.realfit.dimension import dimension_bracket


@pytest.mark.parametrize("stable", [True, False])
def test_eps0_oscillator_reaches_t_minus_1(stable):
    """At eps = 0 the minimal real dimension of a non-real oscillator is t - 1 (Vandermonde rank):
    the bound certifies every degree below it and no more."""
    t = 6
    target = ComplexOscillator(t, *admissible_angle(fmpq(1, 2)))
    bound = annihilator_bound(target.values(), 0, 1, stable=stable, max_boxes=4000)
    assert bound.lower == t - 1
    assert [outcome for _, outcome, _, _ in bound.degrees] == ["certified"] * (t - 2)


def test_exact_ssm_is_not_beaten_and_its_degree_is_found():
    """h from 2 well-separated poles: degree 1 is certified impossible (n >= 2); at degree 2 a
    polynomial fits within a small eps, and its roots are the poles."""
    ssm = DiagonalSSM(np.array([0.75, -0.5]), np.array([1.0, 2.0]), np.ones(2), field="real")
    h = list(impulse_response(ssm, 10, system="exact"))
    eps = fmpq(1, 10**6)
    assert degree_certified(h, eps, 1)[0] == "certified"
    outcome, _, roots = degree_certified(h, eps, 2, max_boxes=20000)
    assert outcome == "fit within eps"
    assert np.allclose(sorted(roots), [-0.5, 0.75], atol=1e-2)
    bound = annihilator_bound(h, eps, 1, max_boxes=20000)
    assert bound.lower == 2


@settings(max_examples=12)
@given(real_ssms(max_n=3), st.integers(5, 9), st.lists(coefficients, min_size=9, max_size=9),
       st.integers(-8, -2), st.booleans())
def test_lower_bound_never_exceeds_an_explicit_ssm(ssm, t, noise, scale, stable):
    """phi = h + delta with eps = ||delta||_1 exactly: the SSM itself is within eps, so no certified
    degree may reach its dimension (for stable=True its poles lie in (-1, 1))."""
    h = list(impulse_response(ssm, t, system="exact"))
    delta = [fmpq(int(d * 1024), 1024) * fmpq(2) ** scale for d in noise[:t]]
    eps = sum((abs(d) for d in delta), fmpq(0))
    phi = [a + d for a, d in zip(h, delta)]
    bound = annihilator_bound(phi, eps, 1, stable=stable, max_degree=ssm.n + 1, max_boxes=300)
    assert bound.lower <= ssm.n
    if eps > 0:
        bracket = dimension_bracket(phi, eps, starts=2, annihilator_seconds=2, stable=stable)
        assert bracket.lower <= ssm.n and bracket.lower <= bracket.upper


@pytest.mark.parametrize("seed", range(3))
def test_box_around_a_fitting_polynomial_is_never_certified(seed):
    """The box test itself: a box containing the poles of an SSM within eps must fail for every z
    (here random z and -z; without the eps term one of the two would pass)."""
    from numerics.realfit.annihilator import _Problem
    rng = np.random.default_rng(seed)
    poles = np.array([-0.5, 0.25, 0.75])
    ssm = DiagonalSSM(poles, rng.uniform(-2, 2, 3), np.ones(3), field="real")
    t = 9
    h = list(impulse_response(ssm, t, system="exact"))
    delta = [fmpq(int(x), 256) for x in rng.integers(-16, 17, t)]
    eps = sum((abs(d) for d in delta), fmpq(0))
    problem = _Problem([a + d for a, d in zip(h, delta)], eps, 3, 3)
    for width in (2.0**-20, 2.0**-6):
        for _ in range(4):
            z = rng.normal(size=t - 3)
            for sign in (1, -1):
                assert not problem.certify(poles - width, poles + width, sign * z)


def test_unstable_pole_is_covered_only_without_stability():
    """A growing response (pole 5/4): the stable bound may exceed 1, the all-poles bound must not."""
    h = [fmpq(5, 4) ** k for k in range(8)]
    assert annihilator_bound(h, fmpq(1, 100), 1, stable=False, max_degree=2, max_boxes=2000).lower <= 1
    assert annihilator_bound(h, fmpq(1, 100), 1, stable=True, max_degree=2, max_boxes=2000).lower >= 2


def test_bracket_closes_with_the_annihilator_and_its_witness_verifies():
    target = ComplexOscillator(18, *admissible_angle(fmpq(0)))
    eps = fmpq(1, 4)
    before = dimension_bracket(target, eps, starts=4)
    after = dimension_bracket(target, eps, starts=4, annihilator_seconds=10)
    assert before.lower <= after.lower <= after.upper <= before.upper
    assert after.lower > before.lower and "annihilating" in after.lower_how
    from numerics.realfit import verify_witness
    ok, error, _ = verify_witness(after.witness, target.values(256), eps, prec=256)
    assert ok and after.witness.n == after.upper and after.witness.stable


def test_bad_input_names_the_argument():
    with pytest.raises(InputError, match="d"):
        degree_certified([1, 2, 3], 0, 0)
    with pytest.raises(InputError, match="start"):
        annihilator_bound([1, 2, 3], 0, -1)
    with pytest.raises(InputError, match="max_seconds"):
        annihilator_bound([1, 2, 3], 0, 1, max_seconds=0)
    with pytest.raises(InputError, match="eps"):
        annihilator_bound([1, 2, 3], -1, 1)
    with pytest.raises(InputError, match="annihilator_seconds"):
        dimension_bracket([1, 2, 3], fmpq(1, 10), annihilator_seconds=-1)
    with pytest.raises(InputError, match="stable"):
        dimension_bracket([1, 2, 3], fmpq(1, 10), stable="yes")
