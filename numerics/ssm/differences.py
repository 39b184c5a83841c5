"""Forward differences (Definition 1 of Ran-Milo et al. 2024) and the odd/even restrictions.

``S^(1)_m = S_(m+1) - S_m`` (length k-1); ``S^(d) = (S^(d-1))^(1)``.  Computed by the definition,
in whatever number type the entries have (fmpq for exact results).
"""
from __future__ import annotations

from numbers import Integral

from ..errors import InputError


def forward_difference(sequence, d: int) -> list:
    """The ``d``-th forward difference of ``sequence`` (``d = 0`` returns a copy)."""
    values = list(sequence)
    if isinstance(d, bool) or not isinstance(d, Integral) or d < 0:
        raise InputError(f"d: the order must be an integer >= 0, got {d!r}")
    if d >= max(len(values), 1):
        raise InputError(f"d: the order {d} must be below the length {len(values)} of the sequence")
    for _ in range(d):
        values = [values[i + 1] - values[i] for i in range(len(values) - 1)]
    return values


def restrict(sequence, parity: str) -> list:
    """``S|odd = (S_1, S_3, ...)`` or ``S|even = (S_2, S_4, ...)`` with 1-based indices."""
    if parity not in ("odd", "even"):
        raise InputError(f"parity: must be 'odd' or 'even', got {parity!r}")
    values = list(sequence)
    return values[0::2] if parity == "odd" else values[1::2]
