"""Theorem 1 of Ran-Milo et al. 2024 (Section 3.2; proof in Appendix D.2), its lemmas, the steps of
its printed proof, and the corrected forms of the steps that fail.

Theorem 1.  Let ``t`` in N, ``eps >= 0`` and a one-dimensional complex SSM with
``|sin arg A| >= 0.2``, ``|A| >= 0.5^(1/t)`` and ``|B C| >= 1``.  If a real SSM of dimension
``n_R`` eps-approximates it up to time ``t``, then ``n_R >= floor(t/9) - 1 - 4 eps``
(``ranmilo.thm1``; its instance grid is checked elsewhere).

Setup (D.2.1), numerics in :mod:`numerics.realfit.balancing`: Definition 3 (mostly-positive
``[-pi/3, pi/3]`` and mostly-negative ``[2pi/3, 4pi/3]``, closed, mod 2pi), Remark 1
(``ranmilo.remark1``), Definition 4 (balanced), Definition 5 (the balancing number ``beta``),
Lemma 1 (``ranmilo.lemma1``), Lemma 2 (``ranmilo.lemma2``), Corollary 4 (``ranmilo.cor4``),
Lemma 5 (``ranmilo.lemma5``) and Lemma 4 (``ranmilo.lemma4``).

The printed proof (D.2.2), in the order it uses its claims (``ranmilo.thm1.<step>``):

1. ``arg_range``: ``|sin arg A| >= 0.2`` gives ``arg A mod pi in [pi/16, pi - pi/16]`` -- true
   (``arcsin 0.2 = 0.2014 > pi/16 = 0.1963``; the printed text omits "mod pi");
2. ``double_angle``: ``2 arg A mod pi in 2 [pi/16, pi - pi/16] mod pi = [2pi/8, pi - 2pi/8]`` --
   FALSE: ``2 [pi/16, 15pi/16] = [pi/8, 15pi/8]`` is longer than pi, so mod pi it is all of
   ``[0, pi)``; ``arg A = pi/2`` gives ``2 arg A mod pi = 0``;
3. ``balancing_of_square``: by Corollary 4, ``beta(A^2)`` is "less than 9", used as "at most 9" --
   FALSE: ``arg A = pi/2`` gives ``arg A^2 = pi`` and ``beta(A^2) = infinity`` (at ``b = pi/2``
   every point is at ``+-pi/2``, in neither region); ``arg A = pi/11`` gives ``beta(A^2) = 10``;
4. ``odd_restriction``: ``||Y|1 - Z|1||_1 <= eps`` and ``(Z|1)_k = Re(B C A^(2k-2))`` -- true;
5. ``magnitude``: a mostly-positive (negative) ``B C A^(2k-2)`` has ``Re >= 1/4`` (``<= -1/4``) for
   ``k <= ceil(t/2)`` -- true;
6. ``alternation``: ``beta(A^2) <= 9`` gives an alternating subsequence of length
   ``floor(t/9) - 1`` among ``k = 1..floor(t/2)`` -- FALSE under both readings of the index
   range, ``K = floor(t/2)`` as printed and ``K = ceil(t/2)`` (the odd indices ``<= t``):
   ``arg A = 2pi/21`` has ``beta(A^2) = 9`` but at ``t = 108`` (even, so ``K = 54`` either way)
   and ``arg(B C) = 5pi/14`` only 10 < 11 alternations exist (``arg A = pi/10``: 14 < 15 at
   ``t = 144``); blocks of ``beta`` consecutive indices give ``floor(K/beta) + 1``;
7. ``sign_changes``: ``Y|1`` has at most ``n_R - 1`` sign changes (mean value theorem and Lemma 4)
   -- true, although Lemma 4 as printed is false (``ranmilo.lemma4_corrected`` supports it);
8. ``disagreements``: ``Y|1`` and ``Z|1`` then disagree in sign at ``floor(t/p) - n_R - 1`` of
   those indices -- FALSE: an alternating ``(+, -, +)`` against a positive ``Y|1`` (``n_R = 1``)
   disagrees once, not twice; the right count is ``ceil((L - n_R)/2)`` for ``L`` alternations;
9. ``final_inequality``: ``(1/4)(floor(t/9) - n_R - 1) <= eps`` gives the bound -- true algebra,
   for ``eps >= 0`` too ("Let eps > 0" is harmless).

So the printed proof does not support Theorem 1's bound (the statement itself is not refuted
here).  The repaired proof (``ranmilo.thm1_repaired``, steps ``ranmilo.thm1_repaired.<step>``) needs
an extra hypothesis on the angle (``2 arg A mod pi`` at distance ``>= 2pi/(p-1)`` from 0 and pi,
``p >= 9``; the theorem's ``|sin arg A| >= 0.2`` does not give it) and yields
``n_R >= floor(ceil(t/2)/p) + 1 - 8 eps`` when ``ceil(t/2) >= p``.
"""
from __future__ import annotations

import sympy
from sympy import Abs, IndexedBase, Rational, Sum, Symbol, ceiling, cos, floor, pi, sin

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step


SOURCE = "Theorem 1, Ran-Milo et al. 2024 (Section 3.2; proof in Appendix D.2)"
SETUP = "Appendix D.2.1, Ran-Milo et al. 2024"
PROOF = "Proof of Theorem 1, Appendix D.2.2, Ran-Milo et al. 2024"
OURS = "corrected form (ours) of a step of Theorem 1's proof, Ran-Milo et al. 2024"
OURS_LEMMA1 = "corrected form (ours) of a step of Lemma 1's proof, Ran-Milo et al. 2024 (Appendix D.2.1)"
OURS_LEMMA4 = "corrected form (ours) of Lemma 4, Ran-Milo et al. 2024 (Appendix D.2.1)"
REPAIRED = "what the repaired proof of Theorem 1 gives (ours), Ran-Milo et al. 2024"

t = Symbol("t", integer=True, positive=True)
epsilon = Symbol("epsilon", nonnegative=True)
n_R = Symbol("n_R", integer=True, nonnegative=True)
p = Symbol("p", integer=True, positive=True)
k = Symbol("k", integer=True, positive=True)
s = Symbol("s", nonnegative=True)
x = Symbol("x", real=True)
theta = Symbol("theta", real=True)
beta = sympy.Function("beta")
L = Symbol("L", integer=True, nonnegative=True)  # length of an alternating subsequence
A_abs = Symbol("|A|", positive=True)  # theta stands for arg A
BC_abs = Symbol("|B C|", positive=True)

#: The printed lower bound on the real dimension.
BOUND = floor(t / 9) - 1 - 4 * epsilon
#: The lower bound of the repaired proof (``ranmilo.thm1_repaired``), for ``ceil(t/2) >= p``.
REPAIRED_BOUND = floor(ceiling(t / 2) / p) + 1 - 8 * epsilon


def _proof(name, steps) -> Proof:
    return Proof(statement=name, steps=tuple(steps))


# ---------------------------------------------------------------------------------------------
# Remark 1.

def remark1_steps() -> list[ProofStep]:
    """``Re x = |x| cos(arg x)``, and sympy's solution sets of ``cos >= 1/2`` and ``cos <= -1/2``
    on ``[0, 2pi)`` are Definition 3's regions."""
    r = Symbol("r", positive=True)
    circle = sympy.Interval.Ropen(0, 2 * pi)
    positive = sympy.solveset(cos(x) >= Rational(1, 2), x, circle)
    negative = sympy.solveset(cos(x) <= -Rational(1, 2), x, circle)
    definition_positive = sympy.Union(sympy.Interval(0, pi / 3), sympy.Interval.Ropen(5 * pi / 3, 2 * pi))
    definition_negative = sympy.Interval(2 * pi / 3, 4 * pi / 3)
    return [
        identity_step("x = r e^(i arg x) with r = |x| > 0: Re x = |x| cos(arg x), so Re x >= |x|/2 iff "
                      "cos(arg x) >= 1/2 and Re x <= -|x|/2 iff cos(arg x) <= -1/2",
                      sympy.re(r * sympy.exp(sympy.I * x)), r * cos(x)),
        ProofStep("solveset(cos(x) >= 1/2, x, [0, 2pi)) is Definition 3's mostly-positive set "
                  "[0, pi/3] u [5pi/3, 2pi)", sympy.Eq(positive, definition_positive, evaluate=False),
                  bool(positive == definition_positive), "sympy.solveset, set equality"),
        ProofStep("solveset(cos(x) <= -1/2, x, [0, 2pi)) is Definition 3's mostly-negative set [2pi/3, 4pi/3]",
                  sympy.Eq(negative, definition_negative, evaluate=False),
                  bool(negative == definition_negative), "sympy.solveset, set equality"),
    ]


remark1 = Statement(
    name="ranmilo.remark1",
    source=SETUP + " (Definition 3, Remark 1)",
    summary="Definition 3: theta is mostly-positive if theta mod 2pi in [0, pi/3] u [5pi/3, 2pi], mostly-negative "
            "if in [2pi/3, 4pi/3].  Remark 1: for x != 0, arg x is mostly-positive iff Re x >= |x|/2 and "
            "mostly-negative iff Re x <= -|x|/2.",
    symbols=(x,),
    conclusion=sympy.Equivalent(sympy.Ge(cos(x), Rational(1, 2)), sympy.Contains(
        x, sympy.Union(sympy.Interval(0, pi / 3), sympy.Interval.Ropen(5 * pi / 3, 2 * pi)))),
    prove=lambda: _proof("ranmilo.remark1", remark1_steps()),
    remarks=("x stands for arg x in [0, 2pi) in the conclusion (and the mostly-negative case likewise).",),
)


# ---------------------------------------------------------------------------------------------
# Lemma 5, Lemma 1, Lemma 2, Corollary 4, Lemma 4.

lemma5 = Statement(
    name="ranmilo.lemma5",
    source=SETUP + " (Lemma 5)",
    summary="Let theta in (0, 2pi), b real and p theta >= 2pi.  Then {(b + j theta) mod 2pi : j = 1..p} meets "
            "every closed arc of length theta.  Equivalently (rotations keep gaps): the largest circular gap "
            "of {j theta mod 2pi} is at most theta.",
    symbols=(theta, p),
    hypotheses=(sympy.Gt(theta, 0), sympy.Lt(theta, 2 * pi), sympy.Ge(p * theta, 2 * pi)),
    remarks=("The printed proof (the arcs [x_(k-1), x_k) of length theta cover the circle, and an arc J of "
             "length theta that meets one contains one of its endpoints) is correct; the check decides the "
             "statement exactly on a grid of rational multiples of pi.",),
)

choice_of_k = Statement(
    name="ranmilo.lemma1.choice_of_k",
    source=SETUP + " (proof of Lemma 1, case 1)",
    summary="Proof of Lemma 1, case 1, as printed: for theta in [2pi/p, 2pi/3] (p >= 4), the k with "
            "2pi < theta k <= 2pi + theta satisfies 4 <= k <= p.  FALSE at theta = 2pi/p, where k = p + 1.",
    symbols=(theta, p, k),
    hypotheses=(sympy.Ge(p, 4), sympy.Le(2 * pi / p, theta), sympy.Le(theta, 2 * pi / 3),
                sympy.Lt(2 * pi, theta * k), sympy.Le(theta * k, 2 * pi + theta)),
    conclusion=sympy.And(sympy.Le(4, k), sympy.Le(k, p)),
    remarks=("Counterexample p = 4, theta = pi/2: 2pi < k pi/2 <= 5pi/2 gives k = 5 > 4.  The non-strict choice "
             "2pi <= theta k < 2pi + theta (k = ceil(2pi/theta)) gives 3 <= k <= p and is what Lemma 5 needs "
             "(p theta >= 2pi): ranmilo.lemma1_corrected.choice_of_k.",),
)

case1 = Statement(
    name="ranmilo.lemma1.case1",
    source=SETUP + " (Lemma 1, first case)",
    summary="For p >= 4, theta = arg x in [2pi/p, 2pi/3] implies beta(x) <= p.",
    symbols=(theta, p),
    hypotheses=(sympy.Ge(p, 4), sympy.Le(2 * pi / p, theta), sympy.Le(theta, 2 * pi / 3)),
    conclusion=sympy.Le(beta(theta), p),
)

case2_proof_interval = Statement(
    name="ranmilo.lemma1.case2_proof_interval",
    source=SETUP + " (proof of Lemma 1, second case, as printed)",
    summary="The second case as printed in the proof: for p >= 9, theta in [pi/2 + 2pi/(p-1), 4pi/3] implies "
            "beta(x) <= p.  FALSE: theta = pi lies in that interval for every p >= 9 and beta(e^(i pi)) is "
            "infinite.",
    symbols=(theta, p),
    hypotheses=(sympy.Ge(p, 9), sympy.Le(pi / 2 + 2 * pi / (p - 1), theta), sympy.Le(theta, 4 * pi / 3)),
    conclusion=sympy.Le(beta(theta), p),
    remarks=("Lemma 1's statement has pi + 2pi/(p-1), and the proof's computation "
             "2 theta mod 2pi in [4pi/(p-1), 2pi/3] only holds for that interval (ranmilo.lemma1.case2).",),
)

case2 = Statement(
    name="ranmilo.lemma1.case2",
    source=SETUP + " (Lemma 1, second case)",
    summary="For p >= 9, theta = arg x in [pi + 2pi/(p-1), 4pi/3] implies beta(x) <= p (the proof: the odd and "
            "even multiples of theta are two sequences of step 2 theta mod 2pi in [4pi/(p-1), 2pi/3], "
            "each balanced by case 1 with floor(p/2), and a union of balanced sets is balanced).",
    symbols=(theta, p),
    hypotheses=(sympy.Ge(p, 9), sympy.Le(pi + 2 * pi / (p - 1), theta), sympy.Le(theta, 4 * pi / 3)),
    conclusion=sympy.Le(beta(theta), p),
    remarks=("The proof writes '2 theta mod pi'; the computation [4pi/(p-1), 2pi/3] is of 2 theta mod 2pi.  "
             "4pi/(p-1) >= 2pi/floor(p/2) since 2 floor(p/2) >= p - 1, and floor(p/2) >= 4 for p >= 9.",),
)

lemma1 = Statement(
    name="ranmilo.lemma1",
    source=SETUP + " (Lemma 1)",
    summary="For p >= 4, theta = arg x in [2pi/p, 2pi/3] implies beta(x) <= p; for p >= 9, theta in "
            "[pi + 2pi/(p-1), 4pi/3] implies beta(x) <= p.",
    symbols=(theta, p),
    conclusion=sympy.Le(beta(theta), p),
    steps=(choice_of_k, case1, case2_proof_interval, case2),
    remarks=("The printed proof of case 1 chooses k with a strict inequality that fails at theta = 2pi/p "
             "(ranmilo.lemma1.choice_of_k); the proof of case 2 is printed for the wrong interval "
             "(ranmilo.lemma1.case2_proof_interval).  The statement itself holds on the checked grid.",),
)

choice_of_k_corrected = Statement(
    name="ranmilo.lemma1_corrected.choice_of_k",
    source=OURS_LEMMA1,
    summary="For theta in [2pi/p, 2pi/3], p >= 4, k = ceil(2pi/theta) satisfies 3 <= k <= p and k theta >= 2pi, "
            "and the k-set {b + theta, ..., b + k theta} is balanced for every real b (every closed arc of "
            "length 2pi/3 holds at least floor((2pi/3)/theta) >= k/6 of its points).",
    symbols=(theta, p, k),
    hypotheses=(sympy.Ge(p, 4), sympy.Le(2 * pi / p, theta), sympy.Le(theta, 2 * pi / 3),
                sympy.Eq(k, ceiling(2 * pi / theta))),
    conclusion=sympy.And(sympy.Le(k, p), sympy.Le(beta(theta), k)),
    corrects="ranmilo.lemma1.choice_of_k",
)

lemma2 = Statement(
    name="ranmilo.lemma2",
    source=SETUP + " (Lemma 2)",
    summary="beta(e^(r + i theta)) = beta(e^(r - i theta)), i.e. beta depends on arg x only up to sign.  Printed "
            "for 'natural numbers r, theta', with a proof over 'rational theta, b' and b in C; it holds for "
            "all real r, theta (negation maps each region onto itself and the b-set onto the -b-set).",
    symbols=(theta,),
    conclusion=sympy.Eq(beta(theta), beta(-theta)),
    remarks=("b must be real (Definition 5); r plays no role (beta depends only on the argument).  Definition 5's "
             "'non-zero real b' changes nothing: the minimum over b of each count is attained on open arcs "
             "(numerics.realfit.balancing).",),
)

cor4 = Statement(
    name="ranmilo.cor4",
    source=SETUP + " (Corollary 4)",
    summary="If arg(x) mod pi in [2pi/(p-1), pi - 2pi/(p-1)] for some p >= 9, then beta(x) <= p (Lemma 1 on "
            "[2pi/p, 2pi/3] u [pi + 2pi/(p-1), 4pi/3] and Lemma 2 on its negative).",
    symbols=(theta, p),
    hypotheses=(sympy.Ge(p, 9),),
    conclusion=sympy.Le(beta(theta), p),
)

a_sym, b_sym = IndexedBase("a"), IndexedBase("b")
i_sym = Symbol("i", integer=True, positive=True)
n_sym = Symbol("n", integer=True, positive=True)

lemma4 = Statement(
    name="ranmilo.lemma4",
    source=SETUP + " (Lemma 4)",
    summary="For a_i >= 0 and b_i real, f(x) = sum_{i=1}^n b_i a_i^x has at most n - 1 zeros.  FALSE as "
            "printed: n = 1, a_1 = 0, b_1 = 1 gives f(x) = 0^x = 0 for every x > 0 (and f = 0 identically when "
            "all b_i = 0, or a_1 = a_2, b_1 = -b_2).",
    symbols=(n_sym,),
    conclusion=sympy.Le(Symbol("zeros(f)"), n_sym - 1),
    remarks=("The induction (divide by b_1 a_1^x, Rolle, apply the hypothesis to g') also needs f not identically "
             "zero and distinct positive a_i: with a_i = a_1 the derivative g' vanishes identically.",
             "What Theorem 1 uses is a statement about sign changes of a sampled sequence; see "
             "ranmilo.lemma4_corrected.",),
)

lemma4_corrected = Statement(
    name="ranmilo.lemma4_corrected",
    source=OURS_LEMMA4,
    summary="(a) For distinct a_i > 0 and b_i real, not all 0, f(x) = sum b_i a_i^x has at most n - 1 real zeros "
            "(the printed induction works under these hypotheses).  (b) Hence a real sequence "
            "y_k = sum_{j=1}^n w_j alpha_j^(k-1), alpha_j >= 0, k >= 1, has at most n - 1 strict sign changes "
            "(zeros skipped): merge equal alpha_j, drop zero weights; between two non-zero entries of opposite "
            "sign f has a zero (continuity on x > 0); an alpha_j = 0 term only changes y_1 and costs one term.",
    symbols=(n_sym,),
    conclusion=sympy.Le(Symbol("sign_changes(y)"), n_sym - 1),
    corrects="ranmilo.lemma4",
)


# ---------------------------------------------------------------------------------------------
# The steps of the proof of Theorem 1.

def arg_range_steps() -> list[ProofStep]:
    """``sin(pi/16) < 1/5`` exactly, ``|sin|`` is pi-periodic and symmetric about pi/2, and sin is
    increasing on ``[0, pi/2]``."""
    c8 = cos(pi / 8)
    return [
        identity_step("half angle: sin(pi/16)^2 = (1 - cos(pi/8))/2", sin(pi / 16) ** 2, (1 - c8) / 2),
        identity_step("cos(pi/8)^2 = 1/2 + sqrt(2)/4", c8 ** 2, Rational(1, 2) + sympy.sqrt(2) / 4),
        sign_step("2 - (866/625)^2 > 0, so sqrt(2) > 866/625 and cos(pi/8)^2 = 1/2 + sqrt(2)/4 > (23/25)^2, "
                  "cos(pi/8) > 23/25 (both positive), sin(pi/16)^2 = (1 - cos(pi/8))/2 < 1/25",
                  2 - Rational(866, 625) ** 2, "positive"),
        identity_step("the identity behind the previous claim: 1/2 + (866/625)/4 = (23/25)^2",
                      Rational(1, 2) + Rational(866, 625) / 4, Rational(23, 25) ** 2),
        identity_step("sin is increasing on [0, pi/2]: its derivative is cos, >= 0 there; so sin < sin(pi/16) "
                      "< 1/5 on [0, pi/16)", sympy.diff(sin(x), x), cos(x)),
        identity_step("|sin(x + pi)| = |sin x|: |sin arg A| depends only on arg A mod pi", Abs(sin(x + pi)),
                      Abs(sin(x))),
        identity_step("sin(pi - x) = sin x: on (pi - pi/16, pi) also |sin| < 1/5; hence |sin arg A| >= 0.2 forces "
                      "arg A mod pi in [pi/16, pi - pi/16]", sin(pi - x), sin(x)),
    ]


arg_range = Statement(
    name="ranmilo.thm1.arg_range",
    source=PROOF + ", first sentence",
    summary="|sin arg A| >= 0.2 implies arg A mod pi in [pi/16, pi - pi/16] (arcsin 0.2 = 0.2014 > pi/16 = 0.1963, "
            "so the deduction is valid).  The text prints 'arg A in [pi/16, pi - pi/16]' without 'mod pi', false "
            "for arg A in (pi, 2pi) (e.g. 3pi/2) but only used mod pi.",
    symbols=(theta,),
    hypotheses=(sympy.Ge(Abs(sin(theta)), Rational(1, 5)),),
    conclusion=sympy.Contains(sympy.Mod(theta, pi), sympy.Interval(pi / 16, pi - pi / 16)),
    prove=lambda: _proof("ranmilo.thm1.arg_range", arg_range_steps()),
)

double_angle = Statement(
    name="ranmilo.thm1.double_angle",
    source=PROOF + ", step 1",
    summary="As printed: arg(A^2) mod pi = 2 arg(A) mod pi in 2 [pi/16, pi - pi/16] mod pi = [2pi/(9-1), "
            "pi - 2pi/(9-1)].  FALSE: 2 [pi/16, 15pi/16] = [pi/8, 15pi/8] has length 7pi/4 > pi, so mod pi it is "
            "all of [0, pi); arg A = pi/2 (|sin| = 1) gives 2 arg A mod pi = 0.  (Even read as an interval "
            "endpoint, 2 pi/16 = pi/8 != 2pi/8.)",
    symbols=(theta,),
    hypotheses=(sympy.Contains(sympy.Mod(theta, pi), sympy.Interval(pi / 16, pi - pi / 16)),),
    conclusion=sympy.Contains(sympy.Mod(2 * theta, pi), sympy.Interval(pi / 4, pi - pi / 4)),
)


def double_angle_repaired_steps() -> list[ProofStep]:
    return [
        identity_step("sin(x/2)^2 + sin(x/2 + pi/2)^2 = 1, so for every x one of theta = x/2, x/2 + pi/2 has "
                      "sin(theta)^2 >= 1/2", sin(x / 2) ** 2 + sin(x / 2 + pi / 2) ** 2, 1),
        sign_step("1/2 > (1/5)^2: that theta satisfies |sin theta| >= 0.2", Rational(1, 2) - Rational(1, 25),
                  "positive"),
        identity_step("2 (x/2 + pi/2) = x + pi, so 2 theta = x mod pi for both choices", 2 * (x / 2 + pi / 2) - pi, x),
    ]


double_angle_corrected = Statement(
    name="ranmilo.thm1_repaired.double_angle",
    source=OURS,
    summary="Over all A with |sin arg A| >= 0.2, 2 arg A mod pi takes every value in [0, pi): for any x one of "
            "theta = x/2, x/2 + pi/2 has |sin theta| >= 1/sqrt(2) and 2 theta = x mod pi.  So no p >= 9 has "
            "[2pi/(p-1), pi - 2pi/(p-1)] containing the range, and Corollary 4 bounds beta(A^2) for no p "
            "uniformly over the theorem's hypotheses.",
    symbols=(x,),
    conclusion=sympy.Eq(sympy.Symbol("range(2 arg A mod pi)"), sympy.Interval.Ropen(0, pi), evaluate=False),
    prove=lambda: _proof("ranmilo.thm1_repaired.double_angle", double_angle_repaired_steps()),
    corrects="ranmilo.thm1.double_angle",
)

balancing_of_square = Statement(
    name="ranmilo.thm1.balancing_of_square",
    source=PROOF + ", step 1",
    summary="As printed: by Corollary 4 the balancing number of A^2 is 'less than 9' (then used as 'at most 9'), "
            "for every A with |sin arg A| >= 0.2.  FALSE: arg A = pi/2 gives beta(A^2) = beta(e^(i pi)) = "
            "infinity (b = pi/2 puts every point at +-pi/2); arg A = pi/15 gives beta(A^2) = 12.",
    symbols=(theta,),
    hypotheses=(sympy.Ge(Abs(sin(theta)), Rational(1, 5)),),
    conclusion=sympy.Le(beta(2 * theta), 9),
    remarks=("'Less than 9' is stronger still: arg A = pi/10 is admissible and beta(A^2) = 9.",),
)

balancing_of_square_corrected = Statement(
    name="ranmilo.thm1_repaired.balancing_of_square",
    source=OURS,
    summary="Corollary 4 applied correctly: if 2 arg A mod pi in [2pi/(p-1), pi - 2pi/(p-1)] for some p >= 9, then "
            "beta(A^2) <= p.  This is an extra hypothesis: |sin arg A| >= 0.2 does not imply it for any p "
            "(ranmilo.thm1_repaired.double_angle), and without it beta(A^2) is unbounded (infinite at "
            "arg A = pi/2).",
    symbols=(theta, p),
    hypotheses=(sympy.Ge(p, 9), sympy.Contains(sympy.Mod(2 * theta, pi),
                                               sympy.Interval(2 * pi / (p - 1), pi - 2 * pi / (p - 1)))),
    conclusion=sympy.Le(beta(2 * theta), p),
    corrects="ranmilo.thm1.balancing_of_square",
)

X = IndexedBase("x", real=True)  # x = Y - Z
j = Symbol("j", integer=True, positive=True)
M = Symbol("M", integer=True, positive=True)  # number of entries of each parity


def l1_split_steps() -> list[ProofStep]:
    """``sum_{m=1}^{2M} |x_m| = sum_{j=1}^M |x_(2j-1)| + sum_{j=1}^M |x_(2j)|`` for symbolic ``M``,
    by induction on ``M``, and the odd length ``2M + 1``.  sympy cannot re-index a sum over
    ``1..2M`` into odd and even parts directly; it does combine sums over adjacent ranges, which is
    all the induction step needs."""
    def entry(m):
        return Abs(X[m])

    def total(top):  # ||x||_1 over m = 1..top
        return Sum(entry(j), (j, 1, top))

    def parts(count):  # odd part + even part over j = 1..count
        return Sum(entry(2 * j - 1), (j, 1, count)) + Sum(entry(2 * j), (j, 1, count))

    pair = entry(2 * j - 1) + entry(2 * j)
    return [
        identity_step("l1 split, base M = 1: |x_1| + |x_2| on both sides", total(2).doit(), parts(1).doit()),
        identity_step("induction, total: sum_{m=1}^{2M} + sum_{m=2M+1}^{2M+2} = sum_{m=1}^{2M+2} (adjacent ranges)",
                      total(2 * M) + Sum(entry(j), (j, 2 * M + 1, 2 * M + 2)), total(2 * M + 2)),
        identity_step("induction, parts: odd + even over j = 1..M, plus the pair j = M + 1, is odd + even over "
                      "j = 1..M+1", parts(M) + Sum(pair, (j, M + 1, M + 1)), parts(M + 1)),
        identity_step("induction, the new entries agree: the pair j = M + 1 is |x_(2M+1)| + |x_(2M+2)|; so "
                      "total(2M+2) - parts(M+1) = total(2M) - parts(M), and by induction the split holds for "
                      "every M >= 1", Sum(pair, (j, M + 1, M + 1)), Sum(entry(j), (j, 2 * M + 1, 2 * M + 2))),
        identity_step("odd length t = 2M + 1, total: sum_{m=1}^{2M} + |x_(2M+1)| = sum_{m=1}^{2M+1}",
                      total(2 * M) + Sum(entry(j), (j, 2 * M + 1, 2 * M + 1)), total(2 * M + 1)),
        identity_step("odd length t = 2M + 1, odd part: the odd part over j = 1..M plus the term j = M + 1 is the "
                      "odd part over j = 1..M+1", Sum(entry(2 * j - 1), (j, 1, M)) +
                      Sum(entry(2 * j - 1), (j, M + 1, M + 1)), Sum(entry(2 * j - 1), (j, 1, M + 1))),
        identity_step("odd length t = 2M + 1: that term is |x_(2M+1)|, the one more entry of the total",
                      Sum(entry(2 * j - 1), (j, M + 1, M + 1)), Sum(entry(j), (j, 2 * M + 1, 2 * M + 1))),
    ]


def odd_restriction_steps() -> list[ProofStep]:
    A, BC = Symbol("A"), Symbol("BC")
    return [
        identity_step("Z_m = Re(B C A^(m-1)); at m = 2k - 1 the exponent is 2k - 2: (Z|1)_k = Re(B C (A^2)^(k-1))",
                      BC * A ** ((2 * k - 1) - 1), BC * (A ** 2) ** (k - 1)),
        *l1_split_steps(),
        sign_step("the even part is a sum of absolute values, >= 0; so ||Y|1 - Z|1||_1 <= ||Y - Z||_1 <= eps "
                  "(t = 2M: odd part = total - even part; t = 2M + 1: the same with the extra odd entry on both "
                  "sides)", Sum(Abs(X[2 * j]), (j, 1, M)), "nonnegative"),
    ]


odd_restriction = Statement(
    name="ranmilo.thm1.odd_restriction",
    source=PROOF + ", step 2",
    summary="eps-approximation up to time t gives ||Y|1 - Z|1||_1 <= eps for the odd-index restrictions, and "
            "(Z|1)_k = Z_(2k-1) = Re(B C A^(2k-2)) = Re(B C (A^2)^(k-1)).",
    symbols=(t, epsilon, k),
    conclusion=sympy.Le(Symbol("||Y|1 - Z|1||_1"), epsilon),
    prove=lambda: _proof("ranmilo.thm1.odd_restriction", odd_restriction_steps()),
    remarks=("The split of the l1 norm over m = 1..t into odd and even entries is proved for symbolic length "
             "(induction on the number M of entries of each parity, for t = 2M and t = 2M + 1): sympy "
             "establishes the base case and the induction step; the induction principle is the logic that "
             "joins them.",),
)


def magnitude_steps() -> list[ProofStep]:
    u = Symbol("u", real=True)
    h = Symbol("h", integer=True, nonnegative=True)
    s1, s2 = sympy.symbols("s_1 s_2", nonnegative=True)
    return [
        sign_step("k <= ceil(t/2) means t >= 2k - 1; with k = 1 + h, t = 2h + 1 + s (h, s >= 0): "
                  "1 - (2k - 2)/t >= 0", 1 - (2 * k - 2) / t, "nonnegative", {t: 2 * h + 1 + s, k: h + 1}),
        identity_step("|A| >= 2^(-1/t) gives |A|^(2k-2) >= (2^(-1/t))^(2k-2) = 2^(-(2k-2)/t)",
                      (2 ** (-1 / t)) ** (2 * k - 2), 2 ** (-(2 * k - 2) / t)),
        sign_step("2^u is increasing (derivative 2^u log 2 > 0), so (2k-2)/t <= 1 gives 2^(-(2k-2)/t) >= 1/2",
                  sympy.diff(2 ** u, u), "positive"),
        sign_step("Remark 1 (Re w >= |w|/2) with |B C| = 1 + s_1 >= 1 and |A|^(2k-2) = 1/2 + s_2 >= 1/2: "
                  "|B C| |A|^(2k-2) / 2 - 1/4 >= 0 (likewise Re w <= -1/4 for mostly-negative w)",
                  (1 + s1) * (Rational(1, 2) + s2) / 2 - Rational(1, 4), "nonnegative"),
    ]


magnitude = Statement(
    name="ranmilo.thm1.magnitude",
    source=PROOF + ", step 3 (the bound 1/4)",
    summary="If B C (A^2)^(k-1) is mostly-positive (mostly-negative) and k <= ceil(t/2), then its real part is "
            ">= 1/4 (<= -1/4): Remark 1, |B C| >= 1 and |A|^(2k-2) >= 0.5^((2k-2)/t) >= 1/2 since 2k - 2 <= t - 1.",
    symbols=(t, k),
    hypotheses=(sympy.Le(k, ceiling(t / 2)),),
    conclusion=sympy.Ge(Symbol("|Re(B C A^(2k-2))|"), Rational(1, 4)),
    prove=lambda: _proof("ranmilo.thm1.magnitude", magnitude_steps()),
)

alternation = Statement(
    name="ranmilo.thm1.alternation",
    source=PROOF + ", step 3",
    summary="As printed: since beta(A^2) <= 9, some increasing k_j in 1..floor(t/2) of length at least "
            "floor(t/9) - 1 has B C (A^2)^(k_j - 1) alternately mostly-positive and mostly-negative.  FALSE, "
            "whether the range is read as k <= K = floor(t/2) (as printed) or K = ceil(t/2) (the odd indices "
            "<= t): arg A = 2pi/21 (|sin| = 0.295) has beta(A^2) = 9, and at t = 108 (K = 54 in both readings) "
            "arg(B C) = 5pi/14 leaves 10 alternations, fewer than floor(108/9) - 1 = 11 (arg A = pi/10: 14 < 15 "
            "at t = 144).",
    symbols=(t,),
    hypotheses=(sympy.Le(beta(2 * theta), 9),),
    conclusion=sympy.Ge(L, floor(t / 9) - 1),
    remarks=("Blocks of beta consecutive indices each contain a mostly-positive and a mostly-negative element, "
             "hence a sign change; this gives floor(K/beta) + 1 alternations among k = 1..K, i.e. "
             "floor(floor(t/2)/beta) + 1 under the printed range and floor(ceil(t/2)/beta) + 1 under the range "
             "of the odd indices (which ranmilo.thm1_repaired.alternation uses), about t/18, not t/9.  "
             "L is the alternation length.",
             "At odd t the two readings differ: arg A = 2pi/21, t = 99, arg(B C) = 5pi/14 gives 9 < 10 "
             "alternations with K = 49 but 10 = floor(99/9) - 1 with K = 50 (the least over all phases), so "
             "the counterexample uses an even t, where the two readings coincide.",),
)

alternation_corrected = Statement(
    name="ranmilo.thm1_repaired.alternation",
    source=OURS,
    summary="If beta = beta(A^2) is finite and K = ceil(t/2) >= beta (K: the odd indices <= t), then among "
            "k = 1..K there are at least floor(K/beta) + 1 indices whose B C (A^2)^(k-1) are alternately "
            "mostly-positive and mostly-negative (each of the floor(K/beta) disjoint blocks of beta consecutive "
            "indices is balanced, so contains both labels, so a change of label; L = changes + 1).  With the "
            "printed range K = floor(t/2) the same argument gives floor(floor(t/2)/beta) + 1.",
    symbols=(t,),
    hypotheses=(sympy.Ge(ceiling(t / 2), beta(2 * theta)),),
    conclusion=sympy.Ge(L, floor(ceiling(t / 2) / beta(2 * theta)) + 1),
    corrects="ranmilo.thm1.alternation",
)

sign_changes = Statement(
    name="ranmilo.thm1.sign_changes",
    source=PROOF + ", steps 4-5",
    summary="(Y|1)_k = C A_R^(2k-2) B = sum_j (B_R)_j (C_R)_j ((A_R)_jj^2)^(k-1) has at most n_R - 1 sign changes "
            "(the proof: mean value theorem and Lemma 4).  True (ranmilo.lemma4_corrected (b), alpha_j = "
            "(A_R)_jj^2 >= 0), although Lemma 4 as printed is false.",
    symbols=(n_R,),
    conclusion=sympy.Le(Symbol("sign_changes(Y|1)"), n_R - 1),
    remarks=("Step 4's text says 'restricted to even indices' while step 5 works with odd ones; either works, "
             "the poles A_R^2 are >= 0 in both.",),
)

disagreements = Statement(
    name="ranmilo.thm1.disagreements",
    source=PROOF + ", step 4",
    summary="As printed: with an alternating subsequence of length L = floor(t/p) - 1 of Z|1 (|entries| >= 1/4) "
            "and Y|1 with at most n_R - 1 sign changes, the two disagree in sign at 'at least "
            "floor(t/p) - n_R - 1' = L - n_R of those indices.  FALSE: L = 3, Z signs (+, -, +), Y|1 > 0 "
            "(n_R = 1) disagree once, not twice.",
    symbols=(L, n_R),
    conclusion=sympy.Ge(Symbol("disagreements"), L - n_R),
    remarks=("On each of the at most n_R stretches where Y|1 keeps one sign, an alternating run of m entries "
             "disagrees at floor(m/2) of them, so the least count is ceil((L - n_R)/2) "
             "(ranmilo.thm1_repaired.disagreements).",),
)

disagreements_corrected = Statement(
    name="ranmilo.thm1_repaired.disagreements",
    source=OURS,
    summary="If z alternates in sign on L indices and y has at most n_R - 1 strict sign changes (n_R >= 1), then "
            "y z <= 0 at at least max(0, ceil((L - n_R)/2)) of them, and this is attained (n_R = 0: y = 0 and all "
            "L disagree, more than the bound).",
    symbols=(L, n_R),
    conclusion=sympy.Ge(Symbol("disagreements"), sympy.Max(0, ceiling((L - n_R) / 2))),
    corrects="ranmilo.thm1.disagreements",
)


def final_steps(count, scale, bound) -> list[ProofStep]:
    return [
        sign_step(f"from ({count} - n_R)/{scale} <= eps (eps = ({count} - n_R)/{scale} + s, s >= 0): "
                  f"n_R - ({bound}) = {scale} s >= 0; nothing divides by eps, so eps = 0 is allowed",
                  n_R - bound, "nonnegative", {epsilon: (count - n_R) / scale + s}),
    ]


final_inequality = Statement(
    name="ranmilo.thm1.final_inequality",
    source=PROOF + ", step 4 (last line)",
    summary="(1/4)(floor(t/9) - n_R - 1) <= ||Y|1 - Z|1||_1 <= eps implies n_R >= floor(t/9) - 1 - 4 eps, for "
            "every eps >= 0 (the proof says 'Let eps > 0'; eps = 0 needs nothing more).  The algebra is right; "
            "its premise rests on the refuted steps.",
    symbols=(t, n_R, epsilon),
    hypotheses=(sympy.Le((floor(t / 9) - n_R - 1) / 4, epsilon),),
    conclusion=sympy.Ge(n_R, BOUND),
    prove=lambda: _proof("ranmilo.thm1.final_inequality", final_steps(floor(t / 9) - 1, 4, BOUND)),
)

final_inequality_corrected = Statement(
    name="ranmilo.thm1_repaired.final_inequality",
    source=REPAIRED,
    summary="With L alternations and at least (L - n_R)/2 disagreements, each contributing >= 1/4 to "
            "||Y|1 - Z|1||_1 <= eps: (L - n_R)/8 <= eps, so n_R >= L - 8 eps (eps >= 0).",
    symbols=(L, n_R, epsilon),
    hypotheses=(sympy.Le((L - n_R) / 8, epsilon),),
    conclusion=sympy.Ge(n_R, L - 8 * epsilon),
    prove=lambda: _proof("ranmilo.thm1_repaired.final_inequality", final_steps(L, 8, L - 8 * epsilon)),
)


THM1 = register(Statement(
    name="ranmilo.thm1",
    source=SOURCE,
    summary=("If a real SSM eps-approximates up to time t a one-dimensional complex SSM with "
             "|sin arg A| >= 0.2, |A| >= 0.5^(1/t) and |B C| >= 1, then n_R >= floor(t/9) - 1 - 4 eps."),
    symbols=(t, epsilon, n_R),
    conclusion=sympy.GreaterThan(n_R, BOUND),
    bound=BOUND,
    steps=(arg_range, double_angle, balancing_of_square, odd_restriction, magnitude, alternation, sign_changes,
           disagreements, final_inequality),
    remarks=("The printed proof does not support the bound: steps double_angle, balancing_of_square, alternation "
             "and disagreements are refuted (see each step).  ranmilo.thm1_repaired states what the repaired "
             "argument gives, under an extra hypothesis on arg A.",
             "'Let eps > 0' in the proof is harmless: no step divides by eps (ranmilo.thm1.final_inequality)."),
))

for _statement in (remark1, lemma1, lemma2, cor4, lemma5, lemma4, choice_of_k_corrected, lemma4_corrected):
    register(_statement)

_repaired_steps = (arg_range, double_angle_corrected, balancing_of_square_corrected, odd_restriction, magnitude,
                    alternation_corrected, sign_changes, disagreements_corrected, final_inequality_corrected)

THM1_REPAIRED = register(Statement(
    name="ranmilo.thm1_repaired",
    source=REPAIRED,
    summary="If |A| >= 0.5^(1/t), |B C| >= 1 and 2 arg A mod pi in [2pi/(p-1), pi - 2pi/(p-1)] for an integer "
            "p >= 9 (an extra hypothesis; |sin arg A| >= 0.2 does not give it), and a real SSM of dimension n_R "
            "eps-approximates the complex one up to time t with ceil(t/2) >= p, then "
            "n_R >= floor(ceil(t/2)/p) + 1 - 8 eps.  More precisely p may be replaced by beta(A^2).",
    symbols=(t, epsilon, n_R, p, theta, A_abs, BC_abs),
    hypotheses=(sympy.Ge(p, 9),
                sympy.Contains(sympy.Mod(2 * theta, pi), sympy.Interval(2 * pi / (p - 1), pi - 2 * pi / (p - 1))),
                sympy.Ge(A_abs, Rational(1, 2) ** (1 / t)), sympy.Ge(BC_abs, 1), sympy.Ge(ceiling(t / 2), p)),
    conclusion=sympy.Ge(n_R, REPAIRED_BOUND),
    bound=REPAIRED_BOUND,
    steps=_repaired_steps,
    remarks=("Not an erratum of ranmilo.thm1: the printed statement is not refuted here (its instance grid is "
             "checked by the ranmilo.thm1 check); its printed proof is invalid, and this is the bound that the "
             "repaired proof supports.",
             "The chain: Corollary 4 for A^2 under the extra hypothesis; blocks of beta(A^2) indices give "
             "L >= floor(ceil(t/2)/p) + 1 alternations with |Re| >= 1/4; Y|1 has <= n_R - 1 sign changes; "
             "so >= (L - n_R)/2 disagreements, each >= 1/4; hence n_R >= L - 8 eps.",
             "Lemma 1 / Corollary 4 and the counting steps are decided on finite exact grids, not proved for all "
             "angles, so the check reports 'open' for the whole chain.",),
))
