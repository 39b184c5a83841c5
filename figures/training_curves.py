"""Training curves behind Tables 1 and 2 (Ran-Milo et al. 2024, Section 4): loss and parameter magnitude.

For each task (delay, oscillation, random), from the runs of :mod:`figures.table1` and
:mod:`figures.table2` (the same cached sweeps; quick or full tier):

* top row: the running minimum of the normalised squared l2 loss against the step (log scale) for
  the best real run of Table 1 (over optimizers, seeds and hyper-parameters) and for the worst complex
  run of Table 2 at the smallest t of its grid (t = 32, as Table 1);
* bottom row: ``n ||C (.) B||_inf`` of the same runs against the step (log scale), with the certified
  minimum ``||w||_1`` of a real SSM on the real run's target as horizontal lines: at ``eps = 0``
  (matching the target; the lower end of the certified bracket) and at the real run's l1 error
  (omitted when it is 0: the zero mapping already does as well).  A real run's magnitude can never be
  below the line at its own error.

The CSV holds every plotted point: ``panel, task, series, step, value`` (horizontal lines as two
points, at the first and last step).  Training float64; lines certified (lower ends of brackets).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from numerics.ssm.targets import NAMES as TASKS

from . import table1, table2
from .output import save_figure

NAME = "training_curves"
EXACT_LINE = "real certified min ||w||_1, matching the target"
EPS_LINE = "real certified min ||w||_1 at the real run's normalised l1 error"


def runs(tier: str) -> tuple[list, int]:
    """The training runs :func:`compute` reads (those of Tables 1 and 2) and the workers of their sweep
    (for the shared sweep of ``python -m figures``)."""
    (real, real_workers), (complex_runs, complex_workers) = table1.runs(tier), table2.runs(tier)
    return real + complex_runs, max(real_workers, complex_workers)


def compute(tier: str = "quick") -> list[dict]:
    """The plotted points; see the module docstring."""
    real = table1.best_runs(table1.train_all(tier))
    complex_runs = table2.worst_runs(table2.train_all(tier))
    t_complex = min(t for t, _ in complex_runs)
    rows = []
    for task in TASKS:
        best_real = min((cell[0] for (optimizer, name), cell in real.items() if name == task),
                        key=lambda r: r.best_loss)
        worst_complex = complex_runs[(t_complex, task)][0]
        for label, result in ((f"real best ({best_real.config.optimizer}, lr {best_real.config.lr:g}, "
                               f"r_min {best_real.config.r_min:g}, seed {best_real.config.seed})", best_real),
                              (f"complex worst (t = {t_complex}, seed {worst_complex.config.seed})", worst_complex)):
            for step, loss, magnitude in zip(result.steps, result.running_min, result.magnitude):
                rows.append({"panel": "running min loss", "task": task, "series": label, "step": int(step),
                             "value": float(loss), "tier": tier, "obtained": "float64 training"})
                rows.append({"panel": "magnitude", "task": task, "series": label, "step": int(step),
                             "value": float(magnitude), "tier": tier, "obtained": "float64 training"})
        config = best_real.config
        last = int(max(best_real.steps[-1], worst_complex.steps[-1]))
        for label, eps in ((EXACT_LINE, 0.0),
                           (f"{EPS_LINE} = {best_real.best_eps_l1:.3g}", best_real.best_eps_l1)):
            record = table1.certified_minimum(task, config.t, config.seed,
                                              eps * table1.target_l1(task, config.t, config.seed))
            if not record["lower"] > 0:
                continue   # the zero mapping reaches this error: nothing to draw on a log scale
            for step in (0, last):
                rows.append({"panel": "magnitude", "task": task, "series": label, "step": step,
                             "value": record["lower"], "tier": tier,
                             "obtained": "certified lower end of the min ||w||_1 bracket"})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    figure, axes = plt.subplots(2, len(TASKS), figsize=(4.6 * len(TASKS), 7.0), sharex="col")
    for column, task in enumerate(TASKS):
        for row_index, panel in enumerate(("running min loss", "magnitude")):
            axis = axes[row_index, column]
            part = [r for r in rows if r["task"] == task and r["panel"] == panel]
            for series in dict.fromkeys(r["series"] for r in part):
                points = [r for r in part if r["series"] == series]
                steps = np.array([p["step"] for p in points])
                values = np.array([p["value"] for p in points])
                style = {}
                if series == EXACT_LINE:
                    style = {"ls": "--", "color": "black"}
                elif series.startswith(EPS_LINE):
                    style = {"ls": ":", "color": "tab:gray"}
                axis.semilogy(steps, values, label=series, lw=1.2, **style)
            axis.set_title(f"{task}: {panel}")
            axis.grid(True, which="major", alpha=0.3)
            if row_index == 1:
                axis.set_xlabel("step")
        axes[0, column].legend(fontsize=6)
        axes[1, column].legend(fontsize=6)
    axes[0, 0].set_ylabel("running min of ||y - phi||_2^2 (normalised)")
    axes[1, 0].set_ylabel(r"$n\,\|C\odot B\|_\infty$")
    figure.suptitle(f"Training curves (tier {rows[0]['tier']}): best real run vs worst complex run")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
