"""Section 3.3's learnability statements of Ran-Milo et al. 2024 (Appendix C loss; Lemma 3 and
Propositions 4 and 5, proofs in Appendix D.8-D.9), with their machine-checked proofs.

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
* **Gradient bound** (step 1 of Proposition 4's proof).  For ``|A_k| <= 1``:
  ``|dl/dB_k| <= 2 sqrt(t l) |C_k|`` and ``|dl/dC_k| <= 2 sqrt(t l) |B_k|``.
* **Proposition 4.**  Gradient descent ``theta^(i) = theta^(i-1) - eta^(i) nabla l(theta^(i-1))``
  on ``(A, B, C)`` with ``eta^(i) <= c_1``, ``eta^(i) <= 2 / max(lambda_max(nabla^2 l^(i-1)), 0)``
  and ``l^(i) <= c_2 l^(0)`` for all ``i`` gives
  ``max(||B^(i)||_inf, ||C^(i)||_inf) <= max(||B^(0)||_inf, ||C^(0)||_inf) + i sqrt(4 c_1 c_2 t l^(0))``.
  The printed proof uses the gradient bound, hence needs ``|A^(i)_m| <= 1`` along the whole run (the
  paper's standing assumption of stable SSMs; gradient descent on ``A`` itself does not enforce it);
  the record ``ranmilo.prop4`` carries that hypothesis.  **It is not needed**
  (``ranmilo.prop4_without_stability``, ours): Cauchy-Schwarz with the weights ``a^(j-1)`` gives
  ``(dl/dB_k)^2 <= 4 c^2 S_a l`` with ``S_a = sum_j a^(2(j-1)) >= 1``, and the Hessian entry
  ``2 c^2 S_a <= lambda_max`` caps the step: ``(eta dl/dB_k)^2 <= 4 eta (eta c^2 S_a) l <= 4 c_1 l``.  So
  every coordinate of ``B`` and ``C`` moves by at most ``2 sqrt(c_1 c_2 l^(0)) <= sqrt(4 c_1 c_2 t l^(0))``
  per step, for any ``A``.
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
formats' ``q`` (``2^-7`` bfloat16, ``2^-10`` float16, ``2^-23`` float32) ``kappa(q) - 1 < 2e-5``
(:data:`KAPPA_MINUS_ONE` computes the values).  Whether the printed constant 1 (instead of ``kappa(q)``)
holds in general is not settled here: the printed statement is confronted with Monte Carlo estimates
on trained and constructed SSMs, and for one state and ``t = 1`` the robustness is computed in arb on
a grid of targets and tolerances, where it stays below the printed bound with a ratio of about
``1 - 0.1 q`` at the worst point (attained near ``eps = 0.18 q^2 |w|``): the printed constant could be
lowered by at most about ``0.1 q``.

What each step rests on (:mod:`theory.steps`).  sympy proves the identities: derivatives of ``l`` by
``sympy.diff`` for symbolic ``t``, linearity of finite sums, splitting off a sum's first term,
the integrals giving the density and ``kappa``, the Kronecker-delta sums of a unit vector.  Signs of
finite sums come from sympy's ``Sum`` assumptions (a sum of terms ``tau_j >= 0`` over a range that
sympy knows not to be reversed is ``>= 0``), each term shown ``>= 0`` by a step of its own.  z3
discharges the inequalities and implications over the reals: the triangle inequality termwise,
``|a|^s <= 1`` by induction on ``s``, the instantiation of Cauchy-Schwarz's quadratic
``sum_j (lambda x_j - y_j)^2 >= 0`` at ``lambda = B/A``, Proposition 4's case split and every
chaining of the bounds (``sqrt`` enters as a variable ``X >= 0`` with ``X^2`` given).  Named premises
(cited, listed with each verdict): the spectral theorem (Lemma 3's Rayleigh step), Fubini/total
probability with the uniform law (Proposition 5), the density of a product of independent variables
and the mean value theorem (the refuted density step only).
"""
from __future__ import annotations

import sympy
from sympy import Abs, And, Eq, IndexedBase, Integral, KroneckerDelta, Or, Sum, Symbol, diff, log, sqrt

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, sign_step, z3_step

SOURCE_L3 = "Lemma 3, Ran-Milo et al. 2024 (Appendix D.8)"
SOURCE_P4 = "Proposition 4, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.8)"
SOURCE_P4_UNCONDITIONAL = ("Proposition 4, Ran-Milo et al. 2024 (Section 3.3): the statement without |A| <= 1, "
                           "by a per-coordinate step bound (ours)")
SOURCE_P5 = "Proposition 5, Ran-Milo et al. 2024 (Section 3.3, Definition 2; proof in Appendix D.9)"
SOURCE_P5_CORRECTED = "Proposition 5, Ran-Milo et al. 2024: a proof with the density step corrected (ours)"

#: Citations of the named premises.
SPECTRAL_THEOREM = ("spectral theorem for real symmetric matrices: Horn & Johnson, Matrix Analysis, 2nd ed. "
                    "(Cambridge, 2013), Section 4.1; the Hessian of the polynomial l is symmetric (Schwarz)")
FUBINI = ("Fubini's theorem for independent variables (law of total probability): Durrett, Probability: Theory "
          "and Examples, 5th ed. (Cambridge, 2019), Section 1.7; with the law of U[1 - q/2, 1 + q/2] "
          "(density 1/q) and monotonicity of measure and expectation")
PRODUCT_DENSITY = ("density of a product of independent variables with densities: p_(US)(y) = "
                   "int p_U(y/s) p_S(s) ds/|s| (change of variables and Fubini; e.g. Rohatgi & Saleh, An "
                   "Introduction to Probability and Statistics, 2nd ed. (Wiley, 2001), Section 4.4)")
MEAN_VALUE_THEOREM = ("mean value theorem: Rudin, Principles of Mathematical Analysis, 3rd ed. (McGraw-Hill, 1976), "
                      "Theorem 5.10")

t = Symbol("t", integer=True, positive=True)          # the time horizon
j = Symbol("j", integer=True, positive=True)          # the time index, 1-based
kk = Symbol("k", integer=True)                        # an eigenvalue index
a, b, c = sympy.symbols("a b c", real=True)           # A_k, B_k, C_k of the isolated state
x = Symbol("x", real=True)                            # a perturbation of B_k or C_k
R = IndexedBase("R", real=True)                       # the residual of the other states minus phi
u, v = sympy.symbols("u v", positive=True)            # free parameters of constrained variables
s = Symbol("s", integer=True, nonnegative=True)       # an exponent j - 1 >= 0; t = s + 2 in a case split
loss = Symbol("l", nonnegative=True)
M_B, M_C = sympy.symbols("M_B M_C", nonnegative=True)  # ||B||_inf, ||C||_inf
lambda_max = Symbol("lambda_max", real=True)
eta, c1, c2 = sympy.symbols("eta c_1 c_2", positive=True)
M = Symbol("M", nonnegative=True)                     # max(||B||_inf, ||C||_inf) at step i-1
M0 = Symbol("M_0", nonnegative=True)                  # ... at step 0
M_i = Symbol("M_i", nonnegative=True)                 # ... at step i
loss0 = Symbol("l_0", nonnegative=True)
step_i = Symbol("i", integer=True, positive=True)
q = Symbol("q", positive=True)                        # the quantisation width
w = Symbol("w", positive=True)                        # |B_k C_k|, the largest |w_i|
epsilon = Symbol("epsilon", nonnegative=True)
W = Symbol("W", positive=True)                        # ||C^T (.) B||_inf
A_abs = Symbol("|A|", nonnegative=True)               # |A_m^(i)|, any state m, any iterate i

tau = IndexedBase("tau", nonnegative=True)            # stand-in for terms shown >= 0 one by one
X = IndexedBase("x", real=True)                       # generic real terms of a finite sum
Y = IndexedBase("y", real=True)
lam = Symbol("lambda", real=True)                     # the free parameter of Cauchy-Schwarz's quadratic


def residual(first, second):
    """``r_j = R_j + a^(j-1) first second`` (the isolated state's contribution: ``a^(j-1) b c``)."""
    return R[j] + a ** (j - 1) * first * second


def loss_along(first, second):
    """``l`` as a function of the isolated state's ``first`` and ``second`` factors (symbolic t)."""
    return Sum(residual(first, second) ** 2, (j, 1, t))


def _proof(name: str, steps) -> Proof:
    return Proof(statement=name, steps=tuple(steps))


def linear_sums(expr):
    """Simplifier for linearity of finite sums: expand, evaluate sums of constants, simplify."""
    return sympy.simplify(sympy.expand(expr).doit())


def _split(expr):
    """Simplifier for splitting a finite sum: evaluate, then simplify (sympy joins adjacent ranges)."""
    return sympy.simplify(expr.doit())


# ---------------------------------------------------------------------------------------------
# Finite sums of symbolic length: the steps every proof below is built from.

def nonnegative_sum_step(terms: str, lower, upper) -> ProofStep:
    """``sum_{j=lower}^{upper} tau_j >= 0`` where ``tau_j`` stands for ``terms``, each shown ``>= 0`` by
    an earlier step: sympy's ``Sum`` assumptions (nonnegative terms over a range it knows not to be
    reversed)."""
    return sign_step(f"{terms} are each >= 0 (tau_j), so their sum over j = {lower}..{upper} is >= 0",
                     Sum(tau[j], (j, lower, upper)), "nonnegative")


def first_term_steps(summand, first_value, name: str) -> list[ProofStep]:
    """``sum_{j=1}^t summand = first_value + (a sum that is >= 0)`` for terms ``summand >= 0``:
    the cases ``t = 1`` and ``t = s + 2``.  The caller shows ``summand >= 0`` termwise."""
    return [
        z3_step("the cases t = 1 and t = s + 2 (s >= 0) cover every integer t >= 1", Or(Eq(t, 1), t >= 2)),
        identity_step(f"the j = 1 term: sum_{{j=1}}^1 {name} = {first_value} (this is the case t = 1)",
                      Sum(summand, (j, 1, 1)), first_value, simplifier=_split),
        identity_step(f"t = s + 2: sum_{{j=1}}^(s+2) {name} = sum_{{j=1}}^1 {name} + sum_{{j=2}}^(s+2) {name}",
                      Sum(summand, (j, 1, s + 2)), Sum(summand, (j, 1, 1)) + Sum(summand, (j, 2, s + 2))),
        nonnegative_sum_step(f"the terms {name}, j = 2..s+2,", 2, s + 2),
    ]


def finite_triangle_steps(term: str) -> list[ProofStep]:
    """``|sum_j x_j| <= sum_j |x_j|`` for real ``x_j`` and symbolic ``t`` (``x_j`` stands for ``term``)."""
    y_, S_, N_ = Symbol("w", real=True), Symbol("S", real=True), Symbol("N", real=True)
    xj = X[j]
    return [
        z3_step("every real w has |w| - w >= 0 and |w| + w >= 0", And(Abs(y_) - y_ >= 0, Abs(y_) + y_ >= 0)),
        identity_step(f"sum_j |x_j| - sum_j x_j = sum_j (|x_j| - x_j), x_j = {term} (linearity of finite sums)",
                      Sum(Abs(xj), (j, 1, t)) - Sum(xj, (j, 1, t)), Sum(Abs(xj) - xj, (j, 1, t)),
                      simplifier=linear_sums),
        identity_step("sum_j |x_j| + sum_j x_j = sum_j (|x_j| + x_j)",
                      Sum(Abs(xj), (j, 1, t)) + Sum(xj, (j, 1, t)), Sum(Abs(xj) + xj, (j, 1, t)),
                      simplifier=linear_sums),
        nonnegative_sum_step("the terms |x_j| - x_j", 1, t),
        nonnegative_sum_step("the terms |x_j| + x_j", 1, t),
        z3_step(f"triangle inequality: N - S >= 0 and N + S >= 0 give |S| <= N (S = sum_j {term}, "
                f"N = sum_j |{term}|)", Abs(S_) <= N_, [N_ - S_ >= 0, N_ + S_ >= 0]),
    ]


def cauchy_schwarz_steps(weight, weights_square_sum, name: str, weight_sum_positive) -> list[ProofStep]:
    """Cauchy-Schwarz for symbolic ``t``: ``(sum_j x_j y_j)^2 <= (sum_j x_j^2)(sum_j y_j^2)`` with
    ``x_j = weight`` and ``sum_j x_j^2 = weights_square_sum``, through the quadratic
    ``sum_j (lambda x_j - y_j)^2 = lambda^2 A - 2 lambda B + C >= 0`` at ``lambda = B / A``.
    ``weight_sum_positive`` is a sympy relation saying ``A > 0`` (shown by the caller)."""
    A_, B_, C_ = sympy.symbols("A_q B_q C_q", real=True)
    yj = Y[j]
    at = B_ / A_
    return [
        identity_step(f"sum_j (lambda x_j - y_j)^2 = lambda^2 sum_j x_j^2 - 2 lambda sum_j x_j y_j + sum_j y_j^2, "
                      f"x_j = {name} (symbolic t; linearity of finite sums)",
                      Sum((lam * weight - yj) ** 2, (j, 1, t)),
                      lam ** 2 * weights_square_sum - 2 * lam * Sum(weight * yj, (j, 1, t)) + Sum(yj ** 2, (j, 1, t)),
                      simplifier=linear_sums),
        sign_step("each term (lambda x_j - y_j)^2 is >= 0", (lam * weight - yj) ** 2, "nonnegative"),
        nonnegative_sum_step("the terms (lambda x_j - y_j)^2", 1, t),
        z3_step("the quadratic A lambda^2 - 2 B lambda + C >= 0 at lambda = B/A (A > 0) gives B^2 <= A C: "
                "(sum_j x_j y_j)^2 <= (sum_j x_j^2)(sum_j y_j^2)",
                B_ ** 2 <= A_ * C_, [weight_sum_positive.subs(Symbol("A"), A_), at ** 2 * A_ - 2 * at * B_ + C_ >= 0]),
    ]


# ---------------------------------------------------------------------------------------------
# Lemma 3.

def hessian_diagonal_steps() -> list[ProofStep]:
    """``d^2 l / dB_k^2 = 2 c^2 sum_j a^(2(j-1))`` and ``d^2 l / dC_k^2 = 2 b^2 sum_j a^(2(j-1))``."""
    return [
        identity_step("Hessian entry in the direction B_k: d^2/dx^2 l(B + x e_k) = sum_{j=1}^t 2 (a^(j-1) c)^2 "
                      "(symbolic t; r_j = R_j + a^(j-1) (b + x) c; sympy.diff)",
                      diff(loss_along(b + x, c), x, 2), Sum(2 * (a ** (j - 1) * c) ** 2, (j, 1, t))),
        identity_step("Hessian entry in the direction C_k: d^2/dx^2 l(C + x e_k) = sum_{j=1}^t 2 (a^(j-1) b)^2",
                      diff(loss_along(b, c + x), x, 2), Sum(2 * (a ** (j - 1) * b) ** 2, (j, 1, t))),
    ]


def first_term_steps_lemma3() -> list[ProofStep]:
    """``sum_j 2 (a^(j-1) c)^2 = 2 c^2 + (a sum >= 0)``, and likewise with ``b``."""
    summand_c = 2 * (a ** (j - 1) * c) ** 2
    summand_b = 2 * (a ** (j - 1) * b) ** 2
    return [
        sign_step("every term 2 (a^(j-1) c)^2 is >= 0", summand_c, "nonnegative"),
        *first_term_steps(summand_c, 2 * c ** 2, "2 (a^(j-1) c)^2"),
        sign_step("every term 2 (a^(j-1) b)^2 is >= 0", summand_b, "nonnegative"),
        *first_term_steps(summand_b, 2 * b ** 2, "2 (a^(j-1) b)^2"),
    ]


def rayleigh_steps() -> list[ProofStep]:
    """``lambda_max(H) >= H_ii`` for a real symmetric ``H``: with ``H = sum_k lambda_k v_k v_k^T``
    (spectral theorem) and ``p_k = (v_k . e)^2 >= 0``, ``sum_k p_k = ||e||^2 = 1`` for the unit vector
    ``e = e_i``: ``lambda_max - e^T H e = sum_k (lambda_max - lambda_k) p_k >= 0`` and ``e_i^T H e_i = H_ii``."""
    N = Symbol("N", integer=True, positive=True)
    i, l_ = sympy.symbols("i l", integer=True)
    lam_ = IndexedBase("lambda", real=True)
    p = IndexedBase("p", nonnegative=True)
    H = IndexedBase("H", real=True)
    g, weight = Symbol("g", real=True), Symbol("p_k", real=True)
    quadratic, weight_sum = sympy.symbols("Q_e P_e", real=True)
    off, rest = sympy.symbols("alpha gamma", integer=True, nonnegative=True)  # i = 1 + alpha, N = i + gamma
    in_range = {i: 1 + off, N: 1 + off + rest}
    unit_form = Sum(KroneckerDelta(i, kk) * H[kk, l_] * KroneckerDelta(l_, i), (kk, 1, N), (l_, 1, N))
    unit_norm = Sum(KroneckerDelta(i, kk) ** 2, (kk, 1, N))
    return [
        premise_step("H = sum_k lambda_k v_k v_k^T with an orthonormal eigenbasis v_1..v_N and lambda_k <= "
                     "lambda_max; for a vector e, p_k = (v_k . e)^2 >= 0, sum_k p_k = ||e||^2 and "
                     "e^T H e = sum_k lambda_k p_k", SPECTRAL_THEOREM),
        identity_step("sum_k (lambda_max - lambda_k) p_k = lambda_max sum_k p_k - sum_k lambda_k p_k (symbolic N)",
                      Sum((lambda_max - lam_[kk]) * p[kk], (kk, 1, N)),
                      lambda_max * Sum(p[kk], (kk, 1, N)) - Sum(lam_[kk] * p[kk], (kk, 1, N)),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
        z3_step("each term (lambda_max - lambda_k) p_k is >= 0 (lambda_max - lambda_k >= 0, p_k >= 0)",
                g * weight >= 0, [g >= 0, weight >= 0]),
        nonnegative_sum_step("the terms (lambda_max - lambda_k) p_k", 1, N),
        identity_step("e_i^T H e_i = sum_(k,l) delta_ik H_kl delta_li = H_ii for 1 <= i <= N (i = 1 + alpha, "
                      "N = i + gamma)", unit_form.subs(in_range, simultaneous=True),
                      H[1 + off, 1 + off], simplifier=_split),
        identity_step("||e_i||^2 = sum_k delta_ik^2 = 1", unit_norm.subs(in_range, simultaneous=True), 1,
                      simplifier=_split),
        z3_step("lambda_max sum_k p_k - e^T H e = sum_k (lambda_max - lambda_k) p_k >= 0 with sum_k p_k = 1 gives "
                "lambda_max >= e_i^T H e_i = H_ii", lambda_max >= quadratic,
                [lambda_max * weight_sum - quadratic >= 0, Eq(weight_sum, 1)]),
    ]


def lemma3_join_steps() -> list[ProofStep]:
    """``lambda_max >= H_(B_k B_k) >= 2 C_k^2`` at the ``k`` with ``|C_k| = ||C||_inf`` and
    ``lambda_max >= H_(C_m C_m) >= 2 B_m^2`` at the ``m`` with ``|B_m| = ||B||_inf``."""
    rest_c, rest_b, Mx = sympy.symbols("rho_c rho_b M_x", real=True)
    return [z3_step(
        "lambda_max >= H_(B_k B_k) = 2 c^2 + rho_c (rho_c >= 0, k = argmax |C_k|, |c| = M_C) and lambda_max >= "
        "H_(C_m C_m) = 2 b^2 + rho_b (m = argmax |B_m|, |b| = M_B) give lambda_max >= 2 max(M_B, M_C)^2",
        lambda_max >= 2 * Mx ** 2,
        [lambda_max >= 2 * c ** 2 + rest_c, rest_c >= 0, lambda_max >= 2 * b ** 2 + rest_b, rest_b >= 0,
         Eq(Abs(c), M_C), Eq(Abs(b), M_B), Mx >= M_B, Mx >= M_C, Or(Eq(Mx, M_B), Eq(Mx, M_C))])]


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
    summary="d^2 l / dB_k^2 >= 2 C_k^2 and d^2 l / dC_k^2 >= 2 B_k^2: the j = 1 term of a sum of squares "
            "(symbolic t >= 1).",
    symbols=(t, a, b, c),
    hypotheses=(sympy.Ge(t, 1, evaluate=False),),
    conclusion=sympy.Ge(Sum(2 * (a ** (j - 1) * c) ** 2, (j, 1, t)), 2 * c ** 2),
    prove=lambda: _proof("ranmilo.lemma3.first_term", first_term_steps_lemma3()),
)

rayleigh = Statement(
    name="ranmilo.lemma3.rayleigh",
    source=SOURCE_L3,
    summary="The largest eigenvalue of a real symmetric matrix is at least every diagonal entry (Rayleigh quotient "
            "at a unit vector e_i), through the spectral decomposition (a named premise).",
    symbols=(lambda_max,),
    prove=lambda: _proof("ranmilo.lemma3.rayleigh", rayleigh_steps()),
)

_lemma3_steps = (hessian_diagonal, first_term, rayleigh)


def _prove_lemma3() -> Proof:
    steps = [step for statement in _lemma3_steps for step in statement.prove().steps]
    return _proof("ranmilo.lemma3", steps + lemma3_join_steps())


lemma3 = register(Statement(
    name="ranmilo.lemma3",
    source=SOURCE_L3,
    summary="For the Appendix C loss l of a real diagonal SSM (any target, any A, Hessian in A, B and C): "
            "lambda_max(nabla^2 l) >= 2 max(||B||_inf, ||C||_inf)^2.",
    symbols=(lambda_max, M_B, M_C),
    hypotheses=(sympy.Ge(t, 1, evaluate=False),),
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

def derivative_steps() -> list[ProofStep]:
    """``dl/dB_k = 2 C_k sum_j a^(j-1) r_j`` and ``dl/dC_k = 2 B_k sum_j a^(j-1) r_j`` (sympy.diff)."""
    return [
        identity_step("dl/dB_k = 2 C_k sum_{j=1}^t a^(j-1) r_j (symbolic t; sympy.diff)",
                      diff(loss_along(b + x, c), x).subs(x, 0),
                      2 * c * Sum(a ** (j - 1) * residual(b, c), (j, 1, t)),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
        identity_step("dl/dC_k = 2 B_k sum_{j=1}^t a^(j-1) r_j (symbolic t; sympy.diff)",
                      diff(loss_along(b, c + x), x).subs(x, 0),
                      2 * b * Sum(a ** (j - 1) * residual(b, c), (j, 1, t)),
                      simplifier=lambda e: sympy.simplify(sympy.expand(e))),
    ]


def gradient_bound_steps(a_bound=1) -> list[ProofStep]:
    """``|dl/dB_k| <= 2 |c| sum_j |a|^(j-1) |r_j| <= 2 |c| ||r||_1 <= 2 |c| sqrt(t) ||r||_2 = 2 sqrt(t l) |C_k|``
    for ``|a| <= a_bound``: the hypothesis is ``a_bound = 1``; the tests pass a larger one and see the
    induction on ``|a|^s`` fail."""
    alpha, power, y_ = Symbol("alpha", real=True), Symbol("P", real=True), Symbol("y", nonnegative=True)
    dB, dC, G, weighted, norm1, root = sympy.symbols("g_B g_C G N_a N_1 X", real=True)
    steps = derivative_steps()
    steps += finite_triangle_steps("a^(j-1) r_j")
    steps += [
        z3_step("induction on s: |a|^0 = 1, and 0 <= |a| <= 1 (hypothesis) with 0 <= |a|^s <= 1 gives "
                "0 <= |a|^(s+1) = |a| |a|^s <= 1; so every |a|^(j-1) is in [0, 1] "
                "(|a^(j-1) r_j| = |a|^(j-1) |r_j| is sympy's canonical form)",
                And(alpha * power >= 0, alpha * power <= 1),
                [Eq(alpha, Abs(a)), Abs(a) <= a_bound, power >= 0, power <= 1]),
        z3_step("termwise: 0 <= |a|^(j-1) <= 1 and |r_j| >= 0 give |r_j| - |a|^(j-1) |r_j| >= 0",
                power * y_ <= y_, [power >= 0, power <= 1]),
        identity_step("sum_j |r_j| - sum_j |a|^(j-1) |r_j| = sum_j (1 - |a|^(j-1)) |r_j| (linearity)",
                      Sum(Abs(R[j]), (j, 1, t)) - Sum(Abs(a) ** (j - 1) * Abs(R[j]), (j, 1, t)),
                      Sum((1 - Abs(a) ** (j - 1)) * Abs(R[j]), (j, 1, t)), simplifier=linear_sums),
        nonnegative_sum_step("the terms (1 - |a|^(j-1)) |r_j|", 1, t),
    ]
    steps += cauchy_schwarz_steps(1, t, "1 (so sum_j x_j^2 = t), y_j = |r_j| (sum_j y_j^2 = sum_j r_j^2 = l)",
                                  Symbol("A") >= 1)
    steps.append(z3_step(
        "chain: |dl/dB_k| = 2 |c| G, G = |sum_j a^(j-1) r_j| <= N_a = sum_j |a|^(j-1) |r_j| (triangle) <= "
        "N_1 = ||r||_1 (termwise), N_1^2 <= t l (Cauchy-Schwarz), X = sqrt(t l): |dl/dB_k| <= 2 sqrt(t l) |C_k|; "
        "likewise |dl/dC_k| = 2 |b| G <= 2 sqrt(t l) |B_k|",
        And(Abs(dB) <= 2 * root * Abs(c), Abs(dC) <= 2 * root * Abs(b)),
        [Eq(Abs(dB), 2 * Abs(c) * G), Eq(Abs(dC), 2 * Abs(b) * G), G >= 0, G <= weighted, weighted <= norm1,
         norm1 >= 0, norm1 ** 2 <= t * loss, root >= 0, Eq(root ** 2, t * loss)]))
    return steps


gradient_bound = Statement(
    name="ranmilo.prop4.gradient_bound",
    source=SOURCE_P4 + ", step 1",
    summary="For a real diagonal SSM with |A_k| <= 1 and any target: |dl/dB_k| <= 2 sqrt(t l) |C_k| and "
            "|dl/dC_k| <= 2 sqrt(t l) |B_k| (so both are <= 2 sqrt(t l) max(||B||_inf, ||C||_inf)).",
    symbols=(t, loss, a, b, c),
    hypotheses=(sympy.Le(Abs(a), 1),),
    conclusion=sympy.Le(Abs(Symbol("dl/dB_k")), 2 * sqrt(t * loss) * Abs(c)),
    bound=2 * sqrt(t * loss) * Abs(c),
    prove=lambda: _proof("ranmilo.prop4.gradient_bound", gradient_bound_steps()),
    remarks=("Tight: one state with A = 1, B = C = 1 and target 0 has r_j = 1, l = t and dl/dB = 2t = "
             "2 sqrt(t l) |C|.",
             "The hypothesis |A_k| <= 1 is needed: with A = 2 the left side grows like 2^t (the check "
             "ranmilo.prop4.gradient_bound refutes the statement without it).",),
)


# ---------------------------------------------------------------------------------------------
# Proposition 4.

def step_size_steps(drop: str | None = None) -> list[ProofStep]:
    """``eta M <= sqrt(c_1)`` from Lemma 3 and the step-size hypotheses (z3 does the printed case split).
    ``drop`` names a hypothesis to leave out ("eta <= c_1", "eta <= 2/lambda_max", "Lemma 3"): the tests
    see the step fail without each."""
    root_c1 = Symbol("s_1", nonnegative=True)
    hypotheses = {"eta <= c_1": eta <= c1, "eta <= 2/lambda_max": Or(lambda_max <= 0, eta * lambda_max <= 2),
                  "Lemma 3": lambda_max >= 2 * M ** 2}
    return [z3_step(
        "Lemma 3 (lambda_max >= 2 M^2), eta <= c_1 and eta <= 2 / max(lambda_max, 0) (i.e. lambda_max <= 0 or "
        "eta lambda_max <= 2) give eta M <= s_1 = sqrt(c_1) (the printed split on M <= 1/sqrt(c_1))",
        eta * M <= root_c1, [*(h for name, h in hypotheses.items() if name != drop), Eq(root_c1 ** 2, c1)])]


def update_steps() -> list[ProofStep]:
    """One step: ``|B_k^(i)| <= ||B^(i-1)|| + 2 sqrt(t c_1 c_2 l_0)`` for every ``k`` (and for ``C``)."""
    root_c1, X_, Y_ = sympy.symbols("s_1 X Y", nonnegative=True)
    bk, gk, ck = sympy.symbols("b_k g_k c_k", real=True)
    return [z3_step(
        "one gradient step, any k: |B_k - eta dl/dB_k| <= |B_k| + eta |dl/dB_k| <= M + eta 2 X |C_k| (|B_k|, "
        "|C_k| <= M = max(||B^(i-1)||_inf, ||C^(i-1)||_inf); gradient bound, X = sqrt(t l^(i-1))) <= M + "
        "2 X sqrt(c_1) (eta M <= sqrt(c_1)) <= M + 2 Y (l^(i-1) <= c_2 l_0, Y = sqrt(t c_1 c_2 l_0)); the same "
        "with B and C exchanged",
        Abs(bk - eta * gk) <= M + 2 * Y_,
        [Abs(bk) <= M, Abs(gk) <= 2 * X_ * Abs(ck), Abs(ck) <= M, eta * M <= root_c1, Eq(root_c1 ** 2, c1),
         Eq(X_ ** 2, t * loss), Eq(Y_ ** 2, t * c1 * c2 * loss0), loss <= c2 * loss0])]


def telescoping_steps(per_step=None, label="2 Y = 2 sqrt(t c_1 c_2 l_0)") -> list[ProofStep]:
    """Induction on ``i``: ``M^(i) <= M^(i-1) + D`` and ``M^(i-1) <= M_0 + (i-1) D'`` give
    ``M^(i) <= M_0 + i D'``, ``D' = sqrt(4 c_1 c_2 t l_0)``; ``D = per_step`` (default ``2 sqrt(t c_1 c_2 l_0)``)
    is given through its square."""
    Dp, Y_ = sympy.symbols("D' Y", nonnegative=True)
    MBi, MCi, Mprev = sympy.symbols("M_B^(i) M_C^(i) M^(i-1)", nonnegative=True)
    per_step = per_step if per_step is not None else (Eq(Y_ ** 2, t * c1 * c2 * loss0), 2 * Y_)
    square, D = per_step
    return [
        z3_step("base i = 0: max(||B^(0)||, ||C^(0)||) = M_0 <= M_0 + 0 D'", Mprev <= M0 + 0 * Dp, [Eq(Mprev, M0)]),
        z3_step(f"induction step: ||B^(i)||_inf <= M^(i-1) + D and ||C^(i)||_inf <= M^(i-1) + D (D = {label}, "
                f"the update, every k), M^(i-1) <= M_0 + (i-1) D' (induction hypothesis), D' = sqrt(4 c_1 c_2 t l_0) "
                f"give max(||B^(i)||, ||C^(i)||) <= M_0 + i D'",
                And(MBi <= M0 + step_i * Dp, MCi <= M0 + step_i * Dp),
                [MBi <= Mprev + D, MCi <= Mprev + D, Mprev <= M0 + (step_i - 1) * Dp, square,
                 Eq(Dp ** 2, 4 * c1 * c2 * t * loss0)]),
    ]


step_size = Statement(
    name="ranmilo.prop4.step_size",
    source=SOURCE_P4 + ", step 3",
    summary="If eta <= c_1 and eta <= 2 / max(lambda_max(nabla^2 l), 0) then eta max(||B||_inf, ||C||_inf) <= "
            "sqrt(c_1) (Lemma 3, and a split on max(||B||, ||C||) <= 1/sqrt(c_1)).",
    symbols=(eta, c1, M, lambda_max),
    hypotheses=(sympy.Le(eta, c1), Or(lambda_max <= 0, eta * lambda_max <= 2), sympy.Ge(lambda_max, 2 * M ** 2)),
    conclusion=sympy.Le(eta * M, sqrt(c1)),
    prove=lambda: _proof("ranmilo.prop4.step_size", step_size_steps()),
)

update = Statement(
    name="ranmilo.prop4.update",
    source=SOURCE_P4 + ", step 2",
    summary="One gradient step moves each B_k and C_k by at most eta^(i) 2 sqrt(t l^(i-1)) M^(i-1) <= "
            "2 sqrt(t c_1 c_2 l^(0)): |B_k^(i)| <= M^(i-1) + 2 sqrt(t c_1 c_2 l^(0)), M^(i-1) = "
            "max(||B^(i-1)||_inf, ||C^(i-1)||_inf).",
    symbols=(eta, t, loss, M, c1, c2, loss0),
    hypotheses=(sympy.Le(eta * M, sqrt(c1)), sympy.Le(loss, c2 * loss0)),
    conclusion=sympy.Le(Symbol("|B_k^(i)|"), M + 2 * sqrt(t * c1 * c2 * loss0)),
    prove=lambda: _proof("ranmilo.prop4.update", update_steps()),
)

telescoping = Statement(
    name="ranmilo.prop4.telescoping",
    source=SOURCE_P4 + ", last step",
    summary="Summing i steps: max(||B^(i)||, ||C^(i)||) <= M_0 + i sqrt(4 c_1 c_2 t l^(0)) (induction on i).",
    symbols=(M0, step_i, c1, c2, t, loss0),
    conclusion=sympy.Le(M_i, M0 + step_i * sqrt(4 * c1 * c2 * t * loss0)),
    prove=lambda: _proof("ranmilo.prop4.telescoping", telescoping_steps()),
)

_prop4_steps = (gradient_bound, step_size, update, telescoping)


def _prove_prop4() -> Proof:
    steps = list(lemma3.prove().steps)
    steps += [step for statement in _prop4_steps for step in statement.prove().steps]
    return _proof("ranmilo.prop4", steps)


#: Proposition 4's bound on max(||B^(i)||_inf, ||C^(i)||_inf).
prop4_bound = M0 + step_i * sqrt(4 * c1 * c2 * t * loss0)

#: The hypotheses of Proposition 4's printed proof, as sympy relations (``ranmilo.prop4``).
PROP4_HYPOTHESES = (sympy.Le(eta, c1), Or(lambda_max <= 0, eta * lambda_max <= 2), sympy.Le(loss, c2 * loss0),
                    sympy.Le(A_abs, 1))

prop4 = register(Statement(
    name="ranmilo.prop4",
    source=SOURCE_P4,
    summary="Gradient descent on (A, B, C) with eta^(i) <= c_1, eta^(i) <= 2 / max(lambda_max(nabla^2 l^(i-1)), 0) "
            "and l^(i) <= c_2 l^(0) (and |A_m^(i)| <= 1 for every state m and iterate i, the standing assumption "
            "the printed proof uses) satisfies max(||B^(i)||_inf, ||C^(i)||_inf) <= max(||B^(0)||_inf, "
            "||C^(0)||_inf) + i sqrt(4 c_1 c_2 t l^(0)).",
    symbols=(M0, step_i, c1, c2, t, loss0, eta, lambda_max, loss, A_abs),
    hypotheses=PROP4_HYPOTHESES,
    conclusion=sympy.Le(M_i, prop4_bound),
    bound=prop4_bound,
    steps=_prop4_steps,
    prove=_prove_prop4,
    remarks=("The printed proof's first step needs |A_m| <= 1 at every iterate (hypothesis |A| <= 1 of this "
             "record); plain gradient descent on A can leave [-1, 1], so the checks verify it along each run.  The "
             "statement itself holds without it: ranmilo.prop4_without_stability.",
             "Consequence: reaching max(||B||, ||C||) = K from M_0 takes at least (K - M_0) / sqrt(4 c_1 c_2 t l^(0)) "
             "steps; a real SSM matching a target needs n ||C (.) B||_inf >= min ||w||_1, hence "
             "max(||B||, ||C||) >= sqrt(min ||w||_1 / n).",),
))


# ---------------------------------------------------------------------------------------------
# Proposition 4 without |A| <= 1 (ours).

def unconditional_step_steps(drop: str | None = None) -> list[ProofStep]:
    """``|B_k^(i)| <= ||B^(i-1)|| + 2 sqrt(c_1 c_2 l_0)`` for any ``A``: weighted Cauchy-Schwarz and the
    Hessian entry ``2 c^2 S_a <= lambda_max``.  ``drop`` names a hypothesis of the last step to leave out
    ("eta <= c_1", "eta <= 2/lambda_max", "l <= c_2 l_0"): the tests see the step fail without each."""
    S_a, rest, G, g, Lq, bk, Dp = sympy.symbols("S_a rho G g L b_k D", real=True)
    weight = a ** (j - 1)
    steps = [
        identity_step("sum_j 2 (a^(j-1) c)^2 = 2 c^2 S_a with S_a = sum_j a^(2(j-1)) (linearity)",
                      Sum(2 * (weight * c) ** 2, (j, 1, t)), 2 * c ** 2 * Sum(weight ** 2, (j, 1, t)),
                      simplifier=linear_sums),
        identity_step("sum_j 2 (a^(j-1) b)^2 = 2 b^2 S_a",
                      Sum(2 * (weight * b) ** 2, (j, 1, t)), 2 * b ** 2 * Sum(weight ** 2, (j, 1, t)),
                      simplifier=linear_sums),
        sign_step("every term a^(2(j-1)) of S_a is >= 0", weight ** 2, "nonnegative"),
        *first_term_steps(weight ** 2, 1, "a^(2(j-1))"),
    ]
    steps += cauchy_schwarz_steps(weight, Sum(weight ** 2, (j, 1, t)),
                                  "a^(j-1) (sum_j x_j^2 = S_a >= 1), y_j = r_j (sum_j y_j^2 = l)", Symbol("A") >= 1)
    steps.append(z3_step(
        "per coordinate, any A: g = dl/dB_k = 2 c G with G = sum_j a^(j-1) r_j, G^2 <= S_a l (Cauchy-Schwarz), "
        "S_a = 1 + rho >= 1, lambda_max >= H_(B_k B_k) = 2 c^2 S_a (Rayleigh), eta <= c_1 and eta <= 2 / "
        "max(lambda_max, 0) give (eta g)^2 <= 4 eta (eta c^2 S_a) l <= 4 c_1 l <= 4 c_1 c_2 l_0, so "
        "|B_k - eta g| <= M + D (|B_k| <= M = max(||B^(i-1)||_inf, ||C^(i-1)||_inf)) with D = 2 sqrt(c_1 c_2 l_0) "
        "<= 2 sqrt(t c_1 c_2 l_0) (t >= 1); the same for C (g = 2 b G, H_(C_k C_k) = 2 b^2 S_a)",
        Abs(bk - eta * g) <= M + Dp,
        [*(h for name, h in {"eta <= c_1": eta <= c1, "eta <= 2/lambda_max": Or(lambda_max <= 0, eta * lambda_max <= 2),
                             "l <= c_2 l_0": Lq <= c2 * loss0}.items() if name != drop),
         lambda_max >= 2 * c ** 2 * S_a, Eq(S_a, 1 + rest), rest >= 0, G ** 2 <= S_a * Lq, Eq(g, 2 * c * G), Lq >= 0,
         Abs(bk) <= M, Dp >= 0, Eq(Dp ** 2, 4 * c1 * c2 * loss0)]))
    return steps


def _prove_prop4_without_stability() -> Proof:
    steps = list(lemma3.prove().steps) + derivative_steps() + unconditional_step_steps()
    D = Symbol("D", nonnegative=True)
    steps += telescoping_steps(per_step=(Eq(D ** 2, 4 * c1 * c2 * loss0), D), label="2 sqrt(c_1 c_2 l_0)")
    return _proof("ranmilo.prop4_without_stability", steps)


prop4_without_stability = register(Statement(
    name="ranmilo.prop4_without_stability",
    source=SOURCE_P4_UNCONDITIONAL,
    summary="Proposition 4 without the hypothesis |A| <= 1: gradient descent on (A, B, C) with eta^(i) <= c_1, "
            "eta^(i) <= 2 / max(lambda_max(nabla^2 l^(i-1)), 0) and l^(i) <= c_2 l^(0) satisfies "
            "max(||B^(i)||_inf, ||C^(i)||_inf) <= max(||B^(0)||_inf, ||C^(0)||_inf) + i sqrt(4 c_1 c_2 t l^(0)) for "
            "any A; each step moves every B_k and C_k by at most 2 sqrt(c_1 c_2 l^(0)) (the printed bound without "
            "the factor sqrt(t)).",
    symbols=(M0, step_i, c1, c2, t, loss0, eta, lambda_max, loss),
    hypotheses=PROP4_HYPOTHESES[:3],
    conclusion=sympy.Le(M_i, prop4_bound),
    bound=prop4_bound,
    prove=_prove_prop4_without_stability,
    remarks=("The printed proof bounds |dl/dB_k| by 2 sqrt(t l) |C_k| (needs |A_k| <= 1) and eta by Lemma 3 "
             "separately; bounding both through the same S_a = sum_j A_k^(2(j-1)) makes |A| irrelevant.",),
))


# ---------------------------------------------------------------------------------------------
# Proposition 5.

#: kappa(q) = E[1 / (1 + v)] for v ~ U(-q/2, q/2).
kappa = (log(1 + q / 2) - log(1 - q / 2)) / q
_mode = (1 - q / 2) * (1 + q / 2)

#: kappa(q) - 1 at the formats' q (bfloat16 2^-7, float16 2^-10, float32 2^-23), computed (30 digits).
KAPPA_MINUS_ONE = {label: sympy.N(kappa.subs(q, sympy.Rational(1, 2 ** bits)) - 1, 30)
                   for label, bits in (("bfloat16", 7), ("float16", 10), ("float32", 23))}


def kappa_at(value) -> sympy.Expr:
    """``kappa`` at ``q = value`` in closed form (``log(3)`` at ``q = 1``)."""
    return sympy.simplify(sympy.expand_log(kappa.subs(q, sympy.nsimplify(value)), force=True))


def product_density_steps() -> list[ProofStep]:
    """The density of ``Y = (1 + u)(1 + v)`` at its mode ``(1 - q/2)(1 + q/2)`` is ``kappa(q) / q > 1 / q``."""
    vv, yy = Symbol("v", real=True), Symbol("y", positive=True)
    f = log(1 + q / 2) - log(1 - q / 2) - q
    return [
        premise_step("Y = U S with U = 1 + u, S = 1 + v independent, both of density 1/q on [1 - q/2, 1 + q/2]: "
                     "p_Y(y) = int p_U(y/s) p_S(s) ds / s = q^-2 int_{s : y/s in [1-q/2, 1+q/2]} ds / s",
                     PRODUCT_DENSITY),
        identity_step("at y = (1 - q/2)(1 + q/2) the constraint y / (1 + v) >= 1 - q/2 reads v <= q/2: "
                      "y / (1 - q/2) - 1 = q/2", sympy.Subs(yy / (1 - q / 2) - 1, yy, _mode), q / 2, simplifier=_split),
        identity_step("and y / (1 + v) <= 1 + q/2 reads v >= -q/2: y / (1 + q/2) - 1 = -q/2",
                      sympy.Subs(yy / (1 + q / 2) - 1, yy, _mode), -q / 2, simplifier=_split),
        identity_step("so every v in [-q/2, q/2] contributes: p_Y(y) = q^-2 int_{-q/2}^{q/2} dv / (1 + v) "
                      "= kappa(q) / q (sympy.integrate)",
                      Integral(1 / (1 + vv), (vv, -q / 2, q / 2)) / q ** 2, kappa / q, simplifier=_split),
        identity_step("f(q) = log(1 + q/2) - log(1 - q/2) - q has f(0) = 0", sympy.Subs(f, q, 0), 0,
                      simplifier=_split),
        identity_step("f'(q) = q^2 / (4 - q^2) (sympy.diff)", diff(f, q), q ** 2 / (4 - q ** 2)),
        sign_step("f'(q) > 0 on (0, 2) (q = 2 / (1 + u), u > 0)", q ** 2 / (4 - q ** 2), "positive", {q: 2 / (1 + u)}),
        premise_step("f(0) = 0 and f' > 0 on (0, 2) give f(q) > 0, i.e. kappa(q) > 1, for q in (0, 2)",
                     MEAN_VALUE_THEOREM),
    ]


def density_step_as_printed() -> list[ProofStep]:
    """The printed claim ``max p_Y <= 1/q`` at the mode: sympy finds ``1/q - kappa/q`` negative, so it fails."""
    return product_density_steps() + [
        sign_step("printed: the density of B_i C_i (1 + u)(1 + v) is at most that of U(-w q/2, w q/2), i.e. "
                  "1 / (|w| q) -- at the mode (w = 1) 1/q - kappa(q)/q >= 0 would be needed",
                  1 / q - kappa / q, "nonnegative", {q: 1}),
    ]


def corrected_steps(q_max=1) -> list[ProofStep]:
    """Robustness <= ``E[2 eps / (W q (1 + v))] = 2 eps kappa(q) / (q W)`` for ``q <= q_max`` (the hypothesis:
    ``q_max = 1``; the proof needs ``q < 2``, and the tests see it fail for ``q_max = 2``)."""
    vv = Symbol("v", real=True)
    n_sym = Symbol("n_R", integer=True, positive=True)
    A_, B_, C_ = (IndexedBase(name, real=True) for name in ("A", "B", "C"))
    QA, QB, QC = (IndexedBase(name, positive=True) for name in ("Q_A", "Q_B", "Q_C"))
    E = IndexedBase("e", real=True)                   # e_j: the quantised response minus phi
    i = Symbol("i", integer=True)
    output = Sum(C_[i] * QC[i] * (A_[i] * QA[i]) ** (j - 1) * B_[i] * QB[i], (i, 1, n_sym))
    xq, S_, phi1, width = Symbol("x", real=True), Symbol("S", real=True), Symbol("phi_1", real=True), Symbol("a", positive=True)
    low, high = (phi1 - epsilon - S_) / width, (phi1 + epsilon - S_) / width
    low_neg, high_neg = (S_ - phi1 - epsilon) / width, (S_ - phi1 + epsilon) / width
    e1, rest, qv = Symbol("|e_1|", nonnegative=True), Symbol("rho", real=True), Symbol("v_k", real=True)
    return [
        identity_step("the quantised SSM's first output (j = 1) is X = sum_i B_i C_i Q_B,i Q_C,i: A does not enter "
                      "(A^0 = 1)", sympy.Subs(output, j, 1), Sum(B_[i] * C_[i] * QB[i] * QC[i], (i, 1, n_sym)),
                      simplifier=lambda e: sympy.simplify(e.doit())),
        sign_step("every term |e_j| of the l1 distance is >= 0", Abs(E[j]), "nonnegative"),
        *first_term_steps(Abs(E[j]), Abs(E[1]), "|e_j|"),
        z3_step("eps-approximation up to time t: ||e||_1 = |e_1| + rho <= eps with rho >= 0 gives "
                "|X - phi_1| = |e_1| <= eps", e1 <= epsilon, [e1 + rest <= epsilon, rest >= 0]),
        z3_step("q <= 1 (hypothesis) and |v| <= q/2 give Q_C,k = 1 + v > 0, so a = W Q_C,k > 0 (W = |B_k C_k| > 0, "
                "k the state with the largest |B_k C_k|)", 1 + qv > 0, [q <= q_max, Abs(qv) <= q / 2]),
        z3_step("given all factors but x = Q_B,k, X = S + w_k Q_C,k x with |w_k Q_C,k| = a > 0: |X - phi_1| <= eps "
                "confines x to [L, U] = [(phi_1 - eps - S)/a, (phi_1 + eps - S)/a] (w_k > 0), or to "
                "[(S - phi_1 - eps)/a, (S - phi_1 + eps)/a] (w_k < 0)",
                And(sympy.Implies(Abs(S_ + width * xq - phi1) <= epsilon, And(low <= xq, xq <= high)),
                    sympy.Implies(Abs(S_ - width * xq - phi1) <= epsilon, And(low_neg <= xq, xq <= high_neg)))),
        identity_step("U - L = 2 eps / a (w_k > 0)", high - low, 2 * epsilon / width),
        identity_step("U - L = 2 eps / a (w_k < 0)", high_neg - low_neg, 2 * epsilon / width),
        identity_step("Q_B,k ~ U[1 - q/2, 1 + q/2] has density 1/q: int_{1-q/2}^{1+q/2} dx / q = 1 (sympy.integrate)",
                      Integral(1 / q, (xq, 1 - q / 2, 1 + q / 2)), 1, simplifier=_split),
        premise_step("the robustness is at most P[|X - phi_1| <= eps] = E[P[|X - phi_1| <= eps | all factors but "
                     "Q_B,k]] <= E[(U - L)/q] = E[2 eps / (q W Q_C,k)]", FUBINI),
        identity_step("averaging over Q_C,k = 1 + v, v ~ U(-q/2, q/2): (1/q) int_{-q/2}^{q/2} 2 eps / (q W (1 + v)) dv "
                      "= 2 eps kappa(q) / (q W) (sympy.integrate)",
                      2 * epsilon / (q * W) * Integral(1 / (1 + vv), (vv, -q / 2, q / 2)) / q,
                      2 * epsilon * kappa / (q * W), simplifier=_split),
    ]


density_step = Statement(
    name="ranmilo.prop5.density_step",
    source=SOURCE_P5 + ", the density step",
    summary="As printed: the density of B_i C_i (1 + q_B,i)(1 + q_C,i), q_. ~ U(-q/2, q/2), is at most that of "
            "U(-B_i C_i q/2, B_i C_i q/2), i.e. 1 / (|B_i C_i| q).  False: at the mode (1 - q/2)(1 + q/2) |w| it is "
            "kappa(q) / (|w| q) with kappa(q) = log((1 + q/2)/(1 - q/2)) / q > 1.",
    symbols=(q, w),
    hypotheses=(sympy.Le(q, 1),),
    conclusion=sympy.Le(kappa / (q * w), 1 / (q * w)),
    bound=1 / (q * w),
    prove=lambda: _proof("ranmilo.prop5.density_step", density_step_as_printed()),
)

#: Proposition 5's bound on the robustness, as printed, and as proved with the density corrected.
prop5_bound = 2 * epsilon / (q * W)
prop5_corrected_bound = 2 * epsilon * kappa / (q * W)


def robustness_statement(name: str, source: str, summary: str, bound, **rest) -> Statement:
    """Proposition 5's form, registered: for ``0 < q <= 1`` the robustness (Definition 2) of eps-approximating
    real-SSM values to q-quantisation is at most ``bound`` (the printed and the corrected statement differ
    only in ``bound``).  ``q > 0``, ``W > 0`` and ``eps >= 0`` are the symbols' assumptions."""
    return register(Statement(name=name, source=source, summary=summary, symbols=(epsilon, q, W),
                              hypotheses=(sympy.Le(q, 1), sympy.Gt(q, 0, evaluate=False), sympy.Gt(W, 0, evaluate=False),
                                          sympy.Ge(epsilon, 0, evaluate=False)),
                              conclusion=sympy.Le(Symbol("robustness"), bound), bound=bound, **rest))


def _kappa_remark() -> str:
    values = ", ".join(f"kappa(2^-{bits}) - 1 = {float(KAPPA_MINUS_ONE[label]):.2g}"
                       for label, bits in (("bfloat16", 7), ("float16", 10), ("float32", 23)))
    return (f"The printed proof's density step (ranmilo.prop5.density_step) is false; the proof then gives the "
            f"bound times kappa(q) = log((1 + q/2)/(1 - q/2)) / q (ranmilo.prop5_corrected_proof), not the printed "
            f"one.  {values}; kappa(1) = {kappa_at(1)}.")


prop5 = robustness_statement(
    name="ranmilo.prop5",
    source=SOURCE_P5,
    summary="If real-SSM values (A*, B*, C*) eps-approximate phi up to time t, then for any q in [0, 1] the "
            "probability that (A* (.) Q_A, B* (.) Q_B, C* (.) Q_C), all entries of the Q's independent "
            "U[1 - q/2, 1 + q/2], still eps-approximates phi is at most 2 eps / (q ||C^T (.) B||_inf).",
    bound=prop5_bound,
    steps=(density_step,),
    remarks=(_kappa_remark(),
             "No proof of the printed constant: the printed statement is confronted with Monte Carlo "
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
    remarks=("kappa(q) is the exact factor the printed argument loses: E[1/(1 + v)] for v ~ U(-q/2, q/2).",
             "The proof uses q <= 1 only through Q_C,k > 0 (q < 2 would do) and never uses that the unquantised "
             "values eps-approximate phi."),
)
