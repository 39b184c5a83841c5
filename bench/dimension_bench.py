"""Benchmark of :func:`numerics.realfit.dimension.dimension_bracket` on Theorem 1's quick or full grid.

The instances are those of the quick tier of ``ranmilo.thm1``
(:mod:`verify.checks.ranmilo.theorem1_instances`): ``phi_k = Re(B C A^(k-1))`` with ``|A| = 0.5^(1/t)``,
``|B C| = 1``, ``arg(B C) = g pi`` (g in PHASES), ``arg A = asin 0.2 + s (pi - 2 asin 0.2)`` (s in
POSITIONS), t in {18, 27, 45} and eps in {0, 1/20, 1/4}.  Each instance is bracketed twice in the
same run:

* **before** -- the check's earlier configuration (no annihilator, no cluster): sign changes (and the
  Vandermonde rank at eps = 0), the witness search seeded 0 with 6 starts up to n = 16, the largest
  dimension below the printed bound tried first;
* **after** -- the same plus the annihilating-polynomial lower bound (roots in [-1, 1]: stable
  SSMs; at most ``--annihilator-boxes`` boxes per degree, which makes it deterministic, and
  ``--annihilator-seconds`` as a safety cap that depends on the load), its stopping polynomial
  tried as a witness, the witness search up to n = t - 2 within ``--max-seconds`` (a single
  search dimension in flight may overrun it), and pole elimination with variable projection
  (:mod:`numerics.realfit.varpro`) within ``--varpro-seconds``, and one cluster of poles
  (:mod:`numerics.realfit.cluster`) within ``--cluster-seconds``, and spread clusters
  (:func:`numerics.realfit.varpro.spread_search`) within ``--spread-seconds``, the carrier with the stable
  roots in cells (:mod:`numerics.realfit.grouped_carrier`) within ``--grouped-seconds``, and the
  windowed-carrier lower bound
  (:mod:`numerics.realfit.carrier`, all real SSMs, stable or not; off with ``--no-carrier``) over the
  degrees up to the upper end minus one; a seconds option of 0 turns that method off.  The row says
  how each end was found (``carrier``, ``varpro``, ``cluster``, ...) and the ``varpro_seconds``.

With ``--tier full`` it brackets the full tier's grid instead (1380 instances: t in {18, 27, 45, 90,
180}, 23 positions, 4 phases, the three eps), "after" only, each method within the seconds of
``FULL_BUDGETS`` for its t (the seconds options are then not used), on ``--workers`` Dask workers
(:mod:`numerics.engine`, longest instances first): the budgets are sized so that the grid fits the
full tier's hour on 2 cores, and the summary says whether it did (``wall_seconds`` against
``FULL_TIER_SECONDS``), with the widths reached per t.  Brackets at t = 90 and 180 stay wide within
such budgets: there the carrier's programmes take seconds each (and fail above degree t/2 at t = 180),
the cells are not run, and the upper end is mostly the one-cluster witness or the t - 1 construction.

BLAS runs on one thread (the products are small; a second thread only doubles the CPU seconds
measured); set ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` to change that. It prints one row per
instance (brackets, widths, seconds, how each end of "after" was found) and a summary: the count of
brackets with ``upper - lower <= 2``, the seconds per t (mean and max), the growth exponent of the
mean time between successive t, and the projected time of the full tier's grid (1380 instances, t up
to 180) from the per-instance cap and the growth. With ``--json FILE`` it writes all of it. A script,
not a test:

    PYTHONPATH=. python bench/dimension_bench.py [--t 18 27 45] [--eps 1/20 1/4] [--g 0]
        [--annihilator-boxes 4000] [--annihilator-seconds 40] [--max-seconds 40] [--varpro-seconds 30]
        [--cluster-seconds 30] [--spread-seconds 30] [--grouped-seconds 45] [--no-carrier] [--json FILE]
    PYTHONPATH=. python bench/dimension_bench.py --tier full --workers 2 [--t 90] [--json FILE]
    PYTHONPATH=. python bench/dimension_bench.py --merge part1.json part2.json --json all.json
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):   # before numpy loads
    os.environ.setdefault(_name, "1")

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fractions import Fraction  # noqa: E402

from flint import fmpq  # noqa: E402

from numerics.engine import call_single_threaded, run_tasks, session  # noqa: E402
from numerics.outputs import text_writer, write_files_atomically  # noqa: E402
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle  # noqa: E402
from numerics.ssm.systems import fmpq_to_string  # noqa: E402
from numerics.realfit.dimension import dimension_bracket  # noqa: E402
from verify.checks.ranmilo.theorem1_instances import (EPSILONS, PHASES, POSITIONS, SEED, TIMES,  # noqa: E402
                                                      largest_refuting_dimension, printed_bound)

#: The full tier's time for the whole grid: an hour of wall time on 2 cores (DESIGN.md, tiers).
FULL_TIER_SECONDS = 3600
#: Seconds of each method per t on the full tier's grid (``--tier full``; 0: not run, None: no limit).
#: At t <= 45 the quick grid's settings, trimmed; at t = 90 the carrier gets a few programmes and the
#: witnesses one cluster, the cells none (one degree takes minutes there); at t = 180 no carrier either
#: (setting up one programme near degree t/2 took 10 to 30 s, and none certified in a sample of 14).
FULL_BUDGETS = {18: {"max": 10, "cluster": 10, "spread": 10, "grouped": 15, "carrier": None},
                27: {"max": 10, "cluster": 10, "spread": 10, "grouped": 15, "carrier": None},
                45: {"max": 10, "cluster": 10, "spread": 10, "grouped": 15, "carrier": None},
                90: {"max": 2, "cluster": 3, "spread": 0, "grouped": 0, "carrier": 6},
                180: {"max": 1, "cluster": 3, "spread": 0, "grouped": 0, "carrier": 0}}


def _fraction(text: str) -> fmpq:
    value = Fraction(text)
    return fmpq(value.numerator, value.denominator)


def _short(how: str) -> str:
    for key, label in (("roots in cells", "cells"), ("spread cluster", "spread"), ("annihilating", "annihilator"),
                       ("windowed carrier", "carrier"),
                       ("sign changes", "sign changes"),
                       ("Vandermonde rank", "rank (eps=0)"), ("stopped", "annihilator roots"),
                       ("varpro", "varpro"), ("one cluster", "cluster"), ("structured", "family"),
                       ("Levenberg", "LM"),
                       ("one less", "t-1 constr."),
                       ("Proposition 1", "Prop. 1"), ("zero mapping", "zero"), ("||phi||_1", "0")):
        if key in how:
            return label
    return how[:20]


def bracket_row(t: int, s: fmpq, g: fmpq, eps: fmpq, annihilator_boxes: int, annihilator_seconds: float,
                max_seconds: float, varpro_seconds: float, cluster_seconds: float, carrier: bool = True,
                spread_seconds: float = 0, grouped_seconds: float = 0, carrier_seconds: float | None = None,
                before: bool = True) -> dict:
    """One instance: the "before" bracket (unless ``before`` is False) and the "after" one with the
    methods' seconds given (0: not run; ``carrier_seconds`` None: no limit), CPU seconds of each."""
    target = ComplexOscillator(t, *admissible_angle(s), g=g)
    refuting = largest_refuting_dimension(printed_bound(t, eps))
    tic = time.process_time()
    earlier = (dimension_bracket(target, eps, seed=SEED, starts=6, search_up_to=refuting, search_max_n=16)
               if before else None)
    before_s = time.process_time() - tic
    tic = time.process_time()
    after = dimension_bracket(target, eps, seed=SEED, starts=6, search_up_to=refuting, search_max_n=t - 2,
                              annihilator_boxes=annihilator_boxes, annihilator_seconds=annihilator_seconds or None,
                              max_seconds=max_seconds or None, varpro_seconds=varpro_seconds or None,
                              cluster_seconds=cluster_seconds or None, spread_seconds=spread_seconds or None,
                              carrier=carrier, grouped_seconds=grouped_seconds or None,
                              carrier_seconds=carrier_seconds or None if carrier else None)
    after_s = time.process_time() - tic
    return {"t": t, "s": fmpq_to_string(s), "g": fmpq_to_string(g), "eps": fmpq_to_string(eps),
            "before": None if earlier is None else [earlier.lower, earlier.upper],
            "before_seconds": round(before_s, 3) if before else None,
            "after": [after.lower, after.upper], "after_seconds": round(after_s, 3),
            "lower_how": _short(after.lower_how), "upper_how": _short(after.upper_how),
            "varpro_seconds": next((entry["seconds"] for entry in after.search if "varpro" in entry), None),
            "annihilator_degrees": [list(d) for d in after.annihilator.degrees] if after.annihilator else None,
            "carrier_degrees": [list(d) for d in after.carrier.degrees] if after.carrier else None,
            "grouped_degrees": [list(d) for d in after.grouped.degrees] if after.grouped else None}


def summary(rows: list, grid_ts: tuple, cap: float | None) -> dict:
    compared = [r for r in rows if r["before"] is not None]
    out = {"instances": len(rows),
           "width_le_2_after": sum(r["after"][1] - r["after"][0] <= 2 for r in rows),
           "exact_after": sum(r["after"][1] == r["after"][0] for r in rows),
           "max_seconds_after": max(r["after_seconds"] for r in rows),
           "cpu_seconds_after": round(sum(r["after_seconds"] for r in rows))}
    if compared:
        out.update({"width_le_2_before": sum(r["before"][1] - r["before"][0] <= 2 for r in compared),
                    "exact_before": sum(r["before"][1] == r["before"][0] for r in compared),
                    "lower_raised": sum(r["after"][0] > r["before"][0] for r in compared),
                    "upper_lowered": sum(r["after"][1] < r["before"][1] for r in compared)})
    per_t = {}
    for t in sorted({r["t"] for r in rows}):
        here = [r for r in rows if r["t"] == t]
        times = [r["after_seconds"] for r in here]
        widths = [r["after"][1] - r["after"][0] for r in here]
        per_t[t] = {"mean": round(sum(times) / len(times), 2), "max": round(max(times), 2),
                    "instances": len(here), "width_le_2": sum(w <= 2 for w in widths), "max_width": max(widths)}
    ts = sorted(per_t)
    growth = [round(math.log(per_t[b]["mean"] / per_t[a]["mean"]) / math.log(b / a), 2)
              for a, b in zip(ts, ts[1:]) if per_t[a]["mean"] > 0 and per_t[b]["mean"] > 0]
    out["seconds_per_t"] = per_t
    out["growth_exponents"] = growth
    # full tier: 23 positions x 4 phases x 3 eps per t; times beyond the largest t measured grow with
    # the last exponent, capped by the per-instance budget
    per_instance = len(POSITIONS["full"]) * len(PHASES["full"]) * len(EPSILONS)
    last, exponent = ts[-1], (growth[-1] if growth else 1.0)
    projected = 0.0
    for t in grid_ts:
        if t not in per_t:
            mean = per_t[last]["mean"] * (t / last) ** max(exponent, 0)
            mean = mean if cap is None else min(mean, cap)
        else:
            mean = per_t[t]["mean"]
        projected += per_instance * mean
    out["full_tier_projected_seconds"] = round(projected)
    if cap is not None:
        out["full_tier_worst_case_seconds"] = round(per_instance * len(grid_ts) * cap)
    return out


def _jobs(args) -> list[tuple]:
    """``(t, s, g, eps, method seconds..., before, carrier)`` for every instance of the grid asked for,
    the largest t first (Dask runs tasks in the order submitted: the longest ones first keep both
    workers busy to the end)."""
    jobs = []
    for t in sorted(args.t, reverse=True):
        if args.tier == "full":
            budget = FULL_BUDGETS.get(t)
            if budget is None:
                raise SystemExit(f"--t: the full tier's budgets are for t in {sorted(FULL_BUDGETS)}, got {t}")
            seconds = (args.annihilator_boxes, 0, budget["max"], 0, budget["cluster"], budget["spread"],
                       budget["grouped"], budget["carrier"], False, args.carrier and budget["carrier"] != 0)
        else:
            seconds = (args.annihilator_boxes, args.annihilator_seconds, args.max_seconds, args.varpro_seconds,
                       args.cluster_seconds, args.spread_seconds, args.grouped_seconds, None, True, args.carrier)
        for s in args.s:
            for g in args.g:
                for eps in args.eps:
                    jobs.append((t, s, g, eps) + seconds)
    return jobs


def _row(t: int, s: str, g: str, eps: str, boxes: int, annihilator: float, search: float, varpro: float,
         cluster: float, spread: float, grouped: float, carrier_seconds: float | None, before: bool,
         carrier: bool) -> dict:
    return bracket_row(t, _fraction(s), _fraction(g), _fraction(eps), boxes, annihilator, search, varpro, cluster,
                       carrier, spread, grouped, carrier_seconds, before)


def _print_row(row: dict) -> None:
    b, a = row["before"], row["after"]
    before = (f"{str(b):>9} {b[1] - b[0]:>3} {row['before_seconds']:>6.2f}" if b is not None else
              f"{'-':>9} {'':>3} {'':>6}")
    print(f"{row['t']:>3} {row['s']:>5} {row['g']:>4} {row['eps']:>5} {before} "
          f"{str(a):>9} {a[1] - a[0]:>3} {row['after_seconds']:>6.2f}  "
          f"{row['lower_how']} / {row['upper_how']}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("quick", "full"), default="quick",
                        help="the grid (and, for full, the budgets of FULL_BUDGETS)")
    parser.add_argument("--t", type=int, nargs="*", help="default: the tier's t")
    parser.add_argument("--s", nargs="*", help="positions of arg A in [0, 1] (default: the tier's)")
    parser.add_argument("--g", nargs="*", help="phases of B C, multiples of pi (default: the tier's)")
    parser.add_argument("--eps", nargs="*", default=[fmpq_to_string(e) for e in EPSILONS])
    parser.add_argument("--annihilator-boxes", type=int, default=4000, help="boxes per degree")
    parser.add_argument("--annihilator-seconds", type=float, default=40.0)
    parser.add_argument("--max-seconds", type=float, default=40.0, help="budget of the witness search")
    parser.add_argument("--varpro-seconds", type=float, default=30.0, help="pole elimination budget")
    parser.add_argument("--cluster-seconds", type=float, default=30.0, help="one-cluster witnesses' budget")
    parser.add_argument("--spread-seconds", type=float, default=30.0, help="spread clusters' budget")
    parser.add_argument("--grouped-seconds", type=float, default=45.0,
                        help="budget of the carrier with the stable roots in cells")
    parser.add_argument("--no-carrier", dest="carrier", action="store_false",
                        help="without the windowed-carrier lower bound")
    parser.add_argument("--workers", type=int, default=1, help="Dask worker processes (1: in this process)")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--merge", nargs="*", metavar="FILE",
                        help="summarise the rows of earlier --json files (parts run in parallel) instead")
    args = parser.parse_args(argv)
    args.t = args.t if args.t is not None else list(TIMES[args.tier])
    args.s = args.s if args.s is not None else [fmpq_to_string(s) for s in POSITIONS[args.tier]]
    args.g = args.g if args.g is not None else [fmpq_to_string(g) for g in PHASES[args.tier]]
    print(f"# dimension_bracket bench; {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"python {platform.python_version()}; seed {SEED}; tier {args.tier}, {args.workers} worker(s); "
          "process CPU seconds")
    if args.tier == "full":
        print(f"# seconds per method and t: {FULL_BUDGETS}")
    header = (f"{'t':>3} {'s':>5} {'g':>4} {'eps':>5} {'before':>9} {'w':>3} {'s':>6} {'after':>9} {'w':>3} "
              f"{'s':>6}  lower end / upper end")
    print(header)
    print("-" * len(header))
    rows, wall = [], None
    if args.merge:
        rows = [row for name in args.merge for row in json.load(open(name))["rows"]]
    else:
        jobs = _jobs(args)
        started = time.monotonic()
        with session(workers=args.workers) as client:
            if client is None:
                for job in jobs:
                    rows.append(call_single_threaded(_row, *job))
                    _print_row(rows[-1])
            else:
                run_tasks(client, _row, jobs, lambda _, row: (rows.append(row), _print_row(row)))
        wall = time.monotonic() - started
        rows.sort(key=lambda row: (row["t"], Fraction(row["s"]), Fraction(row["g"]), Fraction(row["eps"])))
    # the per-instance cap of the quick settings (the full tier's budgets leave the carrier unlimited)
    cap = None if args.tier == "full" else (args.max_seconds + args.annihilator_seconds + args.varpro_seconds
                                            + args.cluster_seconds + args.spread_seconds + args.grouped_seconds)
    result = summary(rows, TIMES["full"], cap)
    if wall is not None:
        result.update({"wall_seconds": round(wall), "workers": args.workers})
        whole = (len(TIMES["full"]) * len(POSITIONS["full"]) * len(PHASES["full"]) * len(EPSILONS))
        if args.tier == "full" and len(rows) == whole:
            result.update({"full_tier_seconds": FULL_TIER_SECONDS,
                           "within_full_tier": args.workers <= 2 and wall <= FULL_TIER_SECONDS})
    print()
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        text = json.dumps({"config": vars(args), "summary": result, "rows": rows}, indent=1)
        write_files_atomically({args.json: text_writer(text)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
