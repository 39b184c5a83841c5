"""Appendix C of Cirone et al. 2024: stability of diagonal Wronskians (C.1) and ReLU gates (C.2.1).

Appendix C.1 (``cirone.appendixC1``).  With diagonal ``A_i = diag(V_{:, i})`` (``V`` an ``N x d``
matrix) the Wronskian is ``W_{s,t} = exp(diag(V (omega_t - omega_s)))`` (Proposition B.14), and it is
stable -- ``0 < (W_{s,t})_{nn} <= 1`` for every ``n``, so ``||W_{s,t}|| <= 1`` in every operator
``p``-norm -- for all ``s <= t`` when ``V omega'_r <= 0`` componentwise for almost every ``r``.  Proof
(``cirone.appendixC1.stable``): sympy differentiates ``exp(lambda(t))`` with
``lambda(t) = (V (omega_t - omega_s))_n`` and finds the diagonal equation
``w' = (V omega')_n w``, ``w(s) = 1``; ``lambda(t) = int_s^t (V omega'_r)_n dr <= 0`` (fundamental
theorem of calculus for absolutely continuous ``omega``, monotonicity of the integral: named
premises) and ``0 < e^x <= 1`` for ``x <= 0`` (named premise).  Sufficient conditions
(``cirone.appendixC1.svd_condition``, z3): ``V = sum_k sigma_k v_k u_k^T`` with ``sigma_k < 0``,
``v_k >= 0`` entrywise and ``<u_k, omega'> >= 0``; and Mamba's gates (App. C.1.1:
``V = -v (x) 1_{d_omega}``, ``v >= 0``, ``d omega_t = softplus(W x_t + lambda) dt``): softplus is
positive (sympy) and ``-v_n sum_i softplus_i <= 0`` (z3), so Mamba satisfies the hypothesis
exactly in this reading (the paper says "roughly").  The hypothesis is needed: one segment with a
positive component of ``V Delta omega`` gives an entry ``e^x > 1`` (``verify`` certifies such a
driver).

Appendix C.2.1 (``cirone.appendixC2_1``).  ReLU gates lose little:
``ReLU(x) - ReLU(-x) = x`` (``relu_identity``, sympy on the piecewise form), so the two gates
``omega^(+-)_t = int_0^t ReLU(+-(w . X_s + b)) ds`` have ``omega^+_t - omega^-_t = int_0^t w . X_s ds + b t``
(``integral_recovery``, sympy on the integrals, ``t >= 0``).  A diagonal layer with ``A_i = 0`` and
``xi = omega`` has ``Z_t = Z_0 + B (omega_t - omega_0)`` (``chained_layer``, sympy) and the readout
``v`` with ``v^T B = (1, -1)`` recovers ``int_0^t w . X_s ds + b t``; fed as a driver channel to the
next layer, Theorem C.2 (``cirone.prop4_5``, a named premise here) then reaches the signature
terms of ``(t, int X)``: chaining recovers the deep signature terms.
"""
from __future__ import annotations

import sympy
from sympy import Function, Integral, Max, Piecewise, Symbol, diff, exp

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, sign_step, z3_step

SOURCE_C1 = "Appendix C.1, Cirone et al. 2024 (stability of diagonal Wronskians)"
SOURCE_C21 = "Appendix C.2.1, Cirone et al. 2024 (ReLU gates)"

s = Symbol("s", real=True)
t = Symbol("t", real=True)

#: The hypothesis of Appendix C.1: V omega'_r <= 0 componentwise for a.e. r (A_i = diag(V_{:,i})).
STABILITY_HYPOTHESIS = sympy.Le(Symbol("(V omega'_r)_n"), 0)

CLOSED_FORM_PREMISE = premise_step(
    "diagonal A_i commute, and the diagonal Linear CDE has the unique solution W_(s,t) = exp(diag(V(omega_t - "
    "omega_s))) (Proposition B.14; uniqueness by Theorem E.1)", "Proposition B.14 and Theorem E.1 of the paper")
FTC_PREMISE = premise_step(
    "for absolutely continuous omega, (V(omega_t - omega_s))_n = int_s^t (V omega'_r)_n dr, and the integral of an a.e. "
    "nonpositive function over [s, t] (s <= t) is nonpositive",
    "fundamental theorem of calculus for absolutely continuous functions, e.g. Rudin, Real and Complex Analysis "
    "(3rd ed.), Thm 7.20; monotonicity of the Lebesgue integral")
EXP_PREMISE = premise_step("e^x > 0 for all real x and e^x <= 1 for x <= 0 (exp is increasing, e^0 = 1)",
                           "e.g. Rudin, Principles of Mathematical Analysis (3rd ed.), Thm 8.6")
DIAGONAL_NORM_PREMISE = premise_step(
    "the operator p-norm of a diagonal matrix is the largest absolute diagonal entry",
    "e.g. Horn & Johnson, Matrix Analysis (2nd ed., 2013), §5.6")
EXPANSION_PREMISE = premise_step(
    "(sum_k sigma_k v_k u_k^T) omega' = sum_k sigma_k <u_k, omega'> v_k (distributivity and associativity of "
    "matrix products)", "matrix algebra, e.g. Horn & Johnson, Matrix Analysis (2nd ed., 2013), §0.2")


def stable_steps() -> list[ProofStep]:
    lam = Function("lambda", real=True)
    x = Symbol("x", real=True)
    return [
        CLOSED_FORM_PREMISE,
        identity_step("w(t) = exp(lambda(t)) has w' = lambda'(t) w with lambda' = (V omega')_n (sympy.diff, chain rule)",
                      diff(exp(lam(t)), t), diff(lam(t), t) * exp(lam(t))),
        identity_step("w(s) = exp(lambda(s)) = 1 since lambda(s) = (V(omega_s - omega_s))_n = 0",
                      exp(lam(t)).subs(lam(t), 0), 1),
        FTC_PREMISE,
        EXP_PREMISE,
        z3_step("0 < w_n <= 1 for every n gives |w_n| <= 1, so max_n |w_n| <= 1", sympy.Le(sympy.Abs(x), 1),
                [sympy.Gt(x, 0), sympy.Le(x, 1)]),
        DIAGONAL_NORM_PREMISE,
    ]


def svd_steps() -> list[ProofStep]:
    sigma, v, p = Symbol("sigma_k", real=True), Symbol("v_kn", real=True), Symbol("p_k", real=True)
    total, term = Symbol("S", real=True), Symbol("T", real=True)
    v_n, g = Symbol("v_n", real=True), Symbol("g", real=True)
    x = Symbol("x", real=True)
    return [
        EXPANSION_PREMISE,
        z3_step("one SVD term: sigma_k < 0, (v_k)_n >= 0, p_k = <u_k, omega'> >= 0 give sigma_k (v_k)_n p_k <= 0",
                sigma * v * p <= 0, [sigma < 0, v >= 0, p >= 0]),
        z3_step("induction on the number of terms: a partial sum S <= 0 plus a term T <= 0 stays <= 0 (base: the "
                "empty sum 0)", total + term <= 0, [total <= 0, term <= 0]),
        sign_step("Mamba (App. C.1.1): softplus(x) = log(1 + e^x) > 0 for real x (sympy)", sympy.log(1 + exp(x)),
                  "positive"),
        z3_step("Mamba: V = -v (x) 1, v_n >= 0 and g = sum_i softplus_i >= 0 give (V omega')_n = -v_n g <= 0",
                -v_n * g <= 0, [v_n >= 0, g >= 0]),
    ]


stable = Statement(
    name="cirone.appendixC1.stable",
    source=SOURCE_C1,
    summary="Diagonal A_i = diag(V_(:,i)) and V omega'_r <= 0 a.e. on [s,t]: W_(s,t) = exp(diag(V(omega_t - omega_s))) "
            "has 0 < entries <= 1, so ||W_(s,t)|| <= 1 (sympy for the diagonal equation, z3, named premises).",
    hypotheses=(STABILITY_HYPOTHESIS,),
    prove=lambda: Proof("cirone.appendixC1.stable", tuple(stable_steps())),
)

svd_condition = Statement(
    name="cirone.appendixC1.svd_condition",
    source=SOURCE_C1,
    summary="Sufficient for V omega' <= 0: V = sum_k sigma_k v_k u_k^T with sigma_k < 0, v_k >= 0, <u_k, omega'> >= 0; "
            "Mamba's V = -v (x) 1 (v >= 0) with softplus gates satisfies it (z3, sympy).",
    prove=lambda: Proof("cirone.appendixC1.svd_condition", tuple(svd_steps())),
)

appendixC1 = register(Statement(
    name="cirone.appendixC1",
    source=SOURCE_C1,
    summary="For diagonal A_i = diag(V_(:,i)), W_(s,t) = exp(diag(V(omega_t - omega_s))) is stable (0 < entries <= 1, "
            "||W_(s,t)|| <= 1 for all s <= t) when V omega'_t <= 0; e.g. SVD factors sigma_k < 0, v_k >= 0, "
            "<u_k, omega'> >= 0, and Mamba's gates.",
    hypotheses=(STABILITY_HYPOTHESIS,),
    conclusion=sympy.Le(Symbol("max_n (W_(s,t))_nn"), 1),
    steps=(stable, svd_condition),
    remarks=("The hypothesis is needed: a segment with a positive component of V Delta omega gives an entry > 1.",
             "It is sufficient, not necessary, for a single interval: V(omega_t - omega_s) <= 0 is what W_(s,t) needs; "
             "the pointwise form makes every sub-interval stable."),
))


# ---------------------------------------------------------------------------------------------
# Appendix C.2.1

def relu(x):
    return Max(x, 0)


def _piecewise(expression):
    """Simplifier: write Max as Piecewise, carry out integrals, simplify."""
    return sympy.simplify(sympy.expand(expression.rewrite(Piecewise)).doit())


THEOREM_C2_PREMISE = premise_step(
    "a driver channel given as a linear read of the previous layer's state lets the chained diagonal layers reach the "
    "signature terms of the drivers (Theorem C.2, layer |I| - 1 reaches Sig^I)",
    "Theorem C.2 / Proposition 4.5 of the paper (cirone.prop4_5)")
LINEARITY_PREMISE = premise_step("the Lebesgue integral is linear: int f - int g = int (f - g)",
                                 "e.g. Rudin, Real and Complex Analysis (3rd ed.), Thm 1.32")


def relu_steps() -> list[ProofStep]:
    x = Symbol("x", real=True)
    return [identity_step("ReLU(x) - ReLU(-x) = x for real x (Max rewritten as Piecewise, both branches simplified)",
                          relu(x) - relu(-x), x, simplifier=_piecewise)]


def recovery_steps() -> list[ProofStep]:
    tt = Symbol("t", nonnegative=True)
    b = Symbol("b", real=True)
    f = Function("f", real=True)                  # f(s) = w . X_s
    plus = Integral(relu(f(s) + b), (s, 0, tt))
    minus = Integral(relu(-(f(s) + b)), (s, 0, tt))
    return [
        LINEARITY_PREMISE,
        identity_step("omega^+_t - omega^-_t = int_0^t [ReLU(w.X_s + b) - ReLU(-(w.X_s + b))] ds = int_0^t w.X_s ds + b t "
                      "for t >= 0 (sympy: the integrand in piecewise form, then the integral)",
                      Integral(relu(f(s) + b) - relu(-(f(s) + b)), (s, 0, tt)), Integral(f(s), (s, 0, tt)) + b * tt,
                      simplifier=_piecewise),
        identity_step("the two gates' integrals combine: int ReLU(u) - int ReLU(-u) = int (ReLU(u) - ReLU(-u)) "
                      "(sympy.simplify merges the integrals over [0, t])", plus - minus,
                      Integral(relu(f(s) + b) - relu(-(f(s) + b)), (s, 0, tt))),
    ]


def chained_steps() -> list[ProofStep]:
    B, z0 = sympy.Matrix(sympy.symbols("B_11 B_12 B_21 B_22", real=True)).reshape(2, 2), sympy.Matrix(
        sympy.symbols("z_1 z_2", real=True))
    omega = sympy.Matrix([Function("omega_plus", real=True)(t), Function("omega_minus", real=True)(t)])
    state = z0 + B * (omega - omega.subs(t, 0))
    v = sympy.Matrix(sympy.symbols("v_1 v_2", real=True))
    return [
        identity_step("A_i = 0, xi = omega: Z_t = Z_0 + B (omega_t - omega_0) has dZ/dt = B omega'_t (sympy.diff; "
                      "sum of the entries of the difference)", sum(diff(state, t) - B * diff(omega, t)), 0),
        identity_step("a readout v with v^T B = (1, -1) gives <v, Z_t - Z_0> = omega^+_t - omega^-_t (for an invertible "
                      "B, v = B^(-T) (1, -1); sympy solves and substitutes)",
                      (v.T * (state - z0))[0].subs(dict(zip(v, (B.T.inv() * sympy.Matrix([1, -1]))))),
                      omega[0] - omega[1] - (omega[0] - omega[1]).subs(t, 0),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
        THEOREM_C2_PREMISE,
    ]


relu_identity = Statement(name="cirone.appendixC2_1.relu_identity", source=SOURCE_C21,
                          summary="ReLU(x) - ReLU(-x) = x (sympy, piecewise).",
                          prove=lambda: Proof("cirone.appendixC2_1.relu_identity", tuple(relu_steps())))
integral_recovery = Statement(
    name="cirone.appendixC2_1.integral_recovery", source=SOURCE_C21,
    summary="The ReLU gates omega^(+-)_t = int_0^t ReLU(+-(w.X_s + b)) ds have omega^+_t - omega^-_t = int_0^t w.X_s ds + b t "
            "(sympy).",
    prove=lambda: Proof("cirone.appendixC2_1.integral_recovery", tuple(recovery_steps())))
chained_layer = Statement(
    name="cirone.appendixC2_1.chained_layer", source=SOURCE_C21,
    summary="A diagonal layer with A_i = 0 driven by the ReLU gates (xi = omega) has Z_t = Z_0 + B(omega_t - omega_0); a "
            "readout recovers omega^+ - omega^- = int w.X + b t, which Theorem C.2 chains into deep signature terms.",
    prove=lambda: Proof("cirone.appendixC2_1.chained_layer", tuple(chained_steps())))

appendixC2_1 = register(Statement(
    name="cirone.appendixC2_1",
    source=SOURCE_C21,
    summary="ReLU gates omega_t = int_0^t ReLU(W X_s + b) ds lose little: ReLU(x) - ReLU(-x) = x recovers int_0^t X_s ds "
            "from the gates (rows w and -w), a chained layer reads it out, and chaining recovers its deep signature terms.",
    steps=(relu_identity, integral_recovery, chained_layer),
))
