"""Proposition 5.1 / D.2 of Cirone et al. 2024 (theory/cirone/path_to_path.py,
verify/checks/cirone/path_to_path.py): the construction's pieces against independent computations, the
exact decisions on the linear-readout remark, the verdicts and their mutations."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from numerics.errors import InputError
from numerics.paths.signatures import signature
from theory import registry
from verify import registry as verify_registry
from verify.checks.cirone import path_to_path as p2p
from verify.mutation import run_mutation
from verify.runner import run_check


def test_statements_are_registered_with_the_erratum():
    top = registry.get("cirone.prop5_1")
    assert [s.name for s in top.walk()] == ["cirone.prop5_1", "cirone.prop5_1.construction",
                                            "cirone.prop5_1.linear_readout", "cirone.prop5_1.linear_readout_corrected"]
    assert registry.corrections_of("cirone.prop5_1.linear_readout")[0].name == "cirone.prop5_1.linear_readout_corrected"
    assert top.source.startswith("Proposition 5.1") and top.hypotheses
    assert float(registry.get("cirone.prop5_1.construction").evaluate_bound({"epsilon": 1}).mid()) == 7


def test_running_signature_matches_the_signature_of_prefixes():
    rng = np.random.default_rng(2)
    points = rng.standard_normal((3, 6, 3))
    running = p2p.running_signature(points, 3)
    for j in (1, 3, 5):
        assert np.allclose(running[:, j], signature(points[:, :j + 1], 3), atol=1e-12)
    assert np.all(running[:, 0] == 0)


def test_running_signature_rejects_bad_input():
    with pytest.raises(InputError, match="points"):
        p2p.running_signature(np.zeros((4, 3)), 2)
    with pytest.raises(InputError, match="level"):
        p2p.running_signature(np.zeros((1, 4, 3)), 0)


def test_hats_are_a_partition_of_unity_and_the_gates_are_accurate():
    t = np.linspace(0, 1, 1001)
    width = 1 / 8
    total = sum(p2p.hat(t, k * width, width) for k in range(9))
    assert np.allclose(total, 1.0, atol=1e-12)
    u = np.linspace(-2, 2, 4001)
    step = 2 / p2p.SQUARE_NODES
    assert np.abs(p2p.square_gate(u, 2.0) - u ** 2).max() <= step ** 2 / 4 + 1e-12
    h, y = np.meshgrid(np.linspace(0, 1, 41), np.linspace(-1, 1, 41))
    assert np.abs(p2p.product_gate(h, y, 2.0) - h * y).max() <= step ** 2 / 8 + 1e-12
    assert np.all(p2p.product_gate(np.zeros(7), np.linspace(-5, 5, 7), 2.0) == 0.0)


def test_construction_reaches_checked_and_without_interpolation_fails():
    check = verify_registry.get("cirone.prop5_1.construction")
    result = run_check(check, "quick")
    assert result.verdict == "checked", result.summary
    record = result.evidence["instance"]
    # the triangle inequality of the construction holds for the measured pieces
    assert record["sup_error"] <= record["triangle_bound"] + 1e-12 <= 4 * record["eps"] + 1e-12
    assert record["gate_zero_off_support"]
    mutated = run_mutation(check, "interpolation in t dropped: the middle knot's readout for every t (a "
                                  "time-homogeneous readout)")
    assert mutated.flipped and mutated.error is None


def test_time_identity_is_exact_and_needs_the_time_channel():
    record = p2p.time_identity(n_paths=2)
    assert record["all_equal"] and record["comparisons"] == 2 * len(p2p.TIMES)
    # beta is e_0 shuffled with alpha: level one higher, 9 words for this alpha
    assert len(record["beta"]) == 9 and record["beta"]["012"] == "1"


def test_witness_without_time_channel():
    record = p2p.still_witness()
    assert record["holds"] and record["t_alpha_pairing"] == {"t=1/2": "1/2", "t=1": "1"}


@pytest.mark.parametrize("name", ["cirone.prop5_1.linear_readout", "cirone.prop5_1.linear_readout_corrected"])
def test_remark_checks_and_mutations(name):
    check = verify_registry.get(name)
    result = run_check(check, "quick")
    assert result.verdict == check.expected, result.summary
    if check.expected == "refuted":
        assert result.counterexample and result.erratum.startswith("cirone.prop5_1.linear_readout_corrected")
    for description, _ in check.mutations:
        mutated = run_mutation(check, description)
        assert mutated.flipped and mutated.error is None, description


def test_alpha_is_not_trivial():
    assert any(len(w) >= 2 for w in p2p.ALPHA) and all(isinstance(c, Fraction) for c in p2p.ALPHA.values())
