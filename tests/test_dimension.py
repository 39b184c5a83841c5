"""numerics.realfit.dimension: rigorous lower bounds never beat an explicit SSM; witnesses re-verify exactly."""
import itertools
import subprocess
import sys

import numpy as np
import pytest
from flint import arb, fmpq
from hypothesis import given, settings, strategies as st

from conftest import coefficients, real_ssms
from numerics import DiagonalSSM, InputError, impulse_response
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.realfit.dimension import (change_costs, dimension_bracket, one_less_witness, sign_change_bound,
                                verify_witness)


def _changes(sequence) -> int:
    signs = [1 if x > 0 else -1 for x in sequence if x != 0]
    return sum(a != b for a, b in zip(signs, signs[1:]))


def _brute_costs(x, kmax):
    """min over kept subsets with <= k sign changes of the dropped mass (the definition, by brute force)."""
    best = [None] * (kmax + 1)
    for keep in itertools.product((False, True), repeat=len(x)):
        kept = [v for v, k in zip(x, keep) if k]
        dropped = sum((abs(v) for v, k in zip(x, keep) if not k), fmpq(0))
        changes = _changes(kept)
        for k in range(changes, kmax + 1):
            if best[k] is None or dropped < best[k]:
                best[k] = dropped
    return best


@given(st.lists(st.integers(-6, 6).map(lambda p: fmpq(p, 4)), min_size=1, max_size=8))
def test_change_costs_match_brute_force(x):
    kmax = len(x)
    assert change_costs(x, kmax) == _brute_costs(x, kmax)


def test_change_costs_small_cases():
    assert change_costs([1, -1, 1], 2) == [1, 1, 0]
    assert change_costs([3, -1, 0, 2, -5], 3) == [5, 1, 1, 0]


@settings(max_examples=30)
@given(real_ssms(max_n=5), st.integers(2, 14), st.lists(coefficients, min_size=14, max_size=14),
       st.integers(-12, 0))
def test_lower_bound_never_exceeds_an_explicit_ssm(ssm, t, noise, scale):
    """Any real SSM of dimension n eps-approximating phi (here the SSM itself, and phi perturbed by
    delta with eps = ||delta||_1 exactly) must have n >= lower."""
    h = list(impulse_response(ssm, t, system="exact"))
    delta = [fmpq(int(d * 1024), 1024) * fmpq(2) ** scale for d in noise[:t]]
    eps = sum((abs(d) for d in delta), fmpq(0))
    assert sign_change_bound(h, 0).lower <= ssm.n
    assert sign_change_bound([a + d for a, d in zip(h, delta)], eps).lower <= ssm.n
    bracket = dimension_bracket([a + d for a, d in zip(h, delta)], eps, search=False)
    assert bracket.lower <= ssm.n
    assert bracket.lower <= bracket.upper


def test_lower_bound_with_zero_and_repeated_poles():
    # pole 0 (0^0 = 1 touches only the first entry) and a repeated pole: still n - 1 changes at most
    ssm = DiagonalSSM([0.0, 0.5, 0.5, -0.5], [1.0, -3.0, 1.0, 2.0], [1.0, 1.0, 1.0, 1.0], field="real")
    h = list(impulse_response(ssm, 20, system="exact"))
    assert sign_change_bound(h, 0).lower <= 4


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


def test_exact_minimal_dimension_one_pole():
    phi = [fmpq(-1, 2) ** k for k in range(8)]
    bracket = dimension_bracket(phi, fmpq(1, 100))
    assert (bracket.lower, bracket.upper, bracket.exact) == (1, 1, True)
    assert dimension_bracket([fmpq(1, 1000), 0, 0], fmpq(1, 100)).upper == 0


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


@pytest.mark.parametrize("s, g, t", [(fmpq(0), fmpq(0), 18), (fmpq(1, 2), fmpq(0), 12), (fmpq(1, 4), fmpq(1, 3), 20)])
def test_oscillator_eps0_dimension_is_t_minus_1(s, g, t):
    """Lower bound 2 (Vandermonde rank) meets the one-less construction: n_min = t - 1 exactly."""
    target = ComplexOscillator(t, *admissible_angle(s), g=g)
    bracket = dimension_bracket(target, 0)
    assert (bracket.lower, bracket.upper) == (t - 1, t - 1) and bracket.exact
    # the ball witness contains an exact match: every difference ball contains 0
    response = impulse_response(bracket.witness, t, system="arb", prec=bracket.prec)
    assert all((a - b).contains(0) for a, b in zip(response, target.values(bracket.prec)))


def test_ball_witness_error_is_certified():
    target = ComplexOscillator(27, *admissible_angle(fmpq(0)))
    bracket = dimension_bracket(target, fmpq(1, 4), starts=4, search_max_n=10)
    assert bracket.lower <= bracket.upper <= 10
    ok, error, how = verify_witness(bracket.witness, target.values(256), fmpq(1, 4), prec=256)
    assert ok and error <= fmpq(1, 4) and "arb" in how
    assert bracket.sign_changes.sharp and bracket.system == "arb"


def test_bad_input_names_the_argument():
    with pytest.raises(InputError, match="eps"):
        dimension_bracket([1, 2], -1)
    with pytest.raises(InputError, match="eps"):
        dimension_bracket([1, 2], float("nan"))
    with pytest.raises(InputError, match="phi"):
        dimension_bracket([], 0)
    with pytest.raises(InputError, match="phi"):
        dimension_bracket([1.0, float("inf")], 0)
    with pytest.raises(InputError, match="phi"):
        dimension_bracket([1, 2j], 0)
    with pytest.raises(InputError, match="phi"):
        dimension_bracket([True, 1], 0)
    with pytest.raises(InputError, match="starts"):
        dimension_bracket([1, 2], 0, starts=0)
    with pytest.raises(InputError, match="t"):
        ComplexOscillator(0, fmpq(1, 2))


def test_oscillator_hypotheses():
    assert ComplexOscillator(9, *admissible_angle(0)).satisfies_hypotheses()
    assert ComplexOscillator(9, *admissible_angle(1)).satisfies_hypotheses()
    assert not ComplexOscillator(9, fmpq(1, 20)).satisfies_hypotheses()     # theta = pi/20: sin < 0.2
    assert not ComplexOscillator(9, fmpq(1, 2), beta=fmpq(1, 2)).satisfies_hypotheses()
    values = ComplexOscillator(5, fmpq(1, 2)).values()
    assert all(isinstance(v, arb) for v in values) and values[2].overlaps(-(arb(fmpq(1, 2)) ** arb(fmpq(2, 5))))


@pytest.mark.parametrize("statement", ["import numerics.realfit.dimension; import numerics.realfit",
                                       "import numerics.realfit; import numerics.realfit.dimension",
                                       "from numerics.realfit import dimension_bracket"])
def test_imports_have_no_cycle(statement):
    subprocess.run([sys.executable, "-c", statement], check=True, capture_output=True)


def test_proposition1_fallback_when_no_stable_one_less_pole():
    bracket = dimension_bracket([1, 2], 0)      # growing: no stable one-state SSM matches
    assert (bracket.lower, bracket.upper) == (1, 2)
    assert list(impulse_response(bracket.witness, 2, system="exact")) == [1, 2] and bracket.witness.stable
