"""``python -m verify``: run the checks and print the table of verdicts.

    python -m verify [NAME ...] [--tier quick|full] [--list] [--json FILE] [--markdown FILE]

Reports go to ``out/verify.json`` and ``out/verify.md`` unless ``--json`` / ``--markdown`` say
otherwise.  Exit status: 0 when every verdict is the one its check is registered to expect,
1 when some verdict differs, 2 on bad usage (an unknown check name, say).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from numerics.outputs import default_report_paths

from . import registry
from .report import table, write_reports
from .runner import run_checks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verify", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="checks to run (default: all)")
    parser.add_argument("--tier", choices=registry.TIERS, default="quick",
                        help="quick (default, minutes) or full (the paper's whole ranges)")
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.add_argument("--json", type=Path, default=None, help="JSON report path (default out/verify.json)")
    parser.add_argument("--markdown", type=Path, default=None, help="Markdown report path (default out/verify.md)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    try:
        checks = [registry.get(name) for name in args.names] if args.names else registry.all_checks()
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    if args.list:
        width = max(len(c.name) for c in checks)
        for c in checks:
            expects = c.expected_on(args.tier)
            print(f"{c.name:<{width}}  expects {expects:<9}  {c.description}")
        return 0

    default_json, default_markdown = default_report_paths()
    results = run_checks(checks, args.tier, progress=not args.no_progress)
    try:
        write_reports(results, args.tier, args.json or default_json, args.markdown or default_markdown)
    except OSError as error:
        print(f"error: cannot write the reports: {error}", file=sys.stderr)
        return 2
    print(table(results))
    differing = [r.name for r in results if not r.as_expected]
    print(f"\n{len(results)} checks, {len(results) - len(differing)} as expected, {len(differing)} differing "
          f"(tier {args.tier}); reports: {args.json or default_json}, {args.markdown or default_markdown}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
