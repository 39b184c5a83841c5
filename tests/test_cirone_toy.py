"""The Figure 1 baselines end to end at a tiny scale: numerics.nets.cirone_toy, figure cirone_figure1 and the
checks cirone.fig1_*."""
import csv
import functools

import numpy as np
import pytest
import torch

from figures import cirone_figure1
from numerics.errors import InputError
from numerics.nets import cirone_toy
from numerics.nets.cirone_toy import ToyModel, ToyRunConfig, ToyRunResult, tier_configs, train_toy
from verify.checks.cirone import trained_toy as checks
from verify.mutation import patched

TINY = dict(hidden=4, state=2, paths=60, steps=6, eval_every=3)
CHECKS = ("fig1_s4_linear", "fig1_mamba_stacking", "fig1_nonlinearity", "fig1_lcde_area")


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Every tier at a tiny scale, runs in this process, cached below tmp_path."""
    monkeypatch.setenv("SSMCHECK_OUT", str(tmp_path / "out"))
    for name in ("quick", "full"):
        monkeypatch.setitem(cirone_toy.TIERS, name, TINY)
    monkeypatch.setitem(cirone_figure1.SIZES, "quick", {"N": 4})
    monkeypatch.setattr(checks, "LCDE_N", 4)
    monkeypatch.setattr(checks, "RECORDED", tmp_path / "recorded.json")
    serial = functools.partial(cirone_toy.run_study, workers=1, progress=False)
    for module in (cirone_figure1, checks):
        monkeypatch.setattr(module, "run_study", serial)
    return tmp_path


@pytest.mark.parametrize("model", ["mamba", "s4"])
def test_model_shapes_and_the_linear_s4_model_is_affine(model):
    x = torch.randn(5, 12, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    z = torch.randn(5, 12, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    for depth, nonlinear in cirone_toy.ARCHITECTURES:
        net = ToyModel(3, model, depth, nonlinear, hidden=8, state=4, seed=7).double()
        assert net(x).shape == (5,) and len(net.ssms) == depth
        mixed = net(0.3 * x + 0.7 * z) - (0.3 * net(x) + 0.7 * net(z))
        if model == "s4" and not nonlinear:     # affine in the path: cirone.lti_symmetry applies
            assert torch.allclose(mixed, torch.zeros_like(mixed), atol=1e-12)
        else:
            assert mixed.abs().max() > 1e-8


def test_a_run_records_its_curve_deterministically_and_round_trips(tmp_path):
    config = ToyRunConfig("area", "mamba", 2, True, seed=3, **TINY)
    first, second = train_toy(config), train_toy(config)
    assert first.eval_steps.tolist() == [0, 3, 6] and np.isnan(first.train_loss[0])
    assert np.array_equal(first.rmse, second.rmse) and first.zero_rmse > 0
    first.to_files(tmp_path / "run")
    loaded = ToyRunResult.load(tmp_path / "run")
    assert loaded.config == config and np.array_equal(loaded.rmse, first.rmse)


def test_tiers_and_bad_configurations():
    configs = tier_configs("paper")
    assert len(configs) == 60 and {(c.hidden, c.state, c.paths, c.lr, c.batch) for c in configs} == {
        (256, 256, 100_000, 1e-4, 32)}
    assert {c.label for c in configs} == {"Mamba, depth 1", "Mamba, depth 2", "Mamba, depth 2 + GELU", "S4, depth 1",
                                          "S4, depth 2", "S4, depth 2 + GELU"}
    for change, name in [({"dataset": "sphere"}, "dataset"), ({"model": "rnn"}, "model"), ({"depth": 0}, "depth"),
                         ({"lr": -1.0}, "lr"), ({"nonlinear": 1}, "nonlinear"), ({"device": "tpu"}, "device"),
                         ({"paths": 2}, "paths")]:
        arguments = {**dict(dataset="area", model="s4", depth=1, nonlinear=False, seed=1, steps=1), **change}
        with pytest.raises(InputError, match=f"^{name}:"):
            ToyRunConfig(**arguments)
    with pytest.raises(InputError, match="^tier:"):
        tier_configs("huge")
    with pytest.raises(InputError, match="^x:"):
        ToyModel(2, "s4", 1, False, hidden=4, state=2, seed=0)(torch.zeros(2, 5, 3))


def test_figure_draws_every_trained_point_and_the_lines(tiny):
    rows = cirone_figure1.compute("quick")
    trained = [r for r in rows if r["step"] != ""]
    assert len(trained) == 2 * 6 * 3 and all(r["runs"] == 5 and r["seeds"] == "1 2 3 4 5" for r in trained)
    assert all(r["min"] <= r["mean"] <= r["max"] for r in rows)
    paths = cirone_figure1.draw(rows, tiny / "figures")
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"]
    with open(tiny / "figures" / "cirone_figure1.csv", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == len(rows) and {r["series"] for r in written if r["step"] == ""} == {
        "Predicting Zero", "Random Linear CDE"}


def test_checks_are_open_without_a_record_then_read_the_recorded_full_tier(tiny):
    for name in CHECKS:
        assert getattr(checks, name)("quick").verdict == "open"
        with patched(checks, "_data", checks._fabricated(agreeing=False)):
            outcome = getattr(checks, name)("quick")
            assert outcome.verdict == "refuted" and outcome.counterexample is not None
        with patched(checks, "_data", checks._fabricated(agreeing=True)):
            assert getattr(checks, name)("quick").verdict == "checked"
    outcomes = {name: getattr(checks, name)("full") for name in CHECKS}
    checks.record(checks.RECORDED)
    for name, outcome in outcomes.items():
        assert outcome.verdict in ("checked", "refuted") and outcome.margin_from == "float64"
        again = getattr(checks, name)("quick")
        assert (again.verdict, again.margin) == (outcome.verdict, outcome.margin)
        assert again.evidence["runs_from"].startswith("recorded runs")
    with patched(checks, "S4_FLOOR", 1e9):
        assert checks.fig1_s4_linear("quick").verdict == "refuted"
