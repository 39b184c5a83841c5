"""Figure 2 of Cirone et al. 2024 (Section 6, the A5 word problem): the experiment's claim and two exact
statements of ours about it that none of the papers' code has.

Notation (:mod:`numerics.nets.a5`): tokens ``x_1..x_L`` are elements of the alternating group A5 (60
even permutations of five points); the target at position ``k`` is the running product ``pi_k =
x_1 . ... . x_k`` (``g . h``: ``g`` first, then ``h``), as a one-hot vector in R^60.

``cirone.a5.dense_solves`` (ours; decided exactly by ``verify``).  With the dense matrices ``A~_i =
P_i - I`` (``P_i`` the 5 x 5 permutation matrix of token ``i``) and one-hot control increments, the
Linear CDE's fixed-step recurrence is ``Z_k = P_(x_k) Z_(k-1)``, its Wronskian ``P_(x_k) ... P_(x_1) =
P_(pi_k)``: a dense Linear CDE of state dimension 5 tracks the running product exactly at every length,
and with ``Z_0 = (0..4)`` the product is read off the state.  (Theorems 4.1-4.2 give dense Linear CDEs
the full signature; here one explicit construction suffices.)  ``verify`` compares, in integers, the
Wronskians and the read-off state with the targets on every input of length <= 3 and on seeded samples
of every length 4..20.

``cirone.a5.one_diagonal_layer`` (ours; proved with sympy and z3).  By Theorem 4.3 (Proposition B.14)
a diagonal Linear CDE driven by the tokens -- control increments ``w(x_s)`` for ``omega`` and ``u(x_s)``
for ``xi`` on the segment of token ``s``, any token-wise gates -- has per state coordinate
``h_k = alpha(x_k) h_(k-1) + beta(x_k)`` with ``alpha(x) = exp(a . w(x))``; unrolled,

    h_3 = e^(a.(w_1+w_2+w_3)) h_0 + e^(a.(w_2+w_3)) beta(x_1) + e^(a.w_3) beta(x_2) + beta(x_3),

so every linear readout at time 3 is ``psi(multiset of all tokens) + sum_s f(x_s, multiset of the tokens
after s)``.  Then ``out(g, a, b) - out(g, b, a) = f(a, {b}) + f(b, {}) - f(b, {a}) - f(a, {})`` does
not depend on ``g``.  The one-hot target's difference ``e_(gab) - e_(gba)`` does whenever ``ab != ba``:
its coordinate ``c = gab`` is 1, while for ``g' != g`` the same coordinate of ``e_(g'ab) - e_(g'ba)``
is ``0 - [g'ba = gab]`` (cancellation: ``g'ab != gab``), 0 or -1.  If some readout (one per output
coordinate) were within ``eps`` of the target on every length-3 input, the common difference ``y`` of
coordinate ``c`` would be within ``2 eps`` of both 1 and a number ``<= 0``, so ``eps >= 1/4`` (z3).
So **no single diagonal layer with a linear readout comes within 1/4 of the one-hot target at length
3**, whatever its width and gates.

``cirone.a5.one_diagonal_layer_on_a5`` (ours; certified by ``verify``, exact): on A5 itself at length
3, for every non-commuting pair ``(a, b)`` and every ``g``, a ``g'`` with the certificate above exists;
the functional ``L(F) = F(g,a,b) - F(g,b,a) - F(g',a,b) + F(g',b,a)`` annihilates every generator of the
function space ``{psi(M) + f_1(x_1, M_23) + f_2(x_2, {x_3}) + f_3(x_3)}`` (a superset of the diagonal
readouts) and is >= 1 on the target coordinate ``gab``: an exact dual certificate that the target is at
sup-distance ``>= 1/4`` from the space (``|L(F)| <= 4 ||F||_inf``).  The rank of the space restricted to
the inputs over ``{g, g', a, b}`` rises when the target is added (exact ranks over Q).

``cirone.a5.figure2`` (the paper's claim, an experiment): "the number of blocks S4, Mamba and the
Transformer need for > 90 % validation accuracy grows with the length, and none reaches it at length 20
with <= 4 blocks; the RNN and the Linear CDE need one block throughout".  Checked by ``verify`` against
recorded full-tier runs (:mod:`numerics.nets.a5_study`; open until they are recorded); the CPU scale
cannot reach length 20, so the check confronts the claim's pattern on the lengths it runs.
"""
from __future__ import annotations

import sympy
from sympy import Function, Symbol, exp

from ..registry import register
from ..statement import Proof, Statement
from ..steps import identity_step, premise_step, z3_step

SOURCE = "Section 6, Figure 2, Cirone et al. 2024 (the A5 word problem)"
SOURCE_OURS = "Section 6, Figure 2, Cirone et al. 2024: consequence of Theorem 4.3 for the A5 word problem (ours)"

g, g2, a, b = sympy.symbols("g g' a b")
epsilon = Symbol("epsilon", real=True)
_Ai, _Aj = sympy.symbols("A_i A_j", commutative=False)
#: The hypothesis of Theorem 4.3 used here: commuting (diagonal) transition matrices.
COMMUTING = sympy.Eq(_Ai * _Aj - _Aj * _Ai, 0)
NON_COMMUTING_PAIR = sympy.Ne(Symbol("a.b"), Symbol("b.a"))

DIAGONAL_CLOSED_FORM = premise_step(
    "Proposition B.14 / Theorem 4.3: a diagonal Linear CDE has Z_t = exp(diag(V omega_t)) Z_0 + int_0^t "
    "exp(diag(V (omega_t - omega_s))) B d xi_s; on the segment of token s (omega, xi moving by w(x_s), u(x_s)) "
    "the integral is exp(diag(V (omega_t - omega_s))) beta(x_s), so per coordinate h_k = alpha(x_k) h_(k-1) + "
    "beta(x_k) with alpha(x) = exp(a . w(x))",
    "Proposition B.14 of the paper (cirone.thm4_3); variation of constants, Theorem E.6")
LINEARITY = premise_step(
    "a readout <v, h_3> (one per output coordinate) is a linear combination of the coordinates, so it inherits "
    "the form psi(S_all) + sum_s f(x_s, S_after(s)) with psi, f summed over the coordinates",
    "linearity of the readout (Theorem 4.3's readouts <v, Z_t>)")
CANCELLATION = premise_step(
    "in a group, g' != g implies g'ab != gab, and ab != ba implies gab != gba (cancellation)",
    "group axioms, e.g. Lang, Algebra (3rd ed., 2002), Ch. I, §2")


def unrolled_steps() -> list:
    """sympy: the length-3 diagonal recurrence equals the psi/f form, with psi(S) = e^(a S) h_0 and
    f(x, S) = e^(a S) beta(x) (sums of gate increments S commute)."""
    lam = Symbol("lambda", real=True)
    w, beta = Function("w"), Function("beta")
    x1, x2, x3, h0 = sympy.symbols("x_1 x_2 x_3 h_0")

    def alpha(x):
        return exp(lam * w(x))
    h = h0
    for x in (x1, x2, x3):
        h = alpha(x) * h + beta(x)

    def psi(total):
        return exp(lam * total) * h0

    def f(x, after):
        return exp(lam * after) * beta(x)
    form = psi(w(x1) + w(x2) + w(x3)) + f(x1, w(x2) + w(x3)) + f(x2, w(x3)) + f(x3, 0)
    swapped = h.subs({x2: x3, x3: x2}, simultaneous=True)
    return [identity_step("unrolled length-3 diagonal recurrence h_3 = psi(w_1+w_2+w_3) + f(x_1, w_2+w_3) + "
                          "f(x_2, w_3) + f(x_3, 0) (sympy.expand of the recurrence against the form)",
                          h, form, simplifier=lambda e: sympy.simplify(sympy.powsimp(sympy.expand(e)))),
            identity_step("the g-independent part: h_3(x_1, x_2, x_3) - h_3(x_1, x_3, x_2) has no term in x_1 "
                          "(its derivative in beta(x_1) and in w(x_1) vanish)",
                          sympy.diff((h - swapped).subs(beta(x1), Symbol("B1")), Symbol("B1")) +
                          sympy.diff((h - swapped).subs(w(x1), Symbol("W1")), Symbol("W1")), 0,
                          simplifier=lambda e: sympy.simplify(sympy.powsimp(sympy.expand(e))))]


def difference_steps() -> list:
    """sympy: for arbitrary psi (of the multiset, a symmetric sum) and f, out(g,a,b) - out(g,b,a) is the same
    for g and g'."""
    psi, f, w = Function("psi"), Function("f"), Function("w")

    def out(x1, x2, x3):
        return psi(w(x1) + w(x2) + w(x3)) + f(x1, w(x2) + w(x3)) + f(x2, w(x3)) + f(x3, 0)
    difference = out(g, a, b) - out(g, b, a)
    return [identity_step("out(g, a, b) - out(g, b, a) = out(g', a, b) - out(g', b, a) for every psi, f "
                          "(undefined sympy functions; multisets as sums of gate increments)",
                          difference, difference.subs(g, g2))]


def bound_step():
    """z3: |y - 1| <= 2 eps and |y - d| <= 2 eps with d <= 0 imply eps >= 1/4."""
    y, d = Symbol("y", real=True), Symbol("d", real=True)
    hypotheses = [y - 1 <= 2 * epsilon, 1 - y <= 2 * epsilon, y - d <= 2 * epsilon, d - y <= 2 * epsilon, d <= 0]
    return z3_step("coordinate c = gab: the model's common difference y is within 2 eps of the target difference 1 "
                   "(at g) and of d in {0, -1} (at g'), so eps >= 1/4", epsilon >= sympy.Rational(1, 4), hypotheses)


def _proof() -> Proof:
    return Proof(statement="cirone.a5.one_diagonal_layer",
                 steps=(DIAGONAL_CLOSED_FORM, *unrolled_steps(), LINEARITY, *difference_steps(), CANCELLATION,
                        bound_step()))


dense_solves = Statement(
    name="cirone.a5.dense_solves",
    source=SOURCE_OURS,
    summary="A dense Linear CDE of state dimension 5 solves the A5 word problem exactly at every length: with "
            "A~_i = P_i - I and one-hot control increments the state is Z_k = P_(pi_k) Z_0 (pi_k the running "
            "product), and Z_0 = (0..4) lets the product be read off.  Decided in integers on every input of length "
            "<= 3 and on seeded samples of every length 4..20.",
    remarks=("Exact integer arithmetic (int64, entries 0/1 and 0..4); the read-off is a lookup, not a linear map "
             "(a linear readout of P_pi Z_0 into 60 one-hot outputs is not claimed).",
             "The continuous-time flow with A_i = log(P_i) gives the same states at integer times; the logarithms "
             "are irrational, so the exact check uses the recurrence.",
             "Edge of the construction: reversing the product order (A_I = A_(i_1) ... A_(i_n)) or using P_i^T "
             "breaks it; verify's mutations use both."),
)

one_diagonal_layer = Statement(
    name="cirone.a5.one_diagonal_layer",
    source=SOURCE_OURS,
    summary="One diagonal Linear CDE layer (any width, any token-wise gates) with a linear readout is at sup-distance "
            ">= 1/4 from the one-hot target of the A5 word problem at length 3: its readouts are psi(multiset) + "
            "sum_s f(x_s, multiset after s), so out(g,a,b) - out(g,b,a) does not depend on g, while the target's "
            "difference does whenever ab != ba.",
    symbols=(epsilon,),
    hypotheses=(COMMUTING, NON_COMMUTING_PAIR),
    conclusion=sympy.Ge(epsilon, sympy.Rational(1, 4)),
    prove=_proof,
    remarks=("What it does not say: Figure 2's blocks put a per-position nonlinearity (Linear -> GLU, LayerNorm) "
             "after the layer.  On the finite set of length-3 inputs a wide diagonal layer's state can be "
             "injective (distinct decay rates separate the orderings), and a per-position MLP on an injective "
             "state can fit any target, so one nonlinear block is not excluded by this argument; the argument "
             "limits linear readouts of one layer (Theorem 4.3's setting).  Lower bounds for nonlinear stacks at "
             "all lengths need other tools (Merrill et al. 2024, circuit complexity), not this one.",
             "Edge of the hypothesis: with non-commuting (dense) A_i the difference depends on g -- the dense "
             "construction (cirone.a5.dense_solves) solves the task exactly."),
)

one_diagonal_layer_on_a5 = Statement(
    name="cirone.a5.one_diagonal_layer_on_a5",
    source=SOURCE_OURS,
    summary="On A5 at length 3: for every non-commuting pair (a, b) and every g there is g' such that "
            "L(F) = F(g,a,b) - F(g,b,a) - F(g',a,b) + F(g',b,a) annihilates every generator of {psi(M) + "
            "f_1(x_1, M_23) + f_2(x_2, {x_3}) + f_3(x_3)} and L(target_gab) >= 1 (exact dual certificate, distance "
            ">= 1/4); and the target is outside the space restricted to the inputs over {g, g', a, b} (exact ranks "
            "over Q).",
    hypotheses=(COMMUTING,),
    remarks=("Decided by verify exactly (integers and python-flint fmpq ranks).",
             "Edge of the hypothesis: generators that see the order of the tokens after s (the dense model's "
             "features) are not annihilated; verify's mutation uses that."),
)

figure2 = Statement(
    name="cirone.a5.figure2",
    source=SOURCE,
    summary="Figure 2: the blocks S4, Mamba and the Transformer need for > 90 % validation accuracy on the A5 word "
            "problem grow with the length (none reaches it at length 20 with <= 4 blocks); the RNN and the Linear CDE "
            "need one block at every length.",
    remarks=("An experiment: checked or refuted at the stated CPU scale from recorded runs (numerics.nets.a5_study, "
             "full tier), never proved; the paper's scale (hidden 1024, 10^6 sequences per length, lengths to 20) is "
             "configured (paper tier) but not run here.",
             "Paper's printed blocks (plot_A5.py): S4 1,1,2,2,2,2,3,3,4,4,4,4,4,- ; Mamba 1,2,2,2,2,3,3,3,4,4,-,... ; "
             "Transformer 1,1,1,1,2,3,3,3,4,4,4,4,-,- at lengths 3..12, 14, 16, 18, 20; RNN and Linear CDE 1."),
)

a5 = register(Statement(
    name="cirone.a5",
    source=SOURCE,
    summary="The A5 word problem (Figure 2): a dense Linear CDE solves it exactly; one diagonal layer with a linear "
            "readout cannot at length 3 (Theorem 4.3); the paper's experiment claim on the blocks needed.",
    steps=(dense_solves, one_diagonal_layer, one_diagonal_layer_on_a5, figure2),
))
