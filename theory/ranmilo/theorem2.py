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
``sup_bound``, and reuses steps 1, 2 and 5; every link is proved in sympy for symbolic sizes.
"""
from __future__ import annotations

from typing import Callable

import sympy
from sympy import Abs, IndexedBase, KroneckerDelta, Max, Min, Sum, Symbol, ceiling, floor

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step
from .appendix_e import (alpha, beta, geometric_difference, geometric_sequence, lemma6_bound, lemma9_steps,
                         lemma12_lhs, lemma12_steps, lemma8_steps, peak_steps, triangle_steps,
                         difference_induction_steps)

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


def printed_term(order, index, value, eps):
    """The term of Eq. (3) as printed: ``2^(d + 2 min(d, m)) (2^(-d) |D| - eps)``."""
    return 2 ** (order + 2 * Min(order, index)) * (2 ** (-order) * Abs(value) - eps)


def corrected_term(order, index, value, eps):
    """The corrected term: ``2^(d + 2 min(d, m-1)) (2^(-d) |D| - eps)``."""
    return 2 ** (order + 2 * Min(order, index - 1)) * (2 ** (-order) * Abs(value) - eps)


def term_with_exponent(order, exponent, value, eps):
    """``2^(d + 2k) (2^(-d) |D| - eps)``: the term for a generic exponent ``k``."""
    return 2 ** (order + 2 * exponent) * (2 ** (-order) * Abs(value) - eps)


def corrected_peak(order, index):
    """``((m-1)/(d+m-1))^(m-1) (d/(d+m-1))^d``: the maximum of ``a^(m-1) (1-a)^d`` on [0, 1]."""
    return ((index - 1) / (order + index - 1)) ** (index - 1) * (order / (order + index - 1)) ** order


# ---------------------------------------------------------------------------------------------
# Step 1: the l1 distance bounds every entry of a restriction.

def step1_steps() -> list[ProofStep]:
    """``|x_k| <= ||x||_1`` for ``1 <= k <= t``, and the restrictions only pick entries ``x_k``, ``k <= t``."""
    w = Symbol("w", integer=True, nonnegative=True)
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
        sign_step("j > k (j = k + 1 + s): the term is |x_j| >= 0; a sum of nonnegative terms, so |x_k| <= ||x||_1",
                  (1 - KroneckerDelta(k + 1 + s, k)) * Abs(X[k + 1 + s]), "nonnegative"),
    ]
    for parity, top, entry in (("odd", ceiling(t / 2), lambda i: 2 * i - 1), ("even", floor(t / 2), lambda i: 2 * i)):
        for length in (2 * w, 2 * w + 1):
            steps.append(sign_step(
                f"t = {length}: the {parity} restriction's entries i <= {top} (i = {top} - s) are x_k with k <= t",
                t - entry(top - s), "nonnegative", {t: length}))
    return steps


# ---------------------------------------------------------------------------------------------
# Step 5: Lemma 8 and the reordering.

def step5_steps() -> list[ProofStep]:
    """From ``eps >= ||(T-Y)|sigma||_inf`` and ``|(Y|sigma)^(d)_m| <= n W 2^(-2k)``: ``n W >= term``.

    Lemma 8: ``eps >= ||T|sigma^(d) - Y|sigma^(d)||_inf / 2^d >= (|D| - |D_Y|) / 2^d`` (the sup norm
    is at least one entry; ``|D| - |D_Y| <= |D - D_Y|``).  Writing ``|D| - |D_Y| = 2^d eps - s_2``
    and ``|D_Y| = n W 2^(-2k) - s_1`` with ``s_1, s_2 >= 0``, ``n W - term = 2^(2k) (s_1 + s_2)``.
    """
    y, z = sympy.symbols("y z", real=True)
    a, b = sympy.symbols("a b", nonnegative=True)
    exponent = Symbol("k", nonnegative=True)
    size = Symbol("nW", nonnegative=True)  # n_R ||C~^T . B~||_inf
    s1, s2 = sympy.symbols("s_1 s_2", nonnegative=True)
    abs_D = Symbol("absD", nonnegative=True)  # |D|
    abs_DY = size * 2 ** (-2 * exponent) - s1
    return (
        lemma8_steps()
        + [sign_step("the sup norm is at least each entry: max(a, b) >= a when b = a + s", Max(a, a + s) - a,
                     "nonnegative"),
           sign_step("... and when a = b + s (b <= a)", Max(b + s, b) - (b + s), "nonnegative"),
           identity_step("|D| = |(D - D_Y) + D_Y|, so the triangle inequality below gives |D| - |D_Y| <= |D - D_Y|",
                         (y - z) + z, y)]
        + triangle_steps(y - z, z)
        + [sign_step("reordering: n W - 2^(d+2k) (2^(-d) |D| - eps) = 2^(2k) (s_1 + s_2) >= 0, where "
                     "|D| = |D_Y| + 2^d eps - s_2 and |D_Y| = n W 2^(-2k) - s_1",
                     size - term_with_exponent(d, exponent, abs_D, epsilon), "nonnegative",
                     {abs_D: abs_DY + 2 ** d * epsilon - s2}),
           identity_step("with k = min(d, m) the reordered bound is the printed term of Eq. (3)",
                         term_with_exponent(d, Min(d, m), D, epsilon), printed_term(d, m, D, epsilon)),
           identity_step("with k = min(d, m-1) it is the corrected term",
                         term_with_exponent(d, Min(d, m - 1), D, epsilon), corrected_term(d, m, D, epsilon))]
    )


# ---------------------------------------------------------------------------------------------
# The corrected steps.

def state_sum_steps() -> list[ProofStep]:
    """``|sum_{j=1}^n w_j g_j| <= n W G`` when ``|w_j| <= W`` and ``|g_j| <= G``, by induction on ``n``."""
    w, g = IndexedBase("w", real=True), IndexedBase("g", real=True)
    size = Symbol("n", integer=True, positive=True)
    Wb, Gb = sympy.symbols("W G", nonnegative=True)
    ab, cb = sympy.symbols("a c", nonnegative=True)  # |w_j| and |g_j|
    s1, s2 = sympy.symbols("s_1 s_2", nonnegative=True)
    y, z = sympy.symbols("y z", real=True)
    return (
        [identity_step("sum_{j=1}^{n+1} w_j g_j = sum_{j=1}^n w_j g_j + w_(n+1) g_(n+1)",
                       Sum(w[j] * g[j], (j, 1, size + 1)),
                       Sum(w[j] * g[j], (j, 1, size)) + Sum(w[j] * g[j], (j, size + 1, size + 1)))]
        + triangle_steps(y, z)
        + [identity_step("|w_j g_j| = |w_j| |g_j|", Abs(w[j] * g[j]), Abs(w[j]) * Abs(g[j])),
           sign_step("|w_j| |g_j| <= W G: with |w| = W - s_1 and |g| = G - s_2 (s_1, s_2 >= 0), "
                     "W G - |w||g| = s_1 G + (W - s_1) s_2 >= 0", Wb * Gb - ab * cb, "nonnegative",
                     {Wb: ab + s1, Gb: cb + s2}),
           identity_step("induction on n (base n = 1 is the bound on one term): n W G + W G = (n + 1) W G",
                         size * Wb * Gb + Wb * Gb, (size + 1) * Wb * Gb)]
    )


def sup_bound_steps() -> list[ProofStep]:
    """``max_{a in [0,1]} a^(m-1) (1-a)^d = corrected_peak(d, m) <= 2^(-2 min(d, m-1))``.

    ``m >= 2`` (``m = 1 + mu``): :func:`peak_steps` with exponents ``(mu, d)`` and Lemma 12 at
    ``(mu, d)``.  ``m = 1``: ``(1-a)^d`` is at most ``1 = 2^0``, attained at ``a = 0``.
    """
    one_plus_mu = 1 + mu
    return (
        [identity_step("for a in [0, 1], with beta = 1 - a >= 0: |a^(m-1) (a - 1)^d| = a^(m-1) beta^d",
                       Abs(alpha ** (m - 1) * (-beta) ** d), alpha ** (m - 1) * beta ** d)]
        + peak_steps(mu, d)
        + [identity_step("m = 1 + mu: the peak value is corrected_peak(d, m) and Lemma 12's left side at (mu, d)",
                         corrected_peak(d, one_plus_mu), lemma12_lhs(mu, d))]
        + lemma12_steps(first=mu, second=d)
        + [identity_step("m = 1 + mu: Lemma 12's bound 2^(-2 min(mu, d)) is 2^(-2 min(d, m-1))",
                         2 ** (-2 * Min(mu, d)), 2 ** (-2 * Min(d, one_plus_mu - 1))),
           sign_step("m = 1: (1 - a)^d = beta^d <= 1^d, since u -> u^d increases on [0, oo) "
                     "(derivative d u^(d-1) >= 0) and beta <= 1", sympy.diff(beta ** d, beta), "nonnegative"),
           identity_step("m = 1: the maximum 1 (at a = 0) is corrected_peak(d, 1) (0^0 = 1)", corrected_peak(d, 1), 1),
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
    symbols=(t, n_R, W, d, m, D, epsilon, error_l1),
    hypotheses=(sympy.Le(d + m, floor(t / 2)), sympy.Le(error_l1, epsilon)),
    conclusion=sympy.Ge(n_R * W, printed_term(d, m, D, epsilon)),
    bound=printed_term(d, m, D, epsilon),
    steps=(step1, lemma9_reduction, step3, step4, step5),
    remarks=("Counterexample: n_R = 1, A = 0, B = C = 1, phi = the SSM's own response (1, 0, 0, 0), eps = 0, "
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
            "G = max_{a in [0,1]} a^(m-1) (1 - a)^d.",
    symbols=(n_R,),
    conclusion=sympy.Le(Abs(Sum(IndexedBase("w")[j] * IndexedBase("g")[j], (j, 1, n_R))),
                        n_R * Symbol("W") * Symbol("G")),
    prove=lambda: _proof("ranmilo.thm2_corrected.state_sum", state_sum_steps()),
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
    symbols=(t, n_R, W, d, m, D, epsilon, error_l1),
    hypotheses=(sympy.Le(d + m, floor(t / 2)), sympy.Le(error_l1, epsilon)),
    conclusion=sympy.Ge(n_R * W, corrected_term(d, m, D, epsilon)),
    bound=corrected_term(d, m, D, epsilon),
    steps=_corrected_steps,
    prove=_chain("ranmilo.thm2_corrected", _corrected_steps),
    corrects="ranmilo.thm2",
    remarks=("The proof chains the sympy proofs of its steps, each for symbolic sizes (t, d, m, n_R); the "
             "principles of reasoning used between computations (induction, sums of nonnegative terms, "
             "monotonicity of u^k and 2^u) are said in the claims.",
             "The bound is attained: for the counterexample of ranmilo.thm2 (one state, A = 0, B = C = 1, t = 4) "
             "the corrected term at sigma = odd, d = m = 1 is 2^1 (1/2) = 1 = n_R ||C^T . B||_inf.",
             "m = 1 is where the printed and corrected terms differ most: min(d, 0) = 0, so the term is "
             "2^d (2^(-d) |D| - eps) = |D| - 2^d eps; for m - 1 >= d both forms agree."),
))
