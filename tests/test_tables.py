"""Tables 1 and 2 and the training curves: selection, certified columns, outputs and the cache."""
import csv
from types import SimpleNamespace

import numpy as np
import pytest

import numerics.learning.sweep
from figures import table1, table2, training_curves
from figures.__main__ import main

TINY_REAL = {"n": 8, "t": 8, "lrs": (1e-2,), "r_mins": (0.0,), "seeds": (0, 1), "steps": 150, "workers": 1}
TINY_COMPLEX = {"ts": (8,), "lr": 1e-2, "seeds": (0, 1), "steps": 150, "workers": 1}


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    monkeypatch.setenv("SSMCHECK_OUT", str(tmp_path))
    monkeypatch.setitem(table1.GRIDS, "quick", TINY_REAL)
    monkeypatch.setitem(table2.GRIDS, "quick", TINY_COMPLEX)
    return tmp_path


def _fake(optimizer, task, loss, eps, t=32):
    return SimpleNamespace(config=SimpleNamespace(optimizer=optimizer, task=task, t=t), best_loss=loss, best_eps_l1=eps)


def test_cells_pick_best_and_worst_runs():
    results = [_fake("adam", "delay", 0.5, 0.9), _fake("adam", "delay", 0.2, 0.95), _fake("adam", "delay", 0.7, 0.4),
               _fake("radam", "delay", 0.9, 1.0)]
    cells = table1.best_runs(results)
    best, min_eps, count = cells[("adam", "delay")]
    assert best.best_loss == 0.2 and min_eps == 0.4 and count == 3
    assert cells[("radam", "delay")][2] == 1
    worst, count = table2.worst_runs(results)[(32, "delay")]
    assert worst.best_loss == 0.9 and count == 4


def test_the_paper_grids():
    assert len(table1.configs("full")) == 162
    assert {c.n for c in table1.configs("full")} == {1024} and {c.steps for c in table1.configs("full")} == {500_000}
    assert len(table1.configs("full", seeds=range(5))) == 270
    full2 = table2.configs("full")
    assert len(full2) == 36 and all(c.n == c.t and c.lr == 1e-5 and c.r_min == 0.99 for c in full2)
    with pytest.raises(ValueError, match="tier"):
        table1.configs("medium")


def test_table1_rows_outputs_and_certified_consistency(tiny):
    rows = table1.compute("quick")
    assert len(rows) == 9 and {r["runs"] for r in rows} == {2}
    for row in rows:
        assert 0 <= row["certified_min_l1_at_eps_lower"] <= row["certified_min_l1_at_eps_upper"]
        # n ||C . B||_inf >= ||w||_1 >= the certified minimum at the run's own l1 error
        assert row["magnitude"] >= row["certified_min_l1_at_eps_lower"] * (1 - 1e-9)
        assert row["certified_min_l1_exact_lower"] >= row["certified_min_l1_at_eps_lower"]
        assert row["min_eps_l1_any_run"] <= row["eps_l1"]
    paths = table1.draw(rows, tiny / "figures")
    assert sorted(p.suffix for p in paths) == [".csv", ".md", ".tex"]
    markdown = (tiny / "figures" / "table1.md").read_text(encoding="utf-8").splitlines()
    table_lines = [line for line in markdown if line.startswith("|")]
    assert len(table_lines) == 11 and len({line.count("|") for line in table_lines}) == 1   # no stray cell separators
    with open(tiny / "figures" / "table1.csv", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert len(records) == 9 and "certified" in records[0]["obtained"]
    latex = (tiny / "figures" / "table1.tex").read_text(encoding="utf-8")
    assert latex.count("\\\\") == 10 and "\\begin{tabular}" in latex


def test_certified_minima_on_a_local_cluster_equal_the_serial_ones(tiny, tmp_path, monkeypatch):
    instances = [("delay", 8, 0, 0), ("oscillation", 8, 0, 0.05), ("random", 8, 1, 0.1), ("delay", 8, 0, 0)]
    table1.certified_minima(instances, workers=2)
    parallel = [table1.certified_minimum(*instance) for instance in instances]
    monkeypatch.setenv("SSMCHECK_OUT", str(tmp_path / "serial"))
    table1.certified_minima(instances, workers=1)
    serial = [table1.certified_minimum(*instance) for instance in instances]
    for a, b in zip(parallel, serial, strict=True):
        assert {k: v for k, v in a.items() if k != "seconds"} == {k: v for k, v in b.items() if k != "seconds"}
    assert len(list((tmp_path / "serial" / "cache" / "realfit").iterdir())) == 3   # the duplicate computed once


def test_second_invocation_uses_the_caches(tiny, monkeypatch):
    assert main(["table1", "table2", "--tier", "quick", "--out", str(tiny / "a")]) == 0

    def refuse(*args, **kwargs):
        raise AssertionError("trained again although cached")
    monkeypatch.setattr(numerics.learning.sweep, "train_batch", refuse)
    monkeypatch.setattr(table1, "min_l1_weight", refuse)
    assert main(["table1", "table2", "--tier", "quick", "--out", str(tiny / "b")]) == 0
    assert (tiny / "a" / "table2.csv").read_text() == (tiny / "b" / "table2.csv").read_text()


def test_the_tables_train_their_runs_in_one_sweep_first(tiny, monkeypatch):
    import figures.__main__ as cli
    sweeps = []
    real_sweep = cli.run_sweep
    monkeypatch.setattr(cli, "run_sweep", lambda configs, **options: sweeps.append(configs) or real_sweep(configs, **options))
    real_train = numerics.learning.sweep.train_batch
    trained = []
    monkeypatch.setattr(numerics.learning.sweep, "train_batch",
                        lambda batch, progress: trained.extend(batch) or real_train(batch, progress))
    assert main(["table1", "table2", "--tier", "quick", "--out", str(tiny / "a"), "--seeds", "1"]) == 0
    expected = table1.configs("quick", seeds=(0,)) + table2.configs("quick", seeds=(0,))
    assert sweeps == [expected]
    assert sorted(trained, key=expected.index) == expected    # each run trained once, in that sweep
    assert main(["table2", "--tier", "quick", "--out", str(tiny / "b")]) == 0
    assert len(sweeps) == 1   # one figure alone: its own sweep
    assert main(["table1", "training_curves", "--tier", "quick", "--out", str(tiny / "c")]) == 0
    assert sweeps[1] == table1.configs("quick") + table1.configs("quick") + table2.configs("quick")


def test_training_curves(tiny):
    rows = training_curves.compute("quick")
    panels = {(r["panel"], r["task"]) for r in rows}
    assert len(panels) == 6
    assert all(r["value"] > 0 for r in rows)   # every plotted point is drawable on a log scale
    lines = [r for r in rows if "certified" in r["series"]]
    assert lines and all(r["obtained"].startswith("certified") for r in lines)
    for task in ("delay", "oscillation", "random"):
        series = {r["series"] for r in rows if r["task"] == task and r["panel"] == "running min loss"}
        assert len(series) == 2
        for name in series:
            values = [r["value"] for r in rows if r["task"] == task and r["series"] == name
                      and r["panel"] == "running min loss"]
            assert np.all(np.diff(values) <= 0)   # a running minimum never increases
    paths = training_curves.draw(rows, tiny / "figures")
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"]


def test_accumulated_gradients_and_seeds_options(tiny, capsys):
    assert main(["table2", "--tier", "quick", "--seeds", "1", "--accumulate-gradients", "--out", str(tiny)]) == 0
    with open(tiny / "table2_accumulated.csv", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert records and all(r["accumulate_gradients"] == "True" and r["seeds"] == "[0]" for r in records)
    assert not (tiny / "table2.csv").exists()
    assert "accumulated across steps" in (tiny / "table2_accumulated.md").read_text(encoding="utf-8")
    # the runs differ from standard training: the cache keys differ and so do the losses
    standard = table2.compute("quick", seeds=(0,))
    assert {c.key() for c in table2.configs("quick", (0,), True)}.isdisjoint(c.key() for c in table2.configs("quick", (0,)))
    assert [float(r["best_loss"]) for r in records] != [r["best_loss"] for r in standard]
    # a figure without these options refuses them, and nothing is written
    assert main(["construction_sizes", "--seeds", "2", "--out", str(tiny / "x")]) == 2
    assert "--seeds" in capsys.readouterr().err and not (tiny / "x").exists()
    assert main(["table1", "--seeds", "0", "--out", str(tiny / "y")]) == 2
