"""Figure 1 of Cirone et al. 2024: validation RMSE on Area and Volume of the trained S4 / Mamba baselines and the random Linear CDE.

Per panel (Area: 2-channel data, Volume: 3-channel data, :func:`numerics.paths.toydata.toy_dataset`
with data seed 0), as in the official ``results/plot_toy.py`` (digest section 5.5):

* "Predicting Zero" -- the zero predictor's RMSE on the validation labels (the official plot
  uses all 100k labels; the validation ones are the fair baseline, digest section 5.7 item 5);
* "Random Linear CDE" -- the random dense Linear CDE of Theorem 4.2 (``omega = xi = (t, X)``,
  ``Z_0 = W X_0 + b``; :func:`numerics.paths.cde_models.random_dense_features`) with an OLS readout
  fitted on the first 80 % of the paths: mean and min-max range of the validation RMSE over 5
  model seeds (1..5), drawn as a horizontal line and band (nothing is trained);
* the trained baselines (:mod:`numerics.nets.cirone_toy`: Mamba and S4 at depth 1, depth 2 and depth
  2 + GELU, 5 seeds each, trained on the same data set -- same paths, data seed 0): per evaluation
  step the mean of the validation RMSE over the seeds, on ``semilogy``, with the min-max band
  (``fill_between``, alpha 0.2), markers and colours of ``plot_toy.py``, trained through
  :func:`numerics.nets.cirone_toy.run_study` (cached in ``out/cache/cirone_toy``, shared with the
  checks ``cirone.fig1_*``).

Sizes: ``--tier full`` is the paper's data scale, 100 000 paths of length 100 and N = 256 (10 runs of an
N = 256 Linear CDE over 10^7 segments: 15.5 min on 2 cores beside another job) with the trained models
of the full tier of :mod:`numerics.nets.cirone_toy` (under an hour on 2 cores); the default (quick) tier
uses the quick tier's paths for both and N = 64 (minutes; it exercises the pipeline, it is not evidence);
``--tier paper`` is the full tier's Linear CDE with the paper's trained models (hidden 256, state 256,
10^6 steps: a GPU job, ``--device cuda``).  Layout as ``plot_toy.py``: two panels, figsize (10.5, 6.5),
legend in 3 columns at the upper centre; the y range is left to the data (the official ylim
[1e-4, 0.15] belongs to the official normalisers, section 5.2).  Every row of the CSV is one
plotted point: ``step`` is empty for a horizontal line (mean, min, max over its runs) and is the
evaluation step for a point of a trained curve (mean, min, max over the seeds, listed in ``seeds``).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from numerics.nets.cirone_toy import run_study, tier as trained_tier, tier_configs
from verify.checks.cirone.expressivity import LABELS, MODEL_SEED, model_ratio

from numerics.errors import InputError

from .output import save_figure

NAME = "cirone_figure1"
#: The Linear CDE's size per tier; its paths are those of the trained tier (the same data set).
SIZES = {"quick": dict(N=64), "full": dict(N=256), "paper": dict(N=256)}
RUNS = 5
PANELS = {"area": "Area (2D)", "volume": "Volume (3D)"}
STYLE = {"Predicting Zero": dict(color="black", ls="--"), "Random Linear CDE": dict(color="red", ls="--")}
COLOURS = ["#377eb8", "#ff7f00", "#4daf4a", "#a65628", "#984ea3", "#999999"]
MARKERS = ["o", "s", "D", "^", "p", "v"]


def compute(tier: str = "quick", device: str = "cpu", workers: int = 2) -> list[dict]:
    """One row per plotted point (module docstring); ``device`` is the torch device of the trained runs."""
    if tier not in SIZES:
        raise InputError(f"tier: unknown tier {tier!r}; choose one of {', '.join(SIZES)}")
    N, paths = SIZES[tier]["N"], trained_tier(tier)["paths"]
    seeds = [MODEL_SEED + run for run in range(RUNS)]
    blank = {"hidden": "", "state": "", "N": ""}
    rows = []
    for label in tqdm(LABELS, desc=NAME, unit="label", leave=False, disable=None):
        runs = [model_ratio("dense", label, N, seed, paths) for seed in seeds]
        errors = [r["rmse"] for r in runs]
        common = {"panel": label, "paths": paths, "data_seed": runs[0]["data_seed"], "system": "float64"}
        rows.append({**common, **blank, "series": "Predicting Zero", "step": "", "runs": 1, "seeds": "",
                     "mean": runs[0]["zero_rmse"], "min": runs[0]["zero_rmse"], "max": runs[0]["zero_rmse"]})
        rows.append({**common, **blank, "N": N, "series": "Random Linear CDE", "step": "", "runs": RUNS,
                     "seeds": " ".join(map(str, seeds)), "mean": float(np.mean(errors)), "min": min(errors),
                     "max": max(errors)})
    results = run_study(tier_configs(tier, device=device), workers=workers)
    groups = {}
    for result in results:
        config = result.config
        groups.setdefault((config.dataset, config.label), []).append(result)
    for (panel, series), group in groups.items():
        curves = np.array([r.rmse for r in group])              # (seeds, evaluations)
        config = group[0].config
        common = {"panel": panel, "paths": config.paths, "data_seed": config.data_seed,
                  "system": f"torch {config.dtype} training", "series": series, "runs": len(group),
                  "seeds": " ".join(str(r.config.seed) for r in group), "N": "", "hidden": config.hidden,
                  "state": config.state}
        for i, step in enumerate(group[0].eval_steps):
            rows.append({**common, "step": int(step), "mean": float(curves[:, i].mean()),
                         "min": float(curves[:, i].min()), "max": float(curves[:, i].max())})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    figure, axes = plt.subplots(1, len(PANELS), figsize=(10.5, 6.5))
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
        lcde = next(r for r in part if r["series"] == "Random Linear CDE")
        trained = next((r for r in part if r["step"] != ""), None)
        size = f", hidden {trained['hidden']}, state {trained['state']}" if trained else ""
        axis.set_title(f"{title}\n{part[0]['paths']} paths, LCDE N = {lcde['N']}{size}", fontsize=10)
        axis.set_xlabel("training step" if curves else "(no trained models in this figure)")
        if not curves:
            axis.set_xticks([])
        axis.set_ylabel("validation RMSE")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=7, loc="upper center", ncol=3)
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
