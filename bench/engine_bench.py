"""The Dask engine (:mod:`numerics.engine`): the same work serially and on a LocalCluster, in one run.

    PYTHONPATH=. python bench/engine_bench.py [--checks NAME ... | --checks all] [--tier quick]
                                              [--recorded-experiments] [--runs 6] [--steps 200000]
                                              [--workers 2] [--json FILE]

1. ``python -m verify`` on ``--checks`` (default: a subset of quick-tier checks including Theorem 1's
   instance grid; ``all``: every check) in this process and as Dask tasks on ``--workers`` processes (a
   fresh LocalCluster, its start and the workers' imports included): wall seconds of each, their
   ratio, whether the two reports agree apart from timings, and the ten slowest checks of the serial
   run.  ``--tier full --checks all --recorded-experiments`` is the full tier's target (about 16 + 10
   minutes on 2 cores).
2. A training sweep (:func:`numerics.learning.sweep.run_sweep`, fresh caches) of ``--runs`` real runs
   at n = 1024, t = 32 with ``--steps`` steps: wall seconds and microseconds per run-step serially and
   on the cluster, and their ratio.

Whole ``--tier full`` figures are projected, not measured: multiply the serial per-check seconds of
a full run by the ratio measured here (the grid checks' ratio is the one that matters).  With
``--json FILE`` the headline figures are written to FILE (atomically).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from numerics.learning.sweep import run_sweep  # noqa: E402
from numerics.learning.training import TrainConfig  # noqa: E402
from numerics.outputs import text_writer, write_files_atomically  # noqa: E402
from verify import registry  # noqa: E402
from verify.runner import run_checks  # noqa: E402

CHECKS = ["ranmilo.prop2.dimension", "ranmilo.thm1.instances", "ranmilo.appendix_a2", "ranmilo.appendix_c",
          "cirone.lti_symmetry", "cirone.appendixF", "ranmilo.appendix_a3.prop3", "ranmilo.appendix_a1"]


def _without_seconds(value):
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_seconds(v) for v in value]
    return value


def _report(results) -> list:
    return _without_seconds(json.loads(json.dumps([r.as_json() for r in results], default=str)))


def bench_verify(names, tier: str, workers: int, recorded_experiments: bool = False) -> dict:
    checks = registry.all_checks() if names == ["all"] else [registry.get(name) for name in names]
    names = [check.name for check in checks]
    start = time.perf_counter()
    serial = run_checks(checks, tier, progress=False, recorded_experiments=recorded_experiments)
    serial_s = time.perf_counter() - start
    start = time.perf_counter()
    parallel = run_checks(checks, tier, progress=False, workers=workers, recorded_experiments=recorded_experiments)
    parallel_s = time.perf_counter() - start
    slowest = sorted(serial, key=lambda r: -r.seconds)[:10]
    return {"checks": names, "tier": tier, "recorded_experiments": recorded_experiments, "workers": workers,
            "serial_s": serial_s, "dask_s": parallel_s,
            "speedup": serial_s / parallel_s, "reports_identical_apart_from_seconds": _report(serial) == _report(parallel),
            "slowest_serial": [(r.name, r.seconds) for r in slowest],
            "slowest_dask": [(r.name, r.seconds) for r in sorted(parallel, key=lambda r: -r.seconds)[:10]],
            "dask_seconds_of_slowest_serial": {r.name: r.seconds for r in parallel if r.name in {s.name for s in slowest}}}


def bench_sweep(runs: int, steps: int, workers: int) -> dict:
    configs = [TrainConfig(field="real", task="delay", n=1024, t=32, optimizer="adam", lr=1e-4, r_min=0.0,
                           steps=steps, seed=seed) for seed in range(runs)]
    run_sweep(configs[:1], workers=1, cache_dir=tempfile.mkdtemp(), progress=False)   # compile outside the timing
    timings = {}
    for label, count in (("serial", 1), ("dask", workers)):
        start = time.perf_counter()
        run_sweep(configs, workers=count, cache_dir=tempfile.mkdtemp(), progress=False)
        timings[label] = time.perf_counter() - start
    run_steps = runs * steps
    return {"runs": runs, "steps": steps, "workers": workers, "serial_s": timings["serial"],
            "dask_s": timings["dask"], "serial_us_per_run_step": 1e6 * timings["serial"] / run_steps,
            "dask_us_per_run_step": 1e6 * timings["dask"] / run_steps,
            "speedup": timings["serial"] / timings["dask"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checks", nargs="+", default=CHECKS, metavar="NAME")
    parser.add_argument("--tier", choices=registry.TIERS, default="quick")
    parser.add_argument("--recorded-experiments", action="store_true",
                        help="experiments re-read their recorded full-tier runs (python -m verify's flag)")
    parser.add_argument("--runs", type=int, default=6, help="training runs of the sweep (0: skip it)")
    parser.add_argument("--steps", type=int, default=200_000, help="steps per training run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=str, default=None, help="write the headline figures to FILE")
    args = parser.parse_args(argv)
    record = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
              "load_average_at_start": os.getloadavg()}
    verify = record["verify"] = bench_verify(args.checks, args.tier, args.workers, args.recorded_experiments)
    print(f"| verify ({len(verify['checks'])} checks, tier {args.tier}) | serial {verify['serial_s']:.1f} s | "
          f"{args.workers} workers {verify['dask_s']:.1f} s | x{verify['speedup']:.2f} | reports identical: "
          f"{verify['reports_identical_apart_from_seconds']} |")
    print("slowest checks (serial s / dask s): " + "; ".join(
        f"{name} {s:.1f}/{verify['dask_seconds_of_slowest_serial'][name]:.1f}" for name, s in verify["slowest_serial"]))
    if args.runs:
        sweep = record["sweep"] = bench_sweep(args.runs, args.steps, args.workers)
        print(f"| sweep ({args.runs} runs x {args.steps} steps, n=1024 t=32) | serial {sweep['serial_s']:.1f} s "
              f"({sweep['serial_us_per_run_step']:.1f} us/run-step) | {args.workers} workers {sweep['dask_s']:.1f} s "
              f"({sweep['dask_us_per_run_step']:.1f} us/run-step) | x{sweep['speedup']:.2f} |")
    record["load_average_at_end"] = os.getloadavg()
    if args.json:
        write_files_atomically({os.path.abspath(args.json): text_writer(json.dumps(record, indent=1) + "\n")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
