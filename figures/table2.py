"""Table 2 of Ran-Milo et al. 2024 (Section 4, Appendix F.1): complex SSMs trained on the three targets.

The paper's grid (``--tier full``, the official ``theory_complex.yaml``): complex field, Adam, lr
1e-5, ``r_min = 0.99``, ``n = t`` in {32, 64, 128, 256}, tasks delay / oscillation / random with
l2-normalised targets, 500 000 steps under the cosine schedule, seeds {0, 1, 2}, the official output
``2 Re(C x)`` -- 36 runs through :func:`numerics.learning.sweep.run_sweep` and its cache.  The quick tier
runs ``n = t = 32``, lr 1e-3, seeds {0, 1}, 3000 steps: it exercises the pipeline only.

A cell is one (t, task): the *worst* run over seeds, by the squared l2 loss the code logs.  Each
row reports ``best_loss`` (normalised squared l2), ``eps_l1`` (normalised l1 error of that run's
best parameters) and ``magnitude`` (``n ||C (.) B||_inf`` of the equivalent paper-convention complex
SSM, i.e. with the factor 2 of the output folded into ``C``), and, for comparison, the certified
bracket of the smallest ``||w||_1`` a *real* SSM needs to reach the same l1 error on the same target
(``certified_min_l1_at_eps``) and to match it (``certified_min_l1_exact``), computed as in
:mod:`figures.table1` (certified; each bracket limited to ``MAX_SECONDS`` of proposal time, and
cached).  How obtained: training float64, brackets certified.  ``accumulate_gradients`` (CLI
``--accumulate-gradients``) reproduces the official code's never-zeroed gradients (``table2_accumulated``).
"""
from __future__ import annotations

from pathlib import Path

from numerics.learning.sweep import run_sweep
from numerics.ssm.targets import NAMES as TASKS
from numerics.learning.training import TrainConfig

from .table1 import (RUN_COLUMNS, cell_row, certified_columns, gradients_note, group_runs, number, output_name,
                     prefetch_certified, tier_grid, write_table)

NAME = "table2"
GRIDS = {
    "full": {"ts": (32, 64, 128, 256), "lr": 1e-5, "seeds": (0, 1, 2), "steps": 500_000, "workers": 2},
    "quick": {"ts": (32,), "lr": 1e-3, "seeds": (0, 1), "steps": 3000, "workers": 1},
}
R_MIN = 0.99
MAX_SECONDS = 120.0
OBTAINED = ("training float64 (numba, torch.optim Adam semantics); loss and eps float64; real ||w||_1 brackets "
            "certified (realfit)")


def grid(tier: str) -> dict:
    return tier_grid(GRIDS, tier)


def configs(tier: str, seeds=None, accumulate_gradients: bool = False) -> list[TrainConfig]:
    g = grid(tier)
    return [TrainConfig(field="complex", task=task, n=t, t=t, optimizer="adam", lr=g["lr"], r_min=R_MIN,
                        steps=g["steps"], seed=seed, output="2re", accumulate_gradients=accumulate_gradients)
            for t in g["ts"] for task in TASKS for seed in (g["seeds"] if seeds is None else tuple(seeds))]


def runs(tier: str, seeds=None, accumulate_gradients: bool = False) -> tuple[list[TrainConfig], int]:
    """The training runs :func:`compute` reads and the workers its sweep starts by default: ``python -m
    figures`` trains the runs of all the figures it makes in one sweep first (:func:`figures.__main__.main`)."""
    return configs(tier, seeds, accumulate_gradients), grid(tier)["workers"]


def train_all(tier: str, seeds=None, accumulate_gradients: bool = False, workers: int | None = None) -> list:
    return run_sweep(configs(tier, seeds, accumulate_gradients),
                     workers=grid(tier)["workers"] if workers is None else workers, progress=True)


def worst_runs(results) -> dict:
    """(t, task) -> (the run with the largest best_loss over seeds, run count)."""
    groups = group_runs(results, lambda config: (config.t, config.task))
    return {key: (max(runs, key=lambda r: r.best_loss), len(runs)) for key, runs in groups.items()}


def compute(tier: str = "quick", seeds=None, accumulate_gradients: bool = False, workers: int | None = None) -> list[dict]:
    """One row per (t, task); see the module docstring."""
    used = grid(tier)["seeds"] if seeds is None else seeds
    runs = worst_runs(train_all(tier, seeds, accumulate_gradients, workers))
    prefetch_certified([result for result, _ in runs.values()], grid(tier)["workers"] if workers is None else workers,
                       MAX_SECONDS)
    return [cell_row({"t": t, "task": task}, tier, used, result, count, OBTAINED,
                     {"accumulate_gradients": accumulate_gradients}, max_seconds=MAX_SECONDS)
            for (t, task), (result, count) in sorted(runs.items())]


#: The shown columns: Markdown header, LaTeX header, cell.
COLUMNS = [
    ("t = n", "$t = n$", lambda r: str(r["t"])),
    *RUN_COLUMNS,
    ("n‖C⊙B‖∞ (complex)", r"$n\|C\odot B\|_\infty$ (complex)", lambda r: number(r["magnitude"])),
    *certified_columns("real "),
    ("worst seed", "worst seed", lambda r: str(r["seed"])),
]


def draw(rows: list[dict], out_dir_: Path) -> list[Path]:
    tier = rows[0]["tier"]
    g = grid(tier)
    notes = [f"tier {tier}: complex field, Adam, lr {g['lr']:g}, r_min {R_MIN}, n = t in {list(g['ts'])}, "
             f"{g['steps']} steps, seeds {rows[0]['seeds']}, output 2 Re(C x); "
             f"worst run over seeds per cell, by the normalised squared l2 loss",
             "eps: normalised l1 error of that run (1 = zero mapping); n||C.B||inf in the paper's convention "
             "(factor 2 folded into C)",
             "real min ||w||1: certified bracket of the smallest sum |B_i C_i| of a real SSM reaching the same l1 "
             "error (at eps) or matching the target (exact)",
             gradients_note(rows),
             "obtained: " + OBTAINED]
    return write_table(rows, COLUMNS, out_dir_, output_name(NAME, rows),
                       "Table 2 (complex SSMs, Ran-Milo et al. 2024)", notes)
