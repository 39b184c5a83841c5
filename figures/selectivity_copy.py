"""Section 4.3 of Ran-Milo et al. 2024: S6-Real against S6-Complex (Mamba) on the copy task.

The runs of ``tier_configs(tier, "compare", task="copy")`` (:mod:`numerics.nets.selectivity`):
MambaLM with 2 layers, d_model 64, every one of B, C, Delta selective, S6-Real (d_state 16) and
S6-Complex (8 complex states), seeds 1111, 2222, 3333, Adam lr 1e-3, batch 8, trained through the
sweep cache (``out/cache/selectivity``).  Left: the accuracy (0/1 over the last ``t`` positions of
1000 fresh examples) of each run, with the paper's printed numbers at its own scale (lag 64, up to
1 024 000 steps): the best of three S6-Real seeds 80.17 %, the worst of three S6-Complex seeds
93.05 %.  Right: the learning curves (epoch-average training loss against the step, log scale).

Tiers: ``quick`` (lag 8, 600 steps) exercises the pipeline in seconds; ``full`` (lag 16, 3000
steps) is the CPU scale of :data:`numerics.nets.selectivity.TIERS`; ``paper`` is the official
configuration (``--tier paper --device cuda`` on a GPU).  The CSV holds every plotted point:
``panel, field, seed, step, value`` (the paper's numbers as ``panel = paper``, ``value`` low and high
of its printed range, ``step`` empty).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from numerics.nets.selectivity import FIELDS, run_study, tier, tier_configs

from .output import save_figure

NAME = "selectivity_copy"
TASK = "copy"
#: The paper's printed numbers (Section 4.3): field -> (what, lowest, highest), accuracies in [0, 1].
PAPER = {"real": ("best of 3 seeds", 0.8017, 0.8017), "complex": ("worst of 3 seeds", 0.9305, 0.9305)}
PAPER_SCALE = "lag 64, up to 1 024 000 steps"
COLOURS = {"real": "tab:blue", "complex": "tab:orange"}
STYLES = ("-", "--", ":")


def scale_note(task: str, tier_name: str) -> str:
    """The scale of the tier's runs on ``task``, in words."""
    t, steps = tier(tier_name)[task]
    size = f"lag {t}" if task == "copy" else f"h = {t}"
    return f"tier {tier_name}: {size}, up to {steps} steps (epochs of {tier(tier_name)['epoch_steps']} steps)"


def run_records(results) -> list[dict]:
    """Plain records of runs (accuracy, steps, curves) for plotting and checks."""
    return [{"field": r.config.field, "seed": r.config.seed, "accuracy": r.accuracy, "steps": r.steps,
             "stopped_early": r.stopped_early, "epoch_end": [int(x) for x in r.epoch_end],
             "epoch_loss": [float(x) for x in r.epoch_loss], "config": r.config.as_dict()} for r in results]


def compute_task(task: str, paper: dict, paper_scale: str, tier_name: str, device: str, workers: int = 2) -> dict:
    """Train (or read from the cache) the comparison runs on ``task``; the data :func:`draw_task` plots."""
    results = run_study(tier_configs(tier_name, "compare", task=task, device=device), workers=workers)
    return {"task": task, "tier": tier_name, "scale": scale_note(task, tier_name), "runs": run_records(results),
            "paper": paper, "paper_scale": paper_scale, "obtained": results[0].obtained}


def compute(tier: str = "quick", device: str = "cpu", workers: int = 2) -> dict:
    """The comparison on copy at ``tier`` (module docstring)."""
    return compute_task(TASK, PAPER, PAPER_SCALE, tier, device, workers)


def draw_task(data: dict, out_dir: Path, name: str) -> list[Path]:
    """Accuracy per field and seed beside the paper's numbers, and the learning curves; PDF, PNG, CSV."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    rows = []
    base = {"tier": data["tier"], "scale": data["scale"]}
    seeds = sorted({run["seed"] for run in data["runs"]})
    for position, field in enumerate(FIELDS):
        runs = [run for run in data["runs"] if run["field"] == field]
        for offset, run in enumerate(runs):
            x = position + 0.08 * (offset - (len(runs) - 1) / 2)
            left.plot(x, 100 * run["accuracy"], "o", color=COLOURS[field])
            rows.append({"panel": "accuracy", "field": field, "seed": run["seed"], "step": run["steps"],
                         "value": run["accuracy"], **base})
            style = STYLES[seeds.index(run["seed"]) % len(STYLES)]
            right.semilogy(run["epoch_end"], run["epoch_loss"], style, color=COLOURS[field],
                           label=f"{field}, seed {run['seed']}")
            rows += [{"panel": "learning curve", "field": field, "seed": run["seed"], "step": step, "value": loss,
                      **base} for step, loss in zip(run["epoch_end"], run["epoch_loss"])]
        what, low, high = data["paper"][field]
        left.fill_between([position - 0.3, position + 0.3], 100 * low - 0.3, 100 * high + 0.3, color=COLOURS[field],
                          alpha=0.25, label=f"paper, {field} {what}: " + (f"{100 * low:.2f}%" if low == high else
                                                                          f"{100 * low:.2f}-{100 * high:.2f}%"))
        rows += [{"panel": "paper", "field": field, "seed": "", "step": "", "value": value, **base}
                 for value in (low, high)]
    left.set_xticks(range(len(FIELDS)), [f"S6-{f.capitalize()}" for f in FIELDS])
    left.set_xlim(-0.6, len(FIELDS) - 0.4)
    left.set_ylim(0, 102)
    left.set_ylabel("accuracy on 1000 fresh examples (%)")
    left.set_title(f"{data['task']}: ours ({data['scale']}) vs paper ({data['paper_scale']})", fontsize=8)
    left.legend(fontsize=7, loc="lower right")
    right.set_xlabel("step")
    right.set_ylabel("epoch-average training loss")
    right.set_title("learning curves", fontsize=9)
    right.legend(fontsize=7)
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, name)


def draw(data: dict, out_dir: Path) -> list[Path]:
    return draw_task(data, out_dir, NAME)
