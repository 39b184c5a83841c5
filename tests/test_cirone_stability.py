"""Tests of Appendix C.1 (stability of diagonal Wronskians) and C.2.1 (ReLU gates) of Cirone et al. 2024
(theory/cirone/stability.py, verify/checks/cirone/stability.py)."""
from __future__ import annotations

import numpy as np
import pytest
import sympy
from flint import fmpq

from theory import registry
from theory.cirone import stability
from theory.steps import identity_step, perturbed
from verify import registry as verify_registry
from verify.checks.cirone import stability as checks
from verify.mutation import run_mutation
from verify.runner import run_check

TOP_LEVEL = ["cirone.appendixC1", "cirone.appendixC2_1"]
PROVABLE = ["cirone.appendixC1.stable", "cirone.appendixC1.svd_condition", "cirone.appendixC2_1.relu_identity",
            "cirone.appendixC2_1.integral_recovery", "cirone.appendixC2_1.chained_layer"]


def test_statements_registered():
    names = {item.name for name in TOP_LEVEL for item in registry.get(name).walk()}
    assert set(PROVABLE) <= names
    assert registry.get("cirone.appendixC1").hypotheses == (stability.STABILITY_HYPOTHESIS,)
    assert all(registry.get(n).source.startswith("Appendix C.") for n in names)


@pytest.mark.parametrize("name", PROVABLE)
def test_proofs_complete_and_flip_when_perturbed(name):
    proof = registry.get(name).prove()
    assert proof.verdict == "proved", [s.claim for s in proof.steps if not s.holds]
    assert any(step.kind in ("sympy", "z3") for step in proof.steps)
    with perturbed():
        assert registry.get(name).prove().verdict == "open"


def test_relu_identity_rejects_a_wrong_sign():
    x = sympy.Symbol("x", real=True)
    assert not identity_step("wrong", stability.relu(x) + stability.relu(-x), x, simplifier=stability._piecewise).holds


def test_relu_integral_against_fine_quadrature():
    for f0, f1 in [(fmpq(3, 4), fmpq(-1, 2)), (fmpq(-1), fmpq(2)), (fmpq(1), fmpq(2)), (fmpq(-1), fmpq(-3))]:
        grid = np.linspace(0, 1, 200001)
        values = np.maximum(float(f0) + grid * float(f1 - f0), 0) * 0.5
        assert abs(float(checks.relu_integral(f0, f1, fmpq(1, 2))) - np.trapezoid(values, grid)) < 1e-9


def test_hypothesis_filter_and_edge():
    instance = checks.stability_instance(2)
    record = checks.wronskian_entries(instance)
    assert record["hypothesis_V_domega_nonpositive"] and record["stable"] and not record["unstable"]
    assert record["float64_solver_vs_arb"] < 1e-12
    edge = checks.wronskian_entries(checks.reversed_segment(instance))
    assert not edge["hypothesis_V_domega_nonpositive"] and edge["unstable"]
    mamba = checks.wronskian_entries(checks.mamba_instance(1))
    assert mamba["hypothesis_V_domega_nonpositive"] and mamba["stable"]


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_checks_reach_their_verdicts_and_mutations_flip(name):
    check = verify_registry.get(name)
    result = run_check(check, "quick")
    assert result.verdict == check.expected, result.summary
    assert result.seconds < 5
    for description, _ in check.mutations:
        mutated = run_mutation(check, description)
        assert mutated.flipped and mutated.error is None, description
