"""Sequential image classification data: grayscale CIFAR-10 (sCIFAR) and scikit-learn's 8x8 digits.

Each image becomes a sequence of its pixels in raster order (row by row), one input feature per
step, and a label; a :class:`SequenceData` holds ``x`` of shape ``(examples, L, 1)`` (float32) and
``y`` (int64) for the splits ``train``, ``val`` and ``test``.

* :func:`load_cifar` -- sCIFAR as the official S4 repository's ``cifar`` dataset with
  ``grayscale=True`` (Ran-Milo et al. 2024, Section 4.2 / Appendix F.2), from a local copy of the
  standard ``cifar-10-batches-py`` pickles (``data_batch_1`` .. ``data_batch_5``, ``test_batch``: dicts
  with ``b"data"``, ``uint8`` rows of 3072 = 3 x 32 x 32 channel-major pixels, and ``b"labels"``);
  nothing is downloaded.  Grayscale as PIL's ``convert("L")`` (torchvision's ``Grayscale``):
  ``Y = (19595 R + 38470 G + 7471 B + 2^15) >> 16`` (PIL's fixed-point
  ``0.299 R + 0.587 G + 0.114 B``, rounded); then ``(Y / 255 - 122.6/255) / (61.0/255)`` (the
  official ``Normalize``); length 1024.  Validation split: the official ``split_train_val(val_split=0.1)``
  -- ``torch.utils.data.random_split`` with ``torch.Generator().manual_seed(42)``, i.e. the permutation
  ``torch.randperm(50000, generator)``: its first 45 000 entries index the training images, the last
  5 000 the validation images.  The test split is ``test_batch``.
* :func:`load_digits` -- the CPU stand-in: ``sklearn.datasets.load_digits`` (1797 images of 8 x 8
  pixels with values 0..16, shipped with scikit-learn), length-64 sequences, standardised with the
  mean and standard deviation of the training pixels; a split seeded by ``seed`` (``numpy``
  ``default_rng(seed).permutation``): :data:`DIGITS_SPLIT` = 1257 train, 180 val, 360 test.

A missing folder or file, or a file not in the expected format, raises :class:`~numerics.errors.InputError`
with a one-line message naming the path.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..errors import InputError, check_int

CIFAR_FOLDER = "cifar-10-batches-py"
CIFAR_TRAIN = tuple(f"data_batch_{k}" for k in range(1, 6))
CIFAR_TEST = "test_batch"
#: The official normalisation of grayscale CIFAR (pixel values in [0, 1]).
CIFAR_MEAN, CIFAR_STD = 122.6 / 255.0, 61.0 / 255.0
#: The official validation fraction and the seed of its split.
CIFAR_VAL_FRACTION, CIFAR_VAL_SEED = 0.1, 42
#: Digits: examples in the train / val / test splits (1797 in all).
DIGITS_SPLIT = (1257, 180, 360)


@dataclass(frozen=True, eq=False)
class SequenceData:
    """Splits of a sequential image data set: ``{name: (x (n, L, 1) float32, y (n,) int64)}``."""

    name: str
    splits: dict
    classes: int
    length: int

    def split(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        if name not in self.splits:
            raise InputError(f"split: unknown value {name!r}; choose one of {', '.join(self.splits)}")
        return self.splits[name]


def _read_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    if not path.is_file():
        raise InputError(f"{path}: no such file (expected the CIFAR-10 python batches '{CIFAR_FOLDER}')")
    try:
        with open(path, "rb") as handle:
            batch = pickle.load(handle, encoding="bytes")
        data = np.asarray(batch[b"data"])
        labels = np.asarray(batch[b"labels"], dtype=np.int64)
    except Exception as error:   # a file that is not such a pickle fails in many ways; each is the same error
        raise InputError(f"{path}: not a CIFAR-10 python batch ({type(error).__name__}: {error})") from None
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3072 or labels.shape != (data.shape[0],) \
            or (labels.size and not (0 <= labels.min() and labels.max() <= 9)):
        raise InputError(f"{path}: not a CIFAR-10 python batch (data {data.dtype} {data.shape}, "
                         f"labels {labels.shape}; expected uint8 rows of 3072 and one label 0..9 per row)")
    return data, labels


def cifar_grayscale(rows: np.ndarray) -> np.ndarray:
    """``uint8 (n, 3072)`` channel-major RGB rows -> normalised grayscale ``float32 (n, 1024, 1)``
    (module docstring)."""
    rgb = rows.reshape(-1, 3, 1024).astype(np.int64)
    gray = (19595 * rgb[:, 0] + 38470 * rgb[:, 1] + 7471 * rgb[:, 2] + 32768) >> 16
    return ((gray / 255.0 - CIFAR_MEAN) / CIFAR_STD).astype(np.float32)[..., None]


def resolve_cifar_dir(data_dir) -> Path:
    """``data_dir`` itself if it holds the batches, else ``data_dir / cifar-10-batches-py``; InputError if neither."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: data_dir: no such folder (expected the folder holding '{CIFAR_FOLDER}')")
    if (folder / CIFAR_TEST).exists() or not (folder / CIFAR_FOLDER).is_dir():
        return folder
    return folder / CIFAR_FOLDER


def load_cifar(data_dir) -> SequenceData:
    """Grayscale sCIFAR from the local pickles in ``data_dir`` (module docstring)."""
    folder = resolve_cifar_dir(data_dir)
    parts = [_read_batch(folder / name) for name in CIFAR_TRAIN]
    x_all = cifar_grayscale(np.concatenate([p[0] for p in parts]))
    y_all = np.concatenate([p[1] for p in parts])
    x_test, y_test = _read_batch(folder / CIFAR_TEST)
    count = len(y_all)
    val = int(round(CIFAR_VAL_FRACTION * count))
    order = torch.randperm(count, generator=torch.Generator().manual_seed(CIFAR_VAL_SEED)).numpy()
    train, held = order[:count - val], order[count - val:]
    splits = {"train": (x_all[train], y_all[train]), "val": (x_all[held], y_all[held]),
              "test": (cifar_grayscale(x_test), y_test)}
    return SequenceData("cifar", splits, classes=10, length=1024)


def load_digits(seed: int = 0) -> SequenceData:
    """scikit-learn's digits as length-64 sequences, split by ``seed`` (module docstring)."""
    from sklearn.datasets import load_digits as sklearn_digits

    check_int("seed", seed, 0)
    digits = sklearn_digits()
    x = digits.data.astype(np.float64)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    ends = np.cumsum(DIGITS_SPLIT)
    index = {"train": order[:ends[0]], "val": order[ends[0]:ends[1]], "test": order[ends[1]:]}
    mean, std = x[index["train"]].mean(), x[index["train"]].std()
    splits = {name: (((x[rows] - mean) / std).astype(np.float32)[..., None], y[rows]) for name, rows in index.items()}
    return SequenceData("digits", splits, classes=10, length=64)
