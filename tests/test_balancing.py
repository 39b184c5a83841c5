"""numerics.realfit.balancing: Definitions 3-5 and Remark 1 of Ran-Milo et al. (Appendix D.2.1), the balancing
number against an independent brute-force definition, Lemmas 1, 2, 5, Corollary 4, and the counting
helpers of Theorem 1's proof."""
import itertools
import math
from fractions import Fraction

import mpmath
import pytest
import sympy
from flint import acb, arb, fmpq
from hypothesis import given, settings, strategies as st

from numerics.realfit.balancing import (alternation_length, balancing_at_most, balancing_number, fewest_alternations,
                                fewest_disagreements, is_balanced, labels, largest_gap, pi_times, region,
                                shift_test, sign_changes)
from numerics.errors import InputError, PrecisionError

# Definition 3 in turns, written out again (independently of numerics.realfit.balancing.REGIONS).
ARCS = ((Fraction(-1, 6), Fraction(1, 6)), (Fraction(1, 3), Fraction(2, 3)))


# ---------------------------------------------------------------------------------------------
# The brute-force definition: test many shifts b directly.

def _inside(x, low, high, one):
    """x mod 1 in the closed arc [low, high] (turns), by direct comparison."""
    return (x - low) % one <= high - low


def brute_beta(u, p_max: int, one=Fraction(1), samples: int = 97):
    """Definition 5 by testing shifts: every breakpoint, the midpoint of every pair of consecutive
    breakpoints, and ``samples`` evenly spread points; each point counted directly."""
    arcs = [tuple(one * f.numerator / f.denominator for f in arc) for arc in ARCS]
    for p in range(1, p_max + 1):
        breaks = sorted({(end - j * u) % one for low, high in arcs for end in (low, high) for j in range(1, p + 1)})
        middles = [(a + b) / 2 for a, b in zip(breaks, breaks[1:])] + [((breaks[-1] + breaks[0] + one) / 2) % one]
        shifts = breaks + middles + [one * i / samples for i in range(samples)]
        if all(all(6 * sum(_inside(c + j * u, low, high, one) for j in range(1, p + 1)) >= p for low, high in arcs)
               for c in shifts):
            return p
    return None


@settings(max_examples=25)
@given(st.integers(1, 30).flatmap(lambda q: st.tuples(st.integers(1, 2 * q - 1), st.just(q))))
def test_beta_agrees_with_brute_force_on_random_exact_angles(fraction):
    a, q = fraction
    exact = balancing_number(pi_times(a, q), p_max=24)
    assert exact == brute_beta(Fraction(a, 2 * q), 24)


@settings(max_examples=12)
@given(st.floats(0.05, 2 * math.pi - 0.05))
def test_beta_of_float_angles_agrees_with_brute_force_in_high_precision(theta):
    certified = balancing_number(theta, p_max=16)
    with mpmath.workdps(60):
        u = mpmath.mpf(theta) / (2 * mpmath.pi)
        assert certified == brute_beta(u, 16, one=mpmath.mpf(1))


def test_beta_known_values_by_hand():
    # 2pi/3: three points 120 degrees apart meet every closed 120-degree arc; two points do not.
    assert balancing_number(pi_times(2, 3)) == 3
    # pi/4: eight points 45 degrees apart; seven leave a 120-degree arc with one point (< 7/6).
    assert balancing_number(pi_times(1, 4)) == 8
    # pi: b = pi/2 puts every point at pi/2 or 3pi/2, in neither region -- infinite.
    assert balancing_number(sympy.pi, p_max=40) is None
    assert balancing_number(0.0, p_max=10) is None  # theta = 0: all points at b
    assert balancing_at_most(pi_times(1, 5), 9) and not balancing_at_most(pi_times(1, 5), 8)


def test_shift_test_reports_a_worst_shift_that_rechecks():
    test = shift_test(pi_times(2, 11), 9)  # beta(2pi/11) = 10, so p = 9 fails for some b
    assert not test.balanced
    name = min(test.least, key=lambda n: 6 * test.least[n] - 9)
    c = Fraction(int(test.worst_shift[name].p), int(test.worst_shift[name].q))
    low, high = ARCS[0] if name == "positive" else ARCS[1]
    count = sum(_inside(c + j * Fraction(1, 11), low, high, Fraction(1)) for j in range(1, 10))
    assert count == test.least[name] and 6 * count < 9


def test_a_ball_around_a_rational_multiple_of_pi_is_refused():
    with pytest.raises(PrecisionError, match="multiple of pi"):
        balancing_number(arb.pi() / 4, p_max=10, max_prec=256)


@pytest.mark.parametrize("bad, message", [(Fraction(1, 3), "ambiguous"), (float("nan"), "finite"),
                                          (sympy.Symbol("x"), "not a real"), ("pi", "cannot read")])
def test_bad_angles_are_refused(bad, message):
    with pytest.raises(InputError, match=message):
        balancing_number(bad)


def test_bad_sizes_are_refused():
    with pytest.raises(InputError, match="p_max"):
        balancing_number(sympy.pi / 3, p_max=0)
    with pytest.raises(InputError, match="p"):
        shift_test(sympy.pi / 3, 0)


# ---------------------------------------------------------------------------------------------
# Definition 3, Remark 1, Definition 4.

@settings(max_examples=60)
@given(st.integers(-50, 50), st.integers(-50, 50))
def test_remark1_both_directions_on_gaussian_integers(a, b):
    if a == 0 and b == 0:
        return
    # Re x >= |x|/2 iff a >= 0 and 4a^2 >= a^2 + b^2; 3a^2 = b^2 has no non-zero integer solution, so arb decides
    positive = a >= 0 and 3 * a * a >= b * b
    negative = a <= 0 and 3 * a * a >= b * b
    name = region(acb(a, b).arg())
    assert (name == "positive") == positive
    assert (name == "negative") == negative


def test_remark1_on_exact_angles_including_the_boundaries():
    for a in range(0, 24):
        theta = pi_times(a, 12)
        c = sympy.cos(theta)
        name = region(theta)
        assert (name == "positive") == bool(c >= sympy.Rational(1, 2))
        assert (name == "negative") == bool(c <= -sympy.Rational(1, 2))
    assert region(sympy.pi / 3) == "positive" and region(2 * sympy.pi / 3) == "negative"  # closed regions
    assert region(sympy.pi / 2) is None and region(-sympy.pi / 3) == "positive"


def test_definition4_counts_a_sixth_in_each_region():
    assert is_balanced([0, sympy.pi, sympy.pi / 2, sympy.pi / 2, sympy.pi / 2, sympy.pi / 2])
    assert not is_balanced([0, sympy.pi / 2, sympy.pi / 2, sympy.pi / 2, sympy.pi / 2, sympy.pi / 2, sympy.pi / 2])
    with pytest.raises(InputError):
        is_balanced([])


# ---------------------------------------------------------------------------------------------
# Lemmas 5, 1, 2 and Corollary 4.

@settings(max_examples=40)
@given(st.integers(2, 40).flatmap(lambda q: st.tuples(st.integers(1, 2 * q - 1), st.just(q))), st.integers(0, 3),
       st.fractions(0, 1))
def test_lemma5_every_closed_arc_of_length_theta_is_hit(fraction, extra, start):
    a, q = fraction
    u = Fraction(a, 2 * q)
    p = math.ceil(1 / u) + extra
    gap = largest_gap(pi_times(a, q), p)
    assert gap <= fmpq(a, 2 * q)
    points = [(j * u) % 1 for j in range(1, p + 1)]  # any shift b: rotate the arc instead
    assert any(_inside(x, start, start + u, Fraction(1)) for x in points)


def test_lemma5_needs_its_hypothesis():
    # p theta < 2pi: four points 72 degrees apart leave a gap of 144 degrees > theta
    assert largest_gap(pi_times(2, 5), 4) == fmpq(2, 5)


def test_lemma1_and_corollary4_on_a_small_exact_grid():
    for q in range(1, 13):
        for a in range(1, 2 * q):
            r = Fraction(a, q)
            if math.gcd(a, q) != 1:
                continue
            theta = pi_times(a, q)
            if r <= Fraction(2, 3):  # Lemma 1, case 1 with the least p
                assert balancing_at_most(theta, max(4, math.ceil(2 / r)))
            if 1 < r <= Fraction(4, 3):  # Lemma 1, case 2
                assert balancing_at_most(theta, max(9, 1 + math.ceil(2 / (r - 1))))
            rest = r % 1
            if rest:  # Corollary 4
                assert balancing_at_most(theta, max(9, 1 + math.ceil(2 / min(rest, 1 - rest))))


@settings(max_examples=30)
@given(st.integers(1, 30).flatmap(lambda q: st.tuples(st.integers(1, 2 * q - 1), st.just(q))))
def test_lemma2_symmetry_and_periodicity(fraction):
    a, q = fraction
    value = balancing_number(pi_times(a, q), p_max=30)
    assert value == balancing_number(pi_times(2 * q - a, q), p_max=30)  # -theta
    assert value == balancing_number(pi_times(a + 2 * q, q), p_max=30)  # theta + 2pi


# ---------------------------------------------------------------------------------------------
# Counting helpers of the proof of Theorem 1.

def test_alternation_length_and_sign_changes():
    assert alternation_length([0, 1, 1, 0, -1, 1, 0]) == 3
    assert alternation_length([0, 0]) == 0
    assert sign_changes([fmpq(1), fmpq(0), fmpq(-2), fmpq(-1), fmpq(3)]) == 2
    assert sign_changes([]) == 0


@settings(max_examples=20)
@given(st.integers(1, 20).flatmap(lambda q: st.tuples(st.integers(1, 2 * q - 1), st.just(q))), st.integers(1, 40))
def test_fewest_alternations_agrees_with_shifts_tested_one_by_one(fraction, count):
    a, q = fraction
    theta = pi_times(a, q)
    least, shift = fewest_alternations(theta, [count])[count]
    u = Fraction(a, 2 * q)
    breaks = sorted({(end - k * u) % 1 for low, high in ARCS for end in (low, high) for k in range(count)})
    middles = [(x + y) / 2 for x, y in zip(breaks, breaks[1:])] + [((breaks[-1] + breaks[0] + 1) / 2) % 1]
    brute = min(alternation_length(labels(theta, 2 * sympy.pi * sympy.Rational(c.numerator, c.denominator), count))
                for c in middles + breaks)
    assert least == brute
    assert alternation_length(labels(theta, 2 * sympy.pi * sympy.Rational(int(shift.p), int(shift.q)), count)) == least


def test_fewest_disagreements_agrees_with_enumeration():
    for length in range(0, 7):
        z = [(-1) ** j for j in range(length)]
        for changes in range(0, 4):
            brute = min(sum(a * b <= 0 for a, b in zip(y, z))
                        for y in itertools.product((-1, 0, 1), repeat=length)
                        if alternation_length(y) - 1 <= changes)
            assert fewest_disagreements(length, changes) == brute


def test_beta_of_a_sympy_angle_that_is_not_a_rational_multiple_of_pi():
    # 2 arcsin(1/5): the doubled boundary angle of Theorem 1's hypothesis (evaluated with arb balls)
    theta = 2 * sympy.asin(sympy.Rational(1, 5))
    with mpmath.workdps(60):
        u = 2 * mpmath.asin(mpmath.mpf(1) / 5) / (2 * mpmath.pi)
        assert balancing_number(theta, p_max=20) == brute_beta(u, 20, one=mpmath.mpf(1)) == 14
    assert region(sympy.asin(sympy.Rational(1, 5))) == "positive"
