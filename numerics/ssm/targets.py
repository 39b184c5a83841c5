"""The three targets of Ran-Milo et al. 2024 (Corollaries 1-3 and the official code).

Each target is the impulse response ``phi(I)_{:t}`` of an LTI mapping, 1-indexed:

* ``delay``: ``delta_k`` with ``k = floor((t-1)/2)`` (Corollary 1): a single 1 at 1-based index
  ``k + 1`` (the official code puts it at 0-based index ``floor((L-1)/2)``: the same entry);
* ``oscillation``: ``(1, 0, -1, 0, 1, ...)`` = ``Re(i^(k-1))`` (Corollary 3);
* ``random``: i.i.d. ``U[-alpha, alpha]`` (Corollary 2), drawn from numpy's PCG64 generator with
  the recorded ``seed`` (the official code draws from torch's stream, which depends on the model
  size; its draws are not reproduced here).

Un-normalised targets are as in the corollaries; ``normalized=True`` divides by the l2 norm, as
the official code does (so that the zero mapping has squared loss 1).  ``Target.values(system)``
gives the entries in any number system: un-normalised entries are rationals (the random draws
are float64, hence dyadic rationals); a normalised target is exact only when its norm is
rational, otherwise ``system="exact"`` is refused and ``"arb"`` gives certified balls.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral, Real

import mpmath
import numpy as np
from flint import arb, ctx, fmpq

from ..errors import InputError
from .systems import DEFAULT_PREC, check_prec, check_system, to_fmpq

NAMES = ("delay", "oscillation", "random")


@dataclass(frozen=True)
class Target:
    """A target impulse response up to time ``t``; see the module docstring."""

    name: str
    t: int
    normalized: bool = False
    seed: int | None = None
    alpha: float = 1.0
    raw: np.ndarray = field(repr=False, compare=False, default=None)

    def exact_raw(self) -> list[fmpq]:
        """The un-normalised entries as exact rationals."""
        return [to_fmpq(x) for x in self.raw]

    def squared_norm(self) -> fmpq:
        """``||raw||_2^2``, exactly."""
        return sum((q * q for q in self.exact_raw()), fmpq(0))

    def values(self, system: str = "float64", prec: int = DEFAULT_PREC) -> np.ndarray:
        """The entries ``phi_1..phi_t`` in the number system ``system``."""
        system = check_system(system)
        prec = check_prec(prec)
        if not self.normalized:
            if system == "float64":
                return self.raw.copy()
            if system == "exact":
                return np.array(self.exact_raw(), dtype=object)
            if system == "arb":
                return np.array([arb(q) for q in self.exact_raw()], dtype=object)
            with mpmath.workprec(prec):
                return np.array([mpmath.mpf(int(q.p)) / int(q.q) for q in self.exact_raw()], dtype=object)
        norm2 = self.squared_norm()
        if system == "exact":
            root = _rational_sqrt(norm2)
            if root is None:
                raise InputError(f"system: the normalised {self.name} target at t={self.t} has an irrational "
                                 f"norm sqrt({norm2}); use system='arb'")
            return np.array([q / root for q in self.exact_raw()], dtype=object)
        if system == "arb":
            with ctx.workprec(prec):
                norm = arb(norm2).sqrt()
                return np.array([arb(q) / norm for q in self.exact_raw()], dtype=object)
        if system == "mpmath":
            with mpmath.workprec(prec):
                norm = mpmath.sqrt(mpmath.mpf(int(norm2.p)) / int(norm2.q))
                return np.array([mpmath.mpf(int(q.p)) / int(q.q) / norm for q in self.exact_raw()], dtype=object)
        return self.raw / np.sqrt(float(norm2))

    def describe(self) -> dict:
        """A JSON-friendly record of how the target was made (seed included)."""
        record = {"name": self.name, "t": self.t, "normalized": self.normalized}
        if self.name == "random":
            record.update(seed=self.seed, alpha=self.alpha, generator="numpy PCG64")
        return record


def _rational_sqrt(q: fmpq) -> fmpq | None:
    p_root, q_root = q.p.isqrt(), q.q.isqrt()
    return fmpq(p_root, q_root) if p_root * p_root == q.p and q_root * q_root == q.q else None


def _check_t(t) -> int:
    if isinstance(t, bool) or not isinstance(t, Integral) or t < 1:
        raise InputError(f"t: must be an integer >= 1, got {t!r}")
    return int(t)


def delay(t: int, normalized: bool = False) -> Target:
    """Corollary 1's target ``delta_{floor((t-1)/2)}`` up to time ``t``."""
    t = _check_t(t)
    raw = np.zeros(t)
    raw[(t - 1) // 2] = 1.0
    return Target("delay", t, bool(normalized), raw=_frozen(raw))


def oscillation(t: int, normalized: bool = False) -> Target:
    """Corollary 3's target ``(1, 0, -1, 0, ...)`` up to time ``t``."""
    t = _check_t(t)
    raw = np.array([(1.0, 0.0, -1.0, 0.0)[k % 4] for k in range(t)])
    return Target("oscillation", t, bool(normalized), raw=_frozen(raw))


def random_target(t: int, seed: int, alpha: float = 1.0, normalized: bool = False) -> Target:
    """Corollary 2's target: ``t`` i.i.d. ``U[-alpha, alpha]`` draws from ``numpy.random.default_rng(seed)``."""
    t = _check_t(t)
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise InputError(f"seed: must be a non-negative integer, got {seed!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not np.isfinite(alpha) or alpha <= 0:
        raise InputError(f"alpha: must be a finite number > 0, got {alpha!r}")
    raw = np.random.default_rng(int(seed)).uniform(-float(alpha), float(alpha), size=t)
    return Target("random", t, bool(normalized), seed=int(seed), alpha=float(alpha), raw=_frozen(raw))


def make_target(name: str, t: int, *, normalized: bool = False, seed: int = 0, alpha: float = 1.0) -> Target:
    """A target by name: "delay", "oscillation" or "random" (the latter with ``seed`` and ``alpha``)."""
    if name == "delay":
        return delay(t, normalized)
    if name == "oscillation":
        return oscillation(t, normalized)
    if name == "random":
        return random_target(t, seed, alpha, normalized)
    raise InputError(f"name: unknown target {name!r}; choose one of {', '.join(NAMES)}")


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array
