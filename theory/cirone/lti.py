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

What the proof rests on.  Every step is machine-checked (sympy, z3) or a named premise:

* ``data_law``: the toy recipe draws i.i.d. ``round(N(0, 1))`` increments (named premise, the
  recipe of :func:`numerics.paths.toydata.toy_dataset`; ``verify`` regenerates a data set from the
  recipe and compares it exactly); sympy finds the standard normal density even, the law
  ``p(n) = Phi(n + 1/2) - Phi(n - 1/2)`` of one rounded increment even in ``n`` (symbolic ``n``; ties
  are a null set), so the product law of a channel's ``L`` increments (symbolic ``L``) is invariant
  under negating them, and the cumulative sum turns that into negating the channel's path values;
* ``zero_covariance``: for each label word and each channel ``c'`` a witness channel ``c != c'`` is
  computed whose flip negates the label's integrand and fixes channel ``c'`` (sympy substitution);
  a word without one (``Sig^{(1,1)}``: ``LABELS`` patched) leaves the proof open.  Change of
  variables for image measures is a named premise; ``E[f] = -E[f] => E[f] = 0`` and the
  integrability ``|x|, |y| <= 1 => |x y| <= 1`` are z3 steps;
* ``best_affine``: the square expanded by sympy, linearity and monotonicity of expectation a named
  premise, ``(a + u)^2 >= 0`` and the final comparison z3 steps;
* ``time_signature``: sympy integrates the time signature; the zero-order-hold recursion of
  ``cirone.appendixF`` (a named premise here, proved there) and sympy's check that one step of it
  maps affine functions of the path to affine functions make the readout affine.

Hypotheses (the record's ``hypotheses``): ``omega_t = t``; the law of the data is invariant under
each per-channel flip; every channel ``c'`` has a channel ``c != c'`` of odd multiplicity in the
label's word.
"""
from __future__ import annotations

import sympy
from sympy import (Abs, Function, IndexedBase, Integral, Max, Mod, Product, Rational, Sum, Symbol, factorial)
from sympy.stats import Normal, cdf, density

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step, z3_step

SOURCE = "Section 4.2, Cirone et al. 2024 (LTI gates), on the toy data of Section 6 (the argument is ours)"

k = Symbol("k", integer=True, positive=True)
r, s, t = sympy.symbols("r s t", real=True)
AREA, VOLUME = (0, 1), (0, 1, 2)       # data channels (0-based, no time channel)
#: The labels the statement is about: name -> (signature word, channels of its data set).  Read at
#: proof time: the mutation ``Sig^(1,1)`` (a word without the odd-multiplicity hypothesis) patches it.
LABELS = {"Area": (AREA, 2), "Volume": (VOLUME, 3)}

#: The hypotheses the proof uses (see the module docstring).
HYPOTHESES = (
    sympy.Eq(Function("omega")(t), t),
    sympy.Eq(Function("Law")(Function("g_c")(Symbol("X"))), Function("Law")(Symbol("X"))),
    sympy.Eq(Mod(Symbol("m_c(I)", integer=True), 2), 1),
)

LINEARITY_PREMISE = ("expectation is linear and monotone on bounded random variables",
                     "e.g. Billingsley, Probability and Measure (3rd ed., 1995), §21")
CHANGE_OF_VARIABLES_PREMISE = ("if a measurable map g preserves the law of the data then E[f] = E[f o g] for bounded "
                               "measurable f, and the law of F(data) is preserved by any g~ with F o g = g~ o F",
                               "change of variables for image measures, e.g. Billingsley, Probability and Measure "
                               "(3rd ed., 1995), §16")
RECIPE_PREMISE = ("the toy increments are i.i.d. round(N(0, 1)) per path, step and channel, the paths their cumulative "
                  "sums, divided by max|X|, the labels Sig^I divided by max|label| (pseudo-random draws modelled as "
                  "independent standard normals)",
                  "recipe of numerics/paths/toydata.py and of the official generate_toy_dataset.py (Section 6); "
                  "verify regenerates a data set from it exactly")
APPENDIX_F_PREMISE = ("zero-order hold: on a segment Z_(k+1) = E_k Z_k + Phi_k B v_k with E_k, Phi_k functions of "
                      "AA_k = sum_i A_i w_k^i only (w_k the increment of omega)",
                      "cirone.appendixF (Appendix F of the paper; proved in this package)")


def time_signature_steps() -> list[ProofStep]:
    """``int_s^t (r-s)^(k-1)/(k-1)! dr = (t-s)^k/k!`` (symbolic k), the base case, and the
    zero-order-hold recursion mapping affine functions of the path to affine functions."""
    E, Phi, B, W, b = sympy.symbols("E Phi B W b", commutative=False)
    zx, zy, vx, vy, x0, y0 = sympy.symbols("Z_x Z_y v_x v_y x_0 y_0", commutative=False)
    lam = Symbol("lambda", real=True)
    mu = 1 - lam
    step = lambda z, v: E * z + Phi * B * v
    return [
        identity_step("Sig^(0)_(s,t) = int_s^t dr = t - s (base case k = 1)", Integral(1, (r, s, t)), t - s,
                      simplifier=lambda e: sympy.simplify(e.doit())),
        identity_step("induction on k: Sig^(0^k)_(s,t) = int_s^t Sig^(0^(k-1))_(s,r) dr = int_s^t (r-s)^(k-1)/(k-1)! dr "
                      "= (t-s)^k/k!: independent of the input, so with omega = t the increments w_k = Delta t_k and the "
                      "matrices AA_k, E_k, Phi_k are the same for every input",
                      sympy.integrate((r - s) ** (k - 1) / factorial(k - 1), (r, s, t)), (t - s) ** k / factorial(k)),
        premise_step(*APPENDIX_F_PREMISE),
        identity_step("Z_0 = W x_0 + b is affine in the path: Z_0(lambda x + (1 - lambda) y) = lambda Z_0(x) + "
                      "(1 - lambda) Z_0(y) (non-commuting W, x_0, y_0)",
                      W * (lam * x0 + mu * y0) + b, lam * (W * x0 + b) + mu * (W * y0 + b), simplifier=sympy.expand),
        identity_step("one step Z -> E Z + Phi B v with input-independent E, Phi maps affine functions of the path to "
                      "affine ones: if Z_k and v_k (an increment of xi = X) are affine, so is Z_(k+1) (induction over the "
                      "segments; the readout <c, Z_1> + c_0 is then affine too)",
                      step(lam * zx + mu * zy, lam * vx + mu * vy), lam * step(zx, vx) + mu * step(zy, vy),
                      simplifier=sympy.expand),
    ]


def multiplicity(word, channel) -> int:
    return sum(1 for letter in word if letter == channel)


def _integrand(word):
    """The integrand of ``Sig^I`` (product of the derivatives ``(X^{i_l})'(u_l)``), its paths and variables."""
    paths = [Function(f"X_{c}") for c in range(max(word) + 1)]
    variables = sympy.symbols(f"u_0:{len(word)}", real=True)
    return sympy.Mul(*(sympy.diff(paths[i](v), v) for i, v in zip(word, variables))), paths, variables


def _flip(expression, paths, variables, channel):
    """``expression`` with channel ``channel`` negated (``X_c -> -X_c``), derivatives carried out."""
    if channel >= len(paths):
        return expression
    return expression.subs({paths[channel](v): -paths[channel](v) for v in variables}).doit()


def channel_flip_steps() -> list[ProofStep]:
    """For each label and each channel c: negating channel c multiplies the integrand of
    ``Sig^I`` (a product of the derivatives ``(X^{i_k})'``) by ``(-1)^{m_c(I)}``."""
    steps = []
    for name, (word, channels) in LABELS.items():
        integrand, paths, variables = _integrand(word)
        for c in range(channels):
            steps.append(identity_step(
                f"{name} {word}: negating channel {c} multiplies the integrand of Sig^I by (-1)^{multiplicity(word, c)}",
                _flip(integrand, paths, variables, c), (-1) ** multiplicity(word, c) * integrand))
    return steps


def data_law_steps() -> list[ProofStep]:
    """The toy recipe's law is invariant under negating one channel of one path."""
    normal = Normal("G", 0, 1)
    x = Symbol("x", real=True)
    n = Symbol("n", integer=True)
    pmf = lambda m: cdf(normal)(m + Rational(1, 2)) - cdf(normal)(m - Rational(1, 2))
    d = IndexedBase("d", real=True)
    l, j = Symbol("l", integer=True), Symbol("j", integer=True, positive=True)
    L = Symbol("L", integer=True, positive=True)

    def factors_simplified(expression):
        """Simplifier: simplify the factor of every product (``Product(f, ...) -> Product(simplify(f), ...)``)."""
        return sympy.simplify(expression.replace(lambda e: isinstance(e, Product),
                                                 lambda e: Product(sympy.simplify(e.function), *e.limits)))
    return [
        premise_step(*RECIPE_PREMISE),
        identity_step("the standard normal density is even: phi(-x) = phi(x) (sympy.stats)",
                      density(normal)(-x), density(normal)(x)),
        identity_step("one rounded increment has the law p(n) = P(n - 1/2 < G < n + 1/2) (ties are a null set, so "
                      "numpy's round-half-to-even does not matter), and p(-n) = p(n) for every integer n (sympy.stats cdf)",
                      pmf(-n), pmf(n)),
        identity_step("the L increments of one channel of one path have the product law prod_l p(d_l), invariant under "
                      "d -> -d (symbolic L; the other factors are untouched)",
                      Product(pmf(-d[l]), (l, 1, L)), Product(pmf(d[l]), (l, 1, L)), simplifier=factors_simplified),
        identity_step("the path values are cumulative sums: negating the increments of a channel negates its values",
                      Sum(-d[l], (l, 1, j)), -Sum(d[l], (l, 1, j)), simplifier=lambda e: sympy.simplify(e.doit())),
    ]


def zero_covariance_steps() -> list[ProofStep]:
    """``E[f] = E[f o g]`` and ``f o g = -f`` give ``E[f] = 0``, for ``f = y x_l`` and ``f = y``;
    each path value has a flip that fixes it and negates the label (a witness channel, computed)."""
    mean = Symbol("m", real=True)      # E[f] = E[f o g] (law invariant under g)
    xv, yv = sympy.symbols("x y", real=True)
    steps = [premise_step(*CHANGE_OF_VARIABLES_PREMISE),
             z3_step("the normalised values satisfy |x| <= 1 and |y| <= 1, so |y x| <= 1: y x_l and y are integrable",
                     Abs(xv * yv) <= 1, [Abs(xv) <= 1, Abs(yv) <= 1]),
             z3_step("if the law is invariant under g and f o g = -f then E[f] = E[-f] = -E[f]: m = -m implies m = 0",
                     sympy.Eq(mean, 0), [sympy.Eq(mean, -mean)])]
    for name, (word, channels) in LABELS.items():
        integrand, paths, variables = _integrand(word)
        for fixed in range(channels):
            witnesses = [c for c in range(channels) if c != fixed and multiplicity(word, c) % 2 == 1]
            if not witnesses:
                steps.append(ProofStep(
                    claim=f"{name} {word}: a channel c != {fixed} whose flip negates the label and fixes channel {fixed}",
                    expression=None, holds=False, kind="sympy",
                    method=f"no channel c != {fixed} has odd multiplicity in {word} (all {channels} channels searched)"))
                continue
            c = witnesses[0]
            u = Symbol("u", real=True)                       # the time of the path value x_l
            value = Function(f"X_{fixed}")(u)
            product = integrand * value                      # f = y x_l, up to the integration over the simplex
            flipped = _flip(product, paths + [Function(f"X_{i}") for i in range(len(paths), fixed + 1)],
                            variables + (u,), c)
            steps.append(identity_step(
                f"{name} {word}, f = y x_l with x_l a value of channel {fixed}: the flip of channel {c} (odd "
                f"multiplicity {multiplicity(word, c)}) gives f o g = -f (sympy substitution X_{c} -> -X_{c} in the "
                "label's integrand times X_" + f"{fixed}(u))", flipped, -product))
        first = next((c for c in range(channels) if multiplicity(word, c) % 2 == 1), None)
        if first is not None:
            steps.append(identity_step(f"{name} {word}, f = y: the flip of channel {first} gives f o g = -f, so E[y] = 0",
                                       _flip(integrand, paths, variables, first), -integrand))
    return steps


def best_affine_steps() -> list[ProofStep]:
    """``E[(y - a - sum_l b_l x_l)^2] = E[y^2] + E[(a + sum_l b_l x_l)^2]`` when ``E[y] = 0`` and
    ``E[y x_l] = 0`` (symbolic number of features)."""
    a = Symbol("a", real=True)
    b, covariance = IndexedBase("b", real=True), Function("Eyx")   # Eyx(l) = E[y x_l]
    ey, ey2, q = Symbol("Ey", real=True), Symbol("Ey2", real=True), Symbol("Q", real=True)
    y, u = sympy.symbols("y u", real=True)
    l, L = Symbol("l", integer=True), Symbol("L", integer=True, positive=True)
    # linearity of E: E[(y - a - u)^2] = E[y^2] - 2 a E[y] - 2 sum_l b_l E[y x_l] + E[(a + u)^2], u = sum_l b_l x_l
    expanded = ey2 - 2 * a * ey - 2 * Sum(b[l] * covariance(l), (l, 1, L)) + q
    at_symmetry = expanded.subs(ey, 0).replace(covariance, lambda index: 0)
    return [
        identity_step("(y - a - u)^2 = y^2 - 2 a y - 2 y u + (a + u)^2 (sympy expands both sides)",
                      (y - a - u) ** 2, y ** 2 - 2 * a * y - 2 * y * u + (a + u) ** 2, simplifier=sympy.expand),
        premise_step(*LINEARITY_PREMISE),
        identity_step("with E[y] = 0 and E[y x_l] = 0 for all l: E[(y - a - u)^2] = E[y^2] + E[(a + u)^2] "
                      "(substituted and summed by sympy, symbolic L)",
                      at_symmetry, ey2 + q, simplifier=lambda e: sympy.simplify(e.doit())),
        z3_step("(a + u)^2 >= 0 for all real a, u, so Q = E[(a + u)^2] >= 0 (monotonicity of expectation)",
                (a + u) ** 2 >= 0),
        z3_step("Q >= 0 gives MSE(affine) = E[y^2] + Q >= E[y^2] = MSE(zero predictor)", ey2 + q >= ey2, [q >= 0]),
    ]


def normalisation_steps() -> list[ProofStep]:
    y1, y2 = sympy.symbols("y_1 y_2", real=True)
    return [identity_step("max(|-v|, |w|) = max(|v|, |w|): flipping a channel of one path changes no |entry| and no "
                          "|label| (labels change sign only), so max|X| and max|label| over the data set (the "
                          "normalisers) are unchanged", Max(Abs(-y1), Abs(y2)), Max(Abs(y1), Abs(y2)))]


def _step(name, summary, steps, hypotheses=()) -> Statement:
    return Statement(name=f"cirone.lti_symmetry.{name}", source=SOURCE, summary=summary, hypotheses=hypotheses,
                     prove=lambda: Proof(f"cirone.lti_symmetry.{name}", tuple(steps())))


time_signature = _step("time_signature", "omega_t = t: Sig(omega)^(0^k)_(s,t) = (t-s)^k/k! for every input (symbolic k), "
                       "so an LTI layer's features, and its linear readouts, are affine in the path.",
                       time_signature_steps, HYPOTHESES[:1])
channel_flip = _step("channel_flip", "Negating channel c multiplies Sig^I by (-1)^(m_c(I)) (Area and Volume, each channel).",
                     channel_flip_steps)
data_law = _step("data_law", "The toy recipe (i.i.d. round(N(0, 1)) increments, cumulative sums) has a law invariant "
                 "under negating one channel of one path: the rounded normal's law is even (symbolic n).",
                 data_law_steps, (sympy.Eq(Function("Law")(Symbol("dX_(i,l,c)")), Function("Law")(Function("round")(
                     Symbol("G")))), sympy.Eq(Function("Law")(Symbol("G")), Function("Normal")(0, 1))))
zero_covariance = _step("zero_covariance", "Per-channel sign flips leave the law of the toy paths invariant, so E[y] = 0 and "
                        "E[y x_l] = 0 for Area and Volume and every path value x_l.", zero_covariance_steps,
                        HYPOTHESES[1:])
best_affine = _step("best_affine", "If E[y] = 0 and E[y x_l] = 0 then no affine predictor a + b.x has a smaller "
                    "mean-square error than 0 (symbolic number of features).", best_affine_steps,
                    (sympy.Eq(Symbol("E[y]"), 0), sympy.Eq(Symbol("E[y x_l]"), 0)))
normalisation = _step("normalisation", "The global normalisers max|X| and max|label| are invariant under the flips.",
                      normalisation_steps)
_steps = (time_signature, channel_flip, data_law, zero_covariance, best_affine, normalisation)

lti_symmetry = register(Statement(
    name="cirone.lti_symmetry",
    source=SOURCE,
    summary="One LTI layer (omega = t) with a linear readout is affine in the path, and on the toy data no affine "
            "predictor beats the zero predictor (in mean square) on Area or Volume, by the per-channel sign-flip "
            "symmetry of the increments (not the global flip X -> -X, which covers Area only).",
    hypotheses=HYPOTHESES,
    steps=_steps,
    prove=lambda: Proof("cirone.lti_symmetry", tuple(st for step in _steps for st in step.prove().steps)),
    remarks=("Population statement (expectations under the data law); finite samples fluctuate around it: an OLS "
             "readout fitted on n samples with p features has validation MSE about (1 + p/n) times the zero "
             "predictor's.",
             "The digest attributes Area to X -> -X and Volume to independent zero-mean channels; the per-channel "
             "flip is one argument for both.",
             "Hypotheses: omega_t = t; Law(g_c(X)) = Law(X) for each per-channel flip g_c (from the recipe, data_law); "
             "every channel c' has a channel c != c' with m_c(I) odd (Area, Volume: yes; Sig^(1,1): no)."),
))
