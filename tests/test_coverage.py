"""The coverage list (theory.coverage_list) in step with the registry, and `python -m theory coverage`."""
import json
from collections import Counter

import pytest

from theory import coverage, registry
from theory.__main__ import main
from theory.coverage_list import CIRONE, ENTRIES, RANMILO
from verify import registry as check_registry


def test_every_registered_top_level_statement_is_listed():
    assert coverage.unlisted() == [], "add these statements to theory/coverage_list.py"


def test_every_listed_name_is_registered():
    assert coverage.unregistered() == []


def test_every_entry_has_records_or_a_reason():
    for entry in ENTRIES:
        assert bool(entry.statements) != (entry.reason is not None), entry.number
        assert entry.reason is None or entry.reason.startswith("not checked"), entry.number
        assert "\n" not in (entry.reason or ""), "a reason is one line"


def test_numbers_are_unique_per_paper():
    counts = Counter((entry.paper, entry.number) for entry in ENTRIES)
    assert [key for key, count in counts.items() if count > 1] == []
    assert {entry.paper for entry in ENTRIES} == {RANMILO, CIRONE}


def test_the_appendix_a_results_are_covered():
    numbers = {entry.number: entry for entry in ENTRIES if entry.paper == RANMILO}
    for number in ("Appendix A.1 (Theorem 2)", "Appendix A.1 (Theorem 1)", "Appendix A.2",
                   "Appendix A.3 (Propositions 1-2)", "Appendix A.3 (Theorem 1)", "Appendix A.3 (Proposition 3)"):
        assert numbers[number].statements, number


def _top_level_of(name: str) -> str:
    for statement in registry.top_level():
        if any(item.name == name for item in statement.walk()):
            return statement.name
    raise AssertionError(name)


def test_every_check_confronts_a_listed_statement():
    listed = {name for entry in ENTRIES for name in entry.statements}
    for check in check_registry.all_checks():
        assert check.statement in listed or _top_level_of(check.statement) in listed, check.name


def test_cli_without_a_report_says_so(tmp_path, capsys):
    assert main(["coverage", "--report", str(tmp_path / "missing.json")]) == 0
    out = capsys.readouterr().out
    assert "ranmilo.appendix_a2  ->  no report yet" in out
    for entry in ENTRIES:
        if entry.reason:
            assert f"{entry.number}" in out and entry.reason in out
    assert "registered but not listed" not in out


def test_cli_reads_the_verdicts_of_the_report_and_writes_json(tmp_path, capsys):
    report = [{"name": "ranmilo.thm2", "statement": "ranmilo.thm2", "verdict": "refuted", "expected": "refuted",
               "premises": []},
              {"name": "ranmilo.thm2_corrected", "statement": "ranmilo.thm2_corrected", "verdict": "proved",
               "expected": "proved", "premises": ["mathematical induction [Spivak]"]}]
    path = tmp_path / "verify.json"
    path.write_text(json.dumps(report))
    out_json = tmp_path / "coverage" / "coverage.json"
    assert main(["coverage", "--report", str(path), "--json", str(out_json)]) == 0
    printed = capsys.readouterr().out
    assert "ranmilo.thm2: refuted; ranmilo.thm2_corrected: proved*" in printed
    assert "ranmilo.lti  ->  " + coverage.NOT_IN_REPORT in printed
    rows = json.loads(out_json.read_text())
    assert len(rows) == len(ENTRIES)
    assert set(rows[0]) == {"paper", "number", "title", "statements", "checks", "verdict", "reason"}
    theorem2 = next(r for r in rows if r["number"] == "Theorem 2")
    assert [c["verdict"] for c in theorem2["checks"]] == ["refuted", "proved"]
    fermanian = next(r for r in rows if r["number"] == "Theorem A.5")
    assert fermanian["statements"] == [] and fermanian["verdict"] == fermanian["reason"]


def test_an_unreadable_report_is_an_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(SystemExit, match="unreadable"):
        main(["coverage", "--report", str(path)])
