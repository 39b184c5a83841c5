"""numerics.realfit.frontier: the dimension-magnitude frontier is monotone in n and eps, and its
ends are what they claim (certified lower end below every re-verified witness)."""
import math

import pytest
from flint import arb, fmpq

from numerics.errors import InputError
from numerics.realfit import verify_witness
from numerics.realfit.frontier import _weight_norm, elimination_witnesses, weight_frontier
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.ssm.systems import to_fmpq

EPSILONS = (fmpq(0), fmpq(1, 20), fmpq(1, 4))


@pytest.fixture(scope="module")
def frontier():
    return weight_frontier(ComplexOscillator(9, *admissible_angle(fmpq(1, 4))), EPSILONS,
                           bracket_options={"starts": 4, "search_max_n": 8})


def test_monotone_in_n_and_eps(frontier):
    curves = frontier.curves
    assert [c.eps for c in curves] == sorted(EPSILONS)
    for curve in curves:
        for a, b in zip(curve.lower, curve.lower[1:]):
            assert a >= b
        for a, b in zip(curve.upper, curve.upper[1:]):
            assert a >= b
    for small, large in zip(curves, curves[1:]):
        assert small.n_lo >= large.n_lo and small.n_hi >= large.n_hi
        assert all(a >= b for a, b in zip(small.lower, large.lower))
        assert all(a >= b for a, b in zip(small.upper, large.upper))


def test_witnesses_reverify_and_lower_end_below_them(frontier):
    values = ComplexOscillator(9, *admissible_angle(fmpq(1, 4))).values(256)
    for curve in frontier.curves:
        assert all(math.isinf(lo) == (n < curve.n_lo) for n, lo in zip(curve.ns, curve.lower))
        assert curve.truth_lower <= curve.truth_upper
        for n, lo, up, states, ssm in zip(curve.ns, curve.lower, curve.upper, curve.states, curve.witnesses):
            assert lo <= up
            if ssm is None:
                assert math.isinf(up)
                continue
            assert states <= n and all(abs(to_fmpq(a)) <= 1 for a in ssm.A if not isinstance(a, arb))
            norm, counted = _weight_norm(ssm)
            assert counted == states and float(norm) <= up
            if not (ssm.has_ball_parameters and curve.eps == 0):    # balls at eps = 0: certified construction
                assert verify_witness(ssm, values, curve.eps, 256)[0]
        assert curve.upper[-1] < math.inf       # n = t: min_l1_weight's witness always serves


def test_one_exponential_has_one_state_and_weight_one():
    phi = [fmpq(1, 2) ** k for k in range(6)]
    curve = weight_frontier(phi, [fmpq(1, 100)], n_max=2).curves[0]
    assert curve.n_lo == 1 and curve.n_hi == 1
    assert 0 < curve.lower[0] <= curve.upper[0] <= 1        # the pole 1/2 with weight 1 is within eps


def test_elimination_witnesses_verify():
    target = ComplexOscillator(9, *admissible_angle(fmpq(0)))
    found = elimination_witnesses(target, fmpq(1, 4))
    assert found
    for states, (ssm, norm, _) in found.items():
        assert _weight_norm(ssm) == (norm, states)
        assert verify_witness(ssm, target.values(256), fmpq(1, 4), 256)[0]


@pytest.mark.parametrize("kwargs, name", [({"epsilons": []}, "epsilons"), ({"epsilons": [0, 0]}, "epsilons"),
                                          ({"epsilons": [-1]}, "epsilons"), ({"n_max": 0}, "n_max"),
                                          ({"bracket_options": {"bogus": 1}}, "bracket_options"),
                                          ({"prec": 2}, "prec")])
def test_bad_input_names_the_argument(kwargs, name):
    arguments = {"epsilons": [fmpq(1, 10)]} | kwargs
    with pytest.raises(InputError, match=name):
        weight_frontier([1, 0, -1, 0], arguments.pop("epsilons"), **arguments)


def test_elimination_refuses_eps_zero_and_bad_lower():
    with pytest.raises(InputError, match="eps"):
        elimination_witnesses([1, 0, -1, 0], 0)
    with pytest.raises(InputError, match="lower"):
        elimination_witnesses([1, 0, -1, 0], fmpq(1, 10), lower=0)
