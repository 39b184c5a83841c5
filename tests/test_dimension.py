"""numerics.realfit.dimension: the bracket's two ends meet where they should; bad input names the argument."""
import subprocess
import sys

import pytest
from flint import arb, fmpq

from numerics import InputError, impulse_response
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.realfit.dimension import dimension_bracket


def test_exact_minimal_dimension_one_pole():
    phi = [fmpq(-1, 2) ** k for k in range(8)]
    bracket = dimension_bracket(phi, fmpq(1, 100))
    assert (bracket.lower, bracket.upper, bracket.exact) == (1, 1, True)
    assert dimension_bracket([fmpq(1, 1000), 0, 0], fmpq(1, 100)).upper == 0


@pytest.mark.parametrize("s, g, t", [(fmpq(0), fmpq(0), 18), (fmpq(1, 2), fmpq(0), 12), (fmpq(1, 4), fmpq(1, 3), 20)])
def test_oscillator_eps0_dimension_is_t_minus_1(s, g, t):
    """Lower bound 2 (Vandermonde rank) meets the one-less construction: n_min = t - 1 exactly."""
    target = ComplexOscillator(t, *admissible_angle(s), g=g)
    bracket = dimension_bracket(target, 0)
    assert (bracket.lower, bracket.upper) == (t - 1, t - 1) and bracket.exact
    # the ball witness contains an exact match: every difference ball contains 0
    response = impulse_response(bracket.witness, t, system="arb", prec=bracket.prec)
    assert all((a - b).contains(0) for a, b in zip(response, target.values(bracket.prec)))


def test_proposition1_fallback_when_no_stable_one_less_pole():
    bracket = dimension_bracket([1, 2], 0)      # growing: no stable one-state SSM matches
    assert (bracket.lower, bracket.upper) == (1, 2)
    assert list(impulse_response(bracket.witness, 2, system="exact")) == [1, 2] and bracket.witness.stable


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
                                       "from numerics.realfit import dimension_bracket",
                                       "import numerics.realfit.lower_bounds; import numerics.realfit",
                                       "import numerics.realfit.upper_bounds; import numerics.realfit",
                                       "import numerics.realfit.witness; import numerics.realfit",
                                       "import numerics.realfit.dual; import numerics.realfit.l1"])
def test_imports_have_no_cycle(statement):
    subprocess.run([sys.executable, "-c", statement], check=True, capture_output=True)


def test_module_doctests():
    import doctest

    import numerics.realfit.dimension as dimension
    assert doctest.testmod(dimension).failed == 0
