"""Dimension brackets: the smallest real dimension that eps-approximates a target.

For a target ``phi`` (the first ``t`` entries of an impulse response) and ``eps >= 0``,

    n_min(phi, eps) = min { n : some real diagonal SSM of dimension n has
                                ||h - phi||_1 <= eps up to time t },   h_k = sum_j w_j a_j^(k-1)

(``w_j = B_j C_j``, ``a_j = A_jj`` real; ``n = 0`` is the zero mapping).  :func:`dimension_bracket`
returns a :class:`DimensionBracket` ``lower <= n_min <= upper`` (once lower bound 3 or 5 has run with
``stable=True``, ``n_min`` is taken over real SSMs with ``|a_j| <= 1``, the paper's standing
assumption; bounds 1, 2 and 4 and the witnesses, which are stable, hold either way): ``lower`` is
rigorous (exact rationals, or arb balls for irrational targets), ``upper`` is the dimension of an explicit real
SSM (``witness``) whose error was verified exactly (fmpq) or as a certified arb ball.  Where
``lower == upper`` (``exact``) the minimal dimension is known exactly.  The input (entries as
fmpq or arb balls, eps exact) is read by :mod:`.dimension_input`.

Lower bound 1: sign changes (:mod:`.lower_bounds`)
--------------------------------------------------
By Lemma 4 (Ran-Milo et al. 2024, D.2.2) the odd- and even-indexed responses of a real SSM of
dimension n, and filtered versions of them, have at most ``n - 1`` sign changes; the least l1
cost of removing sign changes from ``phi`` (a dynamic programme over the runs, exact) then gives

    n >= 1 + min { k : c(k; phi|odd) + c(k; phi|even) <= eps },

and ``n = 0`` only if ``||phi||_1 <= eps``.  For a re-evaluable ball target the precision is raised
until the comparison with eps is decided (up to ``MAX_PREC`` bits).

Lower bound 2: eps = 0 and a one-dimensional complex target (Vandermonde rank)
-------------------------------------------------------------------------------
If ``phi_k = Re(c z^(k-1)) = (c z^(k-1) + conj(c) conj(z)^(k-1)) / 2`` with ``z`` not real, ``z != 0``
and ``c != 0`` (a :class:`~numerics.ssm.complex_target.ComplexOscillator` with ``sin theta != 0``) and a
real SSM with ``n`` distinct real poles (merge equal ones) matches it exactly up to time t, then the
``n + 2`` distinct nodes ``a_1..a_n, z, conj(z)`` give a vanishing combination of the columns
``(x^(k-1))_(k<=t)`` with nonzero coefficients ``c/2``; a t-row Vandermonde matrix with at most t
distinct nodes has independent columns, so ``n + 2 >= t + 1``: ``n_min(phi, 0) >= t - 1``.

Lower bound 3: annihilating polynomials (:mod:`.annihilator`; opt-in, ``annihilator_seconds``)
------------------------------------------------------------------------------------------------
A real SSM of dimension ``n <= d`` within eps forces, for some real-rooted ``P`` of degree d with
``P(S) h = 0`` and for every z, ``<z, P(S) phi> <= eps ||P(S)^T z||_inf``; branch and bound over the
roots (dual z from HiGHS, each box decided in arb at its vertices) certifies that no such P exists,
degree by degree from the current lower end up to ``upper - 1`` (it runs after the upper end is
known) and at most ``annihilator_max_degree``, within ``annihilator_seconds`` and
``annihilator_boxes`` boxes per degree: ``n >= d + 1`` for the largest degree certified.  The
budget only decides how far the bound gets, never whether it is sound (a seconds budget makes the
reach depend on the machine's load; a box budget alone is deterministic).  With ``stable=True``
(the default) the roots are confined to ``[-1, 1]``: the bound then holds for real SSMs with
``|a_j| <= 1`` (Ran-Milo et al.'s
standing assumption, under which Theorem 1 is stated; every witness below is stable, so the
bracket brackets the minimal dimension of *stable* real SSMs); ``stable=False`` covers every real
pole (roots ``1/a`` in a second chart) at about ``2^d`` times the cost, and the bracket then holds
for all real SSMs.  Where the bound stops at a degree d because a polynomial of degree d nearly
annihilates within eps (float64), its roots with l1-optimal weights are tried as a witness of
dimension d (verified like every witness), which closes the bracket when it verifies.

Lower bound 4: one windowed carrier for every annihilating polynomial (:mod:`.carrier`; opt-in, ``carrier``)
-----------------------------------------------------------------------------------------------------------
For a :class:`~numerics.ssm.complex_target.ComplexOscillator` ``phi_k = Re(c A^(k-1))`` and eps > 0:
the dual vector ``z_k = Re(e^(i chi) w_k conj(A)^(-(k-1)))`` of one complex window w bounds
``<z, P(S) phi>`` from below and ``||P(S)^T z||_inf`` from above by the *same* factor ``|P(A)|`` for
every real-rooted P of degree d (each root enters through a point of one fixed circle), so a single
inequality, decided in arb, rules out every real SSM with at most d states -- stable or not.  The
window comes from a linear programme (HiGHS); degrees from ``carrier_max_degree`` (default
``upper - 1``) down, by bisection, within ``carrier_seconds`` when given.  It reaches about
``theta t / 2`` states, the degree a polynomial needs to follow the oscillation, where sign counting
gives ``theta t / pi``.

Lower bound 5: the carrier with the stable roots in cells (:mod:`.grouped_carrier`; opt-in, ``grouped_seconds``)
-------------------------------------------------------------------------------------------------------------
For stable real SSMs (``stable=True``): a cell fixes how many roots lie in each of a few intervals
of ``[-1, 1]``, whose images are arcs of the carrier's circle inside smaller discs; each cell gets a
window of its own and a bound over its discs (the coincidence theorem applied to each group; the
triangle inequality first, a float64 grid of the torus with a rigorous rounding bound where it
fails).  The cells start as the ``d + 1`` splits over ``[-1, 0]`` and ``[0, 1]``; a cell that fails
is refined into two (one interval bisected, the range of its roots' split halved, groups may
overlap), and a degree is certified when every cell is.  Degrees from the lower end upwards within
``grouped_seconds``; at t = 45 a degree takes up to about 30 s, one to seven states beyond lower bound 4 at
the middle angles.  At arg A = pi/2 half the splits suffice (mirror symmetry, :mod:`.grouped_carrier`).

Upper bound: explicit real SSMs, verified (:mod:`.upper_bounds`)
----------------------------------------------------------------
* ``||phi||_1 <= eps``: the zero mapping (``upper = 0``; the witness is one state with ``B = 0``).
* Search (eps > 0): structured pole families with least-squares weights in arb and, for small
  dimensions, Levenberg-Marquardt fits with l1-optimal weights, from ``max(lower, search_up_to)``
  galloping upwards and bisecting back after a verified witness.
* Pole elimination with variable projection (eps > 0, opt-in ``varpro_seconds``,
  :mod:`.varpro`): from t - 1 Chebyshev-type poles, drop poles while the l1 LP error on the
  orthonormal basis stays within eps, moving the rest by variable projection; the smallest
  verified set replaces the search's witness when it is smaller.
* One cluster of poles (eps > 0, opt-in ``cluster_seconds``, :mod:`.cluster`): a polynomial
  times an exponential envelope (cluster near +1 or -1) fitted in l1 by HiGHS, realised by clustered
  poles with least-squares weights in arb; the smallest verified one replaces the witness when smaller.
  It follows an oscillation of angle theta with about ``theta t / 2`` states (``(pi - theta) t / 2``
  near -1), far below ``t - 1`` at the middle angles.
* Spread clusters (eps > 0, opt-in ``spread_seconds``, :func:`.varpro.spread_search`): poles spread
  over a wide range near +1 or -1, moved by variable projection, from one below the upper end found
  so far downwards while each dimension verifies; the smallest verified one replaces the witness
  (t = 18, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4: 14 states where one tight cluster
  needs 15).
* One less than Proposition 1 (any eps): ``t - 2`` Chebyshev poles and one more pole
  ``x = L(X Q0) / L(Q0)`` that makes the match exact up to time t; failing that, Proposition 1's
  t Chebyshev poles (n = t).

Every candidate's l1 error is computed exactly (fmpq) or as an arb ball and compared with eps;
only a verified witness counts (float64 and the least squares only propose).

Why written here: the sign-change programme and the one-less construction are a few lines with
no library equivalent; the exponential fit is small dense Levenberg-Marquardt (scipy's
``least_squares`` would need a Python callback per iteration for many starts, hence numba);
HiGHS solves the linear programs and python-flint does the exact and ball arithmetic
(``arb_mat.solve``, ``arb_poly`` evaluation, ``fmpq_poly`` products).

>>> from flint import fmpq
>>> b = dimension_bracket([1, fmpq(-1, 2), fmpq(1, 4), fmpq(-1, 8), fmpq(1, 16)], fmpq(1, 100))
>>> b.lower, b.upper, b.exact            # (-1/2)^(k-1): one real pole
(1, 1, True)
>>> dimension_bracket([1, 0, -1, 0, 1, 0], fmpq(1, 10)).lower    # odd part alternates twice
3
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from flint import ctx, fmpq

from ..errors import InputError, PrecisionError, check_seconds
from ..ssm.complex_target import ComplexOscillator
from ..ssm.constructions import chebyshev_nodes, vandermonde_ssm
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import DEFAULT_PREC, fmpq_to_string
from .dimension_input import MAX_PREC, _coerce_eps, _coerce_phi, _entry, _is_ball, float_values
from .annihilator import AnnihilatorBound, annihilator_bound
from .carrier import CarrierBound, carrier_bound
from .grouped_carrier import grouped_bound
from .lower_bounds import SignChanges, _signed_magnitudes, sign_change_bound
from .upper_bounds import _l1_weights, _search, one_less_witness, verify_witness
from .varpro import spread_search, varpro_search
from .cluster import cluster_search

__all__ = ["DimensionBracket", "dimension_bracket"]

#: Default largest dimension the witness search tries.
MAX_SEARCH_N = 40


@dataclass(frozen=True)
class DimensionBracket:
    """``lower <= n_min(phi, eps) <= upper`` (module docstring).

    ``witness``: a real SSM of dimension ``upper`` (or one state with ``B = 0`` when ``upper = 0``)
    whose l1 error up to time t is at most ``witness_error <= eps`` (a rational), verified as
    ``witness_check`` says.  ``lower_how`` / ``upper_how`` say how each end was obtained;
    ``system`` is "exact" (rational target) or "arb" (ball target) and ``prec`` the arb precision
    used.  ``sign_changes`` holds the eps-robust sign-change counts; ``search`` records what the
    witness search tried (dimensions, best l2 / float64 l1 errors, verified witnesses), ``seed`` the
    seed of its random starts.  ``annihilator``: the outcome of lower bound 3 (None when not run);
    ``carrier``: the outcome of lower bound 4 (None when not run); ``grouped``: of lower bound 5.
    """

    lower: int
    upper: int
    witness: DiagonalSSM
    witness_error: fmpq
    witness_check: str
    lower_how: str
    upper_how: str
    t: int
    eps: fmpq
    system: str
    prec: int
    sign_changes: SignChanges
    search: tuple
    seed: int
    seconds: float
    annihilator: AnnihilatorBound | None = None
    carrier: CarrierBound | None = None
    grouped: CarrierBound | None = None

    @property
    def exact(self) -> bool:
        """True when the minimal real dimension is known exactly (lower == upper)."""
        return self.lower == self.upper

    def witness_strings(self) -> dict:
        """The witness as exact rationals (strings; balls as their arb text)."""
        def text(x):
            return fmpq_to_string(x) if isinstance(x, fmpq) else str(x)
        return {"A": [text(a) for a in self.witness.A], "B": [text(b) for b in self.witness.B],
                "C": [text(c) for c in self.witness.C], "n": self.upper}


def dimension_bracket(phi, eps=0, *, seed: int = 0, search: bool = True, search_up_to: int | None = None,
                      search_max_n: int = MAX_SEARCH_N, starts: int = 24,
                      iterations: int = 60, rounds: int = 3,
                      max_seconds: float | None = None, prec: int = DEFAULT_PREC,
                      annihilator_seconds: float | None = None, annihilator_max_degree: int = 8,
                      annihilator_boxes: int = 20000, stable: bool = True,
                      varpro_seconds: float | None = None, cluster_seconds: float | None = None,
                      spread_seconds: float | None = None, carrier: bool = False,
                      carrier_max_degree: int | None = None, carrier_seconds: float | None = None,
                      grouped_seconds: float | None = None) -> DimensionBracket:
    """Bracket the smallest real dimension that eps-approximates ``phi`` up to t = len(phi).

    ``phi``: a sequence of reals (ints, Fractions, fmpq and floats are taken exactly; arb balls
    stand for every target inside them), a :class:`~numerics.ssm.targets.Target`, or a
    :class:`~numerics.ssm.complex_target.ComplexOscillator` (whose balls can be refined, and which
    enables lower bound 2 at eps = 0).  ``eps >= 0`` (exact).  ``search``: look for a witness
    (eps > 0) of dimension ``max(lower, search_up_to)`` first (e.g. the largest dimension that would
    refute a claimed bound), then galloping upwards to ``search_max_n`` (and t - 2) and bisecting
    back after a verified witness; ``starts`` Levenberg-Marquardt starts per dimension (for
    n <= ``LM_MAX_N``), ``iterations`` and ``rounds`` per start, within ``max_seconds``; ``seed``
    seeds it.  ``prec``: starting arb precision for ball targets.  ``annihilator_seconds``: time for
    lower bound 3 (None: not run), over degrees up to ``annihilator_max_degree`` with at most
    ``annihilator_boxes`` boxes per degree; ``stable``: its
    roots confined to [-1, 1] (bracket for stable real SSMs) or not (module docstring).
    ``varpro_seconds``: time for pole elimination with variable projection (None: not run).
    ``cluster_seconds``: time for the one-cluster witnesses of :mod:`.cluster` (None: not run).
    ``spread_seconds``: time for the spread clusters of :func:`.varpro.spread_search`, below the
    upper end found so far (None: not run).
    ``carrier``: run lower bound 4 (a ComplexOscillator target, eps > 0) over the degrees up to
    ``carrier_max_degree`` (default: the verified upper end minus one), the largest first, within
    ``carrier_seconds`` (None: each programme within its own limit, :data:`.carrier.LP_SECONDS`).
    ``grouped_seconds``: time for lower bound 5 (a ComplexOscillator target, eps > 0, ``stable=True``),
    degrees from the lower end upwards (None: not run).
    """
    start = time.monotonic()
    for name, value, low in (("seed", seed, 0), ("starts", starts, 1), ("annihilator_boxes", annihilator_boxes, 1),
                             ("search_max_n", search_max_n, 1),
                             ("iterations", iterations, 1), ("rounds", rounds, 0), ("prec", prec, 16)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
            raise InputError(f"{name}: must be an integer >= {low}, got {value!r}")
    if search_up_to is not None and (isinstance(search_up_to, bool) or not isinstance(search_up_to, Integral)):
        raise InputError(f"search_up_to: must be an integer or None, got {search_up_to!r}")
    for name, value in (("max_seconds", max_seconds), ("annihilator_seconds", annihilator_seconds),
                        ("varpro_seconds", varpro_seconds), ("cluster_seconds", cluster_seconds),
                        ("spread_seconds", spread_seconds), ("grouped_seconds", grouped_seconds),
                        ("carrier_seconds", carrier_seconds)):
        check_seconds(name, value, optional=True)
    if isinstance(annihilator_max_degree, bool) or not isinstance(annihilator_max_degree, Integral):
        raise InputError(f"annihilator_max_degree: must be an integer, got {annihilator_max_degree!r}")
    for name, value in (("stable", stable), ("carrier", carrier)):
        if not isinstance(value, bool):
            raise InputError(f"{name}: must be True or False, got {value!r}")
    if carrier_max_degree is not None and (isinstance(carrier_max_degree, bool)
                                           or not isinstance(carrier_max_degree, Integral)):
        raise InputError(f"carrier_max_degree: must be an integer or None, got {carrier_max_degree!r}")
    eps = _coerce_eps(eps)
    values, refine = _coerce_phi(phi, prec)
    t = len(values)

    # ---- lower bound 1, raising the precision of a refinable ball target until sharp -----------
    # (at eps = 0 a complex oscillator gets lower bound 2, t - 1, which the sign changes never beat)
    rank_bound = eps == 0 and isinstance(phi, ComplexOscillator)
    changes = sign_change_bound(values, eps, filters=not rank_bound)
    while not changes.sharp and not rank_bound and refine is not None and 2 * prec <= MAX_PREC:
        prec *= 2
        values = refine(prec)
        changes = sign_change_bound(values, eps)
    lower = changes.lower
    lower_how = (f"sign changes (Lemma 4 on (A^2, B, C A^o p(A))): the filtered sequences {changes.filter} "
                 f"keep >= {changes.robust_k} changes under any l1 perturbation <= eps"
                 + ("" if changes.sharp else " (comparison with eps not decided at the largest precision: "
                                             "the bound is rigorous but may not be sharp)"))
    if not changes.norm_exceeds_eps:
        lower_how = "||phi||_1 > eps not certified: lower bound 0"
    if rank_bound and t - 1 > lower:
        if _nonreal(phi, prec):
            lower = t - 1
            lower_how = ("eps = 0, one-dimensional complex target with non-real A, BC != 0: Vandermonde rank "
                         "gives n >= t - 1")

    system = "arb" if _is_ball(values) else "exact"
    record: list = []
    # ---- upper bound ---------------------------------------------------------------------------
    witness = error = check = None
    if not changes.norm_exceeds_eps:
        l1 = sum((m for _, m in _signed_magnitudes(values, True)), fmpq(0))
        if l1 <= eps:
            witness = DiagonalSSM(np.array([fmpq(0)], dtype=object), np.array([fmpq(0)], dtype=object),
                                  np.array([fmpq(1)], dtype=object), field="real")
            upper, error = 0, l1
            check = "||phi||_1 <= eps (upper end of the balls): the zero mapping"
            upper_how = "zero mapping"
    if witness is None and search and eps > 0:
        cap = min(search_max_n, t - 2)
        first = max(lower, 1, -1 if search_up_to is None else int(search_up_to))
        if first <= cap:
            y = float_values(values)
            deadline = None if max_seconds is None else start + max_seconds
            found, found_error, found_check, record = _search(values, y, eps, max(lower, 1), first, cap, seed,
                                                              starts, iterations, rounds, prec, deadline)
            if found is not None:
                witness, error, check = found, found_error, found_check
                upper = witness.n
                verified = next(entry for entry in record if entry.get("verified") and entry["n"] == upper)
                upper_how = ("search: " + (f"structured pole family {verified['family']}, least-squares weights in "
                                           "arb" if "family" in verified else
                                           f"Levenberg-Marquardt (numba, seed {seed}, {starts} starts per n), l1 LP "
                                           "weights (HiGHS)") + "; error verified")
    if varpro_seconds is not None and eps > 0 and changes.norm_exceeds_eps and t >= 2 and \
            (witness is None or upper > lower):
        eliminated = varpro_search(values, eps, lower=max(lower, 1), max_seconds=varpro_seconds, prec=prec)
        record.append({"varpro": eliminated.trace, "seconds": round(eliminated.seconds, 3),
                       "complete": eliminated.complete})
        if eliminated.witness is not None and (witness is None or eliminated.witness.n < upper):
            witness, error, check = eliminated.witness, eliminated.error, eliminated.check
            upper = witness.n
            upper_how = "varpro: " + eliminated.how + "; error verified"
    if cluster_seconds is not None and eps > 0 and changes.norm_exceeds_eps and t >= 2 and \
            (witness is None or upper > lower):
        started = time.monotonic()
        clustered = cluster_search(phi if refine is not None else values, eps, max(lower, 1),
                                   t - 1 if witness is None else upper, max_seconds=cluster_seconds)
        record.append({"cluster": None if clustered is None else clustered.n,
                       "seconds": round(time.monotonic() - started, 3)})
        if clustered is not None:
            witness, error, check = clustered.ssm, clustered.error, clustered.check
            upper = witness.n
            upper_how = (f"one cluster of poles (base {clustered.base:.6g}, kappa {clustered.kappa}): polynomial "
                         "proposal (HiGHS), least-squares weights in arb; error verified")
    if spread_seconds is not None and eps > 0 and changes.norm_exceeds_eps and t >= 2 and \
            (witness is None or upper > lower):
        spread = spread_search(values, eps, low=max(lower, 1), high=t - 1 if witness is None else upper,
                               max_seconds=spread_seconds, prec=prec)
        record.append({"spread": spread.trace, "seconds": round(spread.seconds, 3), "complete": spread.complete})
        if spread.witness is not None:
            witness, error, check = spread.witness, spread.error, spread.check
            upper = witness.n
            upper_how = spread.how + "; error verified"
    if witness is None:
        built = one_less_witness(values, prec, refine)
        if built is not None:
            witness, check = built
            upper, error = t - 1, fmpq(0)
            upper_how = "one less than Proposition 1: t - 2 Chebyshev poles and x = L(X Q0)/L(Q0) (error 0)"
            if witness.has_ball_parameters:
                _, bound, _ = verify_witness(witness, values, eps, max(prec, 2 * t + 64))
                check += f"; arb re-check: l1 error of every SSM in the balls <= {float(bound):.3g}"
        else:
            work = max(prec, 4 * t + 128)
            witness = vandermonde_ssm(values if refine is None else [_entry(v, i) for i, v in enumerate(refine(work))],
                                      chebyshev_nodes(t), field="real", rel_radius=2.0**-20)
            upper, error = t, fmpq(0)
            upper_how = "Proposition 1 (Vandermonde on t Chebyshev poles, error 0)"
            check = ("exact (fmpq) Vandermonde solution" if not witness.has_ball_parameters else
                     "certified construction (arb): weights contain the exact Vandermonde solution, error 0")
    # ---- lower bound 3 (opt-in), degrees up to upper - 1 ------------------------------------------
    annihilated = None
    top = min(annihilator_max_degree, upper - 1)
    if annihilator_seconds is not None and changes.norm_exceeds_eps and eps > 0 and lower <= top:
        annihilated = annihilator_bound(values, eps, lower, stable=stable, max_degree=top,
                                        max_boxes=annihilator_boxes, max_seconds=annihilator_seconds)
        tried = ", ".join(f"d={d}: {outcome} ({boxes} boxes)" for d, outcome, boxes, _ in annihilated.degrees)
        if annihilated.lower > lower:
            lower = annihilated.lower
            lower_how = ("annihilating polynomials (branch and bound over the roots"
                         + (" in [-1, 1], for SSMs with |a_j| <= 1" if stable else ", every real pole")
                         + f"; dual certificates checked in arb): {tried}")
        hinted = None if annihilated.hint is None else _hint_witness(annihilated.hint, values, eps, prec)
        if hinted is not None and hinted[0].n < upper:
            witness, error, check = hinted
            upper = witness.n
            upper_how = ("the roots of the polynomial at which the annihilator bound stopped, l1 LP weights "
                         "(HiGHS); error verified")
    # ---- lower bound 4 (opt-in), degrees up to upper - 1 ------------------------------------------
    carried = None
    top = upper - 1 if carrier_max_degree is None else min(int(carrier_max_degree), upper - 1)
    if carrier and isinstance(phi, ComplexOscillator) and changes.norm_exceeds_eps and eps > 0 and lower <= top:
        if _nonreal(phi, prec):
            carried = carrier_bound(phi, eps, lower, top, carrier_seconds)
            if carried.lower > lower:
                lower = carried.lower
                tried = ", ".join(f"d={d}: {'certified' if ok else 'not certified'}" for d, ok, _ in carried.degrees)
                lower_how = ("one windowed carrier (dual z_k = Re(e^(i chi) w_k conj(A)^(1-k)), window from a "
                             "linear programme, inequality decided in arb) rules out every real SSM with at most "
                             f"{lower - 1} states, stable or not: {tried}")
    # ---- lower bound 5 (opt-in, stable SSMs), degrees from the lower end up -----------------------
    grouped = None
    if grouped_seconds is not None and stable and isinstance(phi, ComplexOscillator) and changes.norm_exceeds_eps \
            and eps > 0 and lower < upper and _nonreal(phi, prec):
        grouped = grouped_bound(phi, eps, lower, upper - 1, grouped_seconds)
        if grouped.lower > lower:
            lower = grouped.lower
            tried = ", ".join(f"d={d}: {'certified' if ok else 'not certified'}" for d, ok, _ in grouped.degrees)
            lower_how = ("windowed carrier with the stable roots in cells (counts of roots in intervals of [-1, 1], "
                         "one window per cell, the triangle inequality or a rigorous float64 grid, decided in arb) rules "
                         "out "
                         f"every stable real SSM with at most "
                         f"{lower - 1} states: {tried}")
    if lower > upper:
        raise PrecisionError(f"dimension_bracket: lower bound {lower} exceeds the verified dimension {upper} "
                             "(internal error)")
    return DimensionBracket(lower=lower, upper=upper, witness=witness, witness_error=error, witness_check=check,
                            lower_how=lower_how, upper_how=upper_how, t=t, eps=eps, system=system, prec=prec,
                            sign_changes=changes, search=tuple(record), seed=seed, seconds=time.monotonic() - start,
                            annihilator=annihilated, carrier=carried, grouped=grouped)


def _nonreal(target: ComplexOscillator, prec: int) -> bool:
    """``sin theta != 0`` certified: A is not real (lower bounds 2 and 4 need it)."""
    with ctx.workprec(prec):
        return bool(abs(target.theta(prec).sin()) > 0)


def _hint_witness(roots, values, eps: fmpq, prec: int):
    """A real SSM with the (distinct, |a| < 1) ``roots`` as poles and l1-optimal float64 weights, if its
    error verifies <= eps: ``(ssm, error, check)``, else None."""
    poles = np.array(sorted(roots), dtype=float)
    if poles.size == 0 or np.unique(poles).size != poles.size or not np.all(np.abs(poles) < 1):
        return None
    y = float_values(values)
    weights = _l1_weights(poles, y)
    if weights is None or not np.all(np.isfinite(weights)):
        return None
    ssm = DiagonalSSM(poles, weights, np.ones(poles.size), field="real")
    ok, error, check = verify_witness(ssm, values, eps, prec)
    return (ssm, error, check) if ok else None
