"""The certified lower bound of the l1 bracket (:mod:`.l1`): dual certificates and weak duality.

*Dual.*  For ``c`` in R^t let ``p_c(x) = sum_k c_k x^(k-1)``.  If ``sup_[-1,1] |p_c| <= S`` then for
every feasible ``mu`` with residual ``r = phi - M(mu)``:

    <c, phi> = int p_c dmu + <c, r> <= S ||mu|| + eps ||c||_inf,

so ``truth >= (<c, phi> - eps ||c||_inf) / S`` (weak duality).  Strong duality holds and the
optimum is attained by a measure with at most ``t`` atoms (a real SSM of dimension <= t): the
feasible set is a compact convex set of moment vectors (Caratheodory / Rogosinski).

*Lower bound (certified).*  The dual coefficients (Chebyshev basis, :mod:`.moments`) are rounded
to multiples of 2^-60, ``<a, psi> = <P a, phi>`` is computed exactly (``fmpq``; arb balls for ball
targets), as is ``eps ||P a||_inf``, and ``S >= sup_[-1,1] |p|`` is bounded rigorously by
:func:`~.sup_norm.sup_norm_bound`.  The best single ``+-T_j`` (``S = 1`` exactly) is certified
too, and the better bound is kept.  :func:`certified_lower_bound` re-derives the bound of a
stored :class:`DualCertificate` from scratch.
"""
from __future__ import annotations

from dataclasses import dataclass

from flint import arb, ctx, fmpq

from ..errors import InputError
from ..ssm.systems import to_fmpq
from ..ssm.targets import Target
from .moments import _coerce_eps, _coerce_phi, _default_prec, _scalar, monomial_coefficients
from .rounding import _float_lower_q, _to_fmpq_lower
from .sup_norm import sup_norm_bound

__all__ = ["DualCertificate", "certified_lower_bound"]


@dataclass(frozen=True)
class DualCertificate:
    """A dual polynomial ``p = sum_j coefficients[j] T_j`` (Chebyshev basis, exact rationals).

    ``S`` is a rigorous upper bound on ``sup_[-1,1] |p|`` obtained as ``S_method`` says; it gives
    ``truth >= (<c, phi> - eps ||c||_inf) / S`` with ``c`` the monomial coefficients of ``p``.
    :func:`certified_lower_bound` never trusts the stored ``S``: it recomputes it.
    """

    coefficients: tuple
    S: fmpq
    S_method: str
    basis: str = "chebyshev"

    @property
    def degree(self) -> int:
        return len(self.coefficients) - 1

    def monomial_coefficients(self) -> list[fmpq]:
        """``c_0..c_n`` with ``p(x) = sum_k c_k x^k``, exactly."""
        return monomial_coefficients(self.coefficients)


def _dual_value(c: list[fmpq], phi: list, eps: fmpq, is_ball: bool, prec: int):
    """``<c, phi> - eps ||c||_inf``: an fmpq (exact target) or an arb ball (ball target)."""
    cmax = max((abs(x) for x in c), default=fmpq(0))
    if not is_ball:
        return sum((ck * pk for ck, pk in zip(c, phi)), fmpq(0)) - eps * cmax
    with ctx.workprec(prec):
        return sum((arb(ck) * pk for ck, pk in zip(c, phi)), arb(0)) - arb(eps) * arb(cmax)


def _lower_from(value, S: fmpq, prec: int) -> fmpq:
    """``max(0, value) / S`` rounded down to a rational (value: fmpq or arb)."""
    if isinstance(value, arb):
        if not value.is_finite():
            return fmpq(0)
        value = _to_fmpq_lower(value)
    if value <= 0 or S == 0:
        return fmpq(0)
    return value / S


def _value_prec(c: list[fmpq], phi: list) -> int:
    big = max((abs(x) for x in c), default=fmpq(0))
    bits = int(big.p).bit_length() - int(big.q).bit_length() if big != 0 else 0
    return 128 + max(bits, 0) + 2 * len(c).bit_length()


def certified_lower_bound(certificate: DualCertificate, phi, eps=0) -> float:
    """The lower bound on ``truth(phi, eps)`` that ``certificate`` proves, re-derived from scratch.

    ``sup |p|`` is recomputed rigorously (:func:`sup_norm_bound`); the stored ``certificate.S`` is
    never used for the bound.  A certificate whose stored ``S`` is below a rigorous lower bound of
    ``sup |p|`` (e.g. coefficients scaled up without updating ``S``) is rejected with
    :class:`~numerics.errors.InputError`.  Returns a float rounded down.
    """
    if not isinstance(certificate, DualCertificate):
        raise InputError(f"certificate: expected a DualCertificate, got {type(certificate).__name__}")
    if certificate.basis != "chebyshev":
        raise InputError(f"certificate: unknown basis {certificate.basis!r}")
    eps_q = _coerce_eps(eps)
    t_guess = len(phi.raw) if isinstance(phi, Target) else None
    values, is_ball = _coerce_phi(phi, _default_prec(t_guess or len(certificate.coefficients)))
    if len(certificate.coefficients) > len(values):
        raise InputError(f"certificate: degree {certificate.degree} exceeds t - 1 = {len(values) - 1}")
    coefficients = [_scalar(x, "certificate") for x in certificate.coefficients]
    if any(isinstance(x, arb) for x in coefficients):
        raise InputError("certificate: coefficients must be exact rationals")
    fresh = sup_norm_bound(coefficients)
    if to_fmpq(certificate.S) < fresh.lower:
        raise InputError(f"certificate: stored S = {float(to_fmpq(certificate.S)):.17g} is below a rigorous lower "
                         f"bound {float(fresh.lower):.17g} of sup|p| on [-1, 1]; the certificate is invalid")
    c = monomial_coefficients(coefficients) + [fmpq(0)] * (len(values) - len(coefficients))
    prec = _value_prec(c, values) if is_ball else 0
    lower = _lower_from(_dual_value(c, values, eps_q, is_ball, prec), fresh.upper, prec)
    return _float_lower_q(lower)


def _simple_certificates(psi: list[fmpq], eps: fmpq, c_cols) -> tuple:
    """Best dual among +-T_j (sup = 1 exactly): returns (value fmpq, j, sign)."""
    best = None
    for j, v in enumerate(psi):
        sign = 1 if v >= 0 else -1
        value = abs(v) - (eps * c_cols[j] if eps != 0 else 0)
        if best is None or value > best[0]:
            best = (value, j, sign)
    return best
