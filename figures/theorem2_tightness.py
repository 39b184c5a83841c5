"""How much real SSMs really need: Theorem 2's bound against the certified true optimum.

For the delay, oscillation and random (seed 0) targets of the corollaries (un-normalised),
eps = 0, and t = 8 ... 64 (quick) or ... 256 (full), against t on a log scale:

* the right-hand side of Theorem 2 as printed, and corrected (min{d, m-1}), computed exactly;
* the certified true minimum of ||w||_1 = sum |B_i C_i| over real SSMs of any dimension that
  match the target (a band from the certified lower to the certified upper end; ``n ||C ⊙ B||_inf``
  of any matching real SSM is at least this);
* ``n ||C ⊙ B||_inf`` of Proposition 3's complex SSM (certified upper end).

The rows come from :func:`verify.checks.ranmilo.tightness.instance`; the CSV is exactly what is plotted.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from tqdm import tqdm

from verify.checks.ranmilo.tightness import TARGETS, instance, times

from .output import save_figure

NAME = "theorem2_tightness"


def compute(tier: str = "quick", ts: list[int] | None = None) -> list[dict]:
    """One row per (target, t); see the module docstring."""
    rows = []
    jobs = [(name, t) for name in TARGETS for t in (ts or times(tier))]
    for name, t in tqdm(jobs, desc=NAME, unit="instance", leave=False, disable=None):
        row = instance(name, t, normalized=False)
        rows.append({"target": name, "t": t, "epsilon": 0,
                     "printed_bound": row["printed_rhs"], "corrected_bound": row["corrected_rhs"],
                     "truth_lower": row["truth_lower"], "truth_upper": row["truth_upper"],
                     "complex_prop3_n_max_abs_CB": row["complex_n_max_abs_CB"],
                     "system": "truth certified (LP + arb/fmpq); bounds exact; complex side arb"})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    figure, axes = plt.subplots(1, len(TARGETS), figsize=(4.4 * len(TARGETS), 3.8), sharey=True)
    for axis, name in zip(axes, TARGETS):
        part = [r for r in rows if r["target"] == name]
        ts = [r["t"] for r in part]
        axis.fill_between(ts, [r["truth_lower"] for r in part], [r["truth_upper"] for r in part],
                          color="tab:blue", alpha=0.35, label="true minimum (certified band)")
        axis.semilogy(ts, [r["truth_lower"] for r in part], color="tab:blue", lw=1)
        axis.semilogy(ts, [max(r["printed_bound"], 1e-300) for r in part], "o--", color="tab:red",
                      label="Theorem 2 as printed")
        axis.semilogy(ts, [max(r["corrected_bound"], 1e-300) for r in part], "^:", color="tab:orange",
                      label="Theorem 2 corrected")
        axis.semilogy(ts, [r["complex_prop3_n_max_abs_CB"] for r in part], "s-", color="tab:green",
                      label="complex SSM (Prop. 3)")
        axis.set_title(name + (" (seed 0)" if name == "random" else "") + ", eps = 0")
        axis.set_xlabel("t")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel(r"$\|w\|_1$ / $n\,\|C^\top\odot B\|_\infty$")
    axes[0].legend(fontsize=7)
    figure.suptitle("Real SSMs: the printed bound, the corrected bound and the certified truth")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
