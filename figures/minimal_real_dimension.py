"""The minimal real dimension of a one-state complex oscillator, against t and against arg A.

For the target of Theorem 1 (Ran-Milo et al. 2024), ``phi_k = Re(B C A^(k-1))`` with ``|A| = 0.5^(1/t)``,
``B C = 1`` and ``arg A = asin 0.2 + s (pi - 2 asin 0.2)`` over the whole admissible range
``s in [0, 1]``, at eps in {0, 1/20, 1/4}:

* top row, against t (quick: 9, 18, 27; full: up to 90) at arg A = asin 0.2, pi/4, pi/2;
* bottom row, against arg A (quick: s in steps of 1/8 at t = 18; full: steps of 1/32 at t = 45);

each drawn as the bracket ``n_lo <= n_min <= n_hi`` of the smallest dimension of a real SSM (``|a_j| <= 1``)
within eps (a line where it is exact), beside

* the printed bound of Theorem 1, ``floor(t/9) - 1 - 4 eps`` (exact);
* the repaired bound ``floor(ceil(t/2)/beta) + 1 - 8 eps`` (``ranmilo.thm1_repaired`` with p replaced by
  ``beta = beta(A^2)``, the balancing number of ``2 arg A``, computed exactly / certified by
  :func:`numerics.realfit.balancing.balancing_number`); not drawn (empty in the CSV) where ``beta`` is
  infinite or exceeds ``ceil(t/2)``, where the repaired theorem says nothing.

How the numbers are obtained: ``n_lo`` is CERTIFIED by :func:`numerics.realfit.dimension.dimension_bracket`
(sign changes, the Vandermonde rank at eps = 0, one windowed carrier for every annihilating
polynomial (:mod:`numerics.realfit.carrier`), annihilating polynomials with a box budget in the
full tier); ``n_hi`` is the number of states of an explicit real SSM whose l1 error was VERIFIED
(certified arb ball), the smaller of the bracket's witness (including one cluster of poles,
:mod:`numerics.realfit.cluster`, and spread clusters, :func:`numerics.realfit.varpro.spread_search`)
and the error-greedy elimination of :func:`numerics.realfit.frontier.elimination_witnesses` (float64
search, verified witnesses).  Since ``n_min`` is non-increasing in eps (a theorem), ``n_lo`` at each eps
is the maximum over the eps at least as large and ``n_hi`` the minimum over the eps at most as large.  Deterministic (seeded search, box
budgets).  The CSV is exactly what is plotted.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import sympy
from flint import fmpq
from tqdm import tqdm

from numerics.realfit.balancing import balancing_number
from numerics.realfit.dimension import dimension_bracket
from numerics.realfit.frontier import elimination_witnesses
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.ssm.systems import fmpq_to_string
from verify.checks.ranmilo.theorem1_instances import printed_bound

from .output import save_figure

NAME = "minimal_real_dimension"
EPSILONS = (fmpq(0), fmpq(1, 20), fmpq(1, 4))
#: (label, p, q) with arg A = p pi + q asin(1/5), for the rows against t.
ANGLES = (("asin 0.2", *admissible_angle(fmpq(0))), ("pi/4", fmpq(1, 4), fmpq(0)), ("pi/2", fmpq(1, 2), fmpq(0)))
TIMES = {"quick": (9, 18, 27), "full": (9, 18, 27, 36, 45, 63, 90)}
#: Positions s of arg A in the admissible interval, and the t of the rows against arg A.
POSITIONS = {"quick": tuple(fmpq(j, 8) for j in range(9)), "full": tuple(fmpq(j, 32) for j in range(33))}
ANGLE_T = {"quick": 18, "full": 45}
#: Options of the dimension bracket per tier (the box budget, not the seconds cap, decides the reach).
BRACKET = {"quick": {"starts": 6, "search_max_n": 16, "seed": 0, "cluster_seconds": 30, "spread_seconds": 30,
                     "carrier": True},
           "full": {"starts": 16, "search_max_n": 48, "seed": 0, "annihilator_seconds": 600,
                    "annihilator_boxes": 2000, "cluster_seconds": 60, "spread_seconds": 60, "carrier": True}}
COLORS = ("tab:blue", "tab:orange", "tab:green")


def repaired_bound(t: int, eps: fmpq, p: fmpq, q: fmpq) -> tuple[int | None, float]:
    """``(beta(A^2), floor(ceil(t/2)/beta) + 1 - 8 eps)`` for arg A = p pi + q asin(1/5), or
    ``(None, nan)`` when ``beta(A^2) > ceil(t/2)`` (possibly infinite): the bound does not apply."""
    half = -(-t // 2)
    two_theta = 2 * (sympy.Rational(int(p.p), int(p.q)) * sympy.pi
                     + sympy.Rational(int(q.p), int(q.q)) * sympy.asin(sympy.Rational(1, 5)))
    beta = balancing_number(two_theta, p_max=half)
    return (None, math.nan) if beta is None else (beta, float(fmpq(half // beta + 1) - 8 * eps))


def _brackets(t: int, p: fmpq, q: fmpq, tier: str) -> list[tuple[int, int, str, str]]:
    """``(n_lo, n_hi, lower_how, upper_how)`` per eps of :data:`EPSILONS` (ascending), after the
    monotonicity in eps (module docstring)."""
    target = ComplexOscillator(t, p, q)
    raw = []
    for eps in EPSILONS:
        bracket = dimension_bracket(target, eps, **BRACKET[tier])
        upper, upper_how = bracket.upper, bracket.upper_how
        if eps > 0 and bracket.upper > bracket.lower:
            found = elimination_witnesses(target, eps, lower=max(bracket.lower, 1))
            if found and min(found) < upper:
                upper = min(found)
                upper_how = found[upper][2]
        raw.append((bracket.lower, upper, bracket.lower_how, upper_how))
    out = []
    for i in range(len(raw)):
        lo = max(range(i, len(raw)), key=lambda j: raw[j][0])
        hi = min(range(i + 1), key=lambda j: raw[j][1])
        out.append((raw[lo][0], raw[hi][1], raw[lo][2] + ("" if lo == i else f" (at eps = {EPSILONS[lo]})"),
                    raw[hi][3] + ("" if hi == i else f" (at eps = {EPSILONS[hi]})")))
    return out


def compute(tier: str = "quick") -> list[dict]:
    """One row per (panel, arg A, t, eps); see the module docstring."""
    jobs = [("against t", label, p, q, t) for label, p, q in ANGLES for t in TIMES[tier]]
    jobs += [("against arg A", f"s = {fmpq_to_string(s)}", *admissible_angle(s), ANGLE_T[tier])
             for s in POSITIONS[tier]]
    rows = []
    for panel, label, p, q, t in tqdm(jobs, desc=NAME, unit="target", leave=False, disable=None):
        target = ComplexOscillator(t, p, q)
        for eps, (n_lo, n_hi, lower_how, upper_how) in zip(EPSILONS, _brackets(t, p, q, tier)):
            beta, repaired = repaired_bound(t, eps, p, q)
            rows.append({"panel": panel, "arg_A": label, "arg_A_float": target.describe()["theta_float"], "t": t,
                         "epsilon": fmpq_to_string(eps), "n_lo_certified": n_lo, "n_hi_verified": n_hi,
                         "exact": n_lo == n_hi, "printed_bound": float(printed_bound(t, eps)),
                         "beta_A2": "" if beta is None else beta, "repaired_bound": repaired,
                         "lower_how": lower_how, "upper_how": upper_how})
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    epsilons = list(dict.fromkeys(r["epsilon"] for r in rows))
    figure, axes = plt.subplots(2, len(epsilons), figsize=(4.2 * len(epsilons), 7.2), squeeze=False)
    for column, eps in enumerate(epsilons):
        top, bottom = axes[0][column], axes[1][column]
        part = [r for r in rows if r["epsilon"] == eps and r["panel"] == "against t"]
        for color, label in zip(COLORS, dict.fromkeys(r["arg_A"] for r in part)):
            line = sorted((r for r in part if r["arg_A"] == label), key=lambda r: r["t"])
            ts = [r["t"] for r in line]
            top.fill_between(ts, [r["n_lo_certified"] for r in line], [r["n_hi_verified"] for r in line],
                             color=color, alpha=0.25)
            top.plot(ts, [r["n_lo_certified"] for r in line], "o-", color=color, ms=3, lw=1,
                     label=f"arg A = {label}: certified lower end")
            top.plot(ts, [r["n_hi_verified"] for r in line], "v:", color=color, ms=3, lw=1,
                     label=f"arg A = {label}: verified real SSM")
            top.plot(ts, [r["repaired_bound"] for r in line], "x--", color=color, ms=4, lw=0.8,
                     label=f"arg A = {label}: repaired bound")
        ts = sorted({r["t"] for r in part})
        top.plot(ts, [next(r["printed_bound"] for r in part if r["t"] == t) for t in ts], "s-", color="black",
                 ms=3, lw=1, label="printed: floor(t/9) - 1 - 4 eps")
        top.set_xlabel("t")
        top.set_title(f"eps = {eps}, against t", fontsize=8)
        part = sorted((r for r in rows if r["epsilon"] == eps and r["panel"] == "against arg A"),
                      key=lambda r: r["arg_A_float"])
        xs = [r["arg_A_float"] for r in part]
        bottom.fill_between(xs, [r["n_lo_certified"] for r in part], [r["n_hi_verified"] for r in part],
                            color="tab:blue", alpha=0.25)
        bottom.plot(xs, [r["n_lo_certified"] for r in part], "o-", color="tab:blue", ms=3, lw=1,
                    label="certified lower end")
        bottom.plot(xs, [r["n_hi_verified"] for r in part], "v:", color="tab:blue", ms=3, lw=1,
                    label="verified real SSM")
        bottom.plot(xs, [r["printed_bound"] for r in part], "s-", color="black", ms=3, lw=1, label="printed bound")
        bottom.plot(xs, [r["repaired_bound"] for r in part], "x--", color="tab:red", ms=4, lw=0.8,
                    label="repaired bound (beta(A^2))")
        bottom.set_xlabel("arg A (radians), admissible range")
        bottom.set_title(f"eps = {eps}, t = {part[0]['t']}, against arg A", fontsize=8)
        for axis in (top, bottom):
            axis.grid(True, alpha=0.3)
    axes[0][0].set_ylabel("real state dimension")
    axes[1][0].set_ylabel("real state dimension")
    axes[0][0].legend(fontsize=5)
    axes[1][0].legend(fontsize=6)
    figure.suptitle("Minimal real dimension of a one-state complex oscillator (bracket: certified / verified)")
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
