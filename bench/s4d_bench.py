"""Benchmark of S4D (numerics.nets.s4d): training steps of the full and paper models, and the kernel.

Part 1 times one training step (forward, backward, AdamW update, scheduler step; batch 50 of random
inputs) of the S4D models of the ``full`` tier (digits: length 64, 4 layers, d_model 64, d_state 64)
and of the ``paper`` tier (sCIFAR: length 1024, 6 layers, d_model 512, d_state 64) of
:mod:`numerics.nets.images_study`, complex (``legs``) and real (``diag-real``), float32, one torch
thread, process CPU time, after one warm-up step; and projects the full tier: ``steps x ms/step`` per
run plus its evaluation, over two worker processes (the paper tier: per run, in CPU-days).

Part 2 compares the kernel computation: Vandermonde + FFT convolution (:func:`~numerics.nets.s4d.s4d_kernel`,
:func:`~numerics.nets.s4d.fft_convolution`) against the direct recurrence ``x_l = Abar x_(l-1) + Bbar u_l``,
``y_l = 2 Re(C x_l)`` in float64 (H = 64 channels, 32 complex states, L = 1024, batch 8): the time of
each and their largest difference (which must be below 1e-10).

    PYTHONPATH=. python bench/s4d_bench.py [--steps 5] [--paper-steps 1] [--json FILE]
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

from numerics.nets.images_study import OFFICIAL_INIT, tier, tier_configs  # noqa: E402
from numerics.nets.s4d import (S4DConfig, S4DKernel, S4DModel, fft_convolution, make_optimizer,  # noqa: E402
                               make_scheduler, s4d_kernel)
from numerics.outputs import text_writer, write_files_atomically  # noqa: E402

WORKERS = 2
LENGTH = {"digits": 64, "cifar": 1024}


def step_ms(tier_name: str, field: str, steps: int) -> float:
    """Milliseconds of process CPU time per training step of the tier's model (module docstring)."""
    scale = tier(tier_name)
    model = S4DModel(S4DConfig(field=field, init=OFFICIAL_INIT[field], **scale["model"]), seed=0)
    optimizer = make_optimizer(model)
    scheduler = make_scheduler(optimizer, 1000, 100)
    generator = torch.Generator().manual_seed(0)
    length = LENGTH[scale["dataset"]]

    def step():
        inputs = torch.randn(50, length, 1, generator=generator)
        loss = F.cross_entropy(model(inputs), torch.randint(0, 10, (50,), generator=generator))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()

    step()
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps * 1e3


def kernel_comparison(repeats: int = 3) -> dict:
    """Vandermonde + FFT against the recurrence, float64 (module docstring)."""
    config = S4DConfig(field="complex", init="legs", d_model=64, n_layers=1, d_state=64, bidirectional=False)
    log_dt, A, B, C = S4DKernel(config, torch.Generator().manual_seed(0)).parameters_per_channel()
    u = torch.randn(8, 64, 1024, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        start = time.process_time()
        for _ in range(repeats):
            fast = fft_convolution(u, s4d_kernel(log_dt, A, B, C, 1024)[0])
        fast_ms = (time.process_time() - start) / repeats * 1e3
        start = time.process_time()
        dt = torch.exp(log_dt)[:, None]
        Abar, Bbar = torch.exp(dt * A), torch.expm1(dt * A) / A * B
        x = torch.zeros(8, 64, A.shape[-1], dtype=A.dtype)
        outputs = []
        for l in range(1024):
            x = Abar * x + Bbar * u[..., l:l + 1]
            outputs.append(2 * (C[0] * x).sum(-1).real)
        direct = torch.stack(outputs, -1)
        direct_ms = (time.process_time() - start) * 1e3
    return {"vandermonde_fft_ms": fast_ms, "recurrence_ms": direct_ms, "speedup": direct_ms / fast_ms,
            "max_abs_difference": float((fast - direct).abs().max())}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=5, help="timed steps of the full model per field")
    parser.add_argument("--paper-steps", type=int, default=1, help="timed steps of the paper model per field")
    parser.add_argument("--json", type=str, default=None, help="write the headline figures to FILE")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    print(f"# s4d bench: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, torch "
          f"{torch.__version__}, load average {os.getloadavg()[0]:.1f}; process CPU time, 1 torch thread, float32")
    print("\n## one training step (batch 50)")
    print("| tier | field | ms/step |")
    print("|---|---|---|")
    record = {"ms_per_step": {}}
    for tier_name, steps in (("full", args.steps), ("paper", args.paper_steps)):
        for field in ("complex", "real"):
            ms = step_ms(tier_name, field, steps)
            record["ms_per_step"][f"{tier_name} {field}"] = ms
            print(f"| {tier_name} | {field} | {ms:.1f} |", flush=True)
    cpu_seconds = sum(c.steps * record["ms_per_step"][f"full {c.field}"] / 1e3 for c in tier_configs("full"))
    record["full_projected_minutes"] = cpu_seconds / 60 / WORKERS
    paper = tier_configs("paper", data_dir="unused")[0]
    record["paper_cpu_days_per_run"] = paper.steps * record["ms_per_step"]["paper complex"] / 1e3 / 86400
    print(f"\nfull tier: {len(tier_configs('full'))} runs, {cpu_seconds / 60:.1f} CPU minutes of steps, "
          f"{record['full_projected_minutes']:.1f} minutes on {WORKERS} workers (evaluation adds seconds)")
    print(f"paper tier: {paper.steps} steps per run, {record['paper_cpu_days_per_run']:.1f} CPU-days per complex run")
    kernel = kernel_comparison()
    record["kernel"] = kernel
    print("\n## kernel: Vandermonde + FFT vs recurrence (float64, H = 64, 32 complex states, L = 1024, batch 8)")
    print(f"Vandermonde+FFT {kernel['vandermonde_fft_ms']:.1f} ms, recurrence {kernel['recurrence_ms']:.1f} ms, "
          f"speed-up {kernel['speedup']:.1f}x, max |difference| {kernel['max_abs_difference']:.1e}")
    if not kernel["max_abs_difference"] < 1e-10:
        print("error: the kernel and the recurrence differ by more than 1e-10", file=sys.stderr)
        return 1
    if args.json:
        write_files_atomically({os.path.abspath(args.json): text_writer(json.dumps(record, indent=1) + "\n")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
