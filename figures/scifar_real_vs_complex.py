"""Section 4.2 of Ran-Milo et al. 2024 (sCIFAR): S4D with complex against real parameterisation.

The runs of ``tier_configs(tier)`` (:mod:`numerics.nets.images_study`): S4D (:mod:`numerics.nets.s4d`)
complex with the official ``legs`` init and real with the official ``diag-real`` init, three seeds
each, and the rest of the paper's real init grid (``diag-lin``, ``legs`` taken as real) with one
seed, trained through the sweep cache (``out/cache/s4d_images``).  Plotted: the test accuracy of each
run per field and init, with the paper's printed numbers at its own scale (grayscale CIFAR-10,
length 1024, 6 layers, d_model 512, 200 epochs): complex 89.10 % (one run), real 78.27 % (best of three
seeds); the paper's real init grid "did not improve" (no numbers printed).

Tiers: ``quick`` (digits, a small model, 8 epochs) exercises the pipeline; ``full`` (digits, length
64, 4 layers, d_model 64, d_state 64, 100 epochs) is the CPU scale; ``paper`` is the official
configuration (``--tier paper --device cuda --data-dir DIR``, DIR holding ``cifar-10-batches-py``).
The CSV holds every plotted point: ``panel, field, init, seed, accuracy, val_accuracy, tier, scale``
(the paper's numbers as ``panel = paper``).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from numerics.nets.images_study import run_study, tier, tier_configs

from .output import save_figure

NAME = "scifar_real_vs_complex"
#: The paper's printed numbers (Section 4.2, Appendix F.2): (field, init, what, accuracy in [0, 1]).
PAPER = (("complex", "legs", "one run", 0.8910), ("real", "diag-real", "best of 3 seeds", 0.7827))
PAPER_SCALE = "grayscale CIFAR-10, length 1024, 6 layers, d_model 512, 200 epochs"
COLOURS = {"real": "tab:blue", "complex": "tab:orange"}


def scale_note(tier_name: str) -> str:
    """The scale of the tier's runs, in words."""
    scale = tier(tier_name)
    model = scale["model"]
    return (f"tier {tier_name}: {scale['dataset']}, {model['n_layers']} layers, d_model {model['d_model']}, "
            f"d_state {model['d_state']}, {scale['epochs']} epochs")


def run_records(results) -> list[dict]:
    """Plain records of runs for plotting and checks."""
    return [{"field": r.config.field, "init": r.config.init, "seed": r.config.seed, "accuracy": r.accuracy,
             "val_accuracy": r.val_accuracy, "config": r.config.as_dict()} for r in results]


def compute(tier: str = "quick", device: str = "cpu", data_dir: str = "", workers: int = 2) -> dict:
    """Train (or read from the cache) the tier's runs (module docstring)."""
    results = run_study(tier_configs(tier, device=device, data_dir=data_dir), workers=workers)
    return {"tier": tier, "scale": scale_note(tier), "runs": run_records(results), "paper": PAPER,
            "paper_scale": PAPER_SCALE, "obtained": results[0].obtained}


def draw(data: dict, out_dir: Path) -> list[Path]:
    """Accuracy per (field, init) and seed beside the paper's numbers; PDF, PNG, CSV."""
    groups = list(dict.fromkeys((run["field"], run["init"]) for run in data["runs"]))
    figure, axes = plt.subplots(figsize=(7.5, 4.2))
    base = {"tier": data["tier"], "scale": data["scale"]}
    rows = []
    for position, (field, init) in enumerate(groups):
        runs = [run for run in data["runs"] if (run["field"], run["init"]) == (field, init)]
        for offset, run in enumerate(runs):
            axes.plot(position + 0.08 * (offset - (len(runs) - 1) / 2), 100 * run["accuracy"], "o",
                      color=COLOURS[field])
            rows.append({"panel": "accuracy", "field": field, "init": init, "seed": run["seed"],
                         "accuracy": run["accuracy"], "val_accuracy": run["val_accuracy"], **base})
        for paper_field, paper_init, what, value in data["paper"]:
            if (paper_field, paper_init) == (field, init):
                axes.hlines(100 * value, position - 0.3, position + 0.3, color=COLOURS[field], linestyles="--",
                            label=f"paper, {field} {init} ({what}): {100 * value:.2f}%")
                rows.append({"panel": "paper", "field": field, "init": init, "seed": "", "accuracy": value,
                             "val_accuracy": "", **base})
    axes.set_xticks(range(len(groups)), [f"{field}\n{init}" for field, init in groups])
    axes.set_xlim(-0.6, len(groups) - 0.4)
    axes.set_ylabel("test accuracy (%)")
    axes.set_title(f"S4D real vs complex: ours ({data['scale']})\nvs paper ({data['paper_scale']})", fontsize=8)
    axes.legend(fontsize=7, loc="lower left")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
