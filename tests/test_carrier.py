"""Lower bound 4 (numerics.realfit.carrier): the two inequalities behind the certificate, checked
on random real-rooted polynomials; soundness against explicit real SSMs; the exactly known case
eps = 0; its reach beyond sign counting; bad input."""
import math

import numpy as np
import pytest
from flint import fmpq
from hypothesis import given, settings, strategies as st

from numerics.errors import InputError
from numerics.realfit.carrier import (CERT_SAMPLES_PER_DEGREE, _circle, _margin, _terms, carrier_bound,
                                      degree_certified, window)
from numerics.realfit.cluster import cluster_witness
from numerics.realfit.dimension import dimension_bracket
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from verify.checks.ranmilo.theorem1_instances import largest_refuting_dimension, printed_bound


def _float_bounds(w, t, d, theta, rho):
    """float64 ``(K, K')`` of (3): the triangle bound and the sampled coincidence bound (with its factor)."""
    terms = _terms(w, t, d, theta)
    scale = rho ** (-np.arange(t))
    samples = CERT_SAMPLES_PER_DEGREE * d + 16
    q = (_circle(samples)[:, None] ** np.arange(d + 1)[None, :]) @ terms
    sampled = np.abs(q).max(axis=0) / math.cos(math.pi * d / (2 * samples))
    return (np.abs(terms).sum(axis=0) * scale).max(), (np.minimum(np.abs(terms).sum(axis=0), sampled) * scale).max()


def _target_floats(target):
    theta, rho = float(target.theta(64).mid()), float(target.rho(64).mid())
    c = float(target.beta) * np.exp(1j * math.pi * float(target.g.p) / float(target.g.q))
    return theta, rho, c


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-3, 3, allow_nan=False), min_size=4, max_size=4), st.integers(0, 2),
       st.sampled_from([fmpq(0), fmpq(1, 3), fmpq(7, 8)]), st.sampled_from([fmpq(0), fmpq(1, 4), fmpq(1)]))
def test_both_inequalities_hold_for_real_rooted_polynomials(roots, extra, g, s):
    """For P = prod (X - r) with any real roots and z_k = Re(e^(i chi) w_k conj(A)^(1-k)),
    chi = arg(c P(A)) - arg W: <z, P(S) phi> >= |c||P(A)|(|W| - |W_2|)/2 and ||p * z||_inf <= |P(A)| K
    (the module docstring's (2) and (3), K the coincidence bound, itself below the triangle bound), in
    float64 with a relative slack of 1e-9."""
    t = 24
    target = ComplexOscillator(t, *admissible_angle(s), g=g)
    theta, rho, c = _target_floats(target)
    roots = list(roots) + [0.0] * extra
    d = len(roots)
    w = window(t, d, theta, rho)
    assert w is not None
    A = rho * np.exp(1j * theta)
    k = np.arange(t)
    phi = np.real(c * A ** k)
    p = np.array([1.0])
    for r in roots:
        p = np.convolve(p, [-r, 1.0])                  # ascending coefficients
    PA = np.polyval(p[::-1], A)
    alpha = c * PA
    L = t - d
    W, W2 = w.sum(), abs(np.sum(w * np.exp(2j * theta * np.arange(L))))
    z = np.real(np.exp(1j * (np.angle(alpha) - np.angle(W))) * w * np.conj(A) ** (-np.arange(L)))
    Pphi = np.array([p @ phi[j:j + d + 1] for j in range(L)])
    lhs = z @ Pphi
    assert lhs >= abs(c) * abs(PA) * (abs(W) - W2) / 2 * (1 - 1e-9) - 1e-12
    triangle, K = _float_bounds(w, t, d, theta, rho)
    assert K <= triangle
    assert np.max(np.abs(np.convolve(p, z))) <= abs(PA) * K * (1 + 1e-9) + 1e-12


@pytest.mark.parametrize("d", [1, 3, 6])
def test_one_repeated_root_attains_the_coincidence_bound(d):
    """P = (X - r)^d, r over the real line: the bound of (3) holds for every r and is nearly attained
    (the worst polynomials have all their roots in one point), while the triangle bound exceeds it."""
    t = 20
    target = ComplexOscillator(t, *admissible_angle(fmpq(1, 3)), g=fmpq(1, 5))
    theta, rho, _ = _target_floats(target)
    w = window(t, d, theta, rho)
    triangle, K = _float_bounds(w, t, d, theta, rho)
    A = rho * np.exp(1j * theta)
    v = w * np.conj(A) ** (-np.arange(t - d))

    def ratio(root):
        p = np.poly1d([1.0, -root]) ** d
        return np.max(np.abs(np.convolve(p.coeffs[::-1], v))) / abs(p(A))

    grid = np.tan(np.linspace(-math.pi / 2, math.pi / 2, 2001)[1:-1])      # the real line, densely
    ratios = [ratio(x) for x in grid]
    assert max(ratios) <= K * (1 + 1e-9)
    assert max(ratios) >= K / 1.05
    assert d == 1 or triangle > 1.05 * K


def test_the_arb_margin_agrees_with_float64():
    """The certified margin of (4) contains (to float accuracy) the float64 value of the same formula."""
    t, d, eps = 30, 4, fmpq(1, 10)
    target = ComplexOscillator(t, *admissible_angle(fmpq(1, 8)), g=fmpq(1, 3), beta=fmpq(3, 2))
    theta, rho, c = _target_floats(target)
    w = window(t, d, theta, rho)
    W, W2 = w.sum(), abs(np.sum(w * np.exp(2j * theta * np.arange(t - d))))
    K = _float_bounds(w, t, d, theta, rho)[1]
    expected = abs(c) * (abs(W) - W2) / 2 - float(eps) * K
    margin = _margin(target, eps, d, w)
    assert abs(float(margin.mid()) - expected) <= 1e-9 * max(1.0, abs(expected))
    assert margin.rad() < 1e-30


@pytest.mark.parametrize("t, s, g, n", [(27, fmpq(0), fmpq(0), 9), (45, fmpq(0), fmpq(1, 2), 12),
                                        (45, fmpq(1), fmpq(1, 3), 12)])
def test_the_lower_end_never_exceeds_an_explicit_real_ssm(t, s, g, n):
    """A verified one-cluster real SSM with n states and error e: at eps = e the carrier bound stays
    <= n, however far up it is allowed to try (soundness against an explicit SSM)."""
    target = ComplexOscillator(t, *admissible_angle(s), g=g)
    base = 1.0 if s < fmpq(1, 2) else -1.0
    found = cluster_witness(target, fmpq(1000), n, base=base)
    assert found.ok
    eps = found.error
    bound = carrier_bound(target, eps, 1, t - 1)
    assert bound.lower <= n
    assert any(ok for _, ok, _ in bound.degrees)      # and it certifies something


@pytest.mark.parametrize("t", [8, 13])
def test_eps_zero_gives_exactly_t_minus_one(t):
    """At eps = 0 the minimal real dimension is t - 1 (Vandermonde rank): degree t - 2 is certified,
    degree t - 1 (a window of one entry, W = |W_2|) is not."""
    target = ComplexOscillator(t, *admissible_angle(fmpq(1, 3)), g=fmpq(1, 5))
    assert degree_certified(target, 0, t - 2)[0]
    assert not degree_certified(target, 0, t - 1)[0]
    assert carrier_bound(target, 0, 1, t - 1).lower == t - 1


def test_it_reaches_beyond_sign_counting_and_decides_theorem_1_near_the_end_of_the_range():
    """arg A = asin 0.2, t = 90, eps = 1/4: sign changes give 7 < 8 = the printed bound; the carrier
    certifies degree 7 (n >= 8) inside the bracket, below the verified upper end."""
    target, eps = ComplexOscillator(90, *admissible_angle(fmpq(0))), fmpq(1, 4)
    bound = printed_bound(90, eps)
    needed = largest_refuting_dimension(bound)           # ceil(bound) - 1: its certificate gives n >= bound
    signs = dimension_bracket(target, eps, search=False)
    carried = dimension_bracket(target, eps, search=False, carrier=True, carrier_max_degree=needed)
    assert signs.lower < bound <= carried.lower <= carried.upper
    assert carried.carrier is not None and carried.carrier.degrees[0][:2] == (needed, True)
    assert "windowed carrier" in carried.lower_how


def test_a_budget_gallops_up_from_the_lower_end_and_stops_when_spent():
    """With max_seconds the degrees are tried from the lower end upwards (doubling steps, then
    bisection), reaching the same lower end as the search from the top here; a spent budget tries
    nothing and returns the lower end it was given."""
    target, eps = ComplexOscillator(27, *admissible_angle(fmpq(1, 4)), g=fmpq(1, 3)), fmpq(1, 20)
    unlimited = carrier_bound(target, eps, 3, 25)
    budgeted = carrier_bound(target, eps, 3, 25, max_seconds=600)
    assert unlimited.degrees[0][0] == 25 and budgeted.degrees[0][0] == 3
    assert budgeted.lower == unlimited.lower > 3
    certified = [d for d, ok, _ in budgeted.degrees if ok]
    assert certified == sorted(certified) and max(certified) == budgeted.lower - 1
    spent = carrier_bound(target, eps, 3, 25, max_seconds=1e-9)
    assert spent.degrees == () and spent.lower == 3
    assert dimension_bracket(target, eps, search=False, carrier=True, carrier_seconds=1e-9).carrier.degrees == ()


def test_bad_input_names_the_argument():
    target = ComplexOscillator(12, *admissible_angle(fmpq(0)))
    with pytest.raises(InputError, match="target"):
        degree_certified([1, 0, -1], fmpq(1, 10), 1)
    with pytest.raises(InputError, match="d:"):
        degree_certified(target, fmpq(1, 10), 12)
    with pytest.raises(InputError, match="target"):
        degree_certified(ComplexOscillator(12, fmpq(0), fmpq(0)), fmpq(1, 10), 2)
    with pytest.raises(InputError, match="start"):
        carrier_bound(target, fmpq(1, 10), -1, 5)
    with pytest.raises(InputError, match="eps"):
        carrier_bound(target, fmpq(-1, 10), 1, 5)
    with pytest.raises(InputError, match="carrier"):
        dimension_bracket(target, fmpq(1, 10), search=False, carrier=1)
    with pytest.raises(InputError, match="max_seconds"):
        carrier_bound(target, fmpq(1, 10), 1, 5, max_seconds=0)
    with pytest.raises(InputError, match="carrier_seconds"):
        dimension_bracket(target, fmpq(1, 10), search=False, carrier=True, carrier_seconds=-1)
