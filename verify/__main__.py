"""``python -m verify``: run the checks and print the table of verdicts.

    python -m verify [NAME ...] [--tier quick|full] [--recorded-experiments] [--list] [--json FILE]
                     [--markdown FILE] [--mutations] [--workers N | --scheduler ADDRESS]
                     [--update-seconds-hints]

Reports go to ``out/verify.json`` and ``out/verify.md`` unless ``--json`` / ``--markdown`` say
otherwise.  Exit status: 0 when every verdict is the one its check is registered to expect,
1 when some verdict differs, 2 on bad usage (an unknown check name, an unreachable scheduler, say;
nothing is written then).

The checks run one after another in this process, or as Dask tasks (:mod:`verify.runner`,
:mod:`numerics.engine`): ``--workers N`` on a LocalCluster of N worker processes here,
``--scheduler ADDRESS`` (or the environment variable ``SSMCHECK_SCHEDULER``) on a running cluster.
The report is the same (apart from the seconds each check took).  A cluster gets the checks longest
first, by ``verify/check_seconds.json``, which ``--update-seconds-hints`` rewrites after a serial run.

The experiments (``--list`` marks them) train their runs at ``--tier full`` (DESIGN.md allows each up to
an hour on 2 cores; runs already in the sweep cache below ``out/cache`` are read, not trained).
``--recorded-experiments`` runs them on their quick tier instead, which re-reads the recorded runs of
their full tier: ``--tier full --recorded-experiments`` decides every other check on the full ranges in
minutes.

The last lines count the checks that have a mutation (a deliberately wrong variant of their
statement, :mod:`verify.mutation`) and name those that have none ("cannot fail");
``--mutations`` also runs every mutation (quick tier) and counts those that flip the verdict
(then a mutation that does not flip makes the exit status 1).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from numerics.engine import scheduler_address
from numerics.errors import InputError
from numerics.outputs import default_report_paths

from . import registry
from .mutation import run_mutation
from .report import table, write_reports
from .runner import run_checks, update_seconds_hints


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verify", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="checks to run (default: all)")
    parser.add_argument("--tier", choices=registry.TIERS, default="quick",
                        help="quick (default, minutes) or full (the paper's whole ranges)")
    parser.add_argument("--recorded-experiments", action="store_true",
                        help="experiments re-read the recorded runs of their full tier (their quick tier) "
                             "instead of training at --tier full")
    parser.add_argument("--update-seconds-hints", action="store_true",
                        help="after a serial run, record each check's seconds in verify/check_seconds.json "
                             "(the order in which a cluster gets the checks)")
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.add_argument("--json", type=Path, default=None, help="JSON report path (default out/verify.json)")
    parser.add_argument("--markdown", type=Path, default=None, help="Markdown report path (default out/verify.md)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--mutations", action="store_true",
                        help="also run every check's mutations and count those that flip the verdict")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=1, metavar="N",
                       help="run the checks on a local Dask cluster of N worker processes (default 1: here)")
    where.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run the checks on the Dask cluster of this scheduler (default $SSMCHECK_SCHEDULER)")
    args = parser.parse_args(argv)

    try:
        checks = [registry.get(name) for name in args.names] if args.names else registry.all_checks()
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    if args.list:
        width = max(len(c.name) for c in checks)
        for c in checks:
            expects = c.expected_on(c.tier_for(args.tier, args.recorded_experiments))
            kind = "experiment" if c.experiment else ""
            print(f"{c.name:<{width}}  expects {expects:<9}  {kind:<10}  {c.description}")
        return 0

    if args.update_seconds_hints and (args.workers != 1 or scheduler_address(args.scheduler) is not None):
        print("error: --update-seconds-hints: only with a serial run (--workers 1, no scheduler)", file=sys.stderr)
        return 2
    default_json, default_markdown = default_report_paths()
    try:
        results = run_checks(checks, args.tier, progress=not args.no_progress, workers=args.workers,
                             scheduler=args.scheduler, recorded_experiments=args.recorded_experiments)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        write_reports(results, args.tier, args.json or default_json, args.markdown or default_markdown)
    except OSError as error:
        print(f"error: cannot write the reports: {error}", file=sys.stderr)
        return 2
    if args.update_seconds_hints:
        update_seconds_hints(results)
    print(table(results))
    differing = [r.name for r in results if not r.as_expected]
    recorded = sum(1 for c in checks if c.tier_for(args.tier, args.recorded_experiments) != args.tier)
    note = f", {recorded} experiments on their recorded runs" if recorded else ""
    print(f"\n{len(results)} checks, {len(results) - len(differing)} as expected, {len(differing)} differing "
          f"(tier {args.tier}{note}); reports: {args.json or default_json}, {args.markdown or default_markdown}")
    unflipped = _mutation_summary(checks, args.mutations)
    return 1 if differing or unflipped else 0


def _mutation_summary(checks, run: bool) -> int:
    """Print how many checks have a mutation (and, with ``run``, how many flip); the number of
    mutations that did not flip."""
    with_mutations = [c for c in checks if c.mutations]
    cannot_fail = sorted(c.name for c in checks if not c.mutations)
    line = f"mutations: {len(with_mutations)} of {len(checks)} checks have one"
    unflipped = []
    if run:
        outcomes = [run_mutation(c, description) for c in with_mutations for description, _ in c.mutations]
        unflipped = [o for o in outcomes if not o.flipped]
        flipping = {o.check for o in outcomes if o.flipped}
        line += f"; {len(flipping)} checks have one that flips the verdict ({len(outcomes) - len(unflipped)} of " \
                f"{len(outcomes)} mutations flip)"
    else:
        line += " (tests/test_mutations.py and --mutations run them)"
    print(line)
    if cannot_fail:
        print("cannot fail (no mutation): " + ", ".join(cannot_fail))
    for o in unflipped:
        print(f"mutation did not flip: {o.check}: {o.mutation} (verdict {o.verdict})")
    return len(unflipped)


if __name__ == "__main__":
    sys.exit(main())
