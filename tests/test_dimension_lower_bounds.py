"""numerics.realfit.lower_bounds: the eps-robust sign-change bound never beats an explicit SSM."""
import itertools

from flint import fmpq
from hypothesis import given, settings, strategies as st

from conftest import coefficients, real_ssms
from numerics import DiagonalSSM, impulse_response
from numerics.realfit import change_costs, dimension_bracket, sign_change_bound


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
