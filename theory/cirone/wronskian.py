"""Appendix E of Cirone et al. 2024: Picard iteration, the Wronskian and variation of constants for
the Linear CDE (5), ``dZ_t = sum_i A_i Z_t d omega^i_t + B d xi_t`` (Theorems E.1, E.2, E.6).

Norms.  ``|.|`` is a norm on ``R^N`` and ``||A||`` the operator norm it induces (for Theorem E.2 any
submultiplicative matrix norm will do); ``M >= max_i ||A_i||``.  The 1-variation
``||omega||_{1-var,[s,t]}`` is taken in a norm on ``R^d`` with ``|x^i| <= |x|`` for every
coordinate (the max norm, the Euclidean norm, ...), so that ``sum_i |d omega^i| <= d |d omega|``
(this is where the factor ``d`` comes from).

Theorem E.1 (``cirone.thmE_1``).  The Picard map
``Gamma(Y)_t = Z_0 + sum_i int_0^t A_i Y_r d omega^i_r + B (xi_t - xi_0)`` satisfies, for all paths
``X, Y`` and ``k >= 0``,

    ||Gamma^k X - Gamma^k Y||_{inf,[0,t]} <= (d M ||omega||_{1-var,[0,t]})^k / k!  ||X - Y||_{inf,[0,t]},

so ``Gamma^k`` is a contraction for large ``k`` and the solution is unique.  Proof
(``cirone.thmE_1.induction``): ``Gamma X - Gamma Y = Lambda(X - Y)`` with the linear map
``Lambda(U)_t = sum_i int_0^t A_i U_r d omega^i_r``; the Stieltjes estimate and
``sum_i ||A_i|| |d omega^i| <= d M |d omega|`` (z3 on one term, sympy for the sum of ``d`` terms) give
``|Lambda(U)_t| <= c int_0^t |U_r| d l(r)`` with ``c = d M`` and ``l(r) = ||omega||_{1-var,[0,r]}``;
induction on ``k`` with the hypothesis ``|Lambda^k U_r| <= (c l(r))^k/k! ||U||`` and the step
``c int_0^t (c l(r))^k/k! d l(r) = c^(k+1) int_0^{l(t)} u^k/k! du = (c l(t))^(k+1)/(k+1)!``
(sympy ``integrate`` and ``combsimp`` for symbolic ``k``).  Named premises: linearity and the
estimate of the Riemann-Stieltjes integral, change of variables along the nondecreasing ``l``,
additivity of the 1-variation.

Theorem E.2 (``cirone.thmE_2``).  The Wronskian ``W_{s,t} = sum_I A_I Sig(omega)^I_{s,t}``
(``A_I = A_{i_n} ... A_{i_1}``, earliest letter first) converges absolutely,
``sum_I ||A_I|| |Sig^I_{s,t}| <= e^{d M ||omega||_{1-var,[s,t]}}`` (the statement's ``bound``), and
solves ``W_{s,t} = I + sum_i int_s^t A_i W_{s,r} d omega^i_r``.  Proof of the bound
(``cirone.thmE_2.bound``): ``||A_I|| <= M^|I|`` (submultiplicativity; the induction step by z3),
``sum_{|I|=k} |Sig^I| <= L^k/k!`` with the l1 1-variation ``L = sum_i TV(omega^i) <= d ||omega||``
(Proposition A.4, a named premise), ``(M L)^k <= (d M ||omega||)^k`` (induction, z3) and
``sum_k x^k/k! = e^x`` (sympy).  The equation (``cirone.thmE_2.equation``): the level-k terms satisfy
the Picard recursion ``W_k = sum_i int A_i W_{k-1} d omega^i`` (sympy with non-commuting ``A_i`` at
levels 1-3, every level by the Chen-Dyson series, a named premise), and the absolutely convergent
partial sums may be passed to the limit under the integral (uniform convergence, a named premise).

Theorem E.6 (``cirone.thmE_6``).  ``Z_t = W_{0,t} Z_0 + int_0^t W_{s,t} B d xi_s`` solves (5).
Proof (``cirone.thmE_6.derivative``): with ``Phi_t = W_{0,t}`` (``Phi' = A(t) Phi``,
``A(t) = sum_i A_i (omega^i)'(t)``; Theorem E.2) and the flow property ``W_{s,t} = Phi_t Phi_s^{-1}``
(a named premise: both sides solve the equation in ``t`` with value ``I`` at ``t = s``, and
``Phi_s`` is invertible), ``Z_t = Phi_t (Z_0 + int_0^t Phi_s^{-1} B (xi)'_s ds)``; sympy differentiates
this product of non-commuting functions (Leibniz's rule for the integral included) and finds
``Z' = A(t) Z + B xi'`` and ``Z_0 = Z_0``.  Uniqueness is Theorem E.1.

``verify`` (:mod:`verify.checks.cirone.wronskian`) confronts the three with exact (fmpq) and arb
computations on rational piecewise-linear drivers.
"""
from __future__ import annotations

import sympy
from sympy import Function, Integral, Sum, Symbol, combsimp, diff, exp, factorial, oo

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, z3_step
from .signature_expansion import DYSON_PREMISE, wronskian_steps

SOURCE_E1 = "Theorem E.1, Cirone et al. 2024 (Appendix E: Picard iteration for the Linear CDE)"
SOURCE_E2 = "Theorem E.2, Cirone et al. 2024 (Appendix E: the Wronskian series)"
SOURCE_E6 = "Theorem E.6, Cirone et al. 2024 (Appendix E: variation of constants)"

k = Symbol("k", integer=True, nonnegative=True)
i = Symbol("i", integer=True, positive=True)
d = Symbol("d", integer=True, positive=True)
M = Symbol("M", positive=True)                    # M >= max_i ||A_i||
V = Symbol("V", nonnegative=True)                 # ||omega||_(1-var) on the interval
u = Symbol("u", nonnegative=True)
ell = Symbol("l", nonnegative=True)               # l(t) = ||omega||_(1-var,[0,t])

#: Hypotheses shared by Theorems E.1 and E.2: M bounds every operator norm ||A_i||, V is the
#: 1-variation of omega in a norm with |x^i| <= |x|, d the number of driver channels.
HYPOTHESES = (sympy.Ge(M, Symbol("max_i ||A_i||")), sympy.Eq(V, Symbol("||omega||_(1-var)")), sympy.Ge(d, 1))


def picard_factor(size, channels, variation, level):
    """``(d M ||omega||_{1-var})^k / k!``: Theorem E.1's contraction factor after ``k`` iterations."""
    return (channels * size * variation) ** level / factorial(level)


def wronskian_bound(size, channels, variation):
    """``e^{d M ||omega||_{1-var}}``: Theorem E.2's bound on the absolute Wronskian series."""
    return exp(channels * size * variation)


# ---------------------------------------------------------------------------------------------
# Lemmas shared by the proofs

def _termwise_channel_step() -> ProofStep:
    a, y, v = Symbol("a_i", nonnegative=True), Symbol("y_i", nonnegative=True), Symbol("v", nonnegative=True)
    return z3_step("one channel: 0 <= ||A_i|| <= M and 0 <= |d omega^i| <= |d omega| give ||A_i|| |d omega^i| <= "
                   "M |d omega|", a * y <= M * v, [a <= M, y <= v])


def _sum_of_d_terms_step() -> ProofStep:
    v = Symbol("v", nonnegative=True)
    return identity_step("adding the d channel inequalities: sum_(i=1)^d M |d omega| = d M |d omega| (sympy.summation)",
                         Sum(M * v, (i, 1, d)), d * M * v, simplifier=lambda e: sympy.simplify(e.doit()))


def _monotone_power_step(claim: str) -> ProofStep:
    """z3: ``0 <= a <= b`` and ``0 <= P <= Q`` give ``a P <= b Q`` (the induction step of ``a^k <= b^k``)."""
    a, b = Symbol("a", nonnegative=True), Symbol("b", nonnegative=True)
    P, Q = Symbol("P", nonnegative=True), Symbol("Q", nonnegative=True)
    return z3_step(claim, a * P <= b * Q, [a <= b, P <= Q])


LINEARITY_PREMISE = premise_step(
    "the Riemann-Stieltjes integral is linear, so Gamma X - Gamma Y = Lambda(X - Y) with Lambda(U)_t = sum_i int_0^t "
    "A_i U_r d omega^i_r (Z_0 and B xi cancel), and Gamma^k X - Gamma^k Y = Lambda^k (X - Y)",
    "Riemann-Stieltjes integral, e.g. Apostol, Mathematical Analysis (2nd ed., 1974), Thm 7.2")
STIELTJES_PREMISE = premise_step(
    "|int_0^t A_i U_r d omega^i_r| <= int_0^t ||A_i|| |U_r| |d omega^i|_r, and integrals against a nondecreasing "
    "integrator are monotone in the integrand",
    "Riemann-Stieltjes estimate, e.g. Apostol, Mathematical Analysis (2nd ed., 1974), Thms 7.27-7.28")
VARIATION_PREMISE = premise_step(
    "the 1-variation is additive over intervals, so l(r) = ||omega||_(1-var,[0,r]) is continuous nondecreasing and "
    "|d omega|_r = d l(r) as measures",
    "e.g. Friz & Victoir, Multidimensional Stochastic Processes as Rough Paths (CUP 2010), Prop. 1.12")
CHANGE_OF_VARIABLES_PREMISE = premise_step(
    "for continuous g and continuous nondecreasing l: int_0^t g(l(r)) d l(r) = int_0^(l(t)) g(u) du",
    "change of variables for Stieltjes integrals, e.g. Apostol, Mathematical Analysis (2nd ed., 1974), Thm 7.7")


# ---------------------------------------------------------------------------------------------
# Theorem E.1

def picard_steps() -> list[ProofStep]:
    c = Symbol("c", positive=True)                # c = d M
    return [
        LINEARITY_PREMISE,
        STIELTJES_PREMISE,
        _termwise_channel_step(),
        _sum_of_d_terms_step(),
        VARIATION_PREMISE,
        identity_step("base case k = 0: (c l)^0/0! ||U|| = ||U||", picard_factor(c, 1, ell, 0), 1),
        CHANGE_OF_VARIABLES_PREMISE,
        identity_step("induction step: c int_0^(l(t)) (c u)^k/k! du = (c l(t))^(k+1)/(k+1)! (sympy.integrate for "
                      "symbolic k, then combsimp)", c * sympy.integrate((c * u) ** k / factorial(k), (u, 0, ell)),
                      picard_factor(c, 1, ell, k + 1), simplifier=lambda e: sympy.simplify(combsimp(e))),
        _monotone_power_step("sup over r <= t: 0 <= l(r) <= l(t) and (c l(r))^k <= (c l(t))^k give (c l(r))^(k+1) <= "
                             "(c l(t))^(k+1) (induction on k; base 1 <= 1), so the bound at t covers every r <= t"),
        identity_step("with c = d M and l(t) = ||omega||_(1-var,[0,t]) the factor is the printed (d M ||omega||)^k/k!",
                      picard_factor(c, 1, ell, k).subs(c, d * M), picard_factor(M, d, ell, k),
                      simplifier=sympy.expand),
    ]


picard_induction = Statement(
    name="cirone.thmE_1.induction",
    source=SOURCE_E1,
    summary="Induction on k: |Lambda(U)_t| <= d M int_0^t |U_r| d l(r) (Stieltjes estimate; sum_i ||A_i|| |d omega^i| "
            "<= d M |d omega| by z3 and sympy) and c int_0^l (c u)^k/k! du = (c l)^(k+1)/(k+1)! (sympy, symbolic k) give "
            "||Lambda^k U||_(inf,[0,t]) <= (d M l(t))^k/k! ||U||.",
    symbols=(M, d, ell, k),
    hypotheses=HYPOTHESES,
    prove=lambda: Proof("cirone.thmE_1.induction", tuple(picard_steps())),
)

thmE_1 = register(Statement(
    name="cirone.thmE_1",
    source=SOURCE_E1,
    summary="Picard iterates of the Linear CDE contract: ||Gamma^k X - Gamma^k Y||_(inf,[0,t]) <= "
            "(d M ||omega||_(1-var,[0,t]))^k/k! ||X - Y||_(inf,[0,t]) (M >= max ||A_i||, operator norms).",
    symbols=(M, d, V, k),
    hypotheses=HYPOTHESES,
    conclusion=sympy.Le(Symbol("||Gamma^k X - Gamma^k Y|| / ||X - Y||"), picard_factor(M, d, V, k)),
    bound=picard_factor(M, d, V, k),
    steps=(picard_induction,),
    remarks=("The bound is attained: d = 1, A_1 = M I, omega_t = V t and X - Y constant give Lambda^k (X - Y)_t = "
             "(M V t)^k/k! (X - Y).",),
))


# ---------------------------------------------------------------------------------------------
# Theorem E.2

SUBMULTIPLICATIVE_PREMISE = premise_step(
    "||A_i A_J|| <= ||A_i|| ||A_J|| (operator norms, and every submultiplicative matrix norm)",
    "e.g. Horn & Johnson, Matrix Analysis (2nd ed., 2013), §5.6")
LEVEL_PREMISE = premise_step(
    "sum_(|I|=k) |Sig^I_(s,t)| <= L^k/k! for the l1 1-variation L = sum_i TV(omega^i, [s,t]) (the l1 form of "
    "Proposition A.4)", "Proposition A.4 of the paper (cirone.propA_4; Lyons, Caruana & Levy, LNM 1908, Ch. 2)")
COMPARISON_PREMISE = premise_step(
    "termwise inequalities between convergent series of nonnegative terms add up to an inequality of their sums",
    "comparison test, e.g. Rudin, Principles of Mathematical Analysis (3rd ed.), Thm 3.25")
UNIFORM_LIMIT_PREMISE = premise_step(
    "the partial sums S_K = sum_(k<=K) W_k converge uniformly on [s,t] (by the bound), and uniform limits commute with "
    "integration against omega of bounded variation, so S_K = I + sum_i int A_i S_(K-1) d omega^i passes to the limit",
    "e.g. Apostol, Mathematical Analysis (2nd ed., 1974), Thm 9.8 with the Stieltjes estimate Thm 7.27")


def wronskian_bound_steps() -> list[ProofStep]:
    x = Symbol("x", nonnegative=True)
    return [
        SUBMULTIPLICATIVE_PREMISE,
        _monotone_power_step("induction on |I|: ||A_J|| <= M^|J| and ||A_i|| <= M give ||A_i A_J|| <= M^(|J|+1) "
                             "(with the submultiplicativity premise; base ||I|| = 1 for the operator norm)"),
        LEVEL_PREMISE,
        _termwise_channel_step(),
        _sum_of_d_terms_step(),
        _monotone_power_step("induction on k: 0 <= M L <= d M ||omega|| and (M L)^k <= (d M ||omega||)^k give "
                             "(M L)^(k+1) <= (d M ||omega||)^(k+1)"),
        identity_step("sum_(k>=0) (d M ||omega||)^k/k! = e^(d M ||omega||) (sympy.summation)",
                      Sum(x ** k / factorial(k), (k, 0, oo)).subs(x, d * M * V), wronskian_bound(M, d, V),
                      simplifier=lambda e: sympy.simplify(e.doit())),
        COMPARISON_PREMISE,
    ]


def wronskian_equation_steps() -> list[ProofStep]:
    return [*wronskian_steps(), DYSON_PREMISE, UNIFORM_LIMIT_PREMISE]


wronskian_bound_statement = Statement(
    name="cirone.thmE_2.bound",
    source=SOURCE_E2,
    summary="sum_I ||A_I|| |Sig^I_(s,t)| <= sum_k M^k L^k/k! <= e^(d M ||omega||_(1-var,[s,t])) (||A_I|| <= M^|I| by "
            "z3 induction; Proposition A.4; L <= d ||omega||; the exponential series by sympy).",
    symbols=(M, d, V),
    hypotheses=HYPOTHESES,
    bound=wronskian_bound(M, d, V),
    prove=lambda: Proof("cirone.thmE_2.bound", tuple(wronskian_bound_steps())),
)

wronskian_equation = Statement(
    name="cirone.thmE_2.equation",
    source=SOURCE_E2,
    summary="W_(s,t) = sum_I A_I Sig^I_(s,t) solves W_(s,t) = I + sum_i int_s^t A_i W_(s,r) d omega^i_r: the level "
            "recursion W_k' = sum_i A_i W_(k-1) (omega^i)' (sympy, non-commuting A_i, levels 1-3; every level by the "
            "Chen-Dyson series) and the uniform limit of the partial sums.",
    prove=lambda: Proof("cirone.thmE_2.equation", tuple(wronskian_equation_steps())),
)

thmE_2 = register(Statement(
    name="cirone.thmE_2",
    source=SOURCE_E2,
    summary="The Wronskian W_(s,t) = sum_I A_I Sig(omega)^I_(s,t) converges absolutely, sum_I ||A_I|| |Sig^I| <= "
            "e^(d M ||omega||_(1-var,[s,t])), and solves W_(s,t) = I + sum_i int_s^t A_i W_(s,r) d omega^i_r.",
    symbols=(M, d, V),
    hypotheses=HYPOTHESES,
    conclusion=sympy.Le(Symbol("sum_I ||A_I|| |Sig^I_(s,t)|"), wronskian_bound(M, d, V)),
    bound=wronskian_bound(M, d, V),
    steps=(wronskian_bound_statement, wronskian_equation),
    remarks=("The bound is attained: d = 1, A_1 = M I and omega monotone give sum_k M^k V^k/k! = e^(M V).",
             "Truncated at level K the series is within e^x - sum_(k<=K) x^k/k! (x = d M ||omega||) of W, by the same "
             "termwise comparison."),
))


# ---------------------------------------------------------------------------------------------
# Theorem E.6

FLOW_PREMISE = premise_step(
    "flow property: W_(s,t) = W_(0,t) W_(0,s)^(-1), W_(0,s) invertible (both W_(s,t) W_(0,s) and W_(0,t) solve the "
    "equation in t with value W_(0,s) at t = s; det W_(0,s) = exp(int tr A(r) dr) != 0 by Liouville's formula)",
    "uniqueness of linear ODE solutions (Theorem E.1) and Liouville's formula, e.g. Teschl, Ordinary Differential "
    "Equations and Dynamical Systems (AMS 2012), Ch. 3.4")
WRONSKIAN_DERIVATIVE_PREMISE = premise_step(
    "Phi_t = W_(0,t) satisfies Phi' = A(t) Phi, A(t) = sum_i A_i (omega^i)'(t) for a.e. t (Theorem E.2 for "
    "absolutely continuous omega)", "Theorem E.2 of the paper (cirone.thmE_2.equation)")
UNIQUENESS_PREMISE = premise_step(
    "the Linear CDE (5) has exactly one solution with Z(0) = Z_0, so the candidate is the solution",
    "Theorem E.1 of the paper (Picard iterates contract; cirone.thmE_1)")


def variation_steps() -> list[ProofStep]:
    t, s = sympy.symbols("t s", real=True)
    Phi, Phi_inv = Function("Phi", commutative=False), Function("Phi_inv", commutative=False)
    A_t, b = Function("A", commutative=False), Function("Bxi", commutative=False)    # A(t); B xi'(t)
    z0 = Symbol("Z_0", commutative=False)
    candidate = Phi(t) * (z0 + Integral(Phi_inv(s) * b(s), (s, 0, t)))
    derivative = sympy.expand(diff(candidate, t).subs(diff(Phi(t), t), A_t(t) * Phi(t)))
    derivative = derivative.subs(Phi(t) * Phi_inv(t), 1)
    return [
        WRONSKIAN_DERIVATIVE_PREMISE,
        FLOW_PREMISE,
        identity_step("Z_t = Phi_t (Z_0 + int_0^t Phi_s^(-1) B xi'_s ds): sympy differentiates the product of "
                      "non-commuting functions (Leibniz's rule for the integral), substitutes Phi' = A Phi and "
                      "Phi Phi^(-1) = I, and finds Z' = A(t) Z + B xi'", derivative,
                      sympy.expand(A_t(t) * candidate + b(t)), simplifier=sympy.expand),
        identity_step("initial value: Z_0 = Phi_0 (Z_0 + int_0^0 ...) = Z_0 with Phi_0 = W_(0,0) = I",
                      candidate.subs(t, 0).doit().subs(Phi(0), 1), z0),
        UNIQUENESS_PREMISE,
    ]


variation_derivative = Statement(
    name="cirone.thmE_6.derivative",
    source=SOURCE_E6,
    summary="Z_t = W_(0,t) Z_0 + int_0^t W_(s,t) B d xi_s = Phi_t (Z_0 + int_0^t Phi_s^(-1) B xi'_s ds) has Z' = A(t) Z + "
            "B xi' and Z(0) = Z_0 (sympy, non-commuting functions; flow property and uniqueness as named premises).",
    prove=lambda: Proof("cirone.thmE_6.derivative", tuple(variation_steps())),
)

thmE_6 = register(Statement(
    name="cirone.thmE_6",
    source=SOURCE_E6,
    summary="Variation of constants: the solution of the Linear CDE (5) is Z_t = W_(0,t) Z_0 + int_0^t W_(s,t) B d xi_s.",
    steps=(variation_derivative,),
))
