"""Proposition 3 of Ran-Milo et al. 2024 (Section 3.3.3; proof in Appendix D.7).

Proposition 3.  Let ``phi`` be LTI and ``t`` in N.  For any ``n_C >= t`` some assignment of a
complex SSM of dimension ``n_C`` matches ``phi`` up to time ``t`` with
(i) ``||B_C||_2 <= 2 ||phi(I)_{:t}||_2`` and (ii) ``||C_C^T||_2 <= 1``.

The construction (Appendix D.7), with ``n_C = t`` (further states get ``B_j = 0``), ``j = 1..t``::

    w     = exp(2 pi i / t),          alpha = 2^(-1/(t-1))   (t >= 2),
    A_jj  = alpha w^(j-1),            C_j   = t^(-1/2),
    B_j   = t^(-1/2) sum_{m=1}^t phit_m w^(-(j-1)(m-1)),     phit_m = phi_m / alpha^(m-1),

that is ``B = numpy.fft.fft(phit) / sqrt(t)``.  The proof has four steps, each a Statement:

* ``roots_of_unity``: ``sum_{j=0}^{t-1} exp(2 pi i j r / t)`` is ``t`` for ``r = 0`` and ``0`` for
  integers ``0 < |r| < t`` (symbolic ``t`` and ``r``);
* ``match``: ``sum_j C_j A_jj^(k-1) B_j = phi_k`` for ``k = 1..t`` -- exchange the sums over
  ``j`` and ``m``, combine the phases into ``exp(2 pi i (j-1) r / t)`` with ``r = k - m``, and
  apply ``roots_of_unity`` (symbolic ``t, k, m``); also expanded exactly for ``t = 1..6``;
* ``plancherel``: ``||B||_2 = ||phit||_2`` by the same orthogonality (symbolic ``t``; ``t = 1..5``);
* ``alpha``: ``alpha^(t-1) = 1/2`` gives ``||phit||_2 <= 2 ||phi_{:t}||_2``; ``||C||_2 = 1``.

The sign of the exponent in ``B`` is an argument of the proof functions (``NUMPY_SIGN = -1``), so
that the tests can check that ``B`` built with ``w^(+(j-1)(m-1))`` is not proved to match.
"""
from __future__ import annotations

import sympy
from sympy import (EmptySet, Eq, I, IndexedBase, Intersection, Interval, KroneckerDelta, Piecewise,
                   Rational, Sum, Symbol, Union, conjugate, exp, expand, expand_complex,
                   expand_power_base, pi, powsimp, solve, solveset, sqrt)

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step

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
    """Expand into real and imaginary parts with exact values of cos and sin at multiples of pi/t."""
    return expand(expand_complex(expr))


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
    unit = exp(2 * pi * I * r / t)
    solutions = solveset(exp(2 * pi * I * q) - 1, q, sympy.S.Complexes)
    fractions = Union(Interval.open(-1, 0), Interval.open(0, 1))
    return [
        identity_step("(1 - z) sum_{j=0}^{t-1} z^j = 1 - z^t for every z (geometric series)",
                      (1 - z) * Sum(z ** j, (j, 0, t - 1)).doit(), 1 - z ** t),
        identity_step("z = exp(2 pi i r/t) satisfies z^t = 1 for every integer r", unit ** t, 1),
        ProofStep(
            claim="exp(2 pi i q) = 1 only for integers q, and no integer q has 0 < |q| < 1; so z != 1 "
                  "when 0 < |r| < t (q = r/t), and then the sum is (1 - z^t)/(1 - z) = 0",
            expression=Intersection(solutions, fractions, evaluate=False),
            holds=Intersection(solutions, fractions) == EmptySet,
            method="solveset(exp(2*pi*I*q) - 1, q, Complexes) & ((-1, 0) | (0, 1)) == EmptySet"),
        identity_step("r = 0: the sum is t", roots_of_unity_sum(0).doit(), t),
        identity_step("cross-check: sympy evaluates the sum to t if exp(2 pi i r/t) = 1 and to 0 otherwise",
                      roots_of_unity_sum(r).doit(), Piecewise((t, Eq(unit, 1)), (0, True))),
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
    shifted = Sum(exp(2 * pi * I * (j - 1) * frequency / t), (j, 1, t)).change_index(j, j - 1)
    steps = [identity_step(
        f"sum_{{j=1}}^t exp(2 pi i (j-1) r/t) is the roots-of-unity sum with r = {frequency} (shift j -> j - 1)",
        shifted, roots_of_unity_sum(frequency))]

    # |frequency| < t.  Each inequality is settled under one of the hypotheses free <= t or
    # summed <= t, written with non-negative integers a, b, c.
    bounds = ({free: 1 + a, summed: 1 + b, t: 1 + a + c}, {free: 1 + a, summed: 1 + b, t: 1 + b + c})
    for margin, text in ((t - frequency, "r < t"), (t + frequency, "-t < r")):
        steps.append(ProofStep(
            claim=f"{text} for r = {frequency}, {free} and {summed} in 1..t",
            expression=sympy.StrictGreaterThan(margin, 0),
            holds=any(sympy.expand(margin.subs(bound, simultaneous=True)).is_positive for bound in bounds),
            method=f"is_positive after {free} = 1 + a, {summed} = 1 + b, t = {free} + c or t = {summed} + c"))

    steps.append(ProofStep(
        claim=f"r = {frequency} vanishes exactly when {summed} = {free}",
        expression=Eq(frequency, 0),
        holds=solve(frequency, summed) == [free],
        method=f"solve(r, {summed}) == [{free}]"))

    collapsed = Sum(weight * KroneckerDelta(frequency, 0), (summed, 1, t)).doit()
    in_range = {free: 1 + a, t: 1 + a + c}
    steps.append(identity_step(
        f"(1/t) sum_{{{summed}=1}}^t weight * t KroneckerDelta(r, 0) = {target} for 1 <= {free} <= t "
        f"(written {free} = 1 + a, t = 1 + a + c)",
        collapsed.subs(in_range, simultaneous=True), target.subs(in_range, simultaneous=True)))
    return steps


def match_steps(sign=NUMPY_SIGN) -> list[ProofStep]:
    """``sum_{j=1}^t C_j A_jj^(k-1) B_j = phi_k`` for symbolic ``t`` and ``1 <= k <= t``."""
    term = output_entry() * state_entry(j) ** (k - 1) * input_term(j, m, sign)
    frequency = phase_frequency(term, j)
    steps = [
        identity_step("C_j A_jj^(k-1) B_j = sum_{m=1}^t C_j A_jj^(k-1) (m-th term of B_j) (distributivity)",
                      output_entry() * state_entry(j) ** (k - 1) * input_entry(j, sign), Sum(term, (m, 1, t))),
        identity_step(
            f"the (j, m) term is (alpha^(k-1)/t) phit_m exp(2 pi i (j-1) r/t) with r = {frequency}; "
            "the finite sums over j and m are then exchanged",
            term, alpha ** (k - 1) / t * phi_tilde(m) * exp(2 * pi * I * (j - 1) * frequency / t)),
    ]
    return steps + orthogonality_steps(frequency, free=k, summed=m,
                                       weight=alpha ** (k - 1) * phi_tilde(m), target=phi[k])


def match_explicit_steps(sign=NUMPY_SIGN, sizes=range(1, 7)) -> list[ProofStep]:
    """The match expanded exactly for each ``t`` in ``sizes``, symbolic ``phi_1..phi_t`` and ``alpha``."""
    steps = []
    for size in sizes:
        inputs = [sum(input_term(jj, index, sign, size) for index in range(1, size + 1))
                  for jj in range(1, size + 1)]
        for time_k in range(1, size + 1):
            response = sum(output_entry(size) * state_entry(jj, size) ** (time_k - 1) * inputs[jj - 1]
                           for jj in range(1, size + 1))
            steps.append(identity_step(f"t = {size}, k = {time_k}: sum_j C_j A_jj^(k-1) B_j = phi_k",
                                       response, phi[time_k], simplifier=exact_expand))
    return steps


def plancherel_steps(sign=NUMPY_SIGN) -> list[ProofStep]:
    """``||B||_2^2 = sum_j B_j conj(B_j) = sum_n phit_n^2`` for symbolic ``t``."""
    x, y = input_term(j, m, sign), conjugate(input_term(j, n, sign))
    steps = [identity_step("conj(B_j) = sum_n conj(n-th term of B_j) (phit is real)",
                           conjugate(input_entry(j, sign, index=n)), Sum(y, (n, 1, t)))]
    product_steps, _ = product_of_sums_steps(x, y, m, n, 1, t)
    steps += product_steps
    frequency = phase_frequency(x * y, j)
    steps.append(identity_step(
        f"the (j, m, n) term of |B_j|^2 is (1/t) phit_m phit_n exp(2 pi i (j-1) r/t) with r = {frequency}; "
        "the finite sums are then exchanged so that j is summed first",
        x * y, phi_tilde(m) * phi_tilde(n) * exp(2 * pi * I * (j - 1) * frequency / t) / t))
    return steps + orthogonality_steps(frequency, free=n, summed=m,
                                       weight=phi_tilde(m) * phi_tilde(n), target=phi_tilde(n) ** 2)


def plancherel_explicit_steps(sign=NUMPY_SIGN, sizes=range(1, 6)) -> list[ProofStep]:
    """``sum_j |B_j|^2 = sum_m phit_m^2`` expanded exactly for each ``t`` in ``sizes``."""
    steps = []
    for size in sizes:
        inputs = [sum(input_term(jj, index, sign, size) for index in range(1, size + 1))
                  for jj in range(1, size + 1)]
        steps.append(identity_step(
            f"t = {size}: sum_j |B_j|^2 = sum_m phit_m^2",
            sum(entry * conjugate(entry) for entry in inputs),
            sum(phi_tilde(index) ** 2 for index in range(1, size + 1)), simplifier=exact_expand))
    return steps


# ---------------------------------------------------------------------------------------------
# Step 4: the choice of alpha, and ||C||_2.

ALPHA = 2 ** (-1 / (t - 1))  # Appendix D.7's alpha = (1/2)^(1/(t-1)), for t >= 2


def alpha_steps() -> list[ProofStep]:
    """``alpha^(t-1) = 1/2``; ``|phit_k| <= 2 |phi_k|`` for ``k <= t``; ``||C||_2^2 = 1``."""
    s, v = Symbol("s", integer=True, nonnegative=True), Symbol("v", integer=True, positive=True)
    exponent = (k - 1) / (t - 1)
    slack = sympy.simplify((1 - exponent).subs({t: 1 + v, k: 1 + v - s}, simultaneous=True))
    return [
        identity_step("alpha^(t-1) = 1/2 for alpha = 2^(-1/(t-1))", ALPHA ** (t - 1), Rational(1, 2)),
        identity_step("1/alpha^(k-1) = 2^((k-1)/(t-1))", 1 / ALPHA ** (k - 1), 2 ** exponent),
        ProofStep(
            claim="(k-1)/(t-1) <= 1 for 1 <= k <= t, t >= 2 (written t = 1 + v, k = t - s with v >= 1, "
                  "s >= 0); as 2^x increases, |phit_k| = 2^((k-1)/(t-1)) |phi_k| <= 2 |phi_k|, hence "
                  "||phit||_2 <= ||phi_(:t)||_2 / alpha^(t-1) = 2 ||phi_(:t)||_2",
            expression=sympy.Le(exponent, 1),
            holds=bool(slack.is_nonnegative),
            method="simplify(1 - (k-1)/(t-1)) is_nonnegative after the substitution"),
        identity_step("||C||_2^2 = sum_{j=1}^t (t^(-1/2))^2 = 1", Sum(output_entry() ** 2, (j, 1, t)).doit(), 1),
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


def _prove_prop3() -> Proof:
    parts = (_prove_roots_of_unity, _prove_match, _prove_plancherel, _prove_alpha)
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
            "||phi(I)_{:t}||_2 / alpha^(t-1) = 2 ||phi(I)_{:t}||_2; and ||C||_2^2 = t (1/t) = 1.",
    symbols=(t, k, alpha),
    hypotheses=(Eq(alpha, ALPHA), sympy.Ge(t, 2), sympy.Ge(t - k, 0)),
    conclusion=sympy.And(Eq(alpha ** (t - 1), Rational(1, 2)),
                         sympy.Le(sympy.Abs(phi_tilde(k)), 2 * sympy.Abs(phi[k])),
                         Eq(Sum(output_entry() ** 2, (j, 1, t)), 1, evaluate=False)),
    prove=_prove_alpha,
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
    steps=(roots_of_unity, match, plancherel, alpha_choice),
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
