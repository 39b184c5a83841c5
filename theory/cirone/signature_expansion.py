"""Proposition 4.6 / Proposition B.4 of Cirone et al. 2024 (signature expansion of the solution),
with the factorial tail bound of Proposition A.4 and Theorem E.2.

Proposition 4.6.  For any ``A_i, B, Z_0`` the solution of the Linear CDE (5) is

    Z_t = sum_I A_I Z_0 Sig(omega)^I_{0,t} + sum_j sum_I A_I B_j int_0^t Sig(omega)^I_{s,t} d xi^j_s,

``A_I = A_{i_n} ... A_{i_1}`` (the earliest letter acts first).  Proof: the Wronskian
``W_{s,t} = sum_I A_I Sig^I_{s,t}`` solves ``W = I + sum_i int A_i W d omega^i`` (Theorem E.2) and
``Z_t = W_{0,t} Z_0 + int_0^t W_{s,t} B d xi_s``.  ``wronskian_levels`` checks in sympy, with
non-commuting symbols ``A_i``, that the level-k term ``W_k = sum_{|I|=k} A_I Sig^I`` satisfies the
Picard recursion ``W_k' = sum_i A_i W_{k-1} (omega^i)'`` in exactly this order at levels 1-3 (the
paper's convention; the reverse order fails); every level rests on the Chen-Dyson series, a named
premise.

Truncation (``tail_bound``).  Keep the words of signature level <= K: ``|I| <= K`` in the first
sum and ``|I| <= K - 1`` in the second (when ``xi = omega``, ``int_0^t Sig^I_{s,t} d omega^j_s =
Sig^{(j,I)}_{0,t}`` has level ``|I| + 1``).  With ``M = max_i ||A_i||_2``, ``beta = max_j |B_j|_2``
and ``L`` the l1 1-variation of ``omega`` (``sum_i int |d omega^i|``), Proposition A.4 (l1 form:
``sum_{|I|=k} |Sig^I| <= L^k/k!``) and ``||A_I|| <= M^{|I|}`` give the level-m remainder
``(|Z_0| + beta/M) (M L)^m/m!``, and summed over ``m > K``

    ||Z_t - Z^K_t||_2 <= (|Z_0| + beta/M) sum_{m > K} x^m/m! <= (|Z_0| + beta/M) x^{K+1} e^x/(K+1)!,   x = M L,

the statement's ``bound``.  In ``tail_bound`` sympy and z3 carry the series comparison (the
quotient ``r_(j+1)/r_j`` by ``combsimp``, its bound and the induction step by z3, the exponential
series by ``summation``); submultiplicativity of the operator norm, Proposition A.4, the triangle
inequality and the comparison test are named premises.  Hypotheses: ``M >= max ||A_i||_2 > 0``,
``beta >= max |B_j|_2``, ``K >= 0``; just outside the first (``M`` a quarter of the largest norm)
``verify`` finds the bound violated on the same instances.  Theorem E.2's ``e^{d M ||omega||_{1-var}}`` is the same series with
``d ||omega||`` in place of ``L`` (``L <= d max_i TV(omega^i)``), hence no smaller.
"""
from __future__ import annotations

from itertools import product

import sympy
from sympy import Function, Sum, Symbol, combsimp, diff, exp, factorial, oo

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, z3_step

SOURCE = "Proposition 4.6, Cirone et al. 2024 (Section 4.5; Proposition B.4, Theorem E.2)"

t = Symbol("t", real=True)
K = Symbol("K", integer=True, nonnegative=True)
j = Symbol("j", integer=True, nonnegative=True)
m = Symbol("m", integer=True, positive=True)
z0_norm = Symbol("z0_norm", nonnegative=True)     # |Z_0|_2
beta = Symbol("beta", nonnegative=True)           # max_j |B_j|_2
M = Symbol("M", positive=True)                    # max_i ||A_i||_2
L = Symbol("L", nonnegative=True)                 # l1 1-variation of omega
x = Symbol("x", nonnegative=True)

#: The hypotheses the tail bound uses: M bounds every ||A_i||_2 (and is positive: beta/M), beta bounds
#: every |B_j|_2, L is the l1 1-variation of omega, K >= 0.
HYPOTHESES = (sympy.Gt(M, 0), sympy.Ge(M, Symbol("max_i ||A_i||_2")), sympy.Ge(beta, Symbol("max_j |B_j|_2")),
              sympy.Ge(z0_norm, Symbol("|Z_0|_2")), sympy.Eq(L, Symbol("sum_i int |d omega^i|")), sympy.Ge(K, 0))

DYSON_PREMISE = premise_step(
    "for every k the level-k Picard iterate of dW = sum_i A_i W d omega^i, W_0 = I, is W_k = sum_(|I|=k) "
    "A_(i_k)...A_(i_1) Sig^I (Dyson / Chen series), and the series of levels converges absolutely and solves the "
    "equation (Theorem E.2 of the paper)",
    "Chen-Dyson series of linear controlled equations, e.g. Friz & Victoir, Multidimensional Stochastic Processes "
    "as Rough Paths (CUP 2010), Ch. 3; Lyons, Caruana & Levy (LNM 1908), Ch. 2")
TAIL_PREMISES = (
    premise_step("||A_I||_2 <= prod_l ||A_(i_l)||_2 <= M^|I| (the operator norm is submultiplicative)",
                 "e.g. Horn & Johnson, Matrix Analysis (2nd ed., 2013), §5.6"),
    premise_step("sum_(|I|=m) |Sig^I_(s,t)| <= L^m/m! for the l1 1-variation L (the l1 form of Proposition A.4)",
                 "Proposition A.4 of the paper (cirone.propA_4; Lyons, Caruana & Levy, LNM 1908, Ch. 2)"),
    premise_step("triangle inequality: ||Z - Z^K|| <= sum_(m>K) ||level-m terms|| <= sum_(m>K) sum_(|I|=m) "
                 "(||A_I Z_0|| + ...) |Sig^I|, the expansion converging absolutely", "triangle inequality in R^N"),
    premise_step("termwise inequalities between convergent series of nonnegative terms add up to an inequality of "
                 "their sums", "comparison test, e.g. Rudin, Principles of Mathematical Analysis (3rd ed.), Thm 3.25"),
)


def tail_bound_expression(z0, b, size, variation, level):
    """``(|Z_0| + beta/M) x^{K+1} e^x/(K+1)!`` with ``x = M L``."""
    product_ml = size * variation
    return (z0 + b / size) * product_ml ** (level + 1) * exp(product_ml) / factorial(level + 1)


def wronskian_level_terms(letters: int, level: int, order: str = "earliest_first"):
    """``W_k = sum_{|I|=k} A_I S_I(t)`` with non-commuting ``A_i``; ``order`` = "earliest_first"
    (``A_I = A_{i_n} ... A_{i_1}``, the paper's) or "latest_first" (the reverse, wrong)."""
    A = sympy.symbols(f"A_0:{letters}", commutative=False)
    total = 0
    for word in product(range(letters), repeat=level):
        matrices = [A[i] for i in (reversed(word) if order == "earliest_first" else word)]
        total += sympy.Mul(*matrices) * _sig(word)
    return A, total


def _sig(word):
    return Function("S_" + "".join(map(str, word)))(t) if word else sympy.Integer(1)


def _derivative(expression, letters):
    """d/dt with the signature rule ``S_I' = S_{I-} (omega^{last})'``."""
    omega = [Function(f"omega_{i}") for i in range(letters)]
    result = diff(expression, t)
    for derivative in result.atoms(sympy.Derivative):
        name = derivative.expr.func.__name__
        if name.startswith("S_"):
            word = tuple(int(ch) for ch in name[2:])
            result = result.subs(derivative, _sig(word[:-1]) * diff(omega[word[-1]](t), t))
    return sympy.expand(result), omega


def wronskian_steps(order: str = "earliest_first", letters: int = 2, levels=(1, 2, 3)) -> list[ProofStep]:
    steps = []
    for level in levels:
        A, w_k = wronskian_level_terms(letters, level, order)
        _, w_previous = wronskian_level_terms(letters, level - 1, order)
        left, omega = _derivative(w_k, letters)
        right = sympy.expand(sum(A[i] * w_previous * diff(omega[i](t), t) for i in range(letters)))
        steps.append(identity_step(f"level {level}, {letters} letters, non-commuting A_i: W_k' = sum_i A_i W_(k-1) "
                                   "(omega^i)' with S_I' = S_(I-) (omega^last)'", left, right,
                                   simplifier=sympy.expand))
    return steps


def quotient_step(k_lower=0) -> ProofStep:
    """z3: ``0 < j + 1 <= j + K + 2`` for real ``j >= 0`` and ``K >= k_lower`` (the hypothesis is
    ``k_lower = 0``; just outside it, ``k_lower = -2``, z3 finds ``K = -2, j = 0``)."""
    jr, Kr = Symbol("j", nonnegative=True), Symbol("K", real=True)      # real relaxations for z3
    return z3_step(f"0 < j + 1 <= j + K + 2 for j >= 0, K >= {k_lower}, i.e. the quotient q_j = (j+1)/(j+K+2) lies "
                   "in (0, 1]", sympy.And(jr + 1 > 0, jr + 1 <= jr + Kr + 2), [Kr >= k_lower])


def tail_steps() -> list[ProofStep]:
    """``sum_{m>K} x^m/m! <= x^{K+1} e^x/(K+1)!`` (symbolic K) and the level-m remainders."""
    ratio = factorial(K + 1) * factorial(j) / factorial(j + K + 1)
    r_j, q_j = Symbol("r_j", nonnegative=True), Symbol("q_j", positive=True)
    return [
        identity_step("r_j = (K+1)! j!/(j+K+1)! has r_0 = 1", ratio.subs(j, 0), 1),
        identity_step("r_(j+1)/r_j = (j+1)/(j+K+2) (sympy.combsimp)", combsimp(ratio.subs(j, j + 1) / ratio),
                      (j + 1) / (j + K + 2)),
        quotient_step(),
        z3_step("induction on j: r_j <= 1 and 0 < q_j <= 1 give r_(j+1) = r_j q_j <= 1 (base case r_0 = 1 above)",
                r_j * q_j <= 1, [r_j <= 1, q_j <= 1]),
        identity_step("x^(K+1+j)/(K+1+j)! = x^(K+1)/(K+1)! x^j/j! r_j, so with r_j <= 1 each tail term is at most "
                      "x^(K+1)/(K+1)! x^j/j!", x ** (K + 1 + j) / factorial(K + 1 + j),
                      x ** (K + 1) / factorial(K + 1) * x ** j / factorial(j) * ratio,
                      simplifier=lambda e: sympy.simplify(combsimp(e))),
        identity_step("sum_(j>=0) x^j/j! = e^x (sympy.summation), so sum_(m>K) x^m/m! <= x^(K+1) e^x/(K+1)!",
                      Sum(x ** j / factorial(j), (j, 0, oo)), exp(x), simplifier=lambda e: sympy.simplify(e.doit())),
        identity_step("xi-part, level m = k + 1: beta M^k L^(k+1)/(k+1)! = (beta/M) (M L)^m/m!",
                      beta * M ** (m - 1) * L ** m / factorial(m), (beta / M) * (M * L) ** m / factorial(m)),
        identity_step("Z_0-part, level m: |Z_0| M^m L^m/m! = |Z_0| (M L)^m/m!; both parts share the series",
                      z0_norm * M ** m * L ** m / factorial(m), z0_norm * (M * L) ** m / factorial(m)),
        *TAIL_PREMISES,
    ]


wronskian_levels = Statement(
    name="cirone.prop4_6.wronskian_levels",
    source=SOURCE,
    summary="The level-k Wronskian term sum_(|I|=k) A_I Sig^I with A_I = A_(i_n)...A_(i_1) satisfies W_k' = sum_i A_i "
            "W_(k-1) (omega^i)' (non-commuting A_i): the expansion's order of letters, checked by sympy at levels 1-3 "
            "with 2 letters; every level by the Chen-Dyson series (named premise).",
    prove=lambda: Proof("cirone.prop4_6.wronskian_levels", tuple(wronskian_steps()) + (DYSON_PREMISE,)),
)

tail_bound = Statement(
    name="cirone.prop4_6.tail_bound",
    source=SOURCE,
    summary="Remainder after signature level K: ||Z - Z^K|| <= (|Z_0| + beta/M) sum_(m>K) (M L)^m/m! <= "
            "(|Z_0| + beta/M) (M L)^(K+1) e^(M L)/(K+1)! (symbolic K).",
    symbols=(z0_norm, beta, M, L, K),
    hypotheses=HYPOTHESES,
    bound=tail_bound_expression(z0_norm, beta, M, L, K),
    prove=lambda: Proof("cirone.prop4_6.tail_bound", tuple(tail_steps())),
)

prop4_6 = register(Statement(
    name="cirone.prop4_6",
    source=SOURCE,
    summary="Z_t = sum_I A_I Z_0 Sig(omega)^I_(0,t) + sum_j sum_I A_I B_j int_0^t Sig(omega)^I_(s,t) d xi^j_s with "
            "A_I = A_(i_n)...A_(i_1): the solution is linear in signature features of omega.  With xi = omega, truncated "
            "at signature level K it is within (|Z_0| + beta/M) (M L)^(K+1) e^(M L)/(K+1)! of the solution "
            "(M = max ||A_i||_2, beta = max |B_j|_2, L = l1 1-variation of omega).",
    symbols=(z0_norm, beta, M, L, K),
    hypotheses=HYPOTHESES,
    conclusion=sympy.Le(Symbol("truncation_error"), tail_bound_expression(z0_norm, beta, M, L, K)),
    bound=tail_bound_expression(z0_norm, beta, M, L, K),
    steps=(wronskian_levels, tail_bound),
))
