"""The Appendix C identity (Eq. 7) of Ran-Milo et al. 2024: the expected squared error is the
squared l2 distance of the impulse responses.

Let ``Delta = phi_n(I)_{:t} - phi(I)_{:t}`` be the difference of two impulse responses and let the
inputs ``U_1, ..., U_t`` be i.i.d. with ``E[U_j] = 0`` and ``E[U_j U_k] = KroneckerDelta(j, k)``
(for instance standard normal, as in the paper).  The error at time ``t`` is the convolution
``phi_n(U)_t - phi(U)_t = sum_{j=1}^t U_j Delta_{t-j+1}`` (Section 2.3), and Appendix C states

    E[(sum_{j=1}^t U_j Delta_{t-j+1})^2] = sum_{i=1}^t Delta_i^2 = ||Delta||_2^2.

Proof: expand the square into a double sum over ``(j, k)``, take the expectation term by term
(linearity of expectation, a named premise) so that ``U_j U_k`` becomes ``KroneckerDelta(j, k)``,
sum out ``k``, and re-index ``i = t - j + 1``.  :func:`kronecker_steps` does this for symbolic ``t``; :func:`gaussian_steps`
checks the identity with ``sympy.stats`` standard normal variables for ``t = 1..4``.

Both take the index map ``j -> t - j + 1`` as an argument, so that the tests can check that a wrong
index (``t - j``) is not proved.
"""
from __future__ import annotations

import sympy
from sympy import IndexedBase, KroneckerDelta, Sum, Symbol
from sympy.stats import E, Normal

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step
from .complex_construction import product_of_sums_steps

SOURCE = "Appendix C (Eq. 7), Ran-Milo et al. 2024"

t = Symbol("t", integer=True, positive=True)
i, j, k = sympy.symbols("i j k", integer=True)
a, b = sympy.symbols("a b", integer=True, nonnegative=True)
U = IndexedBase("U", real=True)
Delta = IndexedBase("Delta", real=True)


def reversed_index(jj):
    """The index of ``Delta`` that multiplies ``U_jj`` in the convolution: ``t - jj + 1``."""
    return t - jj + 1


#: (claim, citation): the expectation of a finite sum is the sum of the expectations.
LINEARITY_OF_EXPECTATION = ("linearity of expectation: E[sum_j c_j X_j] = sum_j c_j E[X_j] for finitely many integrable "
                            "X_j and constants c_j (here X_j = U_j U_k, with E[U_j U_k] = KroneckerDelta(j, k) by "
                            "hypothesis)",
                            "e.g. P. Billingsley, Probability and Measure, 3rd ed., Section 21 (expected values)")


def kronecker_steps(index=reversed_index) -> list[ProofStep]:
    """The proof of E[(sum_j U_j Delta_{index(j)})^2] = sum_{i=1}^t Delta_i^2 for symbolic ``t``.

    ``index`` must be linear in ``j`` with coefficient +-1 (it is used to re-index the sum).
    """
    error = Sum(U[j] * Delta[index(j)], (j, 1, t))
    error_in_k = Sum(U[k] * Delta[index(k)], (k, 1, t))
    steps = [ProofStep(
        claim="(sum_j U_j Delta_{index(j)})^2 = (sum_j U_j Delta_{index(j)}) (sum_k U_k Delta_{index(k)}) "
              "(the summation index of the second factor renamed j -> k)",
        expression=sympy.Eq(error ** 2, error * error_in_k, evaluate=False),
        holds=error.change_index(j, j, k) == error_in_k,
        method="Sum.change_index(j, j, k) == the second factor")]
    product_steps, double_sum = product_of_sums_steps(
        U[j] * Delta[index(j)], U[k] * Delta[index(k)], j, k, 1, t)
    steps += product_steps

    # Expectation, term by term: E[U_j U_k] = KroneckerDelta(j, k).
    steps.append(premise_step(*LINEARITY_OF_EXPECTATION))
    expected_summand = double_sum.function.subs(U[j] * U[k], KroneckerDelta(j, k))
    # Summing out k leaves Delta_{index(j)}^2 for every j in 1..t; sympy returns a Piecewise in
    # the condition 1 <= j <= t, which the substitution j = 1 + a, t = 1 + a + b (a, b >= 0) settles.
    inner = Sum(expected_summand, (k, 1, t)).doit()
    in_range = {j: 1 + a, t: 1 + a + b}
    steps.append(identity_step(
        "sum_{k=1}^t KroneckerDelta(j, k) Delta_{index(j)} Delta_{index(k)} = Delta_{index(j)}^2 "
        "for 1 <= j <= t (written j = 1 + a, t = 1 + a + b with a, b >= 0)",
        inner.subs(in_range, simultaneous=True),
        (Delta[index(j)] ** 2).subs(in_range, simultaneous=True)))

    # Re-index i = index(j).
    reindexed = Sum(Delta[index(j)] ** 2, (j, 1, t)).change_index(j, index(j), i)
    steps.append(identity_step(
        "sum_{j=1}^t Delta_{index(j)}^2 = sum_{i=1}^t Delta_i^2 (re-index i = index(j))",
        reindexed, Sum(Delta[i] ** 2, (i, 1, t))))
    return steps


def gaussian_steps(index=reversed_index, sizes=range(1, 5)) -> list[ProofStep]:
    """The identity for explicit ``t`` in ``sizes`` with sympy.stats standard normal inputs."""
    steps = []
    for size in sizes:
        inputs = [Normal(f"U{jj}", 0, 1) for jj in range(1, size + 1)]
        error = sum(inputs[jj - 1] * Delta[index(jj).subs(t, size)] for jj in range(1, size + 1))
        steps.append(identity_step(
            f"E[(sum_j U_j Delta_(index(j)))^2] = sum_(i=1)^{size} Delta_i^2 with U_j i.i.d. N(0, 1), t = {size}",
            E(sympy.expand(error ** 2)), sum(Delta[ii] ** 2 for ii in range(1, size + 1)),
            simplifier=sympy.expand))
    return steps


def _prove_kronecker() -> Proof:
    return Proof(statement="ranmilo.appendix_c.kronecker", steps=tuple(kronecker_steps()))


def _prove_gaussian() -> Proof:
    return Proof(statement="ranmilo.appendix_c.gaussian", steps=tuple(gaussian_steps()))


def _prove_appendix_c() -> Proof:
    return Proof(statement="ranmilo.appendix_c",
                 steps=_prove_kronecker().steps + _prove_gaussian().steps)


# In the statements, ``Expectation`` is an undefined function standing for E[.].
Expectation = sympy.Function("E")
_error = Sum(U[j] * Delta[reversed_index(j)], (j, 1, t))
_expected_square = Expectation(_error ** 2)
_hypotheses = (sympy.Eq(Expectation(U[j]), 0),
               sympy.Eq(Expectation(U[j] * U[k]), KroneckerDelta(j, k)))
_conclusion = sympy.Eq(_expected_square, Sum(Delta[i] ** 2, (i, 1, t)))

kronecker = Statement(
    name="ranmilo.appendix_c.kronecker",
    source=SOURCE,
    summary="For every t: expanding the square, E[U_j U_k] = KroneckerDelta(j, k) and re-indexing "
            "i = t - j + 1 give E[(sum_j U_j Delta_{t-j+1})^2] = sum_i Delta_i^2 (symbolic t).",
    symbols=(t, j, k, i),
    hypotheses=_hypotheses,
    conclusion=_conclusion,
    prove=_prove_kronecker,
)

gaussian = Statement(
    name="ranmilo.appendix_c.gaussian",
    source=SOURCE,
    summary="The same identity computed with sympy.stats for U_j i.i.d. N(0, 1), t = 1..4 "
            "(explicit sizes only).",
    symbols=(t,),
    hypotheses=(sympy.Contains(t, sympy.FiniteSet(1, 2, 3, 4)),),
    conclusion=_conclusion,
    prove=_prove_gaussian,
)

appendix_c = register(Statement(
    name="ranmilo.appendix_c",
    source=SOURCE,
    summary="For i.i.d. inputs with E[U_j] = 0 and E[U_j U_k] = KroneckerDelta(j, k) (e.g. N(0, 1)), "
            "the expected squared error at time t of the convolutions with two impulse responses is "
            "the squared l2 distance of the responses: E[(sum_{j=1}^t U_j Delta_{t-j+1})^2] = "
            "sum_{i=1}^t Delta_i^2, Delta = phi_n(I)_{:t} - phi(I)_{:t}.",
    symbols=(t, j, k, i),
    hypotheses=_hypotheses,
    conclusion=_conclusion,
    bound=None,
    steps=(kronecker, gaussian),
    prove=_prove_appendix_c,
    remarks=("The proof uses only E[U_j U_k] = KroneckerDelta(j, k), which independent inputs with zero "
             "mean and unit variance satisfy; so the identity holds for any such inputs, not only for the "
             "paper's N(0, 1).",
             "Hence the Appendix C loss l <= eps^2 / t implies ||Delta||_1 <= sqrt(t) ||Delta||_2 <= eps, "
             "i.e. eps-approximation up to time t."),
))
