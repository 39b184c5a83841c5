"""The copy (delay) and induction-head data of Ran-Milo et al. (2024), Section 4.3 / Appendix F.3.

Both follow the official ``datasets.py`` (``DynamicCategoricalDataset`` and ``InductionHead``):
tokens are drawn uniformly from ``1..15`` (``randint(1, 16)``); ``0`` is reserved for the copy
token; the vocabulary has 16 entries.  Every batch is fresh, drawn from a seeded
``numpy.random.Generator``.  A :class:`Batch` holds ``tokens`` and ``labels`` (``(batch, length)``
int64) and ``loss_start``: the loss and the 0/1 accuracy count positions ``loss_start..length-1``.

**Copy with lag t** (:func:`copy_batch`, the official delay task with ``extra = lag``): ``tokens``
of length ``2t``; ``labels[:, t:] = tokens[:, :t]`` and 0 before; ``loss_start = t``, so the model
must output, at position ``t + i``, the token it saw ``t`` steps earlier.

**Induction head with length h** (:func:`induction_batch`, Figure 1 of the paper; the official
``InductionHead`` with one trigger, ``auto_regressive=True``): ``P`` random tokens, of which the one at
a random position ``p in [0, P - h)`` is replaced by the copy token; ``X`` = the ``h`` tokens after
it; then a second copy token and ``X``.  The sequence ``S`` (``P + 1 + h`` tokens) gives
``tokens = S[:-1]``, ``labels = S[1:]`` (next-token prediction) and ``loss_start = P``: the last
``h`` positions, whose labels are ``X``, and the first of them holds the second copy token.

* ``second_copy="official"`` (default): ``P = 2h``, as the code has it (``seq_len = 256`` random
  tokens, then ``np.append(data, 0)``): the second copy token sits at 0-based index ``2h``, i.e.
  it is the ``(2h + 1)``-th token, and ``tokens`` has length ``3h``.
* ``second_copy="paper"``: ``P = 2h - 1``, as the paper's text says ("c as the 2h-th token, then
  X_1 .. X_{h-1}"): the second copy token is the ``2h``-th token, the trigger lies in
  ``[0, h - 1)``, and ``tokens`` has length ``3h - 1`` (the text's "length 3h" cannot hold both).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError, check_int

TASKS = ("copy", "induction")
SECOND_COPY = ("official", "paper")
#: Vocabulary size; tokens 1..15 are data, 0 is the copy token.
VOCAB = 16
COPY_TOKEN = 0


@dataclass(frozen=True, eq=False)
class Batch:
    """``tokens``, ``labels``: ``(batch, length)`` int64; the loss counts positions ``loss_start:``."""

    tokens: np.ndarray
    labels: np.ndarray
    loss_start: int

    @property
    def targets(self) -> np.ndarray:
        """The scored labels, ``labels[:, loss_start:]``."""
        return self.labels[:, self.loss_start:]


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise InputError(f"rng: expected a numpy.random.Generator, got {type(rng).__name__}")
    return rng


def copy_batch(rng: np.random.Generator, batch_size: int, lag: int) -> Batch:
    """A fresh batch of the copy task with lag ``lag`` (length ``2 lag``)."""
    rng = _check_rng(rng)
    batch_size = check_int("batch_size", batch_size, 1)
    lag = check_int("lag", lag, 1)
    tokens = rng.integers(1, VOCAB, size=(batch_size, 2 * lag), dtype=np.int64)
    labels = np.zeros_like(tokens)
    labels[:, lag:] = tokens[:, :lag]
    return Batch(tokens, labels, lag)


def induction_batch(rng: np.random.Generator, batch_size: int, h: int, second_copy: str = "official") -> Batch:
    """A fresh batch of the induction-head task with copied length ``h`` (module docstring)."""
    rng = _check_rng(rng)
    batch_size = check_int("batch_size", batch_size, 1)
    if second_copy not in SECOND_COPY:
        raise InputError(f"second_copy: unknown value {second_copy!r}; choose one of {', '.join(SECOND_COPY)}")
    h = check_int("h", h, 1 if second_copy == "official" else 2)
    prefix = 2 * h if second_copy == "official" else 2 * h - 1
    data = rng.integers(1, VOCAB, size=(batch_size, prefix), dtype=np.int64)
    trigger = rng.integers(0, prefix - h, size=batch_size)
    rows = np.arange(batch_size)
    data[rows, trigger] = COPY_TOKEN
    copied = data[rows[:, None], trigger[:, None] + 1 + np.arange(h)]
    sequence = np.concatenate([data, np.full((batch_size, 1), COPY_TOKEN, dtype=np.int64), copied], axis=1)
    return Batch(sequence[:, :-1].copy(), sequence[:, 1:].copy(), prefix)


def make_batch(task: str, rng: np.random.Generator, batch_size: int, t: int, second_copy: str = "official") -> Batch:
    """``copy_batch(rng, batch_size, t)`` or ``induction_batch(rng, batch_size, t, second_copy)``."""
    if task == "copy":
        return copy_batch(rng, batch_size, t)
    if task == "induction":
        return induction_batch(rng, batch_size, t, second_copy)
    raise InputError(f"task: unknown value {task!r}; choose one of {', '.join(TASKS)}")
