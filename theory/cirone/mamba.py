"""Corollary 4.4 / B.20 of Cirone et al. 2024 (Mamba's closure: sums over channels of one-channel maps).

Corollary 4.4.  Let the state be split into blocks, one per control channel ``i``, each block driven
only by its own channel: ``A_i`` is diagonal and supported on block ``i`` (zero elsewhere), and the
column ``B_i`` of ``B`` is supported on block ``i`` (Remark 3.2: S4 / Mamba as a block-diagonal
Linear CDE; Section 2.2: ``z_i`` evolves with ``A_i(x)`` and is fed by ``x^i``).  Then every readout
``<v, Z^X_t>`` is of the form

    sum_i psi_i(omega^{X,i}_t) + sum_i int_0^t phi_i(omega^{X,i}_t - omega^{X,i}_s) d xi^{X,i}_s,

``psi_i, phi_i : R -> R`` (``omega_0 = 0``), and conversely every such map is approached.

``cirone.cor4_4.channel_separation`` (proved, with named premises: Proposition 4.6's expansion,
products of diagonal matrices, the mean value theorem).  In the expansion of Proposition 4.6 the
coefficient of the word ``I`` is ``<v, A_I Z_0>`` and that of ``(j, I)`` (the ``xi^j``-part,
``int_0^t Sig^I_{s,t} d xi^j_s``) is ``<v, A_I B_j>``.  For ``i != j`` the blocks of ``A_i`` and
``A_j`` are disjoint, so at every coordinate one of the two diagonal entries is 0 and
``A_j A_i = 0``; likewise ``A_i B_j = 0``.  A word that mixes two channels has two adjacent distinct
letters, so its ``A_I`` (or ``A_I B_j``) contains such a factor and vanishes: **words mixing two
channels have zero coefficient**.  The surviving words are ``i^k`` (and ``(i, i^k)`` for ``xi^i``),
with ``Sig^{i^k}_{s,t} = (omega^i_t - omega^i_s)^k / k!``, so summing over ``k``,
``psi_i(x) = <v_i, e^{x a_i} z_{0,i}>`` and ``phi_i(x) = <v_i, e^{x a_i} b_i>`` (``a_i`` the diagonal of
block ``i``; exponential of a diagonal matrix entrywise).  sympy checks the vanishing products on
symbolic 3-channel, 2-per-block matrices and on every mixing word of length <= 4, z3 the coordinatewise
argument for any size, and the one-letter signature and exponential series for symbolic ``k``.

``cirone.cor4_4.readout_splits`` (certified by ``verify``): on rational piecewise-linear paths the
truncated expansion (level <= M) of one channel-wise diagonal Linear CDE with ``omega = xi = X``
equals, exactly in ``fmpq``, the sum of the one-channel Linear CDEs' truncated expansions (block ``i``
driven by the one-dimensional path ``X^i`` alone), at every ``M`` it lists.

``cirone.cor4_4.cross_terms_outside`` (certified by ``verify``): with ``omega = xi = X`` in two
channels the channel-wise readouts of level <= M are combinations of ``e_()`` and the one-letter
words ``e_{i^k}``; the cross term ``Delta X^1 Delta X^2 = Sig^{(1,2)} + Sig^{(2,1)}`` and the Area
``Sig^{(1,2)}`` are not in that span: exact ranks over Q of the word rows and (premise-free) of the
evaluations on rational paths with exact signatures.  Untruncated: every channel-wise readout with
``omega = xi = X`` is ``f_1(Delta X^1) + f_2(Delta X^2)`` (channel_separation, with
``int_0^t phi(X_t - X_s) dX_s = Phi(Delta X)``), so two paths with the same increments and different
Area, and the four corners of a rectangle of increments (alternating sum 0 for every such readout,
``(a - a')(b - b')`` for the cross term), separate the targets from every readout, at any level.
Paper's 1-based channels ``X^1, X^2`` = 0-based letters ``0, 1`` here.
"""
from __future__ import annotations

from itertools import product

import sympy
from sympy import Function, Sum, Symbol, diff, exp, factorial, oo

from ..registry import register
from ..statement import Proof, Statement
from ..steps import identity_step, premise_step, z3_step
from .diagonal import ZERO_DERIVATIVE

SOURCE = "Corollary 4.4, Cirone et al. 2024 (Section 4.3; Corollary B.20)"

t = Symbol("t", real=True)
k = Symbol("k", integer=True, positive=True)
x = Symbol("x", real=True)
CHANNELS = 3          # symbolic instance: 3 channels
BLOCK = 2             # ... with 2 state coordinates per channel
WORD_LENGTH = 4       # mixing words checked one by one up to this length

_Ai, _Aj = sympy.symbols("A_i A_j", commutative=False)
#: Hypotheses: A_i diagonal and supported on block i, B_i supported on block i (channel-wise).
CHANNEL_WISE = (sympy.Eq(_Aj * _Ai, 0), sympy.Eq(Symbol("A_i") * Symbol("B_j"), 0))

EXPANSION_PREMISE = premise_step(
    "Proposition 4.6: <v, Z_t> = sum_I <v, A_I Z_0> Sig^I_(0,t) + sum_j sum_I <v, A_I B_j> int_0^t Sig^I_(s,t) "
    "d xi^j_s, A_I = A_(i_n)...A_(i_1), the series converging absolutely",
    "Proposition 4.6 / B.4 of the paper (cirone.prop4_6; Chen-Dyson series, Friz & Victoir 2010, Ch. 3)")
DIAGONAL_PRODUCT = premise_step(
    "a product of diagonal matrices is diagonal, its n-th entry the product of the factors' n-th entries",
    "matrix multiplication, e.g. Horn & Johnson, Matrix Analysis (2nd ed., 2013), §0.9.1")
ADJACENT_LETTERS = premise_step(
    "a word containing two distinct letters has two adjacent distinct letters (else all letters equal the first), so "
    "A_I = ... A_(i_(m+1)) A_(i_m) ... with i_m != i_(m+1)",
    "induction on the word length (elementary combinatorics of words)")


def block_matrices(channel_wise: bool = True):
    """Symbolic ``A_i`` (diagonal, entries ``a_{i,n}``), ``B_j`` and ``Z_0``.  Channel-wise: ``A_i`` and
    ``B_i`` live on block ``i`` only.  ``channel_wise=False``: ``A_i`` diagonal on every coordinate and
    ``B_j`` dense (Theorem 4.3's diagonal model, for which the separation fails)."""
    size = CHANNELS * BLOCK
    A, B = [], []
    for i in range(CHANNELS):
        entries = [Symbol(f"a_{i}_{n}") if (not channel_wise or n // BLOCK == i) else 0 for n in range(size)]
        A.append(sympy.diag(*entries))
        B.append(sympy.Matrix([Symbol(f"b_{i}_{n}") if (not channel_wise or n // BLOCK == i) else 0
                               for n in range(size)]))
    z0 = sympy.Matrix([Symbol(f"z_{n}") for n in range(size)])
    return A, B, z0


def _word_product(A, word, start):
    vector = start
    for letter in word:            # earliest letter acts first
        vector = A[letter] * vector
    return vector


def _abs_sum(matrix) -> sympy.Expr:
    return sum((abs(sympy.expand(e)) for e in matrix), sympy.Integer(0))


def mixing_steps(channel_wise: bool = True):
    """sympy: ``A_j A_i = 0`` and ``A_i B_j = 0`` (``i != j``); every mixing word of length <= 4 has
    ``A_I Z_0 = 0`` and ``A_I B_j = 0`` (``(j, I)`` mixing)."""
    A, B, z0 = block_matrices(channel_wise)
    pairs = [(i, j) for i in range(CHANNELS) for j in range(CHANNELS) if i != j]
    products = sum((_abs_sum(A[j] * A[i]) for i, j in pairs), sympy.Integer(0))
    fed = sum((_abs_sum(A[i] * B[j]) for i, j in pairs), sympy.Integer(0))
    words_z, words_b, residue = 0, 0, sympy.Integer(0)
    for length in range(2, WORD_LENGTH + 1):
        for word in product(range(CHANNELS), repeat=length):
            if len(set(word)) > 1:
                residue += _abs_sum(_word_product(A, word, z0))
                words_z += 1
    for length in range(1, WORD_LENGTH):
        for j in range(CHANNELS):
            for word in product(range(CHANNELS), repeat=length):
                if len(set(word) | {j}) > 1:
                    residue += _abs_sum(_word_product(A, word, B[j]))
                    words_b += 1
    size = f"{CHANNELS} channels, {BLOCK} coordinates per block, symbolic entries"
    return [
        identity_step(f"A_j A_i = 0 for all {len(pairs)} ordered pairs i != j ({size}; sum of |entries|)", products, 0),
        identity_step(f"A_i B_j = 0 for all {len(pairs)} ordered pairs i != j ({size})", fed, 0),
        identity_step(f"every word mixing two channels has zero coefficient: A_I Z_0 = 0 for the {words_z} mixing words "
                      f"I of length 2..{WORD_LENGTH} and A_I B_j = 0 for the {words_b} mixing (j, I) with |I| <= "
                      f"{WORD_LENGTH - 1} ({size}; an instance of the general argument)", residue, 0),
    ]


def coordinate_step():
    """z3: at a coordinate where the two blocks are disjoint one entry is 0, so the product entry is 0
    (any size)."""
    p, q = Symbol("p", real=True), Symbol("q", real=True)
    return z3_step("for i != j every coordinate n lies outside block i or outside block j, so (A_i)_nn = 0 or "
                   "(A_j)_nn = 0, and (A_j A_i)_nn = (A_j)_nn (A_i)_nn = 0 (any block sizes; the same for A_i B_j)",
                   sympy.Eq(p * q, 0), [sympy.Or(sympy.Eq(p, 0), sympy.Eq(q, 0))])


def one_channel_steps():
    """``Sig^{i^k}_{s,t} = (omega^i_t - omega^i_s)^k / k!`` and the exponential series of ``psi_i, phi_i``."""
    omega = Function("omega")
    a = Symbol("a", real=True)
    delta = omega(t) - omega(0)
    return [
        identity_step("one-letter words: d/dt [(omega_t - omega_s)^k/k!] = (omega_t - omega_s)^(k-1)/(k-1)! omega'_t, "
                      "the recursion Sig^(i^k)_(s,t) = int_s^t Sig^(i^(k-1))_(s,r) d omega^i_r (symbolic k)",
                      diff(delta ** k / factorial(k), t), delta ** (k - 1) / factorial(k - 1) * diff(omega(t), t)),
        identity_step("(omega_s - omega_s)^k/k! = 0 for k >= 1, as Sig^(i^k)_(s,s) = 0", (delta ** k).subs(t, 0), 0),
        ZERO_DERIVATIVE,
        identity_step("summing the surviving words: sum_k <v_i, a_i^k c> x^k/k! = <v_i, e^(x a_i) c> entrywise "
                      "(sympy.summation of the exponential series), so psi_i(x) = <v_i, e^(x a_i) z_(0,i)> and "
                      "phi_i(x) = <v_i, e^(x a_i) b_i>",
                      Sum((a * x) ** k / factorial(k), (k, 0, oo)), exp(a * x),
                      simplifier=lambda e: sympy.simplify(e.doit())),
    ]


def _proof() -> Proof:
    return Proof(statement="cirone.cor4_4.channel_separation",
                 steps=(EXPANSION_PREMISE, DIAGONAL_PRODUCT, coordinate_step(), ADJACENT_LETTERS, *mixing_steps(),
                        *one_channel_steps()))


channel_separation = Statement(
    name="cirone.cor4_4.channel_separation",
    source=SOURCE,
    summary="With A_i diagonal and supported on block i and B_i on block i (channel-wise, as in Mamba), every word of "
            "Proposition 4.6's expansion that mixes two channels has zero coefficient (A_j A_i = 0, A_i B_j = 0 for "
            "i != j); the one-letter words give psi_i(omega^i_t) = <v_i, e^(omega^i_t a_i) z_(0,i)> and "
            "int phi_i(omega^i_t - omega^i_s) d xi^i_s with phi_i(x) = <v_i, e^(x a_i) b_i>.",
    symbols=(t, k, x),
    hypotheses=CHANNEL_WISE,
    conclusion=sympy.Eq(Symbol("A_j") * Symbol("A_i"), 0),
    prove=_proof,
    remarks=("Inclusion half of Corollary 4.4; the density half (every psi_i, phi_i approached) is Theorem 4.3's "
             "Proposition B.18 argument per channel and is not checked here.",
             "Edge of the hypothesis: with A_i diagonal on every coordinate (Theorem 4.3's model) A_j A_i != 0 and "
             "the symmetrised mixed words sym(ij) survive; the mutation of verify's checks uses that."),
)

readout_splits = Statement(
    name="cirone.cor4_4.readout_splits",
    source=SOURCE,
    summary="On rational piecewise-linear paths, the level-<=M truncated expansion of a channel-wise diagonal Linear "
            "CDE (omega = xi = X) equals exactly the sum over channels of the one-channel Linear CDEs' expansions, each "
            "driven by X^i alone (fmpq).",
    hypotheses=CHANNEL_WISE,
    remarks=("Decided by verify (exact, python-flint fmpq) at the levels it lists; a coupling across channels "
             "(A_i diagonal on every coordinate, or an off-diagonal entry) makes the two sides differ.",),
)

cross_terms_outside = Statement(
    name="cirone.cor4_4.cross_terms_outside",
    source=SOURCE,
    summary="With omega = xi = X in two channels, neither the cross term Delta X^1 Delta X^2 = Sig^(1,2) + Sig^(2,1) "
            "nor the Area Sig^(1,2) is in the span of channel-wise diagonal readouts: exact ranks over Q (word rows and "
            "evaluations on rational paths) at the levels verify lists, and at every level two-path / rectangle "
            "certificates.",
    hypotheses=CHANNEL_WISE,
    remarks=("Paper's X^1, X^2 = 0-based letters 0, 1.",
             "Edge of the hypothesis: Theorem 4.3's diagonal model (not channel-wise) reaches sym(12) = Delta X^1 Delta "
             "X^2 and 1.sym(2) = Sig^(1,2); verify's mutation uses it."),
)

cor4_4 = register(Statement(
    name="cirone.cor4_4",
    source=SOURCE,
    summary="Mamba (A_i diagonal, channel-wise control): readouts are sum_i psi_i(omega^i_t) + sum_i int_0^t "
            "phi_i(omega^i_t - omega^i_s) d xi^i_s; words mixing channels have zero coefficient, so cross-channel "
            "targets (Delta X^1 Delta X^2, Area) are out of reach of one layer.",
    hypotheses=CHANNEL_WISE,
    steps=(channel_separation, readout_splits, cross_terms_outside),
    remarks=("The density half (every psi_i, phi_i approached) is not checked.",),
))
