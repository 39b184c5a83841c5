"""Theorem 4.1 / Theorem B.13 (the dense closure, by an explicit construction), Lemma B.8 (the
signature kernel's integral equation) and Proposition B.10 (the readout tail past level M) of
Cirone et al. 2024.

**Theorem 4.1** (dense Linear CDEs reach form (7)).  Its proof (Appendix B.3) ends with the
construction of Theorem B.13: take the truncated tensor algebra ``T^M(R^n)`` over
``n = d_0 + d_omega + d_xi`` letters (one per initial-value channel, ``omega``-channel and
``xi``-channel), with basis ``e_w`` for the words ``w`` of length ``<= M``, so the state dimension
is ``N = dim T^M(R^n) = sum_(k<=M) n^k = (n^(M+1) - 1)/(n - 1)``; let ``A_k`` be the right
multiplication by the letter ``k`` (``A_k e_w = e_(w k)`` for ``|w| < M``, 0 for ``|w| = M``),
``C = [e_(0_i)]`` and ``B = [e_(xi_j)]``.  Then ``A_I C_i = e_(0_i I)`` and ``A_I B_j = e_(xi_j I)``
(``A_I = A_(i_m) ... A_(i_1)``, the earliest letter acting first) while ``A_I = 0`` for ``|I| > M``,
so by Proposition 4.6 the readout ``v = sum alpha_i^I e_(0_i I) + sum beta_j^I e_(xi_j I)`` is

    <v, Z_t> = sum_i X_0^i <alpha_i, Sig(omega)^(<=M-1)_(0,t)> + sum_j int_0^t <beta_j, Sig(omega)^(<=M-1)_(s,t)> d xi^j_s,

every truncated form-(7) functional; with ``Z_0 = e_()`` and only ``omega``-letters it is
``<alpha, Sig(omega)^(<=M)_(0,t)>``.  Density of these functionals (Proposition B.11, Theorem
A.5, Stone-Weierstrass) is not decidable on finitely many instances and is not checked.

Records: ``cirone.thm4_1`` (the construction; ``verify`` certifies it exactly, in fmpq, on rational
piecewise-linear paths, solving the CDE segment by segment: on a segment the generator is nilpotent,
so its exponential is a finite sum) with the step ``cirone.thm4_1.right_multiplication`` (proved by
sympy at the sizes listed in :data:`SYMBOLIC_SIZES`, for a *symbolic* state and increment): one
linear segment of the B.13 CDE with increment ``w`` maps the state ``S`` to ``S (x) exp(w)``
truncated at level M (Chen's right multiplication), and ``sum_k w_k A_k`` is nilpotent of order
``M + 1``.  With Chen's identity (premise) this gives ``Z_t = Sig^(<=M)(omega)_(0,t)`` for
``Z_0 = e_()`` on every piecewise-linear path.  The readout is linear in the signature
(Proposition B.4): that is ``cirone.prop4_6``, not repeated here.

**Lemma B.8.**  With ``T(X)_(0,t) = (X_0^i Sig(omega^X)^I_(0,t), int_0^t Sig(omega^X)^I_(s,t) d xi^(X,j)_s)``
the kernel ``K(s,t) = <T(X)_(0,s), T(Y)_(0,t)>`` solves

    K(s,t) = <X_0, Y_0> + <xi^X_s, xi^Y_t> + int int_(eta<=s, tau<=t) K(eta,tau) <d omega^X_eta, d omega^Y_tau>.

Truncated at level M (words ``|I| <= M`` in both parts) the same computation gives the *level
identity* ``K_M(s,t) = <X_0,Y_0> + <xi^X_s, xi^Y_t> + int int K_(M-1) <d omega^X, d omega^Y>`` exactly
(the last letter of a word is one more integral: ``g_(Ik)(s) = int_0^s g_I d omega^k`` for
``g_I(s) = int_0^s Sig^I_(u,s) d xi_u``, and ``Sig^(Ik)_(0,s) = int_0^s Sig^I_(0,eta) d omega^k_eta``);
Lemma B.8 is its limit ``M -> oo`` (the levels converge absolutely by Proposition A.4).
``cirone.lemmaB_8`` is certified by ``verify`` exactly (fmpq) on rational piecewise-linear paths at
the knot times, each cell's double integral taken exactly from polynomial features; its step
``cirone.lemmaB_8.one_segment`` is the level identity for one linear segment with symbolic
increments, times and initial values (sympy integrates the right-hand side).

**Proposition B.10.**  If ``|v^T A_I C_i| <= lambda^|I|`` and ``|v^T A_I B_j| <= lambda^|I|`` for every
word ``I``, ``K >= sum_i ||omega^i||_(1-var)`` and ``K >= |X_0|_1 + sum_j ||xi^j||_(1-var)`` (the digest's
single constant K, here with its two roles made explicit), then the readout minus its truncation
to the words ``|I| < M`` is at most

    K sum_(m>=M) (lambda d_omega K)^m / m!.

``cirone.propB_10.tail`` proves this from Proposition A.4 (premise; ``cirone.propA_4``): each word
of level m has ``|Sig^I| <= K^m/m!`` and a coefficient at most ``lambda^m``, there are ``d_omega^m`` of
them, the xi-integral adds ``||xi^j||_(1-var)`` (Riemann-Stieltjes bound, premise); sympy sums the
word count, the exponential series (``sum_(m>=M) x^m/m! = e^x - sum_(m<M) x^m/m!``, the form ``verify``
evaluates in arb) and the limit ``x^M/M! -> 0`` (so readouts lie in the closure of the truncated
functionals); z3 combines the two parts.  ``verify`` certifies the inequality in arb on seeded
random dense Linear CDEs and rational paths.
"""
from __future__ import annotations

from itertools import product

import sympy
from sympy import Sum, Symbol, factorial, oo, summation

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, z3_step

SOURCE_THM = "Theorem 4.1, Cirone et al. 2024 (Section 4.3; Theorem B.13)"
SOURCE_B8 = "Lemma B.8, Cirone et al. 2024 (Appendix B.2)"
SOURCE_B10 = "Proposition B.10, Cirone et al. 2024 (Appendix B.3)"

#: The sizes (letters d, level M) at which sympy proves the segment step for a symbolic state and increment.
SYMBOLIC_SIZES = ((2, 3), (3, 2))
#: Letters and levels of the one-segment symbolic check of Lemma B.8.
KERNEL_LETTERS, KERNEL_LEVELS = 2, (1, 2, 3)


# ---------------------------------------------------------------------------------------------
# Theorem 4.1 / B.13

def tensor_words(d: int, level: int) -> list[tuple[int, ...]]:
    """The words of length 0..level over ``d`` letters: the basis of ``T^level(R^d)``, by level then
    lexicographically."""
    return [w for k in range(level + 1) for w in product(range(d), repeat=k)]


def right_multiplication(d: int, level: int, letter: int) -> sympy.Matrix:
    """The B.13 matrix ``A_letter``: ``e_w -> e_(w letter)`` for ``|w| < level``, ``e_w -> 0`` for ``|w| = level``."""
    basis = tensor_words(d, level)
    index = {w: i for i, w in enumerate(basis)}
    matrix = sympy.zeros(len(basis), len(basis))
    for w in basis:
        if len(w) < level:
            matrix[index[w + (letter,)], index[w]] = 1
    return matrix


def chen_right_product(state: dict, increment, level: int) -> dict:
    """``S (x) exp(w)`` truncated at ``level``: ``(S (x) exp(w))_u = sum_p S_(u[:p]) prod_(l in u[p:]) w_l / (|u|-p)!``
    (Chen's identity for one more linear segment), written from the tensor formula."""
    out = {}
    for u in state:
        out[u] = sum(state[u[:p]] * sympy.Mul(*[increment[l] for l in u[p:]]) / factorial(len(u) - p)
                     for p in range(len(u) + 1))
    return out


def segment_steps(sizes=SYMBOLIC_SIZES, multiplication=right_multiplication) -> list[ProofStep]:
    """For each size: ``(sum_k w_k A_k)^(M+1) = 0`` and ``<alpha, exp(sum_k w_k A_k) S> = <alpha, S (x) exp(w)>``
    with symbolic ``alpha``, ``S`` and ``w`` (``multiplication`` builds the ``A_k``; a wrong one fails)."""
    steps = []
    for d, level in sizes:
        basis = tensor_words(d, level)
        w = sympy.symbols(f"w_0:{d}")
        s = {u: Symbol("s_" + ("".join(map(str, u)) or "e")) for u in basis}
        alpha = [Symbol("alpha_" + ("".join(map(str, u)) or "e")) for u in basis]
        generator = sum((w[k] * multiplication(d, level, k) for k in range(d)), sympy.zeros(len(basis), len(basis)))
        power = generator ** (level + 1)
        steps.append(identity_step(
            f"d = {d}, M = {level}: (sum_k w_k A_k)^(M+1) = 0 for symbolic w (A_k raises the level by one), so the "
            "segment exponential is the finite sum sum_(n<=M) (sum_k w_k A_k)^n/n!",
            sum(alpha[i] * power[i, j] * s[basis[j]] for i in range(len(basis)) for j in range(len(basis))), 0,
            simplifier=sympy.expand))
        vector = sympy.Matrix([s[u] for u in basis])
        term, exponential = vector, vector
        for n in range(1, level + 1):
            term = generator * term / n
            exponential = exponential + term
        chen = chen_right_product(s, w, level)
        steps.append(identity_step(
            f"d = {d}, M = {level}: <alpha, exp(sum_k w_k A_k) S> = <alpha, S (x) exp(w)> for symbolic alpha, state S "
            "and increment w (one linear segment of the B.13 CDE is Chen's right multiplication by the segment's "
            "signature)",
            sum(alpha[i] * exponential[i] for i in range(len(basis))),
            sum(alpha[i] * chen[u] for i, u in enumerate(basis)), simplifier=sympy.expand))
    q = Symbol("q", integer=True, nonnegative=True)
    M = Symbol("M", integer=True, nonnegative=True)
    k = Symbol("k", integer=True, nonnegative=True)
    steps.append(identity_step(
        "N = dim T^M(R^d) = sum_(k<=M) d^k = (d^(M+1) - 1)/(d - 1) for symbolic d = q + 2 >= 2 and M",
        Sum((q + 2) ** k, (k, 0, M)).doit(), ((q + 2) ** (M + 1) - 1) / (q + 1)))
    return steps


SEGMENT_PREMISES = (
    premise_step("on a segment where omega is linear with increment w (xi constant), dZ = sum_k A_k Z d omega^k is the "
                 "linear ODE Z' = (sum_k w_k A_k) Z on [0, 1], solved by the exponential series",
                 "the matrix exponential solves constant-coefficient linear ODEs; e.g. Hirsch, Smale & Devaney, "
                 "Differential Equations, Dynamical Systems, and an Introduction to Chaos (3rd ed., 2013)"),
    premise_step("Chen's identity: the signature of a concatenation is the tensor product of the signatures; with "
                 "Z_0 = e_() the segment steps above compose to Z_t = Sig^(<=M)(omega)_(0,t) on piecewise-linear omega, "
                 "and on bounded-variation omega by approximation in 1-variation",
                 "Chen (1954); Lyons, Caruana & Levy, Differential Equations Driven by Rough Paths (LNM 1908), Ch. 2"),
)

right_multiplication_step = Statement(
    name="cirone.thm4_1.right_multiplication",
    source=SOURCE_THM,
    summary=f"At (d, M) in {list(SYMBOLIC_SIZES)}: the B.13 generator sum_k w_k A_k (A_k = right multiplication by "
            "e_k in T^M(R^d)) is nilpotent, (sum_k w_k A_k)^(M+1) = 0, and one linear segment maps every state S to "
            "S (x) exp(w) truncated at level M (sympy, symbolic S, w and readout alpha); so with Z_0 = e_() the CDE "
            "solution is the truncated signature (Chen's identity, premise).  Also N = (d^(M+1) - 1)/(d - 1) for "
            "symbolic d, M.",
    hypotheses=(sympy.Eq(Symbol("A_k e_w (|w| < M)"), Symbol("e_(w k)")), sympy.Eq(Symbol("A_k e_w (|w| = M)"), 0)),
    prove=lambda: Proof("cirone.thm4_1.right_multiplication", tuple(segment_steps()) + SEGMENT_PREMISES),
    remarks=("The identities are symbolic in the state, the increment and the readout but are established at the "
             "listed sizes only; verify's exact instances cover further sizes (still finitely many).",
             "Left multiplication (A_k e_w = e_(k w)) fails the segment identity: the letters would come out in "
             "reverse time order (tests feed the proof that construction)."),
)

thm4_1 = register(Statement(
    name="cirone.thm4_1",
    source=SOURCE_THM,
    summary="Theorem B.13's construction: N = dim T^M(R^(d_0 + d_omega + d_xi)), A_k = right multiplication by the "
            "omega-letter e_k (truncated at level M), C = [e_(0_i)], B = [e_(xi_j)]; then A_I C_i = e_(0_i I), "
            "A_I B_j = e_(xi_j I), A_I = 0 for |I| > M, and the readout v = sum alpha_i^I e_(0_i I) + sum beta_j^I "
            "e_(xi_j I) equals sum_i X_0^i <alpha_i, Sig(omega)^(<=M-1)_(0,t)> + sum_j int_0^t <beta_j, "
            "Sig(omega)^(<=M-1)_(s,t)> d xi^j_s, every truncated form-(7) functional (with Z_0 = e_(): <alpha, "
            "Sig(omega)^(<=M)_(0,t)>).  Density in C^0 (Prop. B.11, Thm A.5) is not checked.",
    hypotheses=(sympy.Eq(Symbol("A_k e_w (|w| < M)"), Symbol("e_(w k)")), sympy.Eq(Symbol("A_k e_w (|w| = M)"), 0),
                sympy.Eq(Symbol("Z_0"), Symbol("C X_0"))),
    conclusion=sympy.Eq(Symbol("<v, Z_t>"), Symbol("truncated form (7) functional")),
    steps=(right_multiplication_step,),
    remarks=("verify certifies the identity exactly (fmpq) at every knot of seeded rational piecewise-linear paths, "
             "the CDE solved segment by segment with the finite exponential series and the signatures computed "
             "independently by Chen's identity (numerics.paths.signatures.exact_signature).",
             "The readout's linearity in the signature for any dense Linear CDE is Proposition B.4 (cirone.prop4_6).",
             "The density half of Theorem 4.1 (Stone-Weierstrass via Lemma A.8 and Proposition B.11) is not checked."),
))


# ---------------------------------------------------------------------------------------------
# Lemma B.8

def one_segment_kernel_steps(letters: int = KERNEL_LETTERS, levels=KERNEL_LEVELS, integrand_shift: int = 1
                             ) -> list[ProofStep]:
    """One linear segment, symbolic increments ``a, b`` of omega^X, omega^Y (``letters`` channels), ``p, q`` of
    xi^X, xi^Y, initial values ``x0, y0``: ``K_M(s,t) = x0 y0 + p q s t + int_0^s int_0^t K_(M-1) (a.b) d eta d tau``,
    (``integrand_shift = 1``; 0 puts ``K_M`` under the integral, which fails), with ``K_M`` summed over words from
    the closed forms ``Sig^I_(0,s) = a_I s^n/n!`` and
    ``int_0^s Sig^I_(u,s) d xi_u = p a_I s^(n+1)/(n+1)!`` and the right-hand side integrated by sympy."""
    s, t, eta, tau = sympy.symbols("s t eta tau", nonnegative=True)
    x0, y0, p, q = sympy.symbols("x0 y0 p q", real=True)
    a = sympy.symbols(f"a_0:{letters}", real=True)
    b = sympy.symbols(f"b_0:{letters}", real=True)

    def kernel(level, u, v):
        total = 0
        for n in range(level + 1):
            for word in product(range(letters), repeat=n):
                ab = sympy.Mul(*[a[i] * b[i] for i in word])
                total += x0 * y0 * ab * (u * v) ** n / factorial(n) ** 2
                total += p * q * ab * (u * v) ** (n + 1) / factorial(n + 1) ** 2
        return total

    dot = sum(a[i] * b[i] for i in range(letters))
    steps = []
    for level in levels:
        integral = sympy.integrate(kernel(level - integrand_shift, eta, tau) * dot, (eta, 0, s), (tau, 0, t))
        right = x0 * y0 + p * q * s * t + integral
        steps.append(identity_step(
            f"one linear segment, {letters} omega-letters, level {level}: K_M(s,t) = <X_0,Y_0> + <xi^X_s, xi^Y_t> + "
            "int_0^s int_0^t K_(M-1) <d omega^X, d omega^Y> (symbolic increments, times and initial values; the "
            "double integral by sympy.integrate)", kernel(level, s, t), right, simplifier=sympy.expand))
    return steps


KERNEL_PREMISES = (
    premise_step("the level identity K_M = <X_0,Y_0> + <xi^X_s,xi^Y_t> + iint K_(M-1) <d omega^X, d omega^Y> holds for "
                 "all paths of bounded variation: peel the last letter, Sig^(Ik)_(0,s) = int_0^s Sig^I_(0,eta) d "
                 "omega^k_eta and g_(Ik)(s) = int_0^s g_I(eta) d omega^k_eta (Fubini), then sum over the letters k",
                 "Fubini's theorem for Lebesgue-Stieltjes integrals; the same computation as in Salvi, Cass, Foster, "
                 "Lyons & Yang, The Signature Kernel is the Solution of a Goursat PDE (SIAM J. Math. Data Sci., 2021)"),
    premise_step("K_M -> K uniformly on [0,1]^2 as M -> oo (the level-m terms are at most "
                 "C ||omega^X||^m ||omega^Y||^m/(m!)^2 by Proposition A.4), so the identity passes to the limit",
                 "Proposition A.4 of the paper (cirone.propA_4) and dominated convergence"),
)

one_segment = Statement(
    name="cirone.lemmaB_8.one_segment",
    source=SOURCE_B8,
    summary=f"For one linear segment ({KERNEL_LETTERS} omega-letters, levels {list(KERNEL_LEVELS)}), with symbolic "
            "increments, times and initial values: K_M(s,t) = <X_0,Y_0> + <xi^X_s, xi^Y_t> + iint_(eta<=s, tau<=t) "
            "K_(M-1)(eta,tau) <d omega^X_eta, d omega^Y_tau> (sympy integrates); every path and the limit M -> oo "
            "by named premises.",
    hypotheses=(sympy.Eq(Symbol("xi_0"), 0),),
    prove=lambda: Proof("cirone.lemmaB_8.one_segment", tuple(one_segment_kernel_steps()) + KERNEL_PREMISES),
)

lemmaB_8 = register(Statement(
    name="cirone.lemmaB_8",
    source=SOURCE_B8,
    summary="K(s,t) = <T(X)_(0,s), T(Y)_(0,t)> = <X_0,Y_0> + <xi^X_s, xi^Y_t> + iint_(eta<=s, tau<=t) K(eta,tau) "
            "<d omega^X_eta, d omega^Y_tau>; truncated at level M the same identity holds with K_(M-1) under the "
            "integral (the level identity), and Lemma B.8 is its limit.",
    hypotheses=(sympy.Eq(Symbol("xi_0"), 0), sympy.Eq(Symbol("T(X)_(0,t)"),
                                                      Symbol("(X_0 Sig(omega)_(0,t), int Sig(omega)_(s,t) d xi_s)"))),
    conclusion=sympy.Eq(Symbol("K_M(s,t)"), Symbol("<X_0,Y_0> + <xi_s,xi_t> + iint K_(M-1) <d omega, d omega>")),
    steps=(one_segment,),
    remarks=("verify certifies the level identity exactly (fmpq) at every pair of knot times of seeded rational "
             "piecewise-linear paths, for every level up to the instance's; the limit M -> oo rests on Proposition "
             "A.4 (premise).",),
))


# ---------------------------------------------------------------------------------------------
# Proposition B.10

K = Symbol("K", positive=True)
lam = Symbol("lambda", positive=True)
d_omega = Symbol("d_omega", integer=True, positive=True)
M_level = Symbol("M", integer=True, nonnegative=True)
m = Symbol("m", integer=True, nonnegative=True)
x = Symbol("x", nonnegative=True)

#: The hypotheses of Proposition B.10 as used here (the digest's single K in its two roles).
B10_HYPOTHESES = (sympy.Ge(lam ** Symbol("|I|"), Symbol("max(|v^T A_I C_i|, |v^T A_I B_j|)")),
                  sympy.Ge(K, Symbol("sum_i ||omega^i||_1-var")),
                  sympy.Ge(K, Symbol("|X_0|_1 + sum_j ||xi^j||_1-var")))


def readout_tail(constant, rate, letters, level):
    """``K sum_(m>=M) (lambda d_omega K)^m/m!`` (the printed form; an infinite sum)."""
    return constant * Sum((rate * letters * constant) ** m / factorial(m), (m, level, oo))


def b10_steps() -> list[ProofStep]:
    i = Symbol("i", integer=True, positive=True)
    kx, kxi, c = sympy.symbols("K_0 K_xi c", nonnegative=True)   # |X_0|_1, sum_j TV(xi^j), level-m factor
    n = Symbol("n", integer=True, positive=True)
    return [
        premise_step("|Sig(omega)^I_(s,t)| <= K^|I|/|I|! for every word I and s <= t (K bounds the l1 1-variation on "
                     "[0,t], hence on [s,t])", "Proposition A.4 of the paper (cirone.propA_4)"),
        premise_step("|int_0^t f(s) d xi^j_s| <= sup_s |f(s)| ||xi^j||_(1-var,[0,t]) (Riemann-Stieltjes bound)",
                     "e.g. Friz & Victoir, Multidimensional Stochastic Processes as Rough Paths (CUP 2010), "
                     "Riemann-Stieltjes integration"),
        premise_step("the expansion of Proposition B.4 converges absolutely, so the remainder past level M is at most "
                     "the sum of the absolute values of its terms (triangle inequality)",
                     "Proposition 4.6 / B.4 of the paper (cirone.prop4_6)"),
        identity_step("level m: the d_omega^m words, each with coefficient <= lambda^m and signature <= K^m/m!, sum to "
                      "(lambda d_omega K)^m/m! (sympy.summation over the words)",
                      summation(lam ** n * K ** n / factorial(n), (i, 1, d_omega ** n)),
                      (lam * d_omega * K) ** n / factorial(n), simplifier=lambda e: sympy.simplify(sympy.powsimp(
                          sympy.expand_power_base(e, force=True), force=True))),
        z3_step("X_0-part and xi-part together: |X_0|_1 c + (sum_j ||xi^j||) c <= K c when |X_0|_1 + sum_j ||xi^j|| <= K "
                "and c >= 0", (kx + kxi) * c <= K * c, [kx + kxi <= K]),
        identity_step("sum_(m>=0) x^m/m! = e^x (sympy.summation), so sum_(m>=M) x^m/m! = e^x - sum_(m<M) x^m/m! (the "
                      "form evaluated in arb)", Sum(x ** m / factorial(m), (m, 0, oo)), sympy.exp(x),
                      simplifier=lambda e: sympy.simplify(e.doit())),
        identity_step("x^M/M! -> 0 as M -> oo (sympy.limit), so the tail vanishes and readouts lie in the closure of "
                      "the truncated functionals", sympy.limit(x ** M_level / factorial(M_level), M_level, oo), 0),
    ]


tail = Statement(
    name="cirone.propB_10.tail",
    source=SOURCE_B10,
    summary="From Proposition A.4 (premise): the level-m remainder is at most K (lambda d_omega K)^m/m!, summed over "
            "m >= M; sum_(m>=M) x^m/m! = e^x - sum_(m<M) x^m/m! and x^M/M! -> 0 (sympy).",
    symbols=(K, lam, d_omega, M_level),
    hypotheses=B10_HYPOTHESES,
    prove=lambda: Proof("cirone.propB_10.tail", tuple(b10_steps())),
)

propB_10 = register(Statement(
    name="cirone.propB_10",
    source=SOURCE_B10,
    summary="If |v^T A_I C_i|, |v^T A_I B_j| <= lambda^|I| for every word I, K >= sum_i ||omega^i||_1-var and K >= "
            "|X_0|_1 + sum_j ||xi^j||_1-var, then |<v, Z_t> - (its expansion over the words |I| < M)| <= K "
            "sum_(m>=M) (lambda d_omega K)^m/m!.",
    symbols=(K, lam, d_omega, M_level),
    hypotheses=B10_HYPOTHESES,
    conclusion=sympy.Le(Symbol("readout_tail"), readout_tail(K, lam, d_omega, M_level)),
    steps=(tail,),
    remarks=("verify certifies the inequality in arb on seeded random dense Linear CDEs (rational A_k, B, C, v with "
             "|v| |B_j|, |v| |C_i| <= 1 and lambda = max_k ||A_k||_F) driven by rational piecewise-linear omega, xi.",
             "Dropping the factorial only enlarges the bound (or makes it infinite), so that change cannot fail on "
             "any instance; verify's mutations shift the level instead and break the hypothesis on lambda."),
))
