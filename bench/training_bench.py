"""Benchmark of :func:`numerics.learning.training.train` against the official PyTorch training step.

Part 1 times one training step (loss, gradient, optimizer update, schedule) at n = 1024, t = 32
(the real grid's size) three ways in the same process: ssmcheck's compiled step in float64 and
in float32, and a faithful re-implementation of the official ``VanillaSSM`` forward pass
(sequential loop over t, torch autograd backward, ``torch.optim.Adam``, ``CosineAnnealingLR``,
float32, one torch thread as each Ray worker of the official code had one CPU).  It prints
microseconds per step (process CPU time, so that other load on the machine counts less) and the
speed-up.  Part 2 times a few thousand steps of each cell kind of the two grids of Ran-Milo et al.
(2024) (real: n = 1024, t = 32, Adam / AdamW / RAdam; complex: Adam, n = t in {32, 64, 128, 256})
and projects the time of the whole grids at 500 000 steps on ``--workers`` processes.

    PYTHONPATH=. python bench/training_bench.py [--torch-steps 300] [--steps 3000] [--dtype float64]
                                                [--workers 2] [--full-steps 500000]
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from numerics.learning.training import TrainConfig, initial_params, target_values, train  # noqa: E402

REAL_RUNS_PER_OPTIMIZER = 3 * 3 * 2 * 3  # seeds x tasks x r_min x lr
COMPLEX_RUNS_PER_SIZE = 3 * 3  # seeds x tasks


def ours_per_step(config: TrainConfig) -> float:
    """Seconds of process CPU time per step of :func:`train` (after a warm-up compile)."""
    train(TrainConfig(**{**config.__dict__, "steps": 2}))
    start = time.process_time()
    train(config)
    return (time.process_time() - start) / config.steps


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
    args = parser.parse_args(argv)
    print(f"# training bench: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.1f}; process CPU time per step")

    print("\n## one step at n = 1024, t = 32 (Adam, delay target)")
    base = TrainConfig("real", "delay", 1024, 32, "adam", 1e-5, 0.99, args.steps, 0)
    ours64 = ours_per_step(base)
    ours32 = ours_per_step(TrainConfig(**{**base.__dict__, "dtype": "float32"}))
    reference = torch_per_step(base, args.torch_steps)
    print("| implementation | us/step | speed-up vs torch |")
    print("|---|---|---|")
    if reference is not None:
        print(f"| official torch loop (float32, 1 thread) | {reference * 1e6:.0f} | 1 |")
    for name, value in (("ssmcheck float64", ours64), ("ssmcheck float32", ours32)):
        ratio = f"{reference / value:.0f}x" if reference is not None else "(torch not installed)"
        print(f"| {name} | {value * 1e6:.1f} | {ratio} |")

    print(f"\n## grid projection at {args.full_steps} steps, {args.workers} workers, dtype {args.dtype}")
    print("| cell kind | runs | us/step | CPU minutes |")
    print("|---|---|---|---|")
    total = 0.0
    cells = [(TrainConfig("real", "delay", 1024, 32, name, 1e-5, 0.99, args.steps, 0, dtype=args.dtype),
              REAL_RUNS_PER_OPTIMIZER) for name in ("adam", "adamw", "radam")]
    cells += [(TrainConfig("complex", "delay", n, n, "adam", 1e-5, 0.99, args.steps, 0, dtype=args.dtype),
               COMPLEX_RUNS_PER_SIZE) for n in (32, 64, 128, 256)]
    for config, runs in cells:
        per_step = ours_per_step(config)
        minutes = per_step * args.full_steps * runs / 60
        total += minutes
        print(f"| {config.field} {config.optimizer} n={config.n} t={config.t} | {runs} | {per_step * 1e6:.1f} | "
              f"{minutes:.1f} |")
    print(f"\nwhole real + complex grids: {total:.0f} CPU minutes, about {total / args.workers:.0f} minutes "
          f"on {args.workers} workers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
