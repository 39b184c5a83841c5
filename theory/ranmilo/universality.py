"""Propositions 1 and 2 of Ran-Milo et al. 2024 (Sections 3.1-3.2; Appendix D.1).

The impulse response of a diagonal SSM ``(A, B, C)`` of dimension ``n`` has ``k``-th entry
``Re(sum_{j=1}^n C_j A_jj^(k-1) B_j)`` (Section 2.3).

Proposition 1 (universality).  For any LTI ``phi``, any ``t`` in N and ``K`` in {R, C}: if
``n_K >= t``, some assignment of ``(A_K, B_K, C_K)`` matches ``phi`` up to time ``t``.
Proof (Appendix D.1): with ``n_K = t`` (further states get ``B_j = 0``) the match reads
``V (C^T . B) = phi(I)_{:t}`` with the Vandermonde matrix ``V_kj = A_jj^(k-1)``
(``vandermonde_system``); for pairwise distinct real ``A_jj`` (e.g. in (-1, 1)) ``det V =
prod_{i<j} (A_jj - A_ii) != 0`` (``vandermonde_determinant``), so ``C = 1``, ``B = V^(-1) phi(I)_{:t}``
is a real solution, and for real values the ``Re`` can be dropped (``real_values``), which covers
``K = C`` as well.  The Vandermonde determinant is proved by sympy for ``t <= 6`` only (the statement
``vandermonde_determinant`` says so in its hypothesis), so Proposition 1 has no proof here: its checks
certify instances.  Outside the hypothesis ``n_K >= t`` the real case fails: z3 shows that no real SSM
of dimension ``t - 1`` matches the target ``(0, ..., 0, 1)`` for small ``t``
(``verify.checks.ranmilo.universality``).

Proposition 2.  If ``n_C >= n_R``, every mapping of a real SSM of dimension ``n_R`` is realized
exactly by a complex SSM of dimension ``n_C``: copy the real values into the first ``n_R`` states
and give the others ``B_j = 0``.  Proof (symbolic ``n_R, n_C, k``): split the sum at ``n_R``
(``split``), the padded terms vanish (``padding``), the copied ones are the real terms (``copy``),
summed over the states with a change of index (``sums``), and ``Re`` of a real number is itself
(``real_values``); the equalities chain by transitivity.
"""
from __future__ import annotations

import sympy
from sympy import FunctionMatrix, IndexedBase, Lambda, MatMul, Matrix, Piecewise, Sum, Symbol, re
from sympy.polys.matrices import DomainMatrix

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step

SOURCE_PROP1 = "Proposition 1, Ran-Milo et al. 2024 (Section 3.1; proof in Appendix D.1)"
SOURCE_PROP2 = "Proposition 2, Ran-Milo et al. 2024 (Section 3.2)"

t = Symbol("t", integer=True, positive=True)
n = Symbol("n", integer=True, positive=True)
n_K = Symbol("n_K", integer=True, positive=True)
n_R = Symbol("n_R", integer=True, positive=True)
n_C = Symbol("n_C", integer=True, positive=True)
k = Symbol("k", integer=True, positive=True)
i, j = sympy.symbols("i j", integer=True)
p = Symbol("p", integer=True, nonnegative=True)
A, B, C = IndexedBase("A"), IndexedBase("B"), IndexedBase("C")  # entries of either field
A_R, B_R, C_R = (IndexedBase(name, real=True) for name in ("A_R", "B_R", "C_R"))
a, c = IndexedBase("a"), IndexedBase("c")  # arbitrary complex entries of the padded states
phi = IndexedBase("phi", real=True)
V = IndexedBase("V")  # the Vandermonde matrix V_kj = A_jj^(k-1)
x = IndexedBase("x")  # the nodes of a Vandermonde matrix


def response_sum(state, inputs, outputs, time, size):
    """``sum_{j=1}^size outputs(j) state(j)^(time-1) inputs(j)``: the impulse response before ``Re``."""
    return Sum(outputs(j) * state(j) ** (time - 1) * inputs(j), (j, 1, size))


# ---------------------------------------------------------------------------------------------
# Proposition 1.

def one_based_sums(expr):
    """Simplifier: write every single sum over ``0..N-1`` (as sympy's matrix products produce them) over
    ``1..N`` with the index ``j`` (``Sum.change_index``), then simplify."""
    def shift(single):
        (var, lower, _), = single.limits
        return single.change_index(var, var + 1, j) if lower == 0 else single
    return sympy.simplify(expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1, shift))


def vandermonde_matrix(size):
    """``V`` with ``V_kj = A_jj^(k-1)`` (1-based), a sympy matrix of symbolic size."""
    row, col = sympy.symbols("row col", integer=True)
    return FunctionMatrix(size, size, Lambda((row, col), A[col + 1] ** row))


def column(size, entry):
    """The column vector ``(entry(1), ..., entry(size))`` of symbolic size."""
    row, col = sympy.symbols("row col", integer=True)
    return FunctionMatrix(size, 1, Lambda((row, col), entry(row + 1)))


def vandermonde_system_steps() -> list[ProofStep]:
    """``sum_j C_j A_jj^(k-1) B_j = (V (C^T . B))_k`` with ``V_kj = A_jj^(k-1)``; ``= (V B)_k`` for ``C = 1``.

    Symbolic ``n`` and ``k``: sympy forms the ``k``-th entry of the matrix product of symbolic size."""
    return [
        identity_step("sum_{j=1}^n C_j A_jj^(k-1) B_j = (V (C^T . B))_k, V_kj = A_jj^(k-1) (the k-th entry of "
                      "sympy's matrix product of symbolic size n)",
                      response_sum(lambda jj: A[jj], lambda jj: B[jj], lambda jj: C[jj], k, n),
                      MatMul(vandermonde_matrix(n), column(n, lambda jj: C[jj] * B[jj]))[k - 1, 0],
                      simplifier=one_based_sums),
        identity_step("with C = 1: sum_{j=1}^n 1 * A_jj^(k-1) B_j = (V B)_k",
                      response_sum(lambda jj: A[jj], lambda jj: B[jj], lambda jj: 1, k, n),
                      MatMul(vandermonde_matrix(n), column(n, lambda jj: B[jj]))[k - 1, 0],
                      simplifier=one_based_sums),
    ]


def vandermonde_factor(lower, higher):
    """The factor ``x_higher - x_lower`` of the Vandermonde determinant, for ``lower < higher``."""
    return higher - lower


def vandermonde_determinant_steps(factor=vandermonde_factor, sizes=range(1, 7)) -> list[ProofStep]:
    """``det V = prod_{i<j} factor(x_i, x_j)`` for ``V_kj = x_j^(k-1)``, one step for each size in ``sizes``.

    The determinant is computed exactly over the polynomial ring ZZ[x_1..x_t].
    """
    steps = []
    for size in sizes:
        nodes = sympy.symbols(f"x1:{size + 1}")
        vandermonde = Matrix(size, size, lambda row, col: nodes[col] ** row)
        product = sympy.Mul(*(factor(nodes[lo], nodes[hi]) for lo in range(size) for hi in range(lo + 1, size)))
        steps.append(identity_step(f"t = {size}: det V = prod_(i<j) (x_j - x_i) (the determinant computed over "
                                   f"ZZ[x_1..x_t])", sympy.Determinant(vandermonde), product,
                                   simplifier=polynomial_determinants))
    return steps


def polynomial_determinants(expr):
    """Simplifier: compute every ``Determinant`` exactly over the polynomial ring (``DomainMatrix``), then expand."""
    def determinant(node):
        matrix = DomainMatrix.from_Matrix(sympy.Matrix(node.arg))
        return matrix.domain.to_sympy(matrix.det())
    return sympy.expand(expr.replace(lambda e: isinstance(e, sympy.Determinant), determinant))


def real_values_steps(size) -> list[ProofStep]:
    """For real ``A, B, C`` the impulse-response sum is real: ``Re(sum) = sum`` (symbolic ``size, k``)."""
    real_sum = response_sum(lambda jj: A_R[jj], lambda jj: B_R[jj], lambda jj: C_R[jj], k, size)
    return [identity_step(f"Re(sum_(j=1)^{size} C_j A_jj^(k-1) B_j) = the sum itself for real A, B, C (sympy "
                          f"decides that the sum is real)", re(real_sum, evaluate=False), real_sum,
                          simplifier=lambda e: sympy.simplify(e.doit()))]


def _prove_vandermonde_system() -> Proof:
    return Proof(statement="ranmilo.prop1.vandermonde_system", steps=tuple(vandermonde_system_steps()))


def _prove_vandermonde_determinant() -> Proof:
    return Proof(statement="ranmilo.prop1.vandermonde_determinant", steps=tuple(vandermonde_determinant_steps()))


def _prove_prop1_real_values() -> Proof:
    return Proof(statement="ranmilo.prop1.real_values", steps=tuple(real_values_steps(n_K)))


vandermonde_system = Statement(
    name="ranmilo.prop1.vandermonde_system",
    source="Proposition 1, Ran-Milo et al. 2024 (Appendix D.1)",
    summary="The k-th impulse-response sum is (V (C^T . B))_k with V_kj = A_jj^(k-1); with C = 1 it is "
            "(V B)_k (symbolic n and k: the entry of sympy's matrix product of symbolic size).",
    symbols=(n, k),
    hypotheses=(sympy.Eq(V[k, j], A[j] ** (k - 1)),),
    conclusion=sympy.Eq(response_sum(lambda jj: A[jj], lambda jj: B[jj], lambda jj: C[jj], k, n),
                        Sum(V[k, j] * (C[j] * B[j]), (j, 1, n))),
    prove=_prove_vandermonde_system,
)

vandermonde_determinant = Statement(
    name="ranmilo.prop1.vandermonde_determinant",
    source="Proposition 1, Ran-Milo et al. 2024 (Appendix D.1)",
    summary="det(x_j^(k-1))_{k,j=1..t} = prod_{1<=i<j<=t} (x_j - x_i), proved here for the sizes "
            "t = 1..6 only (the general case is the classical Vandermonde determinant); hence V is "
            "invertible when the A_jj are pairwise distinct.",
    symbols=(t,),
    hypotheses=(sympy.Contains(t, sympy.Range(1, 7)),),
    conclusion=sympy.Eq(sympy.Function("det")(sympy.Function("V")(t)),
                        sympy.Product(x[j] - x[i], (i, 1, j - 1), (j, 1, t))),
    prove=_prove_vandermonde_determinant,
)

prop1_real_values = Statement(
    name="ranmilo.prop1.real_values",
    source="Proposition 1, Ran-Milo et al. 2024 (Appendix D.1)",
    summary="For real A, B, C the sum sum_j C_j A_jj^(k-1) B_j is real, so Re can be dropped and the "
            "real solution serves K = C as well (symbolic n_K and k).",
    symbols=(n_K, k),
    conclusion=sympy.Eq(re(response_sum(lambda jj: A_R[jj], lambda jj: B_R[jj], lambda jj: C_R[jj], k, n_K),
                           evaluate=False),
                        response_sum(lambda jj: A_R[jj], lambda jj: B_R[jj], lambda jj: C_R[jj], k, n_K),
                        evaluate=False),
    prove=_prove_prop1_real_values,
)

prop1 = register(Statement(
    name="ranmilo.prop1",
    source=SOURCE_PROP1,
    summary="For every LTI phi, every t in N, K in {R, C} and n_K >= t, there is an assignment "
            "(A_K, B_K, C_K) of dimension n_K with Re(sum_{j=1}^{n_K} C_j A_jj^(k-1) B_j) = phi(I)_k for "
            "every k = 1..t: take pairwise distinct real A_jj in (-1, 1) for j <= t, C = 1, "
            "B_{:t} = V^(-1) phi(I)_{:t} and B_j = 0 for j > t.",
    symbols=(t, n_K, k),
    hypotheses=(sympy.Ge(n_K, t), sympy.Le(k, t)),
    conclusion=sympy.Eq(re(response_sum(lambda jj: A[jj], lambda jj: B[jj], lambda jj: C[jj], k, n_K)), phi[k]),
    steps=(vandermonde_system, vandermonde_determinant, prop1_real_values),
    remarks=("The Vandermonde determinant is proved symbolically for t = 1..6 only; for larger t the "
             "proof relies on the classical formula, so Proposition 1 as a whole has no sympy proof "
             "here: its verdict comes from exact and certified instances (checks ranmilo.prop1.real "
             "and ranmilo.prop1.complex).",),
))


# ---------------------------------------------------------------------------------------------
# Proposition 2.

def embedded_state(jj):
    """``A_C``: the real values in the first ``n_R`` states, arbitrary complex ``a_j`` after."""
    return Piecewise((A_R[jj], jj <= n_R), (a[jj], True))


def embedded_input(jj):
    """``B_C``: the real values in the first ``n_R`` states, zero after (the padding)."""
    return Piecewise((B_R[jj], jj <= n_R), (0, True))


def embedded_output(jj):
    """``C_C``: the real values in the first ``n_R`` states, arbitrary complex ``c_j`` after."""
    return Piecewise((C_R[jj], jj <= n_R), (c[jj], True))


def embedded_term(jj):
    """The ``jj``-th term ``C_j A_jj^(k-1) B_j`` of the complex impulse-response sum."""
    return embedded_output(jj) * embedded_state(jj) ** (k - 1) * embedded_input(jj)


def real_term(jj):
    """The ``jj``-th term of the real impulse-response sum."""
    return C_R[jj] * A_R[jj] ** (k - 1) * B_R[jj]


def _substitute_and_simplify(expr):
    """Carry out the pending substitutions (sympy then decides the Piecewise conditions) and simplify."""
    return sympy.simplify(expr.doit())


def split_steps() -> list[ProofStep]:
    """``sum_{j=1}^{n_C} f_j = sum_{j=1}^{n_R} f_j + sum_{j=n_R+1}^{n_C} f_j`` for any terms ``f_j``."""
    f = sympy.Function("f")
    return [identity_step("sum_{j=1}^{n_C} f(j) = sum_{j=1}^{n_R} f(j) + sum_{j=n_R+1}^{n_C} f(j)",
                          Sum(f(j), (j, 1, n_C)), Sum(f(j), (j, 1, n_R)) + Sum(f(j), (j, n_R + 1, n_C)))]


def padding_steps() -> list[ProofStep]:
    """The terms of the padded states ``j = n_R + 1 + p`` (``p >= 0``) vanish."""
    return [identity_step("j = n_R + 1 + p, p >= 0: C_j A_jj^(k-1) B_j = 0 (B_j = 0)",
                          sympy.Subs(embedded_term(j), j, n_R + 1 + p), 0, simplifier=_substitute_and_simplify)]


def copy_steps() -> list[ProofStep]:
    """The terms of the copied states ``j = n_R - p`` (``p >= 0``) are the real terms."""
    return [identity_step("j = n_R - p, p >= 0: the complex term is the real term C_R,j A_R,jj^(k-1) B_R,j",
                          sympy.Subs(embedded_term(j), j, n_R - p), real_term(n_R - p),
                          simplifier=_substitute_and_simplify)]


def reindexed(new_index, transform):
    """Simplifier: rewrite every single sum through ``j -> transform(new_index)`` (sympy's
    ``Sum.change_index``, e.g. ``j = n_R + 1 + p``), then carry out what it can and simplify."""
    def change(single):
        (var, _, _), = single.limits
        return single.change_index(var, transform(var), new_index) if var != new_index else single
    return lambda expr: sympy.simplify(expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1, change))


def sums_steps() -> list[ProofStep]:
    """The termwise facts summed: the padded states contribute 0 and the copied ones the real sum."""
    f = sympy.Function("f")
    return [
        identity_step("j = n_R + 1 + p: sum_{j=n_R+1}^{n_C} f(j) = sum_{p=0}^{n_C-n_R-1} f(n_R + 1 + p) for any "
                      "terms (sympy's change of summation index)",
                      Sum(f(j), (j, n_R + 1, n_C)), Sum(f(n_R + 1 + p), (p, 0, n_C - n_R - 1)),
                      simplifier=reindexed(p, lambda var: var - n_R - 1)),
        identity_step("the padded states' terms sum to 0: sum_{p=0}^{n_C-n_R-1} (C_j A_jj^(k-1) B_j at j = n_R + 1 + p) "
                      "= 0 (sympy decides j > n_R in each term)",
                      Sum(sympy.Subs(embedded_term(j), j, n_R + 1 + p), (p, 0, n_C - n_R - 1)), 0,
                      simplifier=_substitute_and_simplify),
        identity_step("j = n_R - p: sum_{j=1}^{n_R} f(j) = sum_{p=0}^{n_R-1} f(n_R - p) for any terms",
                      Sum(f(j), (j, 1, n_R)), Sum(f(n_R - p), (p, 0, n_R - 1)),
                      simplifier=reindexed(p, lambda var: n_R - var)),
        identity_step("the copied states' terms sum to the real sum: sum_{p=0}^{n_R-1} (the complex term at "
                      "j = n_R - p) = sum_{p=0}^{n_R-1} C_R,j A_R,jj^(k-1) B_R,j at j = n_R - p (sympy decides "
                      "j <= n_R in each term)",
                      Sum(sympy.Subs(embedded_term(j), j, n_R - p), (p, 0, n_R - 1)),
                      Sum(real_term(n_R - p), (p, 0, n_R - 1)), simplifier=_substitute_and_simplify),
    ]


def _prove_sums() -> Proof:
    return Proof(statement="ranmilo.prop2.sums", steps=tuple(sums_steps()))


def _prove_split() -> Proof:
    return Proof(statement="ranmilo.prop2.split", steps=tuple(split_steps()))


def _prove_padding() -> Proof:
    return Proof(statement="ranmilo.prop2.padding", steps=tuple(padding_steps()))


def _prove_copy() -> Proof:
    return Proof(statement="ranmilo.prop2.copy", steps=tuple(copy_steps()))


def _prove_prop2_real_values() -> Proof:
    return Proof(statement="ranmilo.prop2.real_values", steps=tuple(real_values_steps(n_R)))


def _prove_prop2() -> Proof:
    parts = (_prove_split, _prove_padding, _prove_copy, _prove_sums, _prove_prop2_real_values)
    return Proof(statement="ranmilo.prop2", steps=tuple(step for part in parts for step in part().steps))


_complex_response = re(Sum(embedded_term(j), (j, 1, n_C)), evaluate=False)
_real_response = Sum(real_term(j), (j, 1, n_R))

split = Statement(
    name="ranmilo.prop2.split",
    source=SOURCE_PROP2,
    summary="The complex sum over j = 1..n_C splits at n_R (any terms f_j, symbolic n_R and n_C).",
    symbols=(n_R, n_C),
    hypotheses=(sympy.Ge(n_C, n_R),),
    conclusion=sympy.Eq(Sum(embedded_term(j), (j, 1, n_C)),
                        Sum(embedded_term(j), (j, 1, n_R)) + Sum(embedded_term(j), (j, n_R + 1, n_C))),
    prove=_prove_split,
)

padding = Statement(
    name="ranmilo.prop2.padding",
    source=SOURCE_PROP2,
    summary="Every term with j > n_R vanishes, because B_C is zero-padded (termwise, symbolic n_R, k).",
    symbols=(n_R, k, p),
    conclusion=sympy.Eq(sympy.Subs(embedded_term(j), j, n_R + 1 + p), 0, evaluate=False),
    prove=_prove_padding,
)

copy = Statement(
    name="ranmilo.prop2.copy",
    source=SOURCE_PROP2,
    summary="Every term with j <= n_R is the real SSM's term, because the values are copied "
            "(termwise, symbolic n_R, k).",
    symbols=(n_R, k, p),
    conclusion=sympy.Eq(sympy.Subs(embedded_term(j), j, n_R - p), real_term(n_R - p), evaluate=False),
    prove=_prove_copy,
)

sums = Statement(
    name="ranmilo.prop2.sums",
    source=SOURCE_PROP2,
    summary="Summing the termwise facts (symbolic n_R, n_C, k): with j = n_R + 1 + p the padded states' terms sum "
            "to 0, and with j = n_R - p the copied states' terms sum to the real SSM's sum; so the split complex sum "
            "is the real sum plus 0.",
    symbols=(n_R, n_C, k, p),
    hypotheses=(sympy.Ge(n_C, n_R),),
    conclusion=sympy.Eq(Sum(embedded_term(j), (j, 1, n_R)) + Sum(embedded_term(j), (j, n_R + 1, n_C)),
                        _real_response, evaluate=False),
    prove=_prove_sums,
)

prop2_real_values = Statement(
    name="ranmilo.prop2.real_values",
    source=SOURCE_PROP2,
    summary="Re of the real SSM's sum is the sum itself (symbolic n_R, k).",
    symbols=(n_R, k),
    conclusion=sympy.Eq(re(_real_response, evaluate=False), _real_response, evaluate=False),
    prove=_prove_prop2_real_values,
)

prop2 = register(Statement(
    name="ranmilo.prop2",
    source=SOURCE_PROP2,
    summary="For every real SSM (A_R, B_R, C_R) of dimension n_R and every n_C >= n_R there is a complex "
            "assignment of dimension n_C with the same impulse response (hence the same mapping, by "
            "Section 2.3): A_C, B_C, C_C copy the real values into states 1..n_R, B_C is zero on states "
            "n_R+1..n_C (A_C and C_C arbitrary there).",
    symbols=(n_R, n_C, k),
    hypotheses=(sympy.Ge(n_C, n_R),),
    conclusion=sympy.Eq(_complex_response, _real_response),
    steps=(split, padding, copy, sums, prop2_real_values),
    prove=_prove_prop2,
    remarks=("The paper also allows zeroing C_C instead of B_C on the extra states; the proof here pads "
             "B_C (the two are symmetric).",),
))
