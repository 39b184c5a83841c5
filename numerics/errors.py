"""The two errors ssmcheck raises on purpose.

``InputError`` (a ``ValueError``) -- bad input; its message names the offending argument.
``PrecisionError`` (an ``ArithmeticError``) -- a float64 result whose rigorous error bound is too
large and which the caller asked not to escalate, or a certified computation that stayed too
wide at the largest precision allowed.
"""


class InputError(ValueError):
    """Bad input; the message names the argument."""


class PrecisionError(ArithmeticError):
    """A result could not be obtained to the accuracy asked for."""
