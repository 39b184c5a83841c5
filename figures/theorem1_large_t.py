"""Theorem 1 at large t: where one cluster of real poles undercuts the printed bound.

Target: the corner of Theorem 1's hypotheses, ``phi_k = Re(B C A^(k-1))`` with ``arg A = arcsin 0.2``,
``|A| = 0.5^(1/t)``, ``B C = e^(i pi g)`` (g and eps those of the counterexample of ``ranmilo.thm1``,
:data:`verify.checks.ranmilo.theorem1_counterexample.COUNTEREXAMPLE`), against t:

* the printed bound ``floor(t/9) - 1 - 4 eps`` (exact);
* the certified lower end of the minimal real dimension from sign changes (Lemma 4;
  :func:`numerics.realfit.lower_bounds.sign_change_bound`, exact comparisons of arb balls), about
  ``t arcsin(0.2) / pi = 0.064 t``;
* the fewest states of the one-cluster family (:mod:`numerics.realfit.cluster`) whose float64
  proposal (polynomial of degree n - 1 times ``0.5^(alpha k/t)``, alpha in :data:`ALPHAS`, l1-optimal
  by HiGHS) is within eps -- a FLOAT64 estimate, not verified, about ``0.1007 t + O(t^(1/3))``;
* the verified counterexample (certified l1 error, exact rational parameters), the one point where
  a real SSM is checked: below the bound.

Left: the dimensions; right: the cluster estimate minus the printed bound, which changes sign
between t = 1827 and 1836 (the float64 estimate; the verified point decides).  The CSV is exactly
what is plotted.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from flint import fmpq
from tqdm import tqdm

from numerics.realfit.cluster import fewest_states, polynomial_proposal
from numerics.realfit.dimension_input import float_values
from numerics.realfit.lower_bounds import sign_change_bound
from numerics.ssm.systems import fmpq_to_string
from verify.checks.ranmilo.theorem1_counterexample import COUNTEREXAMPLE, _witness, printed_bound, target

from .output import save_figure

NAME = "theorem1_large_t"
TIMES = {"quick": (90, 180, 360, 720, 1836), "full": (90, 180, 360, 540, 720, 1080, 1440, 1800, 1827, 1836, 2160,
                                                       2880)}
#: Envelope bases 0.5^(alpha/t) tried by the float64 estimate.
ALPHAS = (fmpq(0), fmpq(1), fmpq(3))


def cluster_estimate(phi, t: int, eps: fmpq, low: int) -> tuple[int, str, float]:
    """The fewest n >= low whose float64 proposal (best over ALPHAS) has l1 error <= eps:
    ``(n, alpha, error)`` (:func:`numerics.realfit.cluster.fewest_states` per envelope; below the
    certified lower end ``low`` no SSM is within eps, and degree t - 1 interpolates)."""
    limit = float(eps.p) / float(eps.q)
    sizes = {a: fewest_states(phi, limit, max(low, 1), t, 0.5 ** (float(a) / t)) for a in ALPHAS}
    alpha = min((a for a in ALPHAS if sizes[a] is not None), key=lambda a: sizes[a])
    n = sizes[alpha]
    return n, fmpq_to_string(alpha), polynomial_proposal(phi, n, 0.5 ** (float(alpha) / t))[1]


def compute(tier: str = "quick") -> list[dict]:
    """One row per t (module docstring)."""
    config = COUNTEREXAMPLE
    eps, g = config["eps"], config["g"]
    rows = []
    for t in tqdm(TIMES[tier], desc=NAME, unit="t", leave=False, disable=None):
        oscillator = target({"t": t, "g": g})
        values = oscillator.values(128)
        lower = sign_change_bound(values, eps).lower
        n, alpha, error = cluster_estimate(float_values(values), t, eps, lower)
        row = {"t": t, "epsilon": fmpq_to_string(eps), "g": fmpq_to_string(g),
               "printed_bound": float(printed_bound(t, eps)), "sign_change_lower_certified": lower,
               "cluster_n_float64": n, "cluster_alpha": alpha, "cluster_error_float64": error,
               "cluster_minus_bound": n - float(printed_bound(t, eps)),
               "verified_n": "", "verified_error_upper": ""}
        if t == config["t"]:
            found = _witness(t, g, eps, config["n"], config["alpha"], config["kappa"], config["prec"])
            if found.ok:
                row["verified_n"] = found.n
                row["verified_error_upper"] = float(found.error)
        rows.append(row)
    return rows


def draw(rows: list[dict], out_dir: Path) -> list[Path]:
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    ts = [r["t"] for r in rows]
    left.plot(ts, [r["printed_bound"] for r in rows], "s-", color="black", ms=3, lw=1,
              label="printed: floor(t/9) - 1 - 4 eps")
    left.plot(ts, [r["cluster_n_float64"] for r in rows], "v:", color="tab:orange", ms=4, lw=1,
              label="one cluster of poles (float64 estimate)")
    left.plot(ts, [r["sign_change_lower_certified"] for r in rows], "o-", color="tab:blue", ms=3, lw=1,
              label="certified lower end (sign changes)")
    verified = [r for r in rows if r["verified_n"] != ""]
    left.plot([r["t"] for r in verified], [r["verified_n"] for r in verified], "*", color="tab:red", ms=11,
              label="verified real SSM (certified error)")
    left.set_xlabel("t")
    left.set_ylabel("real state dimension")
    left.legend(fontsize=7)
    right.axhline(0, color="black", lw=0.8)
    right.plot(ts, [r["cluster_minus_bound"] for r in rows], "v:", color="tab:orange", ms=4, lw=1,
               label="cluster (float64) - printed bound")
    right.plot([r["t"] for r in verified], [r["verified_n"] - r["printed_bound"] for r in verified], "*",
               color="tab:red", ms=11, label="verified real SSM - printed bound")
    right.set_xlabel("t")
    right.set_ylabel("states above the printed bound")
    right.legend(fontsize=7)
    for axis in (left, right):
        axis.grid(True, alpha=0.3)
    first = rows[0]
    figure.suptitle(f"Theorem 1 at arg A = arcsin 0.2, |A| = 0.5^(1/t), B C = e^(i pi {first['g']}), "
                    f"eps = {first['epsilon']}", fontsize=9)
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
