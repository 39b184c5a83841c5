"""How many states against how large the weights: the frontier F(n, eps) for complex oscillators.

Theorem 1 (Ran-Milo et al. 2024) asks how many real states eps-approximate the complex target
``phi_k = Re(A^(k-1))`` (``|A| = 0.5^(1/t)``, ``B C = 1``), Theorem 2 how large ``||w||_1 = ||C ⊙ B||_1``
must be.  For a few targets (arg A = asin 0.2 and pi/4 at t = 18 (quick); asin 0.2, pi/4 and pi/2
at t = 27 (full)) and eps in {0, 1/20, 1/4}, against the number n of states (log scale in ||w||_1):

    F(n, eps) = inf { ||w||_1 : real SSMs with at most n states, |A_jj| <= 1, l1 error <= eps }

as a band from :func:`numerics.realfit.frontier.weight_frontier`:

* lower end, CERTIFIED: ``+inf`` (not drawn; a dotted vertical line marks ``n_lo``) for n below the
  rigorous lower end ``n_lo`` of the minimal real dimension (sign changes, the Vandermonde rank at
  eps = 0, annihilating polynomials in the full tier), else the certified lower end of
  :func:`~numerics.realfit.l1.min_l1_weight` (Theorem 2's truth, any dimension);
* upper end, an UPPER BOUND FROM A SEARCH: ``||w||_1`` of an explicit real SSM with at most n states
  whose l1 error was verified (certified arb ball) and whose ``||w||_1`` is an exact rational
  (float64 pole search and LP weights only propose); ``inf`` (not drawn) where none was found.

Both ends are monotone by construction (non-increasing in n and in eps, which are theorems; the
module docstring of :mod:`numerics.realfit.frontier` says how).  The CSV is exactly what is
plotted (``inf`` where not drawn), with how each number was obtained.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
from flint import fmpq
from tqdm import tqdm

from numerics.realfit.frontier import weight_frontier
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.ssm.systems import fmpq_to_string

from .output import save_figure

NAME = "dimension_magnitude_frontier"
EPSILONS = (fmpq(0), fmpq(1, 20), fmpq(1, 4))
#: (label, p, q) with arg A = p pi + q asin(1/5).
ANGLES = {"quick": (("asin 0.2", *admissible_angle(fmpq(0))), ("pi/4", fmpq(1, 4), fmpq(0))),
          "full": (("asin 0.2", *admissible_angle(fmpq(0))), ("pi/4", fmpq(1, 4), fmpq(0)),
                   ("pi/2", fmpq(1, 2), fmpq(0)))}
TIMES = {"quick": 18, "full": 27}
#: Options of the dimension bracket per tier (deterministic: the box budget, not the seconds
#: cap, decides how far the annihilator bound gets).
BRACKET = {"quick": {"starts": 6, "search_max_n": 16, "seed": 0},
           "full": {"starts": 16, "search_max_n": 48, "seed": 0, "annihilator_seconds": 600,
                    "annihilator_boxes": 2000}}
COLORS = ("tab:red", "tab:blue", "tab:green", "tab:purple")


def compute(tier: str = "quick") -> list[dict]:
    """One row per (target, eps, n); see the module docstring."""
    rows = []
    t = TIMES[tier]
    for label, p, q in tqdm(ANGLES[tier], desc=NAME, unit="target", leave=False, disable=None):
        frontier = weight_frontier(ComplexOscillator(t, p, q), EPSILONS, bracket_options=BRACKET[tier])
        for curve in frontier.curves:
            for n, lower, upper, states, how in zip(curve.ns, curve.lower, curve.upper, curve.states,
                                                    curve.upper_how):
                rows.append({"target": f"Re(A^(k-1)), arg A = {label}, |A| = 0.5^(1/t)", "arg_A": label, "t": t,
                             "epsilon": fmpq_to_string(curve.eps), "n": n,
                             "lower_certified": lower, "upper_verified": upper,
                             "upper_witness_states": "" if states is None else states,
                             "n_lo_certified": curve.n_lo, "n_hi_verified": curve.n_hi,
                             "truth_lower": curve.truth_lower, "truth_upper": curve.truth_upper,
                             "lower_how": "infeasible: n < n_lo (certified)" if lower == math.inf else
                             "min_l1_weight certified lower end (any dimension)",
                             "upper_how": how or "no verified witness found (search)"})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    labels = list(dict.fromkeys(r["arg_A"] for r in rows))
    figure, axes = plt.subplots(1, len(labels), figsize=(4.6 * len(labels), 4.0), squeeze=False)
    for axis, label in zip(axes[0], labels):
        part = [r for r in rows if r["arg_A"] == label]
        for color, eps in zip(COLORS, dict.fromkeys(r["epsilon"] for r in part)):
            curve = [r for r in part if r["epsilon"] == eps]
            ns = [r["n"] for r in curve]
            lo = [r["lower_certified"] if math.isfinite(r["lower_certified"]) else math.nan for r in curve]
            up = [r["upper_verified"] if math.isfinite(r["upper_verified"]) else math.nan for r in curve]
            axis.fill_between(ns, lo, up, color=color, alpha=0.2, step="mid")
            axis.plot(ns, up, "o-", color=color, ms=3, lw=1, label=f"eps = {eps}: verified SSM (search)")
            axis.plot(ns, lo, "--", color=color, lw=1, label=f"eps = {eps}: certified lower end")
            axis.axvline(curve[0]["n_lo_certified"] - 0.5, color=color, ls=":", lw=1)
        axis.set_yscale("log")
        axis.set_title(f"arg A = {label}, t = {part[0]['t']} (dotted: fewer states certified infeasible)",
                       fontsize=7)
        axis.set_xlabel("n (real states, at most)")
        axis.grid(True, which="both", alpha=0.3)
    axes[0][0].set_ylabel("smallest ||w||_1 = ||C ⊙ B||_1 within eps")
    axes[0][0].legend(fontsize=6)
    figure.suptitle("Dimension against weight magnitude for a one-state complex oscillator")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
