"""Proposition B.18 of Cirone et al. 2024 (Appendix B.4): exponentials from a cone are dense.

Proposition B.18.  For compact ``K in R^d`` and a d-dimensional convex cone ``C`` containing 0,
``Span{ e^{<alpha, x>} : alpha in C }`` is dense in ``C^0(K)``; Remark B.19: ``alpha <= 0``
(stable exponentials) is allowed.

Proof (Stone-Weierstrass, a named premise; ``algebra``): the span is an algebra because
``e^{<a,x>} e^{<b,x>} = e^{<a+b,x>}`` (sympy, symbolic dimension d) and a cone is closed under
addition (hypothesis); it holds the constants (``alpha = 0 in C``, hypothesis); it separates points
because exp is injective on the reals (sympy: ``exp' > 0``, with the mean value theorem) and C
contains d linearly independent ``alpha_k`` (hypothesis: C is d-dimensional), and ``<alpha_k, x - y> = 0``
for all k forces ``x = y`` (an invertible system; sympy solves it for d = 2, linear algebra in general).

Hypotheses (the record's ``hypotheses``): C is a convex cone (closed under a + b and lambda a,
lambda >= 0), 0 in C, C spans R^d; K compact.
"""
from __future__ import annotations

import sympy
from sympy import IndexedBase, Sum, Symbol, exp

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, sign_step

SOURCE = "Proposition B.18, Cirone et al. 2024 (Appendix B.4; Remark B.19)"

#: The hypotheses, with C written through generators: C is the convex cone {sum_k lambda_k g_k : lambda_k >= 0}
#: (closed under addition and scaling by lambda >= 0, containing 0) of d linearly independent g_k (det != 0),
#: or contains one; K is compact.
HYPOTHESES = (sympy.Ge(Symbol("lambda_k"), 0), sympy.Ne(Symbol("det(g_1, ..., g_d)"), 0),
              sympy.Eq(Symbol("K"), Symbol("closure(K)")), sympy.Lt(Symbol("sup_(x in K) |x|"), sympy.oo))

PREMISES = (
    premise_step("a subalgebra of C^0(K) (K compact) that contains the constants and separates points is dense",
                 "Stone-Weierstrass theorem, e.g. Rudin, Principles of Mathematical Analysis (3rd ed.), Thm 7.32"),
    premise_step("a differentiable function with positive derivative is strictly increasing, hence injective",
                 "mean value theorem, e.g. Rudin, Principles of Mathematical Analysis (3rd ed.), Thm 5.11"),
    premise_step("a homogeneous linear system with an invertible d x d matrix has only the solution 0 (here: the d "
                 "independent alpha_k of C applied to x - y)", "linear algebra, e.g. Lang, Linear Algebra, Ch. IV"),
)


def algebra_steps() -> list[ProofStep]:
    a1, a2, b1, b2, x1, x2, y1, y2 = sympy.symbols("a1 a2 b1 b2 x1 x2 y1 y2", real=True)
    i, d = Symbol("i", integer=True), Symbol("d", integer=True, positive=True)
    alpha, beta, x = IndexedBase("alpha", real=True), IndexedBase("beta", real=True), IndexedBase("x", real=True)
    u = Symbol("u", real=True)
    solution = sympy.solve([a1 * (x1 - y1) + a2 * (x2 - y2), b1 * (x1 - y1) + b2 * (x2 - y2)], [x1, x2], dict=True)
    return [
        identity_step("e^(<alpha,x>) e^(<beta,x>) = e^(<alpha+beta,x>) in R^d (symbolic d; sympy powsimp): with "
                      "alpha + beta in C (cone) the span is closed under products",
                      exp(Sum(alpha[i] * x[i], (i, 1, d))) * exp(Sum(beta[i] * x[i], (i, 1, d))),
                      exp(Sum((alpha[i] + beta[i]) * x[i], (i, 1, d))),
                      simplifier=lambda e: sympy.simplify(sympy.powsimp(e))),
        sign_step("d/du e^u = e^u > 0 (sympy.diff), so u -> e^u is injective: e^(<alpha,x>) = e^(<alpha,y>) gives "
                  "<alpha, x - y> = 0", sympy.diff(exp(u), u), "positive"),
        identity_step("separation, d = 2: <a, x - y> = <b, x - y> = 0 with a, b independent (det != 0) has the only "
                      "solution x = y (sympy.solve)",
                      sympy.Abs(solution[0][x1] - y1) + sympy.Abs(solution[0][x2] - y2), 0),
        *PREMISES,
    ]


algebra = Statement(
    name="cirone.propB_18.algebra",
    source=SOURCE,
    summary="The span of cone exponentials is a point-separating algebra with constants (hypotheses of "
            "Stone-Weierstrass), so it is dense.",
    hypotheses=HYPOTHESES,
    prove=lambda: Proof("cirone.propB_18.algebra", tuple(algebra_steps())),
)

propB_18 = register(Statement(
    name="cirone.propB_18",
    source=SOURCE,
    summary="Span{e^(<alpha, x>): alpha in C} is dense in C^0(K) for compact K and a d-dimensional convex cone C "
            "containing 0 (alpha <= 0 allowed).  Checked on a grid: the sup error off the fitting grid falls as "
            "exponents are added.",
    hypotheses=HYPOTHESES,
    steps=(algebra,),
))
