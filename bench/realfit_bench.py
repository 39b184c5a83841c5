"""Benchmark of :func:`numerics.realfit.min_l1_weight` on the delay target (Corollary 1), eps = 0.

For t = 16, 32, 64, 128, 256 (and 512, 1024 with ``--large``) it prints t, the certified bracket
[lower, upper] (as log2 when beyond the float range), the relative gap, the seconds taken, the
LP exchange iterations, and the growth exponent of the time between successive t
(log(seconds ratio) / log(t ratio)).  A script, not a test:

    PYTHONPATH=. python bench/realfit_bench.py [--large] [--target delay|oscillation|random]
                                               [--normalized] [--eps EPS] [--t T ...]
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fractions import Fraction  # noqa: E402

from numerics import make_target  # noqa: E402
from numerics.realfit import min_l1_weight  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="also t = 512 and 1024 (minutes)")
    parser.add_argument("--target", default="delay", choices=("delay", "oscillation", "random"))
    parser.add_argument("--normalized", action="store_true", help="l2-normalised target (arb balls)")
    parser.add_argument("--eps", default="0", help="eps as a fraction, e.g. 1/64 (default 0)")
    parser.add_argument("--rel-tol", type=float, default=1e-6)
    parser.add_argument("--t", type=int, nargs="*", help="explicit list of t")
    args = parser.parse_args(argv)
    ts = args.t or ([16, 32, 64, 128, 256] + ([512, 1024] if args.large else []))
    eps = Fraction(args.eps)
    print(f"# min_l1_weight bench: target={args.target} normalized={args.normalized} eps={eps} "
          f"rel_tol={args.rel_tol:g}; {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"python {platform.python_version()}")
    header = f"{'t':>5} {'lower':>24} {'upper':>24} {'gap':>9} {'seconds':>9} {'iter':>4} {'growth':>7}"
    print(header)
    print("-" * len(header))
    previous = None
    for t in ts:
        target = make_target(args.target, t, normalized=args.normalized, seed=0)
        start = time.perf_counter()
        bracket = min_l1_weight(target, eps, rel_tol=args.rel_tol, progress=t >= 512)
        seconds = time.perf_counter() - start
        if math.isfinite(bracket.upper) and bracket.lower < 1.7e308:
            low, high = f"{bracket.lower:.15g}", f"{bracket.upper:.15g}"
        else:
            l2, u2 = bracket.log2_bounds
            low, high = f"2^{l2:.12f}", f"2^{u2:.12f}"
        growth = ""
        if previous is not None and previous[1] > 0:
            growth = f"{math.log(seconds / previous[1]) / math.log(t / previous[0]):.2f}"
        print(f"{t:>5} {low:>24} {high:>24} {bracket.relative_gap:>9.2e} {seconds:>9.2f} {bracket.iterations:>4} "
              f"{growth:>7}", flush=True)
        previous = (t, seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
