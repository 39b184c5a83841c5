"""Benchmark of :func:`numerics.realfit.dimension.dimension_bracket` on Theorem 1's complex targets.

For ``phi_k = Re(A^(k-1))`` with ``|A| = 0.5^(1/t)``, ``B C = 1`` and ``arg A`` at the admissible
positions s (``asin 0.2 + s (pi - 2 asin 0.2)``; default s = 0, 1/4, 1/2), eps (default 0, 1/20,
1/4) and t = 18, 27, 45, 90, 180 (``--t`` to choose), it prints the bracket [n_lo, n_hi], how
each end was obtained, and the seconds taken (process CPU time).  A script, not a test:

    PYTHONPATH=. python bench/dimension_bench.py [--t 18 45] [--s 0 1/2] [--eps 0 1/20]
                                                 [--starts 16] [--max-n 48]
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fractions import Fraction  # noqa: E402

from flint import fmpq  # noqa: E402

from numerics.ssm.complex_target import ComplexOscillator, admissible_angle  # noqa: E402
from numerics.realfit.dimension import dimension_bracket  # noqa: E402


def _fraction(text: str) -> fmpq:
    value = Fraction(text)
    return fmpq(value.numerator, value.denominator)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--t", type=int, nargs="*", default=[18, 27, 45, 90, 180])
    parser.add_argument("--s", nargs="*", default=["0", "1/4", "1/2"], help="positions of arg A in [0, 1]")
    parser.add_argument("--eps", nargs="*", default=["0", "1/20", "1/4"])
    parser.add_argument("--starts", type=int, default=16, help="Levenberg-Marquardt starts per dimension")
    parser.add_argument("--max-n", type=int, default=48, help="largest dimension searched")
    args = parser.parse_args(argv)
    print(f"# dimension_bracket bench; {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"python {platform.python_version()}; seed 0")
    header = f"{'t':>4} {'s':>5} {'eps':>5} {'n_lo':>5} {'n_hi':>5} {'cpu s':>7}  upper end"
    print(header)
    print("-" * len(header))
    for t in args.t:
        for s in args.s:
            for eps in args.eps:
                target = ComplexOscillator(t, *admissible_angle(_fraction(s)))
                start = time.process_time()
                bracket = dimension_bracket(target, _fraction(eps), starts=args.starts, search_max_n=args.max_n)
                seconds = time.process_time() - start
                print(f"{t:>4} {s:>5} {eps:>5} {bracket.lower:>5} {bracket.upper:>5} {seconds:>7.2f}  "
                      f"{bracket.upper_how[:70]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
