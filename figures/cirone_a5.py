"""Figure 2 of Cirone et al. 2024 (Section 6): minimal blocks needed for > 90 % validation accuracy on the A5
word problem against the sequence length, per model.

The depth loop of :func:`numerics.nets.a5_study.blocks_needed` at the chosen tier (``quick``: hidden 16,
lengths 3-5, 150 steps -- the pipeline only, no evidence; ``full``: the CPU scale; ``paper``: the official
configuration, ``--tier paper --device cuda`` on a GPU), runs cached in ``out/cache/a5``.  The layout is the
official ``results/plot_A5.py``: figure (8, 6); per-model y offsets Transformer 0, Linear CDE 0.1, S4 0.2,
RNN 0.3, Mamba 0.4; grey bands ``[k - 0.1, k + 0.5]`` for k = 1..4; y ticks at ``k + 0.2`` labelled k;
markers Mamba ``s``, S4 ``^``, Transformer ``o``, RNN ``v``, Linear CDE ``x``; a missing point is a
length where the model failed with every remaining depth <= 4.  A second panel draws the paper's printed
blocks (hard-coded in ``plot_A5.py``, lengths 3..12, 14, 16, 18, 20) in the same layout.

The CSV holds every plotted point: ``source`` (ours / paper), ``model``, ``length``, ``blocks`` (empty for
a failure), the tier, and for ours the validation accuracy and steps of the run that decided the point and
the seed.
"""
from __future__ import annotations

import functools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from numerics.nets.a5_models import LABELS
from numerics.nets.a5_study import PAPER_LENGTHS, blocks_needed, run_study, tier as tier_scale

from .output import save_figure

NAME = "cirone_a5"
OFFSETS = {"transformer": 0.0, "lcde": 0.1, "s4": 0.2, "rnn": 0.3, "mamba": 0.4}
MARKERS = {"mamba": "s", "s4": "^", "transformer": "o", "rnn": "v", "lcde": "x"}
COLOURS = {"rnn": "#1f77b4", "s4": "#ff7f0e", "mamba": "#d62728", "transformer": "#9467bd", "lcde": "#8c564b"}
#: The blocks printed in Figure 2 (plot_A5.py), None = not reached with <= 4 blocks.
PAPER = {"rnn": [1] * 14, "lcde": [1] * 14,
         "s4": [1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 4, None],
         "mamba": [1, 2, 2, 2, 2, 3, 3, 3, 4, 4, None, None, None, None],
         "transformer": [1, 1, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, None, None]}


def _deciding_run(runs, model, length, blocks):
    """The run that decided (model, length): the solved one at ``blocks``, or the last failed one."""
    matching = [r for r in runs if r.config.model == model and r.config.length == length]
    if blocks is not None:
        matching = [r for r in matching if r.config.depth == blocks]
    return matching[-1] if matching else None


def compute(tier: str = "quick", device: str = "cpu", workers: int = 2) -> dict:
    """The depth loop at ``tier`` (module docstring)."""
    scale = tier_scale(tier)
    study = blocks_needed(tier, device=device, runner=functools.partial(run_study, workers=workers))
    points = []
    for model, cells in study["blocks"].items():
        for length, blocks in cells.items():
            run = _deciding_run(study["runs"], model, length, blocks)
            points.append({"model": model, "length": length, "blocks": blocks,
                           "accuracy": None if run is None else run.accuracy,
                           "steps": None if run is None else run.steps,
                           "seed": None if run is None else run.config.seed})
    note = (f"tier {tier}: hidden {scale['hidden']} (Linear CDE {scale['lcde_hidden']}), state {scale['state']}, "
            f"{scale['samples']} sequences per length, cap {scale['steps']} steps")
    return {"tier": tier, "scale": note, "lengths": study["lengths"], "points": points,
            "paper": {m: dict(zip(PAPER_LENGTHS, v)) for m, v in PAPER.items()}}


def _panel(axis, series: dict, lengths, title: str) -> None:
    for k in range(1, 5):
        axis.axhspan(k - 0.1, k + 0.5, color="lightgrey", alpha=0.3)
    for model in ("mamba", "s4", "transformer", "rnn", "lcde"):
        values = np.array([np.nan if series[model].get(L) is None else series[model][L] + OFFSETS[model]
                           for L in lengths], dtype=float)
        axis.plot(lengths, values, marker=MARKERS[model], linestyle="-", label=LABELS[model], color=COLOURS[model],
                  linewidth=2)
    axis.set_xlabel("Sequence Length")
    axis.set_ylabel("Minimum # Blocks Required")
    axis.set_xticks(list(lengths))
    axis.set_xlim(lengths[0] - 0.5, lengths[-1] + 0.5)
    if all(series[m].get(L) is None for m in series for L in lengths):
        axis.text(0.5, 0.5, "no model reached > 90 % with <= 4 blocks at this scale", transform=axis.transAxes,
                  ha="center", va="center", fontsize=10)
    axis.set_yticks([1.2, 2.2, 3.2, 4.2], labels=["1", "2", "3", "4"])
    axis.set_ylim(0.7, 4.7)
    axis.set_title(title, fontsize=9)
    axis.legend(loc="center right", fontsize=8)


def draw(data: dict, out_dir: Path) -> list[Path]:
    """Ours beside the paper's printed blocks, official layout; PDF, PNG, CSV."""
    figure, (ours, paper) = plt.subplots(1, 2, figsize=(16, 6))
    series = {}
    rows = []
    for point in data["points"]:
        series.setdefault(point["model"], {})[point["length"]] = point["blocks"]
        rows.append({"source": "ours", **{k: ("" if v is None else v) for k, v in point.items()},
                     "tier": data["tier"]})
    _panel(ours, series, data["lengths"], f"ours ({data['scale']})")
    _panel(paper, {m: dict(v) for m, v in data["paper"].items()}, list(PAPER_LENGTHS),
           "paper (Figure 2, plot_A5.py; hidden 1024, 10^6 sequences per length)")
    for model, cells in data["paper"].items():
        rows += [{"source": "paper", "model": model, "length": L, "blocks": "" if b is None else b, "accuracy": "",
                  "steps": "", "seed": "", "tier": "paper"} for L, b in cells.items()]
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
