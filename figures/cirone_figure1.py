"""Figure 1 of Cirone et al. 2024, the random Linear CDE part: validation RMSE on Area and Volume.

Per panel (Area: 2-channel data, Volume: 3-channel data, :func:`numerics.paths.toydata.toy_dataset`
with data seed 0), as in the official ``results/plot_toy.py`` (digest section 5.5):

* "Predicting Zero" -- the zero predictor's RMSE on the validation labels (the official plot
  uses all 100k labels; the validation ones are the fair baseline, digest section 5.7 item 5);
* "Random Linear CDE" -- the random dense Linear CDE of Theorem 4.2 (``omega = xi = (t, X)``,
  ``Z_0 = W X_0 + b``; :func:`numerics.paths.cde_models.random_dense_features`) with an OLS readout
  fitted on the first 80 % of the paths: mean and min-max range of the validation RMSE over 5
  model seeds (1..5), drawn as a horizontal line and band (nothing is trained).

Sizes: ``--tier full`` is the paper's scale, 100 000 paths of length 100 and N = 256 (10 runs of an
N = 256 Linear CDE over 10^7 segments: 15.5 min on 2 cores beside another job); the default (quick) tier uses 5 000
paths and N = 64.  Every row of the CSV is one plotted series: ``step`` is empty for a
horizontal line; trained models (a later issue) add rows with one ``step`` per evaluation, drawn
as curves with their min-max band, so this module plots them without change.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from verify.checks.cirone.expressivity import LABELS, MODEL_SEED, model_ratio

from .output import save_figure

NAME = "cirone_figure1"
SIZES = {"quick": dict(paths=5000, N=64), "full": dict(paths=100_000, N=256)}
RUNS = 5
PANELS = {"area": "Area (2D)", "volume": "Volume (3D)"}
STYLE = {"Predicting Zero": dict(color="black", ls="--"), "Random Linear CDE": dict(color="red", ls="--")}
COLOURS = ["#377eb8", "#ff7f00", "#4daf4a", "#a65628", "#984ea3", "#999999"]
MARKERS = ["o", "s", "D", "^", "p", "v"]


def compute(tier: str = "quick") -> list[dict]:
    """One row per (panel, series[, step]); see the module docstring."""
    sizes = SIZES[tier]
    seeds = [MODEL_SEED + run for run in range(RUNS)]
    rows = []
    for label in tqdm(LABELS, desc=NAME, unit="label", leave=False, disable=None):
        runs = [model_ratio("dense", label, sizes["N"], seed, sizes["paths"]) for seed in seeds]
        errors = [r["rmse"] for r in runs]
        common = {"panel": label, "N": sizes["N"], "paths": sizes["paths"], "data_seed": runs[0]["data_seed"],
                  "system": "float64"}
        rows.append({**common, "series": "Predicting Zero", "step": "", "runs": 1, "seeds": "",
                     "mean": runs[0]["zero_rmse"], "min": runs[0]["zero_rmse"], "max": runs[0]["zero_rmse"]})
        rows.append({**common, "series": "Random Linear CDE", "step": "", "runs": RUNS,
                     "seeds": " ".join(map(str, seeds)), "mean": float(np.mean(errors)), "min": min(errors),
                     "max": max(errors)})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    figure, axes = plt.subplots(1, len(PANELS), figsize=(10.5, 4.5))
    for axis, (panel, title) in zip(axes, PANELS.items()):
        part = [r for r in rows if r["panel"] == panel]
        curves = sorted({r["series"] for r in part if r["step"] != ""})
        for i, series in enumerate(curves):            # trained models: one point per evaluation step
            points = sorted((r for r in part if r["series"] == series), key=lambda r: float(r["step"]))
            steps = [float(r["step"]) for r in points]
            axis.semilogy(steps, [r["mean"] for r in points], marker=MARKERS[i % 6], color=COLOURS[i % 6],
                          markevery=max(1, len(steps) // 10), label=series)
            axis.fill_between(steps, [r["min"] for r in points], [r["max"] for r in points], color=COLOURS[i % 6],
                              alpha=0.2)
        for r in (r for r in part if r["step"] == ""):  # untrained models and the baseline: horizontal lines
            style = STYLE.get(r["series"], dict(color="grey", ls=":"))
            axis.axhline(r["mean"], label=r["series"], **style)
            if r["max"] > r["min"]:
                axis.axhspan(r["min"], r["max"], color=style["color"], alpha=0.2)
        axis.set_yscale("log")
        axis.set_title(f"{title}: {part[0]['paths']} paths, N = {part[0]['N']}")
        axis.set_xlabel("training step" if curves else "(no trained models in this figure)")
        if not curves:
            axis.set_xticks([])
        axis.set_ylabel("validation RMSE")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8, loc="best", ncol=3)
    figure.tight_layout()
    try:
        return save_figure(figure, rows, out_dir, NAME)
    finally:
        plt.close(figure)
