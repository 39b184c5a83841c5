"""Benchmark of :func:`numerics.learning.training.train` against the official PyTorch training step.

Part 1 times one training step (loss, gradient, optimizer update, schedule) at n = 1024, t = 32
(the real grid's size) in the same process: ssmcheck's compiled step in float64 and in float32, for
one run alone (:func:`~numerics.learning.training.train`) and per run of a batch of ``LANES`` runs
(:func:`~numerics.learning.training.train_batch`, as sweeps run them), and a faithful
re-implementation of the official ``VanillaSSM`` forward pass (sequential loop over t, torch autograd
backward, ``torch.optim.Adam``, ``CosineAnnealingLR``, float32, one torch thread as each Ray worker of
the official code had one CPU).  It prints microseconds per run-step (process CPU time, so that other
load on the machine counts less) and the speed-up.  Part 2 times a few thousand steps of each cell
kind of the two grids of Ran-Milo et al. (2024) (real: n = 1024, t = 32, Adam / AdamW / RAdam;
complex: Adam, n = t in {32, 64, 128, 256}) in the batches a sweep on ``--workers`` processes forms,
and projects the time of the whole grids at 500 000 steps on those processes.  ``--json FILE``
writes the headline figures (per run-step costs and the projected grid minutes).

    PYTHONPATH=. python bench/training_bench.py [--torch-steps 300] [--steps 3000] [--dtype float64]
                                                [--workers 2] [--full-steps 500000] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from numerics.learning.training import (LANES, TrainConfig, initial_params, target_values,  # noqa: E402
                                        train_batch)
from numerics.learning.sweep import batch_size  # noqa: E402
from numerics.outputs import text_writer, write_files_atomically  # noqa: E402

REAL_RUNS_PER_OPTIMIZER = 3 * 3 * 2 * 3  # seeds x tasks x r_min x lr
COMPLEX_RUNS_PER_SIZE = 3 * 3  # seeds x tasks


def ours_per_step(config: TrainConfig, runs: int = 1) -> float:
    """Seconds of process CPU time per run-step of :func:`train_batch` on ``runs`` runs like ``config``
    (seeds 0, 1, ...; after a warm-up compile)."""
    batch = [TrainConfig(**{**config.__dict__, "seed": seed}) for seed in range(runs)]
    train_batch([TrainConfig(**{**c.__dict__, "steps": 2}) for c in batch])
    start = time.process_time()
    train_batch(batch)
    return (time.process_time() - start) / (config.steps * runs)


def sweep_batch_sizes(runs: int, workers: int) -> list[int]:
    """The batch sizes a sweep forms from ``runs`` runs of one shape on ``workers`` processes."""
    size = batch_size(runs, workers)
    return [size] * (runs // size) + ([runs % size] if runs % size else [])


def torch_per_step(config: TrainConfig, steps: int) -> float | None:
    """Seconds of CPU time per step of the official torch loop (None without torch)."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    params = initial_params(config)

    class VanillaSSM(torch.nn.Module):
        """theory_ssm/theory_ssm.py of the official code, real field, from our initial values."""

        def __init__(self):
            super().__init__()
            column = lambda v: torch.tensor(np.asarray(v, dtype=np.float32).reshape(-1, 1))  # noqa: E731
            self.rad_log = torch.nn.Parameter(column(params["nu"]))
            self.angle = torch.nn.Parameter(column(np.where(params["sign"] > 0, 0.0, np.pi)), requires_grad=False)
            self.B = torch.nn.Parameter(column(params["B"]))
            self.C = torch.nn.Parameter(column(params["C"]))

        def forward(self, x):
            batch_size, length = x.size(0), x.size(1)
            radii = torch.exp(-torch.exp(self.rad_log))
            A = (radii * torch.cos(self.angle)).unsqueeze(0)
            B = self.B.unsqueeze(0)
            h_t = torch.zeros(batch_size, self.B.size(0), 1)
            outputs = []
            for t in range(length):
                h_t = A * h_t + B * (x[:, t].view(batch_size, 1, 1))
                outputs.append(torch.real(torch.matmul(h_t[:, :, 0], self.C)).squeeze(-1))
            return torch.stack(outputs, dim=1)

    model = VanillaSSM()
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=config.steps)
    criterion = torch.nn.MSELoss(reduction="sum")
    target = torch.tensor(target_values(config), dtype=torch.float32)
    impulse = torch.zeros((1, config.t, 1))
    impulse[0, 0, 0] = 1

    def step():
        optimizer.zero_grad()
        loss = criterion(model(impulse).squeeze(), target)
        loss.backward()
        optimizer.step()
        scheduler.step()

    for _ in range(10):
        step()
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--torch-steps", type=int, default=300)
    parser.add_argument("--steps", type=int, default=3000, help="steps timed per cell kind")
    parser.add_argument("--dtype", default="float64", choices=("float64", "float32"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full-steps", type=int, default=500_000)
    parser.add_argument("--json", type=Path, help="write the headline figures to this JSON file")
    args = parser.parse_args(argv)
    print(f"# training bench: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.1f}; process CPU time per step")

    print("\n## one step at n = 1024, t = 32 (Adam, delay target)")
    base = TrainConfig("real", "delay", 1024, 32, "adam", 1e-5, 0.99, args.steps, 0)
    single = {dtype: ours_per_step(TrainConfig(**{**base.__dict__, "dtype": dtype})) for dtype in ("float64", "float32")}
    batched = {dtype: ours_per_step(TrainConfig(**{**base.__dict__, "dtype": dtype}), LANES)
               for dtype in ("float64", "float32")}
    reference = torch_per_step(base, args.torch_steps)
    print("| implementation | us/run-step | speed-up vs torch |")
    print("|---|---|---|")
    if reference is not None:
        print(f"| official torch loop (float32, 1 thread) | {reference * 1e6:.0f} | 1 |")
    for dtype in ("float64", "float32"):
        for name, value in ((f"ssmcheck {dtype}, one run", single[dtype]),
                            (f"ssmcheck {dtype}, per run of a batch of {LANES}", batched[dtype])):
            ratio = f"{reference / value:.0f}x" if reference is not None else "(torch not installed)"
            print(f"| {name} | {value * 1e6:.1f} | {ratio} |")

    print(f"\n## grid projection at {args.full_steps} steps, {args.workers} workers, dtype {args.dtype}")
    print("| cell kind | runs | batches | us/run-step | CPU minutes |")
    print("|---|---|---|---|---|")
    total = 0.0
    cell_rows = []
    cells = [(TrainConfig("real", "delay", 1024, 32, name, 1e-5, 0.99, args.steps, 0, dtype=args.dtype),
              REAL_RUNS_PER_OPTIMIZER) for name in ("adam", "adamw", "radam")]
    cells += [(TrainConfig("complex", "delay", n, n, "adam", 1e-5, 0.99, args.steps, 0, dtype=args.dtype),
               COMPLEX_RUNS_PER_SIZE) for n in (32, 64, 128, 256)]
    for config, runs in cells:
        sizes = sweep_batch_sizes(runs, args.workers)
        per_size = {size: ours_per_step(config, size) for size in set(sizes)}
        minutes = sum(per_size[size] * size for size in sizes) * args.full_steps / 60
        per_step = minutes * 60 / (args.full_steps * runs)
        total += minutes
        cell_rows.append({"cell": f"{config.field} {config.optimizer} n={config.n} t={config.t}", "runs": runs,
                          "batches": sizes, "us_per_run_step": per_step * 1e6, "cpu_minutes": minutes})
        print(f"| {cell_rows[-1]['cell']} | {runs} | {'+'.join(map(str, sizes))} | {per_step * 1e6:.1f} | "
              f"{minutes:.1f} |")
    print(f"\nwhole real + complex grids: {total:.0f} CPU minutes, about {total / args.workers:.0f} minutes "
          f"on {args.workers} workers")
    if args.json:
        figures = {"obtained": "process CPU time (float64 seconds)", "workers": args.workers,
                   "full_steps": args.full_steps, "lanes": LANES,
                   "us_per_step_one_run": {k: v * 1e6 for k, v in single.items()},
                   "us_per_run_step_batch": {k: v * 1e6 for k, v in batched.items()},
                   "torch_us_per_step": None if reference is None else reference * 1e6,
                   "cells": cell_rows, "grid_cpu_minutes": total, "grid_minutes_on_workers": total / args.workers}
        write_files_atomically({args.json: text_writer(json.dumps(figures, indent=1) + "\n")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
