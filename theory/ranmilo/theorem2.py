"""Theorem 2 of Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.3), as printed and corrected.

Theorem 2 (as printed).  If a real SSM of dimension ``n_R`` eps-approximates ``phi`` up to time
``t`` (l1 distance of the impulse responses), then

    n_R ||C^T . B||_inf >= max_{d, m in N, d + m <= floor(t/2), sigma in {odd, even}}
                           2^(d + 2 min(d, m)) (2^(-d) |(phi(I)|sigma)^(d)_m| - eps),      (3)

with N = {1, 2, ...} and Definition 1's 1-based forward difference.  The statement's ``bound`` is
the term, in the symbols ``d, m`` (positive integers), ``D = (phi(I)|sigma)^(d)_m`` (real) and
``epsilon``; :mod:`numerics.realfit.theorem2` maximises it over ``d, m, sigma``.

The proof (Appendix D.3) fixes ``d, m, sigma``; with ``T = phi(I)_{:t}`` and ``Y`` the SSM's
response:

1. ``||T - Y||_1 <= eps`` gives ``||T|sigma - Y|sigma||_inf <= eps``            (``step1``);
2. Lemma 9: ``Y|sigma = sum_j w_j a_j^(i-1)`` with ``a_j = A_jj^2`` in [0, 1] and
   ``max |w_j| <= ||C^T . B||_inf``                                              (``lemma9_reduction``);
3. Lemma 6: ``|(Y|sigma)^(d)_m| <= (m/(d+m))^m (d/(d+m))^d n_R max|w_j|``      (``step3``);
4. Lemma 12: ``(m/(d+m))^m (d/(d+m))^d <= 2^(-2 min(d, m))``                    (``step4``);
5. Lemma 8, then reordering, gives (3)                                          (``step5``).

Step 3 is false.  With 1-based ``m`` the d-th difference of ``(a^(i-1))_{i>=1}`` at ``m`` is
``a^(m-1) (a - 1)^d``, not ``a^m (a - 1)^d``: Lemma 6 is stated 0-based and was applied at a
1-based index.  The maximum of ``a^(m-1) (1 - a)^d`` on [0, 1] is
``((m-1)/(d+m-1))^(m-1) (d/(d+m-1))^d``, which Lemma 12 bounds by ``2^(-2 min(d, m-1))``.  So the
theorem holds with ``min(d, m - 1)`` in place of ``min(d, m)`` (``ranmilo.thm2_corrected``),
and the printed form fails: ``n_R = 1``, ``A = 0``, ``B = C = 1``, ``phi`` its own response
``(1, 0, 0, 0)``, ``eps = 0``, ``t = 4``: at ``sigma = odd``, ``d = m = 1``, ``D = -1`` and the
right side is ``4 > 1``.

The corrected proof replaces steps 3-4 by ``geometric_difference``, ``state_sum`` and
``sup_bound``, and reuses steps 1, 2 and 5; every link is an identity or sign proved in sympy for
symbolic sizes, an inequality discharged by z3, or a named premise (induction, finite sums, the
maximum, monotonicity from the sign of a derivative; see :mod:`.appendix_e`).

Hypotheses.  The printed theorem names none beyond the SSM being real; its proof uses, through
Lemma 9, that every ``A_jj`` is real with ``|A_jj| <= 1`` (so ``A_jj^2`` lies in [0, 1] and
``|C_j A_jj B_j| <= |C_j B_j|``), that ``B_j, C_j`` are real (real weights ``C_j B_j``), and that
``eps >= ||T - Y||_1 >= 0``.  Both records carry them (:data:`STATE_HYPOTHESES`, stated for a generic
state ``j`` with the symbols ``A_j, B_j, C_j``).  Without ``|A_jj| <= 1`` the corrected theorem is
false: ``A = 2``, ``B = C = 1``, ``t = 4``, ``eps = 0`` has response ``(1, 2, 4, 8)``, and at
``sigma = even``, ``d = m = 1`` the right side is ``6 > 1``.  ``ranmilo.thm2_corrected_without_stability``
is that deliberately weakened statement; the exact search refutes it.
"""
from __future__ import annotations

from typing import Callable

import sympy
from sympy import Abs, IndexedBase, KroneckerDelta, Min, Sum, Symbol, ceiling, floor

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step, z3_step
from .appendix_e import (FINITE_SUMS, INDUCTION, MAXIMUM, alpha, beta, geometric_difference, geometric_sequence,
                         lemma6_bound, lemma9_steps, lemma12_lhs, lemma12_steps, lemma8_steps, peak_steps,
                         power_monotone_steps, premise, triangle_steps, difference_induction_steps)

SOURCE = "Theorem 2, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.3)"
SOURCE_CORRECTED = "Theorem 2, Ran-Milo et al. 2024 (Section 3.3), corrected form (ours)"

t = Symbol("t", integer=True, positive=True)
n_R = Symbol("n_R", integer=True, positive=True)
d, m = sympy.symbols("d m", integer=True, positive=True)
D = Symbol("D", real=True)                      # (phi(I)|sigma)^(d)_m
epsilon = Symbol("epsilon", nonnegative=True)
W = Symbol("W", nonnegative=True)               # ||C_R^T . B_R||_inf
error_l1 = Symbol("err", nonnegative=True)      # ||phi(I)_{:t} - Y_{:t}||_1
j = Symbol("j", integer=True)
k = Symbol("k", integer=True, positive=True)
s = Symbol("s", integer=True, nonnegative=True)
mu = Symbol("mu", integer=True, positive=True)  # m - 1 when m >= 2
X = IndexedBase("x", real=True)                 # x = T - Y

# The parameters of one state j of the real SSM, without assumptions: that they are real is a
# hypothesis (STATE_HYPOTHESES), so that a check can evaluate it on a complex parameter.
A_j, B_j, C_j = sympy.symbols("A_j B_j C_j")
#: |A_jj| <= 1: used by Lemma 9 (A_jj^2 in [0, 1], |C_j A_jj B_j| <= |C_j B_j|).
STABILITY = sympy.Le(Abs(A_j), 1)
#: The state matrix and the input and output vectors are real.
REAL_PARAMETERS = (sympy.Contains(A_j, sympy.Reals), sympy.Contains(B_j, sympy.Reals),
                   sympy.Contains(C_j, sympy.Reals))
#: The hypotheses on every state j that the proof uses (through Lemma 9).
STATE_HYPOTHESES = (*REAL_PARAMETERS, STABILITY)
#: The hypotheses of Eq. (3) on the indices and on eps (``err`` = ||phi(I)_{:t} - Y_{:t}||_1).
INDEX_HYPOTHESES = (sympy.Le(d + m, floor(t / 2)), sympy.Le(error_l1, epsilon))


def term_with_exponent(order, exponent, value, eps):
    """``2^(d + 2k) (2^(-d) |D| - eps)``: the term for a generic exponent ``k``."""
    return 2 ** (order + 2 * exponent) * (2 ** (-order) * Abs(value) - eps)


def printed_term(order, index, value, eps):
    """The term of Eq. (3) as printed: ``2^(d + 2 min(d, m)) (2^(-d) |D| - eps)`` (``k = min(d, m)``)."""
    return term_with_exponent(order, Min(order, index), value, eps)


def corrected_term(order, index, value, eps):
    """The corrected term: ``2^(d + 2 min(d, m-1)) (2^(-d) |D| - eps)`` (``k = min(d, m-1)``)."""
    return term_with_exponent(order, Min(order, index - 1), value, eps)


def corrected_peak(order, index):
    """``((m-1)/(d+m-1))^(m-1) (d/(d+m-1))^d``: the maximum of ``a^(m-1) (1-a)^d`` on [0, 1]."""
    return ((index - 1) / (order + index - 1)) ** (index - 1) * (order / (order + index - 1)) ** order


# ---------------------------------------------------------------------------------------------
# Step 1: the l1 distance bounds every entry of a restriction.

def step1_steps() -> list[ProofStep]:
    """``|x_k| <= ||x||_1`` for ``1 <= k <= t``, and the restrictions only pick entries ``x_k``, ``k <= t``;
    so every entry of ``x|sigma`` is at most ``||x||_1 <= eps`` and so is their maximum."""
    w = Symbol("w", integer=True, nonnegative=True)
    x_k, norm1, eps_, sup = sympy.symbols("x_k N_1 epsilon S", real=True)
    steps = [
        identity_step("sum_{j=1}^t KroneckerDelta(j, k) |x_j| = |x_k| for 1 <= k <= t (t = k + s)",
                      Sum(KroneckerDelta(j, k) * Abs(X[j]), (j, 1, k + s)).doit(), Abs(X[k])),
        identity_step("||x||_1 = sum_j KroneckerDelta(j, k) |x_j| + sum_j (1 - KroneckerDelta(j, k)) |x_j|",
                      Sum(Abs(X[j]), (j, 1, t)),
                      Sum(KroneckerDelta(j, k) * Abs(X[j]), (j, 1, t))
                      + Sum((1 - KroneckerDelta(j, k)) * Abs(X[j]), (j, 1, t))),
        sign_step("j = k: the term (1 - KroneckerDelta(j, k)) |x_j| is 0", (1 - KroneckerDelta(j, j)) * Abs(X[j]),
                  "nonnegative"),
        sign_step("j < k (k = j + 1 + s): the term is |x_j| >= 0",
                  (1 - KroneckerDelta(j, j + 1 + s)) * Abs(X[j]), "nonnegative"),
        sign_step("j > k (j = k + 1 + s): the term is |x_j| >= 0",
                  (1 - KroneckerDelta(k + 1 + s, k)) * Abs(X[k + 1 + s]), "nonnegative"),
        premise(FINITE_SUMS),
    ]
    for parity, top, entry in (("odd", ceiling(t / 2), lambda i: 2 * i - 1), ("even", floor(t / 2), lambda i: 2 * i)):
        for length in (2 * w, 2 * w + 1):
            steps.append(sign_step(
                f"t = {length}: the {parity} restriction's entries i <= {top} (i = {top} - s) are x_k with k <= t",
                t - entry(top - s), "nonnegative", {t: length}))
    steps += [
        z3_step("|x_k| <= ||x||_1 and ||x||_1 <= eps give |x_k| <= eps", sympy.Le(Abs(x_k), eps_),
                [sympy.Le(Abs(x_k), norm1), sympy.Le(norm1, eps_)]),
        premise(MAXIMUM),
        z3_step("the sup norm S of x|sigma is one of its entries' |x_k|, each <= eps: S <= eps",
                sympy.Le(sup, eps_), [sympy.Eq(sup, Abs(x_k)), sympy.Le(Abs(x_k), eps_)]),
    ]
    return steps


# ---------------------------------------------------------------------------------------------
# Step 5: Lemma 8 and the reordering.

def step5_steps() -> list[ProofStep]:
    """From ``eps >= ||(T-Y)|sigma||_inf`` and ``|(Y|sigma)^(d)_m| <= n W 2^(-2k)``: ``n W >= term``.

    Lemma 8: ``||x||_inf >= ||x^(d)||_inf / 2^d`` for ``x = (T - Y)|sigma``, whose d-th difference is
    ``T|sigma^(d) - Y|sigma^(d)`` (linearity); the sup norm of ``x^(d)`` is at least its entry at
    ``m``, ``|D - D_Y|`` (:data:`MAXIMUM`).  With ``P = 2^d`` and ``K = 2^(2k)``, z3 then derives
    ``n W >= K (|D| - P eps)``, which is the term (identity).
    """
    exponent = Symbol("k", nonnegative=True)
    P, K = sympy.symbols("P K", positive=True)           # 2^d, 2^(2k)
    DD, DY, eps_, sup, sup_d, size = sympy.symbols("D D_Y epsilon S S_d nW", real=True)
    return lemma8_steps() + [
        premise(MAXIMUM),
        z3_step("eps >= S = ||(T-Y)|sigma||_inf (step 1), P S >= S_d = ||(T-Y)|sigma^(d)||_inf (Lemma 8), "
                "S_d >= |D - D_Y| (the entry at m) and K |D_Y| <= n W give n W >= K (|D| - P eps)",
                sympy.Ge(size, K * (Abs(DD) - P * eps_)),
                [sympy.Ge(eps_, sup), sympy.Ge(P * sup, sup_d), sympy.Ge(sup_d, Abs(DD - DY)),
                 sympy.Le(K * Abs(DY), size)]),
        identity_step("with P = 2^d and K = 2^(2k): K (|D| - P eps) = 2^(d+2k) (2^(-d) |D| - eps), the reordered bound",
                      (2 ** (2 * exponent)) * (Abs(D) - 2 ** d * epsilon), term_with_exponent(d, exponent, D, epsilon)),
        sign_step("k = min(d, m) (the printed term of Eq. (3)) is >= 0", Min(d, m), "nonnegative"),
        sign_step("k = min(d, m-1) (the corrected term) is >= 0, as m >= 1", Min(d, m - 1), "nonnegative"),
    ]


# ---------------------------------------------------------------------------------------------
# The corrected steps.

def state_sum_steps() -> list[ProofStep]:
    """``|sum_{j=1}^n w_j g_j| <= n W G`` when ``|w_j| <= W`` and ``|g_j| <= G``, by induction on ``n``."""
    w, g = IndexedBase("w", real=True), IndexedBase("g", real=True)
    size = Symbol("n", integer=True, positive=True)
    Wb, Gb, ab, cb, y, z, prev, nxt, nr = sympy.symbols("W G a c y z S_n S_n1 n", real=True)
    return (
        [identity_step("sum_{j=1}^{n+1} w_j g_j = sum_{j=1}^n w_j g_j + w_(n+1) g_(n+1)",
                       Sum(w[j] * g[j], (j, 1, size + 1)),
                       Sum(w[j] * g[j], (j, 1, size)) + Sum(w[j] * g[j], (j, size + 1, size + 1)))]
        + triangle_steps(y, z)
        + [identity_step("|w_j g_j| = |w_j| |g_j|", Abs(w[j] * g[j]), Abs(w[j]) * Abs(g[j])),
           z3_step("0 <= |w_j| <= W and 0 <= |g_j| <= G give |w_j| |g_j| <= W G (so the base n = 1 holds)",
                   sympy.Le(ab * cb, Wb * Gb), [sympy.Le(0, ab), sympy.Le(ab, Wb), sympy.Le(0, cb), sympy.Le(cb, Gb)]),
           z3_step("induction step on n: |S_(n+1)| <= |S_n| + |w g| (triangle), |S_n| <= n W G and |w g| <= W G "
                   "give |S_(n+1)| <= (n + 1) W G", sympy.Le(Abs(nxt), (nr + 1) * Wb * Gb),
                   [sympy.Le(Abs(nxt), Abs(prev) + y), sympy.Le(Abs(prev), nr * Wb * Gb), sympy.Le(y, Wb * Gb)]),
           premise(INDUCTION)]
    )


def combination_steps() -> list[ProofStep]:
    """``|D_Y| <= n W~ G``, ``G <= 2^(-2k)`` and ``W~ <= W`` (Lemma 9) give ``2^(2k) |D_Y| <= n W``."""
    DY, Wt, Wb, Gb, nr = sympy.symbols("D_Y W_tilde W G n", real=True)
    K = Symbol("K", positive=True)  # 2^(2k)
    return [z3_step("|D_Y| <= n W~ G (state sum), 0 <= G with K G <= 1 (K = 2^(2k), sup bound) and 0 <= W~ <= W "
                    "(Lemma 9), n > 0, give K |D_Y| <= n W", sympy.Le(K * Abs(DY), nr * Wb),
                    [sympy.Le(Abs(DY), nr * Wt * Gb), sympy.Le(0, Gb), sympy.Le(K * Gb, 1), sympy.Le(0, Wt),
                     sympy.Le(Wt, Wb), sympy.Gt(nr, 0)])]


def sup_bound_steps() -> list[ProofStep]:
    """``max_{a in [0,1]} a^(m-1) (1-a)^d = corrected_peak(d, m) <= 2^(-2 min(d, m-1))``.

    ``m >= 2`` (``m = 1 + mu``): :func:`peak_steps` with exponents ``(mu, d)`` and Lemma 12 at
    ``(mu, d)``.  ``m = 1``: ``(1-a)^d`` is at most ``1 = 2^0``, attained at ``a = 0``.
    """
    one_plus_mu = 1 + mu
    a_ = Symbol("a", real=True)
    return (
        [identity_step("for a in [0, 1], with beta = 1 - a >= 0: |a^(m-1) (a - 1)^d| = a^(m-1) beta^d",
                       Abs(alpha ** (m - 1) * (-beta) ** d), alpha ** (m - 1) * beta ** d)]
        + peak_steps(mu, d)
        + [identity_step("m = 1 + mu: the peak value is corrected_peak(d, m) and Lemma 12's left side at (mu, d)",
                         corrected_peak(d, one_plus_mu), lemma12_lhs(mu, d))]
        + lemma12_steps(first=mu, second=d)
        + [z3_step("m = 1: a in [0, 1] gives beta = 1 - a in [0, 1]", sympy.And(sympy.Le(0, 1 - a_), sympy.Le(1 - a_, 1)),
                   [sympy.Le(0, a_), sympy.Le(a_, 1)]),
           *power_monotone_steps(),
           identity_step("m = 1: so beta^d <= 1^d = 1, attained at a = 0: the maximum 1 is corrected_peak(d, 1) "
                         "(0^0 = 1)", corrected_peak(d, 1), 1 ** d),
           identity_step("m = 1: 2^(-2 min(d, 0)) = 1", 2 ** (-2 * Min(d, 0)), 1)]
    )


# ---------------------------------------------------------------------------------------------
# Statements.

def _proof(name, *step_lists) -> Proof:
    return Proof(statement=name, steps=tuple(step for steps in step_lists for step in steps))


def _chain(name, statements) -> Callable[[], Proof]:
    """The proof of ``name``: the proofs of ``statements``, in order."""
    return lambda: _proof(name, *(statement.prove().steps for statement in statements))


step1 = Statement(
    name="ranmilo.thm2.step1",
    source=SOURCE,
    summary="Step 1: ||T - Y||_1 <= eps implies ||T|sigma - Y|sigma||_inf <= eps for both sigma: every entry "
            "of a restriction is an entry x_k = T_k - Y_k, k <= t, and |x_k| <= ||x||_1.  Symbolic t, k.",
    symbols=(t, k, error_l1, epsilon),
    hypotheses=(sympy.Le(error_l1, epsilon), sympy.Le(k, t)),
    conclusion=sympy.Le(Abs(X[k]), Sum(Abs(X[j]), (j, 1, t))),
    prove=lambda: _proof("ranmilo.thm2.step1", step1_steps()),
)

lemma9_reduction = Statement(
    name="ranmilo.thm2.lemma9_reduction",
    source=SOURCE,
    summary="Step 2 (Lemma 9): Y|sigma is the impulse response of a real SSM (A~, B~, C~) of dimension n_R "
            "with A~ = A^2 in [0, 1] and ||C~^T . B~||_inf <= ||C^T . B||_inf, i.e. "
            "(Y|sigma)_i = sum_j w_j a_j^(i-1) with a_j in [0, 1] and |w_j| <= ||C^T . B||_inf.",
    symbols=(n_R,),
    conclusion=sympy.Le(Symbol("W_tilde", nonnegative=True), W),
    prove=lambda: _proof("ranmilo.thm2.lemma9_reduction", lemma9_steps()),
    remarks=("W_tilde = ||C~^T . B~||_inf in the conclusion.",),
)

step3 = Statement(
    name="ranmilo.thm2.step3",
    source=SOURCE,
    summary="Step 3 as printed (Lemma 6 with order d at index m): for Y|sigma = sum_j w_j a_j^(i-1) with "
            "a_j in [0, 1], |(Y|sigma)^(d)_m| <= (m/(d+m))^m (d/(d+m))^d n_R ||C~^T . B~||_inf, with the "
            "1-based index m of Theorem 2.  FALSE (see the remarks).",
    symbols=(d, m, n_R),
    conclusion=sympy.Le(Abs(Symbol("D_Y")), lemma6_bound(m, d) * n_R * Symbol("W_tilde", nonnegative=True)),
    remarks=("With 1-based m the d-th difference of (a^(i-1))_{i>=1} at index m is a^(m-1) (a - 1)^d "
             "(ranmilo.thm2_corrected.geometric_difference), not a^m (a - 1)^d: Lemma 6 holds with 0-based "
             "indices ('when we start at index 0') and is applied here at Definition 1's 1-based index.",
             "The maximum of a^(m-1) (1 - a)^d over a in [0, 1] is ((m-1)/(d+m-1))^(m-1) (d/(d+m-1))^d "
             "(ranmilo.thm2_corrected.sup_bound), strictly larger than the claimed (m/(d+m))^m (d/(d+m))^d, "
             "since a^(m-1) (1-a)^d > a^m (1-a)^d on (0, 1).  Counterexample: one state (n_R = 1), w_1 = 1, "
             "a_1 = 0, m = d = 1: (Y|sigma) = (1, 0, ...), |(Y|sigma)^(1)_1| = 1 > 1/4.",
             "D_Y = (Y|sigma)^(d)_m and W_tilde = ||C~^T . B~||_inf in the conclusion."),
)

step4 = Statement(
    name="ranmilo.thm2.step4",
    source=SOURCE,
    summary="Step 4 (Lemma 12 with (m, n) -> (m, d)): (m/(d+m))^m (d/(d+m))^d <= 2^(-2 min(m, d)).  True "
            "(symbolic d, m); it bounds the false step 3.",
    symbols=(d, m),
    conclusion=sympy.Le(lemma12_lhs(m, d), 2 ** (-2 * Min(m, d))),
    prove=lambda: _proof("ranmilo.thm2.step4", lemma12_steps(first=m, second=d)),
)

step5 = Statement(
    name="ranmilo.thm2.step5",
    source=SOURCE,
    summary="Step 5 (Lemma 8, then reordering): if ||T|sigma - Y|sigma||_inf <= eps and "
            "|(Y|sigma)^(d)_m| <= n_R ||C~^T . B~||_inf 2^(-2k) for some k >= 0, then "
            "n_R ||C~^T . B~||_inf >= 2^(d+2k) (2^(-d) |(T|sigma)^(d)_m| - eps).  Printed with k = min(d, m); "
            "the corrected theorem uses k = min(d, m-1).  Symbolic d, k.",
    symbols=(d, m, D, epsilon),
    conclusion=sympy.Ge(Symbol("nW", nonnegative=True), term_with_exponent(d, Symbol("k", nonnegative=True),
                                                                            D, epsilon)),
    prove=lambda: _proof("ranmilo.thm2.step5", step5_steps()),
    remarks=("nW = n_R ||C~^T . B~||_inf <= n_R ||C^T . B||_inf (Lemma 9) in the conclusion.",),
)

thm2 = register(Statement(
    name="ranmilo.thm2",
    source=SOURCE,
    summary="If a real SSM (A, B, C) of dimension n_R eps-approximates phi up to time t (l1), then "
            "n_R ||C^T . B||_inf >= max over d, m in N = {1, 2, ...} with d + m <= floor(t/2) and sigma in "
            "{odd, even} of 2^(d + 2 min(d, m)) (2^(-d) |(phi(I)|sigma)^(d)_m| - eps) (Eq. 3; 1-based "
            "indices, Definition 1).  The bound is the term, with D = (phi(I)|sigma)^(d)_m.  As printed it is "
            "false; see ranmilo.thm2_corrected.",
    symbols=(t, n_R, W, d, m, D, epsilon, error_l1, A_j, B_j, C_j),
    hypotheses=INDEX_HYPOTHESES + STATE_HYPOTHESES,
    conclusion=sympy.Ge(n_R * W, printed_term(d, m, D, epsilon)),
    bound=printed_term(d, m, D, epsilon),
    steps=(step1, lemma9_reduction, step3, step4, step5),
    remarks=("The printed statement does not say |A_jj| <= 1; its proof uses it (Lemma 9), so the record carries it "
             "(and A, B, C real).  The counterexample below satisfies every hypothesis.","Counterexample: n_R = 1, A = 0, B = C = 1, phi = the SSM's own response (1, 0, 0, 0), eps = 0, "
             "t = 4.  At sigma = odd, d = m = 1: (phi|odd) = (1, 0), D = -1, and the term is "
             "2^3 (1/2 - 0) = 4 > 1 = n_R ||C^T . B||_inf.  (Nonzero poles also fail, e.g. A = 1/2: 3 > 1.)",
             "The error is in step 3: Lemma 6 is stated with 0-based indices ('when we start at index 0'), "
             "while Theorem 2 uses Definition 1's 1-based indices, so step 3 applies Lemma 6 at the wrong "
             "index: the d-th difference of (a^(i-1))_i at the 1-based index m is a^(m-1) (a-1)^d.  Steps 1, "
             "2, 4 and 5 are correct, and the corrected form replaces min(d, m) by min(d, m-1).",
             "The digest's Lemma 9 proof text swaps the odd and even cases: the odd restriction uses "
             "(A^2, B, C) and the even one (A^2, B, CA) (see ranmilo.lemma9).",
             "No sympy proof: the statement is refuted; numerics (verify) finds the counterexamples exactly."),
))

geometric_difference_statement = Statement(
    name="ranmilo.thm2_corrected.geometric_difference",
    source=SOURCE_CORRECTED,
    summary="The d-th forward difference (Definition 1) of (x^(i-1))_{i>=1} at the 1-based index m is "
            "x^(m-1) (x - 1)^d, for any number x (induction on d, symbolic d and m).  With "
            "Y|sigma = sum_j w_j a_j^(i-1): (Y|sigma)^(d)_m = sum_j w_j a_j^(m-1) (a_j - 1)^d.",
    symbols=(d, m),
    conclusion=sympy.Eq(sympy.Function("Delta")(d, m), geometric_difference(1)(d, m)),
    prove=lambda: _proof("ranmilo.thm2_corrected.geometric_difference",
                         difference_induction_steps(geometric_sequence(1), geometric_difference(1),
                                                    "X_i = x^(i-1), i >= 1")),
    remarks=("Delta(d, m) stands for the d-th difference of (x^(i-1))_{i>=1} at index m.  At 0-based indices "
             "(x^i)_{i>=0} the same induction gives x^m (x - 1)^d, Lemma 6's form.",),
)

state_sum = Statement(
    name="ranmilo.thm2_corrected.state_sum",
    source=SOURCE_CORRECTED,
    summary="|sum_{j=1}^n w_j g_j| <= n W G when |w_j| <= W and |g_j| <= G (triangle inequality, induction "
            "on n, symbolic n); with g_j = a_j^(m-1) (a_j - 1)^d: |(Y|sigma)^(d)_m| <= n_R W~ G, "
            "G = max_{a in [0,1]} a^(m-1) (1 - a)^d; with G <= 2^(-2k) (sup_bound) and W~ <= W (Lemma 9): "
            "2^(2k) |(Y|sigma)^(d)_m| <= n_R W.",
    symbols=(n_R,),
    conclusion=sympy.Le(Abs(Sum(IndexedBase("w")[j] * IndexedBase("g")[j], (j, 1, n_R))),
                        n_R * Symbol("W") * Symbol("G")),
    prove=lambda: _proof("ranmilo.thm2_corrected.state_sum", state_sum_steps(), combination_steps()),
)

sup_bound = Statement(
    name="ranmilo.thm2_corrected.sup_bound",
    source=SOURCE_CORRECTED,
    summary="max_{a in [0,1]} a^(m-1) (1 - a)^d = ((m-1)/(d+m-1))^(m-1) (d/(d+m-1))^d <= 2^(-2 min(d, m-1)) "
            "for d, m >= 1: the critical point (m-1)/(d+m-1) and Lemma 12 at (m-1, d) for m >= 2; for m = 1 "
            "the maximum is 1 = 2^0 (at a = 0, with 0^0 = 1).  Symbolic d, m.",
    symbols=(d, m),
    conclusion=sympy.Le(corrected_peak(d, m), 2 ** (-2 * Min(d, m - 1))),
    prove=lambda: _proof("ranmilo.thm2_corrected.sup_bound", sup_bound_steps()),
)

_corrected_steps = (step1, lemma9_reduction, geometric_difference_statement, state_sum, sup_bound, step5)

thm2_corrected = register(Statement(
    name="ranmilo.thm2_corrected",
    source=SOURCE_CORRECTED,
    summary="Theorem 2 with min(d, m-1) in place of min(d, m): if a real SSM of dimension n_R eps-approximates "
            "phi up to time t (l1), then n_R ||C^T . B||_inf >= max over d, m in N with d + m <= floor(t/2) and "
            "sigma in {odd, even} of 2^(d + 2 min(d, m-1)) (2^(-d) |(phi(I)|sigma)^(d)_m| - eps).  Proof: "
            "steps 1, 2 (Lemma 9) and 5 (Lemma 8) of the printed proof, with the 1-based difference "
            "a^(m-1) (a-1)^d, the sum over states, and its maximum bounded by Lemma 12 at (m-1, d).",
    symbols=(t, n_R, W, d, m, D, epsilon, error_l1, A_j, B_j, C_j),
    hypotheses=INDEX_HYPOTHESES + STATE_HYPOTHESES,
    conclusion=sympy.Ge(n_R * W, corrected_term(d, m, D, epsilon)),
    bound=corrected_term(d, m, D, epsilon),
    steps=_corrected_steps,
    prove=_chain("ranmilo.thm2_corrected", _corrected_steps),
    corrects="ranmilo.thm2",
    remarks=("Hypotheses: every state j has A_jj, B_j, C_j real and |A_jj| <= 1 (used by Lemma 9: A_jj^2 in [0, 1], "
             "|C_j A_jj B_j| <= |C_j B_j|), eps >= ||phi(I)_{:t} - Y_{:t}||_1 (>= 0), and d, m >= 1 with "
             "d + m <= floor(t/2).  Without |A_jj| <= 1 it is false (ranmilo.thm2_corrected_without_stability).",
             "The proof chains the proofs of its steps, each for symbolic sizes (t, d, m, n_R): sympy identities "
             "and signs, z3 inequalities, and the named premises induction, finite sums, the maximum and "
             "monotonicity from the derivative's sign (listed with the verdict).",
             "The bound is attained: for the counterexample of ranmilo.thm2 (one state, A = 0, B = C = 1, t = 4) "
             "the corrected term at sigma = odd, d = m = 1 is 2^1 (1/2) = 1 = n_R ||C^T . B||_inf.",
             "m = 1 is where the printed and corrected terms differ most: min(d, 0) = 0, so the term is "
             "2^d (2^(-d) |D| - eps) = |D| - 2^d eps; for m - 1 >= d both forms agree."),
))


thm2_corrected_without_stability = register(Statement(
    name="ranmilo.thm2_corrected_without_stability",
    source=SOURCE_CORRECTED + "; weakened on purpose: without |A_jj| <= 1",
    summary="DELIBERATELY WEAKENED (to show that the hypothesis is needed and that the checks see it): the "
            "corrected Theorem 2 without the hypothesis |A_jj| <= 1.  If a real SSM of any state matrix "
            "eps-approximates phi up to time t (l1), then n_R ||C^T . B||_inf >= max over d, m in N with "
            "d + m <= floor(t/2) and sigma of 2^(d + 2 min(d, m-1)) (2^(-d) |(phi(I)|sigma)^(d)_m| - eps).  False.",
    symbols=(t, n_R, W, d, m, D, epsilon, error_l1, A_j, B_j, C_j),
    hypotheses=INDEX_HYPOTHESES + REAL_PARAMETERS,
    conclusion=sympy.Ge(n_R * W, corrected_term(d, m, D, epsilon)),
    bound=corrected_term(d, m, D, epsilon),
    remarks=("No proof: Lemma 9 needs |A_jj| <= 1 for A_jj^2 <= 1 and |C_j A_jj B_j| <= |C_j B_j|.  The exact search "
             "of the verify check refutes it; the smallest counterexample is one state, A = 2, B = C = 1, t = 4, "
             "eps = 0: response (1, 2, 4, 8), sigma = even, d = m = 1, D = 6, right side 6 > 1.",),
))
