"""Proposition 3 of Ran-Milo et al. 2024 (Section 3.3.3; proof in Appendix D.7).

Proposition 3.  Let ``phi`` be LTI and ``t`` in N.  For any ``n_C >= t`` some assignment of a
complex SSM of dimension ``n_C`` matches ``phi`` up to time ``t`` with
(i) ``||B_C||_2 <= 2 ||phi(I)_{:t}||_2`` and (ii) ``||C_C^T||_2 <= 1``.

The construction (Appendix D.7), with ``n_C = t`` (further states get ``B_j = 0``), ``j = 1..t``::

    w     = exp(2 pi i / t),          alpha = 2^(-1/(t-1))   (t >= 2),
    A_jj  = alpha w^(j-1),            C_j   = t^(-1/2),
    B_j   = t^(-1/2) sum_{m=1}^t phit_m w^(-(j-1)(m-1)),     phit_m = phi_m / alpha^(m-1),

that is ``B = numpy.fft.fft(phit) / sqrt(t)``.  The proof has five steps, each a Statement:

* ``roots_of_unity``: ``sum_{j=0}^{t-1} exp(2 pi i j r / t)`` is ``t`` for ``r = 0`` and ``0`` for
  integers ``0 < |r| < t`` (symbolic ``t`` and ``r``);
* ``match``: ``sum_j C_j A_jj^(k-1) B_j = phi_k`` for ``k = 1..t`` -- exchange the sums over
  ``j`` and ``m``, combine the phases into ``exp(2 pi i (j-1) r / t)`` with ``r = k - m``, and
  apply ``roots_of_unity`` (symbolic ``t, k, m``); also expanded exactly for ``t = 1..6``;
* ``plancherel``: ``||B||_2 = ||phit||_2`` by the same orthogonality (symbolic ``t``; ``t = 1..5``);
* ``alpha``: ``alpha^(t-1) = 1/2`` and ``0 < alpha <= 1`` give ``|phit_k| <= 2 |phi_k|`` (z3, with
  induction on the powers of ``alpha``), hence ``||phit||_2 <= 2 ||phi_{:t}||_2``; ``||C||_2 = 1``;
* ``norms``: the bounds ``||B||_2 <= 2 ||phi_{:t}||_2`` and ``||C||_2 <= 1`` for every ``t >= 1`` (z3; for
  ``t = 1`` ``phit_1 = phi_1`` whatever ``alpha``).

What the steps rest on: sympy identities (sums carried out, exchanged with ``Sum.reorder`` and shifted
with ``Sum.change_index`` inside the simplifier, so that each step records what it computes), one sympy
set computation (``solveset`` of ``exp(2 pi i q) = 1``), and z3 for the integer ranges (``|r| < t``,
``r = 0`` iff ``m = k``), the Kronecker join and the inequalities.  No named premise.

The sign of the exponent in ``B`` is an argument of the proof functions (``NUMPY_SIGN = -1``), so
that the tests can check that ``B`` built with ``w^(+(j-1)(m-1))`` is not proved to match.
"""
from __future__ import annotations

import sympy
from sympy import (And, EmptySet, Eq, I, IndexedBase, Intersection, Interval, KroneckerDelta, Piecewise,
                   Rational, Sum, Symbol, Union, conjugate, exp, expand, expand_complex,
                   expand_power_base, pi, powsimp, solveset, sqrt)

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step, z3_step
from .lti import evaluate_sums, exchange_sums

SOURCE = "Proposition 3, Ran-Milo et al. 2024 (Section 3.3.3; proof in Appendix D.7)"

t = Symbol("t", integer=True, positive=True)
n_C = Symbol("n_C", integer=True, positive=True)
j, k, m, n, r = sympy.symbols("j k m n r", integer=True)
a, b, c = sympy.symbols("a b c", integer=True, nonnegative=True)
alpha = Symbol("alpha", positive=True)
phi = IndexedBase("phi", real=True)
phi_norm = Symbol("phi_norm", positive=True)       # ||phi(I)_{:t}||_2
B_norm = Symbol("B_norm", nonnegative=True)        # ||B_C||_2
C_norm = Symbol("C_norm", nonnegative=True)        # ||C_C^T||_2

NUMPY_SIGN = -1  # numpy.fft.fft(x)_j = sum_m x_m exp(-2 pi i j m / t) (0-based j, m)


def phi_tilde(index):
    """``phit_index = phi_index / alpha^(index-1)``."""
    return phi[index] / alpha ** (index - 1)


def state_entry(jj, size=t):
    """``A_jj = alpha exp(2 pi i (jj-1) / size)``."""
    return alpha * exp(2 * pi * I * (jj - 1) / size)


def output_entry(size=t):
    """``C_j = size^(-1/2)`` (the same for every state)."""
    return 1 / sqrt(size)


def input_term(jj, index, sign=NUMPY_SIGN, size=t):
    """The ``index``-th term of ``B_jj``: ``size^(-1/2) phit_index exp(sign 2 pi i (jj-1)(index-1) / size)``."""
    return phi_tilde(index) * exp(sign * 2 * pi * I * (jj - 1) * (index - 1) / size) / sqrt(size)


def input_entry(jj, sign=NUMPY_SIGN, index=m):
    """``B_jj = sum_{index=1}^t input_term(jj, index)`` for symbolic ``t``."""
    return Sum(input_term(jj, index, sign), (index, 1, t))


def roots_of_unity_sum(frequency):
    """``sum_{j=0}^{t-1} exp(2 pi i j frequency / t)``."""
    return Sum(exp(2 * pi * I * j * frequency / t), (j, 0, t - 1))


def exact_expand(expr):
    """Expand into real and imaginary parts with exact values of cos and sin at multiples of pi/t
    (unevaluated sums, products and powers are carried out first)."""
    return expand(expand_complex(expr.doit()))


# ---------------------------------------------------------------------------------------------
# Products of finite sums (for |B_j|^2 here, and for the square in loss.py, Appendix C).

def product_of_sums_steps(x, y, outer, inner, lower, upper):
    """Steps establishing ``(sum_outer x) * (sum_inner y) = sum_outer sum_inner x*y``.

    ``x`` depends on the index ``outer`` and ``y`` on ``inner``; both sums run from ``lower`` to
    ``upper``.  Two applications of distributivity, each reduced by sympy's ``simplify`` (which
    pulls factors that do not depend on a summation index out of the sum):
    ``x * sum_inner y = sum_inner x*y`` for every ``outer``, then
    ``sum_outer (x * sum_inner y) = (sum_outer x) * (sum_inner y)``.
    Returns the steps and the double sum.
    """
    inner_sum = Sum(y, (inner, lower, upper))
    distribute_inner = identity_step(
        f"x * sum_{inner} y = sum_{inner} x*y for every {outer} (distributivity)",
        x * inner_sum, Sum(x * y, (inner, lower, upper)))
    distribute_outer = identity_step(
        f"sum_{outer} (x * sum_{inner} y) = (sum_{outer} x) * (sum_{inner} y) (distributivity)",
        Sum(x * inner_sum, (outer, lower, upper)), Sum(x, (outer, lower, upper)) * inner_sum)
    double_sum = Sum(x * y, (inner, lower, upper), (outer, lower, upper))
    return [distribute_inner, distribute_outer], double_sum


# ---------------------------------------------------------------------------------------------
# Step 1: sums of roots of unity.

def roots_of_unity_steps() -> list[ProofStep]:
    """For integers ``t >= 1`` and ``r``: the sum is ``t`` when ``r = 0`` and ``0`` when ``0 < |r| < t``.

    With ``z = exp(2 pi i r / t)``: ``(1 - z) sum_j z^j = 1 - z^t`` and ``z^t = 1``, so the sum
    vanishes as soon as ``z != 1``; and ``z = 1`` needs ``r / t`` to be an integer, which
    ``0 < |r / t| < 1`` excludes.
    """
    z, q = sympy.symbols("z q")
    x_, y_, p_, w_ = sympy.symbols("x y p w", real=True)
    unit = exp(2 * pi * I * r / t)
    solutions = solveset(exp(2 * pi * I * q) - 1, q, sympy.S.Complexes)
    fractions = Union(Interval.open(-1, 0), Interval.open(0, 1))
    return [
        identity_step("(1 - z) sum_{j=0}^{t-1} z^j = 1 - z^t for every z (geometric series)",
                      (1 - z) * Sum(z ** j, (j, 0, t - 1)), 1 - z ** t, simplifier=evaluate_sums),
        identity_step("z = exp(2 pi i r/t) satisfies z^t = 1 for every integer r", sympy.Pow(unit, t, evaluate=False),
                      1),
        ProofStep(
            claim="exp(2 pi i q) = 1 only for integers q, and no integer q has 0 < |q| < 1; so z != 1 "
                  "when 0 < |r| < t (q = r/t), and then the sum is (1 - z^t)/(1 - z) = 0",
            expression=Intersection(solutions, fractions, evaluate=False),
            holds=Intersection(solutions, fractions) == EmptySet,
            method="solveset(exp(2*pi*I*q) - 1, q, Complexes) & ((-1, 0) | (0, 1)) == EmptySet", kind="sympy"),
        z3_step("(1 - z) S = 1 - z^t = 0 with z != 1 gives S = 0 (no zero divisors in C; z = x + i y, "
                "S = p + i w in real and imaginary parts)", And(Eq(p_, 0), Eq(w_, 0)),
                [Eq((1 - x_) * p_ + y_ * w_, 0), Eq((1 - x_) * w_ - y_ * p_, 0), sympy.Or(sympy.Ne(x_, 1), sympy.Ne(y_, 0))]),
        identity_step("r = 0: the sum is t", roots_of_unity_sum(0), t, simplifier=evaluate_sums),
        identity_step("cross-check: sympy evaluates the sum to t if exp(2 pi i r/t) = 1 and to 0 otherwise",
                      roots_of_unity_sum(r), Piecewise((t, Eq(unit, 1)), (0, True)), simplifier=evaluate_sums),
    ]


# ---------------------------------------------------------------------------------------------
# Steps 2 and 3: orthogonality of the discrete Fourier basis.

def phase_frequency(expr, jj):
    """The ``r`` for which the ``jj``-dependent phase of ``expr`` is ``exp(2 pi i (jj-1) r / t)``."""
    combined = powsimp(expand_power_base(expr), combine="exp")
    (phase,) = [factor for factor in combined.atoms(exp) if factor.has(jj)]
    return sympy.factor(phase.args[0] * t / (2 * pi * I * (jj - 1)))


def orthogonality_steps(frequency, free, summed, weight, target) -> list[ProofStep]:
    """Steps proving ``(1/t) sum_{summed=1}^t weight sum_{j=1}^t exp(2 pi i (j-1) frequency / t) = target``.

    ``free`` and ``summed`` are integers in ``1..t``; ``frequency`` is an integer expression in them
    and ``weight`` may depend on both.  The steps: the inner sum is the roots-of-unity sum; the
    frequency satisfies ``|frequency| < t``; it vanishes exactly when ``summed = free``; so by
    ``roots_of_unity`` the inner sum is ``t KroneckerDelta(frequency, 0)``, and summing over
    ``summed`` leaves ``weight`` at ``summed = free``, which must equal ``target``.
    """
    steps = [identity_step(
        f"sum_{{j=1}}^t exp(2 pi i (j-1) r/t) is the roots-of-unity sum with r = {frequency} (shift j -> j - 1)",
        Sum(exp(2 * pi * I * (j - 1) * frequency / t), (j, 1, t)), roots_of_unity_sum(frequency),
        simplifier=shifted_sums)]
    in_hypotheses = [free >= 1, free <= t, summed >= 1, summed <= t]
    steps.append(z3_step(f"r < t and -t < r for r = {frequency}, {free} and {summed} in 1..t (integers)",
                         And(frequency < t, -t < frequency), in_hypotheses))
    steps.append(z3_step(f"r = {frequency} vanishes exactly when {summed} = {free} ({free}, {summed} in 1..t)",
                         And(sympy.Implies(Eq(frequency, 0), Eq(summed, free)),
                             sympy.Implies(Eq(summed, free), Eq(frequency, 0))), in_hypotheses))
    steps.append(kronecker_step(frequency))
    collapsed = Sum(weight * KroneckerDelta(frequency, 0), (summed, 1, t))
    in_range = {free: 1 + a, t: 1 + a + c}
    steps.append(identity_step(
        f"(1/t) sum_{{{summed}=1}}^t weight * t KroneckerDelta(r, 0) = {target} for 1 <= {free} <= t "
        f"(written {free} = 1 + a, t = 1 + a + c)",
        collapsed.subs(in_range, simultaneous=True), target.subs(in_range, simultaneous=True),
        simplifier=evaluate_sums))
    return steps


def kronecker_step(frequency) -> ProofStep:
    """The inner sum is ``t KroneckerDelta(r, 0)`` for integers ``|r| < t``: ``roots_of_unity``'s two cases
    (``t`` at ``r = 0``, ``0`` at ``0 < |r| < t``) joined by z3."""
    value, delta = sympy.symbols("S_r delta_r", real=True)
    return z3_step(f"by roots_of_unity the inner sum S_r at r = {frequency} (|r| < t) is t if r = 0 and 0 if "
                   f"0 < |r| < t; with delta_r = KroneckerDelta(r, 0) (1 at r = 0, 0 otherwise) S_r = t delta_r",
                   Eq(value, t * delta),
                   [sympy.Abs(frequency) < t, sympy.Implies(Eq(frequency, 0), And(Eq(value, t), Eq(delta, 1))),
                    sympy.Implies(And(sympy.Ne(frequency, 0), sympy.Abs(frequency) < t), Eq(value, 0)),
                    sympy.Implies(sympy.Ne(frequency, 0), Eq(delta, 0))])


def shifted_sums(expr):
    """Simplifier: shift every single sum starting at 1 to start at 0 (sympy's ``Sum.change_index``, j -> j - 1),
    then simplify."""
    def shift(single):
        (var, lower, _), = single.limits
        return single.change_index(var, var - 1) if lower == 1 else single
    return sympy.simplify(expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1, shift))


def match_steps(sign=NUMPY_SIGN) -> list[ProofStep]:
    """``sum_{j=1}^t C_j A_jj^(k-1) B_j = phi_k`` for symbolic ``t`` and ``1 <= k <= t``."""
    term = output_entry() * state_entry(j) ** (k - 1) * input_term(j, m, sign)
    frequency = phase_frequency(term, j)
    rewritten = alpha ** (k - 1) / t * phi_tilde(m) * exp(2 * pi * I * (j - 1) * frequency / t)
    steps = [
        identity_step("C_j A_jj^(k-1) B_j = sum_{m=1}^t C_j A_jj^(k-1) (m-th term of B_j) (distributivity)",
                      output_entry() * state_entry(j) ** (k - 1) * input_entry(j, sign), Sum(term, (m, 1, t))),
        identity_step(
            f"the (j, m) term is (alpha^(k-1)/t) phit_m exp(2 pi i (j-1) r/t) with r = {frequency}",
            term, rewritten),
        identity_step("the finite sums over j and m are exchanged: sum_j sum_m = sum_m sum_j (Sum.reorder)",
                      Sum(rewritten, (m, 1, t), (j, 1, t)), Sum(rewritten, (j, 1, t), (m, 1, t)),
                      simplifier=exchange_sums),
    ]
    return steps + orthogonality_steps(frequency, free=k, summed=m,
                                       weight=alpha ** (k - 1) * phi_tilde(m), target=phi[k])


def _explicit_inputs(sign, size) -> list:
    """``B_1..B_size`` as unevaluated sums of their terms (the identities below carry out the arithmetic)."""
    return [sympy.Add(*(input_term(jj, index, sign, size) for index in range(1, size + 1)), evaluate=False)
            for jj in range(1, size + 1)]


def match_explicit_steps(sign=NUMPY_SIGN, sizes=range(1, 7)) -> list[ProofStep]:
    """The match expanded exactly for each ``t`` in ``sizes``, symbolic ``phi_1..phi_t`` and ``alpha``."""
    steps = []
    for size in sizes:
        inputs = _explicit_inputs(sign, size)
        for time_k in range(1, size + 1):
            response = sympy.Add(*(sympy.Mul(output_entry(size), sympy.Pow(state_entry(jj, size), time_k - 1,
                                                                             evaluate=False),
                                              inputs[jj - 1], evaluate=False) for jj in range(1, size + 1)),
                                 evaluate=False)
            steps.append(identity_step(f"t = {size}, k = {time_k}: sum_j C_j A_jj^(k-1) B_j = phi_k",
                                       response, phi[time_k], simplifier=exact_expand))
    return steps


def plancherel_steps(sign=NUMPY_SIGN) -> list[ProofStep]:
    """``||B||_2^2 = sum_j B_j conj(B_j) = sum_n phit_n^2`` for symbolic ``t``."""
    x, y = input_term(j, m, sign), conjugate(input_term(j, n, sign))
    steps = [identity_step("conj(B_j) = sum_n conj(n-th term of B_j) (phit is real)",
                           conjugate(input_entry(j, sign, index=n), evaluate=False), Sum(y, (n, 1, t)),
                           simplifier=evaluate_sums)]
    product_steps, _ = product_of_sums_steps(x, y, m, n, 1, t)
    steps += product_steps
    frequency = phase_frequency(x * y, j)
    rewritten = phi_tilde(m) * phi_tilde(n) * exp(2 * pi * I * (j - 1) * frequency / t) / t
    steps.append(identity_step(
        f"the (j, m, n) term of |B_j|^2 is (1/t) phit_m phit_n exp(2 pi i (j-1) r/t) with r = {frequency}",
        x * y, rewritten))
    steps.append(identity_step(
        "the finite sums are exchanged so that j is summed first: sum_j sum_m = sum_m sum_j (Sum.reorder)",
        Sum(rewritten, (m, 1, t), (j, 1, t)), Sum(rewritten, (j, 1, t), (m, 1, t)), simplifier=exchange_sums))
    return steps + orthogonality_steps(frequency, free=n, summed=m,
                                       weight=phi_tilde(m) * phi_tilde(n), target=phi_tilde(n) ** 2)


def plancherel_explicit_steps(sign=NUMPY_SIGN, sizes=range(1, 6)) -> list[ProofStep]:
    """``sum_j |B_j|^2 = sum_m phit_m^2`` expanded exactly for each ``t`` in ``sizes``."""
    steps = []
    for size in sizes:
        inputs = _explicit_inputs(sign, size)
        steps.append(identity_step(
            f"t = {size}: sum_j |B_j|^2 = sum_m phit_m^2",
            sympy.Add(*(sympy.Mul(entry, conjugate(entry, evaluate=False), evaluate=False) for entry in inputs),
                      evaluate=False),
            sum(phi_tilde(index) ** 2 for index in range(1, size + 1)), simplifier=exact_expand))
    return steps


# ---------------------------------------------------------------------------------------------
# Step 4: the choice of alpha, and ||C||_2.

ALPHA = 2 ** (-1 / (t - 1))  # Appendix D.7's alpha = (1/2)^(1/(t-1)), for t >= 2


def alpha_steps() -> list[ProofStep]:
    """``alpha^(t-1) = 1/2``, ``0 < alpha <= 1``, ``|phit_k| <= 2 |phi_k|`` for ``k <= t``, hence
    ``sum_k phit_k^2 <= 4 sum_k phi_k^2``; ``||C||_2^2 = 1``.  For ``t >= 2``."""
    from .learnability import linear_sums, nonnegative_sum_step   # noqa: PLC0415  (registered after this module)
    power, rest, value = sympy.symbols("P Q x", real=True)         # alpha^(k-1), alpha^(t-k), phi_k
    return [
        identity_step("alpha^(t-1) = 1/2 for alpha = 2^(-1/(t-1))", sympy.Pow(ALPHA, t - 1, evaluate=False),
                      Rational(1, 2)),
        sign_step("alpha = 2^(-1/(t-1)) > 0", ALPHA, "positive", {t: 2 + a}),
        z3_step("induction on s: alpha >= 1 and alpha^s >= 1 give alpha^(s+1) = alpha alpha^s >= 1 (alpha^0 = 1)",
                alpha * power >= 1, [alpha >= 1, power >= 1]),
        z3_step("so alpha > 1 would give alpha^(t-1) >= 1, against alpha^(t-1) = 1/2: alpha <= 1",
                alpha <= 1, [sympy.Implies(alpha > 1, rest >= 1), Eq(rest, Rational(1, 2))]),
        z3_step("induction on s: 0 < alpha <= 1 and 0 < alpha^s <= 1 give 0 < alpha^(s+1) <= 1 (alpha^0 = 1)",
                And(alpha * power > 0, alpha * power <= 1), [alpha > 0, alpha <= 1, power > 0, power <= 1]),
        z3_step("k <= t: P = alpha^(k-1) > 0 and Q = alpha^(t-k) in (0, 1] with P Q = alpha^(t-1) = 1/2 (sympy's "
                "canonical alpha^(k-1) alpha^(t-k)) give phit_k^2 = (phi_k / P)^2 <= 4 phi_k^2, i.e. "
                "|phit_k| <= 2 |phi_k|",
                (value / power) ** 2 <= 4 * value ** 2,
                [power > 0, rest > 0, rest <= 1, Eq(power * rest, Rational(1, 2))]),
        identity_step("sum_k (4 phi_k^2 - phit_k^2) = 4 sum_k phi_k^2 - sum_k phit_k^2 (linearity)",
                      Sum(4 * phi[m] ** 2 - phi_tilde(m) ** 2, (m, 1, t)),
                      4 * Sum(phi[m] ** 2, (m, 1, t)) - Sum(phi_tilde(m) ** 2, (m, 1, t)), simplifier=linear_sums),
        nonnegative_sum_step("the terms 4 phi_k^2 - phit_k^2", 1, t),
        identity_step("||C||_2^2 = sum_{j=1}^t (t^(-1/2))^2 = 1", Sum(output_entry() ** 2, (j, 1, t)), 1,
                      simplifier=evaluate_sums),
    ]


def norms_steps() -> list[ProofStep]:
    """``||B||_2 <= 2 ||phi_{:t}||_2`` and ``||C||_2 <= 1`` from Plancherel, ``alpha`` (t >= 2) and t = 1."""
    B2, P2, F2 = sympy.symbols("B_2 P_2 F_2", nonnegative=True)   # ||B||^2, ||phit||^2, ||phi||^2
    phi1 = Symbol("phi_1", real=True)
    return [
        identity_step("t = 1: phit_1 = phi_1 / alpha^0 = phi_1 for every alpha, and ||B||_2^2 = phit_1^2 "
                      "(plancherel)", sympy.Subs(phi_tilde(m), m, 1), phi[1], simplifier=evaluate_sums),
        z3_step("t = 1: phi_1^2 <= 4 phi_1^2", phi1 ** 2 <= 4 * phi1 ** 2),
        z3_step("||B||_2^2 = ||phit||_2^2 (plancherel) <= 4 ||phi_(:t)||_2^2 (alpha for t >= 2; t = 1 above) and "
                "||C||_2^2 = 1 give ||B||_2 <= 2 ||phi_(:t)||_2 and ||C||_2 <= 1",
                And(B_norm <= 2 * phi_norm, C_norm <= 1),
                [Eq(B_norm ** 2, B2), Eq(B2, P2), P2 <= 4 * F2, Eq(phi_norm ** 2, F2), Eq(C_norm ** 2, 1)]),
    ]


# ---------------------------------------------------------------------------------------------
# Statements.

def _prove(name, *step_lists) -> Proof:
    return Proof(statement=name, steps=tuple(step for steps in step_lists for step in steps))


def _prove_roots_of_unity() -> Proof:
    return _prove("ranmilo.prop3.roots_of_unity", roots_of_unity_steps())


def _prove_match() -> Proof:
    return _prove("ranmilo.prop3.match", match_steps(), match_explicit_steps())


def _prove_plancherel() -> Proof:
    return _prove("ranmilo.prop3.plancherel", plancherel_steps(), plancherel_explicit_steps())


def _prove_alpha() -> Proof:
    return _prove("ranmilo.prop3.alpha", alpha_steps())


def _prove_norms() -> Proof:
    return _prove("ranmilo.prop3.norms", norms_steps())


def _prove_prop3() -> Proof:
    parts = (_prove_roots_of_unity, _prove_match, _prove_plancherel, _prove_alpha, _prove_norms)
    return _prove("ranmilo.prop3", *(part().steps for part in parts))


_response = Sum(output_entry() * state_entry(j) ** (k - 1) * input_entry(j), (j, 1, t))
_norm_B_squared = Sum(input_entry(j) * conjugate(input_entry(j)), (j, 1, t))
_norm_phit_squared = Sum(phi_tilde(m) ** 2, (m, 1, t))

roots_of_unity = Statement(
    name="ranmilo.prop3.roots_of_unity",
    source="Proposition 3, Ran-Milo et al. 2024 (Appendix D.7, inverse DFT)",
    summary="For integers t >= 1 and r: sum_{j=0}^{t-1} exp(2 pi i j r/t) = t if r = 0, and = 0 if "
            "0 < |r| < t (symbolic t and r).",
    symbols=(t, r, j),
    hypotheses=(sympy.StrictLessThan(sympy.Abs(r), t),),
    conclusion=Eq(roots_of_unity_sum(r), t * KroneckerDelta(r, 0)),
    prove=_prove_roots_of_unity,
)

match = Statement(
    name="ranmilo.prop3.match",
    source="Proposition 3, Ran-Milo et al. 2024 (Appendix D.7, steps 2-3)",
    summary="With A_jj = alpha w^(j-1), w = exp(2 pi i/t), C_j = t^(-1/2) and B = fft(phit)/sqrt(t), "
            "sum_j C_j A_jj^(k-1) B_j = phi_k for every k in 1..t, so its real part is phi_k "
            "(symbolic t, k, m via roots_of_unity; also expanded exactly for t = 1..6).",
    symbols=(t, k, alpha),
    hypotheses=(sympy.Ge(t - k, 0),),
    conclusion=Eq(_response, phi[k]),
    prove=_prove_match,
)

plancherel = Statement(
    name="ranmilo.prop3.plancherel",
    source="Proposition 3, Ran-Milo et al. 2024 (Appendix D.7, step 4)",
    summary="For B = fft(phit)/sqrt(t): ||B||_2 = ||phit||_2 (symbolic t via roots_of_unity; also "
            "expanded exactly for t = 1..5).",
    symbols=(t, alpha),
    conclusion=Eq(_norm_B_squared, _norm_phit_squared),
    prove=_prove_plancherel,
)

alpha_choice = Statement(
    name="ranmilo.prop3.alpha",
    source="Proposition 3, Ran-Milo et al. 2024 (Appendix D.7, step 4)",
    summary="For t >= 2 and alpha = 2^(-1/(t-1)): alpha^(t-1) = 1/2, hence ||phit||_2 <= "
            "||phi(I)_{:t}||_2 / alpha^(t-1) = 2 ||phi(I)_{:t}||_2 (termwise |phit_k| <= 2 |phi_k|, by induction on "
            "powers of 0 < alpha <= 1); and ||C||_2^2 = t (1/t) = 1.",
    symbols=(t, k, alpha),
    hypotheses=(Eq(alpha, ALPHA), sympy.Ge(t, 2), sympy.Ge(t - k, 0)),
    conclusion=sympy.And(Eq(alpha ** (t - 1), Rational(1, 2)),
                         sympy.Le(sympy.Abs(phi_tilde(k)), 2 * sympy.Abs(phi[k])),
                         Eq(Sum(output_entry() ** 2, (j, 1, t)), 1, evaluate=False)),
    prove=_prove_alpha,
)

norms = Statement(
    name="ranmilo.prop3.norms",
    source="Proposition 3, Ran-Milo et al. 2024 (Appendix D.7, step 4)",
    summary="||B_C||_2 <= 2 ||phi(I)_{:t}||_2 and ||C_C^T||_2 <= 1 for every t >= 1: plancherel and alpha (t >= 2), "
            "and for t = 1 phit_1 = phi_1 whatever alpha.",
    symbols=(t, phi_norm, B_norm, C_norm),
    conclusion=sympy.And(sympy.Le(B_norm, 2 * phi_norm), sympy.Le(C_norm, 1)),
    prove=_prove_norms,
)

prop3 = register(Statement(
    name="ranmilo.prop3",
    source=SOURCE,
    summary="For every LTI phi, every t in N and every n_C >= t there is an assignment (A_C, B_C, C_C) "
            "of a complex SSM of dimension n_C (with n_C = t; further states get B_j = 0) that matches "
            "phi up to time t, i.e. Re(sum_j C_j A_jj^(k-1) B_j) = phi(I)_k for k = 1..t, with "
            "B_norm = ||B_C||_2 <= 2 phi_norm, phi_norm = ||phi(I)_{:t}||_2, and C_norm = ||C_C^T||_2 <= 1; "
            "the assignment is A_jj = alpha exp(2 pi i (j-1)/t), C_j = t^(-1/2), "
            "B = fft(phi(I)_k / alpha^(k-1))/sqrt(t), alpha = 2^(-1/(t-1)).",
    symbols=(t, n_C, phi_norm, B_norm, C_norm),
    hypotheses=(sympy.Ge(n_C, t),),
    conclusion=sympy.And(sympy.Le(B_norm, 2 * phi_norm), sympy.Le(C_norm, 1)),
    bound=2 * phi_norm,
    steps=(roots_of_unity, match, plancherel, alpha_choice, norms),
    prove=_prove_prop3,
    remarks=("The paper writes the DFT of phit as a + bi and sets B = (a - ib)/sqrt(t), following its "
             "own DFT sign convention; numpy's fft (exponent -2 pi i j m/t) gives the same B directly, "
             "B = fft(phit)/sqrt(t).  With the opposite sign, w^(+(j-1)(m-1)), the sum does not match "
             "phi for t >= 3.",
             "The sum sum_j C_j A_jj^(k-1) B_j is real (it equals phi_k), so the Re of the SSM output "
             "plays no role in the match.",
             "alpha = 2^(-1/(t-1)) is undefined for t = 1; there any alpha in (0, 1) works, since "
             "phit_1 = phi_1 and ||B||_2 = |phi_1| <= 2 phi_norm.",
             "Appendix D.7 states the target as ||B||_2 = 2||phi(I)_{:t}||_2 and ||C^T||_2 = 1; its "
             "argument gives ||B||_2 <= 2||phi(I)_{:t}||_2 (an inequality), which is what the "
             "proposition asserts."),
))
