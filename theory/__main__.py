"""``python -m theory``: list the statements, show one with its proof steps, or list the coverage.

    python -m theory list
    python -m theory show NAME [--latex] [--report FILE]
    python -m theory coverage [--report FILE] [--json OUT]

``show`` prints the statement (source, summary, symbols, hypotheses, conclusion, bound, remarks)
and its proof steps, each with the verdict of its last check when a report of
``python -m verify`` exists (default ``out/verify.json``).  ``coverage`` prints every numbered
statement of both papers with the records that cover it and the verdicts of the last report, or the
reason it is not checked (:mod:`theory.coverage`); ``--json OUT`` writes the same as a JSON list.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sympy

from numerics.outputs import default_report_paths

from . import coverage, registry


def _verdicts(report: Path) -> dict[str, list[dict]]:
    """Statement name -> the check results of the report that confront it."""
    if not report.exists():
        return {}
    try:
        entries = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SystemExit(f"error: report {report} is unreadable ({error})")
    found: dict[str, list[dict]] = {}
    for entry in entries:
        found.setdefault(entry.get("statement"), []).append(entry)
    return found


def _render(expr, latex: bool) -> str:
    return sympy.latex(expr) if latex else sympy.sstr(expr)


def _show(statement, verdicts, latex: bool, depth: int = 0) -> list[str]:
    pad = "    " * depth
    lines = [f"{pad}{statement.name}  [{statement.source}]", f"{pad}  {statement.summary}"]
    if statement.symbols:
        lines.append(f"{pad}  symbols:     " + ", ".join(_render(s, latex) for s in statement.symbols))
    for h in statement.hypotheses:
        lines.append(f"{pad}  hypothesis:  {_render(h, latex)}")
    if statement.conclusion is not None:
        lines.append(f"{pad}  conclusion:  {_render(statement.conclusion, latex)}")
    if statement.bound is not None:
        lines.append(f"{pad}  bound:       {_render(statement.bound, latex)}")
    for remark in statement.remarks:
        lines.append(f"{pad}  remark:      {remark}")
    if statement.corrects:
        lines.append(f"{pad}  erratum:     corrected form of the printed statement {statement.corrects}")
    for corrected in registry.corrections_of(statement.name):
        lines.append(f"{pad}  erratum:     as printed this statement fails; corrected form: {corrected.name} "
                     f"({corrected.summary})")
    for entry in verdicts.get(statement.name, []):
        margin = entry.get("margin")
        margin_text = "" if margin is None else f", margin {margin:.3g}"
        lines.append(f"{pad}  last check:  {entry['name']}: {entry['verdict']} "
                     f"(expected {entry['expected']}{margin_text})")
        if entry.get("erratum"):
            lines.append(f"{pad}  erratum:     {entry['erratum']}")
    if not verdicts.get(statement.name):
        lines.append(f"{pad}  last check:  none in the report")
    for step in statement.steps:
        lines.append("")
        lines.extend(_show(step, verdicts, latex, depth + 1))
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m theory", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the statements")
    show = commands.add_parser("show", help="show one statement with its proof steps")
    show.add_argument("name")
    show.add_argument("--latex", action="store_true", help="print the sympy objects as LaTeX")
    show.add_argument("--report", type=Path, default=default_report_paths()[0],
                      help="JSON report of python -m verify (default: %(default)s)")
    cover = commands.add_parser("coverage", help="every numbered statement with its records and last verdicts")
    cover.add_argument("--report", type=Path, default=default_report_paths()[0],
                       help="JSON report of python -m verify (default: %(default)s)")
    cover.add_argument("--json", type=Path, metavar="OUT", help="also write the list as JSON to OUT")
    args = parser.parse_args(argv)
    if args.command == "coverage":
        found = coverage.rows(coverage.read_report(args.report))
        print(coverage.table(found))
        if args.json is not None:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
        return 0
    if args.command == "list":
        tops = registry.top_level()
        width = max(len(s.name) for s in tops)
        for statement in tops:
            proof = "sympy proof" if statement.prove else "no sympy proof"
            print(f"{statement.name:<{width}}  {statement.source}  ({len(statement.steps)} steps, {proof})")
        return 0
    try:
        statement = registry.get(args.name)
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    print("\n".join(_show(statement, _verdicts(args.report), args.latex)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
