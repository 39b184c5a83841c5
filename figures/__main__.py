"""``python -m figures``: regenerate the figures (PDF, PNG and CSV each).

    python -m figures [NAME ...] [--out DIR] [--tier quick|full|paper] [--seeds N] [--accumulate-gradients]
                      [--device cpu|cuda] [--workers N | --scheduler ADDRESS] [--list]

Output goes to ``out/figures`` unless ``--out`` says otherwise.  ``--seeds N`` (seeds 0 .. N-1) and
``--accumulate-gradients`` (the official training code's never-zeroed gradients) are passed to the
figures that take them (the training tables), ``--device`` to the selectivity figures (``--tier
paper --device cuda``: the official configuration on a GPU); naming a figure that does not take
them is bad usage, and so is ``--tier paper`` for a figure without that tier.
``--workers N`` (a local Dask cluster of N worker processes) goes to the figures that run sweeps
(those whose ``compute`` takes ``workers``, :mod:`numerics.engine`).  The training runs of the figures
that list theirs (a module function ``runs(tier, ...)`` returning the configurations and the default
number of workers: the training tables) are trained first in one sweep, longest first, so that no
worker idles between one figure's sweep and the next; each figure then reads them from the cache.
``--scheduler ADDRESS`` (a
running Dask cluster) is set as ``$SSMCHECK_SCHEDULER`` while the figures are computed, so every
sweep joins that cluster.  A scheduler that cannot be reached is bad usage, found before anything
is computed.
Exit status 2 on bad usage (an unknown figure name, say); nothing is written then.
"""
from __future__ import annotations

import argparse
import inspect
import os
import sys
from pathlib import Path

from numerics.engine import SCHEDULER_ENV, session
from numerics.learning.sweep import run_sweep
from numerics.errors import InputError, check_int
from numerics.outputs import out_dir

from . import registry


def shared_sweep(modules: dict, tier: str, options: dict, workers: int | None) -> None:
    """Train the runs of every module of ``modules`` that lists them (``module.runs``) in one sweep, on
    ``workers`` processes (default: the most any of those modules asks for), when two or more do."""
    listed = [module for module in modules.values() if hasattr(module, "runs")]
    if len(listed) < 2:
        return
    configs, default_workers = [], 1
    for module in listed:
        accepted = inspect.signature(module.runs).parameters
        module_configs, module_workers = module.runs(tier=tier, **{k: v for k, v in options.items() if k in accepted})
        configs += module_configs
        default_workers = max(default_workers, module_workers)
    run_sweep(configs, workers=default_workers if workers is None else workers, progress=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="figures to make (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default out/figures)")
    parser.add_argument("--tier", choices=("quick", "full", "paper"), default="quick")
    parser.add_argument("--seeds", type=int, default=None, metavar="N",
                        help="train seeds 0..N-1 (the training tables; the caption of Table 1 says 5)")
    parser.add_argument("--accumulate-gradients", action="store_true",
                        help="the training tables with the official code's never-zeroed gradients")
    parser.add_argument("--device", default=None, help="torch device of the selectivity runs (cpu, cuda)")
    parser.add_argument("--data-dir", default=None, metavar="DIR",
                        help="folder holding cifar-10-batches-py (scifar figures, --tier paper)")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="N",
                       help="sweeps on a local Dask cluster of N worker processes (default: each figure's own)")
    where.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="sweeps on the Dask cluster of this scheduler (default $SSMCHECK_SCHEDULER)")
    args = parser.parse_args(argv)
    if args.seeds is not None and args.seeds < 1:
        print(f"error: --seeds: must be at least 1, got {args.seeds}", file=sys.stderr)
        return 2
    options = {key: value for key, value in (("seeds", None if args.seeds is None else tuple(range(args.seeds))),
                                             ("accumulate_gradients", args.accumulate_gradients or None),
                                             ("device", args.device), ("data_dir", args.data_dir))
               if value is not None}
    engine_options = {key: value for key, value in (("workers", args.workers), ("scheduler", args.scheduler))
                      if value is not None}
    try:
        if args.workers is not None:
            check_int("workers", args.workers, 1)
        if args.scheduler is not None and not args.list:
            with session(scheduler=args.scheduler):   # reachable: fail now rather than mid-way
                pass
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        modules = {name: registry.get(name) for name in (args.names or registry.names())}
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    for name, module in modules.items():
        missing = [key for key in options if key not in inspect.signature(module.compute).parameters]
        if missing:
            flags = ", ".join("--" + key.replace("_", "-") for key in missing)
            print(f"error: {flags}: figure {name!r} does not take this option", file=sys.stderr)
            return 2
    if args.list:
        for name, module in modules.items():
            print(f"{name:<24} {module.__doc__.strip().splitlines()[0]}")
        return 0
    target = args.out or out_dir() / "figures"
    previous = os.environ.get(SCHEDULER_ENV)
    if args.scheduler is not None:   # every sweep joins it, whether or not its figure takes the option
        os.environ[SCHEDULER_ENV] = args.scheduler
    try:
        try:
            shared_sweep(modules, args.tier, options, args.workers)
        except (InputError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for name, module in modules.items():
            try:
                accepted = inspect.signature(module.compute).parameters
                paths = module.draw(module.compute(tier=args.tier, **options,
                                                   **{k: v for k, v in engine_options.items() if k in accepted}),
                                    target)
            except (InputError, OSError) as error:
                print(f"error: {name}: {error}", file=sys.stderr)
                return 2
            print(f"{name}: " + ", ".join(str(p) for p in paths))
    finally:
        if args.scheduler is not None and previous is None:
            del os.environ[SCHEDULER_ENV]
        elif args.scheduler is not None:
            os.environ[SCHEDULER_ENV] = previous
    return 0


if __name__ == "__main__":
    sys.exit(main())
