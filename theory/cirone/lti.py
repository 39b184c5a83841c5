"""LTI gates (Section 4.2 of Cirone et al. 2024) on the toy data of Section 6: why S4-type models
cannot beat the zero predictor on Area and Volume.

With ``omega_t = t`` (S4, S5, LRU) the signature of ``omega`` is ``Sig^{(0^k)}_{s,t} = (t-s)^k/k!``
whatever the input (``cirone.lti_symmetry.time_signature``), so Proposition 4.6 gives
``Z_1 = sum_k A^k Z_0/k! + sum_j int_0^1 e^{A(1-s)} B_j d xi^j_s``: linear in ``(Z_0, xi)``, hence
*affine in the path* when ``Z_0 = W X_0 + b`` and ``xi`` is ``X`` (or ``(t, X)``, or ``int X``).  A
linear readout of one LTI layer is therefore an affine function ``a + sum_l b_l x_l`` of the
sampled path values ``x``.

The symmetry.  The toy increments are i.i.d. ``round(N(0, 1))`` per channel and step, an odd
function of a symmetric variable, so the law of the path is invariant under flipping the sign of
one channel ``c`` (of one path).  Signature words are multilinear in the channels' increments:
flipping ``c`` maps ``Sig^I`` to ``(-1)^{m_c(I)} Sig^I`` (``m_c`` = multiplicity of ``c`` in ``I``;
``channel_flip``).  For a label ``y = Sig^I`` and a path value ``x_l`` of channel ``c'``, pick a
channel ``c != c'`` with ``m_c(I)`` odd: the flip fixes ``x_l`` and negates ``y``, so
``E[y x_l] = 0``; and ``E[y] = 0`` (``zero_covariance``).  Then every affine predictor has
``E[(y - a - b.x)^2] = E[y^2] + E[(a + b.x)^2] >= E[y^2]``: none beats the zero predictor
(``best_affine``).  Area ``(1,2)`` and Volume ``(1,2,3)`` qualify (every channel has a different
odd-multiplicity channel); ``Sig^{(1,1)}`` would not.

Which symmetry.  The *global* flip ``X -> -X`` maps Area to Area and Volume to ``-Volume`` and
all ``x_l`` to ``-x_l``: it gives ``E[x_l Area] = 0`` but says nothing about ``E[x_l Volume]``
(both factors change sign).  Time reversal maps the signature to its inverse (Area to
``-Area + Delta X^1 Delta X^2``), not to a multiple of it, and is no help.  The per-channel flip
covers both labels.

Normalisation.  The data are divided by ``max |X|`` over the data set and the labels by
``max |label|``; flipping a channel of one path changes neither maximum (it changes signs only),
so the law of one normalised sample ``(x_i/c_X, y_i/c_y)`` keeps the symmetry
(``normalisation``).  The first value of a path is its first increment (not 0); that changes
nothing above.
"""
from __future__ import annotations

import sympy
from sympy import Abs, Function, IndexedBase, Integral, Sum, Symbol, factorial

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, sign_step

SOURCE = "Section 4.2, Cirone et al. 2024 (LTI gates), on the toy data of Section 6 (the argument is ours)"

k = Symbol("k", integer=True, positive=True)
r, s, t = sympy.symbols("r s t", real=True)
AREA, VOLUME = (0, 1), (0, 1, 2)       # data channels (0-based, no time channel)


def time_signature_steps() -> list[ProofStep]:
    """``int_s^t (r-s)^(k-1)/(k-1)! dr = (t-s)^k/k!`` (symbolic k), and the base case."""
    return [
        identity_step("Sig^(0)_(s,t) = int_s^t dr = t - s (base case k = 1)", Integral(1, (r, s, t)).doit(), t - s),
        identity_step("induction on k: Sig^(0^k)_(s,t) = int_s^t Sig^(0^(k-1))_(s,r) dr = int_s^t (r-s)^(k-1)/(k-1)! dr "
                      "= (t-s)^k/k!: independent of the input, so the features are linear in (Z_0, xi)",
                      sympy.integrate((r - s) ** (k - 1) / factorial(k - 1), (r, s, t)), (t - s) ** k / factorial(k)),
    ]


def multiplicity(word, channel) -> int:
    return sum(1 for letter in word if letter == channel)


def channel_flip_steps() -> list[ProofStep]:
    """For Area and Volume and each channel c: negating channel c multiplies the integrand of
    ``Sig^I`` (a product of the derivatives ``(X^{i_k})'``) by ``(-1)^{m_c(I)}``."""
    paths = [Function(f"X_{c}") for c in range(3)]
    steps = []
    for name, word in (("Area", AREA), ("Volume", VOLUME)):
        variables = sympy.symbols(f"u_0:{len(word)}", real=True)
        integrand = sympy.Mul(*(sympy.diff(paths[i](v), v) for i, v in zip(word, variables)))
        for c in range(len(word)):
            flipped = integrand.subs({paths[c](v): -paths[c](v) for v in variables}).doit()
            steps.append(identity_step(
                f"{name} {word}: negating channel {c} multiplies the integrand of Sig^I by (-1)^{multiplicity(word, c)}",
                flipped, (-1) ** multiplicity(word, c) * integrand))
    return steps


def zero_covariance_steps() -> list[ProofStep]:
    """``E[f] = E[f o g]`` and ``f o g = -f`` give ``E[f] = 0``, for ``f = y x_l`` and ``f = y``;
    and each path value has a flip that fixes it and negates the label."""
    mean = Symbol("m", real=True)      # E[f] = E[f o g] (law invariant under g)
    steps = [identity_step("if the law is invariant under g and f o g = -f then E[f] = E[-f]: the only solution of "
                           "m = -m is m = 0", sympy.solve(sympy.Eq(mean, -mean), mean)[0], 0)]
    for name, word in (("Area", AREA), ("Volume", VOLUME)):
        witnesses = []
        for c_value in range(3 if name == "Volume" else 2):
            flips = [c for c in set(word) if c != c_value and multiplicity(word, c) % 2 == 1]
            witnesses.append(len(flips))
        steps.append(sign_step(f"{name}: every path channel c' has a channel c != c' of odd multiplicity (a flip that fixes "
                               f"x_l of channel c' and negates the label); counts per channel {witnesses}, least "
                               "is positive", min(witnesses), "positive"))
    return steps


def best_affine_steps() -> list[ProofStep]:
    """``E[(y - a - sum_l b_l x_l)^2] = E[y^2] + E[(a + sum_l b_l x_l)^2]`` when ``E[y] = 0`` and
    ``E[y x_l] = 0`` (symbolic number of features)."""
    a = Symbol("a", real=True)
    b, covariance = IndexedBase("b", real=True), Function("Eyx")   # Eyx(l) = E[y x_l]
    ey, ey2, q = Symbol("Ey", real=True), Symbol("Ey2", nonnegative=True), Symbol("Q", nonnegative=True)
    l, L = Symbol("l", integer=True), Symbol("L", integer=True, positive=True)
    # linearity of E: E[(y - a - u)^2] = E[y^2] - 2 a E[y] - 2 sum_l b_l E[y x_l] + E[(a + u)^2], u = sum_l b_l x_l
    expanded = ey2 - 2 * a * ey - 2 * Sum(b[l] * covariance(l), (l, 1, L)) + q
    at_symmetry = expanded.subs(ey, 0).replace(covariance, lambda index: 0).doit()
    return [
        identity_step("(y - a - u)^2 = y^2 - 2 a y - 2 y u + (a + u)^2, whose expectation is linear in the moments",
                      sympy.expand((Symbol("y") - a - Symbol("u")) ** 2),
                      sympy.expand(Symbol("y") ** 2 - 2 * a * Symbol("y") - 2 * Symbol("y") * Symbol("u")
                                   + (a + Symbol("u")) ** 2)),
        identity_step("with E[y] = 0 and E[y x_l] = 0 for all l: E[(y - a - u)^2] = E[y^2] + E[(a + u)^2]",
                      at_symmetry, ey2 + q),
        sign_step("E[(a + u)^2] >= 0 (Q, the expectation of a square), so MSE(affine) - MSE(zero predictor) = Q >= 0",
                  at_symmetry - ey2, "nonnegative"),
    ]


def normalisation_steps() -> list[ProofStep]:
    y = Symbol("y", real=True)
    return [identity_step("|-v| = |v|: flipping a channel of one path changes no |entry| and no |label|, so max|X| and "
                          "max|label| over the data set (the normalisers) are unchanged", Abs(-y), Abs(y))]


def _step(name, summary, steps) -> Statement:
    return Statement(name=f"cirone.lti_symmetry.{name}", source=SOURCE, summary=summary,
                     prove=lambda: Proof(f"cirone.lti_symmetry.{name}", tuple(steps())))


time_signature = _step("time_signature", "omega_t = t: Sig(omega)^(0^k)_(s,t) = (t-s)^k/k! for every input (symbolic k), "
                       "so an LTI layer's features, and its linear readouts, are affine in the path.",
                       time_signature_steps)
channel_flip = _step("channel_flip", "Negating channel c multiplies Sig^I by (-1)^(m_c(I)) (Area and Volume, each channel).",
                     channel_flip_steps)
zero_covariance = _step("zero_covariance", "Per-channel sign flips leave the law of the toy paths invariant, so E[y] = 0 and "
                        "E[y x_l] = 0 for Area and Volume and every path value x_l.", zero_covariance_steps)
best_affine = _step("best_affine", "If E[y] = 0 and E[y x_l] = 0 then no affine predictor a + b.x has a smaller "
                    "mean-square error than 0 (symbolic number of features).", best_affine_steps)
normalisation = _step("normalisation", "The global normalisers max|X| and max|label| are invariant under the flips.",
                      normalisation_steps)
_steps = (time_signature, channel_flip, zero_covariance, best_affine, normalisation)

lti_symmetry = register(Statement(
    name="cirone.lti_symmetry",
    source=SOURCE,
    summary="One LTI layer (omega = t) with a linear readout is affine in the path, and on the toy data no affine "
            "predictor beats the zero predictor (in mean square) on Area or Volume, by the per-channel sign-flip "
            "symmetry of the increments (not the global flip X -> -X, which covers Area only).",
    steps=_steps,
    prove=lambda: Proof("cirone.lti_symmetry", tuple(st for step in _steps for st in step.prove().steps)),
    remarks=("Population statement (expectations under the data law); finite samples fluctuate around it: an OLS "
             "readout fitted on n samples with p features has validation MSE about (1 + p/n) times the zero "
             "predictor's.",
             "The digest attributes Area to X -> -X and Volume to independent zero-mean channels; the per-channel "
             "flip is one argument for both."),
))
