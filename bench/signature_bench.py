"""Benchmark of :func:`numerics.paths.signatures.signature` against the test oracle (roughpy).

Times the level-m signature of a batch of random-walk paths (the toy data's shape: integer
increments, cumulative sum, max-abs normalised) and the same computation by roughpy on a subset of
``--oracle-paths`` paths (roughpy is called per path, so its time is projected linearly to the
whole batch and printed as such), checks the two agree, and prints the speed ratio.  A script,
not a test:

    PYTHONPATH=. python bench/signature_bench.py [--paths 100000] [--length 100] [--channels 3]
                                                 [--level 3] [--oracle-paths 2000]

The target (issue 5) is level 3 of 100 000 x 100 x 3 in under 5 s.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from numerics.paths.signatures import signature  # noqa: E402


def roughpy_signatures(paths: np.ndarray, level: int) -> np.ndarray | None:
    try:
        import roughpy as rp
    except ImportError:
        return None
    ctx = rp.get_context(width=paths.shape[2], depth=level, coeffs=rp.DPReal)
    out = []
    for path in paths:
        increments = np.diff(path, axis=0)
        stream = rp.LieIncrementStream.from_increments(increments, ctx=ctx)
        out.append(np.array(stream.signature(rp.RealInterval(0, increments.shape[0])))[1:])
    return np.array(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--level", type=int, default=3)
    parser.add_argument("--oracle-paths", type=int, default=2000, help="paths given to roughpy (projected)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    data = np.cumsum(np.round(rng.standard_normal((args.paths, args.length, args.channels))), axis=1)
    paths = data / np.abs(data).max()
    print(f"# signature bench: {args.paths} paths x {args.length} points x {args.channels} channels, level "
          f"{args.level}, seed {args.seed}; {platform.machine()}, {os.cpu_count()} cpus, "
          f"python {platform.python_version()}")
    signature(paths[:2], args.level)  # compile (or load the numba cache) outside the timing
    start = time.perf_counter()
    ours = signature(paths, args.level)
    seconds = time.perf_counter() - start
    print(f"ssmcheck (numba, Chen/Horner): {seconds:8.3f} s  ({seconds / args.paths * 1e6:.2f} us per path)")
    subset = min(args.oracle_paths, args.paths)
    start = time.perf_counter()
    oracle = roughpy_signatures(paths[:subset], args.level)
    oracle_seconds = time.perf_counter() - start
    if oracle is None:
        print("roughpy not installed: no oracle comparison")
        return 0
    projected = oracle_seconds / subset * args.paths
    error = np.abs(ours[:subset] - oracle).max() / max(1.0, np.abs(oracle).max())
    print(f"roughpy (per path): {oracle_seconds:8.3f} s for {subset} paths, projected {projected:8.1f} s for "
          f"{args.paths}")
    print(f"max relative difference on the {subset} paths: {error:.2e};  speed ratio roughpy / ssmcheck: "
          f"{projected / seconds:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
