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

So the printed proof does not support Theorem 1's bound, and the bound itself is false: at the
corner of the hypotheses (``arg A = arcsin 0.2``, ``|A| = 0.5^(1/t)``, ``|B C| = 1``) and large t a
real SSM whose poles form one cluster follows the oscillation with about ``0.1007 t + O(t^(1/3))``
states, below ``floor(t/9)``; the check ``ranmilo.thm1`` verifies one at t = 1836 with 201 states
against the bound 201.008 (eps = 249/500; ``verify/checks/ranmilo/theorem1_counterexample.py``).  The repaired proof (``ranmilo.thm1_repaired``, steps ``ranmilo.thm1_repaired.<step>``) needs
an extra hypothesis on the angle (``2 arg A mod pi`` at distance ``>= 2pi/(p-1)`` from 0 and pi,
``p >= 9``; the theorem's ``|sin arg A| >= 0.2`` does not give it) and yields
``n_R >= floor(ceil(t/2)/p) + 1 - 8 eps`` when ``ceil(t/2) >= p``.

What each proof rests on (:mod:`theory.steps`).  Identities and sign facts are reduced by sympy for
symbolic sizes; the inequalities and implications that join them (the case analysis of
``arg_range``, the bound ``1/4`` of ``magnitude``, the final algebra, the join of the repaired
chain) are discharged by z3; the classical results used are named premises: the mean value
theorem (a positive derivative makes a function increasing), induction, the intermediate value
theorem, and the generalized Descartes rule of signs for exponential sums (Lemma 4 under its
corrected hypotheses).  Lemma 1, Lemma 2, Lemma 5, Corollary 4, the alternation and disagreement
counts are decided on finite exact grids (their checks are ``certified`` on the stated grid);
where the repaired chain uses them they are finite steps with that scope, so the chain is
``certified`` on the common range, not proved.
"""
from __future__ import annotations

import sympy
from sympy import Abs, IndexedBase, Rational, Sum, Symbol, ceiling, cos, floor, pi, sin

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, sign_step, z3_step


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

# The constants below are read by the proofs when they run, so that a mutation
# (:mod:`verify.mutation`) can state a deliberately wrong variant: a proof must then fail.
#: ``magnitude``: the bound ``|Re(B C A^(2k-2))| >= 1/4`` ...
MAGNITUDE = Rational(1, 4)
#: ... under the hypothesis ``|B C| >= BC_FLOOR`` (Theorem 1: 1).
BC_FLOOR = 1
#: ``final_inequality``: the conclusion ``n_R >= floor(t/9) - 1 - FINAL_EPS_FACTOR eps`` drawn from
#: ``(1/4)(floor(t/9) - n_R - 1) <= eps`` (the printed factor 4).
FINAL_EPS_FACTOR = 4
#: The repaired chain: ``n_R >= L - REPAIRED_EPS_FACTOR eps`` from ``(L - n_R)/8 <= eps`` (8).
REPAIRED_EPS_FACTOR = 8

#: Citations of the named premises.
MVT = ("Mean value theorem: a function with a positive (non-negative) derivative on an interval is increasing "
       "(non-decreasing) there; W. Rudin, Principles of Mathematical Analysis, 3rd ed., Theorem 5.11")
INDUCTION = "Principle of mathematical induction (Peano's axioms)"
IVT = ("Intermediate value theorem (Bolzano): a continuous real function taking values of opposite signs at two "
       "points vanishes between them; W. Rudin, Principles of Mathematical Analysis, 3rd ed., Theorem 4.23")
DESCARTES = ("Descartes' rule of signs for exponential sums: for real lambda_1 < ... < lambda_n and real c_i not "
             "all 0, sum_i c_i e^(lambda_i x) has at most (sign changes of c_1..c_n) <= n - 1 real zeros; G. Polya and "
             "G. Szego, Problems and Theorems in Analysis II (Springer 1976), Part Five, Chapter 1; G. J. O. Jameson, "
             "Counting zeros of generalised polynomials, Math. Gazette 90 (2006) 223-234")


def _proof(name, steps) -> Proof:
    return Proof(statement=name, steps=tuple(steps))


def _evaluated(expression):
    """Simplifier for identities written unevaluated (so that sympy, not the constructor, does the
    work): carry out ``doit`` and simplify."""
    return sympy.simplify(expression.doit())


def _decimal(value, digits: int = 4) -> str:
    """``value`` (a sympy constant) rounded to ``digits`` significant digits, computed (for report text;
    evaluated to 30 digits first, so the rounding is that of the true value)."""
    return f"{float(sympy.N(value, 30)):.{digits}g}"


# ---------------------------------------------------------------------------------------------
# Remark 1.

r_abs = Symbol("|x|", real=True)  # the modulus of x in Remark 1 (the hypothesis |x| > 0 is x != 0)


def remark1_steps() -> list[ProofStep]:
    """``Re x = |x| cos(arg x)``; for ``|x| > 0`` (z3) ``|x| c >= |x|/2`` iff ``c >= 1/2`` (and the
    negative case); sympy's solution sets of ``cos >= 1/2`` and ``cos <= -1/2`` on ``[0, 2pi)`` are
    Definition 3's regions."""
    r = Symbol("r", positive=True)
    c = Symbol("c", real=True)  # cos(arg x)
    circle = sympy.Interval.Ropen(0, 2 * pi)
    positive = sympy.solveset(cos(x) >= Rational(1, 2), x, circle)
    negative = sympy.solveset(cos(x) <= -Rational(1, 2), x, circle)
    definition_positive = sympy.Union(sympy.Interval(0, pi / 3), sympy.Interval.Ropen(5 * pi / 3, 2 * pi))
    definition_negative = sympy.Interval(2 * pi / 3, 4 * pi / 3)
    half = Rational(1, 2)
    return [
        identity_step("x = r e^(i arg x) with r = |x| > 0: Re x = |x| cos(arg x)",
                      sympy.re(r * sympy.exp(sympy.I * x), evaluate=False), r * cos(x), simplifier=_evaluated),
        z3_step("for r = |x| > 0 and c = cos(arg x): r c >= r/2 iff c >= 1/2, and r c <= -r/2 iff c <= -1/2 (so "
                "Re x >= |x|/2 iff cos(arg x) >= 1/2 and Re x <= -|x|/2 iff cos(arg x) <= -1/2)",
                sympy.And(sympy.Implies(r * c >= r * half, c >= half), sympy.Implies(c >= half, r * c >= r * half),
                          sympy.Implies(r * c <= -r * half, c <= -half),
                          sympy.Implies(c <= -half, r * c <= -r * half))),
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
    symbols=(x, r_abs),
    hypotheses=(sympy.Gt(r_abs, 0), sympy.Contains(x, sympy.Interval.Ropen(0, 2 * pi))),
    conclusion=sympy.Equivalent(sympy.Ge(cos(x), Rational(1, 2)), sympy.Contains(
        x, sympy.Union(sympy.Interval(0, pi / 3), sympy.Interval.Ropen(5 * pi / 3, 2 * pi)))),
    prove=lambda: _proof("ranmilo.remark1", remark1_steps()),
    remarks=("x stands for arg x in [0, 2pi) in the conclusion (and the mostly-negative case likewise); the "
             "hypothesis x != 0 is |x| > 0, which the division by |x| uses.",),
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
    hypotheses=(sympy.Or(sympy.And(*case1.hypotheses), sympy.And(*case2.hypotheses)),),
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
    hypotheses=(sympy.Ge(p, 9), sympy.Contains(sympy.Mod(theta, pi), sympy.Interval(2 * pi / (p - 1),
                                                                                 pi - 2 * pi / (p - 1)))),
    conclusion=sympy.Le(beta(theta), p),
    remarks=("The interval hypothesis is needed: theta = pi (arg x mod pi = 0, outside it for every p) has "
             "beta = infinity.  On the exact grid the bound holds with slack >= 1 even one p below the least p "
             "that the hypothesis allows, so the interval is not sharp.",),
)

a_sym, b_sym = IndexedBase("a", real=True), IndexedBase("b", real=True)
i_sym = Symbol("i", integer=True, positive=True)
i2_sym = Symbol("i'", integer=True, positive=True)
n_sym = Symbol("n", integer=True, positive=True)
alpha_sym = IndexedBase("alpha", real=True)

lemma4 = Statement(
    name="ranmilo.lemma4",
    source=SETUP + " (Lemma 4)",
    summary="For a_i >= 0 and b_i real, f(x) = sum_{i=1}^n b_i a_i^x has at most n - 1 zeros.  FALSE as "
            "printed: n = 1, a_1 = 0, b_1 = 1 gives f(x) = 0^x = 0 for every x > 0 (and f = 0 identically when "
            "all b_i = 0, or a_1 = a_2, b_1 = -b_2).",
    symbols=(n_sym,),
    hypotheses=(sympy.Ge(a_sym[i_sym], 0),),
    conclusion=sympy.Le(Symbol("zeros(f)"), n_sym - 1),
    remarks=("The induction (divide by b_1 a_1^x, Rolle, apply the hypothesis to g') also needs f not identically "
             "zero and distinct positive a_i: with a_i = a_1 the derivative g' vanishes identically.",
             "What Theorem 1 uses is a statement about sign changes of a sampled sequence; see "
             "ranmilo.lemma4_corrected.",),
)

def lemma4_corrected_steps() -> list[ProofStep]:
    """Part (a) is a classical result (a named premise; the printed Rolle induction proves it under the
    corrected hypotheses).  Part (b) from (a): merge equal ``alpha_j``, note that an ``alpha_j = 0``
    term only reaches ``y_1``, find a zero of ``f(x) = sum_j w_j alpha_j^(x-1)`` (positive
    ``alpha_j``) between two entries of opposite sign (intermediate value theorem), and count (z3)."""
    a_pos = Symbol("a", positive=True)
    w1, w2 = sympy.symbols("w w'", real=True)
    h = Symbol("h", integer=True, nonnegative=True)
    x_real = Symbol("x", real=True)
    # the counting join: S sign changes of y_1..y_K, S_f those among the entries equal to f(k) (all k
    # when no alpha_j is 0, k >= 2 otherwise), Z zeros of f found between them, m distinct positive
    # bases with a non-zero merged weight, z0 = 1 when some alpha_j = 0, n terms.
    S, S_f, Z, m, z0 = sympy.symbols("S S_f Z m z_0", integer=True, nonnegative=True)
    n = Symbol("n", integer=True, positive=True)
    return [
        premise_step("(a) for distinct a_i > 0 and real b_i not all 0, f(x) = sum_i b_i a_i^x = "
                     "sum_i b_i e^(x log a_i) has at most n - 1 real zeros (distinct a_i > 0 give distinct real "
                     "exponents log a_i)", DESCARTES),
        identity_step("a^x = e^(x log a) for a > 0: the exponents of (a) are lambda_i = log a_i",
                      a_pos ** x_real, sympy.exp(x_real * sympy.log(a_pos))),
        identity_step("equal bases merge: w a^(k-1) + w' a^(k-1) = (w + w') a^(k-1), so y is a sum over the distinct "
                      "alpha_j with merged weights (terms whose merged weight is 0 are dropped)",
                      w1 * a_pos ** (k - 1) + w2 * a_pos ** (k - 1), (w1 + w2) * a_pos ** (k - 1),
                      simplifier=sympy.factor),
        identity_step("a base alpha_j = 0 reaches y_1 only: 0^(k-1) = 0 for k = h + 2 >= 2",
                      sympy.Pow(0, h + 1, evaluate=False), 0),
        premise_step("between two non-zero entries y_k, y_k' (k < k') of opposite signs that both equal f(k), f(k') "
                     "with f(x) = sum_j w_j alpha_j^(x-1) over the positive alpha_j (continuous), f has a zero in "
                     "(k, k'); consecutive sign changes give disjoint intervals, hence distinct zeros", IVT),
        z3_step("counting: with m distinct positive bases of non-zero merged weight and z0 in {0, 1} zero bases "
                "(m + z0 <= n), the S_f changes among the entries equal to f(k) give Z >= S_f zeros of f, (a) gives "
                "Z <= m - 1 when m >= 1 (m = 0: those entries vanish, S_f = 0, and y has at most one non-zero entry, "
                "S = 0), and y_1 adds at most z0 changes (S <= S_f + z0): then S <= n - 1",
                S <= n - 1,
                hypotheses=(m + z0 <= n, z0 <= 1, Z >= S_f, S <= S_f + z0,
                            sympy.Implies(m >= 1, Z <= m - 1), sympy.Implies(sympy.Eq(m, 0), sympy.Eq(S, 0)))),
    ]


lemma4_corrected = Statement(
    name="ranmilo.lemma4_corrected",
    source=OURS_LEMMA4,
    summary="(a) For distinct a_i > 0 and b_i real, not all 0, f(x) = sum b_i a_i^x has at most n - 1 real zeros "
            "(the printed induction works under these hypotheses; classical: Descartes' rule of signs for "
            "exponential sums).  (b) Hence a real sequence y_k = sum_{j=1}^n w_j alpha_j^(k-1), alpha_j >= 0, "
            "k >= 1, has at most n - 1 strict sign changes (zeros skipped): merge equal alpha_j, drop zero weights; "
            "between two non-zero entries of opposite sign f has a zero (continuity on x > 0); an alpha_j = 0 term "
            "only changes y_1 and costs one term.",
    symbols=(n_sym,),
    hypotheses=(sympy.Gt(a_sym[i_sym], 0),
                sympy.Implies(sympy.Ne(i_sym, i2_sym), sympy.Ne(a_sym[i_sym], a_sym[i2_sym])),
                sympy.Ne(Sum(Abs(b_sym[i_sym]), (i_sym, 1, n_sym)), 0), sympy.Ge(alpha_sym[i_sym], 0)),
    conclusion=sympy.Le(Symbol("sign_changes(y)"), n_sym - 1),
    prove=lambda: _proof("ranmilo.lemma4_corrected", lemma4_corrected_steps()),
    corrects="ranmilo.lemma4",
    remarks=("Hypotheses: (a) distinct positive bases a_i and weights b_i not all 0; (b) alpha_j >= 0.  Each is "
             "needed: a_1 = a_2, b_1 = -b_2 gives f = 0; a_1 = 0 gives f = 0^x = 0 on x > 0; alpha_1 = -1/2 gives "
             "y_k = (-1/2)^(k-1), with a sign change at every k (ranmilo.lemma4_corrected's check tries each).",),
)


# ---------------------------------------------------------------------------------------------
# The steps of the proof of Theorem 1.

ARG_FLOOR = pi / 16  # the printed lower end of arg A mod pi


def arg_range_steps() -> list[ProofStep]:
    """``sin(pi/16) < 1/5`` exactly (half-angle identities and z3), sin increasing on ``[0, pi/2]``
    (its derivative cos is positive on ``[0, pi/2)``: sympy's solution set, and the mean value
    theorem), ``|sin|`` pi-periodic and symmetric about pi/2, joined by z3."""
    c8 = cos(pi / 8)
    w, c, S = sympy.symbols("w c S", real=True)  # sqrt(2), cos(pi/8), sin(pi/16)
    u, s_u, s_v, s_16, PI = sympy.symbols("u s_u s_v s_16 PI", real=True)  # arg A mod pi, sin u, sin(pi - u), ..
    fifth = Rational(1, 5)
    return [
        identity_step("half angle: sin(pi/16)^2 = (1 - cos(pi/8))/2", sin(pi / 16) ** 2, (1 - c8) / 2),
        identity_step("cos(pi/8)^2 = 1/2 + sqrt(2)/4", cos(pi / 8, evaluate=False) ** 2,
                      Rational(1, 2) + sympy.sqrt(2) / 4, simplifier=_evaluated),
        sign_step("cos(pi/8) > 0", c8, "positive"),
        sign_step("sin(pi/16) > 0", sin(pi / 16), "positive"),
        z3_step("with w = sqrt(2) (w > 0, w^2 = 2), c = cos(pi/8) (c > 0, c^2 = 1/2 + w/4) and S = sin(pi/16) "
                "(S^2 = (1 - c)/2): S^2 < 1/25, i.e. sin(pi/16) < 1/5",
                S ** 2 < fifth ** 2,
                hypotheses=(w > 0, sympy.Eq(w ** 2, 2), c > 0, sympy.Eq(c ** 2, Rational(1, 2) + w / 4),
                            sympy.Eq(S ** 2, (1 - c) / 2))),
        identity_step("d/dx sin x = cos x", sympy.Derivative(sin(x), x), cos(x), simplifier=_evaluated),
        ProofStep("cos x > 0 on [0, pi/2): sympy's solution set of cos x <= 0 there is empty",
                  sympy.Eq(sympy.solveset(cos(x) <= 0, x, sympy.Interval.Ropen(0, pi / 2)), sympy.S.EmptySet,
                           evaluate=False),
                  sympy.solveset(cos(x) <= 0, x, sympy.Interval.Ropen(0, pi / 2)) == sympy.S.EmptySet,
                  "sympy.solveset over [0, pi/2), compared with the empty set"),
        premise_step("sin is increasing on [0, pi/2] (positive derivative), so 0 = sin 0 <= sin u < sin(pi/16) "
                     "for u in [0, pi/16)", MVT),
        identity_step("|sin(x + pi)| = |sin x|: |sin arg A| depends only on u = arg A mod pi in [0, pi)",
                      Abs(sin(x + pi, evaluate=False)), Abs(sin(x)), simplifier=_evaluated),
        identity_step("sin(pi - u) = sin u: for u in (15pi/16, pi), sin u = sin v with v = pi - u in (0, pi/16)",
                      sin(pi - x, evaluate=False), sin(x), simplifier=_evaluated),
        sign_step("pi > 3", pi - 3, "positive"),
        sign_step("pi < 4", 4 - pi, "positive"),
        z3_step("join: u = arg A mod pi in [0, pi), |sin u| >= 1/5 (the hypothesis), 0 <= sin u < sin(pi/16) for "
                "u < pi/16, sin u = sin(pi - u) in [0, sin(pi/16)) for u > 15pi/16, sin(pi/16)^2 < 1/25: hence "
                f"{ARG_FLOOR} <= u <= pi - {ARG_FLOOR}",
                sympy.And(ARG_FLOOR.subs(pi, PI) <= u, u <= PI - ARG_FLOOR.subs(pi, PI)),
                hypotheses=(PI > 3, PI < 4, u >= 0, u < PI, Abs(s_u) >= fifth, s_16 > 0, s_16 ** 2 < fifth ** 2,
                            sympy.Implies(u < PI / 16, sympy.And(s_u >= 0, s_u < s_16)),
                            sympy.Implies(u > PI - PI / 16, sympy.And(s_v >= 0, s_v < s_16, sympy.Eq(s_u, s_v))))),
    ]


arg_range = Statement(
    name="ranmilo.thm1.arg_range",
    source=PROOF + ", first sentence",
    summary=f"|sin arg A| >= 0.2 implies arg A mod pi in [pi/16, pi - pi/16] (arcsin 0.2 = "
            f"{_decimal(sympy.asin(Rational(1, 5)))} > pi/16 = {_decimal(pi / 16)}, so the deduction is valid).  "
            "The text prints 'arg A in [pi/16, pi - pi/16]' without 'mod pi', false for arg A in (pi, 2pi) (e.g. "
            "3pi/2) but only used mod pi.",
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
    hypotheses=(sympy.Ge(Abs(sin(theta)), Rational(1, 5)),
                sympy.Contains(sympy.Mod(theta, pi), sympy.Interval(pi / 16, pi - pi / 16))),
    conclusion=sympy.Contains(sympy.Mod(2 * theta, pi), sympy.Interval(pi / 4, pi - pi / 4)),
)


def double_angle_repaired_steps() -> list[ProofStep]:
    """For every ``x``, one of ``theta = x/2, x/2 + pi/2`` has ``sin(theta)^2 >= 1/2`` (their squares
    sum to 1; z3) hence ``|sin theta| >= 1/5`` (z3), and ``2 theta = x mod pi`` for both; and 0 lies
    outside every interval ``[2pi/(p-1), pi - 2pi/(p-1)]``, p >= 9 (z3)."""
    a, b, s_, PI = sympy.symbols("a b s PI", real=True)
    q = Symbol("p", integer=True)
    return [
        identity_step("sin(x/2)^2 + sin(x/2 + pi/2)^2 = 1", sin(x / 2) ** 2 + sin(x / 2 + pi / 2) ** 2, 1),
        z3_step("a, b >= 0 with a + b = 1 (a, b: the two squares): a >= 1/2 or b >= 1/2, so one of theta = x/2, "
                "x/2 + pi/2 has sin(theta)^2 >= 1/2", sympy.Or(a >= Rational(1, 2), b >= Rational(1, 2)),
                hypotheses=(a >= 0, b >= 0, sympy.Eq(a + b, 1))),
        z3_step("sin(theta)^2 >= 1/2 gives |sin theta| >= 1/5: that theta satisfies Theorem 1's hypothesis",
                Abs(s_) >= Rational(1, 5), hypotheses=(s_ ** 2 >= Rational(1, 2),)),
        identity_step("2 (x/2 + pi/2) = x + pi, so 2 theta = x mod pi for both choices",
                      sympy.Add(sympy.Mul(2, x / 2 + pi / 2, evaluate=False), -pi, evaluate=False), x),
        z3_step("x = 0 is in the range, and 0 < 2pi/(p-1) for p >= 9 (pi > 0): no interval [2pi/(p-1), "
                "pi - 2pi/(p-1)] contains the range", 2 * PI / (q - 1) > 0, hypotheses=(PI > 0, q >= 9)),
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
        identity_step("l1 split, base M = 1: |x_1| + |x_2| on both sides", total(2), parts(1), simplifier=_evaluated),
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
    """The odd entries of ``Z`` are ``Re(B C (A^2)^(k-1))`` (sympy), the l1 norm splits into its odd
    and even parts for symbolic length (sympy, joined by induction), and the even part is >= 0
    (sympy) so the odd part is <= the whole <= eps (z3)."""
    A, BC = Symbol("A"), Symbol("BC")
    whole, odd, even = sympy.symbols("||Y-Z||_1 ||Y|1-Z|1||_1 even_part", real=True)
    return [
        identity_step("Z_m = Re(B C A^(m-1)); at m = 2k - 1 the exponent is 2k - 2: (Z|1)_k = Re(B C (A^2)^(k-1))",
                      sympy.Mul(BC, A ** ((2 * k - 1) - 1), evaluate=False),
                      sympy.Mul(BC, sympy.Pow(A ** 2, k - 1, evaluate=False), evaluate=False), simplifier=_evaluated),
        *l1_split_steps(),
        premise_step("the base case M = 1 and the step M -> M + 1 above give the split "
                     "||x||_1 = (odd part) + (even part) for every length t = 2M, and with the last two steps for "
                     "t = 2M + 1", INDUCTION),
        sign_step("the even part is a sum of absolute values, >= 0", Sum(Abs(X[2 * j]), (j, 1, M)), "nonnegative"),
        z3_step("||Y - Z||_1 = ||Y|1 - Z|1||_1 + (even part), even part >= 0 and ||Y - Z||_1 <= eps give "
                "||Y|1 - Z|1||_1 <= eps", odd <= epsilon,
                hypotheses=(sympy.Eq(whole, odd + even), even >= 0, whole <= epsilon)),
    ]


odd_restriction = Statement(
    name="ranmilo.thm1.odd_restriction",
    source=PROOF + ", step 2",
    summary="eps-approximation up to time t gives ||Y|1 - Z|1||_1 <= eps for the odd-index restrictions, and "
            "(Z|1)_k = Z_(2k-1) = Re(B C A^(2k-2)) = Re(B C (A^2)^(k-1)).",
    symbols=(t, epsilon, k),
    hypotheses=(sympy.Le(Symbol("||Y - Z||_1"), epsilon),),
    conclusion=sympy.Le(Symbol("||Y|1 - Z|1||_1"), epsilon),
    prove=lambda: _proof("ranmilo.thm1.odd_restriction", odd_restriction_steps()),
    remarks=("The split of the l1 norm over m = 1..t into odd and even entries is proved for symbolic length "
             "(induction on the number M of entries of each parity, for t = 2M and t = 2M + 1): sympy "
             "establishes the base case and the induction step; the induction principle is a named premise.",),
)


def magnitude_steps() -> list[ProofStep]:
    """``k <= ceil(t/2)`` gives ``0 <= 2k - 2 <= t - 1`` (z3, integers); ``|B C A^(2k-2)| =
    |B C| |A|^(2k-2)`` (sympy, polar forms); ``x -> x^m`` (m >= 0) and ``u -> 2^u`` are increasing
    (their derivatives, sympy; the mean value theorem), so ``|A|^(2k-2) >= 2^(-(2k-2)/t) >= 1/2``;
    with Remark 1 and ``|B C| >= 1``, z3 gives ``Re >= 1/4`` (``<= -1/4``)."""
    u = Symbol("u", real=True)
    c = Symbol("c", integer=True)  # c = ceil(t/2): t <= 2c < t + 2
    m = Symbol("m", nonnegative=True)
    y = Symbol("y", positive=True)
    rho, bc = sympy.symbols("rho bc", positive=True)  # |A|, |B C|
    g = Symbol("gamma", real=True)  # arg(B C); theta is arg A
    w = bc * sympy.exp(sympy.I * g) * (rho * sympy.exp(sympy.I * theta)) ** (2 * k - 2)
    R, P, Q, re_w = sympy.symbols("R P Q re_w", real=True)  # |B C|, |A|^(2k-2), 2^(-(2k-2)/t), Re w
    return [
        z3_step("k <= c = ceil(t/2) (t <= 2c < t + 2, k >= 1) gives 0 <= 2k - 2 <= t - 1: the exponent m = 2k - 2 "
                "is >= 0 and m/t <= 1", sympy.And(2 * k - 2 >= 0, 2 * k - 2 <= t - 1),
                hypotheses=(t <= 2 * c, 2 * c < t + 2, k <= c)),
        identity_step("w = B C A^(2k-2) with A = rho e^(i theta), B C = |B C| e^(i gamma): |w| = |B C| rho^(2k-2)",
                      Abs(w), bc * rho ** (2 * k - 2)),
        identity_step("(2^(-1/t))^(2k-2) = 2^(-(2k-2)/t)", (2 ** (-1 / t)) ** (2 * k - 2), 2 ** (-(2 * k - 2) / t)),
        sign_step("d/dy y^m = m y^(m-1) >= 0 for y > 0, m >= 0", sympy.diff(y ** m, y), "nonnegative"),
        sign_step("d/du 2^u = 2^u log 2 > 0", sympy.diff(2 ** u, u), "positive"),
        premise_step("y -> y^m is non-decreasing on y > 0 and u -> 2^u is increasing: |A| >= 2^(-1/t) gives "
                     "|A|^(2k-2) >= 2^(-(2k-2)/t), and -(2k-2)/t >= -1 gives 2^(-(2k-2)/t) >= 2^(-1) = 1/2", MVT),
        z3_step(f"join: with R = |B C| >= {BC_FLOOR}, P = |A|^(2k-2) >= Q = 2^(-(2k-2)/t) >= 1/2 and Remark 1 for "
                f"w (|w| = R P): Re w >= |w|/2 gives Re w >= {MAGNITUDE}, Re w <= -|w|/2 gives Re w <= -{MAGNITUDE}",
                sympy.And(sympy.Implies(re_w >= R * P / 2, re_w >= MAGNITUDE),
                          sympy.Implies(re_w <= -R * P / 2, re_w <= -MAGNITUDE)),
                hypotheses=(R >= BC_FLOOR, P >= Q, Q >= Rational(1, 2))),
    ]


magnitude = Statement(
    name="ranmilo.thm1.magnitude",
    source=PROOF + ", step 3 (the bound 1/4)",
    summary="If B C (A^2)^(k-1) is mostly-positive (mostly-negative) and k <= ceil(t/2), then its real part is "
            ">= 1/4 (<= -1/4): Remark 1, |B C| >= 1 and |A|^(2k-2) >= 0.5^((2k-2)/t) >= 1/2 since 2k - 2 <= t - 1.",
    symbols=(t, k, A_abs, BC_abs),
    hypotheses=(sympy.Le(k, ceiling(t / 2)), sympy.Ge(A_abs, Rational(1, 2) ** (1 / t)), sympy.Ge(BC_abs, 1)),
    conclusion=sympy.Ge(Symbol("|Re(B C A^(2k-2))|"), Rational(1, 4)),
    prove=lambda: _proof("ranmilo.thm1.magnitude", magnitude_steps()),
)

alternation = Statement(
    name="ranmilo.thm1.alternation",
    source=PROOF + ", step 3",
    summary="As printed: since beta(A^2) <= 9, some increasing k_j in 1..floor(t/2) of length at least "
            "floor(t/9) - 1 has B C (A^2)^(k_j - 1) alternately mostly-positive and mostly-negative.  FALSE, "
            "whether the range is read as k <= K = floor(t/2) (as printed) or K = ceil(t/2) (the odd indices "
            f"<= t): arg A = 2pi/21 (|sin| = {_decimal(sin(2 * pi / 21), 3)}) has beta(A^2) = 9, and at t = 108 "
            "(K = 54 in both readings) arg(B C) = 5pi/14 leaves 10 alternations, fewer than floor(108/9) - 1 = 11 "
            "(arg A = pi/10: 14 < 15 at t = 144).",
    symbols=(t, theta),
    hypotheses=(sympy.Ge(Abs(sin(theta)), Rational(1, 5)), sympy.Le(beta(2 * theta), 9)),
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
    symbols=(t, theta),
    hypotheses=(sympy.Lt(beta(2 * theta), sympy.oo), sympy.Ge(ceiling(t / 2), beta(2 * theta))),
    conclusion=sympy.Ge(L, floor(ceiling(t / 2) / beta(2 * theta)) + 1),
    corrects="ranmilo.thm1.alternation",
    remarks=("The hypothesis K >= beta is needed: with K = 1 < beta the one label can be 0 (arg(B C) in neither "
             "region), L = 0 < floor(K/beta) + 1 = 1 (the check tries K < beta).",),
)

def sign_changes_steps() -> list[ProofStep]:
    """``(Y|1)_k = sum_j (C_R)_j (B_R)_j ((A_R)_jj^2)^(k-1)`` (sympy, symbolic ``n_R``), the poles
    ``(A_R)_jj^2`` are ``>= 0`` (sympy), then Lemma 4 corrected (b) (its steps)."""
    a_R, b_R, c_R = IndexedBase("a_R", real=True), IndexedBase("b_R", real=True), IndexedBase("c_R", real=True)
    return [
        identity_step("(Y|1)_k = Y_(2k-1) = sum_{j=1}^{n_R} (C_R)_j (A_R)_jj^(2k-2) (B_R)_j = sum_j w_j alpha_j^(k-1) "
                      "with w_j = (B_R)_j (C_R)_j and alpha_j = (A_R)_jj^2",
                      Sum(c_R[j] * a_R[j] ** ((2 * k - 1) - 1) * b_R[j], (j, 1, n_R)),
                      Sum(sympy.Mul(b_R[j] * c_R[j], sympy.Pow(a_R[j] ** 2, k - 1, evaluate=False), evaluate=False),
                          (j, 1, n_R)), simplifier=_evaluated),
        sign_step("alpha_j = (A_R)_jj^2 >= 0 for real (A_R)_jj", a_R[j] ** 2, "nonnegative"),
        *lemma4_corrected_steps(),
    ]


sign_changes = Statement(
    name="ranmilo.thm1.sign_changes",
    source=PROOF + ", steps 4-5",
    summary="(Y|1)_k = C A_R^(2k-2) B = sum_j (B_R)_j (C_R)_j ((A_R)_jj^2)^(k-1) has at most n_R - 1 sign changes "
            "(the proof: mean value theorem and Lemma 4).  True (ranmilo.lemma4_corrected (b), alpha_j = "
            "(A_R)_jj^2 >= 0), although Lemma 4 as printed is false.",
    symbols=(n_R,),
    hypotheses=(sympy.Ge(n_R, 1), sympy.Eq(sympy.im(IndexedBase("a_R")[j]), 0)),
    conclusion=sympy.Le(Symbol("sign_changes(Y|1)"), n_R - 1),
    prove=lambda: _proof("ranmilo.thm1.sign_changes", sign_changes_steps()),
    remarks=("Step 4's text says 'restricted to even indices' while step 5 works with odd ones; either works, "
             "the poles A_R^2 are >= 0 in both.",
             "The restriction to one parity is needed: over all indices Y_m = sum_j w_j (A_R)_jj^(m-1), and a "
             "negative (A_R)_jj gives a sign change at every m (the check tries it).",),
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
    hypotheses=(sympy.Ge(n_R, 1), sympy.Le(Symbol("sign_changes(y)"), n_R - 1), sympy.Eq(Symbol("alternations(z)"), L)),
    conclusion=sympy.Ge(Symbol("disagreements"), sympy.Max(0, ceiling((L - n_R) / 2))),
    corrects="ranmilo.thm1.disagreements",
)


F = Symbol("floor(t/9)", integer=True)  # floor(t/9) as an integer unknown for z3


def final_steps(count, scale, bound) -> list[ProofStep]:
    """``(count - n_R)/scale <= eps`` implies ``n_R >= bound`` (z3; ``eps >= 0``, nothing divides by it)."""
    plain = {floor(t / 9): F}
    return [
        z3_step(f"from ({count} - n_R)/{scale} <= eps: n_R >= {bound}; nothing divides by eps, so eps = 0 is allowed",
                sympy.Ge(n_R, bound).subs(plain), hypotheses=(sympy.Le((count - n_R) / scale, epsilon).subs(plain),)),
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
    prove=lambda: _proof("ranmilo.thm1.final_inequality",
                         final_steps(floor(t / 9) - 1, 4, floor(t / 9) - 1 - FINAL_EPS_FACTOR * epsilon)),
)

final_inequality_corrected = Statement(
    name="ranmilo.thm1_repaired.final_inequality",
    source=REPAIRED,
    summary="With L alternations and at least (L - n_R)/2 disagreements, each contributing >= 1/4 to "
            "||Y|1 - Z|1||_1 <= eps: (L - n_R)/8 <= eps, so n_R >= L - 8 eps (eps >= 0).",
    symbols=(L, n_R, epsilon),
    hypotheses=(sympy.Le((L - n_R) / 8, epsilon),),
    conclusion=sympy.Ge(n_R, L - 8 * epsilon),
    prove=lambda: _proof("ranmilo.thm1_repaired.final_inequality",
                         final_steps(L, 8, L - REPAIRED_EPS_FACTOR * epsilon)),
)


def repaired_join_steps() -> list[ProofStep]:
    """The join of the repaired chain (``ranmilo.thm1_repaired``): from the links' conclusions to
    ``n_R >= floor(ceil(t/2)/p) + 1 - 8 eps`` (z3; the termwise sum bound by sympy)."""
    K_, p_, b_ = sympy.symbols("K p beta", integer=True, positive=True)
    L_p, L_b, L_alt, D = sympy.symbols("L_p L_b L D", integer=True, nonnegative=True)
    y_, z_, norm, part = sympy.symbols("y z norm part", real=True)
    s_i = IndexedBase("s", nonnegative=True)
    i = Symbol("i", integer=True, positive=True)
    D_pos = Symbol("D", integer=True, positive=True)
    quarter = Rational(1, 4)
    return [
        z3_step("floor is monotone in the divisor: beta = beta(A^2) <= p (Corollary 4 for A^2), K = ceil(t/2) >= p, "
                "L_p = floor(K/p) (p L_p <= K < p (L_p + 1)) and L_b = floor(K/beta) (beta L_b <= K < beta (L_b + 1)) "
                "give L_p <= L_b", L_p <= L_b,
                hypotheses=(b_ <= p_, p_ >= 9, K_ >= p_, p_ * L_p <= K_, K_ < p_ * (L_p + 1), b_ * L_b <= K_,
                            K_ < b_ * (L_b + 1))),
        z3_step("at a disagreement y z <= 0, and |z| >= 1/4 (magnitude): |y - z| >= 1/4", Abs(y_ - z_) >= quarter,
                hypotheses=(y_ * z_ <= 0, Abs(z_) >= quarter)),
        identity_step("over the D disagreement indices, |y_i - z_i| = 1/4 + s_i: sum_{i=1}^D (1/4 + s_i) = "
                      "D/4 + sum_{i=1}^D s_i", Sum(quarter + s_i[i], (i, 1, D_pos)),
                      D_pos / 4 + Sum(s_i[i], (i, 1, D_pos)),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e).doit())),
        sign_step("sum_{i=1}^D s_i >= 0 (s_i >= 0): that part of ||Y|1 - Z|1||_1 is >= D/4", Sum(s_i[i], (i, 1, D_pos)),
                  "nonnegative"),
        z3_step(f"join: an alternating subsequence of length L_p + 1 <= L_b + 1 <= L (the alternation count) has, if "
                f"n_R < L_p + 1, D >= (L_p + 1 - n_R)/2 disagreements (the disagreement count), whose part of the "
                f"norm is >= D/4 <= the norm <= eps: n_R >= L_p + 1 - {REPAIRED_EPS_FACTOR} eps = "
                f"floor(ceil(t/2)/p) + 1 - {REPAIRED_EPS_FACTOR} eps",
                n_R >= L_p + 1 - REPAIRED_EPS_FACTOR * epsilon,
                hypotheses=(L_p <= L_b, L_alt >= L_b + 1, sympy.Implies(n_R < L_p + 1, 2 * D >= L_p + 1 - n_R),
                            part >= D / 4, norm >= part, norm <= epsilon)),
    ]


THM1 = register(Statement(
    name="ranmilo.thm1",
    source=SOURCE,
    summary=("If a real SSM eps-approximates up to time t a one-dimensional complex SSM with "
             "|sin arg A| >= 0.2, |A| >= 0.5^(1/t) and |B C| >= 1, then n_R >= floor(t/9) - 1 - 4 eps."),
    symbols=(t, epsilon, n_R, theta, A_abs, BC_abs),
    hypotheses=(sympy.Ge(Abs(sin(theta)), Rational(1, 5)), sympy.Ge(A_abs, Rational(1, 2) ** (1 / t)),
                sympy.Ge(BC_abs, 1), sympy.Le(Symbol("||Y - Z||_1"), epsilon)),  # eps >= 0: epsilon's assumption
    conclusion=sympy.GreaterThan(n_R, BOUND),
    bound=BOUND,
    steps=(arg_range, double_angle, balancing_of_square, odd_restriction, magnitude, alternation, sign_changes,
           disagreements, final_inequality),
    remarks=("The printed proof does not support the bound: steps double_angle, balancing_of_square, alternation "
             "and disagreements are refuted (see each step).  ranmilo.thm1_repaired states what the repaired "
             "argument gives, under an extra hypothesis on arg A.",
             "The bound is false for large t: at arg A = arcsin 0.2, |A| = 0.5^(1/t), B C = i, t = 1836 and "
             "eps = 249/500 a real SSM of 201 states (one cluster of poles) has a certified l1 error <= eps, "
             "while floor(t/9) - 1 - 4 eps = 201.008 (the ranmilo.thm1 check).",
             "Below that the bound holds on every instance tried: the ranmilo.thm1.instances check proves it on "
             "all 1380 instances of its full grid (t <= 180; near the ends of the angle range by the windowed-"
             "carrier lower bound of numerics.realfit.carrier, about t arg A / 2 states, where sign counting "
             "gives t arg A / pi).",
             "'Let eps > 0' in the proof is harmless: no step divides by eps (ranmilo.thm1.final_inequality).",
             "Each hypothesis is needed: arg A = 0 (|sin arg A| = 0) or |B C| = 1/1000 give instances where fewer "
             "states than the bound suffice (the ranmilo.thm1.instances check tries them)."),
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
    hypotheses=(sympy.Ge(p, 9), sympy.Le(Symbol("||Y - Z||_1"), epsilon),
                sympy.Contains(sympy.Mod(2 * theta, pi), sympy.Interval(2 * pi / (p - 1), pi - 2 * pi / (p - 1))),
                sympy.Ge(A_abs, Rational(1, 2) ** (1 / t)), sympy.Ge(BC_abs, 1), sympy.Ge(ceiling(t / 2), p)),
    conclusion=sympy.Ge(n_R, REPAIRED_BOUND),
    bound=REPAIRED_BOUND,
    steps=_repaired_steps,
    remarks=("The corrected form of ranmilo.thm1, which is refuted (a real SSM below its bound at t = 1836, the "
             "ranmilo.thm1 check; its instance grid is the ranmilo.thm1.instances check): its printed proof is "
             "invalid, and this is the bound that the repaired proof supports.",
             "The chain: Corollary 4 for A^2 under the extra hypothesis; blocks of beta(A^2) indices give "
             "L >= floor(ceil(t/2)/p) + 1 alternations with |Re| >= 1/4; Y|1 has <= n_R - 1 sign changes; "
             "so >= (L - n_R)/2 disagreements, each >= 1/4; hence n_R >= L - 8 eps (repaired_join_steps, z3).",
             "Corollary 4 for A^2 and the alternation and disagreement counts are decided on finite exact grids, "
             "not proved for all angles: the check makes them finite steps with their scopes, so the chain is "
             "certified on the common range (grid angles, t up to a stated T), not proved.",),
))
