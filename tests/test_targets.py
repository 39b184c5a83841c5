"""The targets of the corollaries and of the official code."""
import numpy as np
import pytest
from flint import arb, ctx, fmpq

from numerics import InputError, make_target
from numerics.ssm.targets import delay, oscillation, random_target


@pytest.mark.parametrize("t", [1, 2, 9, 32, 33])
def test_delay_matches_paper_and_code(t):
    values = delay(t).values()
    k = (t - 1) // 2
    # paper: delta_k prepends k zeros to I, so the 1 sits at 1-based index k+1;
    # code: index floor((L-1)/2) 0-based -- the same entry.
    assert values[k] == 1 and np.count_nonzero(values) == 1
    assert np.linalg.norm(delay(t, normalized=True).values()) == 1


def test_oscillation_is_real_part_of_powers_of_i():
    t = 11
    assert np.array_equal(oscillation(t).values(), np.real(1j ** np.arange(t)))
    normalized = oscillation(32, normalized=True).values("exact")
    assert set(normalized) == {fmpq(1, 4), fmpq(0), fmpq(-1, 4)}  # the code's +-1/4 at t = 32


def test_random_is_reproducible_and_bounded():
    a = random_target(50, seed=7, alpha=0.5)
    b = random_target(50, seed=7, alpha=0.5)
    assert np.array_equal(a.values(), b.values())
    assert not np.array_equal(a.values(), random_target(50, seed=8, alpha=0.5).values())
    assert np.all(np.abs(a.values()) <= 0.5)
    assert a.describe()["seed"] == 7


def test_normalised_values_in_every_system_agree():
    target = random_target(20, seed=3, normalized=True)
    floats = target.values()
    with ctx.workprec(200):
        balls = target.values("arb", prec=200)
        assert sum(b * b for b in balls).contains(1)
    assert all(ball.contains(arb(float(f))) or abs(float(ball.mid()) - f) < 1e-15 for ball, f in zip(balls, floats))
    mp = target.values("mpmath", prec=100)
    assert max(abs(float(m) - f) for m, f in zip(mp, floats)) < 1e-15
    with pytest.raises(InputError, match="irrational norm"):
        target.values("exact")


@pytest.mark.parametrize("call, message", [
    (lambda: make_target("square", 8), "name: unknown target"),
    (lambda: make_target("delay", 0), "t: must be an integer >= 1"),
    (lambda: random_target(8, seed=-1), "seed:"),
    (lambda: random_target(8, seed=1, alpha=float("nan")), "alpha:"),
])
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
