"""The certified bracket of the true optimum ``truth(phi, eps)`` (numerics.realfit.l1, the driver).

``truth(phi, eps)`` is the smallest ``||w||_1`` of a real SSM (|A_ii| <= 1) whose impulse response
eps-approximates ``phi`` up to time t in l1 -- the largest right-hand side that any statement of
the form of Theorem 2 (Ran-Milo et al. 2024) could have.

Closed forms used below.

* ``phi = e_k`` (a 1 at 1-based index k), eps = 0.  By LP duality (see numerics.realfit.dual)
  ``truth = max { c_k : |sum_i c_i x^(i-1)| <= 1 on [-1, 1] }``, the largest possible coefficient of
  ``x^(k-1)`` in a polynomial of degree <= n = t - 1 bounded by 1 on [-1, 1].  V. A. Markov's
  theorem gives it: ``|[x^(k-1)] T_n|`` if ``n - (k-1)`` is even, else ``|[x^(k-1)] T_(n-1)|``.  In
  particular ``e_t`` gives ``2^(t-2)`` (t >= 2) and ``e_1`` gives 1; the delay target of Corollary 1
  is ``e_(floor((t-1)/2)+1)``.
* A single exponential ``phi_k = a^(k-1)``, ``|a| <= 1``: one state (A = a, B = C = 1) gives
  ||w||_1 = 1, and the dual ``p = 1`` gives ``truth >= phi_1 = 1``; so truth = 1.
* ``phi = (c, 0, ..., 0)`` and eps >= 0: ``truth = max(|c| - eps, 0)`` (A = 0 and B = c - sign(c) eps
  is feasible; the dual p = 1 gives ``|c| - eps``).
* t = 2: the dual is ``max c1 p1 + c2 p2 - eps max(|c1|, |c2|)`` over ``|c1| + |c2| <= 1`` (that is
  ``|c1 + c2 x| <= 1`` on [-1, 1]); the objective is linear on each of the regions ``|c1| >= |c2|``,
  ``|c1| <= |c2|``, whose vertices are 0, (+-1, 0), (0, +-1), (+-1/2, +-1/2); so
  ``truth = max(0, |p1| - eps, |p2| - eps, (|p1| + |p2| - eps) / 2)``.

General facts checked on instances: truth is non-increasing and convex in eps (the value function
of an LP in its right-hand side), ``truth(eps) >= (<c, phi> - eps ||c||_inf) / S`` for the eps = 0
certificate (weak duality), homogeneous (``truth(phi / s, eps / s) = truth(phi, eps) / s``), and 0
exactly when ``||phi||_1 <= eps``.
"""
from fractions import Fraction

import numpy as np
import pytest
import sympy
from flint import arb, ctx, fmpq

from numerics import DiagonalSSM, InputError, impulse_response, make_target
from numerics.ssm.constructions import roots_of_unity_ssm
from numerics.realfit import L1Bracket, certified_lower_bound, min_l1_weight, monomial_coefficients
from numerics.ssm.systems import to_fmpq


def markov(t: int, k: int) -> int:
    """V. A. Markov's bound on the coefficient of x^(k-1), degree <= t-1, sup norm 1 on [-1, 1]."""
    n, m = t - 1, k - 1
    degree = n if (n - m) % 2 == 0 else n - 1
    coeffs = sympy.Poly(sympy.chebyshevt_poly(degree, sympy.Symbol("x")), sympy.Symbol("x")).all_coeffs()[::-1]
    return abs(int(coeffs[m])) if m < len(coeffs) else 0


def contains(bracket: L1Bracket, value) -> bool:
    value = to_fmpq(value)
    return bracket.lower_q <= value <= bracket.upper_q and bracket.lower <= float(value) <= bracket.upper


def check_witness(bracket: L1Bracket, phi, eps=0) -> None:
    """Re-verify the witness from scratch: exact response within eps of phi, ||w||_1 <= upper."""
    ssm = bracket.witness
    assert ssm.field == "real"
    assert all(abs(to_fmpq(a)) <= 1 for a in ssm.A)
    t = len(phi)
    h = impulse_response(ssm, t, system="exact")
    assert sum((abs(x - to_fmpq(p)) for x, p in zip(h, phi)), fmpq(0)) <= to_fmpq(eps)
    weight = sum((abs(to_fmpq(b) * to_fmpq(c)) for b, c in zip(ssm.B, ssm.C)), fmpq(0))
    assert weight <= bracket.upper_q and float(weight) <= bracket.upper * (1 + 1e-15)


# --------------------------------------------------------------------------------------------
# closed forms
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("t,k", [(1, 1), (2, 1), (2, 2), (3, 2), (3, 3), (5, 1), (5, 2), (5, 4), (8, 3), (8, 8),
                                 (13, 6), (13, 7), (16, 1), (16, 9), (21, 11), (24, 12), (24, 24)])
def test_unit_targets_give_markov_coefficients(t, k):
    phi = [0] * t
    phi[k - 1] = 1
    bracket = min_l1_weight(phi)
    assert contains(bracket, markov(t, k))
    assert bracket.relative_gap <= 1e-6 and bracket.converged
    check_witness(bracket, phi)


@pytest.mark.parametrize("t", [2, 3, 9, 17, 24])
def test_last_unit_vector_gives_power_of_two(t):
    phi = [0] * (t - 1) + [1]
    assert contains(min_l1_weight(phi), 2 ** (t - 2))


@pytest.mark.parametrize("t", [9, 12, 16, 20])
def test_delay_target_of_corollary_1(t):
    target = make_target("delay", t)
    bracket = min_l1_weight(target)
    assert contains(bracket, markov(t, (t - 1) // 2 + 1))
    check_witness(bracket, list(target.values("exact")))


@pytest.mark.parametrize("a", [Fraction(1, 2), Fraction(-3, 7), Fraction(9, 10), Fraction(1), Fraction(-1),
                               Fraction(0)])
@pytest.mark.parametrize("t", [5, 12, 20])
def test_single_exponential_has_truth_one(a, t):
    phi = [a**k for k in range(t)]
    bracket = min_l1_weight(phi)
    assert contains(bracket, 1)
    assert bracket.relative_gap <= 1e-6
    check_witness(bracket, phi)


@pytest.mark.parametrize("c", [Fraction(3, 4), Fraction(-5, 2), Fraction(1, 3)])
@pytest.mark.parametrize("eps", [Fraction(0), Fraction(1, 10), Fraction(1, 2), Fraction(4)])
def test_first_unit_vector_with_eps(c, eps):
    phi = [c] + [0] * 6
    bracket = min_l1_weight(phi, eps)
    assert contains(bracket, max(abs(c) - eps, 0))
    check_witness(bracket, phi, eps)


@pytest.mark.parametrize("seed", range(6))
def test_two_steps_closed_form(seed):
    rng = np.random.default_rng(seed)
    p1, p2 = (Fraction(int(v), 16) for v in rng.integers(-32, 33, 2))
    for eps in (Fraction(0), Fraction(1, 8), Fraction(int(rng.integers(1, 40)), 16)):
        truth = max(Fraction(0), abs(p1) - eps, abs(p2) - eps, (abs(p1) + abs(p2) - eps) / 2)
        bracket = min_l1_weight([p1, p2], eps)
        assert contains(bracket, truth), (p1, p2, eps)
        check_witness(bracket, [p1, p2], eps)


# --------------------------------------------------------------------------------------------
# general properties on instances
# --------------------------------------------------------------------------------------------
def test_eps_monotone_convex_and_weak_duality():
    phi = list(make_target("random", 10, seed=3).values("exact"))
    epsilons = [Fraction(0), Fraction(1, 16), Fraction(1, 8), Fraction(1, 4), Fraction(1, 2), Fraction(1)]
    brackets = [min_l1_weight(phi, e) for e in epsilons]
    for bracket, eps in zip(brackets, epsilons):
        check_witness(bracket, phi, eps)
        assert bracket.relative_gap <= 1e-6
    for smaller, larger in zip(brackets, brackets[1:]):       # non-increasing
        assert larger.lower_q <= smaller.upper_q
    for i in range(len(epsilons) - 2):                         # convex: truth(mid) <= chord
        if epsilons[i + 1] * 2 == epsilons[i] + epsilons[i + 2]:
            assert 2 * brackets[i + 1].lower_q <= brackets[i].upper_q + brackets[i + 2].upper_q
    cert0 = brackets[0].certificate
    c = monomial_coefficients(cert0.coefficients)
    for bracket, eps in zip(brackets, epsilons):               # weak duality with the eps = 0 dual
        implied = brackets[0].lower_q - to_fmpq(eps) * max(abs(x) for x in c) / cert0.S
        assert implied <= bracket.upper_q
        assert certified_lower_bound(cert0, phi, eps) <= bracket.upper


def test_zero_exactly_when_eps_covers_the_target():
    phi = [Fraction(1, 2), Fraction(-1, 4), Fraction(1, 8)]
    at_norm = min_l1_weight(phi, Fraction(7, 8))
    assert at_norm.lower == at_norm.upper == 0.0
    check_witness(at_norm, phi, Fraction(7, 8))
    below = min_l1_weight(phi, Fraction(7, 8) - Fraction(1, 1000))
    assert below.lower > 0


def test_homogeneity():
    phi = [Fraction(int(v), 7) for v in np.random.default_rng(5).integers(-20, 21, 9)]
    scale = Fraction(3, 1024)
    base = min_l1_weight(phi, Fraction(1, 10))
    scaled = min_l1_weight([p * scale for p in phi], Fraction(1, 10) * scale)
    assert scaled.lower_q <= base.upper_q * to_fmpq(scale) and base.lower_q * to_fmpq(scale) <= scaled.upper_q


def test_floats_are_taken_exactly():
    phi = np.array([0.1, -0.7, 0.30000000000000004, 1e-3, 0.25, -0.5])
    bracket = min_l1_weight(phi)
    check_witness(bracket, [to_fmpq(float(x)) for x in phi])
    assert bracket.system == "exact"


def test_trivial_cases():
    single = min_l1_weight([Fraction(-3, 2)], Fraction(1, 2))
    assert contains(single, 1)
    check_witness(single, [Fraction(-3, 2)], Fraction(1, 2))
    zero = min_l1_weight([0, 0, 0, 0])
    assert zero.lower == zero.upper == 0.0 and zero.relative_gap == 0.0


@pytest.mark.parametrize("name", ["delay", "oscillation", "random"])
def test_paper_targets_tight(name):
    target = make_target(name, 24, seed=0)
    bracket = min_l1_weight(target)
    assert bracket.relative_gap <= 1e-6 and bracket.lower > 0
    check_witness(bracket, list(target.values("exact")))


def test_targets_from_complex_ssms():
    t = 14
    rng = np.random.default_rng(7)
    ssm = DiagonalSSM(np.array([0.9 * np.exp(0.7j), 0.5j]), np.array([1.0, 0.3 + 0.1j]), np.array([1.0, 1.0]))
    prop3 = roots_of_unity_ssm(list(rng.uniform(-1, 1, t)))
    for source in (ssm, prop3):
        phi = list(impulse_response(source, t, system="exact"))
        bracket = min_l1_weight(phi)
        assert bracket.relative_gap <= 1e-6
        check_witness(bracket, phi)


# --------------------------------------------------------------------------------------------
# ball targets
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("eps", [Fraction(0), Fraction(1, 50)])
def test_normalised_targets_in_arb(eps):
    t = 12
    target = make_target("random", t, seed=1, normalized=True)   # irrational norm: arb balls
    bracket = min_l1_weight(target, eps)
    assert bracket.system == "arb" and bracket.relative_gap <= 1e-6
    raw = min_l1_weight(make_target("random", t, seed=1), 0)
    with ctx.workprec(256):
        norm = arb(make_target("random", t, seed=1).squared_norm()).sqrt()
        if eps == 0:   # homogeneity: truth(phi / ||phi||) = truth(phi) / ||phi||
            assert arb(bracket.lower_q) <= arb(raw.upper_q) / norm and arb(raw.lower_q) / norm <= arb(bracket.upper_q)
        values = target.values("arb", prec=256)
        if bracket.witness.has_ball_parameters:
            h = impulse_response(bracket.witness, t, system="arb", prec=256)
            assert all(x.overlaps(v) for x, v in zip(h, values))
        else:
            h = impulse_response(bracket.witness, t, system="exact")
            assert sum((abs(arb(x) - v) for x, v in zip(h, values)), arb(0)) <= arb(to_fmpq(eps))
    balls = list(target.values("arb", prec=200))
    assert contains(min_l1_weight(balls, eps), bracket.lower_q)


# --------------------------------------------------------------------------------------------
# certificates
# --------------------------------------------------------------------------------------------
def test_simple_certificate_for_markov_targets():
    bracket = min_l1_weight([0] * 9 + [1])
    assert bracket.certificate.S == 1 and bracket.certificate.degree == 9
    # the poles are the extrema cos(k pi / 9) of T_9 rounded to 64-bit dyadics: the witness's
    # ||w||_1 exceeds 2^8 only to second order in the rounding
    assert bracket.lower_q == 2**8 and 0 <= bracket.upper_q - 2**8 <= fmpq(1, 10**20)


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("phi,eps,match", [
    ([], 0, "phi"),
    ([1.0, float("nan")], 0, "phi"),
    ([1.0, float("inf")], 0, "phi"),
    ([1, 2j], 0, "phi"),
    ([True, 1], 0, "phi"),
    ("abc", 0, "phi"),
    ([1, 2], -1, "eps"),
    ([1, 2], float("nan"), "eps"),
    ([1, 2], Fraction(-1, 3), "eps"),
    ([1, 2], True, "eps"),
])
def test_bad_input(phi, eps, match):
    with pytest.raises(InputError, match=match):
        min_l1_weight(phi, eps)


def test_bad_options():
    with pytest.raises(InputError, match="rel_tol"):
        min_l1_weight([1, 2], rel_tol=0)
    with pytest.raises(InputError, match="max_iter"):
        min_l1_weight([1, 2], max_iter=0)


def test_module_doctests():
    import doctest

    import numerics.realfit.l1 as realfit
    assert doctest.testmod(realfit).failed == 0


def test_valid_bracket_without_the_lp(monkeypatch):
    """If HiGHS fails, the bracket falls back to the best +-T_j dual and a Chebyshev-extrema witness."""
    import numerics.realfit.proposal as proposal     # where _propose looks _lp up
    from numerics.errors import PrecisionError

    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise PrecisionError("simulated LP failure")
    monkeypatch.setattr(proposal, "_lp", broken)
    phi = list(make_target("random", 10, seed=3).values("exact"))   # seed 3 needs the LP (seed 4 does not)
    bracket = min_l1_weight(phi)
    assert calls, "the patched LP was never called"
    check_witness(bracket, phi)
    assert 0 < bracket.lower <= bracket.upper
