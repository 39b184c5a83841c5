"""The two errors ssmcheck raises on purpose, and the argument checks that raise the first.

``InputError`` (a ``ValueError``) -- bad input; its message names the offending argument.
``PrecisionError`` (an ``ArithmeticError``) -- a float64 result whose rigorous error bound is too
large and which the caller asked not to escalate, or a certified computation that stayed too
wide at the largest precision allowed.

``check_int``, ``check_seconds`` and ``check_choice`` validate an integer argument (bools refused), a
time budget and a named choice.
"""
from numbers import Integral, Real


class InputError(ValueError):
    """Bad input; the message names the argument."""


class PrecisionError(ArithmeticError):
    """A result could not be obtained to the accuracy asked for."""


def check_int(name: str, value, low: int) -> int:
    """``value`` as an int, or an InputError naming ``name`` unless it is an integer ``>= low``."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
        raise InputError(f"{name}: must be an integer >= {low}, got {value!r}")
    return int(value)


def check_seconds(name: str, value, optional: bool = False):
    """``value``, or an InputError naming ``name`` unless it is a positive number (or None, when
    ``optional``: no limit)."""
    if optional and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or not value > 0:
        raise InputError(f"{name}: must be a positive number{' or None' if optional else ''}, got {value!r}")
    return value


def check_choice(name: str, value, choices) -> str:
    """``value``, or an InputError naming ``name`` and listing ``choices`` unless it is one of them."""
    if value not in choices:
        raise InputError(f"{name}: unknown value {value!r}; choose one of {', '.join(choices)}")
    return value
