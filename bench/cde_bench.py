"""Benchmark of the Linear CDE feature maps (:mod:`numerics.paths.cde_models`) on the toy data.

Builds ``--paths`` toy paths (Section 6 recipe, :func:`numerics.paths.toydata.toy_dataset`) and times
the random dense Linear CDE features (N = ``--N``, ``omega = xi = (t, X)``) with the exact method
(App. F, one matrix exponential per distinct increment) and, on ``--taylor-paths`` paths, the
Taylor method, plus the diagonal, chained-diagonal and LTI features.  The exact method's time is
split into its fixed part (the matrix exponentials, one per increment class; the number of
classes at the full size ``--project-to`` is counted on a data set of that size) and its part
per path, and projected to ``--project-to`` paths; the Taylor time is projected linearly.
A script, not a test:

    PYTHONPATH=. python bench/cde_bench.py [--paths 4000] [--length 100] [--N 256]
                                           [--taylor-paths 500] [--project-to 100000]

The target (issue 5) is the dense features with N = 256 for 100 000 paths of length 100 in
under 5 minutes on the 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from numerics.paths import cde  # noqa: E402
from numerics.paths.cde_models import (chained_diagonal_features, dense_parameters, diagonal_features,  # noqa: E402
                                 lti_features, random_dense_features)
from numerics.paths.signatures import time_augment  # noqa: E402
from numerics.paths.toydata import toy_dataset  # noqa: E402


def count_classes(n_paths: int, length: int, seed: int) -> int:
    """Number of increment classes of the exact method on a toy data set of n_paths paths."""
    drivers = time_augment(toy_dataset(n_paths, length, channels=3, seed=seed).paths)
    increments = np.diff(drivers, axis=1)
    tol = 64 * np.finfo(float).eps * np.abs(drivers).max()
    return cde._segment_classes(increments, increments, True, tol)[0].shape[0]


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paths", type=int, default=4000)
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--N", type=int, default=256)
    parser.add_argument("--taylor-paths", type=int, default=500)
    parser.add_argument("--project-to", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    data = toy_dataset(args.paths, args.length, channels=3, seed=args.seed)
    paths = data.paths
    print(f"# linear CDE feature bench: {args.paths} toy paths x {args.length} points x 3 channels, "
          f"N = {args.N}, data seed {args.seed}, model seed 0; {platform.machine()}, {os.cpu_count()} cpus, "
          f"python {platform.python_version()}")
    diagonal_features(paths[:2], 4, 0)  # compile / load numba caches outside the timings
    lti_features(paths[:2], 4, 0)

    # Exact method: fixed cost (one expm per class) + cost per path.
    drivers = time_augment(paths)
    increments = np.diff(drivers, axis=1)
    tol = 64 * np.finfo(float).eps * np.abs(drivers).max()
    (reps, _), class_seconds = timed(cde._segment_classes, increments, increments, True, tol)
    params = dense_parameters(3, args.N, 0)
    sample = reps[:32]
    with cde.threadpool_limits(limits=1, user_api="blas"):  # as inside the solver
        _, expm_seconds = timed(cde._class_exponentials, params.A, params.B, sample, True, 4)
    per_class = expm_seconds / sample.shape[0]
    exact, exact_seconds = timed(random_dense_features, paths, args.N, 0, method="exact")
    apply_seconds = max(exact_seconds - per_class * reps.shape[0] - class_seconds, 0.0)
    print(f"dense exact : {exact_seconds:8.2f} s  ({reps.shape[0]} increment classes, {per_class * 1e3:.1f} ms "
          f"per matrix exponential, {apply_seconds / args.paths * 1e3:.3f} ms per path to apply)")
    if args.project_to > args.paths:
        full_classes = count_classes(args.project_to, args.length, args.seed)
        projected = (full_classes * per_class + apply_seconds / args.paths * args.project_to
                     + class_seconds / args.paths * args.project_to)
        print(f"  projected to {args.project_to} paths: {full_classes} classes, {projected:8.1f} s")

    # Taylor method on a subset, and its agreement with the exact features.
    n_taylor = min(args.taylor_paths, args.paths)
    order = cde._taylor_order(params.A, increments[:n_taylor], 1e-12)
    taylor, taylor_seconds = timed(random_dense_features, paths[:n_taylor], args.N, 0, method="taylor")
    difference = np.abs(taylor - exact[:n_taylor]).max() / np.abs(exact[:n_taylor]).max()
    print(f"dense taylor: {taylor_seconds:8.2f} s for {n_taylor} paths (order {order}), projected "
          f"{taylor_seconds / n_taylor * args.project_to:8.1f} s for {args.project_to}; "
          f"max relative difference to exact {difference:.1e}")

    for name, function in (("diagonal", diagonal_features), ("chained diagonal", chained_diagonal_features),
                           ("LTI (S4D-Lin)", lti_features)):
        _, seconds = timed(function, paths, args.N, 0)
        print(f"{name:<17}: {seconds:8.2f} s, projected {seconds / args.paths * args.project_to:8.1f} s for "
              f"{args.project_to}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
