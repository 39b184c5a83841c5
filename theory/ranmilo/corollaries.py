"""Corollaries 1-3 of Ran-Milo et al. 2024 (Section 3.3; proofs in Appendix D.4-D.6), and what the
corrected Theorem 2 makes of them.

Throughout, ``n_R W`` with ``W = ||C_R^T . B_R||_inf`` is the left side of Theorem 2 and the
printed proofs pick ``(d, m, sigma)`` in Eq. (3).

* Corollary 1 (copy).  ``t >= 9``, ``phi = delta_{floor((t-1)/2)}``, ``eps <= 1/(8 sqrt t)``
  imply ``n_R W >= 2^(t/2) / (32 sqrt t)``.
* Corollary 2 (random).  ``alpha > 0``, ``R`` i.i.d. ``U[-alpha, alpha]``, ``phi(I) = R``,
  ``t >= 8``, ``p`` in (0, 1), ``eps <= alpha sqrt(p/t)``: with probability at least ``1 - p``,
  ``n_R W >= 2^(t/2) alpha sqrt(p) / (8 sqrt t)``.
* Corollary 3 (oscillation).  ``phi(I) = (1, 0, -1, 0, ...)`` and ``eps <= 1/2`` imply
  ``n_R W >= 2^(3t/4 - 4)``.

The printed proofs apply Theorem 2 as printed, which is refuted (:mod:`.theorem2`), so none of
the corollaries gets a sympy proof as printed; their steps are proved where they hold.  Under the
corrected Theorem 2 (``min(d, m-1)``) the printed choices of ``(d, m)`` get a prefactor 4 times
smaller: Corollary 1's printed chain of estimates then falls a factor 4 short (its Lemma 11 step
has about 4.5 to spare), Corollary 2's Eq. (9) holds only for ``t mod 8`` in {0, 1, 2, 4}, and
Corollary 3's final inequality only for ``t mod 4`` in {0, 1}.  Every printed bound is recovered:

* ``ranmilo.cor1_corrected_proof`` -- the printed choice (extended to even ``k``), Lemma 10 in
  place of Lemma 11; complete proof for every ``t >= 9``;
* ``ranmilo.cor2_corrected_proof`` -- ``m = floor(t/2) - floor(t/4)`` and a margin in ``eps_0``;
  the arithmetic is proved for every ``t >= 8``; three facts of probability (F1-F3) are named,
  cited premises;
* ``ranmilo.cor3_corrected_proof`` -- ``m = floor(t/2) - floor(t/4)``, and the first entry for
  ``t <= 3``; complete proof for every ``t >= 1``.

All three chain the proof of ``ranmilo.thm2_corrected`` and inherit its hypotheses (every state has
``A_jj, B_j, C_j`` real and ``|A_jj| <= 1``; :data:`INHERITED`).

Case analyses write ``t = M (a0 + a) + r`` for each residue ``r`` modulo ``M``, with ``a >= 0``
and ``a0`` the smallest value allowed by the hypothesis on ``t`` (:func:`residue_value`); sympy
then evaluates every floor and ceiling and decides each sign for symbolic ``a``.  An inequality
that involves square roots or powers of 2 with a fractional exponent is decided by z3 for every
real ``a >= 0`` (so for every ``t`` of the residue, not only the smallest), the roots and powers
being variables constrained by their squares (:func:`cor1_corrected_case_steps`); ``2^x >= 1`` is
decided by sympy with ``x`` split into its constant and a multiple of ``a``
(:func:`power_at_least_one_steps`).  Principles of reasoning that are not computations are named,
cited premises (:mod:`.appendix_e`), and so are F1-F3.
"""
from __future__ import annotations

import sympy
from sympy import (Abs, KroneckerDelta, Min, Mod, Rational, Sum, Symbol, binomial, ceiling, combsimp, cos, floor,
                   pi, re, sqrt)

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, sign_step, z3_step
from .appendix_e import difference_induction_steps, lemma10_steps, lemma11_bound, lemma11_steps
from .theorem2 import STATE_HYPOTHESES, W, n_R, state_sum_steps, step1_steps, thm2_corrected

SOURCE = "Corollary {}, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.{})"
SOURCE_CORRECTED = "Corollary {}, Ran-Milo et al. 2024 (Section 3.3): a proof from the corrected Theorem 2 (ours)"

t = Symbol("t", integer=True, positive=True)
epsilon = Symbol("epsilon", nonnegative=True)
alpha = Symbol("alpha", positive=True)               # Corollary 2's amplitude
p = Symbol("p", positive=True)                       # Corollary 2's failure probability
a = Symbol("a", integer=True, nonnegative=True)      # t = M (a0 + a) + r
h = Symbol("h", integer=True, positive=True)         # a free positive integer (Lemma 10's n)
i, j = Symbol("i", integer=True), Symbol("j", integer=True)
k = Symbol("k", integer=True, positive=True)         # a 1-based index
r_, s_ = sympy.symbols("r s", integer=True, nonnegative=True)
x = Symbol("x", positive=True)                       # a free positive real
slack = Symbol("sigma_eps", nonnegative=True)        # eps = eps_max - slack
a_real = Symbol("a_r", nonnegative=True)             # the real relaxation of a, for z3

COR1_BOUND = 2 ** (t / 2) / (32 * sqrt(t))
COR2_BOUND = 2 ** (t / 2) * alpha * sqrt(p) / (8 * sqrt(t))
COR3_BOUND = 2 ** (3 * t / 4 - 4)


def residue_value(modulus: int, residue: int, t_min: int):
    """``t = modulus (a0 + a) + residue``: every ``t >= t_min`` with this residue, for ``a >= 0``."""
    a0 = max(0, -((residue - t_min) // modulus))
    return modulus * (a0 + a) + residue


def as_real(expression):
    """``expression`` (linear in the integer ``a``) with ``a`` replaced by the real ``a_r >= 0`` for z3: a claim
    proved for every real ``a_r >= 0`` holds for every integer ``a >= 0``."""
    return sympy.expand(sympy.simplify(expression)).subs(a, a_real)


def nonnegative_in_case(claim: str, expression, value) -> ProofStep:
    """``expression >= 0`` at ``t = value`` (a residue case), for every ``a >= 0``."""
    return sign_step(claim, expression, "nonnegative", {t: value})


def power_at_least_one_steps(claim: str, exponent, substitution: dict | None = None) -> list[ProofStep]:
    """``2^exponent >= 1`` for every ``a >= 0``, where ``exponent`` (after ``substitution``) is ``c0 + rest``
    with the constant ``c0`` (its value at ``a = 0``) and ``rest`` a multiple of ``a``: sympy decides
    ``2^c0 >= 1`` and ``2^rest >= 1`` and checks the exponent law; z3 multiplies."""
    value = sympy.simplify(sympy.sympify(exponent).subs(substitution or {}, simultaneous=True))
    c0 = value.subs(a, 0)
    rest = sympy.simplify(value - c0)
    X, Y = sympy.symbols("X Y", real=True)
    return [
        identity_step(f"{claim}: 2^({value}) = 2^({c0}) 2^({rest}) (exponent law)", 2 ** value, 2 ** c0 * 2 ** rest),
        sign_step(f"{claim}: 2^({c0}) >= 1", 2 ** c0 - 1, "nonnegative"),
        sign_step(f"{claim}: 2^({rest}) >= 1 for a >= 0", 2 ** rest - 1, "nonnegative"),
        z3_step(f"{claim}: X = 2^({c0}) >= 1 and Y = 2^({rest}) >= 1 give X Y >= 1", sympy.Ge(X * Y, 1),
                [sympy.Ge(X, 1), sympy.Ge(Y, 1)]),
    ]


def ratio_steps(what: str = "the term") -> list[ProofStep]:
    """From a ratio to the inequality: ``2^x = 2^(x-y) 2^y``, and ``L = R B`` with ``R >= 1``, ``B > 0`` and
    ``n W >= L`` (Theorem 2) give ``n W >= B`` (z3)."""
    xx, yy, L, R, B, NW = sympy.symbols("x y L R B nW", real=True)
    return [
        identity_step("exponent law 2^x = 2^(x - y) 2^y", 2 ** xx, 2 ** (xx - yy) * 2 ** yy),
        z3_step(f"{what} L = R B with R >= 1 and the bound B > 0, and n W >= L (Theorem 2), give n W >= B",
                sympy.Ge(NW, B), [sympy.Eq(L, R * B), sympy.Ge(R, 1), sympy.Gt(B, 0), sympy.Ge(NW, L)]),
    ]


def product_lower_bound_step(claim: str) -> ProofStep:
    """``0 <= x0 <= x`` and ``0 <= y0 <= y`` give ``x0 y0 <= x y`` (z3)."""
    x0, x1, y0, y1 = sympy.symbols("x_0 x y_0 y", real=True)
    return z3_step(claim, sympy.Le(x0 * y0, x1 * y1),
                   [sympy.Le(0, x0), sympy.Le(x0, x1), sympy.Le(0, y0), sympy.Le(y0, y1)])


def reciprocal_step(claim: str) -> ProofStep:
    """``B >= L > 0`` and ``alpha > 0`` give ``1/(2 alpha B) <= 1/(2 alpha L)`` (z3): a density bound from a
    lower bound on the binomial coefficient."""
    B_, L_, al = sympy.symbols("B L alpha", real=True)
    return z3_step(claim, sympy.Le(1 / (2 * al * B_), 1 / (2 * al * L_)),
                   [sympy.Ge(B_, L_), sympy.Gt(L_, 0), sympy.Gt(al, 0)])


def square_root_step(claim: str, factor=1) -> ProofStep:
    """``u = sqrt(x)``, ``v = sqrt(y)`` with ``factor^2 x <= y`` and ``P > 0``: ``P/(factor u) >= P/v`` (z3)."""
    u_, v_, P_, B_ = sympy.symbols("u v P B", real=True)
    return z3_step(claim, sympy.Ge(B_, P_ / v_),
                   [sympy.Gt(u_, 0), sympy.Gt(v_, 0), sympy.Le(factor ** 2 * u_ ** 2, v_ ** 2), sympy.Gt(P_, 0),
                    sympy.Ge(B_, P_ / (factor * u_))])


#: (claim, citation) of the facts of probability that Corollary 2 rests on.
F1_DENSITY_INTERVAL = ("(F1) a real random variable X with a density bounded by M has P(|X| <= e) <= 2 e M",
                       "the probability is the integral of the density over [-e, e], at most 2 e M (monotonicity of "
                       "the integral); e.g. P. Billingsley, Probability and Measure, 3rd ed., Sections 16 and 20")
F2_DENSITY_OF_SUM = ("(F2) c U with U uniform on [-alpha, alpha] and c != 0 has density 1/(2 alpha |c|) on its support; "
                     "if X has a density bounded by M and Y is independent of X, then X + Y has a density bounded by M",
                     "change of variables and the convolution formula p_(X+Y)(z) = E[p_X(z - Y)]; e.g. P. Billingsley, "
                     "Probability and Measure, 3rd ed., Section 20 (convolution)")
F3_INDEPENDENCE = ("(F3) events determined by disjoint sets of independent random variables are independent, and the "
                   "probability that independent events all happen is the product of their probabilities",
                   "e.g. P. Billingsley, Probability and Measure, 3rd ed., Section 20 (independence)")


def _proof(name, *step_lists) -> Proof:
    return Proof(statement=name, steps=tuple(step for steps in step_lists for step in steps))


# ---------------------------------------------------------------------------------------------
# Corollary 1.

def delay_position(length):
    """The 1-based position ``k + 1`` of the 1 in ``delta_k(I)``, ``k = floor((length-1)/2)``."""
    return floor((length - 1) / 2) + 1


def cor1_choice_steps() -> list[ProofStep]:
    """Appendix D.4's choice for odd ``k``: ``t mod 8`` in {3, 4, 7, 0}, ``t >= 9``."""
    steps = []
    for residue in (3, 4, 7, 0):
        value = residue_value(8, residue, 9)
        kk = floor((value - 1) / 2)
        dd, mm = (kk + 1) / 2, floor((kk + 1) / 4)
        case = f"t = {value}"
        steps += [
            identity_step(f"{case}: k = floor((t-1)/2) = {kk} is odd", Mod(kk, 2), 1),
            identity_step(f"{case}: d = (k+1)/2 = {dd} is an integer", Mod(dd, 1), 0),
            sign_step(f"{case}: m = floor((k+1)/4) = {mm} >= 1", mm - 1, "nonnegative"),
            sign_step(f"{case}: d + m <= floor(t/2)", floor(value / 2) - dd - mm, "nonnegative"),
            sign_step(f"{case}: the 1 of phi|even sits at p = (k+1)/2 = d, inside the window m..m+d: p - m >= 0",
                      dd - mm, "nonnegative"),
            *power_at_least_one_steps(f"{case}: 2^(d + 2 min(d, m) - (k - 1)) >= 1, i.e. 2^(k-1) <= "
                                      "2^(d + 2 min(d, m)) (Eq. 8)", dd + 2 * Min(dd, mm) - (kk - 1)),
        ]
    return steps


def delay_difference_steps() -> list[ProofStep]:
    """A sequence with a single 1 at ``p`` has d-th difference ``(-1)^(d-(p-m)) binomial(d, p-m)`` at ``m``.

    Lemma 7 (1-based form) ``S^(d)_m = sum_{j=0}^d S_(m+j) (-1)^(d-j) binomial(d, j)`` with
    ``S_i = KroneckerDelta(i, p)``; ``p = m + r``, ``d = r + s`` encode ``0 <= p - m <= d``.
    """
    order, target = r_ + s_, k + r_
    return [identity_step(
        "Lemma 7 with S_i = KroneckerDelta(i, p), 0 <= p - m <= d (p = m + r, d = r + s): "
        "S^(d)_m = (-1)^(d - (p - m)) binomial(d, p - m)",
        Sum(KroneckerDelta(k + j, target) * (-1) ** (order - j) * binomial(order, j), (j, 0, order)).doit(),
        (-1) ** (order - (target - k)) * binomial(order, target - k))]


def cor1_single_term_steps() -> list[ProofStep]:
    """The even restriction of ``delta_k(I)`` (``k`` odd) and its d-th difference at ``m``."""
    dd, mm = Symbol("d", integer=True, positive=True), Symbol("m", integer=True, positive=True)
    solutions = sympy.solve(2 * j - (k + 1), j)
    return [
        ProofStep(claim="delta_k(I) has its 1 at position k + 1; (phi|even)_j = phi_(2j) = 1 exactly when "
                        "2j = k + 1, i.e. at j = (k+1)/2 (an integer for odd k), and 0 elsewhere",
                  expression=sympy.Eq(2 * j, k + 1), holds=solutions == [(k + 1) / 2],
                  method="sympy.solve(2 j - (k + 1), j) == [(k + 1)/2]"),
        *delay_difference_steps(),
        identity_step("with p = d (the choice d = (k+1)/2): binomial(d, d - m) = binomial(d, m)",
                      binomial(dd, dd - mm), binomial(dd, mm), simplifier=lambda e: sympy.simplify(combsimp(e))),
    ]


def cor1_lemma11_steps() -> list[ProofStep]:
    """Lemma 11 at ``N = d = (k+1)/2`` (``m = floor(d/2)``), then ``2d = k + 1 <= t``."""
    steps = list(lemma11_steps())
    for value in (2 * (a + 5), 2 * (a + 4) + 1):  # t >= 9, even and odd
        steps.append(nonnegative_in_case(f"t = {value}: 2d = k + 1 = floor((t-1)/2) + 1 <= t",
                                         t - delay_position(t), value))
    steps.append(square_root_step("binomial(d, m) = B >= P/(4 u) (Lemma 11, P = 2^d/1, u = sqrt(2d)) and 2d <= t "
                                  "(v = sqrt(t)) give B >= P/(4 v), i.e. >= 2^d/(4 sqrt t)", 1))
    return steps


def cor1_final_steps() -> list[ProofStep]:
    """``2^(k-1)/(8 sqrt t) = 2^k/(16 sqrt t) >= 2^(t/2)/(32 sqrt t)`` for ``k = floor((t-1)/2)``."""
    kk = floor((t - 1) / 2)
    u_, eps_, v_ = sympy.symbols("u epsilon v", real=True)
    steps = [
        z3_step("|D|/2^d = u >= 1/(4 v) and 0 <= eps <= 1/(8 v) (v = sqrt t > 0) give u - eps >= 1/(8 v) > 0",
                sympy.And(sympy.Ge(u_ - eps_, 1 / (8 * v_)), sympy.Gt(1 / (8 * v_), 0)),
                [sympy.Gt(v_, 0), sympy.Ge(u_, 1 / (4 * v_)), sympy.Le(0, eps_), sympy.Le(eps_, 1 / (8 * v_))]),
        product_lower_bound_step("Eq. (8): 0 <= 2^(k-1) <= 2^(d + 2 min(d, m)) (choice) and 0 <= 1/(8 sqrt t) <= "
                                 "2^(-d) |D| - eps give 2^(k-1)/(8 sqrt t) <= the term"),
        identity_step("2^(k-1) / (8 sqrt t) = 2^k / (16 sqrt t)",
                      2 ** (k - 1) / (8 * sqrt(t)), 2 ** k / (16 * sqrt(t))),
        identity_step("(2^k/(16 sqrt t)) / (2^(t/2)/(32 sqrt t)) = 2^(k + 1 - t/2)",
                      (2 ** k / (16 * sqrt(t))) / COR1_BOUND, 2 ** (k + 1 - t / 2)),
        sign_step("the bound 2^(t/2)/(32 sqrt t) is positive", COR1_BOUND, "positive"),
    ]
    for value in (2 * (a + 5), 2 * (a + 4) + 1):
        steps += power_at_least_one_steps(f"t = {value}: 2^(k + 1 - t/2) >= 1 for k = floor((t-1)/2)",
                                          kk + 1 - t / 2, {t: value})
    return steps + ratio_steps("2^k/(16 sqrt t)")


def cor1_corrected_case_steps(residue: int, scale=1) -> list[ProofStep]:
    """One residue of ``t mod 8`` for ``ranmilo.cor1_corrected_proof``: the term is ``>= scale`` times the bound.

    With ``u = 2^(-d) |D| >= 1/(2 sqrt c)`` (Lemma 10, ``d = p``) and ``0 <= eps <= 1/(8 sqrt t)``, the
    ratio term / bound is ``2^(e - t/2) 32 sqrt(t) (u - eps)`` with ``e - t/2`` constant; z3 decides
    ``>= scale`` for every real ``a >= 0`` (so for all ``t`` of the residue, not only the smallest),
    with ``sqrt t``, ``sqrt c`` and ``2^(e - t/2)`` as variables constrained by their squares.  The proof
    uses ``scale = 1``; the tests check that ``scale = 8`` fails (the smallest ratio, at ``t = 12``, is
    about 4.4).
    """
    value = residue_value(8, residue, 9)
    position = delay_position(value)
    pp = ceiling(value / 4)
    dd, mm = pp, floor(pp / 2)
    half = ceiling(pp / 2)  # p - m
    exponent = dd + 2 * Min(dd, mm - 1)
    const = (exponent - value / 2).subs(a, 0)
    st, sc, g, u_, eps_ = sympy.symbols("sqrt_t sqrt_c g u epsilon", real=True)
    case = f"t = {value}"
    steps = [
        identity_step(f"{case}: the 1 sits at position k + 1 = {position}, index p = ceil((k+1)/2) = ceil(t/4) "
                      f"of the {'even' if position.subs(a, 0) % 2 == 0 else 'odd'} restriction",
                      ceiling(position / 2), pp),
        sign_step(f"{case}: m = floor(p/2) >= 1", mm - 1, "nonnegative"),
        sign_step(f"{case}: d + m <= floor(t/2)", floor(value / 2) - dd - mm, "nonnegative"),
        sign_step(f"{case}: 0 <= p - m", pp - mm, "nonnegative"),
        sign_step(f"{case}: p - m <= d", dd - (pp - mm), "nonnegative"),
        identity_step(f"{case}: p - m = c = ceil(p/2) = {sympy.simplify(half)}", pp - mm, half),
    ]
    if pp.subs(a, 0) % 2 == 0:  # p = 2 half: Lemma 10 at half
        steps.append(identity_step(f"{case}: p = 2c with c = {half}: Lemma 10 at c gives binomial(p, c) >= "
                                   "4^c/(2 sqrt c) = 2^p/(2 sqrt c)",
                                   4 ** half / (2 * sqrt(half)), 2 ** pp / (2 * sqrt(half))))
    else:  # p = 2 half - 1: binomial(2c-1, c) = binomial(2c, c)/2 and Lemma 10 at c
        steps += [
            identity_step(f"{case}: p = 2c - 1 with c = {half}: binomial(p, c) = binomial(2c, c)/2",
                          binomial(pp, half), binomial(2 * half, half) / 2,
                          simplifier=lambda e: sympy.simplify(combsimp(e))),
            identity_step(f"{case}: Lemma 10 at c: binomial(2c, c)/2 >= 4^c/(4 sqrt c) = 2^p/(2 sqrt c)",
                          4 ** half / (4 * sqrt(half)), 2 ** pp / (2 * sqrt(half))),
        ]
    steps += [
        identity_step(f"{case}: d + 2 min(d, m-1) - t/2 is the constant {const}",
                      sympy.simplify(exponent - value / 2), const),
        z3_step(f"{case}: with u = 2^(-d) |D| >= 1/(2 sqrt c) (d = p), 0 <= eps <= 1/(8 sqrt t) and g = 2^({const}): "
                f"the ratio term / bound = 32 g sqrt(t) (u - eps) is >= {scale} for every real a >= 0",
                sympy.Ge(32 * g * st * (u_ - eps_), scale),
                [sympy.Gt(st, 0), sympy.Eq(st ** 2, as_real(value)), sympy.Gt(sc, 0), sympy.Eq(sc ** 2, as_real(half)),
                 sympy.Gt(g, 0), sympy.Eq(g ** 2, 2 ** (2 * const)), sympy.Ge(2 * sc * u_, 1), sympy.Le(0, eps_),
                 sympy.Le(8 * st * eps_, 1)]),
    ]
    return steps


def cor1_corrected_steps() -> list[ProofStep]:
    """The corrected Theorem 2 with ``d = p = ceil(t/4)``, ``m = floor(p/2)``, ``sigma`` the parity of ``k+1``."""
    e = Symbol("e", real=True)
    u_, eps_ = sympy.symbols("u epsilon", real=True)
    tt = Symbol("t", positive=True)
    steps = list(thm2_corrected.prove().steps) + delay_difference_steps() + list(lemma10_steps(h))
    steps += [
        identity_step("the ratio term / bound: 2^e (u - eps) / (2^(t/2)/(32 sqrt t)) = 2^(e - t/2) 32 sqrt(t) (u - eps)",
                      2 ** e * (u_ - eps_) / (2 ** (tt / 2) / (32 * sqrt(tt))), 2 ** (e - tt / 2) * 32 * sqrt(tt) * (u_ - eps_)),
        sign_step("the bound 2^(t/2)/(32 sqrt t) is positive", COR1_BOUND, "positive"),
        *ratio_steps(),
    ]
    for residue in range(8):
        steps += cor1_corrected_case_steps(residue)
    return steps


# ---------------------------------------------------------------------------------------------
# Corollary 2.

def cor2_choice_steps() -> list[ProofStep]:
    """``m = floor(t/8)``, ``d = floor(t/4)``, ``t >= 8``: admissible, and ``d + 2 min(d, m) >= t/2 - 3``."""
    steps = []
    for residue in range(8):
        value = residue_value(8, residue, 8)
        dd, mm = floor(value / 4), floor(value / 8)
        case = f"t = {value}"
        steps += [
            sign_step(f"{case}: m = floor(t/8) >= 1", mm - 1, "nonnegative"),
            sign_step(f"{case}: d + m <= floor(t/2)", floor(value / 2) - dd - mm, "nonnegative"),
            *power_at_least_one_steps(f"{case}: 2^(d + 2 min(d, m) - (t/2 - 3)) >= 1, i.e. 2^(t/2-3) <= "
                                      "2^(d + 2 min(d, m)) (Eq. 9)", dd + 2 * Min(dd, mm) - (value / 2 - 3)),
        ]
    return steps


def cor2_binomial_steps() -> list[ProofStep]:
    """``binomial(floor(t/4), floor(t/8)) >= 2^floor(t/4) / sqrt(t)`` for ``t >= 8`` (``t = 8a' + r``).

    ``floor(t/4) = 2m`` (``r <= 3``): Lemma 10 at ``m``.  ``floor(t/4) = 2m + 1`` (``r >= 4``):
    ``binomial(2m+1, m) = binomial(2m+2, m+1)/2`` and Lemma 10 at ``m + 1``.
    """
    steps = list(lemma10_steps(h))
    for residue in range(8):
        value = residue_value(8, residue, 8)
        dd, mm = floor(value / 4), floor(value / 8)
        case = f"t = {value}"
        if residue <= 3:
            steps += [
                identity_step(f"{case}: d = 2m; Lemma 10 at m: binomial(d, m) >= 4^m/(2 sqrt m) = 2^d/(2 sqrt m)",
                              4 ** mm / (2 * sqrt(mm)), 2 ** dd / (2 * sqrt(mm))),
                sign_step(f"{case}: t >= 4m", value - 4 * mm, "nonnegative"),
            ]
        else:
            steps += [
                identity_step(f"{case}: d = 2m + 1: binomial(2m+1, m) = binomial(2m+2, m+1)/2",
                              binomial(dd, mm), binomial(2 * mm + 2, mm + 1) / 2,
                              simplifier=lambda e: sympy.simplify(combsimp(e))),
                identity_step(f"{case}: Lemma 10 at m + 1: binomial(2m+2, m+1)/2 >= 4^(m+1)/(4 sqrt(m+1)) "
                              "= 2^d/(2 sqrt(m+1))", 4 ** (mm + 1) / (4 * sqrt(mm + 1)), 2 ** dd / (2 * sqrt(mm + 1))),
                sign_step(f"{case}: t >= 4(m+1)", value - 4 * (mm + 1), "nonnegative"),
            ]
    steps.append(square_root_step("B >= P/(2 u) (P = 2^d, u = sqrt(m) or sqrt(m+1)) and 4 u^2 <= t = v^2 give "
                                  "B >= P/v = 2^d/sqrt t", 2))
    return steps


def cor2_density_steps() -> list[ProofStep]:
    """The binomial bound, and the failure probability it gives with the printed ``eps_0``."""
    dd = Symbol("d", integer=True, positive=True)
    eps0 = 2 ** dd * 2 * alpha * sqrt(p) / sqrt(t)
    return cor2_binomial_steps() + [
        premise_step(*F2_DENSITY_OF_SUM),
        reciprocal_step("max p_X <= 1/(2 alpha B) with B = binomial(d, m) >= L = 2^d/sqrt(t) > 0 gives "
                        "max p_X <= 1/(2 alpha L) = sqrt(t)/(2 alpha 2^d)"),
        premise_step(*F1_DENSITY_INTERVAL),
        identity_step("so max p_X <= 1/(2 alpha binomial(d, m)) <= sqrt(t)/(2 alpha 2^d), and with the printed "
                      "eps_0 = 2^d 2 alpha sqrt(p)/sqrt(t): "
                      "P(|D| <= eps_0) <= 2 eps_0 sqrt(t)/(2 alpha 2^d) = 2 sqrt(p)",
                      2 * eps0 * sqrt(t) / (2 * alpha * 2 ** dd), 2 * sqrt(p)),
    ]


def both_fail_steps() -> list[ProofStep]:
    """Two independent events of probability at most ``b = sqrt(p)`` both happen with probability at most ``p``."""
    b, s1, s2, w = sympy.symbols("b s_1 s_2 w", nonnegative=True)
    return [
        premise_step(*F3_INDEPENDENCE),
        sign_step("P_odd = b - s_1 and P_even = b - s_2 with 0 <= s_2 <= b (b = s_2 + w): "
                  "b^2 - P_odd P_even >= 0", b ** 2 - (b - s1) * (b - s2), "nonnegative", {b: s2 + w}),
        identity_step("b = sqrt(p): both restrictions fail with probability <= p", sqrt(p) ** 2, p),
    ]


def cor2_independence_steps() -> list[ProofStep]:
    """:func:`both_fail_steps`, what the density step's ``b = 2 sqrt(p)`` gives, and one ``sigma`` alone."""
    return both_fail_steps() + [
        identity_step("b = 2 sqrt(p) (what the density step gives): only <= 4p", (2 * sqrt(p)) ** 2, 4 * p),
        sign_step("one restriction alone gives 1 - sqrt(p) <= 1 - p: sqrt(p) - p >= 0 for p = 1/(1+u)^2 in (0, 1)",
                  sqrt(p) - p, "nonnegative", {p: 1 / (1 + x) ** 2}),
    ]


LAMBDA = Rational(6, 5)  # eps_0 = LAMBDA 2^d alpha sqrt(p/t) in ranmilo.cor2_corrected_proof


def cor2_corrected_case_steps(residue: int, factor=LAMBDA) -> list[ProofStep]:
    """One residue of ``t mod 8`` for ``ranmilo.cor2_corrected_proof``, with ``eps_0 = factor 2^d alpha sqrt(p/t)``.

    ``factor`` trades the failure probability (``factor 2 sqrt(c/t) <= 1``) against the margin
    (``2^(e - t/2 + 3) (factor - 1) >= 1``); both are decided by z3 for every real ``a >= 0``.  The
    tests check that 1 and 5/4 fail.  ``d + m = floor(t/2)`` holds by the definition of ``m``.
    """
    value = residue_value(8, residue, 8)
    dd = floor(value / 4)
    mm = floor(value / 2) - dd
    exponent = dd + 2 * Min(dd, mm - 1)
    half = ceiling(dd / 2)  # the c of binomial(d, floor(d/2)) >= 2^d/(2 sqrt c)
    margin = (exponent - value / 2 + 3).subs(a, 0)
    st, sc, sp, G, R, G0 = sympy.symbols("sqrt_t sqrt_c sqrt_p G R G_0", real=True)
    case = f"t = {value}"
    steps = [
        sign_step(f"{case}: m = floor(t/2) - floor(t/4) >= 1", mm - 1, "nonnegative"),
        sign_step(f"{case}: d = floor(t/4) >= 1", dd - 1, "nonnegative"),
    ]
    if residue <= 3:  # d = 2c: Lemma 10 at c
        steps.append(identity_step(f"{case}: d = 2c, c = {half}: Lemma 10 at c: binomial(d, c) >= 2^d/(2 sqrt c)",
                                   4 ** half / (2 * sqrt(half)), 2 ** dd / (2 * sqrt(half))))
    else:  # d = 2c - 1: binomial(2c-1, c-1) = binomial(2c, c)/2
        steps += [
            identity_step(f"{case}: d = 2c - 1, c = {half}: binomial(d, floor(d/2)) = binomial(2c, c)/2",
                          binomial(dd, floor(dd / 2)), binomial(2 * half, half) / 2,
                          simplifier=lambda e: sympy.simplify(combsimp(e))),
            identity_step(f"{case}: Lemma 10 at c: binomial(2c, c)/2 >= 4^c/(4 sqrt c) = 2^d/(2 sqrt c)",
                          4 ** half / (4 * sqrt(half)), 2 ** dd / (2 * sqrt(half))),
        ]
    steps += [
        z3_step(f"{case}: P(|D| <= eps_0) <= {factor} 2 sqrt(c) sqrt(p)/sqrt(t) <= sqrt(p) for every real a >= 0",
                sympy.Le(factor * 2 * sc * sp, sp * st),
                [sympy.Gt(st, 0), sympy.Eq(st ** 2, as_real(value)), sympy.Gt(sc, 0), sympy.Eq(sc ** 2, as_real(half)),
                 sympy.Gt(sp, 0)]),
        *power_at_least_one_steps(f"{case}: R = 2^(d + 2 min(d, m-1) - t/2 + 3 - ({margin})) >= 1",
                                  exponent - value / 2 + 3 - margin),
        z3_step(f"{case}: G = 2^(e - t/2 + 3) = R G_0 with R >= 1 and G_0 = 2^({margin}): G ({factor} - 1) >= 1",
                sympy.Ge(G * (factor - 1), 1),
                [sympy.Eq(G, R * G0), sympy.Ge(R, 1), sympy.Gt(G0, 0), sympy.Eq(G0 ** 2, 2 ** (2 * margin))]),
    ]
    return steps


def cor2_corrected_steps() -> list[ProofStep]:
    """The corrected Theorem 2 with ``d = floor(t/4)``, ``m = floor(t/2) - floor(t/4)`` and
    ``eps_0 = (6/5) 2^d alpha sqrt(p/t)``.

    Per residue of ``t mod 8`` (:func:`cor2_corrected_case_steps`); F1-F3 are named premises.
    """
    dd, c, e = Symbol("d", integer=True, positive=True), Symbol("c", positive=True), Symbol("e", real=True)
    eps0 = LAMBDA * 2 ** dd * alpha * sqrt(p / t)
    DD, E0, P_, eps_, Y_ = sympy.symbols("D E_0 P epsilon Y", real=True)
    steps = list(thm2_corrected.prove().steps) + list(lemma10_steps(h)) + [
        premise_step(*F2_DENSITY_OF_SUM),
        reciprocal_step("max p_X <= 1/(2 alpha B) with B = binomial(d, floor(d/2)) >= L = 2^d/(2 sqrt c) > 0 "
                        "(Lemma 10, per residue below) gives max p_X <= 1/(2 alpha L)"),
        premise_step(*F1_DENSITY_INTERVAL),
        identity_step("P(|D| <= eps_0) <= 2 eps_0 max p_X <= 2 eps_0 / (2 alpha 2^d/(2 sqrt c)) "
                      "= (6/5) 2 sqrt(c) sqrt(p)/sqrt(t)", 2 * eps0 / (2 * alpha * 2 ** dd / (2 * sqrt(c))),
                      LAMBDA * 2 * sqrt(c) * sqrt(p) / sqrt(t)),
        z3_step("off that event, |D| > E_0 = eps_0, and eps <= Y = alpha sqrt(p/t), P = 2^d > 0: "
                "|D|/P - eps > E_0/P - Y", sympy.Gt(Abs(DD) / P_ - eps_, E0 / P_ - Y_),
                [sympy.Gt(Abs(DD), E0), sympy.Le(eps_, Y_), sympy.Gt(P_, 0)]),
        identity_step("2^(-d) eps_0 - alpha sqrt(p/t) = (6/5 - 1) alpha sqrt(p/t)",
                      2 ** (-dd) * eps0 - alpha * sqrt(p / t), (LAMBDA - 1) * alpha * sqrt(p / t)),
        product_lower_bound_step("2^e >= 0 and 0 <= (6/5 - 1) alpha sqrt(p/t) <= 2^(-d) |D| - eps give "
                                 "2^e (6/5 - 1) alpha sqrt(p/t) <= the term"),
        identity_step("2^e (6/5 - 1) alpha sqrt(p/t) / (2^(t/2) alpha sqrt(p)/(8 sqrt t)) = 2^(e - t/2 + 3) (6/5 - 1)",
                      2 ** e * (LAMBDA - 1) * alpha * sqrt(p / t) / COR2_BOUND, 2 ** (e - t / 2 + 3) * (LAMBDA - 1)),
        sign_step("the bound 2^(t/2) alpha sqrt(p)/(8 sqrt t) is positive", COR2_BOUND, "positive"),
        *ratio_steps("2^e (6/5 - 1) alpha sqrt(p/t)"),
    ] + both_fail_steps()
    for residue in range(8):
        steps += cor2_corrected_case_steps(residue)
    return steps


# ---------------------------------------------------------------------------------------------
# Corollary 3.

def oscillation(index):
    """``phi(I)_index = Re(i^(index-1)) = cos(pi (index-1)/2)``: ``(1, 0, -1, 0, ...)``."""
    return cos(pi * (index - 1) / 2)


def printed_oscillation_difference(order, index):
    """Appendix D.6: ``(phi(I)|odd)^(d)_m = (-1)^(m+d-1) 2^d``."""
    return (-1) ** (index + order - 1) * 2 ** order


def cor3_differences_steps(closed=printed_oscillation_difference) -> list[ProofStep]:
    """``(phi|odd)_i = (-1)^(i-1)`` and its d-th difference at ``m`` is ``closed(d, m)`` (induction on d)."""
    steps = [identity_step(f"phi(I)_{index} = Re(i^{index - 1}) = cos(pi ({index}-1)/2)",
                           re(sympy.I ** (index - 1)), oscillation(index)) for index in range(1, 9)]
    steps.append(identity_step("(phi|odd)_i = phi(I)_(2i-1) = cos(pi (i-1)) = (-1)^(i-1)",
                               oscillation(2 * i - 1), (-1) ** (i - 1)))
    return steps + difference_induction_steps(lambda index: (-1) ** (index - 1), closed, "(phi|odd)_i = (-1)^(i-1)")


def cor3_choice_steps() -> list[ProofStep]:
    """``d = m = floor(t/4)`` for ``t >= 4``: ``d, m >= 1``, ``d + m <= floor(t/2)``, exponent ``3 floor(t/4)``."""
    steps = []
    for residue in range(4):
        value = residue_value(4, residue, 4)
        qq = floor(value / 4)
        case = f"t = {value}"
        steps += [
            sign_step(f"{case}: d = m = floor(t/4) >= 1", qq - 1, "nonnegative"),
            sign_step(f"{case}: d + m <= floor(t/2)", floor(value / 2) - 2 * qq, "nonnegative"),
            identity_step(f"{case}: d + 2 min(d, m) = 3 floor(t/4)", qq + 2 * Min(qq, qq), 3 * qq),
        ]
    return steps


def half_epsilon_step(exponent) -> ProofStep:
    """``2^e (1 - eps) >= 2^(e-1)`` for ``eps = 1/2 - slack <= 1/2``."""
    return sign_step("eps <= 1/2 (eps = 1/2 - slack): 2^e (1 - eps) - 2^(e-1) = 2^e slack >= 0",
                     2 ** exponent * (1 - epsilon) - 2 ** (exponent - 1), "nonnegative",
                     {epsilon: Rational(1, 2) - slack})


def cor3_final_steps() -> list[ProofStep]:
    """``2^(3 floor(t/4)) (1 - 1/2) >= 2^(3t/4 - 4)`` for every ``t >= 4``."""
    e = Symbol("e", real=True)
    steps = [half_epsilon_step(e), sign_step("the bound 2^(3t/4 - 4) is positive", COR3_BOUND, "positive")]
    for residue in range(4):
        value = residue_value(4, residue, 4)
        steps += power_at_least_one_steps(f"t = {value}: 2^(3 floor(t/4) - 1 - (3t/4 - 4)) >= 1",
                                          3 * floor(t / 4) - 1 - (3 * t / 4 - 4), {t: value})
    return steps + ratio_steps("2^(3 floor(t/4) - 1)")


def printed_cor3_m(length):
    """Appendix D.6's ``m = floor(t/4)``."""
    return floor(length / 4)


def corrected_cor3_m(length):
    """``m = floor(t/2) - floor(t/4)``: ``floor(t/4)``, plus 1 when ``t mod 4`` is 2 or 3."""
    return floor(length / 2) - floor(length / 4)


def cor3_corrected_case_steps(residue: int, choose_m=corrected_cor3_m) -> list[ProofStep]:
    """The corrected Theorem 2 at ``d = floor(t/4)``, ``m = choose_m(t)`` for ``t = 4 (1 + a) + residue``.

    With the printed ``m = floor(t/4)`` the last step fails for residues 2 and 3.
    """
    value = residue_value(4, residue, 4)
    dd, mm = floor(value / 4), choose_m(value)
    exponent = dd + 2 * Min(dd, mm - 1)
    case = f"t = {value}"
    return [
        sign_step(f"{case}: d = floor(t/4) >= 1", dd - 1, "nonnegative"),
        sign_step(f"{case}: m >= 1", mm - 1, "nonnegative"),
        sign_step(f"{case}: d + m <= floor(t/2)", floor(value / 2) - dd - mm, "nonnegative"),
        *power_at_least_one_steps(f"{case}: |D| = 2^d, and 2^e (1 - eps) >= 2^(e-1) >= 2^(3t/4 - 4): "
                                  "2^(e - 1 - (3t/4 - 4)) >= 1 with e = d + 2 min(d, m-1)",
                                  exponent - 1 - (3 * value / 4 - 4)),
    ]


def cor3_corrected_steps() -> list[ProofStep]:
    """The corrected Theorem 2 with ``d = floor(t/4)``, ``m = floor(t/2) - floor(t/4)`` (``t >= 4``);
    the first entry for ``t <= 3``."""
    e = Symbol("e", real=True)
    steps = list(thm2_corrected.prove().steps) + cor3_differences_steps() + [
        half_epsilon_step(e), sign_step("the bound 2^(3t/4 - 4) is positive", COR3_BOUND, "positive"),
        *ratio_steps("2^(e - 1)")]
    for residue in range(4):
        steps += cor3_corrected_case_steps(residue)
    y, eps_, NW, B_ = sympy.symbols("y epsilon nW B", real=True)
    steps += step1_steps() + state_sum_steps() + [
        z3_step("t <= 3, first entry (phi(I)_1 = 1): |1 - Y_1| <= eps <= 1/2 (step 1) gives |Y_1| >= 1/2",
                sympy.Ge(Abs(y), Rational(1, 2)), [sympy.Le(Abs(1 - y), eps_), sympy.Le(eps_, Rational(1, 2))]),
        z3_step("|Y_1| <= n_R W (state sum with G = 1), |Y_1| >= 1/2 and B <= 1/2 give n_R W >= B",
                sympy.Ge(NW, B_), [sympy.Le(Abs(y), NW), sympy.Ge(Abs(y), Rational(1, 2)), sympy.Le(B_, Rational(1, 2))]),
    ]
    for value in (1, 2, 3):
        steps.append(sign_step(f"t = {value}: the bound 2^(3t/4 - 4) <= 1/2",
                               Rational(1, 2) - COR3_BOUND.subs(t, value), "nonnegative"))
    return steps


# ---------------------------------------------------------------------------------------------
# Statements.


_LHS = n_R * W
#: The remark every corollary record carries about the hypotheses it inherits from Theorem 2.
INHERITED = ("Hypotheses inherited from Theorem 2 (ranmilo.thm2_corrected): every state j of the real SSM has A_jj, "
             "B_j, C_j real and |A_jj| <= 1 (STATE_HYPOTHESES).  The printed corollary says only 'real SSM'; the "
             "proof, through Lemma 9, uses |A_jj| <= 1, and the corrected Theorem 2 is false without it.")

cor1_choice = Statement(
    name="ranmilo.cor1.choice",
    source=SOURCE.format(1, 4),
    summary="Appendix D.4's choice: k = floor((t-1)/2), 'WLOG odd', d = (k+1)/2, m = floor((k+1)/4), sigma = even.  "
            "For odd k (t mod 8 in {0, 3, 4, 7}) and t >= 9: d, m are positive integers, d + m <= floor(t/2), the 1 "
            "of phi|even is inside the window, and 2^(k-1) <= 2^(d + 2 min(d, m)) (Eq. 8).  Symbolic t per residue.",
    symbols=(t,),
    hypotheses=(sympy.Ge(t, 9), sympy.Eq(Mod(floor((t - 1) / 2), 2), 1)),
    conclusion=sympy.Le(floor((t - 1) / 2) / 2 + Rational(1, 2) + floor((floor((t - 1) / 2) + 1) / 4), floor(t / 2)),
    prove=lambda: _proof("ranmilo.cor1.choice", cor1_choice_steps()),
    remarks=("'WLOG odd' is not without loss of generality: for even k (t mod 8 in {1, 2, 5, 6}) d = (k+1)/2 is "
             "not an integer, and the 1 of delta_k(I) (at position k + 1, odd) lies in the odd restriction, at "
             "index (k+2)/2.  The printed proof does not cover these t; the analogous choice sigma = odd, "
             "d = (k+2)/2 does (see ranmilo.cor1_corrected_proof, which covers every t >= 9).",
             "Eq. (8) writes 2^(k-1) for 2^(d + 2 min(d, m)) = 2^(d + 2m) in {2^k, 2^(k+1)}; replacing it by the "
             "smaller 2^(k-1) is valid because the bracket is positive (ranmilo.cor1.final)."),
)

cor1_single_term = Statement(
    name="ranmilo.cor1.single_term",
    source=SOURCE.format(1, 4),
    summary="The even restriction of delta_k(I) (k odd) has its only 1 at index (k+1)/2, and by Lemma 7 its d-th "
            "difference at the 1-based index m is (-1)^(d - ((k+1)/2 - m)) binomial(d, (k+1)/2 - m) when "
            "0 <= (k+1)/2 - m <= d; with d = (k+1)/2 this is +-binomial(d, m).  Symbolic k, d, m.",
    symbols=(k,),
    conclusion=sympy.Eq(Abs(Symbol("D")), binomial(Symbol("d"), Symbol("m"))),
    prove=lambda: _proof("ranmilo.cor1.single_term", cor1_single_term_steps()),
)

cor1_lemma11 = Statement(
    name="ranmilo.cor1.lemma11",
    source=SOURCE.format(1, 4),
    summary="Lemma 11 at N = d = (k+1)/2 (so floor(N/2) = m): |D| = binomial(d, m) >= 2^d/(4 sqrt(2d)) "
            ">= 2^d/(4 sqrt t), since 2d = k + 1 <= t.  Symbolic t.",
    symbols=(t,),
    conclusion=sympy.Ge(lemma11_bound(Symbol("d", integer=True, positive=True)),
                        2 ** Symbol("d", integer=True, positive=True) / (4 * sqrt(t))),
    prove=lambda: _proof("ranmilo.cor1.lemma11", cor1_lemma11_steps()),
)

cor1_final = Statement(
    name="ranmilo.cor1.final",
    source=SOURCE.format(1, 4),
    summary="With |D|/2^d >= 1/(4 sqrt t) and eps <= 1/(8 sqrt t) the bracket of Eq. (8) is >= 1/(8 sqrt t), and "
            "2^(k-1)/(8 sqrt t) = 2^k/(16 sqrt t) >= 2^(t/2)/(32 sqrt t) for k = floor((t-1)/2) (cases t even, "
            "where it is an equality, and t odd).  Symbolic t.",
    symbols=(t,),
    conclusion=sympy.Ge(2 ** floor((t - 1) / 2) / (16 * sqrt(t)), COR1_BOUND),
    prove=lambda: _proof("ranmilo.cor1.final", cor1_final_steps()),
)

cor1 = register(Statement(
    name="ranmilo.cor1",
    source=SOURCE.format(1, 4),
    summary="Let t >= 9, phi = delta_{floor((t-1)/2)} (the delay) and eps <= 1/(8 sqrt t).  If a real SSM "
            "eps-approximates phi up to time t, then n_R ||C^T . B||_inf >= 2^(t/2)/(32 sqrt t).",
    symbols=(t, epsilon, n_R, W),
    hypotheses=(sympy.Ge(t, 9), sympy.Le(epsilon, 1 / (8 * sqrt(t))), *STATE_HYPOTHESES),
    conclusion=sympy.Ge(_LHS, COR1_BOUND),
    bound=COR1_BOUND,
    steps=(cor1_choice, cor1_single_term, cor1_lemma11, cor1_final),
    remarks=(INHERITED,
             "No sympy proof as printed: the proof applies Theorem 2 as printed, which is refuted "
             "(ranmilo.thm2), and covers odd k = floor((t-1)/2) only.  Its steps are proved.",
             "Under the corrected Theorem 2 the printed choice gives min(d, m-1) = m - 1, i.e. the prefactor "
             "2^(d + 2m - 2): the printed chain of estimates then ends at 2^(t/2)/(128 sqrt t), a factor 4 short.  "
             "The loss is in the estimates, not in the choice: Lemma 11 undershoots binomial(d, floor(d/2)) by "
             "about 8/sqrt(pi) = 4.5.  The same choice (d = p = ceil(t/4), the index of the 1 in its restriction, "
             "m = floor(p/2); sigma = odd when k is even) with Lemma 10 in place of Lemma 11 proves the printed "
             "bound for every t >= 9, the term being at least 4.4 times the bound: ranmilo.cor1_corrected_proof "
             "(complete proof).",
             "Numerics certify the corollary at each t against the smallest ||w||_1 of any eps-approximation "
             "(verify check ranmilo.cor1)."),
))

cor1_corrected_proof = register(Statement(
    name="ranmilo.cor1_corrected_proof",
    source=SOURCE_CORRECTED.format(1),
    summary="Corollary 1 as printed follows from the corrected Theorem 2 for every t >= 9: with p = ceil(t/4) the "
            "index of the 1 of delta_k(I) in the restriction sigma of the parity of k + 1 = floor((t+1)/2), take "
            "d = p, m = floor(p/2); then |D| = binomial(p, ceil(p/2)) >= 2^p/(2 sqrt(ceil(p/2))) (Lemma 10) and "
            "2^(d + 2 min(d, m-1)) (2^(-d) |D| - 1/(8 sqrt t)) >= 2^(t/2)/(32 sqrt t).  Symbolic t per residue "
            "mod 8.",
    symbols=(t, epsilon, n_R, W),
    hypotheses=(sympy.Ge(t, 9), sympy.Le(epsilon, 1 / (8 * sqrt(t))), *STATE_HYPOTHESES),
    conclusion=sympy.Ge(_LHS, COR1_BOUND),
    bound=COR1_BOUND,
    prove=lambda: _proof("ranmilo.cor1_corrected_proof", cor1_corrected_steps()),
    remarks=(INHERITED,
             "The proof chains the proof of ranmilo.thm2_corrected, Lemma 7 for a single 1, Lemma 10 and one case "
             "per residue of t mod 8; in each case the term divided by the bound is 2^(e - t/2) 32 sqrt(t) "
             "(2^(-d) |D| - eps) with e - t/2 constant, and z3 decides that it is >= 1 for every real a >= 0 "
             "(t = 8 (a0 + a) + r), the monotonicity in t included (smallest ratio: t = 12, about 4.4).",),
))

cor2_choice = Statement(
    name="ranmilo.cor2.choice",
    source=SOURCE.format(2, 5),
    summary="Appendix D.5's choice m = floor(t/8), d = floor(t/4) (either sigma): for t >= 8, m >= 1, "
            "d + m <= floor(t/2), and 2^(t/2 - 3) <= 2^(d + 2 min(d, m)) (Eq. 9).  Symbolic t per residue mod 8.",
    symbols=(t,),
    hypotheses=(sympy.Ge(t, 8),),
    conclusion=sympy.Ge(floor(t / 4) + 2 * Min(floor(t / 4), floor(t / 8)), t / 2 - 3),
    prove=lambda: _proof("ranmilo.cor2.choice", cor2_choice_steps()),
    remarks=("Under the corrected Theorem 2 the prefactor is 2^(d + 2 min(d, m-1)) = 2^(d + 2m - 2), which is "
             ">= 2^(t/2 - 3) only when t mod 8 is 0, 1, 2 or 4.",),
)

cor2_density = Statement(
    name="ranmilo.cor2.density",
    source=SOURCE.format(2, 5),
    summary="Taking as known (F1) P(|X| <= e) <= 2 e sup p_X and (F2) the density of a sum of independent variables "
            "is at most that of any summand, here X_m = binomial(d, m) U(-alpha, alpha) with density "
            "1/(2 alpha binomial(d, m)): binomial(floor(t/4), floor(t/8)) >= 2^floor(t/4)/sqrt(t) for every "
            "t >= 8 (Lemma 10; proved per residue mod 8), so sup p_X <= sqrt(t)/(2 alpha 2^d), and with the "
            "printed eps_0 = 2^d 2 alpha sqrt(p)/sqrt(t): P(|D| <= eps_0) <= 2 sqrt(p).",
    symbols=(t, alpha, p),
    hypotheses=(sympy.Ge(t, 8),),
    conclusion=sympy.Ge(binomial(floor(t / 4), floor(t / 8)), 2 ** floor(t / 4) / sqrt(t)),
    prove=lambda: _proof("ranmilo.cor2.density", cor2_density_steps()),
    remarks=("The proof uses Lemma 10 in the middle step 1/(2 alpha binomial(d, m)) <= sqrt(m)/(alpha 2^d), which "
             "needs d = floor(t/4) = 2m, i.e. floor(t/4) even (t mod 8 in {0..3}).  For t mod 8 in {4..7}, "
             "d = 2m + 1 and the middle step fails for m <= 4 (binomial(2m+1, m) < 4^m/sqrt(m): 3 < 4, 10 < 11.3, "
             "35 < 36.9, 126 < 128), though the end of the chain, sup p_X <= sqrt(t)/(2 alpha 2^d), holds for every "
             "t >= 8 (proved here).",
             "The printed 'Overall, P <= eps_0 sqrt(t)/(2 alpha 2^floor(t/4))' drops the factor 2 of (F1): the "
             "chain gives eps_0 sqrt(t)/(alpha 2^d), i.e. 2 sqrt(p) with the printed eps_0, not the claimed "
             "sqrt(p).",
             "(F1) and (F2) are standard facts of probability, named premises of the proof (cited); the proof covers the "
             "binomial inequality and the arithmetic."),
)

cor2_independence = Statement(
    name="ranmilo.cor2.independence",
    source=SOURCE.format(2, 5),
    summary="The odd and even restrictions of R are independent (F3); Eq. (3) maximises over sigma, so the bound "
            "holds as soon as one sigma has |D_sigma| > eps_0.  If each fails with probability <= b, both fail "
            "with probability <= b^2: with the claimed b = sqrt(p) this is p, giving the printed 1 - p; with "
            "b = 2 sqrt(p) (what ranmilo.cor2.density gives) only 4p.",
    symbols=(p,),
    conclusion=sympy.Le(Symbol("P_odd") * Symbol("P_even"), Symbol("b") ** 2),
    prove=lambda: _proof("ranmilo.cor2.independence", cor2_independence_steps()),
    remarks=("The use of independence is sound: P(both fail) = P_odd P_even <= p, and one good sigma suffices.  "
             "One sigma alone would give only 1 - sqrt(p) <= 1 - p.  The gap is upstream: the per-sigma failure "
             "probability the printed density argument supports is 2 sqrt(p), so the printed proof (even granting "
             "Theorem 2 as printed) yields 1 - 4p.",
             "(F3) is a fact of probability (disjoint sets of independent entries), a named premise (cited)."),
)

cor2 = register(Statement(
    name="ranmilo.cor2",
    source=SOURCE.format(2, 5),
    summary="Let alpha > 0, R i.i.d. U[-alpha, alpha], phi(S) = S * R, t >= 8, p in (0, 1) and "
            "eps <= alpha sqrt(p/t).  With probability at least 1 - p over R: if a real SSM eps-approximates phi "
            "up to time t, then n_R ||C^T . B||_inf >= 2^(t/2) alpha sqrt(p)/(8 sqrt t).",
    symbols=(t, alpha, p, epsilon, n_R, W),
    hypotheses=(sympy.Ge(t, 8), sympy.StrictLessThan(p, 1), sympy.Le(epsilon, alpha * sqrt(p / t)),
                *STATE_HYPOTHESES),
    conclusion=sympy.Ge(_LHS, COR2_BOUND),
    bound=COR2_BOUND,
    steps=(cor2_choice, cor2_density, cor2_independence),
    remarks=(INHERITED,
             "No sympy proof as printed: it applies Theorem 2 as printed (refuted), its density step drops a factor "
             "2 (per-sigma failure probability 2 sqrt(p), not sqrt(p); so 1 - 4p overall), and it is "
             "probabilistic.",
             "Under the corrected Theorem 2 the printed choice (d, m) = (floor(t/4), floor(t/8)) gives the "
             "prefactor 2^(d + 2m - 2), a factor 4 below the printed one and >= 2^(t/2 - 3) only for t mod 8 in "
             "{0, 1, 2, 4}.  The printed statement follows from the corrected theorem with d = floor(t/4), "
             "m = floor(t/2) - floor(t/4), the summand j = floor(d/2) and eps_0 = (6/5) 2^d alpha sqrt(p/t): "
             "ranmilo.cor2_corrected_proof (arithmetic proved for every t >= 8 in sympy and z3; the facts F1-F3 of "
             "probability are named, cited premises).",
             "Numerics check it by Monte Carlo over seeded draws of R (verify check ranmilo.cor2)."),
))

cor2_corrected_proof = register(Statement(
    name="ranmilo.cor2_corrected_proof",
    source=SOURCE_CORRECTED.format(2),
    summary="Corollary 2 as printed follows from the corrected Theorem 2 for every t >= 8, given the facts of "
            "probability F1 (P(|X| <= e) <= 2 e sup p_X), F2 (a sum of independent variables has density at most "
            "that of any summand) and F3 (the odd and even entries of R are independent): take d = floor(t/4), "
            "m = floor(t/2) - floor(t/4), the summand j = floor(d/2) and eps_0 = (6/5) 2^d alpha sqrt(p/t).  Each "
            "sigma fails (|D_sigma| <= eps_0) with probability <= sqrt(p), both with probability <= p, and off that "
            "event the term is >= (6/5 - 1) 2^(d + 2 min(d, m-1)) alpha sqrt(p/t) >= 2^(t/2) alpha sqrt(p)/(8 sqrt t).",
    symbols=(t, alpha, p, epsilon, n_R, W),
    hypotheses=(sympy.Ge(t, 8), sympy.StrictLessThan(p, 1), sympy.Le(epsilon, alpha * sqrt(p / t)),
                *STATE_HYPOTHESES),
    conclusion=sympy.Ge(_LHS, COR2_BOUND),
    bound=COR2_BOUND,
    prove=lambda: _proof("ranmilo.cor2_corrected_proof", cor2_corrected_steps()),
    remarks=(INHERITED,
             "The proof covers the corrected Theorem 2, Lemma 10, the binomial bounds, the failure probability "
             "and the exponents per residue of t mod 8 (z3 for every real a >= 0; the worst case, t = 9, has "
             "2^2.5 (1/5) = 1.13 >= 1); F1-F3 are named premises (cited), listed with the verdict.",),
))

cor3_differences = Statement(
    name="ranmilo.cor3.differences",
    source=SOURCE.format(3, 6),
    summary="phi(I) = Re(i^(s-1)) = (1, 0, -1, 0, ...); its odd restriction is (-1)^(i-1), and the d-th forward "
            "difference at the 1-based index m is (-1)^(m+d-1) 2^d, for d + m <= ceil(t/2) (the entries exist).  "
            "Symbolic d, m (induction on d).",
    symbols=(i,),
    conclusion=sympy.Eq(sympy.Function("Delta")(Symbol("d"), Symbol("m")),
                        printed_oscillation_difference(Symbol("d"), Symbol("m"))),
    prove=lambda: _proof("ranmilo.cor3.differences", cor3_differences_steps()),
    remarks=("Delta(d, m) stands for (phi(I)|odd)^(d)_m.  It is the geometric difference x^(m-1) (x-1)^d at x = -1.",),
)

cor3_choice = Statement(
    name="ranmilo.cor3.choice",
    source=SOURCE.format(3, 6),
    summary="Appendix D.6's choice sigma = odd, d = m = floor(t/4): for t >= 4, d, m >= 1, d + m <= floor(t/2) and "
            "d + 2 min(d, m) = 3 floor(t/4).  Symbolic t per residue mod 4.",
    symbols=(t,),
    hypotheses=(sympy.Ge(t, 4),),
    conclusion=sympy.Le(2 * floor(t / 4), floor(t / 2)),
    prove=lambda: _proof("ranmilo.cor3.choice", cor3_choice_steps()),
    remarks=("For t < 4 the choice is empty (d = m = 0 is not in N, and no d, m >= 1 has d + m <= floor(t/2) <= 1): "
             "Theorem 2 says nothing and the printed proof does not cover t = 1, 2, 3.  The corollary still holds "
             "there, from the first entry alone (ranmilo.cor3_corrected_proof).",),
)

cor3_final = Statement(
    name="ranmilo.cor3.final",
    source=SOURCE.format(3, 6),
    summary="2^(3 floor(t/4)) (1 - eps) >= 2^(3 floor(t/4) - 1) >= 2^(3t/4 - 4) for eps <= 1/2 and t >= 4 "
            "(t = 4q + r, r in 0..3: 3q - 1 >= 3q + 3r/4 - 4).  Symbolic t per residue.",
    symbols=(t, epsilon),
    hypotheses=(sympy.Ge(t, 4), sympy.Le(epsilon, Rational(1, 2))),
    conclusion=sympy.Ge(2 ** (3 * floor(t / 4)) * (1 - epsilon), COR3_BOUND),
    prove=lambda: _proof("ranmilo.cor3.final", cor3_final_steps()),
)

cor3 = register(Statement(
    name="ranmilo.cor3",
    source=SOURCE.format(3, 6),
    summary="If phi(I) = (1, 0, -1, 0, 1, 0, -1, 0, ...) and eps <= 1/2, then every real SSM that eps-approximates "
            "phi up to time t has n_R ||C^T . B||_inf >= 2^(3t/4 - 4).",
    symbols=(t, epsilon, n_R, W),
    hypotheses=(sympy.Le(epsilon, Rational(1, 2)), *STATE_HYPOTHESES),
    conclusion=sympy.Ge(_LHS, COR3_BOUND),
    bound=COR3_BOUND,
    steps=(cor3_differences, cor3_choice, cor3_final),
    remarks=(INHERITED,
             "No sympy proof as printed: the proof applies Theorem 2 as printed (refuted) and covers t >= 4 only.",
             "Under the corrected Theorem 2 the printed choice d = m = floor(t/4) gives 2^(3 floor(t/4) - 3) "
             "(min(d, m-1) = m - 1), which is >= 2^(3t/4 - 4) only when t mod 4 is 0 or 1.  With m = "
             "floor(t/2) - floor(t/4) instead (m = d + 1 when t mod 4 is 2 or 3) the corrected theorem gives "
             "2^(3 floor(t/4) - 3) for t mod 4 in {0, 1} and 2^(3 floor(t/4) - 1) for t mod 4 in {2, 3}, both "
             ">= 2^(3t/4 - 4): ranmilo.cor3_corrected_proof (complete proof, every t >= 1).",
             "Numerics certify the corollary at each t (verify check ranmilo.cor3)."),
))

cor3_corrected_proof = register(Statement(
    name="ranmilo.cor3_corrected_proof",
    source=SOURCE_CORRECTED.format(3),
    summary="Corollary 3 as printed holds for every t >= 1.  For t >= 4 it follows from the corrected Theorem 2 with "
            "sigma = odd, d = floor(t/4), m = floor(t/2) - floor(t/4): |D| = 2^d and "
            "2^(d + 2 min(d, m-1)) (1 - eps) >= 2^(3t/4 - 4).  For t <= 3: |Y_1 - 1| <= eps <= 1/2 gives "
            "n_R ||C^T . B||_inf >= |Y_1| >= 1/2 >= 2^(3t/4 - 4).  Symbolic t per residue mod 4.",
    symbols=(t, epsilon, n_R, W),
    hypotheses=(sympy.Le(epsilon, Rational(1, 2)), *STATE_HYPOTHESES),
    conclusion=sympy.Ge(_LHS, COR3_BOUND),
    bound=COR3_BOUND,
    prove=lambda: _proof("ranmilo.cor3_corrected_proof", cor3_corrected_steps()),
    remarks=(INHERITED,
             "The proof chains the proof of ranmilo.thm2_corrected, the oscillation's differences, the four residue "
             "cases of t mod 4 (margins 2^(e - 1 - (3t/4 - 4)) = 2, 2^(1/4), 2^(3/2), 2^(3/4) at the smallest t), "
             "and for t <= 3 step 1 (entry bound), the triangle inequality and the state sum.",
             "The corrected term with this choice is exactly 2^(e) (1 - eps) with e = 3 floor(t/4) - 2 (t mod 4 in "
             "{0, 1}) or 3 floor(t/4) (t mod 4 in {2, 3})."),
))
