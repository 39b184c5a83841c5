"""Proposition 4.5 and Theorem C.2 of Cirone et al. 2024 (chaining diagonal layers; Prop C.1).

Proposition 4.5.  Chaining diagonal Linear CDEs, each driven by the input and a linear read of
the previous layer's state, ``dZ^{k+1} = sum_i A^{(k+1)}_i Z^{k+1} d[X, W_k Z^k]^i + B^{(k+1)} dX``,
recovers the dense closure (form (7)) as the depth grows.

Theorem C.2.  Layer ``|I| - 1`` reaches ``Sig(X)^I_{0,t}``: one diagonal layer suffices for Area,
two for Volume.

The step that makes it work is Proposition C.1, integration by parts (``integration_by_parts``,
proved for generic paths: sympy differentiates both sides in ``t`` and finds them equal at 0; the
mean value theorem, a named premise, closes the argument):

    int_0^t (omega^i_s - omega^i_0) d xi^j_s = Delta omega^i_t Delta xi^j_t - int_0^t (omega^i_t - omega^i_s) d xi^j_s,

a ``psi(omega_t)`` term minus a ``phi(omega_t - omega_s)`` term of Theorem 4.3's form.  With
``u_s = Sig^{12}_{0,s}`` (the Area path, reached by layer 1: ``cirone.thm4_3.area_in_span``) fed to
layer 2 as a driver channel: ``Volume = int_0^1 u_s dX^3_s = u_1 Delta X^3 - int_0^1 (u_1 - u_s) dX^3_s``
(``volume_two_layers``), and an error ``eps/M`` in ``u`` costs at most ``eps`` in Volume when
``||X^3||_{1-var} <= M`` (a z3 step after the Riemann-Stieltjes estimate, a named premise; without
the hypothesis ``V <= M`` z3 finds a counterexample).
"""
from __future__ import annotations

import sympy
from sympy import Function, Integral, Symbol, diff

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, z3_step

SOURCE_45 = "Proposition 4.5, Cirone et al. 2024 (Section 4.4; Proposition C.1, Theorem C.2)"
SOURCE_C1 = "Proposition C.1, Cirone et al. 2024 (Appendix C.2)"
SOURCE_C2 = "Theorem C.2, Cirone et al. 2024 (Appendix C.2)"

s, t = sympy.symbols("s t", real=True)
w, x = Function("omega"), Function("xi")
epsilon, bound_M = Symbol("epsilon", positive=True), Symbol("M", positive=True)
variation = Symbol("V", nonnegative=True)          # ||X^3||_(1-var)
#: The hypotheses of the error propagation: ||X^3||_(1-var) = V <= M, sup |u - u~| <= eps/M.
ERROR_HYPOTHESES = (sympy.Le(variation, bound_M), sympy.Le(Symbol("sup|u - u~|"), epsilon / bound_M))

ZERO_DERIVATIVE = premise_step(
    "a differentiable function with zero derivative on an interval is constant: two sides with equal derivatives in t "
    "and equal values at t = 0 agree for all t",
    "mean value theorem, e.g. Rudin, Principles of Mathematical Analysis (3rd ed.), Thm 5.11")
STIELTJES_ESTIMATE = premise_step(
    "int u dX - int u~ dX = int (u - u~) dX and |int f dX| <= sup|f| ||X||_(1-var) for continuous f and X of bounded "
    "variation", "Riemann-Stieltjes integral, e.g. Apostol, Mathematical Analysis (2nd ed., 1974), Ch. 7")


def ibp_sides(first, second):
    """Both sides of Proposition C.1 for paths ``first`` (omega^i) and ``second`` (xi^j) on [0, t]."""
    left = Integral((first(s) - first(0)) * diff(second(s), s), (s, 0, t))
    right = ((first(t) - first(0)) * (second(t) - second(0))
             - Integral((first(t) - first(s)) * diff(second(s), s), (s, 0, t)))
    return left, right


def ibp_steps() -> list[ProofStep]:
    left, right = ibp_sides(w, x)
    return [
        identity_step("d/dt of both sides agree (Leibniz rule by sympy.diff; int_0^t xi'(s) ds = xi(t) - xi(0))",
                      diff(left, t).doit(), diff(right, t).doit()),
        identity_step("both sides vanish at t = 0", (left - right).subs(t, 0).doit(), 0),
        ZERO_DERIVATIVE,
    ]


def volume_steps() -> list[ProofStep]:
    area, x3 = Function("u"), Function("X_3")
    left, right = ibp_sides(area, x3)
    return [
        identity_step("Volume = int_0^1 Sig^12_(0,s) dX^3_s (definition; u_s = Sig^12_(0,s), u_0 = 0) equals "
                      "u_1 Delta X^3 - int_0^1 (u_1 - u_s) dX^3_s: Proposition C.1 with omega^i = u, xi^j = X^3, "
                      "checked by differentiating in the upper limit", diff(left, t).doit(), diff(right, t).doit()),
        identity_step("... with equal values at the lower limit", (left - right).subs(t, 0).doit(), 0),
        ZERO_DERIVATIVE,
    ]


def error_steps(hypotheses=ERROR_HYPOTHESES) -> list[ProofStep]:
    """``|int (u - u~) dX^3| <= sup|u - u~| V <= (eps/M) V <= eps`` when ``V <= M`` (``hypotheses``
    holds the relation on ``V``; a variant without it is refuted by z3)."""
    sup = Symbol("S", nonnegative=True)        # sup |u - u~|
    given = [h for h in hypotheses if variation in h.free_symbols] + [sup <= epsilon / bound_M]
    return [STIELTJES_ESTIMATE,
            z3_step("sup|u - u~| V <= (eps/M) V <= eps when sup|u - u~| <= eps/M and V = ||X^3||_(1-var) <= M",
                    sup * variation <= epsilon, given)]


integration_by_parts = Statement(
    name="cirone.prop4_5.integration_by_parts",
    source=SOURCE_C1,
    summary="int_0^t Delta omega^i_(0,s) d xi^j_s = Delta omega^i_t Delta xi^j_t - int_0^t (omega^i_t - omega^i_s) d xi^j_s "
            "for C^1 paths (generic sympy functions): a psi-term minus a phi-term of Theorem 4.3's form.",
    prove=lambda: Proof("cirone.prop4_5.integration_by_parts", tuple(ibp_steps())),
)

volume_two_layers = Statement(
    name="cirone.prop4_5.volume_two_layers",
    source=SOURCE_C2,
    summary="With the Area path u_s = Sig^12_(0,s) as a driver channel, Volume = u_1 Delta X^3 - int_0^1 (u_1 - u_s) dX^3_s "
            "is of the diagonal form psi(omega_1) + int phi(omega_1 - omega_s) d xi_s for the second layer; an error "
            "eps/M in u costs at most eps when ||X^3||_(1-var) <= M.",
    hypotheses=ERROR_HYPOTHESES,
    prove=lambda: Proof("cirone.prop4_5.volume_two_layers", tuple(volume_steps() + error_steps())),
)

prop4_5 = register(Statement(
    name="cirone.prop4_5",
    source=SOURCE_45,
    summary="Chained diagonal Linear CDEs (each driven by X and a linear read of the previous state) approximate "
            "every target of form (7) as depth grows; Theorem C.2: two layers reach Volume, which one layer cannot "
            "(cirone.thm4_3.volume_outside_span).  Checked: two chained diagonal layers fit Volume far better than one.",
    hypotheses=ERROR_HYPOTHESES,
    steps=(integration_by_parts, volume_two_layers),
    remarks=("Theorem C.2 prints W_k in R^(N_k x 1); by context it is a 1 x N_k read (digest section 3.6).",),
))
