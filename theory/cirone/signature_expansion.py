"""Proposition 4.6 / Proposition B.4 of Cirone et al. 2024 (signature expansion of the solution),
with the factorial tail bound of Proposition A.4 and Theorem E.2.

Proposition 4.6.  For any ``A_i, B, Z_0`` the solution of the Linear CDE (5) is

    Z_t = sum_I A_I Z_0 Sig(omega)^I_{0,t} + sum_j sum_I A_I B_j int_0^t Sig(omega)^I_{s,t} d xi^j_s,

``A_I = A_{i_n} ... A_{i_1}`` (the earliest letter acts first).  Proof: the Wronskian
``W_{s,t} = sum_I A_I Sig^I_{s,t}`` solves ``W = I + sum_i int A_i W d omega^i`` (Theorem E.2) and
``Z_t = W_{0,t} Z_0 + int_0^t W_{s,t} B d xi_s``.  ``wronskian_levels`` proves, with
non-commuting symbols ``A_i``, that the level-k term ``W_k = sum_{|I|=k} A_I Sig^I`` satisfies the
Picard recursion ``W_k' = sum_i A_i W_{k-1} (omega^i)'`` in exactly this order.

Truncation (``tail_bound``).  Keep the words of signature level <= K: ``|I| <= K`` in the first
sum and ``|I| <= K - 1`` in the second (when ``xi = omega``, ``int_0^t Sig^I_{s,t} d omega^j_s =
Sig^{(j,I)}_{0,t}`` has level ``|I| + 1``).  With ``M = max_i ||A_i||_2``, ``beta = max_j |B_j|_2``
and ``L`` the l1 1-variation of ``omega`` (``sum_i int |d omega^i|``), Proposition A.4 (l1 form:
``sum_{|I|=k} |Sig^I| <= L^k/k!``) and ``||A_I|| <= M^{|I|}`` give the level-m remainder
``(|Z_0| + beta/M) (M L)^m/m!``, and summed over ``m > K``

    ||Z_t - Z^K_t||_2 <= (|Z_0| + beta/M) sum_{m > K} x^m/m! <= (|Z_0| + beta/M) x^{K+1} e^x/(K+1)!,   x = M L,

the statement's ``bound``.  Theorem E.2's ``e^{d M ||omega||_{1-var}}`` is the same series with
``d ||omega||`` in place of ``L`` (``L <= d max_i TV(omega^i)``), hence no smaller.
"""
from __future__ import annotations

from itertools import product

import sympy
from sympy import Function, Symbol, combsimp, diff, exp, factorial

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step

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


def tail_steps() -> list[ProofStep]:
    ratio = factorial(K + 1) * factorial(j) / factorial(j + K + 1)
    return [
        identity_step("r_j = (K+1)! j!/(j+K+1)! has r_0 = 1", ratio.subs(j, 0), 1),
        identity_step("r_(j+1)/r_j = (j+1)/(j+K+2)", combsimp(ratio.subs(j, j + 1) / ratio), (j + 1) / (j + K + 2)),
        sign_step("1 - (j+1)/(j+K+2) = (K+1)/(j+K+2) > 0, so r_j <= 1 (induction) and x^(K+1+j)/(K+1+j)! <= "
                  "x^(K+1)/(K+1)! x^j/j!: summing over j, sum_(m>K) x^m/m! <= x^(K+1) e^x/(K+1)!",
                  1 - (j + 1) / (j + K + 2), "positive"),
        identity_step("xi-part, level m = k + 1: beta M^k L^(k+1)/(k+1)! = (beta/M) (M L)^m/m!",
                      beta * M ** (m - 1) * L ** m / factorial(m), (beta / M) * (M * L) ** m / factorial(m)),
        identity_step("Z_0-part, level m: |Z_0| M^m L^m/m! = |Z_0| (M L)^m/m!; both parts share the series",
                      z0_norm * M ** m * L ** m / factorial(m), z0_norm * (M * L) ** m / factorial(m)),
    ]


wronskian_levels = Statement(
    name="cirone.prop4_6.wronskian_levels",
    source=SOURCE,
    summary="The level-k Wronskian term sum_(|I|=k) A_I Sig^I with A_I = A_(i_n)...A_(i_1) satisfies W_k' = sum_i A_i "
            "W_(k-1) (omega^i)' (non-commuting A_i, levels 1-3, 2 letters): the expansion's order of letters.",
    prove=lambda: Proof("cirone.prop4_6.wronskian_levels", tuple(wronskian_steps())),
)

tail_bound = Statement(
    name="cirone.prop4_6.tail_bound",
    source=SOURCE,
    summary="Remainder after signature level K: ||Z - Z^K|| <= (|Z_0| + beta/M) sum_(m>K) (M L)^m/m! <= "
            "(|Z_0| + beta/M) (M L)^(K+1) e^(M L)/(K+1)! (symbolic K).",
    symbols=(z0_norm, beta, M, L, K),
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
    conclusion=sympy.Le(Symbol("truncation_error"), tail_bound_expression(z0_norm, beta, M, L, K)),
    bound=tail_bound_expression(z0_norm, beta, M, L, K),
    steps=(wronskian_levels, tail_bound),
))
