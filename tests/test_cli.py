"""The three entry points: python -m verify, python -m figures, python -m theory."""
import csv
import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

import figures.__main__ as figures_cli
import theory.__main__ as theory_cli
import verify.__main__ as verify_cli
from figures import construction_sizes
from verify import registry
from verify.registry import Check
from verify.verdict import Outcome

REQUIRED_KEYS = {"name", "statement", "verdict", "expected", "margin", "evidence", "counterexample"}


@pytest.fixture(autouse=True)
def _outputs_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("SSMCHECK_OUT", str(tmp_path / "out"))


def test_verify_list_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "verify", "--list"], capture_output=True, text=True, check=True)
    for name in ("ranmilo.prop1.real", "ranmilo.prop1.complex", "ranmilo.prop2", "ranmilo.prop3",
                 "ranmilo.appendix_c", "ranmilo.lemma7", "ranmilo.lti"):
        assert name in done.stdout


def test_verify_writes_reports(tmp_path, capsys):
    report, md = tmp_path / "r.json", tmp_path / "r.md"
    code = verify_cli.main(["ranmilo.lemma7", "ranmilo.prop2", "--json", str(report), "--markdown", str(md),
                            "--no-progress"])
    assert code == 0
    entries = json.loads(report.read_text())
    assert [e["name"] for e in entries] == ["ranmilo.lemma7", "ranmilo.prop2"]
    assert all(REQUIRED_KEYS <= set(e) and e["verdict"] == "proved" and e["counterexample"] is None for e in entries)
    assert "ranmilo.lemma7" in md.read_text() and "proved" in capsys.readouterr().out


def test_verify_unknown_name_fails_cleanly(tmp_path, capsys):
    assert verify_cli.main(["ranmilo.prop99", "--json", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown check 'ranmilo.prop99'" in err
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "out").exists()


def test_verify_exits_nonzero_when_a_verdict_differs(tmp_path, monkeypatch):
    fake = Check("fake.check", "ranmilo.lemma7", "certified",
                 lambda tier: Outcome("open", None, "nothing established"), "a check that misses")
    registry.all_checks()  # load the real ones first
    monkeypatch.setitem(registry._CHECKS, "fake.check", fake)
    assert verify_cli.main(["fake.check", "--json", str(tmp_path / "f.json"), "--no-progress"]) == 1
    assert json.loads((tmp_path / "f.json").read_text())[0]["verdict"] == "open"


def test_expected_verdict_can_differ_by_tier(tmp_path, monkeypatch):
    fake = Check("tiered.check", "ranmilo.lemma7", "certified",
                 lambda tier: Outcome("certified" if tier == "quick" else "open", None, "tiered"), "tiered",
                 expected_by_tier=(("full", "open"),))
    registry.all_checks()
    monkeypatch.setitem(registry._CHECKS, "tiered.check", fake)
    for tier in ("quick", "full"):
        path = tmp_path / f"{tier}.json"
        assert verify_cli.main(["tiered.check", "--tier", tier, "--json", str(path), "--no-progress"]) == 0
        assert json.loads(path.read_text())[0]["expected"] == fake.expected_on(tier)
    with pytest.raises(ValueError, match="expected_by_tier"):
        registry.check("never.registered", statement="ranmilo.lemma7", expected="proved",
                       expected_by_tier={"medium": "open"})
    assert "never.registered" not in registry._CHECKS


def test_recorded_experiments_run_their_quick_tier_at_the_full_tier(tmp_path, monkeypatch, capsys):
    seen = []

    def run(tier):
        seen.append(tier)
        return Outcome("checked", None, f"runs of tier {tier}")
    registry.all_checks()
    experiment = Check("fake.experiment", "ranmilo.lemma7", "checked", run, "trains", experiment=True)
    other = Check("fake.other", "ranmilo.lemma7", "checked", run, "does not train")
    monkeypatch.setitem(registry._CHECKS, experiment.name, experiment)
    monkeypatch.setitem(registry._CHECKS, other.name, other)
    path = tmp_path / "r.json"
    argv = ["fake.experiment", "fake.other", "--tier", "full", "--json", str(path), "--no-progress"]
    assert verify_cli.main(argv) == 0 and seen == ["full", "full"]
    seen.clear()
    assert verify_cli.main(argv + ["--recorded-experiments"]) == 0 and seen == ["quick", "full"]
    assert [e["tier"] for e in json.loads(path.read_text())] == ["quick", "full"]
    assert "1 experiments on their recorded runs" in capsys.readouterr().out
    assert "Run on another tier" in (tmp_path / "out" / "verify.md").read_text()
    assert verify_cli.main(["fake.experiment", "--list"]) == 0
    assert "experiment" in capsys.readouterr().out.split("fake.experiment", 1)[1]
    # the registered experiments are the checks that train
    marked = {c.name for c in registry.all_checks() if c.experiment}
    assert {"cirone.a5.figure2", "ranmilo.scifar", "ranmilo.selectivity_copy", "cirone.fig1_s4_linear"} <= marked
    assert "ranmilo.thm1" not in marked


def test_checks_go_to_a_cluster_longest_first_and_the_report_keeps_their_order(monkeypatch, tmp_path):
    from verify import runner
    hints = tmp_path / "hints.json"
    hints.write_text(json.dumps({"quick": {"b": 5.0, "c": 9.0}}))
    monkeypatch.setattr(runner, "SECONDS_HINTS", hints)
    assert runner.longest_first(["a", "b", "c", "d"], ["quick"] * 4) == [2, 1, 0, 3]
    assert runner.longest_first(["a", "b"], ["full", "full"]) == [0, 1]
    results = [SimpleNamespace(name="b", tier="quick", seconds=1.26), SimpleNamespace(name="e", tier="full", seconds=2)]
    runner.update_seconds_hints(results)
    assert json.loads(hints.read_text()) == {"full": {"e": 2}, "quick": {"b": 1.3, "c": 9.0}}
    assert verify_cli.main(["ranmilo.lemma7", "--workers", "2", "--update-seconds-hints"]) == 2


def test_a_crashing_check_is_reported_open(tmp_path, monkeypatch):
    def crash(tier):
        raise ZeroDivisionError("boom")
    registry.all_checks()
    monkeypatch.setitem(registry._CHECKS, "crash.check", Check("crash.check", "ranmilo.lemma7", "proved", crash, ""))
    assert verify_cli.main(["crash.check", "--json", str(tmp_path / "c.json"), "--no-progress"]) == 1
    entry = json.loads((tmp_path / "c.json").read_text())[0]
    assert entry["verdict"] == "open" and "ZeroDivisionError" in entry["evidence"]["error"]


def test_figures_list_and_unknown(capsys):
    assert figures_cli.main(["--list"]) == 0
    assert "construction_sizes" in capsys.readouterr().out
    assert figures_cli.main(["no_such_figure"]) == 2
    assert "unknown figure 'no_such_figure'" in capsys.readouterr().err


def test_construction_sizes_figure_writes_pdf_png_and_the_plotted_csv(tmp_path):
    rows = construction_sizes.compute(times=[8, 16])
    paths = construction_sizes.draw(rows, tmp_path)
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"]
    assert all(p.stat().st_size > 0 for p in paths)
    with (tmp_path / "construction_sizes.csv").open() as handle:
        written = list(csv.DictReader(handle))
    assert [float(r["n_max_abs_CB"]) for r in written] == [r["n_max_abs_CB"] for r in rows]
    # the real weights exceed the complex ones, and lower <= value <= upper
    for r in rows:
        assert r["n_max_abs_CB_lower"] <= r["n_max_abs_CB"] <= r["n_max_abs_CB_upper"]
    real16 = [r for r in rows if r["t"] == 16 and r["construction"].startswith("real")]
    complex16 = [r for r in rows if r["t"] == 16 and r["construction"].startswith("complex")]
    assert all(a["n_max_abs_CB_lower"] > 100 * b["n_max_abs_CB_upper"] for a, b in zip(real16, complex16))


def test_theory_list_and_show(capsys):
    assert theory_cli.main(["list"]) == 0
    listing = capsys.readouterr().out
    assert "ranmilo.prop3" in listing and "Proposition 3, Ran-Milo et al. 2024" in listing
    assert theory_cli.main(["show", "ranmilo.prop3"]) == 0
    shown = capsys.readouterr().out
    assert "ranmilo.prop3.roots_of_unity" in shown and "bound:" in shown
    assert theory_cli.main(["show", "ranmilo.prop3", "--latex"]) == 0
    assert "\\" in capsys.readouterr().out
    assert theory_cli.main(["show", "nothing.here"]) == 2
    assert "unknown statement 'nothing.here'" in capsys.readouterr().err


def test_theory_show_reads_the_verdicts(tmp_path, capsys):
    report = tmp_path / "v.json"
    assert verify_cli.main(["ranmilo.lemma7", "--json", str(report), "--no-progress"]) == 0
    capsys.readouterr()
    assert theory_cli.main(["show", "ranmilo.lemma7", "--report", str(report)]) == 0
    assert "last check:  ranmilo.lemma7: proved" in capsys.readouterr().out
