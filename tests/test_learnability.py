"""Lemma 3, Proposition 4 and Proposition 5 (Ran-Milo et al. 2024): proofs, closed forms and checks."""
import numpy as np
import pytest
import sympy
from flint import arb, fmpq
from hypothesis import given, settings, strategies as st

from numerics.training import direct_loss_grad
from theory import registry
from theory.ranmilo.learnability import kappa, product_density_steps, q as q_symbol
from verify.checks.learnability import (DENSITY_COUNTEREXAMPLE, clopper_pearson, density_step, gradient_descent_run,
                                        gradient_instance, lemma3_instance, loss_hessian, product_probability,
                                        robustness_estimate)

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


@settings(max_examples=25)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(coefficients, min_size=n, max_size=n), st.lists(coefficients, min_size=n, max_size=n),
    st.lists(coefficients, min_size=n, max_size=n), st.lists(coefficients, min_size=1, max_size=6))))
def test_lemma3_is_certified_on_any_instance(instance):
    # A in [-4, 4]: Lemma 3 needs no stability
    assert lemma3_instance(*instance)["certified"]


def test_lemma3_attained_and_a_larger_claim_is_refused():
    attained = ([0.5], [0.0], [1.0], [0.0])   # t = 1: the Hessian is diag(0, 2, 0) and the bound is 2
    row = lemma3_instance(*attained)
    assert row["certified"] and row["slack"] == 0
    assert not lemma3_instance(*attained, scale=fmpq(1000001, 1000000))["certified"]


def test_gradient_bound_attained_and_needs_stability():
    tight = gradient_instance([1.0], [1.0], [1.0], [0.0] * 5)
    assert tight["holds"] and tight["slack"] == 0
    assert not gradient_instance([2.0], [1.0], [1.0], [0.0] * 5)["holds"]


@settings(max_examples=25)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(poles, min_size=n, max_size=n), st.lists(coefficients, min_size=n, max_size=n),
    st.lists(coefficients, min_size=n, max_size=n), st.lists(coefficients, min_size=1, max_size=10))))
def test_gradient_bound_holds_exactly_for_stable_instances(instance):
    assert gradient_instance(*instance)["holds"]


def test_learnability_proofs():
    for name in ("ranmilo.lemma3", "ranmilo.prop4", "ranmilo.prop4.gradient_bound", "ranmilo.prop5_corrected_proof"):
        assert registry.get(name).prove().complete, name
    printed = registry.get("ranmilo.prop5.density_step").prove()
    assert not printed.complete
    assert [step.holds for step in printed.steps].count(False) == 1   # only the printed density claim fails
    assert registry.get("ranmilo.prop5").prove is None                 # no proof of the printed constant


def test_kappa_exceeds_one_and_matches_the_product_density():
    assert all(step.holds for step in product_density_steps())
    for q in (fmpq(1), fmpq(1, 2), fmpq(1, 128)):
        value = float(sympy.N(kappa.subs(q_symbol, sympy.Rational(int(q.p), int(q.q))), 30))
        assert value > 1 and value == pytest.approx(1 + float(q) ** 2 / 12, rel=float(q) ** 4)
        # the probability of a tiny interval at the mode is about its length times kappa(q) / q
        h = q ** 3 / 10 ** 6
        probability = product_probability(q, (1 - q / 2) * (1 + q / 2), h)
        assert float((probability / (2 * arb(h))).mid()) == pytest.approx(value / float(q), rel=1e-4)


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


def test_density_step_counterexample_rechecks():
    outcome = density_step("quick")
    assert outcome.verdict == "refuted" and outcome.margin < 0
    example = DENSITY_COUNTEREXAMPLE
    probability = product_probability(example["q"], example["centre"], example["half_width"])
    assert probability > arb(2 * example["half_width"] / (example["q"] * example["w"]))


def test_monte_carlo_robustness_agrees_with_the_exact_one_state_value():
    q, h = fmpq(1, 2), fmpq(1, 24)
    exact = float(product_probability(q, 1 - h, h).mid())
    row = robustness_estimate("one state", [0.5], [1.0], [1.0], [1 - float(h)], float(h), q, 100_000,
                              np.random.default_rng(2))
    low, high = row["confidence_interval"]
    assert low <= exact <= high and row["estimate"] == pytest.approx(exact, abs=0.01)
    assert row["printed_bound"] == pytest.approx(2 * float(h) / float(q))
    assert not row["conflict_printed"]


def test_clopper_pearson_contains_the_rate():
    low, high = clopper_pearson(30, 1000)
    assert low < 0.03 < high and clopper_pearson(0, 100)[0] == 0 and clopper_pearson(100, 100)[1] == 1


def test_gradient_descent_run_respects_the_bound_and_reports_broken_hypotheses():
    run = gradient_descent_run("oscillation", 6, 8, 0.3, "adaptive", 0.05, 0.9, 60, 0)
    assert run["violations"] == 0 and run["steps_within_hypotheses"] > 0
    assert all(m <= b for m, b in zip(run["magnitudes"], run["bounds"]))
    big_step = gradient_descent_run("random", 6, 8, 1.0, "fixed", 50.0, 1.0, 20, 0)
    assert big_step["stopped"] is not None and big_step["steps_within_hypotheses"] < 20


def test_prop4_growth_per_step_at_the_digest_values():
    # sqrt(4 c_1 c_2 t l0) at t = 32, l0 = 1, c_1 = 1e-4, c_2 = 1 (section 7 of the digest): 0.1131 per step
    bound = registry.get("ranmilo.prop4").evaluate_bound(
        {"M_0": 0, "i": 1, "c_1": fmpq(1, 10000), "c_2": 1, "t": 32, "l_0": 1}, system="arb")
    assert float(bound.mid()) == pytest.approx(0.113137, abs=1e-6)
