"""Section 3.3's learnability statements of Ran-Milo et al. 2024 (Appendix C loss; Lemma 3 and
Propositions 4 and 5, proofs in Appendix D.8-D.9), with their sympy proofs.

Throughout, a real diagonal SSM ``(A, B, C)`` of dimension ``n`` has the impulse response
``y_j = sum_k A_k^(j-1) B_k C_k`` (``0^0 = 1``), and the Appendix C loss for a target
``phi_1..phi_t`` is ``l = sum_{j=1}^t r_j^2`` with the residual ``r_j = y_j - phi_j``.  Every
proof isolates one state ``k`` -- ``a = A_k``, ``b = B_k``, ``c = C_k`` -- and writes
``r_j = R_j + a^(j-1) b c``, where ``R_j`` collects the other states and the target (it does not
depend on ``a, b, c``).

* **Lemma 3.**  ``lambda_max(nabla^2 l) >= 2 max(||B||_inf, ||C||_inf)^2`` (Hessian in all of
  ``A, B, C``; any target, any ``A``).  Proof: the diagonal entry of the Hessian in the direction
  ``B_k`` is ``2 c^2 sum_j a^(2(j-1))``, whose ``j = 1`` term is ``2 c^2`` and whose other terms
  are squares; likewise ``2 b^2 sum_j a^(2(j-1))`` in the direction ``C_k``; and the largest
  eigenvalue of a symmetric matrix is at least each of its diagonal entries (Rayleigh).  (The
  printed proof takes ``i = argmax_i C_i``; it must be ``argmax_i |C_i|``, which changes nothing.)
* **Gradient bound** (step 1 of Proposition 4's proof).  For ``|A_m| <= 1`` for all ``m``:
  ``|dl/dB_k| <= 2 sqrt(t l) |C_k|`` and ``|dl/dC_k| <= 2 sqrt(t l) |B_k|``.
* **Proposition 4.**  Gradient descent ``theta^(i) = theta^(i-1) - eta^(i) nabla l(theta^(i-1))``
  on ``(A, B, C)`` with ``eta^(i) <= c_1``, ``eta^(i) <= 2 / max(lambda_max(nabla^2 l^(i-1)), 0)``
  and ``l^(i) <= c_2 l^(0)`` for all ``i`` gives
  ``max(||B^(i)||_inf, ||C^(i)||_inf) <= max(||B^(0)||_inf, ||C^(0)||_inf) + i sqrt(4 c_1 c_2 t l^(0))``.
  The proof uses the gradient bound, hence needs ``|A^(i)_m| <= 1`` along the whole run (the paper's
  standing assumption of stable SSMs; gradient descent on ``A`` itself does not enforce it).
* **Definition 2 / Proposition 5.**  The robustness to ``q``-quantisation of real-SSM values
  ``(A*, B*, C*)`` that eps-approximate ``phi`` up to time ``t`` is the probability that
  ``(A* (.) Q_A, B* (.) Q_B, C* (.) Q_C)`` still eps-approximates ``phi``, with all entries of
  ``Q_A, Q_B, Q_C`` independent ``U[1 - q/2, 1 + q/2]``.  Proposition 5: for any ``q`` in
  ``[0, 1]`` it is at most ``2 eps / (q ||C^T (.) B||_inf)``.

Proposition 5's printed proof (D.9) bounds the density of the first output
``X = sum_i w_i (1 + u_i)(1 + v_i)`` (``w_i = B_i C_i``; ``u_i, v_i`` i.i.d. ``U(-q/2, q/2)``) by
the largest density of one summand and claims that this is at most ``1 / (|w_i| q)``, "that of
``U(-w_i q/2, w_i q/2)``".  That step is false: ``Y = (1 + u)(1 + v)`` has density
``p_Y(y) = q^-2 int_{v : y/(1+v) in [1-q/2, 1+q/2]} dv / (1 + v)``, which at
``y = (1 - q/2)(1 + q/2)`` equals ``kappa(q) / q`` with

    kappa(q) = (1/q) log((1 + q/2) / (1 - q/2)) = 1 + q^2/12 + O(q^4) > 1        (q in (0, 2)).

(``ranmilo.prop5.density_step``, refuted in :mod:`verify.checks.ranmilo.learnability`).  Conditioning on
everything but ``u_k`` (the state with the largest ``|w_k|``) instead, ``X`` is uniform of width
``|w_k| q (1 + v_k)``, so the robustness is at most ``E[2 eps / (|w_k| q (1 + v_k))] =
2 eps kappa(q) / (q ||C^T (.) B||_inf)`` (``ranmilo.prop5_corrected_proof``, proved).  For the
formats' ``q`` (``2^-7`` bfloat16, ``2^-10`` float16, ``2^-23`` float32) ``kappa(q) - 1 < 2e-5``.
Whether the printed constant 1 (instead of ``kappa(q)``) holds in general is not settled here: the
printed statement is confronted with Monte Carlo estimates on trained and constructed SSMs, and for
one state and ``t = 1`` the robustness is computed in arb on a grid of targets and tolerances, where it
stays below the printed bound with a ratio of about ``1 - 0.1 q`` at the worst point (attained near
``eps = 0.18 q^2 |w|``): the printed constant could be lowered by at most about ``0.1 q``.

What is symbolic and what is a principle.  sympy proves the identities (derivatives of ``l`` for
symbolic ``t``, the ``j = 1`` term, the integrals giving the density and ``kappa``, the case
split of Proposition 4, its telescoping) and the signs (squares, ``a^s (1 - a) >= 0``,
``kappa' > 0``...).  Principles of reasoning that are not computations are said in the claims:
a sum of nonnegative terms is at least each of its terms; the triangle inequality; the
Cauchy-Schwarz inequality ``||r||_1 <= sqrt(t) ||r||_2`` (its Lagrange identity is expanded by sympy
for t = 1..6 only); the Rayleigh quotient (``lambda_max >= e^T H e`` for a unit vector ``e``, whose
spectral-decomposition identity sympy checks); ``int_I p <= |I| sup p``; the density of a sum of
independent variables is an average of shifted densities of one summand; monotonicity of
``sqrt`` and of a function with a positive derivative.
"""
from __future__ import annotations

import sympy
from sympy import Abs, IndexedBase, Sum, Symbol, diff, integrate, log, sqrt

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step
from .appendix_e import triangle_steps

SOURCE_L3 = "Lemma 3, Ran-Milo et al. 2024 (Appendix D.8)"
SOURCE_P4 = "Proposition 4, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.8)"
SOURCE_P5 = "Proposition 5, Ran-Milo et al. 2024 (Section 3.3, Definition 2; proof in Appendix D.9)"
SOURCE_P5_CORRECTED = "Proposition 5, Ran-Milo et al. 2024: a proof with the density step corrected (ours)"

t = Symbol("t", integer=True, positive=True)          # the time horizon
j = Symbol("j", integer=True, positive=True)          # the time index, 1-based
kk = Symbol("k", integer=True)                        # an eigenvalue index
a, b, c = sympy.symbols("a b c", real=True)           # A_k, B_k, C_k of the isolated state
x = Symbol("x", real=True)                            # a perturbation of B_k or C_k
R = IndexedBase("R", real=True)                       # the residual of the other states minus phi
u, v = sympy.symbols("u v", positive=True)            # free parameters of constrained variables
s = Symbol("s", integer=True, nonnegative=True)       # an exponent j - 1 >= 0
loss = Symbol("l", nonnegative=True)
M_B, M_C = sympy.symbols("M_B M_C", nonnegative=True)  # ||B||_inf, ||C||_inf
lambda_max = Symbol("lambda_max", real=True)
eta, c1, c2 = sympy.symbols("eta c_1 c_2", positive=True)
M = Symbol("M", nonnegative=True)                     # max(||B||_inf, ||C||_inf) at step i-1
M0 = Symbol("M_0", nonnegative=True)                  # ... at step 0
loss0 = Symbol("l_0", nonnegative=True)
step_i = Symbol("i", integer=True, positive=True)
q = Symbol("q", positive=True)                        # the quantisation width
w = Symbol("w", positive=True)                        # |B_k C_k|, the largest |w_i|
epsilon = Symbol("epsilon", nonnegative=True)
W = Symbol("W", positive=True)                        # ||C^T (.) B||_inf


def residual(first, second):
    """``r_j = R_j + a^(j-1) first second`` (the isolated state's contribution: ``a^(j-1) b c``)."""
    return R[j] + a ** (j - 1) * first * second


def loss_along(first, second):
    """``l`` as a function of the isolated state's ``first`` and ``second`` factors (symbolic t)."""
    return Sum(residual(first, second) ** 2, (j, 1, t))


def _proof(name: str, steps) -> Proof:
    return Proof(statement=name, steps=tuple(steps))


# ---------------------------------------------------------------------------------------------
# Lemma 3.

def hessian_diagonal_steps() -> list[ProofStep]:
    """``d^2 l / dB_k^2 = 2 c^2 sum_j a^(2(j-1))`` and ``d^2 l / dC_k^2 = 2 b^2 sum_j a^(2(j-1))``."""
    return [
        identity_step("Hessian entry in the direction B_k: d^2/dx^2 l(B + x e_k) = sum_{j=1}^t 2 (a^(j-1) c)^2 "
                      "(symbolic t; r_j = R_j + a^(j-1) (b + x) c)",
                      diff(loss_along(b + x, c), x, 2), Sum(2 * (a ** (j - 1) * c) ** 2, (j, 1, t))),
        identity_step("Hessian entry in the direction C_k: d^2/dx^2 l(C + x e_k) = sum_{j=1}^t 2 (a^(j-1) b)^2",
                      diff(loss_along(b, c + x), x, 2), Sum(2 * (a ** (j - 1) * b) ** 2, (j, 1, t))),
    ]


def first_term_steps() -> list[ProofStep]:
    """The ``j = 1`` summand is ``2 c^2`` and every summand is a square, so the entry is ``>= 2 c^2``."""
    summand_c = 2 * (a ** (j - 1) * c) ** 2
    summand_b = 2 * (a ** (j - 1) * b) ** 2
    return [
        identity_step("the j = 1 summand is 2 C_k^2 (A_k^0 = 1, also for A_k = 0)", summand_c.subs(j, 1), 2 * c ** 2),
        sign_step("every summand 2 (a^(j-1) c)^2 is >= 0; a sum of nonnegative terms is at least its j = 1 term, "
                  "so d^2 l / dB_k^2 >= 2 C_k^2", summand_c, "nonnegative"),
        identity_step("the j = 1 summand in the direction C_k is 2 B_k^2", summand_b.subs(j, 1), 2 * b ** 2),
        sign_step("every summand 2 (a^(j-1) b)^2 is >= 0, so d^2 l / dC_k^2 >= 2 B_k^2", summand_b, "nonnegative"),
    ]


def rayleigh_steps() -> list[ProofStep]:
    """``lambda_max(H) >= e^T H e`` for a unit vector ``e``: with ``H = sum_k lambda_k v_k v_k^T``
    (spectral theorem) and ``p_k = (v_k . e)^2 >= 0``, ``sum_k p_k = 1``:
    ``lambda_max - e^T H e = sum_k (lambda_max - lambda_k) p_k >= 0``."""
    N = Symbol("N", integer=True, positive=True)
    lam = IndexedBase("lambda", real=True)
    p = IndexedBase("p", nonnegative=True)
    gap = Symbol("g", nonnegative=True)  # lambda_max - lambda_k >= 0
    weight = Symbol("p_k", nonnegative=True)
    lhs = Sum((lambda_max - lam[kk]) * p[kk], (kk, 1, N))
    rhs = lambda_max * Sum(p[kk], (kk, 1, N)) - Sum(lam[kk] * p[kk], (kk, 1, N))
    return [
        identity_step("spectral theorem: sum_k (lambda_max - lambda_k) p_k = lambda_max sum_k p_k - sum_k lambda_k p_k "
                      "= lambda_max - e^T H e (sum_k p_k = ||e||^2 = 1)", lhs, rhs,
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
        sign_step("each term (lambda_max - lambda_k) p_k = g p_k with g, p_k >= 0 is >= 0 (a sum of nonnegative "
                  "terms is >= 0): lambda_max >= e^T H e; with e = e_i this is lambda_max >= H_ii",
                  gap * weight, "nonnegative"),
    ]


hessian_diagonal = Statement(
    name="ranmilo.lemma3.hessian_diagonal",
    source=SOURCE_L3,
    summary="The Hessian of l has the diagonal entries d^2 l / dB_k^2 = 2 C_k^2 sum_{j=1}^t A_k^(2(j-1)) and "
            "d^2 l / dC_k^2 = 2 B_k^2 sum_{j=1}^t A_k^(2(j-1)) (symbolic t).",
    symbols=(t, a, b, c),
    conclusion=sympy.Eq(diff(loss_along(b + x, c), x, 2), Sum(2 * (a ** (j - 1) * c) ** 2, (j, 1, t))),
    prove=lambda: _proof("ranmilo.lemma3.hessian_diagonal", hessian_diagonal_steps()),
)

first_term = Statement(
    name="ranmilo.lemma3.first_term",
    source=SOURCE_L3,
    summary="d^2 l / dB_k^2 >= 2 C_k^2 and d^2 l / dC_k^2 >= 2 B_k^2: the j = 1 term of a sum of squares.",
    symbols=(a, b, c),
    conclusion=sympy.Ge(Sum(2 * (a ** (j - 1) * c) ** 2, (j, 1, t)), 2 * c ** 2),
    prove=lambda: _proof("ranmilo.lemma3.first_term", first_term_steps()),
)

rayleigh = Statement(
    name="ranmilo.lemma3.rayleigh",
    source=SOURCE_L3,
    summary="The largest eigenvalue of a real symmetric matrix is at least every diagonal entry (Rayleigh quotient "
            "at a unit vector e_i), through the spectral decomposition.",
    symbols=(lambda_max,),
    prove=lambda: _proof("ranmilo.lemma3.rayleigh", rayleigh_steps()),
)

_lemma3_steps = (hessian_diagonal, first_term, rayleigh)


def _prove_lemma3() -> Proof:
    steps = [step for statement in _lemma3_steps for step in statement.prove().steps]
    return _proof("ranmilo.lemma3", steps)


lemma3 = register(Statement(
    name="ranmilo.lemma3",
    source=SOURCE_L3,
    summary="For the Appendix C loss l of a real diagonal SSM (any target, any A, Hessian in A, B and C): "
            "lambda_max(nabla^2 l) >= 2 max(||B||_inf, ||C||_inf)^2.",
    symbols=(lambda_max, M_B, M_C),
    conclusion=sympy.Ge(lambda_max, 2 * sympy.Max(M_B, M_C) ** 2),
    bound=2 * sympy.Max(M_B, M_C) ** 2,
    steps=_lemma3_steps,
    prove=_prove_lemma3,
    remarks=("The printed proof takes i = argmax_i C_i; the argument needs argmax_i |C_i| (the Hessian entry "
             "involves C_i^2), which is what is proved here.",
             "Nothing about A is used: the bound holds for unstable A too, and for any target.",),
))


# ---------------------------------------------------------------------------------------------
# The gradient bound (Proposition 4, proof step 1).

def gradient_bound_steps() -> list[ProofStep]:
    """``|dl/dB_k| <= 2 |c| ||r||_1 <= 2 |c| sqrt(t) ||r||_2 = 2 sqrt(t l) |C_k|`` for ``|a| <= 1``."""
    steps = [
        identity_step("dl/dB_k = 2 C_k sum_{j=1}^t a^(j-1) r_j (symbolic t)",
                      diff(loss_along(b + x, c), x).subs(x, 0),
                      2 * c * Sum(a ** (j - 1) * residual(b, c), (j, 1, t)),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
        identity_step("dl/dC_k = 2 B_k sum_{j=1}^t a^(j-1) r_j (symbolic t)",
                      diff(loss_along(b, c + x), x).subs(x, 0),
                      2 * b * Sum(a ** (j - 1) * residual(b, c), (j, 1, t)),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
        identity_step("|a^(j-1) r_j| = |a|^(j-1) |r_j|", Abs(a ** s * x), Abs(a) ** s * Abs(x)),
        sign_step("0 <= |a| <= 1 (|a| = 1/(1+u), u > 0; |a| = 1 gives 1^s = 1): |a|^s - |a|^(s+1) = |a|^s (1 - |a|) "
                  ">= 0, so |a|^s <= |a|^0 = 1 by induction on s = j - 1", a ** s - a ** (s + 1), "nonnegative",
                  {a: 1 / (1 + u)}),
    ]
    steps += triangle_steps()
    steps.append(sign_step("hence (triangle inequality over j, induction on t) |sum_j a^(j-1) r_j| <= sum_j |r_j| "
                           "= ||r||_1: with |a|^(j-1) = 1 - sigma, 0 <= sigma <= 1, |r_j| - |a|^(j-1) |r_j| >= 0",
                           Abs(x) - (1 - v / (1 + v)) * Abs(x), "nonnegative"))
    for size in range(1, 7):
        ys = sympy.symbols(f"y1:{size + 1}", nonnegative=True)
        lagrange = sum((ys[p] - ys[r]) ** 2 for p in range(size) for r in range(size)) / 2
        steps.append(identity_step(
            f"Cauchy-Schwarz via Lagrange's identity, t = {size}: t sum y^2 - (sum y)^2 = (1/2) sum_(j,k) "
            f"(y_j - y_k)^2 >= 0 with y_j = |r_j| (the identity for every t is the same expansion; expanded here for "
            f"t = 1..6), so ||r||_1 <= sqrt(t) ||r||_2",
            size * sum(y ** 2 for y in ys) - sum(ys) ** 2, lagrange, simplifier=sympy.expand))
    norm1 = Symbol("rho_1", nonnegative=True)
    steps += [
        identity_step("||r||_2 = sqrt(l) (l = sum_j r_j^2 = ||r||_2^2), so 2 |C_k| sqrt(t) ||r||_2 = 2 sqrt(t l) |C_k|",
                      2 * Abs(c) * sqrt(t) * sqrt(loss), 2 * sqrt(t * loss) * Abs(c)),
        sign_step("monotonicity: ||r||_1 <= sqrt(t l) (||r||_1 = sqrt(t l) - v) gives "
                  "2 |C_k| sqrt(t l) - 2 |C_k| ||r||_1 >= 0",
                  2 * Abs(c) * sqrt(t * loss) - 2 * Abs(c) * norm1, "nonnegative",
                  {norm1: sqrt(t * loss) - v * sqrt(t * loss) / (1 + v)}),
    ]
    return steps


gradient_bound = Statement(
    name="ranmilo.prop4.gradient_bound",
    source=SOURCE_P4 + ", step 1",
    summary="For a real diagonal SSM with |A_m| <= 1 for every m and any target: |dl/dB_k| <= 2 sqrt(t l) |C_k| and "
            "|dl/dC_k| <= 2 sqrt(t l) |B_k| (so both are <= 2 sqrt(t l) max(||B||_inf, ||C||_inf)).",
    symbols=(t, loss, a, b, c),
    hypotheses=(sympy.Le(Abs(a), 1),),
    conclusion=sympy.Le(Abs(Symbol("dl/dB_k")), 2 * sqrt(t * loss) * Abs(c)),
    bound=2 * sqrt(t * loss) * Abs(c),
    prove=lambda: _proof("ranmilo.prop4.gradient_bound", gradient_bound_steps()),
    remarks=("Tight: one state with A = 1, B = C = 1 and target 0 has r_j = 1, l = t and dl/dB = 2t = "
             "2 sqrt(t l) |C|.",
             "The hypothesis |A_m| <= 1 is needed: with A = 2 the left side grows like 2^t.",),
)


# ---------------------------------------------------------------------------------------------
# Proposition 4.

def step_size_steps() -> list[ProofStep]:
    """``eta M <= sqrt(c_1)``, split on ``M <= 1/sqrt(c_1)`` or not (Lemma 3: ``2/lambda_max <= 1/M^2``)."""
    return [
        sign_step("Lemma 3: lambda_max >= 2 M^2 > 0 (lambda_max = 2 M^2 + g, g >= 0) gives 1/M^2 - 2/lambda_max >= 0, "
                  "so eta <= 2/lambda_max <= 1/M^2",
                  1 / M ** 2 - 2 / lambda_max, "nonnegative", {lambda_max: 2 * u ** 2 + v, M: u}),
        sign_step("case M <= 1/sqrt(c_1) (M = (1/sqrt(c_1)) / (1 + v)) and eta <= c_1 (eta = c_1 / (1 + u)): "
                  "sqrt(c_1) - eta M >= 0",
                  sqrt(c1) - eta * M, "nonnegative", {M: 1 / (sqrt(c1) * (1 + v)), eta: c1 / (1 + u)}),
        sign_step("case M > 1/sqrt(c_1) (M = (1 + v)/sqrt(c_1)) and eta <= 1/M^2 (eta = 1/(M^2 (1 + u))): "
                  "sqrt(c_1) - eta M >= 0",
                  sqrt(c1) - eta * M, "nonnegative", {eta: c1 / ((1 + v) ** 2 * (1 + u)), M: (1 + v) / sqrt(c1)}),
    ]


def update_steps() -> list[ProofStep]:
    """One step: ``||B^(i)|| <= ||B^(i-1)|| + eta 2 sqrt(t l^(i-1)) M <= ||B^(i-1)|| + 2 sqrt(t c_1 c_2 l_0)``."""
    return [
        identity_step("|B_k - eta dl/dB_k| <= |B_k| + eta |dl/dB_k| (triangle inequality, as in the gradient bound) "
                      "<= |B_k| + eta 2 sqrt(t l) M (gradient bound), and eta * 2 sqrt(t l) M = 2 sqrt(t l) (eta M)",
                      eta * 2 * sqrt(t * loss) * M, 2 * sqrt(t * loss) * (eta * M)),
        sign_step("eta M <= sqrt(c_1) (eta M = sqrt(c_1) / (1 + u)): 2 sqrt(t l) sqrt(c_1) - 2 sqrt(t l) eta M >= 0",
                  2 * sqrt(t * loss) * sqrt(c1) - 2 * sqrt(t * loss) * (sqrt(c1) / (1 + u)), "nonnegative"),
        sign_step("l^(i-1) <= c_2 l_0 (l = c_2 l_0 / (1 + u)): t c_2 l_0 c_1 - t l c_1 >= 0, so "
                  "sqrt(t l c_1) <= sqrt(t c_2 l_0 c_1) (sqrt increases): each step adds <= 2 sqrt(t c_1 c_2 l_0)",
                  t * c2 * loss0 * c1 - t * (c2 * loss0 / (1 + u)) * c1, "nonnegative"),
    ]


def telescoping_steps() -> list[ProofStep]:
    """Induction on ``i``: ``M_0 + (i-1) D + D = M_0 + i D``; ``D = 2 sqrt(c_1 c_2 t l_0) = sqrt(4 c_1 c_2 t l_0)``."""
    D = 2 * sqrt(t * c2 * loss0 * c1)
    return [
        identity_step("induction step: (M_0 + (i-1) D) + D = M_0 + i D with D = 2 sqrt(t c_2 l_0 c_1)",
                      (M0 + (step_i - 1) * D) + D, M0 + step_i * D),
        identity_step("base i = 0: M_0 + 0 D = M_0", M0 + 0 * D, M0),
        identity_step("2 sqrt(t c_2 l_0 c_1) = sqrt(4 c_1 c_2 t l_0); ||B^(0)||_inf and ||C^(0)||_inf are both "
                      "<= M_0 = their max, so the bounds for B and for C give the bound on the max",
                      D, sqrt(4 * c1 * c2 * t * loss0)),
    ]


step_size = Statement(
    name="ranmilo.prop4.step_size",
    source=SOURCE_P4 + ", step 3",
    summary="If eta <= c_1 and eta <= 2 / lambda_max(nabla^2 l) then eta max(||B||_inf, ||C||_inf) <= sqrt(c_1) "
            "(Lemma 3, and a split on max(||B||, ||C||) <= 1/sqrt(c_1)).",
    symbols=(eta, c1, M, lambda_max),
    hypotheses=(sympy.Le(eta, c1), sympy.Le(eta, 2 / lambda_max), sympy.Ge(lambda_max, 2 * M ** 2)),
    conclusion=sympy.Le(eta * M, sqrt(c1)),
    prove=lambda: _proof("ranmilo.prop4.step_size", step_size_steps()),
)

update = Statement(
    name="ranmilo.prop4.update",
    source=SOURCE_P4 + ", step 2",
    summary="One gradient step moves ||B||_inf and ||C||_inf by at most eta^(i) 2 sqrt(t l^(i-1)) M^(i-1) <= "
            "2 sqrt(t c_1 c_2 l^(0)).",
    symbols=(eta, t, loss, M, c1, c2, loss0),
    prove=lambda: _proof("ranmilo.prop4.update", update_steps()),
)

telescoping = Statement(
    name="ranmilo.prop4.telescoping",
    source=SOURCE_P4 + ", last step",
    summary="Summing i steps: max(||B^(i)||, ||C^(i)||) <= M_0 + i sqrt(4 c_1 c_2 t l^(0)) (induction on i).",
    symbols=(M0, step_i, c1, c2, t, loss0),
    prove=lambda: _proof("ranmilo.prop4.telescoping", telescoping_steps()),
)

_prop4_steps = (gradient_bound, step_size, update, telescoping)


def _prove_prop4() -> Proof:
    return _proof("ranmilo.prop4", [step for statement in _prop4_steps for step in statement.prove().steps])


#: Proposition 4's bound on max(||B^(i)||_inf, ||C^(i)||_inf).
prop4_bound = M0 + step_i * sqrt(4 * c1 * c2 * t * loss0)

prop4 = register(Statement(
    name="ranmilo.prop4",
    source=SOURCE_P4,
    summary="Gradient descent on (A, B, C) with eta^(i) <= c_1, eta^(i) <= 2 / max(lambda_max(nabla^2 l^(i-1)), 0) "
            "and l^(i) <= c_2 l^(0) (and |A^(i)| <= 1 throughout, the standing assumption the proof uses) "
            "satisfies max(||B^(i)||_inf, ||C^(i)||_inf) <= max(||B^(0)||_inf, ||C^(0)||_inf) + "
            "i sqrt(4 c_1 c_2 t l^(0)).",
    symbols=(M0, step_i, c1, c2, t, loss0),
    hypotheses=(sympy.Le(eta, c1), sympy.Le(eta, 2 / lambda_max), sympy.Le(loss, c2 * loss0), sympy.Le(Abs(a), 1)),
    conclusion=sympy.Le(Symbol("M_i"), prop4_bound),
    bound=prop4_bound,
    steps=_prop4_steps,
    prove=_prove_prop4,
    remarks=("The proof's first step needs |A_m| <= 1 at every iterate; plain gradient descent on A can leave "
             "[-1, 1], so the checks verify it along each run.",
             "Consequence: reaching max(||B||, ||C||) = K from M_0 takes at least (K - M_0) / sqrt(4 c_1 c_2 t l^(0)) "
             "steps; a real SSM matching a target needs n ||C (.) B||_inf >= min ||w||_1, hence "
             "max(||B||, ||C||) >= sqrt(min ||w||_1 / n).",),
))


# ---------------------------------------------------------------------------------------------
# Proposition 5.

#: kappa(q) = E[1 / (1 + v)] for v ~ U(-q/2, q/2).
kappa = (log(1 + q / 2) - log(1 - q / 2)) / q
_mode = (1 - q / 2) * (1 + q / 2)


def product_density_steps() -> list[ProofStep]:
    """The density of ``Y = (1 + u)(1 + v)`` at its mode ``(1 - q/2)(1 + q/2)`` is ``kappa(q) / q > 1 / q``."""
    vv = Symbol("v", real=True)
    f = log(1 + q / 2) - log(1 - q / 2) - q
    return [
        identity_step("at y = (1 - q/2)(1 + q/2) the constraint y / (1 + v) >= 1 - q/2 reads v <= q/2: "
                      "y / (1 - q/2) - 1 = q/2", _mode / (1 - q / 2) - 1, q / 2),
        identity_step("and y / (1 + v) <= 1 + q/2 reads v >= -q/2: y / (1 + q/2) - 1 = -q/2",
                      _mode / (1 + q / 2) - 1, -q / 2),
        identity_step("so every v in [-q/2, q/2] contributes: given v, Y is uniform of width q (1 + v) with density "
                      "1 / (q (1 + v)); averaging over v (density 1/q): p_Y(y) = q^-2 int_{-q/2}^{q/2} dv / (1 + v) "
                      "= kappa(q) / q", integrate(1 / (1 + vv), (vv, -q / 2, q / 2)) / q ** 2, kappa / q),
        identity_step("f(q) = log(1 + q/2) - log(1 - q/2) - q has f(0) = 0", f.subs(q, 0), 0),
        identity_step("f'(q) = q^2 / (4 - q^2)", diff(f, q), q ** 2 / (4 - q ** 2)),
        sign_step("f'(q) > 0 on (0, 2) (q = 2 / (1 + u)), so f(q) > 0: kappa(q) > 1 for q in (0, 1]",
                  q ** 2 / (4 - q ** 2), "positive", {q: 2 / (1 + u)}),
    ]


def density_step_as_printed() -> list[ProofStep]:
    """The printed claim ``max p_Y <= 1/q`` at the mode: sympy finds ``1/q - kappa/q`` negative, so it fails."""
    return product_density_steps() + [
        sign_step("printed: the density of B_i C_i (1 + u)(1 + v) is at most that of U(-w q/2, w q/2), i.e. "
                  "1 / (|w| q) -- at the mode (w = 1) 1/q - kappa(q)/q >= 0 would be needed",
                  1 / q - kappa / q, "nonnegative", {q: 1}),
    ]


def corrected_steps() -> list[ProofStep]:
    """Robustness <= ``E[2 eps / (w q (1 + v))] = 2 eps kappa(q) / (q W)``."""
    vv = Symbol("v", real=True)
    n_sym = Symbol("n_R", integer=True, positive=True)
    A_, B_, C_ = (IndexedBase(name, real=True) for name in ("A", "B", "C"))
    QA, QB, QC = (IndexedBase(name, positive=True) for name in ("Q_A", "Q_B", "Q_C"))
    i = Symbol("i", integer=True)
    first_output = Sum(C_[i] * QC[i] * (A_[i] * QA[i]) ** (j - 1) * B_[i] * QB[i], (i, 1, n_sym)).subs(j, 1)
    return [
        identity_step("the quantised SSM's first output is X = sum_i B_i C_i Q_B,i Q_C,i: A does not enter "
                      "(A^0 = 1); eps-approximation up to time t implies |X - phi_1| <= eps (an l1 sum is at "
                      "least its first term)", first_output, Sum(B_[i] * C_[i] * QB[i] * QC[i], (i, 1, n_sym))),
        identity_step("given every variable but Q_B,k (k the state with |B_k C_k| = W), X = S + w Q_C,k Q_B,k is "
                      "uniform on an interval of length q w Q_C,k: the conditional probability of an interval of "
                      "length 2 eps is at most 2 eps / (q w Q_C,k) (probability = length x density)",
                      2 * epsilon * (1 / (q * w * (1 + vv))), 2 * epsilon / (q * w * (1 + vv))),
        identity_step("averaging over Q_C,k = 1 + v, v ~ U(-q/2, q/2) (the bound holds for every value of the other "
                      "variables): E[2 eps / (q w (1 + v))] = 2 eps kappa(q) / (q w), w = W",
                      2 * epsilon / (q * w) * integrate(1 / (1 + vv), (vv, -q / 2, q / 2)) / q,
                      2 * epsilon * kappa / (q * w)),
    ] + product_density_steps()[-3:]


density_step = Statement(
    name="ranmilo.prop5.density_step",
    source=SOURCE_P5 + ", the density step",
    summary="As printed: the density of B_i C_i (1 + q_B,i)(1 + q_C,i), q_. ~ U(-q/2, q/2), is at most that of "
            "U(-B_i C_i q/2, B_i C_i q/2), i.e. 1 / (|B_i C_i| q).  False: at the mode (1 - q/2)(1 + q/2) |w| it is "
            "kappa(q) / (|w| q) with kappa(q) = log((1 + q/2)/(1 - q/2)) / q > 1.",
    symbols=(q, w),
    conclusion=sympy.Le(kappa / (q * w), 1 / (q * w)),
    bound=1 / (q * w),
    prove=lambda: _proof("ranmilo.prop5.density_step", density_step_as_printed()),
)

#: Proposition 5's bound on the robustness, as printed, and as proved with the density corrected.
prop5_bound = 2 * epsilon / (q * W)
prop5_corrected_bound = 2 * epsilon * kappa / (q * W)


def robustness_statement(name: str, source: str, summary: str, bound, **rest) -> Statement:
    """Proposition 5's form, registered: for ``q <= 1`` the robustness (Definition 2) of eps-approximating
    real-SSM values to q-quantisation is at most ``bound`` (the printed and the corrected statement differ
    only in ``bound``)."""
    return register(Statement(name=name, source=source, summary=summary, symbols=(epsilon, q, W),
                              hypotheses=(sympy.Le(q, 1),), conclusion=sympy.Le(Symbol("robustness"), bound),
                              bound=bound, **rest))


prop5 = robustness_statement(
    name="ranmilo.prop5",
    source=SOURCE_P5,
    summary="If real-SSM values (A*, B*, C*) eps-approximate phi up to time t, then for any q in [0, 1] the "
            "probability that (A* (.) Q_A, B* (.) Q_B, C* (.) Q_C), all entries of the Q's independent "
            "U[1 - q/2, 1 + q/2], still eps-approximates phi is at most 2 eps / (q ||C^T (.) B||_inf).",
    bound=prop5_bound,
    steps=(density_step,),
    remarks=("The printed proof's density step (ranmilo.prop5.density_step) is false; the proof then gives the "
             "bound times kappa(q) = log((1 + q/2)/(1 - q/2)) / q (ranmilo.prop5_corrected_proof), not the printed "
             "one.  kappa(2^-7) - 1 = 5.1e-6, kappa(2^-10) - 1 = 7.9e-8, kappa(2^-23) - 1 = 1.2e-15; kappa(1) = log 3.",
             "No sympy proof of the printed constant: the printed statement is confronted with Monte Carlo "
             "estimates.",),
)

prop5_corrected_proof = robustness_statement(
    name="ranmilo.prop5_corrected_proof",
    source=SOURCE_P5_CORRECTED,
    summary="Under the hypotheses of Proposition 5 the robustness to q-quantisation is at most "
            "2 eps kappa(q) / (q ||C^T (.) B||_inf), kappa(q) = log((1 + q/2)/(1 - q/2)) / q = 1 + q^2/12 + O(q^4): "
            "condition on all quantisation factors but Q_B of the state with the largest |B_k C_k|.",
    bound=prop5_corrected_bound,
    prove=lambda: _proof("ranmilo.prop5_corrected_proof", corrected_steps()),
    remarks=("kappa(q) is the exact factor the printed argument loses: E[1/(1 + v)] for v ~ U(-q/2, q/2).",),
)
