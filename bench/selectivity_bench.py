"""Benchmark of the selective scan in training: the official sequential reference against the fast path.

Part 1 times one training step of MambaLM (forward, backward, Adam update; a fresh copy batch) at
the copy configuration of Ran-Milo et al. (2024): batch 8, length 128 (lag 64), d_model 64,
2 layers, S6-Real with d_state 16 and S6-Complex with 8 complex states, float32, one torch thread,
once with ``scan="reference"`` (the official ``selective_scan_seq``) and once with ``scan="fast"``
(numba kernels), in the same process, from the same initial weights.  It prints milliseconds per
step (process CPU time) and the speed-up.  Part 2 projects the time of the ``full`` and ``paper``
tiers of :mod:`numerics.nets.selectivity` on this machine with the fast path: for every distinct run
of the tier, ``steps cap x ms/step`` at the run's field and sequence length plus its evaluation on
1000 fresh examples, divided by two worker processes (an upper bound: early stopping can end runs sooner).

    PYTHONPATH=. python bench/selectivity_bench.py [--steps 20] [--reference-steps 5] [--json FILE]

The JSON has ``reference_ms``, ``fast_ms`` and ``speedup`` (averages over the two fields), the same
per field, and the projections in minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from numerics.nets.mamba import MambaConfig, MambaLM  # noqa: E402
from numerics.nets.selectivity import evaluate, tier_configs  # noqa: E402
from numerics.nets.tasks import make_batch  # noqa: E402
from numerics.outputs import text_writer, write_files_atomically  # noqa: E402

FIELDS = ("real", "complex")
#: Worker processes of the projection: the two cores of this machine.
WORKERS = 2


def step_ms(field: str, scan: str, task: str, t: int, steps: int) -> float:
    """Milliseconds of process CPU time per training step (after two warm-up steps)."""
    model = MambaLM(MambaConfig(field=field), seed=1111, scan=scan)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    rng = np.random.default_rng(0)

    def step():
        batch = make_batch(task, rng, 8, t)
        logits = model(torch.from_numpy(batch.tokens))[:, batch.loss_start:]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), torch.from_numpy(batch.targets).reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(2):
        step()
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps * 1e3


def eval_seconds(config) -> float:
    """Seconds of process CPU time of the final evaluation of ``config`` (1000 fresh examples)."""
    model = MambaLM(config.model_config(), seed=config.seed)
    start = time.process_time()
    evaluate(model, config)
    return time.process_time() - start


def projection(tier: str, steps: int) -> dict:
    """Projected minutes of the tier's distinct runs (fast path, this machine)."""
    configs = {c.key(): c for study, task in (("compare", "copy"), ("compare", "induction"), ("table3", None))
               for c in tier_configs(tier, study, task=task)}
    per_step, per_eval, total = {}, {}, 0.0
    for config in configs.values():
        kind = (config.field, config.task, config.t)
        if kind not in per_step:
            per_step[kind] = step_ms(config.field, "fast", config.task, config.t, steps)
            per_eval[kind] = eval_seconds(config)
        total += config.steps * per_step[kind] / 1e3 + per_eval[kind]
    return {"runs": len(configs), "cpu_minutes": total / 60, "workers": WORKERS,
            "minutes": total / 60 / WORKERS,
            "ms_per_step": {f"{f} {task} t={t}": round(v, 2) for (f, task, t), v in per_step.items()},
            "eval_seconds": {f"{f} {task} t={t}": round(v, 2) for (f, task, t), v in per_eval.items()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20, help="fast-path steps timed per configuration")
    parser.add_argument("--reference-steps", type=int, default=5, help="reference steps timed per field")
    parser.add_argument("--no-projection", action="store_true", help="skip part 2")
    parser.add_argument("--json", type=str, default=None, help="write the headline figures to FILE")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    print(f"# selectivity bench: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"torch {torch.__version__}, load average {os.getloadavg()[0]:.1f}; process CPU time, 1 torch thread")

    print("\n## one training step at the copy configuration (batch 8, length 128, d_model 64, 2 layers, float32)")
    print("| field | reference ms/step | fast ms/step | speed-up |")
    print("|---|---|---|---|")
    fields = {}
    for field in FIELDS:
        reference = step_ms(field, "reference", "copy", 64, args.reference_steps)
        fast = step_ms(field, "fast", "copy", 64, args.steps)
        fields[field] = {"reference_ms": reference, "fast_ms": fast, "speedup": reference / fast}
        print(f"| {field} | {reference:.1f} | {fast:.1f} | {reference / fast:.1f}x |", flush=True)
    reference_ms = float(np.mean([v["reference_ms"] for v in fields.values()]))
    fast_ms = float(np.mean([v["fast_ms"] for v in fields.values()]))
    record = {"reference_ms": reference_ms, "fast_ms": fast_ms, "speedup": reference_ms / fast_ms, "fields": fields}
    print(f"\nmean over the fields: reference {reference_ms:.1f} ms, fast {fast_ms:.1f} ms, "
          f"speed-up {reference_ms / fast_ms:.1f}x")

    if not args.no_projection:
        print("\n## projected tiers (fast path, this machine; step caps, so an upper bound)")
        print("| tier | distinct runs | CPU minutes | workers | minutes |")
        print("|---|---|---|---|---|")
        record["projection"] = {}
        for tier in ("full", "paper"):
            found = projection(tier, args.steps)
            record["projection"][tier] = found
            print(f"| {tier} | {found['runs']} | {found['cpu_minutes']:.0f} | {found['workers']} | "
                  f"{found['minutes']:.0f} |", flush=True)
        for tier in ("full", "paper"):
            print(f"{tier}: ms/step {record['projection'][tier]['ms_per_step']}")
    if args.json:
        write_files_atomically({os.path.abspath(args.json): text_writer(json.dumps(record, indent=1) + "\n")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
