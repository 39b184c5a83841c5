"""Theorem 4.2 of Cirone et al. 2024 (random Linear CDEs; proof in Appendix B.3.5).

Theorem 4.2.  Under the hypotheses of Theorem 4.1 and with ``[A_j]_{nn'} ~ N(0, 1/N)``,
``[Z_0]_n, [B]_{nj} ~ N(0, 1)`` i.i.d., for every target ``F`` of form (7) and eps > 0,
``P[exists C: sup |F - C Z^X_t| <= eps] -> 1`` as ``N -> oo``.

The mechanism of the proof: random words are asymptotically orthonormal,

    || (1/N) (A_I z)^T (A_J z') - delta_{(z,I),(z',J)} ||_{L^2(P)} = O(N^{-1/2}) 2^{(|I|+|J|)/2} (|I|+|J|)!!   (B.3.5)

with ``z, z'`` among ``Z_0`` and the columns of ``B``; the explicit readout ``v^N`` then has error
``N^{-1/2} O_M(1)``.

``cirone.thm4_2.gram_second_moments`` (sympy.stats, symbolic ``N``; the Gaussian facts ``|z|^2 ~
chi^2_N`` and, given ``z``, ``A z ~ N(0, |z|^2/N I)`` are a named premise): the exact second moments
of the Gram entries for words of length <= 1:

* ``G = |z|^2/N``:          ``E[(G - 1)^2] = 2/N``;
* ``G = |A_i z|^2/N``:      ``E[(G - 1)^2] = 4/N + 4/N^2``  (``|A_i z|^2 = (|z|^2/N) chi'^2_N``);
* ``G = <A_i z, A_j z>/N`` (i != j) and ``G = <z, A_i z>/N``: ``E[G^2] = (N + 2)/N^2``;

each ``O(1/N)``: the rate ``N^{-1/2}`` of (B.3.5) in root-mean-square.
``cirone.thm4_2.random_word_gram`` states (B.3.5) with its bound as an expression; verify
measures the Gram deviation for longer words.
"""
from __future__ import annotations

import sympy
from sympy import Function, Rational, Symbol, factorial2, limit, oo
from sympy.stats import ChiSquared, E, Normal

from ..registry import register
from ..statement import Proof, Statement
from ..steps import identity_step, premise_step

SOURCE = "Theorem 4.2, Cirone et al. 2024 (Section 4.1; proof in Appendix B.3.5)"

N = Symbol("N", integer=True, positive=True)
p, q = sympy.symbols("p q", integer=True, nonnegative=True)   # word lengths |I|, |J|
c_M = Symbol("c_M", positive=True)                             # the unspecified constant of O(.)

_law = Function("Law")
#: The hypotheses of Theorem 4.2 that the Gram computation uses: i.i.d. Gaussian entries with these
#: variances, and N >= 1.
HYPOTHESES = (sympy.Ge(N, 1), sympy.Eq(_law(Symbol("[A_j]_nn'")), Function("Normal")(0, 1 / N)),
              sympy.Eq(_law(Symbol("[Z_0]_n")), Function("Normal")(0, 1)),
              sympy.Eq(_law(Symbol("[B]_nj")), Function("Normal")(0, 1)))

GAUSSIAN_PREMISE = premise_step(
    "for z ~ N(0, I_N): |z|^2 ~ chi^2_N; given z, A_i z ~ N(0, |z|^2/N I_N) for A_i with i.i.d. N(0, 1/N) entries, "
    "so |A_i z|^2 = (|z|^2/N) chi'^2_N with chi' independent of z, A_i z and A_j z (i != j) are independent given z, "
    "and <z, A_i z> ~ N(0, |z|^4/N) given z; the square of a sum of N independent centred terms has expectation the "
    "sum of their second moments",
    "linear images and rotation invariance of Gaussian vectors, e.g. Vershynin, High-Dimensional Probability "
    "(CUP 2018), Ch. 3")


def gram_bound(length_i, length_j, size):
    """The right side of (B.3.5) without its constant: ``N^{-1/2} 2^{(p+q)/2} (p+q)!!``."""
    return size ** Rational(-1, 2) * 2 ** ((length_i + length_j) / 2) * factorial2(length_i + length_j)


def gram_steps():
    chi = ChiSquared("chi", N)
    chi2 = ChiSquared("chi_prime", N)
    sigma = Symbol("sigma", positive=True)                   # the coordinates' standard deviation given z
    g, h = Normal("g", 0, sigma), Normal("h", 0, sigma)      # coordinates of A_i z and A_j z given z
    square_given_z = N * E(g ** 2 * h ** 2) + N * (N - 1) * E(g * h) ** 2     # E[<A_i z, A_j z>^2 | z]
    cross = E(square_given_z.subs(sigma, sympy.sqrt(chi / N))) / N ** 2
    same = sympy.simplify(E((chi * chi2 / N ** 2 - 1) ** 2))
    return [
        identity_step("E chi^2_N = N (sympy.stats, symbolic N)", E(chi), N),
        identity_step("E (chi^2_N)^2 = N (N + 2) (sympy.stats, symbolic N)", E(chi ** 2), N * (N + 2)),
        GAUSSIAN_PREMISE,
        identity_step("empty words: G = |z|^2/N = chi^2_N/N, E[(G - 1)^2] = 2/N (sympy.stats)",
                      E((chi / N - 1) ** 2), 2 / N),
        identity_step("I = J = (i): G = |A_i z|^2/N = chi^2_N chi'^2_N/N^2 (chi' independent), E[(G - 1)^2] = 4/N + 4/N^2 "
                      "(sympy.stats)", same, 4 / N + 4 / N ** 2),
        identity_step("I = (i), J = (j), i != j: E[<A_i z, A_j z>^2 | z] = N E[g^2 h^2] + N (N-1) E[g h]^2 = N sigma^4 "
                      "with sigma^2 = |z|^2/N (sympy.stats per coordinate), so E[G^2] = E[N (chi^2_N/N)^2]/N^2 = "
                      "(N + 2)/N^2", cross, (N + 2) / N ** 2),
        identity_step("I = (), J = (i): <z, A_i z> ~ N(0, |z|^4/N) given z, so E[G^2] = E[|z|^4/N]/N^2 = (N + 2)/N^2, "
                      "the same value (sympy.stats)", E(chi ** 2 / N) / N ** 2, (N + 2) / N ** 2),
        identity_step("N E[(G - 1)^2] -> 4 (the largest of the three): the root-mean-square deviation is "
                      "O(N^(-1/2)) (sympy.limit)", limit(N * same, N, oo), 4),
    ]


gram_second_moments = Statement(
    name="cirone.thm4_2.gram_second_moments",
    source=SOURCE,
    summary="Exact second moments of the random-word Gram entries (1/N) (A_I z)^T (A_J z') for |I|, |J| <= 1, "
            "z, z' ~ N(0, I_N), A_i ~ N(0, 1/N): 2/N, 4/N + 4/N^2 and (N + 2)/N^2 (symbolic N), all O(1/N).",
    symbols=(N,),
    hypotheses=HYPOTHESES,
    conclusion=sympy.Eq(Symbol("MS"), 4 / N + 4 / N ** 2),
    prove=lambda: Proof("cirone.thm4_2.gram_second_moments", tuple(gram_steps())),
    remarks=("MS in the conclusion is E[((1/N)|A_i z|^2 - 1)^2], the largest of the three.",),
)

random_word_gram = Statement(
    name="cirone.thm4_2.random_word_gram",
    source=SOURCE,
    summary="(B.3.5) Random words are asymptotically orthonormal: the L^2(P) deviation of (1/N)(A_I z)^T(A_J z') "
            "from delta is at most c_M N^(-1/2) 2^((|I|+|J|)/2) (|I|+|J|)!!.",
    symbols=(N, p, q, c_M),
    hypotheses=HYPOTHESES,
    conclusion=sympy.Le(Symbol("deviation"), c_M * gram_bound(p, q, N)),
    bound=c_M * gram_bound(p, q, N),
    remarks=("The constant c_M is not given by the paper; verify measures the deviation over N and fits its "
             "slope in log-log (the claim is slope -1/2), and reports deviation * sqrt(N) / (2^((p+q)/2) (p+q)!!).",
             "verify measures the Frobenius deviation of the whole Gram matrix of all words |I| <= M, normalised "
             "by the number of entries (root-mean-square entry), with z = Z_0 and the columns of B."),
)

thm4_2 = register(Statement(
    name="cirone.thm4_2",
    source=SOURCE,
    summary="Random dense Linear CDEs (A_j ~ N(0, 1/N), Z_0, B ~ N(0, 1)) with a linear readout approximate every "
            "target of form (7) with probability -> 1 as N -> oo.  Checked through its mechanism (random-word Gram "
            "matrices -> identity at rate N^(-1/2)) and in practice (OLS readouts on Area and Volume improve with N).",
    symbols=(N,),
    hypotheses=HYPOTHESES,
    steps=(gram_second_moments, random_word_gram),
    remarks=("The toy experiment uses omega = xi = (t, X) only (not t^2 as Theorems 4.1-4.2 require) and "
             "Z_0 = W X_0 + b; the numerical check follows the experiment.",),
))
