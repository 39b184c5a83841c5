"""Tests of Appendix E of Cirone et al. 2024 (theory/cirone/wronskian.py, verify/checks/cirone/wronskian.py):
Theorems E.1 (Picard iterates), E.2 (the Wronskian series) and E.6 (variation of constants).

The proofs are complete and fail with a wrong ingredient; the exact and arb building blocks of the checks
agree with independent float64 computations (scipy); the checks reach their verdicts and their mutations flip.
"""
from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import sympy
from flint import arb, fmpq, fmpq_poly
from scipy.integrate import quad

from theory import registry
from theory.cirone import wronskian
from theory.statement import STEP_KINDS
from theory.steps import perturbed
from verify import registry as verify_registry
from verify.checks.cirone import wronskian as checks
from verify.mutation import patched, run_mutation
from verify.runner import run_check

TOP_LEVEL = ["cirone.thmE_1", "cirone.thmE_2", "cirone.thmE_6"]
PROVABLE = ["cirone.thmE_1.induction", "cirone.thmE_2.bound", "cirone.thmE_2.equation", "cirone.thmE_6.derivative"]


def test_statements_registered_with_their_steps_and_sources():
    for name in TOP_LEVEL:
        statement = registry.get(name)
        assert statement.source.startswith("Theorem E.")
        assert statement.prove is None and statement.steps
    names = {item.name for name in TOP_LEVEL for item in registry.get(name).walk()}
    assert set(PROVABLE) <= names
    assert registry.get("cirone.thmE_1").hypotheses and registry.get("cirone.thmE_2").hypotheses


@pytest.mark.parametrize("name", PROVABLE)
def test_proofs_complete_and_flip_when_perturbed(name):
    proof = registry.get(name).prove()
    assert proof.verdict == "proved", [s.claim for s in proof.steps if not s.holds]
    assert all(step.kind in STEP_KINDS for step in proof.steps)
    assert any(step.kind in ("sympy", "z3") for step in proof.steps)
    assert all(step.scope for step in proof.steps if step.kind == "premise")
    with perturbed():
        assert registry.get(name).prove().verdict == "open"


def test_picard_induction_fails_with_a_wrong_factorial():
    with patched(wronskian, "picard_factor", lambda c, d, l, k: (d * c * l) ** k / sympy.factorial(k + 1)):
        failed = [s.claim for s in wronskian.picard_steps() if not s.holds]
    assert any(c.startswith("induction step") for c in failed)


def test_bounds_evaluate():
    assert wronskian.thmE_1.evaluate_bound({"M": fmpq(1, 2), "d": 2, "V": 3, "k": 3}, system="exact") == fmpq(27, 6)
    ball = wronskian.thmE_2.evaluate_bound({"M": 1, "d": 2, "V": fmpq(1, 2)})
    assert ball.overlaps(arb(1).exp()) and ball.rad() < 1e-30


# ---------------------------------------------------------------------------------------------
# building blocks of the checks

def test_picard_map_matches_numerical_integration():
    instance = checks.random_instance(3)
    X = [[fmpq(k - n, 4) for n in range(3)] for k in range(5)]
    image = checks.picard_map(instance, checks.piecewise_linear(X))
    A = [checks.to_float(a) for a in instance["A"]]
    omega = np.array([[float(x) for x in p] for p in instance["omega"]])
    Xf = np.array([[float(x) for x in p] for p in X])
    B = checks.to_float(instance["B"])
    z = np.array([float(x) for x in instance["z0"]])
    for j in range(4):      # Gamma(X) at the end of segment j by quadrature, segment by segment
        w = omega[j + 1] - omega[j]
        G = sum(a * x for a, x in zip(A, w))
        z = z + np.array([quad(lambda tau: (G @ (Xf[j] + tau * (Xf[j + 1] - Xf[j])))[n], 0, 1)[0] for n in range(3)]) \
            + B @ w
        assert np.allclose([float(p(fmpq(1))) for p in image[j]], z, atol=1e-12)


def test_bernstein_enclosure_contains_the_sup():
    poly = fmpq_poly([fmpq(1, 3), -2, fmpq(5, 2), -1])
    grid = np.linspace(0, 1, 2001)
    values = np.polyval([float(c) for c in reversed(poly.coeffs())], grid)
    lower, upper = checks.sup_enclosure([[poly]])
    assert float(lower) <= np.abs(values).max() + 1e-12 <= float(upper) + 2e-12


def test_exponential_product_and_phi1_match_scipy():
    instance = checks.random_instance(1)
    W = checks.exponential_product(instance["A"], instance["omega"])
    expected = np.eye(3)
    for G in checks.generators(instance["A"], instance["omega"]):
        expected = scipy.linalg.expm(checks.to_float(G)) @ expected
    assert np.allclose([[float(W[r, c].mid()) for c in range(3)] for r in range(3)], expected, rtol=1e-12)
    G = checks.generators(instance["A"], instance["omega"])[0]
    phi = checks.phi1(G)
    aug = np.zeros((4, 4))
    aug[:3, :3], aug[:3, 3] = checks.to_float(G), [1, 0, 0]
    assert np.allclose([float(phi[r, 0].mid()) for r in range(3)], scipy.linalg.expm(aug)[:3, 3], rtol=1e-12)


def test_tight_instances_attain_the_bounds():
    instance = checks.tight_instance(2)
    record = checks.picard_instance(instance, [[fmpq(1), fmpq(0)]] * 3, [[fmpq(0), fmpq(0)]] * 3, 4)
    assert all(row["equal"] and row["holds"] for row in record["levels"])
    record = checks.wronskian_instance(checks.tight_instance(1, size=fmpq(1)), 8, equation=False)
    assert record["bound_holds"] and 0 < record["slack_lower"] < 1e-5


def test_wrong_order_of_letters_is_refuted():
    instance = checks.random_instance(1, segments=3, a_den=checks.WRONSKIAN_A_DENOMINATOR)
    assert checks.wronskian_instance(instance, 8)["equation_holds"]
    with patched(checks, "WORD_ORDER", "latest_first"):
        assert checks.wronskian_instance(instance, 8)["equation_fails"]


# ---------------------------------------------------------------------------------------------
# the checks

@pytest.mark.parametrize("name", TOP_LEVEL)
def test_checks_reach_their_verdicts_and_mutations_flip(name):
    check = verify_registry.get(name)
    result = run_check(check, "quick")
    assert result.verdict == check.expected, result.summary
    assert result.seconds < 5
    assert any("perturbed" not in description for description, _ in check.mutations)
    for description, _ in check.mutations:
        mutated = run_mutation(check, description)
        assert mutated.flipped and mutated.error is None, description
