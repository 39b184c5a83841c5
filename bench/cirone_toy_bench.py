"""Benchmark of the Figure 1 baselines (Cirone et al. 2024): milliseconds per training step, full and paper models.

Times one training step (forward, backward, Adam update; batch 32 of length-100 random paths) of every
architecture of :mod:`numerics.nets.cirone_toy` (Mamba and S4 at depth 1, 2 and 2 + GELU) at the
``full`` tier's size and at the paper's (hidden 256, state 256), float32, one torch thread, the fast
S6 scan and S4's FFT convolution, process CPU time; and the evaluation of 1000 paths.  Then it projects
the full tier on two workers: for every run, ``steps x ms/step`` plus its evaluations on the validation
split, summed over the 60 runs and halved.

    PYTHONPATH=. python bench/cirone_toy_bench.py [--steps 10] [--paper-steps 2] [--json FILE]

The JSON has, per tier and architecture, ``ms_per_step`` and ``eval_s_per_1000``, and the projection
``full_tier_minutes_on_2_workers``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from numerics.nets.cirone_toy import ARCHITECTURES, MODELS, ToyRunConfig, build_model, tier, tier_configs  # noqa: E402
from numerics.paths.toydata import TRAIN_FRACTION  # noqa: E402
from numerics.outputs import text_writer, write_files_atomically  # noqa: E402

WORKERS = 2


def time_model(size: dict, model: str, depth: int, nonlinear: bool, steps: int) -> dict:
    config = ToyRunConfig("area", model, depth, nonlinear, seed=1, steps=1, hidden=size["hidden"], state=size["state"])
    net = build_model(config)
    optimizer = torch.optim.Adam(net.parameters(), lr=config.lr)
    generator = torch.Generator().manual_seed(0)
    x, y = torch.randn(32, 100, 2, generator=generator), torch.randn(32, generator=generator)
    for step in range(steps + 1):            # the first step warms up (numba cache, allocations)
        if step == 1:
            start = time.process_time()
        loss = F.mse_loss(net(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    ms = (time.process_time() - start) / steps * 1000
    start = time.process_time()
    with torch.no_grad():
        net(torch.randn(1000, 100, 2, generator=generator))
    return {"ms_per_step": ms, "eval_s_per_1000": time.process_time() - start}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=10, help="timed steps at the full size")
    parser.add_argument("--paper-steps", type=int, default=2, help="timed steps at the paper's size")
    parser.add_argument("--json", type=str, default=None, help="write the headline figures to FILE")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    record = {"machine": platform.processor() or platform.machine(), "torch": torch.__version__, "tiers": {}}
    print(f"{'tier':<6} {'model':<24} {'ms/step':>10} {'eval s/1000':>12}")
    for name, steps in (("full", args.steps), ("paper", args.paper_steps)):
        size = tier(name)
        rows = {}
        for model in MODELS:
            for depth, nonlinear in ARCHITECTURES:
                label = ToyRunConfig("area", model, depth, nonlinear, seed=0, steps=1).label
                rows[label] = time_model(size, model, depth, nonlinear, steps)
                print(f"{name:<6} {label:<24} {rows[label]['ms_per_step']:>10.1f} "
                      f"{rows[label]['eval_s_per_1000']:>12.2f}", flush=True)
        record["tiers"][name] = {"size": size, "models": rows}
    full = tier("full")
    validation = full["paths"] * (1 - TRAIN_FRACTION) / 1000
    total = 0.0
    for config in tier_configs("full"):
        row = record["tiers"]["full"]["models"][config.label]
        evaluations = 1 + -(-config.steps // config.eval_every)
        total += config.steps * row["ms_per_step"] / 1000 + evaluations * validation * row["eval_s_per_1000"]
    record["full_tier_minutes_on_2_workers"] = total / WORKERS / 60
    print(f"full tier projected: {record['full_tier_minutes_on_2_workers']:.1f} min on {WORKERS} workers "
          f"(60 runs, {full['steps']} steps, {full['paths']} paths)")
    if args.json:
        write_files_atomically({os.path.abspath(args.json): text_writer(json.dumps(record, indent=1) + "\n")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
