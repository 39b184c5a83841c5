"""Appendix A of Ran-Milo et al. 2024: the results under bilinear discretisation (A.1), with a
feedthrough term (A.2), and for complex ``A`` with real ``B, C`` (A.3).

A.1 -- bilinear discretisation.  A continuous-time diagonal SSM ``(A, B, C)`` with ``Re A_jj < 0``
and step ``Delta > 0`` runs as the discrete SSM

    Abar_jj = (1 + Delta A_jj/2) / (1 - Delta A_jj/2),   Bbar_j = Delta B_j / (1 - Delta A_jj/2),   Cbar = C.

The appendix says: Theorem 1 is unchanged, and Theorem 2 holds with ``n_R Delta ||C^T . B||_inf`` on
the left, because Lemma 13 gives ``|Bbar_j| <= Delta |B_j|``.  As printed (``ranmilo.appendix_a1``, with
Theorem 2's ``min(d, m)``) this fails, like Theorem 2 itself (``ranmilo.thm2``): ``A = -2/Delta`` gives
``Abar = 0``, and the printed counterexample carries over (the check finds the smallest one exactly).
With the corrected Theorem 2 (``ranmilo.thm2_corrected``: ``min(d, m-1)``) it holds; the erratum
``ranmilo.appendix_a1_corrected`` is

    n_R Delta ||C^T . B||_inf >= max_{d, m, sigma} 2^(d + 2 min(d, m-1)) (2^(-d) |(phi(I)|sigma)^(d)_m| - eps)

whenever the discretised real SSM eps-approximates ``phi`` up to ``t``.  Proof, four steps:

* ``stability``: ``a < 0, Delta > 0`` give ``-1 < Abar < 1`` (z3); for complex ``A_jj = -c + i b``,
  ``c > 0``: ``|1 - Delta A/2|^2 - |1 + Delta A/2|^2 = 2 Delta c > 0``, so ``|Abar| < 1``.  This is the
  hypothesis ``|A_jj| <= 1`` of the corrected Theorem 2, for the discretised system;
* ``input_scale``: ``|Bbar_j| = Delta |B_j| |1/(1 - x)|`` with ``x = Delta A_jj/2``, ``Re x <= 0``, and
  Lemma 13 (``ranmilo.lemma13``, its proof chained) gives ``|1/(1 - x)| <= 1``; for real ``a`` z3
  also decides ``|Bbar| <= Delta |B|`` directly;
* ``theorem2_applies``: the corrected Theorem 2 (its proof chained) for the discrete real SSM
  ``(Abar, Bbar, C)``: ``n_R ||C^T . Bbar||_inf >= RHS``; its registered bound is this statement's;
* ``left_side``: ``||C^T . Bbar||_inf <= Delta ||C^T . B||_inf`` (termwise, z3), hence the claim.

``ranmilo.appendix_a1.theorem1`` records why Theorem 1 is unchanged: for each ``Delta > 0`` the
bilinear map is a bijection of ``{Re x < 0}`` onto the open unit disk (inverse
``z -> (2/Delta)(z - 1)/(z + 1)``) and ``B -> Bbar`` is onto, so the discretised SSMs are exactly the
stable discrete ones, and Theorem 1 -- a statement about discrete parameters -- applies to them as
printed.  It proves that reduction; Theorem 1 itself keeps its own verdict (``ranmilo.thm1``).

A.2 -- feedthrough.  ``y_k = Re(C x_k + D u_k)`` is emulated in dimension ``n + 1`` by the extra
state ``(a, b, c) = (0, 1, D)``; conversely an SSM is a feedthrough SSM with ``D = 0``.  Proof
(``ranmilo.appendix_a2``, symbolic ``n, k, m``): the extra state adds ``D 0^(m-1) = D delta_(m,1)``
to the impulse response, the feedthrough system's output is the convolution with
``h + Re(D) delta_1`` (Section 2.3, ``ranmilo.lti``, chained), so both systems have the same
impulse response and hence the same map; also the recurrences iterated directly for ``n = 1``,
``k = 1..4``.  The extra state is real when ``D`` is, so real SSMs stay real.

A.3 -- complex ``A``, real ``B, C``.  "Propositions 1-2 and Theorem 1 carry over; Proposition 3 via
the DCT."  With real ``B_j, C_j`` the output is ``sum_j C_j B_j Re(A_jj^(k-1))`` and a pole
``alpha e^(i theta)`` contributes ``alpha^(k-1) cos((k-1) theta)``: a cosine transform.  The
construction (``ranmilo.appendix_a3.prop3``; :func:`numerics.ssm.constructions.dct_ssm`), for
``t >= 2``::

    theta_j = pi (2j - 1)/(2t),   alpha = 2^(-1/(2(t-1))),   A_jj = alpha e^(i theta_j),
    C_j = t^(-1/2),   B_j = sqrt(t) w_j,   w_j = sum_{q=0}^{t-1} lambda_q phit_q cos(q theta_j),
    phit_q = phi_(q+1) / alpha^q,   lambda_0 = 1/t,  lambda_q = 2/t (q >= 1),

matches ``phi`` up to ``t`` (DCT-II/III inversion: ``sum_j cos(p theta_j) cos(q theta_j) =
(t/2)(delta_pq + delta_(p+q,0))`` for ``0 <= p, q <= t-1``), with Parseval
``||B||_2^2 = phit_0^2 + 2 sum_{q>=1} phit_q^2 <= 2 ||phit||_2^2``.  With ``alpha^(t-1) = 2^(-1/2)``,
``||phit||_2 <= sqrt(2) ||phi_(:t)||_2``, so Proposition 3's bounds carry over exactly:
(i) ``||B||_2 <= 2 ||phi_(:t)||_2`` (equality for ``phi = e_t``) and (ii) ``||C||_2 = 1``.  Appendix
D.7's ``alpha^(t-1) = 1/2`` would give only ``||B||_2 <= 2 sqrt(2) ||phi||_2``, and (i) then fails
(``ranmilo.appendix_a3.d7_alpha``, refuted: ``t = 2``, ``phi = (0, 1)``, ``||B||_2^2 = 8 > 4``): the
DCT's factor 2 on the non-constant frequencies costs a factor sqrt(2), which the radius must pay
back.  Propositions 1-2 carry over with machine-checked reductions (``ranmilo.appendix_a3.prop1``:
the DCT construction plus zero-padding, proved for symbolic ``t`` -- stronger than Proposition 1's
own record; ``ranmilo.appendix_a3.prop2``: Proposition 2's embedding copies real values and pads
with real ones).  Theorem 1 for real ``B_C C_C`` is Theorem 1 at ``arg(B_C C_C)`` in ``{0, pi}``
(``ranmilo.appendix_a3.thm1``, no proof here: checked on Theorem 1's instances at those phases).
"""
from __future__ import annotations

import sympy
from sympy import (Abs, And, EmptySet, Eq, I, IndexedBase, Intersection, Interval, KroneckerDelta, Min,
                   Piecewise, Rational, Sum, Symbol, Union, cos, diff, exp, expand, expand_complex,
                   expand_trig, floor, im, log, pi, re, sin, solveset, sqrt)

from ..registry import get as registered, register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step, z3_step

SOURCE_A1 = "Appendix A.1, Ran-Milo et al. 2024 (bilinear discretisation: Theorem 2 via Lemma 13)"
SOURCE_A1_THM1 = "Appendix A.1, Ran-Milo et al. 2024 (bilinear discretisation: Theorem 1 unchanged)"
SOURCE_A2 = "Appendix A.2, Ran-Milo et al. 2024 (feedthrough D)"
SOURCE_A3 = "Appendix A.3, Ran-Milo et al. 2024 (complex A with real B, C: {})"


def _proof(name, *step_lists) -> Proof:
    return Proof(statement=name, steps=tuple(step for steps in step_lists for step in steps))


def _chained(name: str) -> list[ProofStep]:
    """The steps of the proof of the registered statement ``name`` (so that this proof stands or
    falls with it)."""
    return list(registered(name).prove().steps)


def _expand_complex(expr):
    return sympy.simplify(expand(expand_complex(expr)))


# =============================================================================================
# A.1: bilinear discretisation.

t = Symbol("t", integer=True, positive=True)
n_R = Symbol("n_R", integer=True, positive=True)
d, m = sympy.symbols("d m", integer=True, positive=True)
D = Symbol("D", real=True)                       # (phi(I)|sigma)^(d)_m
epsilon = Symbol("epsilon", nonnegative=True)
error_l1 = Symbol("err", nonnegative=True)       # ||phi(I)_{:t} - Ybar_{:t}||_1
W = Symbol("W", nonnegative=True)                # ||C^T . B||_inf of the continuous parameters
Delta = Symbol("Delta", real=True)               # the step (hypothesis Delta > 0)
a = Symbol("a", real=True)                       # a real continuous pole A_jj (hypothesis a < 0)
b, c = sympy.symbols("b c", real=True)           # B_j, C_j


def bilinear_pole(pole, step=Delta):
    """``Abar = (1 + step pole/2) / (1 - step pole/2)``."""
    return (1 + step * pole / 2) / (1 - step * pole / 2)


def bilinear_input(pole, inp, step=Delta):
    """``Bbar = step inp / (1 - step pole/2)``."""
    return step * inp / (1 - step * pole / 2)


def corrected_term(order, index, value, eps):
    """The corrected term of Theorem 2: ``2^(d + 2 min(d, m-1)) (2^(-d) |D| - eps)``."""
    return 2 ** (order + 2 * Min(order, index - 1)) * (2 ** (-order) * Abs(value) - eps)


def stability_steps() -> list[ProofStep]:
    """``Re A_jj < 0`` and ``Delta > 0`` put the discretised pole inside the unit disk."""
    cc = Symbol("c", positive=True)              # -Re A_jj
    bb = Symbol("b", real=True)                  # Im A_jj
    pole = -cc + I * bb
    plus = (1 - Delta * cc / 2) ** 2 + (Delta * bb / 2) ** 2
    minus = (1 + Delta * cc / 2) ** 2 + (Delta * bb / 2) ** 2
    return [
        z3_step("real A_jj = a < 0, Delta > 0: -1 < Abar_jj = (1 + Delta a/2)/(1 - Delta a/2) < 1, so "
                "|Abar_jj| <= 1 (the corrected Theorem 2's hypothesis) for the discretised real SSM",
                And(bilinear_pole(a) < 1, bilinear_pole(a) > -1), [a < 0, Delta > 0]),
        identity_step("complex A_jj = -c + i b: |1 + Delta A_jj/2|^2 = (1 - Delta c/2)^2 + (Delta b/2)^2",
                      Abs(1 + Delta * pole / 2) ** 2, plus, simplifier=_expand_complex),
        identity_step("... and |1 - Delta A_jj/2|^2 = (1 + Delta c/2)^2 + (Delta b/2)^2",
                      Abs(1 - Delta * pole / 2) ** 2, minus, simplifier=_expand_complex),
        z3_step("c > 0, Delta > 0: |1 + Delta A/2|^2 < |1 - Delta A/2|^2, so |Abar_jj| < 1 (Theorem 1's "
                "complex pole is stable too)", plus < minus, [cc > 0, Delta > 0]),
    ]


def input_scale_steps() -> list[ProofStep]:
    """``|Bbar_j| <= Delta |B_j|`` (Lemma 13 with ``x = Delta A_jj/2``)."""
    x_re = Symbol("x_re", real=True)
    bc, xc = sympy.symbols("B x")                # complex B_j and x = Delta A_jj / 2
    scale = Symbol("L", nonnegative=True)        # |1/(1 - x)|
    size = Symbol("beta", nonnegative=True)      # |B_j|
    delta_pos = Symbol("Delta", positive=True)
    return (
        [z3_step("Re x = Delta Re(A_jj)/2 <= 0 when Re A_jj < 0 and Delta > 0, so Lemma 13 applies to x",
                 Delta * x_re / 2 <= 0, [x_re < 0, Delta > 0]),
         identity_step("|Bbar_j| = |Delta B_j / (1 - x)| = Delta |B_j| |1/(1 - x)| (Delta > 0)",
                       Abs(delta_pos * bc / (1 - xc)), delta_pos * Abs(bc) * Abs(1 / (1 - xc)))]
        + _chained("ranmilo.lemma13")
        + [z3_step("|1/(1 - x)| = L <= 1 (Lemma 13) and Delta > 0: Delta |B_j| L <= Delta |B_j|",
                   Delta * size * scale <= Delta * size, [scale <= 1, Delta > 0]),
           z3_step("real case, decided directly: a < 0, Delta > 0 give |Delta b/(1 - Delta a/2)| <= Delta |b|",
                   Abs(bilinear_input(a, b)) <= Delta * Abs(b), [a < 0, Delta > 0])]
    )


def _by_name(expr, reference):
    """``expr`` with its free symbols replaced by the symbols of ``reference`` that have their names."""
    symbols = {s.name: s for s in reference.free_symbols}
    return expr.xreplace({s: symbols[s.name] for s in expr.free_symbols if s.name in symbols})


def pole_hypothesis_steps(theorem: str = "ranmilo.thm2_corrected") -> list[ProofStep]:
    """Each registered hypothesis of ``theorem`` on its state entry ``A_j`` (e.g. ``|A_j| <= 1``), decided by
    z3 for ``A_j = Abar = (1 + Delta a/2)/(1 - Delta a/2)`` under ``a < 0``, ``Delta > 0``.  (Membership
    hypotheses such as ``A_j in Reals`` hold since ``a`` and ``Delta`` are real.)"""
    steps = []
    for hypothesis in registered(theorem).hypotheses:
        poles = [x for x in hypothesis.free_symbols if x.name == "A_j"]
        if not poles or isinstance(hypothesis, sympy.Contains):
            continue
        steps.append(z3_step(f"the hypothesis {hypothesis} of {theorem} holds for A_j = Abar_jj (a < 0, Delta > 0)",
                             hypothesis.subs(poles[0], bilinear_pole(a)), [a < 0, Delta > 0]))
    return steps


def theorem2_applies_steps() -> list[ProofStep]:
    """The corrected Theorem 2, proof chained, for the discrete real SSM ``(Abar, Bbar, C)``."""
    registered_bound = registered("ranmilo.thm2_corrected").bound
    return (
        pole_hypothesis_steps()
        + _chained("ranmilo.thm2_corrected")
        + [identity_step("the corrected Theorem 2's registered bound is this statement's term "
                         "2^(d + 2 min(d, m-1)) (2^(-d) |D| - eps)",
                         _by_name(corrected_term(d, m, D, epsilon), registered_bound), registered_bound)]
    )


def left_side_steps() -> list[ProofStep]:
    """``n_R ||C^T . Bbar||_inf >= RHS`` and ``|Bbar_j| <= Delta |B_j|`` give ``n_R Delta ||C^T . B||_inf >= RHS``."""
    n = Symbol("n", integer=True)
    wbar, cabs, babs, bbar_abs, rhs = sympy.symbols("Wbar c_abs b_abs bbar_abs R", real=True)
    return [z3_step(
        "let j attain Wbar = ||C^T . Bbar||_inf = |C_j| |Bbar_j|; with |Bbar_j| <= Delta |B_j| (input_scale), "
        "|C_j| |B_j| <= W = ||C^T . B||_inf and n_R Wbar >= R (the corrected Theorem 2): n_R Delta W >= R",
        rhs <= n * Delta * W,
        [n >= 1, Delta > 0, cabs >= 0, babs >= 0, bbar_abs >= 0, Eq(wbar, cabs * bbar_abs),
         bbar_abs <= Delta * babs, cabs * babs <= W, rhs <= n * wbar])]


a1_stability = Statement(
    name="ranmilo.appendix_a1_corrected.stability",
    source=SOURCE_A1,
    summary="Re A_jj < 0 and Delta > 0 give |Abar_jj| < 1 for Abar_jj = (1 + Delta A_jj/2)/(1 - Delta A_jj/2): "
            "for real a < 0, -1 < Abar < 1 (z3); for complex A_jj = -c + i b, c > 0, "
            "|1 - Delta A/2|^2 - |1 + Delta A/2|^2 = 2 Delta c > 0.",
    symbols=(a, Delta),
    hypotheses=(a < 0, Delta > 0),
    conclusion=Abs(bilinear_pole(a)) <= 1,
    prove=lambda: _proof("ranmilo.appendix_a1_corrected.stability", stability_steps()),
)

a1_input_scale = Statement(
    name="ranmilo.appendix_a1_corrected.input_scale",
    source=SOURCE_A1,
    summary="|Bbar_j| <= Delta |B_j| for Bbar_j = Delta B_j/(1 - Delta A_jj/2), Re A_jj < 0, Delta > 0: "
            "Lemma 13 with x = Delta A_jj/2 (its proof chained); for real a also decided directly by z3.",
    symbols=(a, b, Delta),
    hypotheses=(a < 0, Delta > 0),
    conclusion=Abs(bilinear_input(a, b)) <= Delta * Abs(b),
    prove=lambda: _proof("ranmilo.appendix_a1_corrected.input_scale", input_scale_steps()),
)

a1_theorem2_applies = Statement(
    name="ranmilo.appendix_a1_corrected.theorem2_applies",
    source=SOURCE_A1,
    summary="The discretised SSM (Abar, Bbar, C) is a real SSM with |Abar_jj| <= 1 (stability), so the "
            "corrected Theorem 2 (ranmilo.thm2_corrected, proof chained) gives n_R ||C^T . Bbar||_inf >= "
            "2^(d + 2 min(d, m-1)) (2^(-d) |D| - eps) when it eps-approximates phi up to t.",
    symbols=(t, n_R, d, m, D, epsilon),
    hypotheses=(sympy.Le(d + m, floor(t / 2)), sympy.Le(error_l1, epsilon)),
    conclusion=sympy.Ge(n_R * Symbol("Wbar", nonnegative=True), corrected_term(d, m, D, epsilon)),
    prove=lambda: _proof("ranmilo.appendix_a1_corrected.theorem2_applies", theorem2_applies_steps()),
    remarks=("Wbar = ||C^T . Bbar||_inf in the conclusion.",),
)

a1_left_side = Statement(
    name="ranmilo.appendix_a1_corrected.left_side",
    source=SOURCE_A1,
    summary="||C^T . Bbar||_inf <= Delta ||C^T . B||_inf (termwise, input_scale), so n_R ||C^T . Bbar||_inf >= R "
            "implies n_R Delta ||C^T . B||_inf >= R (z3).",
    symbols=(n_R, Delta, W),
    hypotheses=(Delta > 0,),
    conclusion=sympy.Ge(n_R * Delta * W, Symbol("R")),
    prove=lambda: _proof("ranmilo.appendix_a1_corrected.left_side", left_side_steps()),
)

_a1_steps = (a1_stability, a1_input_scale, a1_theorem2_applies, a1_left_side)


def printed_term(order, index, value, eps):
    """The term of Theorem 2 as printed: ``2^(d + 2 min(d, m)) (2^(-d) |D| - eps)``."""
    return 2 ** (order + 2 * Min(order, index)) * (2 ** (-order) * Abs(value) - eps)


appendix_a1_printed = register(Statement(
    name="ranmilo.appendix_a1",
    source=SOURCE_A1,
    summary="As printed: under bilinear discretisation (Re A_jj < 0, Delta > 0; Abar = (1 + Delta A/2)/(1 - "
            "Delta A/2), Bbar = Delta B/(1 - Delta A/2), Cbar = C), Theorem 2 holds with n_R Delta ||C^T . B||_inf "
            "on the left: n_R Delta ||C^T . B||_inf >= max over d, m, sigma of 2^(d + 2 min(d, m)) "
            "(2^(-d) |(phi(I)|sigma)^(d)_m| - eps), by Lemma 13 (|Bbar_j| <= Delta |B_j|).  FALSE, as Theorem 2 "
            "as printed is; see ranmilo.appendix_a1_corrected.",
    symbols=(t, n_R, W, Delta, a, d, m, D, epsilon, error_l1),
    hypotheses=(a < 0, Delta > 0, sympy.Le(d + m, floor(t / 2)), sympy.Le(error_l1, epsilon)),
    conclusion=sympy.Ge(n_R * Delta * W, printed_term(d, m, D, epsilon)),
    bound=printed_term(d, m, D, epsilon),
    remarks=("The step that fails is Theorem 2 as printed (ranmilo.thm2, its step 3: Lemma 6 at a 1-based index); "
             "the other steps -- |Abar| < 1, Lemma 13's |Bbar_j| <= Delta |B_j| -- hold "
             "(ranmilo.appendix_a1_corrected.stability, .input_scale).",
             "Counterexample family: one state with A = -2/Delta (Abar = 0), B = C = 1, the discretised SSM's own "
             "response (Delta/2, 0, 0, 0), eps = 0, t = 4: the printed term at sigma = odd, d = m = 1 is 2 Delta "
             "> Delta = n_R Delta |C B|.  The check reports the first one its exact search meets.",
             "No sympy proof: the statement is refuted."),
))

appendix_a1 = register(Statement(
    name="ranmilo.appendix_a1_corrected",
    source=SOURCE_A1,
    summary="Theorem 2 (corrected, min(d, m-1)) under bilinear discretisation: let a real continuous-time "
            "SSM (A, B, C) of dimension n_R with A_jj < 0 and a step Delta > 0 be discretised to "
            "Abar = (1 + Delta A/2)/(1 - Delta A/2), Bbar = Delta B/(1 - Delta A/2), Cbar = C.  If the "
            "discretised SSM eps-approximates phi up to time t, then n_R Delta ||C^T . B||_inf >= max over "
            "d, m in N with d + m <= floor(t/2) and sigma in {odd, even} of "
            "2^(d + 2 min(d, m-1)) (2^(-d) |(phi(I)|sigma)^(d)_m| - eps).  Proof: |Abar| <= 1, Lemma 13 "
            "gives |Bbar_j| <= Delta |B_j|, and the corrected Theorem 2 applies to (Abar, Bbar, C).",
    symbols=(t, n_R, W, Delta, a, d, m, D, epsilon, error_l1),
    hypotheses=(a < 0, Delta > 0, sympy.Le(d + m, floor(t / 2)), sympy.Le(error_l1, epsilon)),
    conclusion=sympy.Ge(n_R * Delta * W, corrected_term(d, m, D, epsilon)),
    bound=corrected_term(d, m, D, epsilon),
    steps=_a1_steps,
    prove=lambda: _proof("ranmilo.appendix_a1_corrected", *(s.prove().steps for s in _a1_steps)),
    corrects="ranmilo.appendix_a1",
    remarks=("a stands for every A_jj (hypothesis Re A_jj < 0; Theorem 2 is about real SSMs, so A_jj is "
             "real there); W = ||C^T . B||_inf of the continuous parameters; D = (phi(I)|sigma)^(d)_m.",
             "The appendix states the printed Theorem 2 with the new left side (ranmilo.appendix_a1); as printed "
             "(min(d, m)) it fails here too: A = -2/Delta gives Abar = 0, and Bbar = 1 needs B = 2/Delta, so the "
             "left side is 2 while the printed term at t = 4, sigma = odd, d = m = 1 is 4 (ranmilo.thm2's "
             "counterexample, discretised).",
             "Without the hypotheses the claim fails: a > 0 (Abar = 2 at Delta a/2 = 1/3) or Delta < 0 "
             "(the left side is negative) give counterexamples; the check's searches include them "
             "(ranmilo.appendix_a1_corrected, mutations).",
             "The bound loses only the factor |1 - Delta A_jj/2| = 2/(1 + Abar_jj) >= 1: tight for poles "
             "Abar_jj -> 1 (Delta A_jj -> 0), while poles near -1 cost much more than on the discrete side "
             "(ranmilo.appendix_a1_corrected.tightness compares with both minima)."),
))


def theorem1_reduction_steps() -> list[ProofStep]:
    """The bilinear map is a bijection of {Re x < 0} onto the open unit disk; ``B -> Bbar`` is onto."""
    x, z = sympy.symbols("x z")
    step = Symbol("Delta", positive=True)
    inverse = 2 / step * (z - 1) / (z + 1)
    u, v = sympy.symbols("u v", real=True)
    zz = u + I * v
    ratio = (u ** 2 + v ** 2 - 1) / ((u + 1) ** 2 + v ** 2)
    bb, bbar_sym = sympy.symbols("B Bbar")
    return [
        identity_step("bilinear(inverse(z)) = z: (1 + Delta w/2)/(1 - Delta w/2) = z for w = (2/Delta)(z-1)/(z+1)",
                      bilinear_pole(inverse, step), z),
        identity_step("inverse(bilinear(x)) = x", (2 / step * (bilinear_pole(x, step) - 1)
                                                  / (bilinear_pole(x, step) + 1)), x),
        identity_step("Re((z - 1)/(z + 1)) = (|z|^2 - 1)/|z + 1|^2 for z = u + i v",
                      re((zz - 1) / (zz + 1)), ratio, simplifier=_expand_complex),
        z3_step("|z| < 1 gives Re((z - 1)/(z + 1)) < 0, so the inverse of a stable discrete pole is a pole with "
                "Re < 0 (and the stability step gives the converse)", ratio < 0, [u ** 2 + v ** 2 < 1]),
        identity_step("Bbar = Delta B/(1 - Delta A/2) is inverted by B = Bbar (1 - Delta A/2)/Delta, so every "
                      "discrete input vector is reached",
                      bilinear_input(x, bbar_sym * (1 - step * x / 2) / step, step), bbar_sym),
    ]


appendix_a1_theorem1 = register(Statement(
    name="ranmilo.appendix_a1.theorem1",
    source=SOURCE_A1_THM1,
    summary="For every Delta > 0 the bilinear discretisation maps the continuous SSMs with Re A_jj < 0 onto "
            "the discrete SSMs with |Abar_jj| < 1 (inverse z -> (2/Delta)(z - 1)/(z + 1); B -> Bbar onto), "
            "so Theorem 1 -- a statement about the discrete parameters of a complex SSM and the dimension of "
            "a real one -- applies to discretised SSMs as printed ('unchanged').  This proves the reduction; "
            "Theorem 1 itself keeps its own verdict (ranmilo.thm1).",
    symbols=(Delta,),
    hypotheses=(Delta > 0,),
    conclusion=Eq(bilinear_pole(2 / Delta * (Symbol("z") - 1) / (Symbol("z") + 1)), Symbol("z")),
    prove=lambda: _proof("ranmilo.appendix_a1.theorem1", theorem1_reduction_steps()),
    remarks=("The real competitor of Theorem 1 ranges over the discretised real SSMs, a subset of all real SSMs "
             "(poles in (-1, 1)), so Theorem 1's lower bound on n_R, if true, holds for them a fortiori.",),
))


# =============================================================================================
# A.2: feedthrough.

n = Symbol("n", integer=True, positive=True)
k = Symbol("k", integer=True, positive=True)
j, s = sympy.symbols("j s", integer=True)
p_ = Symbol("p", integer=True, nonnegative=True)
A_, B_, C_ = IndexedBase("A"), IndexedBase("B"), IndexedBase("C")    # complex entries
u = IndexedBase("u", real=True)
Df = Symbol("D")                                                     # the feedthrough (complex)

#: The extra state (a, b, c) of Appendix A.2.
EXTRA_STATE = (sympy.Integer(0), sympy.Integer(1), Df)


def augmented(jj, extra=EXTRA_STATE):
    """``(A'_j, B'_j, C'_j)``: the original values for ``j <= n`` and ``extra`` for ``j = n + 1``."""
    return tuple(Piecewise((orig[jj], jj <= n), (value, True)) for orig, value in zip((A_, B_, C_), extra))


def augmented_term(jj, time, extra=EXTRA_STATE):
    """``C'_j A'_jj^(time-1) B'_j``."""
    state, inp, out = augmented(jj, extra)
    return out * state ** (time - 1) * inp


def original_response(time):
    """``h_time = Re(sum_{j=1}^n C_j A_jj^(time-1) B_j)``."""
    return re(Sum(C_[j] * A_[j] ** (time - 1) * B_[j], (j, 1, n)))


def _doit_simplify(expr):
    return sympy.simplify(expr.doit())


def feedthrough_steps(extra=EXTRA_STATE) -> list[ProofStep]:
    """The augmented SSM's impulse response is ``h + Re(D) delta_1``, and so is the feedthrough system's."""
    f, h = sympy.Function("f"), sympy.Function("h")
    mm = Symbol("m", integer=True, positive=True)
    return (
        [identity_step("sum_{j=1}^{n+1} f(j) = sum_{j=1}^n f(j) + sum_{j=n+1}^{n+1} f(j) for any terms",
                       Sum(f(j), (j, 1, n + 1)), Sum(f(j), (j, 1, n)) + Sum(f(j), (j, n + 1, n + 1))),
         identity_step("sum_{j=n+1}^{n+1} f(j) = f(n+1): the extra state's term", Sum(f(j), (j, n + 1, n + 1)),
                       f(n + 1)),
         identity_step("j = n - p <= n: the augmented term is the original C_j A_jj^(m-1) B_j",
                       sympy.Subs(augmented_term(j, mm, extra), j, n - p_),
                       C_[n - p_] * A_[n - p_] ** (mm - 1) * B_[n - p_], simplifier=_doit_simplify),
         identity_step("j = n + 1, m = 1: the extra state's term c a^0 b is D",
                       sympy.Subs(augmented_term(j, 1, extra), j, n + 1), Df, simplifier=_doit_simplify),
         identity_step("j = n + 1, m = 2 + p >= 2: the extra state's term c a^(m-1) b is 0",
                       sympy.Subs(augmented_term(j, 2 + p_, extra), j, n + 1), 0, simplifier=_doit_simplify),
         identity_step("so the augmented impulse response is h_m + Re(D) delta_(m,1): Re is additive, "
                       "Re(z + D delta) = Re(z) + Re(D) delta for the real delta",
                       re(Symbol("z") + Df * KroneckerDelta(mm, 1), evaluate=False),
                       re(Symbol("z")) + re(Df) * KroneckerDelta(mm, 1),
                       simplifier=_expand_complex)]
        + _chained("ranmilo.lti")
        + [identity_step("feedthrough output: Re(C x_k + D u_k) = Re(C x_k) + Re(D) u_k (u_k real)",
                         re(Symbol("z") + Df * u[k], evaluate=False), re(Symbol("z")) + re(Df) * u[k],
                         simplifier=_expand_complex),
           identity_step("Re(D) u_k = sum_{s=1}^k Re(D) delta_(k-s+1, 1) u_s, so by Section 2.3 (ranmilo.lti) the "
                         "feedthrough system is the convolution with h + Re(D) delta_1 -- the augmented SSM's impulse "
                         "response, hence the same map (k = 1 + p)",
                         Sum((h(k - s + 1) + re(Df) * KroneckerDelta(k - s + 1, 1)) * u[s], (s, 1, 1 + p_)).doit(),
                         Sum(h(k - s + 1) * u[s], (s, 1, 1 + p_)).doit() + re(Df) * u[1 + p_],
                         simplifier=lambda e: sympy.simplify(e.subs(k, 1 + p_).doit()))]
    )


def feedthrough_explicit_steps(extra=EXTRA_STATE, last_time=4) -> list[ProofStep]:
    """The recurrences iterated directly: one original state (complex symbols), k = 1..last_time."""
    a1, b1, c1 = sympy.symbols("a1 b1 c1")
    inputs = sympy.symbols(f"u1:{last_time + 1}", real=True)
    state, extra_state, steps = 0, 0, []
    ea, eb, ec = extra
    for time in range(1, last_time + 1):
        state = a1 * state + b1 * inputs[time - 1]
        extra_state = ea * extra_state + eb * inputs[time - 1]
        steps.append(identity_step(
            f"n = 1, k = {time}: the augmented SSM's output Re(c1 x_k + c x'_k) is the feedthrough output "
            f"Re(c1 x_k + D u_k)", re(c1 * state + ec * extra_state), re(c1 * state + Df * inputs[time - 1]),
            simplifier=_expand_complex))
    return steps


appendix_a2 = register(Statement(
    name="ranmilo.appendix_a2",
    source=SOURCE_A2,
    summary="An SSM with feedthrough, y_k = Re(sum_j C_j x_{j,k} + D u_k), of dimension n is emulated exactly "
            "by the SSM of dimension n + 1 with the extra state (a, b, c) = (0, 1, D): both have impulse "
            "response h_m + Re(D) delta_(m,1) and hence (Section 2.3) the same map, for every real input "
            "(symbolic n, k, m).  Conversely an SSM is the feedthrough SSM with D = 0.  For real D the extra "
            "state is real.",
    symbols=(n, k, Df),
    conclusion=Eq(re(Sum(augmented_term(j, k), (j, 1, n + 1))),
                  original_response(k) + re(Df) * KroneckerDelta(k, 1)),
    prove=lambda: _proof("ranmilo.appendix_a2", feedthrough_steps(), feedthrough_explicit_steps()),
    remarks=("The extra state's response is D 0^(m-1) with 0^0 = 1: D at m = 1 and 0 after, the impulse "
             "response of the feedthrough D u_k.",
             "With n + 1 states and |c b| = |D|, the size n ||C^T . B||_inf of Theorem 2 becomes "
             "(n + 1) max(||C^T . B||_inf, |D|) for the emulating SSM."),
))


# =============================================================================================
# A.3: complex A, real B and C; Proposition 3 via the DCT.

q, p = sympy.symbols("q p", integer=True, nonnegative=True)
r = Symbol("r", integer=True)
alpha = Symbol("alpha", positive=True)
theta = Symbol("theta", real=True)
phi = IndexedBase("phi", real=True)
phi_norm = Symbol("phi_norm", positive=True)      # ||phi(I)_{:t}||_2
B_norm = Symbol("B_norm", nonnegative=True)       # ||B||_2
C_norm = Symbol("C_norm", nonnegative=True)       # ||C||_2

#: alpha^(t-1) = 2^(-RADIUS_EXPONENT): 1/2 for Appendix A.3's construction (Appendix D.7 has 1).
RADIUS_EXPONENT = Rational(1, 2)


def dct_alpha(size=t, exponent=RADIUS_EXPONENT):
    """``alpha = 2^(-exponent/(size-1))`` (``size >= 2``)."""
    return 2 ** (-exponent / (size - 1))


def dct_theta(jj, size=t):
    """``theta_j = pi (2j - 1)/(2 size)``."""
    return pi * (2 * jj - 1) / (2 * size)


def phit(index, radius=alpha):
    """``phit_q = phi_(q+1) / alpha^q`` (0-based ``q``)."""
    return phi[index + 1] / radius ** index


def dct_weight(index, size=t):
    """``lambda_q = (2 - delta_(q,0)) / size``: 1/size for q = 0, 2/size otherwise."""
    return (2 - KroneckerDelta(index, 0)) / size


def gram(first, second, size=t):
    """``sum_j cos(first theta_j) cos(second theta_j) = (size/2)(delta + delta_(first+second, 0))``."""
    return size / 2 * (KroneckerDelta(first, second) + KroneckerDelta(first + second, 0))


def dct_w(jj, size=t):
    """``w_j = sum_{q=0}^{size-1} lambda_q phit_q cos(q theta_j)`` for symbolic ``size``."""
    return Sum(dct_weight(q, size) * phit(q) * cos(q * dct_theta(jj, size)), (q, 0, size - 1))


def real_part_steps() -> list[ProofStep]:
    """With real ``B_j, C_j``: ``Re(C_j B_j (alpha e^(i theta))^(k-1)) = C_j B_j alpha^(k-1) cos((k-1) theta)``."""
    return [identity_step("real B_j, C_j: Re(C_j (alpha e^(i theta_j))^(k-1) B_j) = C_j B_j alpha^(k-1) "
                          "cos((k-1) theta_j)", re(c * (alpha * exp(I * theta)) ** (k - 1) * b),
                          c * b * alpha ** (k - 1) * cos((k - 1) * theta), simplifier=_expand_complex)]


def cosine_sum_steps() -> list[ProofStep]:
    """``sum_{j=1}^t cos(r pi (2j-1)/(2t))`` is ``t`` for ``r = 0`` and ``0`` for integers ``0 < |r| < 2t``.

    With ``w = e^(i pi r/(2t))`` the sum is ``Re sum_j w^(2j-1) = Re(w sum_{j=0}^{t-1} y^j)``,
    ``y = w^2``; ``(1 - y) sum_j y^j = 1 - y^t`` and ``y^t = (-1)^r``; ``y != 1`` for ``0 < |r| < 2t``,
    so the sum is ``w (1 - (-1)^r)/(1 - w^2) = i (1 - (-1)^r)/(2 sin(pi r/(2t)))``, purely imaginary:
    its real part is 0.
    """
    w = exp(I * pi * r / (2 * t))
    y, qq = sympy.symbols("y q")
    real_num, real_den = sympy.symbols("nu sigma", real=True)
    solutions = solveset(exp(I * pi * qq) - 1, qq, sympy.S.Complexes)
    fractions = Union(Interval.open(-2, 0), Interval.open(0, 2))
    return [
        identity_step("cos(r pi (2j-1)/(2t)) = Re(w^(2j-1)), w = exp(i pi r/(2t))",
                      re(w ** (2 * j - 1)), cos(pi * r * (2 * j - 1) / (2 * t)), simplifier=_expand_complex),
        identity_step("sum_{j=1}^t w^(2j-1) = sum_{j=0}^{t-1} w (w^2)^j (shift j -> j + 1)",
                      Sum(w ** (2 * j - 1), (j, 1, t)).change_index(j, j - 1), Sum(w * (w ** 2) ** j, (j, 0, t - 1))),
        identity_step("sum_{j=0}^{t-1} w (w^2)^j = w sum_{j=0}^{t-1} y^j with y = w^2",
                      Sum(w * (w ** 2) ** j, (j, 0, t - 1)), w * Sum((w ** 2) ** j, (j, 0, t - 1))),
        identity_step("(1 - y) sum_{j=0}^{t-1} y^j = 1 - y^t for every y (geometric series)",
                      (1 - y) * Sum(y ** j, (j, 0, t - 1)).doit(), 1 - y ** t),
        identity_step("y^t = (w^2)^t = (-1)^r for every integer r", (w ** 2) ** t, (-1) ** r),
        ProofStep(
            claim="exp(i pi q) = 1 only for even integers q, and none has 0 < |q| < 2; so y = exp(i pi r/t) != 1 "
                  "when 0 < |r| < 2t (q = r/t), and sin(pi r/(2t)) != 0",
            expression=Intersection(solutions, fractions, evaluate=False),
            holds=Intersection(solutions, fractions) == EmptySet,
            method="solveset(exp(I*pi*q) - 1, q, Complexes) & ((-2, 0) | (0, 2)) == EmptySet"),
        identity_step("w/(1 - w^2) = i/(2 sin(pi r/(2t))), so the sum w (1 - (-1)^r)/(1 - w^2) is "
                      "i (1 - (-1)^r)/(2 sin(pi r/(2t)))",
                      w / (1 - w ** 2), I / (2 * sin(pi * r / (2 * t))),
                      simplifier=lambda e: sympy.simplify(e.rewrite(exp))),
        identity_step("Re(i nu/sigma) = 0 for real nu and sigma != 0: the cosine sum is 0 for 0 < |r| < 2t",
                      re(I * real_num / real_den, evaluate=False), 0),
        identity_step("r = 0: the sum is sum_{j=1}^t cos(0) = t", Sum(cos(0 * j), (j, 1, t)).doit(), t),
    ]


def orthogonality_steps() -> list[ProofStep]:
    """``sum_j cos(p theta_j) cos(q theta_j) = (t/2)(delta_pq + delta_(p+q,0))`` for ``0 <= p, q <= t-1``."""
    pp, qq, tt = sympy.symbols("p q t", integer=True)
    return [
        identity_step("cos(p theta) cos(q theta) = (cos((p-q) theta) + cos((p+q) theta))/2",
                      cos(p * theta) * cos(q * theta), (cos((p - q) * theta) + cos((p + q) * theta)) / 2,
                      simplifier=lambda e: sympy.simplify(expand_trig(expand(e)))),
        z3_step("0 <= p, q <= t-1 give |p - q| < 2t, 0 <= p + q < 2t and p + q = 0 only at p = q = 0; so by the "
                "cosine sums sum_j cos((p-q) theta_j) = t delta_pq and sum_j cos((p+q) theta_j) = t delta_(p+q,0)",
                And(pp - qq < 2 * tt, pp - qq > -2 * tt, pp + qq >= 0, pp + qq < 2 * tt,
                    sympy.Implies(Eq(pp + qq, 0), And(Eq(pp, 0), Eq(qq, 0)))),
                [pp >= 0, qq >= 0, pp <= tt - 1, qq <= tt - 1]),
    ]


def exchange_steps() -> list[ProofStep]:
    """``sum_j (sum_q x_q G(q, j)) y_j = sum_q x_q sum_j G(q, j) y_j`` for any terms (finite sums)."""
    x, y = IndexedBase("x"), IndexedBase("y")
    G = sympy.Function("G")
    double = Sum(x[q] * G(q, j) * y[j], (q, 0, t - 1), (j, 1, t))
    return [
        identity_step("(sum_q x_q G(q, j)) y_j = sum_q x_q G(q, j) y_j (distributivity)",
                      Sum(x[q] * G(q, j), (q, 0, t - 1)) * y[j], Sum(x[q] * G(q, j) * y[j], (q, 0, t - 1))),
        identity_step("sum_j sum_q (...), a finite double sum with limits independent of each other, with the "
                      "order of summation exchanged (sympy's reorder) is sum_q sum_j (...)", double.reorder((0, 1)),
                      Sum(Sum(x[q] * G(q, j) * y[j], (j, 1, t)), (q, 0, t - 1))),
        identity_step("x_q sum_j G(q, j) y_j = sum_j x_q G(q, j) y_j (distributivity)",
                      x[q] * Sum(G(q, j) * y[j], (j, 1, t)), Sum(x[q] * G(q, j) * y[j], (j, 1, t))),
    ]


def collapse(weight_expr, free, summed=q):
    """``sum_{summed=0}^{t-1} weight_expr * gram(free, summed)``, evaluated by sympy (Kronecker deltas)."""
    return Sum(weight_expr * gram(free, summed), (summed, 0, t - 1)).doit()


def match_steps() -> list[ProofStep]:
    """``sum_j w_j cos(p theta_j) = phit_p`` for ``0 <= p <= t-1``, and then the response is ``phi_k``."""
    aa, cc = sympy.symbols("a c", integer=True, nonnegative=True)
    collapsed = collapse(dct_weight(q) * phit(q), p)
    later = {p: 1 + aa, t: 2 + aa + cc}
    return (
        exchange_steps()
        + [identity_step("p = 0: sum_q lambda_q phit_q (t/2)(delta_0q + delta_(q,0)) = phit_0",
                         collapsed.subs(p, 0), phit(0)),
           identity_step("1 <= p <= t-1 (p = 1 + a, t = 2 + a + c): sum_q lambda_q phit_q (t/2)(delta_pq + "
                         "delta_(p+q,0)) = phit_p.  So, as C_j B_j = t^(-1/2) sqrt(t) w_j = w_j (real_part), "
                         "Re(sum_j C_j A_jj^(k-1) B_j) = alpha^(k-1) sum_j w_j cos((k-1) theta_j) = "
                         "alpha^(k-1) phit_(k-1) = phi_k for k = p + 1 = 1..t",
                         collapsed.subs(later, simultaneous=True), phit(1 + aa))]
    )


def match_explicit_steps(sizes=range(1, 5)) -> list[ProofStep]:
    """The match expanded exactly for each ``t`` in ``sizes`` (symbolic ``phi_k`` and ``alpha``)."""
    steps = []
    for size in sizes:
        thetas = [dct_theta(jj, size) for jj in range(1, size + 1)]
        weights = [sum(dct_weight(qq, size) * phit(qq) * cos(qq * th) for qq in range(size)) for th in thetas]
        for time in range(1, size + 1):
            response = sum(re((1 / sqrt(size)) * (alpha * exp(I * th)) ** (time - 1) * (sqrt(size) * w))
                           for w, th in zip(weights, thetas))
            steps.append(identity_step(f"t = {size}, k = {time}: Re(sum_j C_j A_jj^(k-1) B_j) = phi_k",
                                       response, phi[time],
                                       simplifier=lambda e: sympy.simplify(expand(expand_trig(expand_complex(e))))))
    return steps


def parseval_steps() -> list[ProofStep]:
    """``||B||_2^2 = t sum_j w_j^2 = phit_0^2 + 2 sum_{q>=1} phit_q^2 <= 2 ||phit||_2^2``."""
    qq = Symbol("qq", integer=True, nonnegative=True)
    aa, cc = sympy.symbols("a c", integer=True, nonnegative=True)
    x, y = IndexedBase("x"), IndexedBase("y")
    inner = collapse(dct_weight(qq) * phit(qq), q, qq)
    ph = Symbol("phit_q", real=True)
    return [
        identity_step("B_j^2 = (sqrt(t) w_j)^2 = t w_j^2, and w_j^2 = (sum_q x_q)(sum_qq y_qq) = "
                      "sum_q x_q sum_qq y_qq (distributivity); with the finite sums exchanged (as in the match) "
                      "sum_j w_j^2 = sum_q sum_qq lambda_q lambda_qq phit_q phit_qq sum_j cos(q theta_j) "
                      "cos(qq theta_j)",
                      Sum(x[q], (q, 0, t - 1)) * Sum(y[qq], (qq, 0, t - 1)),
                      Sum(x[q] * Sum(y[qq], (qq, 0, t - 1)), (q, 0, t - 1))),
        identity_step("q = 0: lambda_0 phit_0 sum_qq lambda_qq phit_qq (t/2)(delta + delta) = phit_0^2/t",
                      dct_weight(0) * phit(0) * inner.subs(q, 0), phit(0) ** 2 / t),
        identity_step("q = 1 + a <= t - 1: lambda_q phit_q sum_qq (...) = 2 phit_q^2/t",
                      (dct_weight(q) * phit(q) * inner).subs({q: 1 + aa, t: 2 + aa + cc}, simultaneous=True),
                      2 * phit(1 + aa) ** 2 / (2 + aa + cc)),
        sign_step("t (phit_0^2/t) = phit_0^2 <= 2 phit_0^2 and t (2 phit_q^2/t) = 2 phit_q^2: termwise, "
                  "||B||_2^2 = phit_0^2 + 2 sum_{q>=1} phit_q^2 <= 2 ||phit||_2^2 (a sum of nonnegative slacks)",
                  2 * ph ** 2 - t * (ph ** 2 / t), "nonnegative"),
    ]


def alpha_steps(exponent=RADIUS_EXPONENT) -> list[ProofStep]:
    """``alpha^(t-1) = 2^(-exponent)`` gives ``||phit||_2^2 <= 2^(2 exponent) ||phi||_2^2``; ``||C||_2 = 1``."""
    v = Symbol("v", integer=True, positive=True)           # t = 1 + v >= 2
    xx = Symbol("x", real=True)
    qq, tt = sympy.symbols("q t", integer=True)
    bn2, pt2, p2, bn, pn = sympy.symbols("B2 Pt2 P2 Bn Pn", nonnegative=True)
    growth = 2 ** (2 * exponent)                             # bound on alpha^(-2q), q <= t-1
    ph1 = Symbol("phi_1", real=True)
    jj = Symbol("j", integer=True)
    return [
        identity_step("alpha^(-2q) = 2^(2 exponent q/(t-1)) for alpha = 2^(-exponent/(t-1)), t = 1 + v",
                      (dct_alpha(1 + v, exponent) ** (-2 * q)), 2 ** (2 * exponent * q / v)),
        z3_step("0 <= q <= t-1, t >= 2: q/(t-1) <= 1", sympy.Le(qq / (tt - 1), 1), [qq >= 0, qq <= tt - 1, tt >= 2]),
        sign_step("u -> 2^u increases (derivative 2^u log 2 > 0), so alpha^(-2q) = 2^(2 exponent q/(t-1)) <= "
                  "2^(2 exponent) and phit_q^2 <= 2^(2 exponent) phi_(q+1)^2", diff(2 ** xx, xx), "positive"),
        z3_step(f"||B||_2^2 <= 2 ||phit||_2^2 (Parseval) and ||phit||_2^2 <= {growth} ||phi||_2^2 give "
                f"||B||_2 <= sqrt(2 * {growth}) ||phi||_2 <= 2 ||phi||_2",
                bn <= 2 * pn, [bn2 <= 2 * pt2, pt2 <= growth * p2, Eq(bn ** 2, bn2), Eq(pn ** 2, p2)]),
        sign_step("t = 1 (alpha = 1/2, any alpha in (0, 1) works): ||B||_2^2 = phit_0^2 = phi_1^2 <= 4 phi_1^2",
                  4 * ph1 ** 2 - ph1 ** 2, "nonnegative"),
        identity_step("||C||_2^2 = sum_{j=1}^t (t^(-1/2))^2 = 1", Sum((1 / sqrt(t)) ** 2, (jj, 1, t)).doit(), 1),
        sign_step("log alpha = -exponent log 2/(t-1) < 0: every pole has |A_jj| = alpha < 1 (t = 1 + v)",
                  log(dct_alpha(1 + v, exponent)), "negative"),
    ]


def _part(name, steps_fn, *args):
    return lambda: _proof(name, steps_fn(*args))


a3_real_part = Statement(
    name="ranmilo.appendix_a3.prop3.real_part",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="For real B_j, C_j and A_jj = alpha e^(i theta_j): Re(C_j A_jj^(k-1) B_j) = C_j B_j alpha^(k-1) "
            "cos((k-1) theta_j) (symbolic k).",
    symbols=(alpha, theta, k),
    conclusion=Eq(re(c * (alpha * exp(I * theta)) ** (k - 1) * b), c * b * alpha ** (k - 1) * cos((k - 1) * theta)),
    prove=_part("ranmilo.appendix_a3.prop3.real_part", real_part_steps),
)

a3_cosine_sums = Statement(
    name="ranmilo.appendix_a3.prop3.cosine_sums",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="For integers t >= 1 and r: sum_{j=1}^t cos(r pi (2j-1)/(2t)) = t if r = 0 and 0 if 0 < |r| < 2t "
            "(symbolic t, r: a geometric series whose value is purely imaginary).",
    symbols=(t, r),
    hypotheses=(sympy.StrictLessThan(Abs(r), 2 * t),),
    conclusion=Eq(Sum(cos(r * dct_theta(j)), (j, 1, t)), t * KroneckerDelta(r, 0)),
    prove=_part("ranmilo.appendix_a3.prop3.cosine_sums", cosine_sum_steps),
)

a3_orthogonality = Statement(
    name="ranmilo.appendix_a3.prop3.orthogonality",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="For 0 <= p, q <= t-1: sum_{j=1}^t cos(p theta_j) cos(q theta_j) = (t/2)(delta_pq + delta_(p+q,0)), "
            "theta_j = pi (2j-1)/(2t) (product to sum, and the cosine sums at p - q and p + q).",
    symbols=(t, p, q),
    hypotheses=(sympy.Le(p, t - 1), sympy.Le(q, t - 1)),
    conclusion=Eq(Sum(cos(p * dct_theta(j)) * cos(q * dct_theta(j)), (j, 1, t)), gram(p, q)),
    prove=_part("ranmilo.appendix_a3.prop3.orthogonality", orthogonality_steps),
)

a3_match = Statement(
    name="ranmilo.appendix_a3.prop3.match",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="With w_j = sum_q lambda_q phit_q cos(q theta_j) (lambda_0 = 1/t, else 2/t): sum_j w_j cos(p theta_j) "
            "= phit_p for 0 <= p <= t-1 (exchange of finite sums, orthogonality), so with B_j = sqrt(t) w_j and "
            "C_j = t^(-1/2), Re(sum_j C_j A_jj^(k-1) B_j) = alpha^(k-1) phit_(k-1) = phi_k for k = 1..t "
            "(symbolic t; also expanded exactly for t = 1..4).",
    symbols=(t, p, k, alpha),
    hypotheses=(sympy.Le(p, t - 1), sympy.Le(k, t)),
    conclusion=Eq(Sum(dct_w(j) * cos(p * dct_theta(j)), (j, 1, t)), phit(p)),
    prove=lambda: _proof("ranmilo.appendix_a3.prop3.match", match_steps(), match_explicit_steps()),
)

a3_parseval = Statement(
    name="ranmilo.appendix_a3.prop3.parseval",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="||B||_2^2 = t sum_j w_j^2 = phit_0^2 + 2 sum_{q>=1} phit_q^2 <= 2 ||phit||_2^2 (symbolic t).",
    symbols=(t,),
    conclusion=sympy.Le(B_norm ** 2, 2 * Sum(phit(q) ** 2, (q, 0, t - 1))),
    prove=_part("ranmilo.appendix_a3.prop3.parseval", parseval_steps),
)

a3_alpha = Statement(
    name="ranmilo.appendix_a3.prop3.alpha",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="alpha = 2^(-1/(2(t-1))) (t >= 2): alpha^(-2q) <= 2 for q <= t-1, so ||phit||_2^2 <= 2 ||phi||_2^2 and "
            "with Parseval ||B||_2 <= 2 ||phi(I)_{:t}||_2; ||C||_2 = 1; alpha < 1 (stable).  t = 1: "
            "||B||_2 = |phi_1|.",
    symbols=(t, alpha),
    hypotheses=(Eq(alpha, dct_alpha()), sympy.Ge(t, 2)),
    conclusion=And(sympy.Le(B_norm, 2 * phi_norm), sympy.Le(C_norm, 1)),
    prove=_part("ranmilo.appendix_a3.prop3.alpha", alpha_steps),
)

_a3_steps = (a3_real_part, a3_cosine_sums, a3_orthogonality, a3_match, a3_parseval, a3_alpha)

appendix_a3_prop3 = register(Statement(
    name="ranmilo.appendix_a3.prop3",
    source=SOURCE_A3.format("Proposition 3 via the DCT"),
    summary="For every LTI phi and t in N there is a complex SSM of dimension t with complex A and REAL B, C "
            "matching phi up to t with (i) ||B||_2 <= 2 ||phi(I)_{:t}||_2 and (ii) ||C||_2 <= 1: "
            "A_jj = alpha exp(i pi (2j-1)/(2t)), alpha = 2^(-1/(2(t-1))), C_j = t^(-1/2), "
            "B_j = sqrt(t) (phit_0/t + (2/t) sum_{q>=1} phit_q cos(q pi (2j-1)/(2t))), phit_q = phi_(q+1)/alpha^q "
            "(a DCT-II).  Proposition 3's bounds carry over exactly (equality in (i) for phi = e_t).",
    symbols=(t, phi_norm, B_norm, C_norm),
    conclusion=And(sympy.Le(B_norm, 2 * phi_norm), sympy.Le(C_norm, 1)),
    bound=2 * phi_norm,
    steps=_a3_steps,
    prove=lambda: _proof("ranmilo.appendix_a3.prop3", *(s.prove().steps for s in _a3_steps)),
    remarks=("The radius is alpha = 2^(-1/(2(t-1))), not Appendix D.7's 2^(-1/(t-1)): the DCT puts the factor 2/t "
             "on the non-constant frequencies, so ||B||_2^2 reaches 2 ||phit||_2^2 (Parseval), and "
             "alpha^(t-1) = 2^(-1/2) pays this back; with D.7's alpha (i) fails (ranmilo.appendix_a3.d7_alpha).",
             "theta_j lies in (0, pi), so every pole is genuinely complex; the Re of the output then acts only "
             "through cos((k-1) theta_j), since B_j C_j is real.",
             "Further states (n_C > t) get B_j = 0 (ranmilo.appendix_a3.prop1)."),
))

appendix_a3_d7_alpha = register(Statement(
    name="ranmilo.appendix_a3.d7_alpha",
    source=SOURCE_A3.format("Proposition 3 via the DCT, with Appendix D.7's alpha"),
    summary="The DCT construction of ranmilo.appendix_a3.prop3 with Appendix D.7's radius alpha = 2^(-1/(t-1)) "
            "(alpha^(t-1) = 1/2) satisfies (i) ||B||_2 <= 2 ||phi(I)_{:t}||_2.  FALSE: it gives only "
            "||B||_2 <= 2 sqrt(2) ||phi||_2, attained at phi = e_t; t = 2, phi = (0, 1): ||B||_2^2 = 8 > 4.",
    symbols=(t, phi_norm, B_norm),
    hypotheses=(Eq(alpha, dct_alpha(t, 1)),),
    conclusion=sympy.Le(B_norm, 2 * phi_norm),
    bound=2 * phi_norm,
    remarks=("Our reading of 'Proposition 3 via the DCT' with the proof of D.7 carried over unchanged; the "
             "corrected construction takes alpha = 2^(-1/(2(t-1))) (ranmilo.appendix_a3.prop3).",
             "For phi = e_t: phit_(t-1) = 1/alpha^(t-1) = 2, so ||B||_2^2 = 2 * 2^2 = 8 ||phi||_2^2."),
))


def prop1_steps() -> list[ProofStep]:
    """The DCT construction matches any phi with t complex poles and real B, C; pad with B_j = 0."""
    return (
        _chained("ranmilo.appendix_a3.prop3.real_part")
        + _chained("ranmilo.appendix_a3.prop3.cosine_sums")
        + _chained("ranmilo.appendix_a3.prop3.orthogonality")
        + _chained("ranmilo.appendix_a3.prop3.match")
        + [identity_step("B_j = sqrt(t) w_j is real: Im(sum_q lambda_q phit_q cos(q theta_j)) = 0 for real phi",
                         im(dct_w(j), evaluate=False), 0)]
        + _chained("ranmilo.prop2.split")
        + _chained("ranmilo.prop2.padding")
    )


appendix_a3_prop1 = register(Statement(
    name="ranmilo.appendix_a3.prop1",
    source=SOURCE_A3.format("Proposition 1 carries over"),
    summary="For every LTI phi, t in N and n >= t there is an SSM of dimension n with complex A and real B, C "
            "matching phi up to t: the DCT construction (ranmilo.appendix_a3.prop3.match, proof chained) on "
            "states 1..t, B_j = 0 on the others (Proposition 2's split and padding, chained).  Symbolic t.",
    symbols=(t, n),
    hypotheses=(sympy.Ge(n, t),),
    conclusion=Eq(re(Sum(C_[j] * A_[j] ** (k - 1) * B_[j], (j, 1, n))), phi[k]),
    prove=lambda: _proof("ranmilo.appendix_a3.prop1", prop1_steps()),
    remarks=("Stronger than Proposition 1's own record (ranmilo.prop1), whose Vandermonde determinant is "
             "expanded for t <= 6 only: here the match is proved for symbolic t.",
             "Real poles with real B, C (Proposition 1's real construction) are in the class as well."),
))


def prop2_steps() -> list[ProofStep]:
    """Proposition 2's embedding copies the real values and pads with ``B = 0``: B and C stay real."""
    B_R, C_R = IndexedBase("B_R", real=True), IndexedBase("C_R", real=True)
    embedded_B = Piecewise((B_R[j], j <= n_R), (0, True))   # copied, then padded with 0
    embedded_C = Piecewise((C_R[j], j <= n_R), (1, True))   # copied, then padded with 1 (A_jj = 0 there)
    return (
        _chained("ranmilo.prop2")
        + [identity_step("the embedded B_j (B_R,j for j <= n_R, 0 after) is real: Im(B_j) = 0",
                         im(embedded_B, evaluate=False), 0),
           identity_step("the embedded C_j (C_R,j for j <= n_R, 1 after) is real: Im(C_j) = 0",
                         im(embedded_C, evaluate=False), 0)]
    )


appendix_a3_prop2 = register(Statement(
    name="ranmilo.appendix_a3.prop2",
    source=SOURCE_A3.format("Proposition 2 carries over"),
    summary="If n >= n_R, every mapping of a real SSM of dimension n_R is realised exactly by an SSM of dimension n "
            "with complex A and real B, C: Proposition 2's embedding (ranmilo.prop2, proof chained) copies the "
            "real values and pads with A_jj = 0, B_j = 0, C_j = 1, all real.",
    symbols=(n, n_R),
    hypotheses=(sympy.Ge(n, n_R),),
    conclusion=And(Eq(re(Sum(C_[j] * A_[j] ** (k - 1) * B_[j], (j, 1, n))),
                      Sum(IndexedBase("C_R", real=True)[j] * IndexedBase("A_R", real=True)[j] ** (k - 1)
                          * IndexedBase("B_R", real=True)[j], (j, 1, n_R))),
                   Eq(im(B_[j]), 0), Eq(im(C_[j]), 0)),
    prove=lambda: _proof("ranmilo.appendix_a3.prop2", prop2_steps()),
    remarks=("A, B, C are the assignment of dimension n; A_R, B_R, C_R the real SSM.",),
))

appendix_a3_thm1 = register(Statement(
    name="ranmilo.appendix_a3.thm1",
    source=SOURCE_A3.format("Theorem 1 carries over"),
    summary="Theorem 1 for a one-dimensional complex SSM with real B_C, C_C: if |sin arg A_C| >= 0.2, "
            "|A_C| >= 0.5^(1/t), |B_C C_C| >= 1 with B_C C_C real, and a real SSM eps-approximates it up to t, "
            "then n_R >= floor(t/9) - 1 - 4 eps.  The special case arg(B_C C_C) in {0, pi} of Theorem 1: it holds "
            "wherever Theorem 1 does; no proof here (Theorem 1 has none), checked on Theorem 1's instances at "
            "those phases.",
    symbols=(t, n_R, epsilon),
    conclusion=sympy.Ge(n_R, floor(t / 9) - 1 - 4 * epsilon),
    bound=floor(t / 9) - 1 - 4 * epsilon,
    remarks=("Theorem 1 itself is certified on a grid of instances and its printed proof has refuted steps "
             "(ranmilo.thm1, ranmilo.thm1_repaired); the special case inherits that status.",),
))
