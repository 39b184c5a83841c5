"""``python -m verify`` through Dask (verify.runner on numerics.engine): the serial report, in order."""
import dataclasses
import json
import time

import pytest

from numerics import InputError, engine
from verify import registry
from verify.__main__ import main
from verify.runner import run_checks

#: Quick checks of each kind of verdict: refuted (with a counterexample), checked, certified, proved.
NAMES = ["ranmilo.appendix_a1", "cirone.prop4_6", "cirone.lemmaB_8", "ranmilo.appendix_a3.prop3"]


@pytest.fixture(scope="module")
def address():
    with engine.local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def serial_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serial")
    assert main(NAMES + ["--no-progress", "--json", str(folder / "v.json"), "--markdown", str(folder / "v.md")]) == 0
    return without_seconds(folder / "v.json")


def without_seconds(path):
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert [row["name"] for row in rows] == NAMES
    for row in rows:
        assert row.pop("seconds") >= 0
    return rows


@pytest.mark.parametrize("where", ["scheduler", "workers"])
def test_the_report_through_dask_is_the_serial_one(where, address, serial_report, tmp_path, monkeypatch):
    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    flags = ["--scheduler", address] if where == "scheduler" else ["--workers", "2"]   # joined, or its own cluster
    json_path = tmp_path / "v.json"
    assert main(NAMES + flags + ["--no-progress", "--json", str(json_path), "--markdown", str(tmp_path / "v.md")]) == 0
    assert without_seconds(json_path) == serial_report


def test_results_come_back_in_the_order_asked(address):
    checks = [registry.get(name) for name in reversed(NAMES)]
    results = run_checks(checks, "quick", progress=False, scheduler=address)
    assert [r.name for r in results] == list(reversed(NAMES))
    assert [r.verdict for r in results] == [c.expected_on("quick") for c in checks]


def test_an_unregistered_check_is_refused_on_a_cluster(address):
    impostor = dataclasses.replace(registry.get(NAMES[0]), expected="proved")
    with pytest.raises(InputError, match="checks: 'ranmilo.appendix_a1' is not the registered check"):
        run_checks([impostor], "quick", progress=False, scheduler=address)


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path, capsys):
    start = time.perf_counter()
    code = main(NAMES[:1] + ["--scheduler", "tcp://127.0.0.1:9", "--no-progress", "--json", str(tmp_path / "v.json"),
                             "--markdown", str(tmp_path / "v.md")])
    assert code == 2 and time.perf_counter() - start < engine.CONNECT_TIMEOUT_S + 3
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: scheduler: cannot reach 'tcp://127.0.0.1:9'") and "\n" not in error
    assert list(tmp_path.iterdir()) == []
    assert main(NAMES[:1] + ["--workers", "0", "--json", str(tmp_path / "v.json")]) == 2
    assert "workers" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
