"""Scalar arithmetic for the arbitrary-precision and exact number systems.

The loops of :mod:`numerics.ssm.impulse` and :mod:`numerics.ssm.lti` are written once, with ``+``, ``*``
and a ``real`` function; a backend supplies the scalars:

* ``"mpmath"``: ``mpf``/``mpc`` at the working precision;
* ``"arb"``: python-flint ``arb``/``acb`` balls (certified enclosures);
* ``"exact"``: ``fmpq`` for real values, :class:`~numerics.ssm.systems.GaussianRational` for
  complex ones.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import mpmath
from flint import arb, ctx, fmpq

from ..errors import InputError
from .systems import GaussianRational, exact_pair, is_ball, to_acb, to_arb, to_fmpq, to_mpmath


@dataclass(frozen=True)
class Backend:
    """How one number system represents parameters and takes real parts."""

    system: str
    prec: int
    complex: bool

    def scalar(self, x):
        """A parameter or input entry in this system (complex scalars when ``self.complex``)."""
        if is_ball(x) and self.system != "arb":
            raise InputError(f"system: ball-valued parameters need system='arb', not {self.system!r}")
        if self.system == "exact":
            if self.complex:
                return GaussianRational(*exact_pair(x))
            return to_fmpq(x)
        if self.system == "arb":
            return to_acb(x) if self.complex else to_arb(x)
        value = to_mpmath(x)
        return mpmath.mpc(value) if self.complex else value

    def zero(self):
        return {"exact": fmpq(0), "arb": arb(0), "mpmath": mpmath.mpf(0)}[self.system]

    def real(self, x):
        """The real part, in the real type of this system."""
        return x.real if self.complex else x

    @contextmanager
    def precision(self):
        """Run the enclosed arithmetic at ``self.prec`` bits (no effect for the exact system)."""
        if self.system == "arb":
            with ctx.workprec(self.prec):
                yield
        elif self.system == "mpmath":
            with mpmath.workprec(self.prec):
                yield
        else:
            yield
