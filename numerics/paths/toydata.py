"""The Area / Volume toy data of Section 6 (Cirone et al. 2024), built as the official code does.

Official code (github.com/Benjamin-Walker/selective-ssms-and-linear-cdes,
data_dir/generate_toy_dataset.py and data_dir/jax_dataloader.py), per channel count ``dim``:

    data  = round(normal(key, (100000, 100, dim)))    # integer-rounded standard normal increments
    data  = cumsum(data, axis=1)                       # first point = first increment, not 0
    data  = data / max|data|                           # one global scalar
    sig   = signature(data, depth)                     # piecewise-linear path, no basepoint
    label = Sig^{(1,2)} (dim 2, "Area") or Sig^{(1,2,3)} (dim 3, "Volume");  label /= max|label|

first 80 % train, last 20 % validation, unshuffled; no time channel (the models add ``t`` on
``linspace(0, 1, 100)``).  Here the Gaussian draws come from numpy's ``default_rng(seed)``, not
JAX's ``PRNGKey(1234)``, so the numbers differ from the official files while the construction is
the same; because the normalisers (``path_scale``, ``area_scale``, ``volume_scale``) depend on the
draw, RMSEs should be reported relative to the zero predictor on the same split
(:func:`numerics.paths.cde_models.zero_rmse`).  With ``channels=3`` both labels are made from one data
set (Area from channels 0, 1; the official code draws separate 2- and 3-channel sets with the same
key, whose first two channels differ from these).  Labels are the signature terms of the float64
path by :func:`numerics.paths.signatures.signature` (float64 Chen recursion; the tests compare them with
the exact rational signature of the integer path).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral

import numpy as np

from ..errors import InputError
from .signatures import signature, word_index

#: Fraction of the paths (the first ones) used for training, as in the official loader.
TRAIN_FRACTION = 0.8


@dataclass(frozen=True)
class OfficialSizes:
    """The scale of the paper's toy experiment (Section 6; official code, §5.2-5.3 of the digest)."""
    n_paths: int = 100_000
    length: int = 100
    area_channels: int = 2
    volume_channels: int = 3
    train_fraction: float = TRAIN_FRACTION
    hidden: int = 256            # N of the random linear CDE and of the SSM baselines
    data_key: int = 1234         # JAX PRNGKey of the data (not reproducible with numpy)
    run_key: int = 2345          # JAX PRNGKey of the model runs
    runs: int = 5


def official_sizes() -> OfficialSizes:
    """The paper's sizes: 100 000 paths of length 100, 2 channels (Area) and 3 (Volume)."""
    return OfficialSizes()


@dataclass(frozen=True)
class ToyData:
    """Normalised toy paths and labels with the normalisers and the seed that made them.

    ``paths``: ``(n_paths, length, channels)``; ``area``: normalised ``Sig^{(0,1)}``;
    ``volume``: normalised ``Sig^{(0,1,2)}`` (``None`` for 2 channels); ``*_scale``: the max-abs
    divided out.  ``train`` / ``validation``: index arrays of the first 80 % / last 20 %.
    """
    paths: np.ndarray
    area: np.ndarray
    volume: np.ndarray | None
    path_scale: float
    area_scale: float
    volume_scale: float | None
    seed: int
    train: np.ndarray = field(repr=False)
    validation: np.ndarray = field(repr=False)

    def split(self) -> tuple[np.ndarray, np.ndarray]:
        """``(train, validation)`` index arrays: first 80 %, last 20 %, unshuffled."""
        return self.train, self.validation

    def label(self, name: str) -> np.ndarray:
        """The normalised label ``"area"`` or ``"volume"``."""
        if name == "area":
            return self.area
        if name == "volume" and self.volume is not None:
            return self.volume
        raise InputError(f"name: expected 'area' or 'volume' (3 channels), got {name!r}")


def _positive_int(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise InputError(f"{name}: expected an integer >= {minimum}, got {value!r}")
    return int(value)


def _normalised(values: np.ndarray, name: str) -> tuple[np.ndarray, float]:
    scale = float(np.abs(values).max())
    if scale == 0.0:
        raise InputError(f"n_paths: every {name} is 0 for this draw; use more or longer paths")
    return values / scale, scale


def toy_dataset(n_paths, length, *, channels=3, seed) -> ToyData:
    """The toy data set: ``n_paths`` paths of ``length`` points in ``channels`` (2 or 3) channels."""
    n_paths = _positive_int(n_paths, "n_paths", 5)
    length = _positive_int(length, "length", 2)
    if channels not in (2, 3) or isinstance(channels, bool):
        raise InputError(f"channels: expected 2 (Area) or 3 (Area and Volume), got {channels!r}")
    seed = _positive_int(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    data = np.cumsum(np.round(rng.standard_normal((n_paths, length, channels))), axis=1)
    paths, path_scale = _normalised(data, "path")
    level = 3 if channels == 3 else 2
    sig = signature(paths, level)
    area, area_scale = _normalised(sig[:, word_index((0, 1), channels)], "area")
    volume = volume_scale = None
    if channels == 3:
        volume, volume_scale = _normalised(sig[:, word_index((0, 1, 2), channels)], "volume")
    n_train = int(round(TRAIN_FRACTION * n_paths))
    return ToyData(paths=paths, area=area, volume=volume, path_scale=path_scale, area_scale=area_scale,
                   volume_scale=volume_scale, seed=seed, train=np.arange(n_train),
                   validation=np.arange(n_train, n_paths))
