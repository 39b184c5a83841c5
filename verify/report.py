"""The verdict table, and the JSON and Markdown reports (written atomically)."""
from __future__ import annotations

import json
from pathlib import Path

from numerics.outputs import text_writer, write_files_atomically

from .verdict import CheckResult

COLUMNS = ("check", "verdict", "expected", "margin", "seconds")


def _margin(result: CheckResult) -> str:
    return "-" if result.margin is None else f"{result.margin:.3g}"


def _rows(results: list[CheckResult]) -> list[tuple[str, ...]]:
    return [(r.name, r.shown_verdict + ("" if r.as_expected else "  <-- differs"), r.expected, _margin(r),
             f"{r.seconds:.2f}") for r in results]


def premises_footnote(results: list[CheckResult]) -> list[str]:
    """``proved*`` / ``certified*``: the named premises each such verdict rests on."""
    rows = [r for r in results if r.shown_verdict.endswith("*")]
    if not rows:
        return []
    lines = ["", "* = resting on named premises (classical results taken as given):"]
    for r in rows:
        lines.append(f"  {r.name}: " + "; ".join(r.premises))
    return lines


def table(results: list[CheckResult]) -> str:
    """A plain-text table of the verdicts."""
    rows = [COLUMNS] + _rows(results)
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += premises_footnote(results)
    summaries = [f"  {r.name}: {r.summary}" for r in results if r.summary]
    if summaries:
        lines += ["", "What the checks found:"] + summaries
    for r in results:
        if r.erratum:
            lines.append(f"erratum ({r.name}): {r.erratum}")
    return "\n".join(lines)


def markdown(results: list[CheckResult], tier: str) -> str:
    """The Markdown report: the table, then per check its margin's meaning and evidence."""
    out = [f"# ssmcheck verification report (tier: {tier})", ""]
    other = [r.name for r in results if r.tier != tier]
    if other:
        out += ["Run on another tier (experiments on the recorded runs of their full tier): "
                + ", ".join(f"`{name}`" for name in other), ""]
    out += ["| check | statement | verdict | expected | margin | seconds |", "|---|---|---|---|---|---|"]
    for r in results:
        out.append(f"| `{r.name}` | {r.source} | **{r.shown_verdict}** | {r.expected} | {_margin(r)} | {r.seconds:.2f} |")
    out += premises_footnote(results)
    for r in results:
        out += ["", f"## `{r.name}` — {r.verdict}", "", f"- statement: `{r.statement}` ({r.source})",
                f"- margin ({r.margin_from}): {_margin(r)} — {r.margin_note}"]
        if r.premises:
            out.append("- premises: " + "; ".join(r.premises))
        if r.summary:
            out.append(f"- found: {r.summary}")
        if r.erratum:
            out.append(f"- erratum: {r.erratum}")
        if r.counterexample is not None:
            out += ["- counterexample:", "", "```json", json.dumps(r.counterexample, indent=2), "```"]
        out += ["- evidence:", "", "```json", json.dumps(r.evidence, indent=2, default=str), "```"]
    return "\n".join(out) + "\n"


def write_reports(results: list[CheckResult], tier: str, json_path: Path | None, markdown_path: Path | None) -> None:
    """Write the JSON report (a list of objects) and the Markdown report, atomically together."""
    writers = {}
    if json_path is not None:
        writers[Path(json_path)] = text_writer(json.dumps([r.as_json() for r in results], indent=2, default=str) + "\n")
    if markdown_path is not None:
        writers[Path(markdown_path)] = text_writer(markdown(results, tier))
    write_files_atomically(writers)
