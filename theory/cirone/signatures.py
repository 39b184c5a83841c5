"""Proposition A.4 of Cirone et al. 2024 (Appendix A): factorial decay of signature levels.

Proposition A.4.  ``|| int_{s<u_1<...<u_k<t} d gamma^{(x)k} || <= ||gamma||^k_{1-var,[s,t]} / k!``.

Stated here with two compatible pairs of norms: the l1 norm of the level-k tensor
(``sum_{|I|=k} |Sig^I|``) with the l1 1-variation ``sum_i int |d gamma^i|``, and the Euclidean
(Hilbert-Schmidt) norm with the Euclidean 1-variation ``int |d gamma|_2``.  Both are cross norms
(``||a (x) b|| = ||a|| ||b||``), which is all the proof uses.

Proof for piecewise-linear paths (``chen_induction``, proved in sympy; the general case follows by
approximation in 1-variation): a segment with increment ``delta`` has level k ``delta^{(x)k}/k!``
(the simplex has volume ``1/k!``), of norm ``|delta|^k/k!``; Chen's identity
``S_k(gamma * eta) = sum_j S_j(gamma) (x) S_{k-j}(eta)`` and the induction hypothesis give
``sum_j a^j b^{k-j}/(j!(k-j)!) = (a+b)^k/k!`` (binomial theorem, by Pascal's rule), and 1-variations
add under concatenation.
"""
from __future__ import annotations

import sympy
from sympy import Symbol, binomial, expand_func, factorial

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step

SOURCE = "Proposition A.4, Cirone et al. 2024 (Appendix A)"

k = Symbol("k", integer=True, positive=True)
j = Symbol("j", integer=True)
r, t = sympy.symbols("r t", positive=True)
L = Symbol("L", nonnegative=True)

#: The hypotheses: the 1-variation is taken in a norm compatible with the tensor norm (l1 with l1,
#: Euclidean with Euclidean: cross norms), and k >= 1.  With the l1 tensor norm and the Euclidean
#: 1-variation the bound fails already at k = 1 (verify's mutation).
HYPOTHESES = (sympy.Eq(Symbol("||a (x) b||"), Symbol("||a|| ||b||")), sympy.Ge(k, 1))

PREMISES = (
    premise_step("Chen's identity: the signature of a concatenation is the tensor product of the signatures, "
                 "S_k(gamma * eta) = sum_j S_j(gamma) (x) S_(k-j)(eta)",
                 "Chen (1954); e.g. Lyons, Caruana & Levy, Differential Equations Driven by Rough Paths (LNM 1908), "
                 "Ch. 2 (Chen's theorem)"),
    premise_step("the l1 and Hilbert-Schmidt tensor norms are cross norms, ||a (x) b|| = ||a|| ||b||, so a segment's "
                 "level k, delta^(x)k/k!, has norm |delta|^k/k!, and the triangle inequality bounds Chen's sum",
                 "e.g. Lyons, Caruana & Levy (LNM 1908), Ch. 1 (admissible tensor norms)"),
    premise_step("binomial theorem sum_j a^j b^(k-j)/(j!(k-j)!) = (a+b)^k/k! for every k (its induction step is "
                 "Pascal's rule, checked by sympy above)",
                 "e.g. Graham, Knuth & Patashnik, Concrete Mathematics (2nd ed., 1994), §5.1"),
    premise_step("1-variations add under concatenation, and the signature of a path of bounded variation is the limit "
                 "of those of its piecewise-linear interpolations, with the 1-variation converging",
                 "e.g. Friz & Victoir, Multidimensional Stochastic Processes as Rough Paths (CUP 2010), Ch. 1-2"),
)


def level_bound(variation, level):
    """``L^k / k!``."""
    return variation ** level / factorial(level)


def chen_steps() -> list[ProofStep]:
    d = sympy.symbols("d_0:3", nonnegative=True)   # |delta_i|
    return [
        identity_step("segment: the k-simplex of [0, t] has volume t^k/k! (sympy integrates the induction step "
                      "int_0^t r^(k-1)/(k-1)! dr, symbolic k)",
                      sympy.integrate(r ** (k - 1) / factorial(k - 1), (r, 0, t)), t ** k / factorial(k)),
        identity_step("cross norm, l1, instance: sum over words of length 3 of prod |delta_(i_l)| = (sum_i |delta_i|)^3 "
                      "(3 letters)",
                      sum(d[i1] * d[i2] * d[i3] for i1 in range(3) for i2 in range(3) for i3 in range(3)),
                      sum(d) ** 3, simplifier=sympy.expand),
        identity_step("Pascal's rule binomial(k+1, j) = binomial(k, j) + binomial(k, j-1) (symbolic k, j): the "
                      "induction step of the binomial theorem sum_j a^j b^(k-j)/(j!(k-j)!) = (a+b)^k/k!",
                      expand_func(binomial(k + 1, j)), expand_func(binomial(k, j) + binomial(k, j - 1))),
        *PREMISES,
    ]


chen_induction = Statement(
    name="cirone.propA_4.chen_induction",
    source=SOURCE,
    summary="Proof for piecewise-linear paths: a segment's level k has norm |delta|^k/k!, and Chen's identity with the "
            "binomial theorem carries the bound through concatenation (symbolic k).",
    prove=lambda: Proof("cirone.propA_4.chen_induction", tuple(chen_steps())),
)

propA_4 = register(Statement(
    name="cirone.propA_4",
    source=SOURCE,
    summary="||Sig(gamma)^(k)_(s,t)|| <= ||gamma||^k_(1-var,[s,t]) / k! (l1 tensor norm with l1 1-variation, or "
            "Euclidean with Euclidean 1-variation).",
    symbols=(L, k),
    hypotheses=HYPOTHESES,
    conclusion=sympy.Le(Symbol("level_norm"), level_bound(L, k)),
    bound=level_bound(L, k),
    steps=(chen_induction,),
))
