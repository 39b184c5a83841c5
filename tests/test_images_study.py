"""numerics.nets.images_study end to end at a tiny scale: a run, its record, the tiers, figures scifar_real_vs_complex
and trained_kernels_real_cost, and the check ranmilo.scifar."""
import csv
import functools

import numpy as np
import pytest
import torch

from figures import scifar_real_vs_complex, trained_kernels_real_cost
from numerics import InputError
from numerics.nets import images_study
from numerics.nets.images_study import ImagesConfig, ImagesResult, tier_configs, train_images
from verify.checks.ranmilo import scifar as checks
from verify.mutation import patched

torch.set_num_threads(1)
SMALL = dict(dataset="digits", d_model=16, n_layers=1, d_state=8, batch_size=50)
TINY = {"dataset": "digits", "model": dict(d_model=8, n_layers=1, d_state=4), "epochs": 1, "seeds": (1111, 2222),
        "complex_seeds": (1111, 2222)}


def test_a_short_run_beats_chance_on_digits_and_its_record_round_trips(tmp_path):
    config = ImagesConfig(field="complex", init="legs", seed=0, epochs=3, **SMALL)
    steps = []
    result = train_images(config, progress=steps.append)
    assert sum(steps) == config.steps == 3 * 26
    assert result.accuracy > 0.3 and result.val_accuracy > 0.3          # chance is 0.1 (ten classes)
    assert result.epoch_loss[-1] < result.epoch_loss[0]
    assert result.ssm["A"].shape == (1, 16, 4) and np.iscomplexobj(result.ssm["A"])
    assert result.ssm["C"].shape == (1, 2, 16, 4)                       # bidirectional: two C per channel
    result.to_files(tmp_path / "run")
    again = ImagesResult.load(tmp_path / "run")
    assert again.config == config and again.accuracy == result.accuracy
    assert all(np.array_equal(again.ssm[k], result.ssm[k]) for k in result.ssm)
    rerun = train_images(ImagesConfig(field="complex", init="legs", seed=0, epochs=1, **SMALL))
    first = train_images(ImagesConfig(field="complex", init="legs", seed=0, epochs=1, **SMALL))
    assert rerun.accuracy == first.accuracy and np.array_equal(rerun.epoch_loss, first.epoch_loss)


def test_tiers_have_the_official_runs():
    paper = tier_configs("paper", device="cuda", data_dir="/data")
    assert {(c.dataset, c.d_model, c.n_layers, c.d_state, c.batch_size, c.steps, c.warmup_steps) for c in paper} == {
        ("cifar", 512, 6, 64, 50, 180_000, 18_000)}
    assert [(c.field, c.init, c.seed) for c in paper if c.field == "complex"] == [("complex", "legs", 2222)]
    assert sorted(c.init for c in paper if c.field == "real") == ["diag-lin", "diag-real", "diag-real", "diag-real",
                                                                   "legs"]
    full = tier_configs("full")
    assert len(full) == 8 and len({c.key() for c in full}) == 8 and {c.dataset for c in full} == {"digits"}


def test_bad_input_is_refused_with_the_argument_named():
    base = dict(field="real", init="diag-real", seed=0, epochs=1, **SMALL)
    with pytest.raises(InputError, match="^init: unknown value 'legs-complex'"):
        ImagesConfig(**{**base, "init": "legs-complex"})
    with pytest.raises(InputError, match="^data_dir: the cifar data set needs"):
        ImagesConfig(**{**base, "dataset": "cifar"})
    with pytest.raises(InputError, match="^dataset:"):
        ImagesConfig(**{**base, "dataset": "mnist"})
    with pytest.raises(InputError, match="^warmup_fraction:"):
        ImagesConfig(**{**base, "warmup_fraction": 1.0})
    with pytest.raises(InputError, match="^tier:"):
        tier_configs("huge")
    with pytest.raises(InputError, match="data_dir: no such folder"):
        train_images(ImagesConfig(**{**base, "dataset": "cifar", "data_dir": "/nonexistent/cifar"}))


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Both tiers at a tiny scale; runs in this process, cached below tmp_path."""
    monkeypatch.setenv("SSMCHECK_OUT", str(tmp_path / "out"))
    for name in ("quick", "full"):
        monkeypatch.setitem(images_study.TIERS, name, TINY)
    monkeypatch.setitem(trained_kernels_real_cost.SCALE, "quick",
                        {"channels": 2, "t": 12, "l1_seconds": 2.0, "dimension_seconds": 0.5})
    serial = functools.partial(images_study.run_study, workers=1, progress=False)
    for module in (scifar_real_vs_complex, trained_kernels_real_cost, checks):
        monkeypatch.setattr(module, "run_study", serial)
    return tmp_path


def test_figures_and_the_check_at_a_tiny_scale(tiny, monkeypatch):
    data = scifar_real_vs_complex.compute("quick")
    assert {(r["field"], r["init"]) for r in data["runs"]} == {("complex", "legs"), ("real", "diag-real"),
                                                               ("real", "diag-lin"), ("real", "legs")}
    scifar_real_vs_complex.draw(data, tiny / "figures")
    with open(tiny / "figures" / "scifar_real_vs_complex.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {float(r["accuracy"]) for r in rows if r["panel"] == "paper"} == {0.891, 0.7827}
    assert len([r for r in rows if r["panel"] == "accuracy"]) == 6

    bridge = trained_kernels_real_cost.compute("quick")
    assert len(bridge["rows"]) == 2 * len(trained_kernels_real_cost.EPS_FRACTIONS)
    for row in bridge["rows"]:
        assert row["l1_lower"] <= row["l1_upper"] and row["dim_lower"] <= row["dim_upper"] <= row["t"]
        assert row["kernel_l1"] > 0 and row["complex_n"] == 2
    smaller_eps = {(r["layer"], r["channel"]): r for r in bridge["rows"] if r["eps_fraction"] == 0.01}
    for row in (r for r in bridge["rows"] if r["eps_fraction"] == 0.1):   # a larger eps never costs more
        assert row["l1_lower"] <= smaller_eps[(row["layer"], row["channel"])]["l1_upper"]
        assert row["dim_lower"] <= smaller_eps[(row["layer"], row["channel"])]["dim_upper"]
    trained_kernels_real_cost.draw(bridge, tiny / "figures")
    assert (tiny / "figures" / "trained_kernels_real_cost.csv").exists()

    monkeypatch.setattr(checks, "RECORDED", tiny / "recorded.json")
    assert checks.scifar("quick").verdict == "open"                          # nothing recorded yet
    outcome = checks.scifar("full")
    assert outcome.verdict in ("checked", "refuted") and outcome.margin_from == "float64"
    assert (outcome.verdict == "refuted") == (outcome.counterexample is not None)
    checks.record(checks.RECORDED)
    again = checks.scifar("quick")
    assert (again.verdict, again.margin) == (outcome.verdict, outcome.margin)
    assert again.evidence["runs_from"].startswith("recorded runs")
    with patched(checks, "GAP", 1.01):
        assert checks.scifar("quick").verdict == "refuted"
    with patched(checks, "EXPECTED", outcome.verdict), checks._runs_contradicting_the_expected_verdict():
        assert checks.scifar("quick").verdict != outcome.verdict
