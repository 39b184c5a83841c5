"""Lemmas 6 and 8-13 of Ran-Milo et al. 2024 (Appendix E), with their sympy proofs.

Lemma 7 (the closed form of the d-th forward difference) is in :mod:`.differences`.  Lemmas 6-8
write sequences 0-based, ``{a_0, a_1, ...}``; Definition 1 and Theorem 2 are 1-based.

* Lemma 6.  For ``alpha`` in [0, 1], ``n, m`` in N and ``X = {1, alpha, ..., alpha^(t-1)}``
  (0-based, ``X_i = alpha^i``) the m-th forward difference at the 0-based index ``n`` is
  ``alpha^n (alpha - 1)^m`` and ``|X^(m)_n| <= (m/(n+m))^m (n/(n+m))^n``.
* Lemma 8.  ``||A - B||_inf >= ||A^(m) - B^(m)||_inf / 2^m``.
* Lemma 9.  The odd and even restrictions of a real SSM's impulse response are the impulse
  responses of ``(A^2, B, C)`` and ``(A^2, B, CA)``; ``A^2 >= 0`` and ``|C_j A_jj| <= |C_j|``.
* Lemma 10.  ``binomial(2n, n) >= 2^(2n) / (2 sqrt(n))`` for ``n >= 1``.
* Lemma 11.  ``binomial(n, floor(n/2)) >= 2^n / (4 sqrt(2n))`` for ``n >= 1``.
* Lemma 12.  ``(m/(n+m))^m (n/(n+m))^n <= 2^(-2 min(m, n))`` for ``m, n >= 1``.
* Lemma 13.  ``Re x <= 0`` implies ``|1/(1 - x)| <= 1``.

Every proof is a list of :class:`ProofStep`: identities (``lhs - rhs`` simplifies to 0, both
sides from different computations, derivatives by ``sympy.diff``), signs (an expression that sympy
finds nonnegative, positive or negative, after writing a constrained variable through free ones,
e.g. ``alpha = 1/(1 + u)`` with ``u > 0`` for ``alpha`` in (0, 1)), inequalities and implications
over the reals discharged by z3 (:func:`theory.steps.z3_step`: the triangle inequality, products
of bounded factors, the step of an induction), and the principles of reasoning that are not
computations, each a named, cited premise (:func:`theory.steps.premise_step`):

* :data:`INDUCTION` -- mathematical induction;
* :data:`FINITE_SUMS` -- a finite sum of nonnegative reals is nonnegative;
* :data:`MONOTONE_FROM_DERIVATIVE` -- a function with a nonnegative (nonpositive) derivative on an
  interval is nondecreasing (nonincreasing) there (mean value theorem);
* :data:`MAXIMUM` -- the maximum of finitely many reals is one of them and at least each of them.

``0 <= x <= y`` implies ``x^k <= y^k`` is not assumed: :func:`power_monotone_steps` proves it (z3
step of an induction on ``k``).

The helpers that take the claimed formula as an argument (:func:`difference_induction_steps`,
:func:`lemma6_steps`, :func:`lemma12_steps`) let the tests check that a wrong claim is not proved.
They are reused by :mod:`.theorem2` and :mod:`.corollaries`.
"""
from __future__ import annotations

import sympy
from sympy import (Abs, I, IndexedBase, Min, Rational, Sum, Symbol, binomial, combsimp, diff, floor,
                   sqrt)

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import at_least_one_step, identity_step, premise_step, sign_step, z3_step

SOURCE = "Lemma {}, Ran-Milo et al. 2024 (Appendix E)"

x = Symbol("x")                                     # the ratio of a geometric sequence, any number
alpha = Symbol("alpha", nonnegative=True)           # a ratio in [0, 1]
beta = Symbol("beta", nonnegative=True)             # 1 - alpha
u, v = sympy.symbols("u v", positive=True)          # free parameters of a constrained variable
d = Symbol("d", integer=True, nonnegative=True)     # the order of a forward difference
i = Symbol("i", integer=True)                       # an index
j = Symbol("j", integer=True)                       # a summation index
m, n, q = sympy.symbols("m n q", integer=True, positive=True)
size_N = Symbol("N", integer=True, positive=True)   # Lemma 11's N
s = Symbol("s", integer=True, nonnegative=True)
c_nonneg = Symbol("c", nonnegative=True)
y_real, z_real = sympy.symbols("y z", real=True)
bound_M = Symbol("M", nonnegative=True)               # a bound (a sup norm, a power)


# ---------------------------------------------------------------------------------------------
# Named premises: principles of reasoning taken as given (each with a citation).

#: (claim, citation) of mathematical induction.
INDUCTION = ("mathematical induction: a claim about integers that holds at the first one and passes "
             "from n to n + 1 holds for every integer from the first on",
             "the induction axiom of the natural numbers; e.g. M. Spivak, Calculus, Chapter 2")
#: (claim, citation): a finite sum of nonnegative terms is nonnegative.
FINITE_SUMS = ("a finite sum of nonnegative reals is nonnegative, so a sum is at least any one of its "
               "nonnegative terms",
               "order axioms of the reals (x, y >= 0 implies x + y >= 0) and induction on the number of "
               "terms; e.g. M. Spivak, Calculus, Chapter 1")
#: (claim, citation): the sign of the derivative gives monotonicity.
MONOTONE_FROM_DERIVATIVE = ("a function continuous on a closed interval and differentiable inside it with "
                            "derivative >= 0 (<= 0) there is nondecreasing (nonincreasing) on the interval",
                            "mean value theorem; W. Rudin, Principles of Mathematical Analysis, 3rd ed., "
                            "Theorem 5.11")
#: (claim, citation): what a maximum (and the sup norm of a finite sequence) is.
MAXIMUM = ("the maximum of finitely many reals (e.g. the sup norm of a finite sequence, or "
           "||C^T . B||_inf) is one of them and at least each of them",
           "definition of the maximum of a finite set")


def premise(named: tuple[str, str]) -> ProofStep:
    """The premise ``named`` (one of :data:`INDUCTION`, :data:`FINITE_SUMS`, ...) as a proof step."""
    return premise_step(*named)


def power_monotone_steps() -> list[ProofStep]:
    """``0 <= x <= y`` implies ``x^k <= y^k`` for every integer ``k >= 0``, by induction on ``k``.

    Base ``x^0 = y^0 = 1``; step (z3): ``0 <= x <= y`` and ``0 <= X <= Y`` (``X = x^k``, ``Y = y^k``)
    give ``0 <= x X <= y Y``.
    """
    lo, hi = sympy.symbols("x y", real=True)
    X, Y = sympy.symbols("X Y", real=True)
    kk = Symbol("k", integer=True, nonnegative=True)
    return [
        identity_step("powers, base k = 0: x^0 = 1 = y^0", (lo ** kk).subs(kk, 0), (hi ** kk).subs(kk, 0)),
        z3_step("powers, step k -> k+1: 0 <= x <= y and 0 <= x^k <= y^k give 0 <= x^(k+1) <= y^(k+1)",
                sympy.And(sympy.Le(0, lo * X), sympy.Le(lo * X, hi * Y)),
                [sympy.Le(0, lo), sympy.Le(lo, hi), sympy.Le(0, X), sympy.Le(X, Y)]),
        premise(INDUCTION),
    ]


# ---------------------------------------------------------------------------------------------
# Shared helpers.

def difference_induction_steps(sequence, closed, label: str) -> list[ProofStep]:
    """The d-th forward difference (Definition 1) of ``sequence(i)`` at the index ``i`` is ``closed(d, i)``.

    Induction on ``d`` for symbolic ``d >= 0`` and ``i``: the base ``closed(0, i) = sequence(i)``,
    and the step ``closed(d, i+1) - closed(d, i) = closed(d+1, i)`` (Definition 1:
    ``S^(d+1)_i = S^(d)_(i+1) - S^(d)_i``).  The indexing (0- or 1-based) is the caller's.
    """
    return [
        identity_step(f"{label}: base d = 0, the closed form is the sequence itself",
                      closed(0, i), sequence(i)),
        identity_step(f"{label}: step d -> d+1, closed(d, i+1) - closed(d, i) = closed(d+1, i)",
                      closed(d, i + 1) - closed(d, i), closed(d + 1, i)),
        premise(INDUCTION),
    ]


def peak_steps(a, b) -> list[ProofStep]:
    """``g(alpha) = alpha^a (1 - alpha)^b`` (``a, b >= 1``) is largest on [0, 1] at ``a/(a+b)``.

    ``g'`` (``sympy.diff``) is ``g (a - (a+b) alpha) / (alpha (1 - alpha))`` on (0, 1), where ``g > 0``
    and ``alpha (1 - alpha) > 0``: positive below ``a/(a+b)`` and negative above, so ``g`` increases,
    then decreases (:data:`MONOTONE_FROM_DERIVATIVE`); ``g(0) = g(1) = 0``.
    """
    g = alpha ** a * (1 - alpha) ** b
    peak = a / (a + b)
    return [
        identity_step("g'(alpha) (sympy.diff) = g(alpha) (a - (a+b) alpha)/(alpha (1-alpha)) on (0, 1)",
                      diff(g, alpha), g * (a - (a + b) * alpha) / (alpha * (1 - alpha)),
                      simplifier=lambda e: sympy.simplify(sympy.powsimp(e.subs(alpha, 1 / (1 + u)), force=True))),
        sign_step("g(alpha) > 0 on (0, 1) (alpha = 1/(1+u), u > 0)", g, "positive", {alpha: 1 / (1 + u)}),
        sign_step("alpha (1 - alpha) > 0 on (0, 1) (alpha = 1/(1+u), u > 0), so g' has the sign of a - (a+b) alpha",
                  alpha * (1 - alpha), "positive", {alpha: 1 / (1 + u)}),
        sign_step("a - (a+b) alpha > 0 below the peak (alpha = a/(a+b) - v, v > 0): g increases there",
                  a - (a + b) * alpha, "positive", {alpha: peak - v}),
        sign_step("a - (a+b) alpha < 0 above the peak (alpha = a/(a+b) + v, v > 0): g decreases there",
                  a - (a + b) * alpha, "negative", {alpha: peak + v}),
        sign_step("the peak a/(a+b) lies in (0, 1): a/(a+b) > 0", peak, "positive"),
        sign_step("the peak a/(a+b) lies in (0, 1): 1 - a/(a+b) > 0", 1 - peak, "positive"),
        identity_step("g(0) = 0 (a >= 1)", g.subs(alpha, 0), 0),
        identity_step("g(1) = 0 (b >= 1)", g.subs(alpha, 1), 0),
        premise(MONOTONE_FROM_DERIVATIVE),
        identity_step("so the largest value on [0, 1] is g(a/(a+b)) = (a/(a+b))^a (b/(a+b))^b",
                      g.subs(alpha, peak), (a / (a + b)) ** a * (b / (a + b)) ** b),
    ]


def triangle_steps(first=y_real, second=z_real) -> list[ProofStep]:
    """``|y + z| <= |y| + |z|`` for real ``y, z`` (polynomials in real symbols): one z3 step."""
    return [z3_step(f"triangle inequality: |{first} + {second}| <= |{first}| + |{second}| for real values",
                    sympy.Le(Abs(first + second), Abs(first) + Abs(second)))]


# ---------------------------------------------------------------------------------------------
# Lemma 6.

def geometric_sequence(first_index):
    """``X_i = x^(i - first_index)``: the sequence ``{1, x, x^2, ...}`` indexed from ``first_index``."""
    return lambda index: x ** (index - first_index)


def geometric_difference(first_index):
    """The closed form ``X^(d)_i = x^(i - first_index) (x - 1)^d`` of its d-th forward difference."""
    return lambda order, index: x ** (index - first_index) * (x - 1) ** order


def lemma6_bound(order, index):
    """Lemma 6's bound ``(m/(n+m))^m (n/(n+m))^n`` for ``m = order``, ``n = index``."""
    return (order / (index + order)) ** order * (index / (index + order)) ** index


def lemma6_steps(first_index=0) -> list[ProofStep]:
    """Lemma 6 for ``X_i = alpha^(i - first_index)``, the difference of order ``m`` at index ``n``.

    As printed the sequence is 0-based (``first_index = 0``).  With ``first_index = 1`` (Theorem
    2's 1-based indices) the difference is ``alpha^(n-1) (alpha-1)^m``, whose maximum is not the
    claimed bound, and the last step fails.
    """
    exponent = n - first_index
    return (
        difference_induction_steps(geometric_sequence(first_index), geometric_difference(first_index),
                                   "X_i = x^(i - first_index)")
        + [identity_step("for alpha in [0, 1] put beta = 1 - alpha >= 0: "
                         "|alpha^k (alpha - 1)^m| = alpha^k beta^m with k the exponent of alpha",
                         Abs(alpha ** exponent * (-beta) ** m), alpha ** exponent * beta ** m)]
        + peak_steps(exponent, m)
        + [identity_step("the largest value of |X^(m)_n| on [0, 1] is the bound (m/(n+m))^m (n/(n+m))^n",
                         (exponent / (exponent + m)) ** exponent * (m / (exponent + m)) ** m, lemma6_bound(m, n))]
    )


# ---------------------------------------------------------------------------------------------
# Lemma 8.

def lemma8_steps() -> list[ProofStep]:
    """``||A^(m) - B^(m)||_inf <= 2^m ||A - B||_inf``, by induction on the order.

    Differences are linear, ``(A - B)^(m) = A^(m) - B^(m)``; one difference at most doubles the
    sup norm: ``|x_(i+1) - x_i| <= |x_(i+1)| + |x_i| <= 2 ||x||_inf`` (z3, with :data:`MAXIMUM`);
    induction on the order (z3 step, :data:`INDUCTION`).
    """
    Da, Db = sympy.Function("DA"), sympy.Function("DB")  # A^(d)_i and B^(d)_i, for any d
    x0, x1, y, z = sympy.symbols("X_0 X_1 y z", real=True)  # ||x^(d)||, ||x^(d+1)||, two entries
    size = Symbol("X", real=True)  # ||x||_inf
    power = Symbol("P", positive=True)  # 2^d
    return [
        identity_step("linearity, step d -> d+1: if (A-B)^(d) = A^(d) - B^(d) then "
                      "(A-B)^(d+1)_i = (A^(d)_(i+1) - B^(d)_(i+1)) - (A^(d)_i - B^(d)_i) = A^(d+1)_i - B^(d+1)_i",
                      (Da(i + 1) - Db(i + 1)) - (Da(i) - Db(i)), (Da(i + 1) - Da(i)) - (Db(i + 1) - Db(i))),
        premise(MAXIMUM),
        z3_step("one difference at most doubles the sup norm: |y| <= M and |z| <= M give |y - z| <= 2 M "
                "(y, z consecutive entries, M the sup norm)",
                sympy.Le(Abs(y - z), 2 * bound_M), [sympy.Le(Abs(y), bound_M), sympy.Le(Abs(z), bound_M)]),
        z3_step("induction step on the order: ||x^(d+1)|| <= 2 ||x^(d)|| and ||x^(d)|| <= 2^d ||x|| (P = 2^d > 0) "
                "give ||x^(d+1)|| <= 2 P ||x||", sympy.Le(x1, 2 * power * size),
                [sympy.Le(x1, 2 * x0), sympy.Le(x0, power * size)]),
        identity_step("... and 2 P = 2 * 2^d = 2^(d+1)", 2 * 2 ** d, 2 ** (d + 1)),
        identity_step("base d = 0: 2^0 = 1, x^(0) = x", 2 ** d.subs(d, 0), 1),
        premise(INDUCTION),
        z3_step("with P = 2^m > 0: ||A^(m) - B^(m)|| <= P ||A - B|| gives ||A - B|| >= ||A^(m) - B^(m)|| / P",
                sympy.Ge(size, x1 / power), [sympy.Le(x1, power * size)]),
    ]


# ---------------------------------------------------------------------------------------------
# Lemma 9.

A_, B_, C_ = (IndexedBase(name, real=True) for name in ("A", "B", "C"))
state_count = Symbol("n_R", integer=True, positive=True)
time_index = Symbol("i", integer=True, positive=True)


def response(state, inputs, outputs, time):
    """``sum_{j=1}^{n_R} outputs(j) state(j)^(time-1) inputs(j)``: a real SSM's impulse response."""
    return Sum(outputs(j) * state(j) ** (time - 1) * inputs(j), (j, 1, state_count))


def lemma9_steps() -> list[ProofStep]:
    """Odd: ``Y_(2i-1)`` is the response of ``(A^2, B, C)``; even: ``Y_(2i)`` that of ``(A^2, B, CA)``."""
    def Y(time):
        return response(lambda jj: A_[jj], lambda jj: B_[jj], lambda jj: C_[jj], time)

    a, b, c = sympy.symbols("a b c", real=True)
    w = Symbol("w", nonnegative=True)  # |C_j B_j|
    w_tilde = Symbol("w_tilde", real=True)  # |C~_j B~_j|
    return [
        identity_step("odd restriction: Y_(2i-1) = sum_j C_j (A_jj^2)^(i-1) B_j, the response of (A^2, B, C)",
                      Y(2 * time_index - 1),
                      response(lambda jj: A_[jj] ** 2, lambda jj: B_[jj], lambda jj: C_[jj], time_index)),
        identity_step("even restriction: Y_(2i) = sum_j (C_j A_jj) (A_jj^2)^(i-1) B_j, the response of (A^2, B, CA)",
                      Y(2 * time_index),
                      response(lambda jj: A_[jj] ** 2, lambda jj: B_[jj], lambda jj: C_[jj] * A_[jj], time_index)),
        z3_step("A_jj real with |A_jj| <= 1 (hypotheses): the new state matrix A_jj^2 lies in [0, 1]",
                sympy.And(sympy.Le(0, a ** 2), sympy.Le(a ** 2, 1)), [sympy.Le(Abs(a), 1)]),
        identity_step("|C_j A_jj B_j| = |A_jj| |C_j B_j|", Abs(c * a * b), Abs(a) * Abs(c * b)),
        z3_step("|A_jj| <= 1 (hypothesis): |A_jj| |C_j B_j| <= |C_j B_j|; in the odd case (B, C) is unchanged",
                sympy.Le(Abs(a) * w, w), [sympy.Le(Abs(a), 1)]),
        premise(MAXIMUM),
        z3_step("each |C~_j B~_j| <= |C_j B_j| <= ||C^T . B||_inf = W, so ||C~^T . B~||_inf (one of them) <= W",
                sympy.Le(w_tilde, bound_M), [sympy.Le(w_tilde, w), sympy.Le(w, bound_M)]),
    ]


# ---------------------------------------------------------------------------------------------
# Lemma 10.

def lemma10_ratio(index):
    """``b_n = binomial(2n, n) 2 sqrt(n) / 4^n``; Lemma 10 is ``b_n >= 1``."""
    return binomial(2 * index, index) * 2 * sqrt(index) / 4 ** index


def lemma10_steps(index=n) -> list[ProofStep]:
    """``binomial(2n, n) >= 4^n / (2 sqrt n)`` for the positive integer ``index``, by induction on it.

    ``b_1 = 1`` and ``b_(n+1) / b_n = (2n+1) / (2 sqrt(n(n+1))) >= 1``, since
    ``(2n+1)^2 - 4n(n+1) = 1``; so ``b_n >= 1`` for every ``n >= 1``.
    """
    b = lemma10_ratio
    ratio = (2 * index + 1) / (2 * sqrt(index) * sqrt(index + 1))
    r1, r2, r3 = sympy.symbols("b R b_next", real=True)
    return [
        identity_step("b_1 = binomial(2, 1) 2 sqrt(1) / 4 = 1", b(1), 1),
        identity_step("b_(n+1) / b_n = (2n+1) / (2 sqrt(n) sqrt(n+1))", b(index + 1) / b(index), ratio,
                      simplifier=lambda e: sympy.simplify(combsimp(e))),
        identity_step("(2n+1)^2 - 4n(n+1) = 1", sympy.expand((2 * index + 1) ** 2 - 4 * index * (index + 1)), 1),
        sign_step("the ratio R is positive", ratio, "positive"),
        sign_step("R^2 - 1 = 1/(4n(n+1)) > 0", ratio ** 2 - 1, "positive"),
        z3_step("R > 0 and R^2 - 1 > 0 give R >= 1", sympy.Ge(r2, 1), [sympy.Gt(r2, 0), sympy.Gt(r2 ** 2 - 1, 0)]),
        z3_step("induction step on n: b_(n+1) = b_n R with b_n >= 1 and R >= 1 gives b_(n+1) >= 1",
                sympy.Ge(r3, 1), [sympy.Eq(r3, r1 * r2), sympy.Ge(r1, 1), sympy.Ge(r2, 1)]),
        premise(INDUCTION),
        identity_step("binomial(2n, n) - 4^n/(2 sqrt n) = (b_n - 1) F with F = 4^n/(2 sqrt n)",
                      binomial(2 * index, index) - 4 ** index / (2 * sqrt(index)),
                      (b(index) - 1) * 4 ** index / (2 * sqrt(index))),
        sign_step("F = 4^n/(2 sqrt n) > 0", 4 ** index / (2 * sqrt(index)), "positive"),
        z3_step("b_n >= 1 and F > 0 give (b_n - 1) F >= 0, which is Lemma 10", sympy.Ge((r1 - 1) * r2, 0),
                [sympy.Ge(r1, 1), sympy.Gt(r2, 0)]),
    ]


# ---------------------------------------------------------------------------------------------
# Lemma 11.

def lemma11_bound(size):
    """Lemma 11's bound ``2^size / (4 sqrt(2 size))``."""
    return 2 ** size / (4 * sqrt(2 * size))


def lemma11_steps() -> list[ProofStep]:
    """``binomial(N, floor(N/2)) >= 2^N / (4 sqrt(2N))``: ``N = 2q``, ``N = 1`` and ``N = 2q + 1 >= 3``."""
    even, odd = 2 * q, 2 * q + 1
    B1, B0, L1, L2, bound, X = sympy.symbols("B_1 B_0 L_1 L_2 beta X", real=True)
    return (
        lemma10_steps(q)
        + [identity_step("N = 2q: floor(N/2) = q", floor(Rational(1, 2) * even), q),
           identity_step("N = 2q: Lemma 10's bound 4^q/(2 sqrt q) is the printed 2^N/(2 sqrt(N/2))",
                         4 ** q / (2 * sqrt(q)), 2 ** even / (2 * sqrt(Rational(1, 2) * even))),
           identity_step("N = 2q: (2^N/(2 sqrt(N/2))) / (2^N/(4 sqrt(2N))) = 4 >= 1",
                         (2 ** even / (2 * sqrt(Rational(1, 2) * even))) / lemma11_bound(even), 4),
           z3_step("N = 2q: binomial(N, q) >= X (Lemma 10) and X = 4 beta with beta = 2^N/(4 sqrt(2N)) > 0 give "
                   "binomial(N, q) >= beta", sympy.Ge(B1, bound),
                   [sympy.Ge(B1, X), sympy.Eq(X, 4 * bound), sympy.Gt(bound, 0)]),
           identity_step("N = 2q + 1: floor(N/2) = q = (N-1)/2", floor(Rational(1, 2) * odd), q),
           sign_step("N = 1 (q = 0): binomial(1, 0) = 1 >= 2/(4 sqrt 2)", binomial(1, 0) - lemma11_bound(1),
                     "positive"),
           identity_step("N = 2q + 1 >= 3, first printed step (Pascal's rule): binomial(2q+1, q) - binomial(2q, q) "
                         "= binomial(2q, q-1)", binomial(odd, q) - binomial(even, q), binomial(even, q - 1),
                         simplifier=lambda e: sympy.simplify(combsimp(e))),
           sign_step("binomial(2q, q-1) >= 0, so binomial(N, (N-1)/2) >= binomial(N-1, (N-1)/2)",
                     binomial(even, q - 1), "nonnegative"),
           identity_step("second printed step: Lemma 10 at q = (N-1)/2 >= 1 (so N >= 3) gives "
                         "binomial(N-1, (N-1)/2) >= 4^q/(2 sqrt q) = 2^(N-1)/(2 sqrt((N-1)/2))",
                         4 ** q / (2 * sqrt(q)), 2 ** (odd - 1) / (2 * sqrt(Rational(1, 2) * (odd - 1)))),
           identity_step("the printed 2^(N-2)/(2 sqrt((N-1)/2)) is half of that, hence also a lower bound",
                         (2 ** (odd - 1) / (2 * sqrt(Rational(1, 2) * (odd - 1))))
                         / (2 ** (odd - 2) / (2 * sqrt(Rational(1, 2) * (odd - 1)))), 2),
           sign_step("last printed step: R = (2^(N-2)/(2 sqrt((N-1)/2))) / (2^N/(4 sqrt(2N))) > 0",
                     (2 ** (odd - 2) / (2 * sqrt(Rational(1, 2) * (odd - 1)))) / lemma11_bound(odd), "positive"),
           sign_step("and R^2 - 1 = N/(N-1) - 1 > 0",
                     ((2 ** (odd - 2) / (2 * sqrt(Rational(1, 2) * (odd - 1)))) / lemma11_bound(odd)) ** 2 - 1,
                     "positive"),
           z3_step("N = 2q + 1 >= 3, the printed chain: binomial(N, q) = B_1 >= B_0 = binomial(N-1, q) >= L_1 "
                   "(Lemma 10) = 2 L_2, L_2 = R beta with R > 0, R^2 > 1 and beta = 2^N/(4 sqrt(2N)) > 0, "
                   "so B_1 >= beta", sympy.Ge(B1, bound),
                   [sympy.Ge(B1, B0), sympy.Ge(B0, L1), sympy.Eq(L1, 2 * L2), sympy.Eq(L2, X * bound),
                    sympy.Gt(X, 0), sympy.Gt(X ** 2, 1), sympy.Gt(bound, 0)])]
    )


# ---------------------------------------------------------------------------------------------
# Lemma 12.

def lemma12_lhs(first, second):
    """``(first/(first+second))^first (second/(first+second))^second``."""
    return (first / (first + second)) ** first * (second / (first + second)) ** second


def printed_lemma12_bound(first, second):
    """Lemma 12's bound ``2^(-2 min(first, second))``."""
    return 2 ** (-2 * Min(first, second))


def lemma12_steps(claimed=printed_lemma12_bound, first=m, second=n) -> list[ProofStep]:
    """``lemma12_lhs(first, second) <= claimed(first, second)`` for positive integers ``first, second``.

    Both sides are symmetric, so let ``first <= second``, i.e. ``second = first + s`` with ``s >= 0``.
    Then the left side is ``P^first Q^s`` with ``P = first*second/(first+second)^2 <= 1/4`` (as
    ``(first+second)^2 - 4 first second = (second - first)^2``) and ``Q = second/(first+second) <= 1``,
    hence at most ``4^(-first)``; and ``claimed`` must be at least ``4^(-first)``.
    """
    a, gap = first, s
    b = a + gap
    P, Q = a * b / (a + b) ** 2, b / (a + b)
    Pk, Qs, value = sympy.symbols("P_k Q_s V", real=True)  # P^first, Q^s, their product
    return [
        identity_step("the left side is symmetric in its two arguments", lemma12_lhs(first, second),
                      lemma12_lhs(second, first)),
        identity_step("the claimed bound is symmetric in its two arguments", claimed(first, second),
                      claimed(second, first)),
        identity_step("second = first + s: the left side is P^first Q^s, P = first*second/(first+second)^2, "
                      "Q = second/(first+second)", lemma12_lhs(a, b), P ** a * Q ** gap),
        identity_step("(first + second)^2 - 4 first second = (second - first)^2",
                      sympy.expand((a + b) ** 2 - 4 * a * b), sympy.expand((b - a) ** 2)),
        sign_step("P <= 1/4", Rational(1, 4) - P, "nonnegative"),
        sign_step("P >= 0", P, "nonnegative"),
        sign_step("Q <= 1", 1 - Q, "nonnegative"),
        sign_step("Q >= 0", Q, "nonnegative"),
        *power_monotone_steps(),
        z3_step("with 0 <= P^first <= (1/4)^first = F and 0 <= Q^s <= 1^s = 1 (powers are monotone): "
                "P^first Q^s <= F", sympy.Le(value, bound_M),
                [sympy.Eq(value, Pk * Qs), sympy.Le(0, Pk), sympy.Le(Pk, bound_M), sympy.Le(0, Qs), sympy.Le(Qs, 1)]),
        at_least_one_step("the claimed bound at (first, first + s) is at least F = 4^(-first)",
                          claimed(a, b) * 4 ** a),
    ]


# ---------------------------------------------------------------------------------------------
# Lemma 13.

def lemma13_steps() -> list[ProofStep]:
    """``x = -c + i b`` with ``c >= 0``, ``b`` real: ``|1 - x|^2 = (1 + c)^2 + b^2 >= 1``."""
    b = Symbol("b", real=True)
    point = -c_nonneg + I * b
    return [
        identity_step("|1 - x|^2 = (1 + c)^2 + b^2 for x = -c + i b",
                      Abs(1 - point) ** 2, (1 + c_nonneg) ** 2 + b ** 2),
        sign_step("|1 - x|^2 - 1 = 2c + c^2 + b^2 >= 0 (c = -Re x >= 0), so 1 - x != 0",
                  (1 + c_nonneg) ** 2 + b ** 2 - 1, "nonnegative"),
        sign_step("1 - |1/(1 - x)|^2 >= 0", 1 - Abs(1 / (1 - point)) ** 2, "nonnegative"),
        z3_step("r = |1/(1 - x)| >= 0 and 1 - r^2 >= 0 give r <= 1", sympy.Le(y_real, 1),
                [sympy.Ge(y_real, 0), sympy.Ge(1 - y_real ** 2, 0)]),
    ]


# ---------------------------------------------------------------------------------------------
# Statements.

def _proof(name, steps) -> Proof:
    return Proof(statement=name, steps=tuple(steps))


lemma6 = register(Statement(
    name="ranmilo.lemma6",
    source=SOURCE.format(6),
    summary="For alpha in [0, 1], n, m in N and t >= n + m, the sequence X = {1, alpha, ..., alpha^(t-1)} "
            "indexed from 0 (X_i = alpha^i) has m-th forward difference X^(m)_n = alpha^n (alpha - 1)^m at "
            "the 0-based index n, and |X^(m)_n| <= (m/(n+m))^m (n/(n+m))^n (the maximum of "
            "alpha^n (1 - alpha)^m, at alpha = n/(n+m)).  Symbolic n, m.",
    symbols=(alpha, n, m),
    hypotheses=(sympy.Le(alpha, 1),),
    conclusion=sympy.And(
        sympy.Eq(sympy.Function("Delta")(m, n), alpha ** n * (alpha - 1) ** m),
        sympy.Le(Abs(alpha ** n * (alpha - 1) ** m), lemma6_bound(m, n))),
    prove=lambda: _proof("ranmilo.lemma6", lemma6_steps()),
    remarks=("The proof says the closed form holds at index n 'when we start at index 0'.  With Definition 1's "
             "1-based indices (X_i = alpha^(i-1)), the difference at index n is alpha^(n-1) (alpha - 1)^m, "
             "whose maximum on [0, 1] is ((n-1)/(n+m-1))^(n-1) (m/(n+m-1))^m -- larger than the bound (e.g. "
             "n = m = 1, alpha = 0: 1 > 1/4).  Theorem 2's proof uses the lemma at a 1-based index "
             "(see ranmilo.thm2.step3).",
             "Delta(m, n) in the conclusion stands for X^(m)_n."),
))

lemma8 = register(Statement(
    name="ranmilo.lemma8",
    source=SOURCE.format(8),
    summary="For sequences A, B of length L and m < L: ||A - B||_inf >= ||A^(m) - B^(m)||_inf / 2^m "
            "(Definition 1's forward differences).  Proof: differences are linear, and one difference at "
            "most doubles the sup norm (|x_(i+1) - x_i| <= |x_(i+1)| + |x_i|, triangle inequality); "
            "induction on m.",
    symbols=(m,),
    conclusion=sympy.Ge(Symbol("AB_inf"), Symbol("AB_m_inf") / 2 ** m),
    prove=lambda: _proof("ranmilo.lemma8", lemma8_steps()),
    remarks=("AB_inf = ||A - B||_inf and AB_m_inf = ||A^(m) - B^(m)||_inf in the conclusion.",),
))

lemma9 = register(Statement(
    name="ranmilo.lemma9",
    source=SOURCE.format(9),
    summary="For a real SSM (A, B, C) of dimension n_R with |A_jj| <= 1 and response Y_k = "
            "sum_j C_j A_jj^(k-1) B_j: Y|odd is the response of (A^2, B, C) and Y|even that of "
            "(A^2, B, CA); A^2 >= 0 and ||(CA)^T . B||_inf <= ||C^T . B||_inf.  Symbolic n_R and i.",
    symbols=(state_count, time_index),
    hypotheses=(sympy.Le(Abs(A_[j]), 1),),  # A, B, C real: the IndexedBase objects are declared real
    conclusion=sympy.And(
        sympy.Eq(response(lambda jj: A_[jj], lambda jj: B_[jj], lambda jj: C_[jj], 2 * time_index - 1),
                 response(lambda jj: A_[jj] ** 2, lambda jj: B_[jj], lambda jj: C_[jj], time_index)),
        sympy.Eq(response(lambda jj: A_[jj], lambda jj: B_[jj], lambda jj: C_[jj], 2 * time_index),
                 response(lambda jj: A_[jj] ** 2, lambda jj: B_[jj], lambda jj: C_[jj] * A_[jj], time_index))),
    prove=lambda: _proof("ranmilo.lemma9", lemma9_steps()),
    remarks=("As the digest transcribes it, the proof says '(B~, C~) = (B, C) in the even case and |C~_j| <= |C_j| "
             "in the odd case'; the two cases are swapped: the odd restriction uses (A^2, B, C) and the even "
             "one (A^2, B, CA).",
             "Theorem 2's proof calls the result 'a linear combination of decaying exponentials with positive "
             "coefficients'; the weights C~_j B~_j are real of either sign (only A~ = A^2 is nonnegative), "
             "which is all the proof needs.",
             "The hypotheses used: A_jj, B_j, C_j real (so A_jj^2 >= 0 and the weights C_j B_j are real) and "
             "|A_jj| <= 1 (so A_jj^2 <= 1 and |C_j A_jj B_j| <= |C_j B_j|); both are discharged by z3 steps."),
))

lemma10 = register(Statement(
    name="ranmilo.lemma10",
    source=SOURCE.format(10),
    summary="binomial(2n, n) >= 2^(2n) / (2 sqrt(n)) for every integer n >= 1, with equality at n = 1.  "
            "Proved for symbolic n by induction on b_n = binomial(2n, n) 2 sqrt(n) / 4^n: b_1 = 1 and "
            "b_(n+1)/b_n = (2n+1)/(2 sqrt(n(n+1))) >= 1.",
    symbols=(n,),
    conclusion=sympy.Ge(binomial(2 * n, n), 2 ** (2 * n) / (2 * sqrt(n))),
    prove=lambda: _proof("ranmilo.lemma10", lemma10_steps()),
    remarks=("The printed proof uses Stirling's bounds and the numerical fact sqrt(pi) e^(1/(6n)) < 2 for n >= 2; "
             "the ratio argument here needs neither.",),
))

lemma11 = register(Statement(
    name="ranmilo.lemma11",
    source=SOURCE.format(11),
    summary="binomial(N, floor(N/2)) >= 2^N / (4 sqrt(2N)) for every integer N >= 1.  Even N = 2q from "
            "Lemma 10; odd N = 2q + 1 >= 3 by the printed chain binomial(N, (N-1)/2) >= binomial(N-1, (N-1)/2) "
            ">= 2^(N-2)/(2 sqrt((N-1)/2)) >= 2^N/(4 sqrt(2N)); N = 1 directly.  Symbolic q.",
    symbols=(q, size_N),
    conclusion=sympy.Ge(binomial(size_N, floor(size_N / 2)), lemma11_bound(size_N)),
    prove=lambda: _proof("ranmilo.lemma11", lemma11_steps()),
    remarks=("The odd case's middle step applies Lemma 10 at (N-1)/2, which needs N >= 3; N = 1 is checked "
             "separately (1 >= 2/(4 sqrt 2)).",
             "Lemma 10 at (N-1)/2 gives 2^(N-1)/(2 sqrt((N-1)/2)); the printed chain writes 2^(N-2), a factor 2 "
             "weaker but still enough."),
))

lemma12 = register(Statement(
    name="ranmilo.lemma12",
    source=SOURCE.format(12),
    summary="(m/(n+m))^m (n/(n+m))^n <= 2^(-2 min(m, n)) for all integers m, n >= 1: with m <= n the left "
            "side is (mn/(n+m)^2)^m (n/(n+m))^(n-m), mn/(n+m)^2 <= 1/4 since (n+m)^2 - 4mn = (n-m)^2, and "
            "n/(n+m) <= 1.  Symbolic m, n; equality at m = n.",
    symbols=(m, n),
    conclusion=sympy.Le(lemma12_lhs(m, n), printed_lemma12_bound(m, n)),
    bound=printed_lemma12_bound(m, n),
    prove=lambda: _proof("ranmilo.lemma12", lemma12_steps()),
))

lemma13 = register(Statement(
    name="ranmilo.lemma13",
    source=SOURCE.format(13),
    summary="If Re x <= 0 then |1/(1 - x)| <= 1, since |1 - x|^2 = (1 - Re x)^2 + (Im x)^2 >= 1.",
    symbols=(x,),
    hypotheses=(sympy.Le(sympy.re(x), 0),),
    conclusion=sympy.Le(Abs(1 / (1 - x)), 1),
    prove=lambda: _proof("ranmilo.lemma13", lemma13_steps()),
    remarks=("The proof writes x = -c + i b with c = -Re x >= 0 and b = Im x real.",),
))
