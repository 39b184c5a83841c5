"""The selectivity study end to end at a tiny scale: figures selectivity_* and the checks ranmilo.selectivity_*."""
import csv
import functools

import pytest

from figures import selectivity_copy, selectivity_induction, selectivity_table3
from numerics.nets import selectivity
from verify.checks.ranmilo import selectivity as checks
from verify.mutation import patched

TINY = {"copy": (2, 12), "induction": (2, 12), "epoch_steps": 6, "seeds": (1111, 2222), "table3_seeds": (1111,)}


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Both tiers at a tiny scale; runs in this process, cached below tmp_path."""
    monkeypatch.setenv("SSMCHECK_OUT", str(tmp_path / "out"))
    for name in ("quick", "full"):
        monkeypatch.setitem(selectivity.TIERS, name, TINY)
    serial = functools.partial(selectivity.run_study, workers=1, progress=False)
    for module in (selectivity_copy, selectivity_table3, checks):
        monkeypatch.setattr(module, "run_study", serial)
    return tmp_path


def test_comparison_figures_write_pdf_png_csv(tiny):
    for module in (selectivity_copy, selectivity_induction):
        data = module.compute("quick")
        assert {(run["field"], run["seed"]) for run in data["runs"]} == {(f, s) for f in ("real", "complex")
                                                                         for s in (1111, 2222)}
        paths = module.draw(data, tiny / "figures")
        assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"]
        with open(tiny / "figures" / f"{module.NAME}.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert {row["panel"] for row in rows} == {"accuracy", "learning curve", "paper"}
        assert {float(r["value"]) for r in rows if r["panel"] == "paper"} >= {module.PAPER["real"][1]}


def test_table3_writes_the_per_run_csv_and_the_tables(tiny):
    data = selectivity_table3.compute("quick")
    assert len(data["runs"]) == 16 and data["task"] == "induction"
    selectivity_table3.draw(data, tiny / "figures")
    with open(tiny / "figures" / "selectivity_table3.csv", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == ("field", "selective_B", "selective_C", "selective_delta", "seed", "task",
                                            "accuracy", "steps")
        assert len(list(reader)) == 16
    markdown = (tiny / "figures" / "selectivity_table3.md").read_text(encoding="utf-8")
    assert "real 97.35-98.3%" in markdown and markdown.count("\n| ") == 9
    assert "\\begin{tabular}" in (tiny / "figures" / "selectivity_table3.tex").read_text(encoding="utf-8")


def test_checks_reach_a_verdict_and_the_quick_tier_reads_the_recorded_runs(tiny, monkeypatch):
    outcomes = {name: getattr(checks, name)("full") for name in
                ("selectivity_copy", "selectivity_induction", "selectivity_table3")}
    for outcome in outcomes.values():
        assert outcome.verdict in ("checked", "refuted") and outcome.margin_from == "float64"
        assert (outcome.verdict == "refuted") == (outcome.counterexample is not None)
        assert outcome.evidence["scale"]["step_cap"] == 12
    monkeypatch.setattr(checks, "RECORDED", tiny / "recorded.json")
    checks.record(checks.RECORDED)
    for name, outcome in outcomes.items():
        again = getattr(checks, name)("quick")
        assert (again.verdict, again.margin) == (outcome.verdict, outcome.margin)
        assert again.evidence["runs_from"].startswith("recorded runs")
    with patched(checks, "COPY_GAP", 1.01):
        assert checks.selectivity_copy("quick").verdict == "refuted"
    with patched(checks, "INDUCTION_GAP", 1.01):
        assert checks.selectivity_induction("quick").verdict == "refuted"
