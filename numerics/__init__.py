"""Numerics of ssmcheck: diagonal SSMs and their impulse responses in several number systems.

One algorithm, several number systems, chosen by the caller through ``system=``:

* ``"float64"`` -- numpy, with numba for the hot loops; every float64 result carries a rigorous
  a-priori error bound and is escalated to arb (or refused) when that bound is too large;
* ``"mpmath"`` -- arbitrary precision floats at ``prec`` bits;
* ``"arb"`` -- python-flint balls at ``prec`` bits: certified enclosures;
* ``"exact"`` -- python-flint ``fmpq`` rationals (every float64 is a dyadic rational, so a float64
  parameter is taken exactly).
"""
from .errors import InputError, PrecisionError
from .ssm.ssm import DiagonalSSM
from .ssm.impulse import impulse_response
from .ssm.lti import apply
from .ssm.targets import Target, delay, oscillation, random_target, make_target

__all__ = ["InputError", "PrecisionError", "DiagonalSSM", "impulse_response", "apply",
           "Target", "delay", "oscillation", "random_target", "make_target"]
