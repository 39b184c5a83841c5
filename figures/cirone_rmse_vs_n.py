"""RMSE ratio against the state size N for the model classes of Cirone et al. 2024 (log-log).

For Area (2-channel data) and Volume (3-channel data) of the toy task (Section 6; data seed 0),
the validation RMSE divided by the zero predictor's, after a least-squares readout fitted on the
first 80 % of the paths, for four random Linear CDE classes (:mod:`numerics.paths.cde_models`):

* dense (Theorem 4.2), diagonal (Theorem 4.3), LTI (``omega = t``, Section 4.2);
* chained: two diagonal layers, the second driven by ``(t, X)`` and a read of the first layer
  fitted to the running Area, as in Theorem C.2 (:func:`verify.checks.cirone.expressivity.chained_features`).

Expected shape: dense falls on both labels; diagonal falls on Area but stalls on Volume
(Theorem 4.3); chained falls on Volume (Proposition 4.5); LTI stays at 1 (Section 4.2).  Default
tier: 2 000 paths, N = 4..128, model seed 1; ``--tier full``: 20 000 paths, N = 4..256, seeds 1..3
(mean plotted).  The CSV holds every plotted point.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from verify.checks.cirone.expressivity import LABELS, MODEL_SEED, model_ratio

from .output import save_figure

NAME = "cirone_rmse_vs_n"
MODELS = ("dense", "diagonal", "chained", "lti")
SIZES = {"quick": dict(paths=2000, Ns=(4, 8, 16, 32, 64, 128), seeds=1),
         "full": dict(paths=20000, Ns=(4, 8, 16, 32, 64, 128, 256), seeds=3)}
STYLE = {"dense": ("o-", "tab:red"), "diagonal": ("s-", "tab:blue"), "chained": ("D-", "tab:green"),
         "lti": ("^-", "tab:grey")}


def compute(tier: str = "quick") -> list[dict]:
    """One row per (label, model, N): the mean RMSE ratio over the seeds, with its range."""
    sizes = SIZES[tier]
    seeds = [MODEL_SEED + s for s in range(sizes["seeds"])]
    jobs = [(label, model, N) for label in LABELS for model in MODELS for N in sizes["Ns"]]
    rows = []
    for label, model, N in tqdm(jobs, desc=NAME, unit="fit", leave=False, disable=None):
        runs = [model_ratio(model, label, N, seed, sizes["paths"]) for seed in seeds]
        ratios = [r["ratio"] for r in runs]
        rows.append({"label": label, "model": model, "N": N, "ratio_mean": float(np.mean(ratios)),
                     "ratio_min": min(ratios), "ratio_max": max(ratios), "seeds": " ".join(map(str, seeds)),
                     "paths": sizes["paths"], "data_seed": runs[0]["data_seed"], "system": "float64"})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    labels = list(dict.fromkeys(r["label"] for r in rows))
    figure, axes = plt.subplots(1, len(labels), figsize=(5 * len(labels), 4), sharey=True)
    for axis, label in zip(np.atleast_1d(axes), labels):
        for model in MODELS:
            part = sorted((r for r in rows if r["label"] == label and r["model"] == model), key=lambda r: r["N"])
            if not part:
                continue
            marker, colour = STYLE[model]
            Ns = [r["N"] for r in part]
            axis.loglog(Ns, [r["ratio_mean"] for r in part], marker, color=colour, label=model)
            axis.fill_between(Ns, [r["ratio_min"] for r in part], [r["ratio_max"] for r in part], color=colour,
                              alpha=0.2)
        axis.axhline(1.0, color="black", ls="--", lw=1, label="zero predictor")
        axis.set_title(f"{label.capitalize()} ({part[0]['paths']} paths)")
        axis.set_xticks(Ns, [str(n) for n in Ns])
        axis.minorticks_off()
        axis.set_xlabel("state size N")
        axis.grid(True, which="both", alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("validation RMSE / zero-predictor RMSE")
    np.atleast_1d(axes)[0].legend(fontsize=8)
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
