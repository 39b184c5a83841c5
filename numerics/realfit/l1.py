"""The certified true optimum that Theorem 2 (Ran-Milo et al. 2024) bounds from below.

Theorem 2 of Ran-Milo et al. 2024 says: if a real diagonal SSM eps-approximates ``phi`` up to
time ``t``, then ``n ||C ⊙ B||_inf`` is at least the right-hand side of its Eq. (3).  Since
``n ||C ⊙ B||_inf >= ||w||_1`` with ``w_i = B_i C_i`` (and splitting states makes the two equal
in the limit), the largest right-hand side any such theorem can have is

    truth(phi, eps) = inf { ||w||_1 : real SSMs of any dimension, |A_ii| <= 1,
                             sum_k |h_k - phi_k| <= eps },   h_k = sum_i w_i A_ii^(k-1),

(``A_ii = 0`` gives ``h = (w_i, 0, 0, ...)``).  :func:`min_l1_weight` brackets it with certified
bounds ``lower <= truth <= upper``.

Mathematics
-----------
*Primal.*  Grouping states with the same pole, ``truth`` is a linear program over signed
measures ``mu`` on ``[-1, 1]``: minimise the total variation ``||mu||`` subject to
``||M(mu) - phi||_1 <= eps`` with moments ``M(mu)_k = int x^(k-1) dmu`` (k = 1..t).  A measure
with finitely many atoms ``x_i`` and masses ``w_i`` is a real SSM (``A = diag(x)``, ``B = w``,
``C = 1``).

*Dual* (:mod:`.dual`).  A polynomial ``p`` of degree ``< t`` with ``sup_[-1,1] |p| <= S`` and
monomial coefficients ``c`` proves ``truth >= (<c, phi> - eps ||c||_inf) / S`` (weak duality;
strong duality holds, and the optimum is attained by a real SSM of dimension <= t).

*Chebyshev basis* (:mod:`.moments`).  ``p = sum_j a_j T_j`` and the exact Chebyshev moments
``psi = P^T phi`` make the problem well scaled.

Algorithm: float64 proposes, exact / certified arithmetic decides
------------------------------------------------------------------
1. *Proposal* (float64, :mod:`.proposal`).  The dual LP on a grid, solved by HiGHS, with a
   Remez-like exchange and an active-set Newton iteration on the KKT system (an LP-free shortcut
   for the best single ``+-T_j`` at eps = 0); it gives dual coefficients, support nodes and, for
   eps > 0, a residual.
2. *Lower bound* (certified, :mod:`.dual`).  The rounded dual's value ``<P a, phi> - eps ||P a||_inf``
   is computed exactly (or in arb for ball targets) and divided by a rigorous ``S >= sup |p|``
   (:func:`~.sup_norm.sup_norm_bound`, :mod:`.sup_norm`); the best single ``+-T_j`` is certified
   too, and the better bound is kept.
3. *Upper bound* (exact, :mod:`.witness`).  The support nodes, padded to ``t`` and rounded to
   dyadics, carry the exact Vandermonde solution for ``phi`` minus a residual in the eps-ball,
   re-verified in integers (arb balls for ball targets at eps = 0).

Why written by hand: no library gives a certified bracket of this semi-infinite LP.  scipy/HiGHS
solve finite LPs in float64 only; the moment problem in the monomial basis is hopelessly
ill-conditioned (``psi`` ~ 1e97 at t = 256 comes from cancellation); python-flint gives the exact
and ball arithmetic but no LP; general SDP/SOS tools would need a solver we do not ship and
would not be certified either.  So float64 (HiGHS, numpy) only proposes, and every number in the
returned bracket is decided in ``fmpq`` / arb.

Closed forms used by the tests: for ``phi = e_k`` and ``eps = 0`` the truth is V. A. Markov's
bound on the coefficient of ``x^(k-1)`` of a polynomial of degree ``<= t-1`` bounded by 1 on
``[-1, 1]``; a single exponential ``phi_k = a^(k-1)``, ``|a| <= 1``, has truth 1.

Timings (2-core machine, ``bench/realfit_bench.py``): the delay target at t = 256 in ~0.4 s and at
t = 1024 in ~14 s (relative gap ~1e-26); targets that need the LP (random, t = 128) a second or
so per LP iteration.  Known weak spot: eps > 0 with ``truth(eps) << truth(0)`` at large t (e.g.
the delay target with eps = 1/(8 sqrt t) at t = 256, where the ratio is ~4e-7): the LP's absolute
tolerances then limit the proposal and the upper bound can be loose (the bracket stays valid).  Beyond t ~ 600
the bounds exceed the float64 range: ``lower`` saturates at the largest float and ``upper`` is
``inf``, while ``lower_q``/``upper_q`` (rationals) and ``log2_bounds`` stay exact.

>>> b = min_l1_weight([0, 0, 0, 1])          # e_4: Markov's bound 2^(4-2)
>>> b.lower, round(b.upper, 12), b.relative_gap < 1e-15
(4.0, 4.0, True)
>>> min_l1_weight([1, 0.5, 0.25, 0.125]).lower   # one exponential: truth 1
1.0
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from flint import arb, ctx, fmpq

from ..errors import InputError, PrecisionError
from ..ssm.ssm import DiagonalSSM
from ..ssm.systems import to_fmpq
from ..ssm.targets import Target
from .dual import DualCertificate, _dual_value, _lower_from, _simple_certificates, _value_prec
from .moments import (MAX_PREC, _chebyshev_moments_int, _coerce_eps, _coerce_phi, _common_denominator,
                      _default_prec, _monomial_matrix, monomial_coefficients)
from .proposal import _eps_rows, _propose, _Proposal, _scaled, _simple_proposal
from .rounding import _arb_exact_to_fmpq, _float_lower_q, _float_upper_q, _log2_lower, _log2_upper
from .sup_norm import sup_norm_bound
from .witness import NODE_BITS, _witness_ball, _witness_exact

__all__ = ["L1Bracket", "min_l1_weight"]


@dataclass(frozen=True)
class L1Bracket:
    """Certified bracket ``lower <= truth(phi, eps) <= upper`` of the smallest ``||w||_1``.

    ``lower``/``upper`` are floats rounded outward from the rationals ``lower_q``/``upper_q``
    (which bracket the truth too; a float bound that would overflow saturates: ``lower`` at the
    largest finite float, ``upper`` at ``inf`` -- use ``lower_q``/``upper_q`` or ``log2_bounds``).
    ``witness`` is a real SSM with ``C = 1``, poles in ``[-1, 1]`` and ``||B ⊙ C||_1 <= upper_q``
    that eps-approximates ``phi`` (verified as ``witness_check`` says); ``certificate`` gives
    ``lower``.  ``system`` is "exact" (rational target) or "arb" (ball target); ``prec`` the arb
    precision (bits) at which a ball target was taken and its dual value computed (rational
    targets: the default working precision; their dual value and witness are exact);
    ``iterations`` the LP exchange iterations (0: no LP was needed); ``converged`` whether
    ``relative_gap <= rel_tol``.
    """

    lower: float
    upper: float
    relative_gap: float
    t: int
    eps: fmpq
    witness: DiagonalSSM
    certificate: DualCertificate
    system: str
    prec: int
    iterations: int
    seconds: float
    converged: bool
    lower_q: fmpq
    upper_q: fmpq
    witness_check: str

    @property
    def log2_bounds(self) -> tuple[float, float]:
        """``(log2 lower, log2 upper)`` rounded outward (works beyond the float64 range)."""
        return _log2_lower(self.lower_q), _log2_upper(self.upper_q)


def min_l1_weight(phi, eps=0, *, rel_tol: float = 1e-6, max_iter: int = 40, node_bits: int = NODE_BITS,
                  progress: bool | None = None, max_seconds: float | None = None) -> L1Bracket:
    """Certified bracket of the smallest ``||w||_1`` of a real SSM that eps-approximates ``phi``.

    ``phi``: a sequence of ints / Fractions / fmpq / floats (taken exactly) or arb balls, or a
    :class:`~numerics.ssm.targets.Target` (exact values when rational, else arb balls whose precision
    is raised until the bracket is as tight as ``rel_tol`` allows).  ``eps`` >= 0 (exact).
    ``rel_tol`` is the relative gap aimed at; the bracket is valid whatever the gap.
    ``max_iter`` bounds the LP exchange iterations, ``max_seconds`` the time spent proposing.
    ``progress`` shows a tqdm bar (default: for t >= 128).  See the module docstring.
    """
    start = time.monotonic()
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float)) or not 0 < rel_tol < 1:
        raise InputError(f"rel_tol: must be a number in (0, 1), got {rel_tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, Integral) or max_iter < 1:
        raise InputError(f"max_iter: must be an integer >= 1, got {max_iter!r}")
    if isinstance(node_bits, bool) or not isinstance(node_bits, Integral) or not 16 <= node_bits <= 4096:
        raise InputError(f"node_bits: must be an integer in [16, 4096], got {node_bits!r}")
    eps_q = _coerce_eps(eps)
    t0 = len(phi.raw) if isinstance(phi, Target) else None
    prec = _default_prec(t0 or (len(phi) if hasattr(phi, "__len__") else 1))
    while True:
        info = {"radius_share": 0.0}
        bracket = _min_l1_weight(phi, eps_q, prec, float(rel_tol), int(max_iter), int(node_bits), progress,
                                 max_seconds, start, info)
        if (bracket.converged or not isinstance(phi, Target) or bracket.system != "arb"
                or info["radius_share"] <= rel_tol / 8 or 2 * prec > MAX_PREC):
            return bracket
        prec *= 2   # a ball target limited by its own precision: ask the Target for more bits


def _min_l1_weight(phi_in, eps: fmpq, prec: int, rel_tol: float, max_iter: int, bits: int, progress,
                   max_seconds, start, info: dict) -> L1Bracket:
    phi, is_ball = _coerce_phi(phi_in, prec)
    t = len(phi)
    mids = [_arb_exact_to_fmpq(x.mid()) for x in phi] if is_ball else phi
    system = "arb" if is_ball else "exact"
    # trivial case: the zero SSM is feasible
    if is_ball:
        with ctx.workprec(prec):
            l1 = sum((abs(x) for x in phi), arb(0))
        trivial = l1 <= arb(eps)
    else:
        trivial = sum((abs(x) for x in phi), fmpq(0)) <= eps
    if trivial:
        zero = DiagonalSSM(np.array([fmpq(0)], dtype=object), np.array([fmpq(0)], dtype=object),
                           np.array([fmpq(1)], dtype=object), field="real")
        cert = DualCertificate((fmpq(0),), fmpq(0), "zero polynomial")
        return L1Bracket(0.0, 0.0, 0.0, t, eps, zero, cert, system, prec, 0, time.monotonic() - start, True,
                         fmpq(0), fmpq(0), "||phi||_1 <= eps: the zero SSM eps-approximates phi")

    den = _common_denominator(mids)
    ints = [int(v.p) * (den // int(v.q)) for v in mids]
    psi_int = _chebyshev_moments_int(ints)
    psi = [fmpq(v, den) for v in psi_int]
    psih, sigma_exp = _scaled(psi_int, den)

    eps_rows, sog, keep = None, None, []
    if eps != 0 and t > 1:
        eps_rows, sog, keep = _eps_rows(t, sigma_exp, eps)

    show = progress if progress is not None else t >= 128
    bar = None
    if show:
        from tqdm import tqdm
        # disable=None: silent when stderr is not a terminal (CI logs, redirected runs)
        bar = tqdm(total=max_iter, desc=f"min_l1_weight t={t}", leave=False, disable=None)
    deadline = None if max_seconds is None else start + max_seconds
    n = t - 1
    if t == 1:
        proposal = _Proposal(np.array([1.0 if psih[0] >= 0 else -1.0]), abs(float(psih[0])), 0.0,
                             np.array([np.pi / 2]), np.array([psih[0]]), [0] if eps != 0 else [],
                             np.array([1.0 if psih[0] >= 0 else -1.0]), abs(float(psih[0])), "t = 1")
        iterations = 0
    else:
        factor = max(1, int(math.ceil(64 / n)))
        grid = np.pi * np.arange(factor * n + 1) / (factor * n)
        target = rel_tol / 16
        simple_est = max(abs(float(x)) for x in psih) if eps == 0 else 0.0
        proposal = _simple_proposal(psih, target) if eps == 0 else None
        iterations = 0
        if proposal is None:
            try:
                proposal, grid, iterations = _propose(psih, grid, eps_rows, sog, max_iter, target, bar, deadline,
                                                      simple_est)
            except PrecisionError:
                # HiGHS failed: fall back to the best single-T_j dual and a Chebyshev-extrema witness
                # (a valid, possibly loose, bracket)
                j = int(np.argmax(np.abs(psih)))
                a = np.zeros(t)
                a[j] = 1.0 if psih[j] >= 0 else -1.0
                proposal = _Proposal(a, abs(float(psih[j])), 0.0, np.pi * np.arange(t) / n, np.ones(t), [],
                                     np.zeros(0), math.inf, "fallback: no LP")
        if eps_rows is not None and proposal.residual_index:
            proposal.residual_index = [keep[k] for k in proposal.residual_index]
    try:
        # ---- lower bound: the proposal's dual and the best single +-T_j -----------------------
        scale = 1 << 60
        a_q = [fmpq(int(round(float(x) * scale)), scale) for x in proposal.a]
        while len(a_q) > 1 and a_q[-1] == 0:
            a_q.pop()
        sb = sup_norm_bound(a_q)
        c = monomial_coefficients(a_q) + [fmpq(0)] * (t - len(a_q))
        vprec = _value_prec(c, phi) if is_ball else 0
        value = _dual_value(c, phi, eps, is_ball, vprec)
        if is_ball and value.is_finite() and value.mid() != 0:   # how much the balls' width costs
            info["radius_share"] = max(info["radius_share"], float((value.rad() / abs(value.mid())).mid()))
        lower_q = _lower_from(value, sb.upper, vprec)
        certificate = DualCertificate(tuple(a_q), sb.upper, sb.method)
        if eps != 0:
            P = _monomial_matrix(t)
            cols = [max(abs(P[k][j]) for k in range(t)) for j in range(t)]
        else:
            cols = [0] * t
        _, j, sign = _simple_certificates(psi, eps, cols)
        simple = [fmpq(0)] * j + [fmpq(sign)]
        cs = monomial_coefficients(simple) + [fmpq(0)] * (t - j - 1)
        sprec = _value_prec(cs, phi) if is_ball else 0
        simple_lower = _lower_from(_dual_value(cs, phi, eps, is_ball, sprec), fmpq(1), sprec)
        if simple_lower > lower_q:
            lower_q = simple_lower
            certificate = DualCertificate(tuple(simple), fmpq(1),
                                          f"single Chebyshev polynomial {'+' if sign > 0 else '-'}T_{j}: "
                                          "|T_j| <= 1 on [-1, 1]")
            vprec = sprec
        # ---- upper bound: exact witness -------------------------------------------------------
        if bar is not None:
            bar.set_postfix_str("certifying")
        build = _witness_ball if is_ball else _witness_exact
        found = None
        if j >= 1 and simple_lower >= lower_q and simple_lower > 0:
            # +-T_j is the best dual found: try its extrema cos(k pi / j) as the support and, for
            # eps > 0, the monomial coordinates where |c_k| = ||c||_inf as the residual's support
            # (complementary slackness), with the signs of c_k
            r_index, r_sign = [], np.zeros(0)
            if eps != 0:
                cmax = max(abs(x) for x in cs)
                r_index = [k for k, x in enumerate(cs) if abs(x) == cmax]
                r_sign = np.array([1.0 if cs[k] > 0 else -1.0 for k in r_index])
            extrema = _Proposal(proposal.a, 0.0, 0.0, np.pi * np.arange(j + 1) / j, np.ones(j + 1), r_index,
                                r_sign, 0.0, "extrema of T_j")
            found = build(phi, eps, extrema, t, bits)
            if (found[1] - lower_q) > to_fmpq(rel_tol / 4) * found[1]:
                other = build(phi, eps, proposal, t, bits)
                found = other if other[1] < found[1] else found
        if found is None:
            found = build(phi, eps, proposal, t, bits)
        witness, upper_q, check = found
        if is_ball and witness.has_ball_parameters:
            with ctx.workprec(128):
                spread = sum((b.rad() for b in witness.B), arb(0))
                size = sum((abs(b.mid()) for b in witness.B), arb(0))
            if size > 0:
                info["radius_share"] = max(info["radius_share"], float((spread / size).mid()))
    finally:
        if bar is not None:
            bar.close()
    if lower_q > upper_q:
        raise PrecisionError("min_l1_weight: certified lower bound exceeds the upper bound (internal error)")
    gap_q = (upper_q - lower_q) / upper_q if upper_q != 0 else fmpq(0)
    gap = _float_upper_q(gap_q)
    return L1Bracket(lower=_float_lower_q(lower_q), upper=_float_upper_q(upper_q), relative_gap=gap, t=t, eps=eps,
                     witness=witness, certificate=certificate, system=system, prec=max(prec, vprec),
                     iterations=iterations, seconds=time.monotonic() - start, converged=gap <= rel_tol,
                     lower_q=lower_q, upper_q=upper_q, witness_check=check)
