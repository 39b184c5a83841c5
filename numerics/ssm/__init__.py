"""The ground floor: diagonal SSMs, their number systems and impulse responses.

* :mod:`.ssm` -- :class:`DiagonalSSM`, ``x_t = A x_(t-1) + B u_t``, ``y_t = Re(C x_t)``;
* :mod:`.systems`, :mod:`.backends` -- the number systems (float64, mpmath, arb balls, exact fmpq);
* :mod:`.kernels` -- the numba loops of the float64 path;
* :mod:`.impulse`, :mod:`.lti` -- impulse responses and the action on inputs, with the
  float64-or-escalate rule;
* :mod:`.targets`, :mod:`.complex_target` -- the papers' target mappings and complex oscillators;
* :mod:`.symbolic` -- a sympy expression (a statement's bound) evaluated in mpmath, arb or exactly;
* :mod:`.differences` -- forward differences (Definition 1 of Ran-Milo et al.);
* :mod:`.constructions` -- explicit SSMs of the proofs (roots of unity, Vandermonde fits, embeddings).

Every other subpackage of :mod:`numerics` builds on this one, never the other way round.
"""
from .ssm import DiagonalSSM
from .impulse import impulse_response
from .lti import apply
from .targets import Target, delay, oscillation, random_target, make_target

__all__ = ["DiagonalSSM", "impulse_response", "apply", "Target", "delay", "oscillation",
           "random_target", "make_target"]
