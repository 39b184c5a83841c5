"""numerics.learning.learnability: the Appendix C loss and its derivatives, gradient descent, the robustness of
Definition 2 (Monte Carlo and, for one state, certified)."""
import numpy as np
import pytest
import sympy
from flint import arb, fmpq
from hypothesis import given, settings, strategies as st

from numerics import DiagonalSSM, impulse_response
from numerics.learning.learnability import (clopper_pearson, direct_response, gradient_descent_run, loss_hessian,
                                   product_probability, quantised_errors, robustness_estimate,
                                   single_state_search)
from numerics.learning.training import direct_loss_grad

from conftest import coefficients, poles


def _sympy_loss_hessian(A, B, C, phi):
    """The loss and its Hessian by exact symbolic differentiation (sympy.hessian), at rational values."""
    n = len(A)
    a, b, c = (sympy.symbols(f"{name}0:{n}") for name in "abc")
    loss = sum((sum(c[k] * a[k] ** j * b[k] for k in range(n)) - phi[j]) ** 2 for j in range(len(phi)))
    variables = list(a) + list(b) + list(c)
    values = dict(zip(variables, [sympy.Rational(x) for x in (*A, *B, *C)]))
    return loss.subs(values), sympy.hessian(loss, variables).subs(values)


def test_closed_form_hessian_matches_exact_differentiation():
    A, B, C = ["1/2", "-3/4", "0"], ["1", "-2", "1/3"], ["3/2", "1/5", "-1"]
    phi = ["1", "0", "-1/2", "1/4"]
    exact = [np.array([fmpq(*map(int, x.split("/"))) if "/" in x else fmpq(int(x)) for x in v], dtype=object)
             for v in (A, B, C, phi)]
    loss, _, H = loss_hessian(*exact)
    sympy_loss, sympy_H = _sympy_loss_hessian(A, B, C, [sympy.Rational(p) for p in phi])
    assert sympy.Rational(str(loss)) == sympy_loss
    assert all(sympy.Rational(str(H[i, j])) == sympy_H[i, j] for i in range(9) for j in range(9))


@settings(max_examples=20)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(poles, min_size=n, max_size=n), st.lists(coefficients, min_size=n, max_size=n),
    st.lists(coefficients, min_size=n, max_size=n), st.lists(coefficients, min_size=1, max_size=8))))
def test_closed_form_gradient_and_float_path_agree_with_training_module(instance):
    A, B, C, phi = (np.array(v, dtype=float) for v in instance)
    loss, gradient, H = loss_hessian(A, B, C, phi)
    reference = direct_loss_grad(A, B, C, phi)
    assert loss == pytest.approx(reference[0], rel=1e-12, abs=1e-12)
    assert np.allclose(gradient, np.concatenate(reference[1:]), rtol=1e-10, atol=1e-10)
    assert np.allclose(H, H.T)
    exact_H = loss_hessian(*(np.array([fmpq(int(x * 1024), 1024) for x in v], dtype=object) for v in (A, B, C, phi)))[2]
    assert np.allclose(H, np.array(exact_H, dtype=float), rtol=1e-10, atol=1e-9)


def test_gradient_descent_run_respects_the_bound_and_reports_broken_hypotheses():
    run = gradient_descent_run("oscillation", 6, 8, 0.3, "adaptive", 0.05, 0.9, 60, 0)
    assert run["violations"] == 0 and run["steps_within_hypotheses"] > 0
    assert all(m <= b for m, b in zip(run["magnitudes"], run["bounds"]))
    big_step = gradient_descent_run("random", 6, 8, 1.0, "fixed", 50.0, 1.0, 20, 0)
    assert big_step["stopped"] is not None and big_step["steps_within_hypotheses"] < 20


@pytest.mark.parametrize("q, centre, half_width", [
    (fmpq(1), fmpq(3, 4), fmpq(1, 16)), (fmpq(1, 2), fmpq(1), fmpq(1, 8)),
    (fmpq(1, 4), fmpq(9, 10), fmpq(1, 20)), (fmpq(1), fmpq(2), fmpq(5, 2))])
def test_product_probability_against_monte_carlo(q, centre, half_width):
    rng = np.random.default_rng(1)
    u, v = rng.uniform(-float(q) / 2, float(q) / 2, (2, 400_000))
    estimate = np.mean(np.abs((1 + u) * (1 + v) - float(centre)) <= float(half_width))
    exact = float(product_probability(q, centre, half_width).mid())
    assert abs(estimate - exact) <= 5 * np.sqrt(max(exact * (1 - exact), 1e-6) / u.size)
    assert 0 <= exact <= 1


def test_single_state_search_reports_a_point_it_recomputes():
    q = fmpq(1, 2)
    found = single_state_search(q, 4)
    centre, h = fmpq(found["at_centre"]), fmpq(found["at_half_width"])
    assert abs(1 - centre) <= h                                     # the one-state SSM eps-approximates phi
    ratio = product_probability(q, centre, h) * arb(q) / (2 * arb(h))
    assert found["max_ratio_lower"] <= float(ratio.mid()) <= found["max_ratio_upper"]
    assert found["max_ratio_upper"] - found["max_ratio_lower"] < 1e-12
    assert 0.9 < found["max_ratio_upper"] < 1                       # about 1 - 0.1 q (the prop5 check)
    assert found["grid"] == (4 + 5) * 21


def test_direct_response_matches_the_exact_impulse_response():
    A, B, C = np.array([0.5, -0.75, 1.0]), np.array([1.0, -2.0, 0.25]), np.array([1.5, 0.125, -1.0])
    exact = impulse_response(DiagonalSSM(A, B, C), 7, system="exact")
    assert np.allclose(direct_response(A, B, C, 7), np.array(exact, dtype=float), rtol=1e-15, atol=1e-15)


def test_quantised_errors_rounding_bound_covers_the_exact_error():
    # q = 0: every factor is exactly 1, so each sample is the instance itself, whose l1 error is exact in fmpq
    A, B, C = np.array([0.9, -0.3]), np.array([1e3, 0.7]), np.array([0.3, -1.1])
    phi = direct_response(A, B, C, 12) * (1 + 1e-9)
    errors, roundoff = quantised_errors(A, B, C, phi, 0.0, 5, np.random.default_rng(0))
    exact = impulse_response(DiagonalSSM(A, B, C), 12, system="exact")
    exact_error = sum(abs(y - fmpq(*float(p).as_integer_ratio())) for y, p in zip(exact, phi))
    for error, bound in zip(errors, roundoff):
        assert abs(fmpq(*float(error).as_integer_ratio()) - exact_error) <= fmpq(*float(bound).as_integer_ratio())
    assert np.all(roundoff < 1e-4 * errors)                         # and is far below the error itself


def test_monte_carlo_robustness_agrees_with_the_exact_one_state_value():
    q, h = fmpq(1, 2), fmpq(1, 24)
    exact = float(product_probability(q, 1 - h, h).mid())
    row = robustness_estimate([0.5], [1.0], [1.0], [1 - float(h)], float(h), q, 100_000, np.random.default_rng(2))
    low, high = row["confidence_interval"]
    assert low <= exact <= high and row["estimate"] == pytest.approx(exact, abs=0.01)
    assert row["W"] == 1 and row["eps"] == float(h) and row["samples"] == 100_000


def test_clopper_pearson_contains_the_rate():
    low, high = clopper_pearson(30, 1000)
    assert low < 0.03 < high and clopper_pearson(0, 100)[0] == 0 and clopper_pearson(100, 100)[1] == 1
