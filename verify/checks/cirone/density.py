"""Check of Proposition B.18 of Cirone et al. 2024 (exponentials from a cone are dense), on grids.

For the cone ``C = (-oo, 0]^d`` (Remark B.19: stable exponents) and ``K = [0, 1]^d``, the target
is fitted by least squares onto ``{e^{<alpha, x>} : alpha in {0, -1, ..., -(n-1)}^d}`` on a
fitting grid, and the sup error is measured on a finer grid that contains points the fit never
saw.  The least squares is solved in mpmath at 40 significant digits (``mpmath.qr_solve``): the
exponential basis is a Vandermonde matrix in ``e^{-x}``, whose float64 condition number exceeds
1e12 by 12 terms.  The errors are float64 roundings of mpmath values.

The fitting grid has many more points than there are terms (8 or more per term): with a coarse
grid the off-grid error of a least-squares fit can rise when terms are added (it did for
``|x - 1/2|`` at 24 terms on 81 points), since least squares is not the minimax fit.

The spans are nested, so the best sup error with n terms is at most the smallest off-grid error
of the fits with at most n terms (``best_so_far``, an upper bound that cannot rise).  Verdict
``checked`` when, for every instance, that bound ends below a third of its first value and is
still falling over the second half of the sizes: evidence of density on a grid, not a proof.
The claimed fall (``FALL_FACTOR``) and the instances (``INSTANCES``) are read at run time; the
mutations claim a fall by a factor 1000, or drop the hypothesis that the target is continuous (a
step function, whose sup error cannot fall below half its jump).
"""
from __future__ import annotations

import itertools

import mpmath

from ...mutation import patched
from ...registry import check
from ...verdict import Outcome

DIGITS = 40
#: The claim: the best sup error with the most terms is below the first one divided by this.
FALL_FACTOR = 3

TARGETS = {
    "|x - 1/2|": (1, lambda x: abs(x[0] - mpmath.mpf(1) / 2)),
    "sqrt(x)": (1, lambda x: mpmath.sqrt(x[0])),
    "|x - y|": (2, lambda x: abs(x[0] - x[1])),
    "step at 1/2 (not continuous)": (1, lambda x: mpmath.mpf(1) if x[0] > mpmath.mpf(1) / 2 else mpmath.mpf(0)),
}


def grid(points: int, d: int) -> list[tuple]:
    axis = [mpmath.mpf(i) / (points - 1) for i in range(points)]
    return list(itertools.product(axis, repeat=d))


def cone_fit(target, d: int, n: int, fit_points: int, test_points: int) -> dict:
    """Least squares onto ``n^d`` cone exponentials on a ``fit_points^d`` grid; sup error on a
    ``test_points^d`` grid."""
    exponents = list(itertools.product(range(n), repeat=d))          # alpha = -exponent

    def basis(x):
        return [mpmath.exp(-sum(a * xi for a, xi in zip(alpha, x))) for alpha in exponents]
    with mpmath.workdps(DIGITS):
        fit = grid(fit_points, d)
        matrix = mpmath.matrix([basis(x) for x in fit])
        values = mpmath.matrix([target(x) for x in fit])
        coefficients, _ = mpmath.qr_solve(matrix, values)
        test = grid(test_points, d)
        error = max(abs(target(x) - sum(c * b for c, b in zip(coefficients, basis(x)))) for x in test)
    return {"terms": len(exponents), "sup_error_off_grid": float(error)}


INSTANCES = {
    "quick": [("|x - 1/2|", (2, 4, 8, 12, 16), 41, 201), ("sqrt(x)", (2, 4, 8, 12, 16), 41, 201),
              ("|x - y|", (2, 3, 4, 5), 11, 21)],
    "full": [("|x - 1/2|", (2, 4, 8, 12, 16, 20, 24), 201, 1001), ("sqrt(x)", (2, 4, 8, 12, 16, 20, 24), 201, 1001),
             ("|x - y|", (2, 3, 4, 5, 6), 17, 41)],
}
#: The mutation dropping the continuity hypothesis: a step target (the grids put no point at the jump).
DISCONTINUOUS = {"quick": [("step at 1/2 (not continuous)", (2, 4, 8, 12, 16), 40, 200)]}


def instances(tier: str) -> list[tuple]:
    return INSTANCES[tier]


def _module():
    import sys
    return sys.modules[__name__]


@check("cirone.propB_18", statement="cirone.propB_18", expected="checked",
       mutations={"claimed fall of the sup error by a factor 1000 (not 3)": lambda: patched(_module(), "FALL_FACTOR", 1000),
                  "hypothesis dropped: a discontinuous target (step at 1/2)":
                      lambda: patched(_module(), "INSTANCES", {**INSTANCES, **DISCONTINUOUS})})
def propositionB_18(tier: str) -> Outcome:
    """Proposition B.18: cone exponentials fit continuous targets on grids, the error falling with terms."""
    records = []
    for name, sizes, fit_points, test_points in instances(tier):
        d, target = TARGETS[name]
        rows = [cone_fit(target, d, n, fit_points, test_points) for n in sizes]
        best = list(itertools.accumulate((r["sup_error_off_grid"] for r in rows), min))
        for row, value in zip(rows, best):
            row["best_so_far"] = value
        records.append({"target": name, "d": d, "cone": "alpha <= 0 (Remark B.19)", "fit_grid": f"{fit_points}^{d}",
                        "test_grid": f"{test_points}^{d}", "rows": rows,
                        "falling": best[-1] < best[0] / FALL_FACTOR and best[-1] < best[len(best) // 2]})
    ok = all(r["falling"] for r in records)
    worst = max(r["rows"][-1]["best_so_far"] / r["rows"][0]["best_so_far"] for r in records)
    evidence = {"instances": records, "system": f"mpmath least squares at {DIGITS} digits; errors rounded to float64"}
    summary = "; ".join(f"{r['target']}: sup error {r['rows'][0]['best_so_far']:.2g} ({r['rows'][0]['terms']} "
                        f"terms) -> {r['rows'][-1]['best_so_far']:.2g} ({r['rows'][-1]['terms']} terms)"
                        for r in records)
    evidence["criterion"] = (f"best sup error with the most terms < 1/{FALL_FACTOR:g} of the first, and below the "
                             "value at the middle size")
    return Outcome("checked" if ok else "open", 1 - worst if ok else None,
                   "1 - largest (last/first) ratio of the best off-grid sup error (mpmath, rounded to float64)", evidence,
                   summary=summary, margin_from="float64")
