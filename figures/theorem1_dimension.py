"""How many real states a one-dimensional complex oscillator costs: Theorem 1 against brackets.

For the complex target ``phi_k = Re(A^(k-1))`` (``|A| = 0.5^(1/t)``, ``B C = 1``) at four angles
``arg A`` -- ``asin 0.2`` (the end of the admissible interval, where the hypothesis is tight),
``pi/4``, ``pi/2`` and ``pi - asin 0.2`` pulled in by 1/64 of the admissible interval -- with eps = 1/20 and
t = 18, 27, 45 (quick) or up to 180 (full), against t:

* the minimal real dimension as a band from the rigorous lower end ``n_lo`` (sign changes) to the
  verified upper end ``n_hi`` (an explicit real SSM, error checked in arb);
* Theorem 1's printed bound ``floor(t/9) - 1 - 4 eps``;
* the complex dimension, 1.

Rows come from :func:`verify.checks.ranmilo.theorem1_instances.instance` (seeded search); the CSV is
exactly what is plotted.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from flint import fmpq
from tqdm import tqdm

from numerics.ssm.complex_target import admissible_angle
from verify.checks.ranmilo.theorem1_instances import TIMES, instance, printed_bound

from .output import save_figure

NAME = "theorem1_dimension"
EPS = fmpq(1, 20)
#: (label, p, q) with arg A = p pi + q asin(1/5).
ANGLES = (("asin 0.2", *admissible_angle(fmpq(0))),
          ("pi/4", fmpq(1, 4), fmpq(0)),
          ("pi/2", fmpq(1, 2), fmpq(0)),
          ("pi - asin 0.2 - (pi - 2 asin 0.2)/64", *admissible_angle(fmpq(63, 64))))


def compute(tier: str = "quick", ts: list[int] | None = None) -> list[dict]:
    """One row per (angle, t); see the module docstring."""
    rows = []
    jobs = [(angle, t) for angle in ANGLES for t in (ts or TIMES[tier])]
    for (label, p, q), t in tqdm(jobs, desc=NAME, unit="instance", leave=False, disable=None):
        row = instance(t, fmpq(0), fmpq(0), EPS, tier, p=p, q=q)
        rows.append({"arg_A": label, "arg_A_float": row["target"]["theta_float"], "t": t, "epsilon": float(EPS),
                     "n_lo": row["n_lo"], "n_hi": row["n_hi"], "exact": row["exact"],
                     "printed_bound": float(printed_bound(t, EPS)), "complex_dimension": 1,
                     "verdict": row["verdict"],
                     "system": "n_lo rigorous (exact rationals from arb balls); n_hi verified witness (arb)"})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    labels = list(dict.fromkeys(r["arg_A"] for r in rows))
    figure, axes = plt.subplots(1, len(labels), figsize=(3.8 * len(labels), 3.6))
    for axis, label in zip(axes, labels):
        part = sorted((r for r in rows if r["arg_A"] == label), key=lambda r: r["t"])
        ts = [r["t"] for r in part]
        axis.fill_between(ts, [r["n_lo"] for r in part], [r["n_hi"] for r in part], color="tab:blue", alpha=0.3,
                          label="minimal real dimension (bracket)")
        axis.plot(ts, [r["n_lo"] for r in part], "o-", color="tab:blue", lw=1, ms=3, label="rigorous lower end")
        axis.plot(ts, [r["n_hi"] for r in part], "v:", color="tab:blue", lw=1, ms=3, label="verified real SSM")
        axis.plot(ts, [r["printed_bound"] for r in part], "s--", color="tab:red", ms=3,
                  label="Theorem 1: floor(t/9) - 1 - 4 eps")
        axis.plot(ts, [r["complex_dimension"] for r in part], "-", color="tab:green", label="complex dimension")
        axis.set_title(f"arg A = {label}", fontsize=8)
        axis.set_xlabel("t")
        axis.grid(True, alpha=0.3)
    axes[0].set_ylabel("state dimension")
    axes[0].legend(fontsize=6)
    figure.suptitle(f"Real dimension needed for a 1-state complex oscillator (eps = {rows[0]['epsilon']:g})")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
