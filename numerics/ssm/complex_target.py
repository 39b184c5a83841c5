"""The one-dimensional complex target of Theorem 1 (Ran-Milo et al. 2024, Section 3.2).

Theorem 1 takes a complex SSM of dimension ``n_C = 1`` with scalar parameters ``A, B, C`` and
asks how large a *real* SSM must be to eps-approximate it up to time ``t``.  Its impulse
response is

    phi_k = Re(B C A^(k-1)),   k = 1..t,   A = rho e^(i theta),  B C = beta e^(i gamma),

and the theorem's hypotheses are ``|sin theta| >= 0.2``, ``rho >= 0.5^(1/t)`` and ``beta >= 1``.
:class:`ComplexOscillator` holds such a target at the *extreme* modulus ``rho = 0.5^(1/t)``
(the easiest case for a real SSM, so the one most likely to break the theorem) and
``beta = 1`` by default, with the angles given exactly as

    theta = p pi + q asin(1/5),     gamma = g pi      (p, q, g rational),

which covers ``asin 0.2``, ``pi - asin 0.2``, ``pi/4``, ``pi/2`` and every point
``asin 0.2 + s (pi - 2 asin 0.2)`` of the admissible interval (``p = s``, ``q = 1 - 2s``).
Its values are irrational: :meth:`ComplexOscillator.values` returns arb balls, computed by
:func:`numerics.impulse_response` (``system="arb"``) of the one-state
``DiagonalSSM(A, B C, 1)`` whose parameters are acb balls containing the exact ``A`` and ``B C``,
so each ball contains the exact ``phi_k``.

>>> target = ComplexOscillator(t=4, p=fmpq(1, 2), q=fmpq(0))   # theta = pi/2, gamma = 0
>>> [round(float(v.mid()), 6) + 0.0 for v in target.values()]    # 1, 0, -rho^2, 0
[1.0, 0.0, -0.707107, 0.0]
"""
from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np
from flint import acb, arb, ctx, fmpq

from ..errors import InputError
from .impulse import check_time, impulse_response
from .ssm import DiagonalSSM
from .systems import DEFAULT_PREC, check_prec, fmpq_to_string, to_fmpq

ASIN_FIFTH = "asin(1/5)"


def _rational(value, name: str) -> fmpq:
    if isinstance(value, bool):
        raise InputError(f"{name}: must be a rational number, got {value!r}")
    try:
        return to_fmpq(value)
    except (TypeError, ValueError, InputError):
        raise InputError(f"{name}: must be a rational number (int, Fraction, fmpq or float), got {value!r}") from None


@dataclass(frozen=True)
class ComplexOscillator:
    """``phi_k = Re(beta e^(i gamma) (rho e^(i theta))^(k-1))``, k = 1..t (module docstring).

    ``theta = p pi + q asin(1/5)``, ``gamma = g pi``, ``rho = 0.5^(1/t)``, ``beta`` a positive
    rational (default 1).  All of ``p, q, g, beta`` are taken exactly.
    """

    t: int
    p: fmpq
    q: fmpq = fmpq(0)
    g: fmpq = fmpq(0)
    beta: fmpq = fmpq(1)

    def __post_init__(self):
        if isinstance(self.t, bool) or not isinstance(self.t, Integral):
            raise InputError(f"t: must be an integer >= 1, got {self.t!r}")
        object.__setattr__(self, "t", check_time(self.t))
        for name in ("p", "q", "g", "beta"):
            object.__setattr__(self, name, _rational(getattr(self, name), name))
        if self.beta <= 0:
            raise InputError(f"beta: |B C| must be positive, got {self.beta}")

    # --- exact pieces as balls ------------------------------------------------------------------
    def theta(self, prec: int = DEFAULT_PREC) -> arb:
        """arg A as a ball."""
        with ctx.workprec(check_prec(prec)):
            return arb.pi() * arb(self.p) + arb(fmpq(1, 5)).asin() * arb(self.q)

    def gamma(self, prec: int = DEFAULT_PREC) -> arb:
        """arg(B C) as a ball."""
        with ctx.workprec(check_prec(prec)):
            return arb.pi() * arb(self.g)

    def rho(self, prec: int = DEFAULT_PREC) -> arb:
        """|A| = 0.5^(1/t) as a ball."""
        with ctx.workprec(check_prec(prec)):
            return arb(fmpq(1, 2)) ** (arb(1) / self.t)

    def ssm(self, prec: int = DEFAULT_PREC) -> DiagonalSSM:
        """The complex one-state SSM ``(A, B C, 1)`` with acb-ball parameters (exact values inside)."""
        with ctx.workprec(check_prec(prec)):
            theta, gamma, rho = self.theta(prec), self.gamma(prec), self.rho(prec)
            A = acb(rho * theta.cos(), rho * theta.sin())
            BC = acb(arb(self.beta) * gamma.cos(), arb(self.beta) * gamma.sin())
        return DiagonalSSM(np.array([A], dtype=object), np.array([BC], dtype=object),
                           np.array([acb(1)], dtype=object), field="complex")

    def values(self, prec: int = DEFAULT_PREC) -> list:
        """``phi_1..phi_t`` as arb balls (each contains the exact value)."""
        prec = check_prec(prec)
        return list(impulse_response(self.ssm(prec), self.t, system="arb", prec=prec))

    def float64(self) -> np.ndarray:
        """The ball midpoints in float64 (for proposals only)."""
        return np.array([float(v.mid()) for v in self.values()])

    # --- Theorem 1's hypotheses -----------------------------------------------------------------
    def satisfies_hypotheses(self) -> bool:
        """``|sin theta| >= 0.2`` certified (exactly equal at theta = asin 0.2 or pi - asin 0.2,
        where sin theta = 1/5 by construction); ``|A| = 0.5^(1/t)`` and ``|B C| = beta`` hold by
        construction, so ``beta >= 1`` is the remaining condition."""
        if self.beta < 1:
            return False
        p_mod = self.p - 2 * fmpq(int((self.p / 2).floor()))   # p mod 2
        if self.q in (1, -1) and p_mod in (0, 1):
            return True     # theta = k pi +- asin(1/5): |sin theta| = 1/5 exactly
        with ctx.workprec(256):
            return bool(abs(self.theta(256).sin()) > arb(fmpq(1, 5)))

    def describe(self) -> dict:
        """A JSON-ready description with exact rationals as strings and float angles."""
        return {"t": self.t, "theta": f"{fmpq_to_string(self.p)}*pi + {fmpq_to_string(self.q)}*{ASIN_FIFTH}",
                "theta_float": float(self.theta().mid()), "gamma": f"{fmpq_to_string(self.g)}*pi",
                "gamma_float": float(self.gamma().mid()), "modulus_A": f"0.5^(1/{self.t})",
                "abs_BC": fmpq_to_string(self.beta)}


def admissible_angle(s) -> tuple[fmpq, fmpq]:
    """``(p, q)`` for ``theta = asin(1/5) + s (pi - 2 asin(1/5))``: s = 0, 1/2, 1 give asin 0.2,
    pi/2 and pi - asin 0.2; every s in [0, 1] satisfies ``sin theta >= 0.2``."""
    s = _rational(s, "s")
    return s, 1 - 2 * s
