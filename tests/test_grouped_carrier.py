"""Lower bound 5 (numerics.realfit.grouped_carrier): the discs contain their arcs, the bound of one
split holds for every stable real-rooted polynomial of that split, it reaches beyond one group, it
never exceeds a verified stable real SSM, bad input."""
import math

import numpy as np
import pytest
from flint import fmpq
from hypothesis import given, settings, strategies as st

from numerics.errors import InputError
from numerics.realfit.carrier import (CERT_SAMPLES_PER_DEGREE, _circle, _coefficients, carrier_bound,
                                      degree_certified)
from numerics.realfit.dimension import dimension_bracket
from numerics.realfit.grouped_carrier import (SPLIT, _discs, _samples, _window, grouped_bound,
                                              grouped_degree_certified)
from numerics.realfit.varpro import spread_search
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle


def _floats(target):
    return float(target.theta(64).mid()), float(target.rho(64).mid())


def _float_discs(target):
    return [(complex(float(c.real.mid()), float(c.imag.mid())), float(R.mid())) for c, R in _discs(target, 128)]


@pytest.mark.parametrize("s", [fmpq(0), fmpq(1, 4), fmpq(1, 2), fmpq(1)])
def test_each_disc_contains_the_arc_of_its_roots(s):
    target = ComplexOscillator(20, *admissible_angle(s), g=fmpq(1, 3))
    theta, rho = _floats(target)
    conj_a = rho * np.exp(-1j * theta)
    for (centre, radius), (r0, r1) in zip(_float_discs(target), ((-1, SPLIT), (SPLIT, 1))):
        roots = np.linspace(r0, r1, 501)
        assert np.all(np.abs(conj_a / (conj_a - roots) - centre) <= radius * (1 + 1e-12))
        whole = 1 / (2 * abs(math.sin(theta)))                  # the whole circle's disc
        assert radius <= whole * (1 + 1e-12)
        if s == fmpq(1, 2):
            assert radius < 0.75 * whole


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-1, 0), min_size=0, max_size=3), st.lists(st.floats(0, 1), min_size=0, max_size=3),
       st.sampled_from([fmpq(0), fmpq(1, 2), fmpq(7, 8)]))
def test_the_bound_of_a_split_holds_for_its_stable_polynomials(left, right, s):
    """For P with d_1 roots in [-1, 0] and d_2 in [0, 1]: ||p * v||_inf <= |P(A)| K, K = max_m rho^(-(m-1))
    times the sampled maximum over the torus times its Bernstein factor (module docstring), in float64."""
    t = 16
    d1, d2 = len(left), len(right)
    if d1 + d2 == 0:
        return
    target = ComplexOscillator(t, *admissible_angle(s), g=fmpq(1, 5))
    theta, rho = _floats(target)
    discs = _float_discs(target)
    w = _window(t, d1, d2, _discs(target, 128), theta, rho)
    assert w is not None
    (c1, R1), (c2, R2) = discs
    full = np.zeros((t, 1), dtype=complex)
    full[: len(w), 0] = w
    table = np.array(_coefficients(full, t, d1, c1, R1, d2, c2, R2))[..., 0]
    n1, n2 = _samples(d1, CERT_SAMPLES_PER_DEGREE), _samples(d2, CERT_SAMPLES_PER_DEGREE)
    u1 = _circle(n1) if d1 else np.ones(1)
    u2 = _circle(n2) if d2 else np.ones(1)
    q = np.einsum("ai,bj,ijm->abm", u1[:, None] ** np.arange(d1 + 1), u2[:, None] ** np.arange(d2 + 1), table)
    factor = 1 / math.sqrt(1 - (math.pi * d1 / n1 + math.pi * d2 / n2) ** 2 / 2)
    scale = rho ** (-np.arange(t))
    K = (np.abs(q).max(axis=(0, 1)) * scale).max() * factor
    A = rho * np.exp(1j * theta)
    v = w * np.conj(A) ** (-np.arange(t - d1 - d2))
    p = np.array([1.0])
    for r in left + right:
        p = np.convolve(p, [-r, 1.0])
    lhs = np.abs(np.convolve(p, v)).max()
    assert lhs <= abs(np.polyval(p[::-1], A)) * K * (1 + 1e-9) + 1e-12


def test_two_groups_reach_beyond_one():
    """t = 18, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4: one group does not certify
    degree 12, two groups do (every stable real SSM within 1/4 has >= 13 states)."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    assert not degree_certified(target, eps, 12)[0]
    assert grouped_degree_certified(target, eps, 12)[0]


def test_the_bracket_closes_to_width_one_with_both_new_ends():
    """The same instance in dimension_bracket: one group and one tight cluster give [12, 15]; spread
    clusters and two groups give [13, 14]."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    before = dimension_bracket(target, eps, search=False, cluster_seconds=30, carrier=True)
    after = dimension_bracket(target, eps, search=False, cluster_seconds=30, spread_seconds=30, carrier=True,
                              grouped_seconds=60)
    assert (before.lower, before.upper) == (12, 15)
    assert (after.lower, after.upper) == (13, 14)
    assert "two groups" in after.lower_how and "spread cluster" in after.upper_how
    assert after.grouped.degrees[0][:2] == (12, True)


def test_the_lower_end_never_exceeds_a_verified_stable_ssm():
    """A verified stable real SSM (spread cluster) with n states and error e: at eps = e the bound,
    started from one group's lower end, stays <= n."""
    target = ComplexOscillator(18, *admissible_angle(fmpq(15, 32)))
    found = spread_search(target, fmpq(1, 4), low=13, high=15)
    assert found.witness is not None and found.witness.stable
    n, eps = found.witness.n, found.error
    start = carrier_bound(target, eps, 1, n).lower
    bound = grouped_bound(target, eps, start, target.t - 1, max_seconds=60)
    assert bound.lower <= n
    assert bound.degrees and not bound.degrees[-1][1]        # it stopped at a degree it could not certify


def test_bad_input_names_the_argument():
    target = ComplexOscillator(12, *admissible_angle(fmpq(0)))
    with pytest.raises(InputError, match="target"):
        grouped_degree_certified([1, 0, -1], fmpq(1, 10), 1)
    with pytest.raises(InputError, match="d:"):
        grouped_degree_certified(target, fmpq(1, 10), 0)
    with pytest.raises(InputError, match="max_seconds"):
        grouped_bound(target, fmpq(1, 10), 1, 5, max_seconds=0)
    with pytest.raises(InputError, match="start"):
        grouped_bound(target, fmpq(1, 10), -1, 5, max_seconds=1)
