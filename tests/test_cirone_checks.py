"""Tests of the checks and figures of Cirone et al. 2024 (verify/checks/cirone/*.py,
figures/cirone_*.py): their building blocks against independent computations, the cheap checks'
verdicts, and the figures' drawing (with trained-model rows, as the later issue will add)."""
from __future__ import annotations

import csv

import numpy as np
import pytest

from numerics.paths.cde import solve_linear_cde
from numerics.paths.signatures import signature, word_index
from numerics.paths.toydata import toy_dataset
from verify import registry as verify_registry
from verify.checks.cirone import density as cirone_density, expansion as cirone_expansion, expressivity as cirone_expressivity


def test_expansion_words_order():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((2, 3, 3))
    z = rng.standard_normal(3)
    levels = cirone_expansion.expansion_words(A, z[None, :], 2)
    assert np.allclose(levels[2][0 * 2 + 1], A[1] @ A[0] @ z)      # word (0, 1): A_1 A_0 z
    assert np.allclose(levels[2][1 * 2 + 0], A[0] @ A[1] @ z)


def test_truncated_expansion_converges_to_the_solution():
    record = cirone_expansion.expansion_instance(5, N=3, channels=1, length=6, K=8, a_scale=0.5, step=0.1)
    assert record["under_bound"] and record["decreasing"]
    assert record["errors"][-1] < 1e-7 * record["errors"][0]


def test_factorial_decay_exact_and_tight():
    straight = cirone_expansion.factorial_decay_instance([[0, 0], [1, -0.5]], 4)
    assert all(row["l1_equal"] for row in straight["levels"])
    bent = cirone_expansion.factorial_decay_instance([[0, 0], [1, 0], [1, 1], [0, 1.25]], 4)
    assert all(row["l1_holds"] and not row["l1_equal"] and row["l2_holds"] for row in bent["levels"][1:])


def test_reference_solution_matches_zoh():
    rng = np.random.default_rng(1)
    A, B, z0 = rng.standard_normal((2, 3, 3)) / 2, rng.standard_normal((3, 2)), rng.standard_normal(3)
    omega = np.cumsum(rng.normal(0, 0.3, (5, 2)), axis=0)
    exact = solve_linear_cde(A, B, z0, omega[None], method="exact")[0]
    assert np.allclose(cirone_expansion.reference_solution(A, B, z0, omega), exact, rtol=1e-9, atol=1e-11)


def test_span_decisions():
    assert not cirone_expressivity.span_decision((1, 2, 3), letters=4, level=3)["in_span"]
    decision = cirone_expressivity.span_decision((1, 2, 3), letters=4, level=3)
    assert decision["rank_on_permutation_words"] == 3
    assert cirone_expressivity.span_decision((1, 2), letters=3, level=2)["in_span"]
    assert cirone_expressivity.span_decision((1, 0), letters=3, level=2)["in_span"]    # 1 . sym(0)
    # without the xi-words (Z_0 only: symmetrised words) Area is out of reach
    from theory.cirone import words
    only_sym = [words.symmetrised(m) for k in range(3) for m in words.multisets(3, k)]
    basis = words.words_up_to(3, 2)
    rows = words.as_rows(only_sym + words.time_relations(3, 2, 0), basis)
    from flint import fmpq, fmpq_mat
    rank = lambda r: fmpq_mat([[fmpq(x.numerator, x.denominator) for x in row] for row in r]).rank()
    assert rank(rows + words.as_rows([{(1, 2): 1}], basis)) == rank(rows) + 1


def test_area_is_decided_where_the_span_is_not_everything():
    level2 = cirone_expressivity.span_decision((1, 2), letters=3, level=2)
    assert level2["span_is_everything"]                       # at level 2 any word is "in the span"
    level3 = cirone_expressivity.span_decision((1, 2), letters=3, level=3)
    assert not level3["span_is_everything"] and level3["rank_span"] < level3["basis_words"]
    assert level3["in_span"] and level3["in_span_of_generators_alone"]
    assert not cirone_expressivity.span_decision((1, 1, 2), letters=3, level=3)["in_span"]


def test_evaluation_certificate_separates_volume_and_not_area():
    volume = cirone_expressivity.evaluation_certificate((1, 2, 3), 4, 3)
    assert volume["certifies_outside"] and volume["rank_with_target"] == volume["rank_of_evaluations"] + 1
    area = cirone_expressivity.evaluation_certificate((1, 2), 3, 3, paths=60)
    assert not area["certifies_outside"]                     # Area = 1 . sym(2) is a generator
    from verify.mutation import patched
    with patched(cirone_expressivity, "GENERATORS", cirone_expressivity.dense_generators):
        assert not cirone_expressivity.evaluation_certificate((1, 2, 3), 4, 3)["certifies_outside"]


def test_the_generator_follows_the_recipe_of_the_premise():
    assert cirone_expressivity.recipe_conformance()["paths_equal"]
    from verify.mutation import patched
    with patched(cirone_expressivity, "RECIPE_MEAN", 0.5):
        assert not cirone_expressivity.recipe_conformance()["paths_equal"]


def test_norm_hypothesis_of_propA4_is_needed():
    segment = [[0, 0, 0], [0.75, -0.5, 0.25]]
    assert all(r["l1_equal"] for r in cirone_expansion.factorial_decay_instance(segment, 3)["levels"])
    mismatched = cirone_expansion.factorial_decay_instance(segment, 3, l1_variation="l2")
    assert mismatched["levels"][0]["l1_fails"]               # l1 norm 3/2 > Euclidean length sqrt(14)/4


def test_running_area_matches_the_signature():
    data = toy_dataset(20, 15, channels=2, seed=4)
    area = cirone_expressivity.running_area(data.paths)
    assert np.allclose(area[:, -1], signature(data.paths, 2)[:, word_index((0, 1), 2)], atol=1e-14)
    assert np.allclose(area[:, 7], signature(data.paths[:, :8], 2)[:, word_index((0, 1), 2)], atol=1e-14)


def test_gram_deviation_shrinks_with_N():
    small = np.mean([cirone_expressivity.gram_deviation(16, s)["all"] for s in range(3)])
    large = np.mean([cirone_expressivity.gram_deviation(1024, s)["all"] for s in range(3)])
    assert large < small / 16          # the squared deviation falls like 1/N: 64x expected


def test_cone_fit_improves():
    d, target = cirone_density.TARGETS["|x - 1/2|"]
    errors = [cirone_density.cone_fit(target, d, n, 21, 81)["sup_error_off_grid"] for n in (2, 6)]
    assert errors[1] < errors[0] / 2


@pytest.mark.parametrize("name", ["cirone.propA_4", "cirone.appendixF", "cirone.prop4_6",
                                  "cirone.thm4_3.volume_outside_span", "cirone.thm4_3.area_in_span"])
def test_cheap_checks_reach_their_expected_verdicts(name):
    check = verify_registry.get(name)
    assert check.run("quick").verdict == check.expected


def test_figures_draw_static_and_trained_series(tmp_path):
    from figures import cirone_figure1, cirone_rmse_vs_n
    rows = []
    for panel in ("area", "volume"):
        common = {"panel": panel, "N": 8, "paths": 10, "data_seed": 0, "system": "float64", "hidden": "", "state": ""}
        rows.append({**common, "series": "Predicting Zero", "step": "", "runs": 1, "seeds": "", "mean": 0.1,
                     "min": 0.1, "max": 0.1})
        rows.append({**common, "series": "Random Linear CDE", "step": "", "runs": 5, "seeds": "1 2 3 4 5",
                     "mean": 0.01, "min": 0.008, "max": 0.012})
        for step in (0, 10, 20):      # a trained model, as the later issue will add
            rows.append({**common, "series": "Mamba (depth 1)", "step": step, "runs": 5, "seeds": "1 2 3 4 5",
                         "mean": 0.05 / (1 + step), "min": 0.04 / (1 + step), "max": 0.06 / (1 + step),
                         "hidden": 8, "state": 4})   # every row has the same columns
    paths = cirone_figure1.draw(rows, tmp_path)
    assert all(p.exists() for p in paths)
    with open(tmp_path / "cirone_figure1.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == len(rows) and float(written[1]["mean"]) == 0.01
    points = [{"label": label, "model": model, "N": N, "ratio_mean": 1 / N, "ratio_min": 0.8 / N,
               "ratio_max": 1.2 / N, "seeds": "1", "paths": 10, "data_seed": 0, "system": "float64"}
              for label in ("area", "volume") for model in cirone_rmse_vs_n.MODELS for N in (4, 8)]
    assert all(p.exists() for p in cirone_rmse_vs_n.draw(points, tmp_path))
