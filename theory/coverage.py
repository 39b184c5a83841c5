"""Coverage: every numbered statement of both papers, its records and the verdicts of the last report.

``python -m theory coverage [--report FILE] [--json OUT]`` prints, for each entry of
:data:`theory.coverage_list.ENTRIES`, the paper, the number, the statement records that cover it,
and either the verdicts that the last report of ``python -m verify`` (default ``out/verify.json``)
gives the checks of those records, or the one-line reason it is not checked.  ``--json OUT`` writes
the same as a JSON list of objects (:func:`rows`).  Nothing is run: the verdicts are read from the
report ("no report yet" when there is none).

The checks live in :mod:`verify`, above this package; the report names each check's statement, which
is how a row finds its verdicts.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import registry
from .coverage_list import ENTRIES, Entry

NO_REPORT = "no report yet"
NOT_IN_REPORT = "no check of these statements in the report"


def read_report(path: Path | None) -> list[dict] | None:
    """The report's entries, or ``None`` when the file does not exist."""
    if path is None or not Path(path).exists():
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SystemExit(f"error: report {path} is unreadable ({error})")


def _shown(entry: dict) -> str:
    verdict = entry.get("verdict", "?")
    return verdict + ("*" if verdict == "proved" and entry.get("premises") else "")


def row(entry: Entry, report: list[dict] | None) -> dict:
    """One entry with the report's checks of its statements and a one-line verdict (or its reason)."""
    checks = [] if report is None else [
        {"name": e.get("name"), "statement": e.get("statement"), "verdict": e.get("verdict"),
         "expected": e.get("expected"), "premises": list(e.get("premises") or ())}
        for e in report if e.get("statement") in entry.statements]
    if entry.reason is not None:
        verdict = entry.reason
    elif report is None:
        verdict = NO_REPORT
    elif not checks:
        verdict = NOT_IN_REPORT
    else:
        verdict = "; ".join(f"{c['name']}: {_shown(c)}" for c in checks)
    return {"paper": entry.paper, "number": entry.number, "title": entry.title, "statements": list(entry.statements),
            "checks": checks, "verdict": verdict, "reason": entry.reason}


def rows(report: list[dict] | None) -> list[dict]:
    """Every entry as a :func:`row`."""
    return [row(entry, report) for entry in ENTRIES]


def unlisted() -> list[str]:
    """Registered top-level statements that no entry names (should be empty)."""
    listed = {name for entry in ENTRIES for name in entry.statements}
    return [s.name for s in registry.top_level() if s.name not in listed]


def unregistered() -> list[str]:
    """Listed names that are not registered statements (should be empty)."""
    known = set(registry.names())
    return [name for entry in ENTRIES for name in entry.statements if name not in known]


def table(found: list[dict]) -> str:
    """The printed list: one line per numbered statement, then the reasons of what is not checked."""
    width_number = max(len(r["number"]) for r in found)
    width_paper = max(len(r["paper"]) for r in found)
    lines = [f"{'paper':<{width_paper}}  {'number':<{width_number}}  statement(s)  ->  verdict of the last report "
             f"(or why not checked)", ""]
    for r in found:
        names = ", ".join(r["statements"]) or "(no record)"
        lines.append(f"{r['paper']:<{width_paper}}  {r['number']:<{width_number}}  {names}  ->  {r['verdict']}")
    unchecked = [r for r in found if r["reason"] is not None]
    lines += ["", f"{len(found)} numbered statements: {len(found) - len(unchecked)} with records, "
                  f"{len(unchecked)} not checked, for the reasons below"]
    for r in unchecked:
        lines.append(f"  {r['paper'].split()[0]} {r['number']}: {r['reason']}")
    missing, unknown = unlisted(), unregistered()
    if missing:
        lines.append(f"registered but not listed: {', '.join(missing)}")
    if unknown:
        lines.append(f"listed but not registered: {', '.join(unknown)}")
    return "\n".join(lines)
