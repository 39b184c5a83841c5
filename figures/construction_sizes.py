"""Parameter sizes of the real construction of Proposition 1 against the complex one of Proposition 3.

For the delay, oscillation and random (seed 0, U[-1, 1]) targets of the corollaries
(un-normalised) and t = 8 ... 256, the figure plots ``n ||C ⊙ B||_inf`` -- the left-hand side of
Theorem 2 -- of two SSMs that match the target exactly up to time t:

* real: Proposition 1's Vandermonde SSM with poles at the Chebyshev points
  ``cos((2j-1) pi/(2t))`` rounded to multiples of 2^-24 and ``C = 1`` (Chebyshev points because
  they keep the Vandermonde weights far smaller than equispaced points do);
* complex: Proposition 3's SSM ``A_j = 2^(-1/(t-1)) e^(2 pi i (j-1)/t)``, ``C_j = t^(-1/2)``.

Both are computed in arb balls that contain the exact parameters; the CSV gives each value's
certified lower and upper bounds, and the plotted value is the ball's midpoint (the bounds agree
to many more digits than the plot shows).
"""
from __future__ import annotations

from functools import reduce
from pathlib import Path

import matplotlib.pyplot as plt
from flint import arb, ctx
from tqdm import tqdm

from numerics import make_target
from numerics.ssm.constructions import chebyshev_nodes, roots_of_unity_ssm, vandermonde_ssm
from numerics.ssm.systems import float_lower, float_upper, to_acb

from .output import save_figure

NAME = "construction_sizes"
TARGETS = ("delay", "oscillation", "random")
SEED = 0
PREC = 256


def _times(tier: str) -> list[int]:
    return [8, 16, 32, 64, 128, 256] + ([512, 1024] if tier == "full" else [])


def _row(target, construction: str, ssm) -> dict:
    with ctx.workprec(PREC):
        sizes = [abs(to_acb(b) * to_acb(c)) for b, c in zip(ssm.B, ssm.C)]
        largest = ssm.n * reduce(arb.max, sizes)
        total = sum(sizes, arb(0))
    return {"target": target.name, "seed": SEED if target.name == "random" else "", "t": target.t,
            "construction": construction, "n": ssm.n,
            "n_max_abs_CB": float(largest.mid()), "n_max_abs_CB_lower": float_lower(largest),
            "n_max_abs_CB_upper": float_upper(largest),
            "l1_CB_lower": float_lower(total), "l1_CB_upper": float_upper(total),
            "system": f"arb balls, {PREC} bits or more"}


def compute(tier: str = "quick", times: list[int] | None = None) -> list[dict]:
    """One row per (target, t, construction); see the module docstring."""
    rows = []
    jobs = [(name, t) for name in TARGETS for t in (times or _times(tier))]
    for name, t in tqdm(jobs, desc=NAME, unit="instance", leave=False, disable=None):
        target = make_target(name, t, seed=SEED)
        phi = list(target.values("arb", prec=PREC))
        rows.append(_row(target, "real Vandermonde (Prop. 1, Chebyshev poles)", vandermonde_ssm(phi, chebyshev_nodes(t))))
        rows.append(_row(target, "complex roots of unity (Prop. 3)", roots_of_unity_ssm(phi, system="arb", prec=PREC)))
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    """Plot ``n ||C ⊙ B||_inf`` against t on a log scale, one panel per target."""
    figure, axes = plt.subplots(1, len(TARGETS), figsize=(4.2 * len(TARGETS), 3.6), sharey=True)
    for axis, name in zip(axes, TARGETS):
        for construction, style in (("real Vandermonde (Prop. 1, Chebyshev poles)", "o-"),
                                    ("complex roots of unity (Prop. 3)", "s--")):
            points = [r for r in rows if r["target"] == name and r["construction"] == construction]
            axis.semilogy([r["t"] for r in points], [r["n_max_abs_CB"] for r in points], style, label=construction)
        axis.set_title(name + (f" (seed {SEED})" if name == "random" else ""))
        axis.set_xlabel("t")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel(r"$n\,\|C^\top\odot B\|_\infty$")
    axes[0].legend(fontsize=7)
    figure.suptitle("Parameter size of exact matches: real (Prop. 1) vs complex (Prop. 3)")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
