"""S4D real against complex on sequential images: Ran-Milo et al. (2024), Section 4.2 / Appendix F.2.

:func:`train_images` trains an :class:`~numerics.nets.s4d.S4DModel` (:mod:`numerics.nets.s4d`) on a
sequential image data set (:mod:`numerics.nets.images`) as the official S4 ``train.py`` with the
``s4d-{complex,real}-cifar`` experiment does: cross-entropy, AdamW (lr 0.01, weight decay 0.05; the
SSM parameters at lr 1e-3 without weight decay), a cosine schedule with linear warm-up over the first
10 % of the steps (18k of 180k officially), batches drawn by a shuffled pass over the training split
per epoch, dropout 0.1.  After training it measures the 0/1 accuracy on the validation and the test
split (model in eval mode: batch-norm running statistics, no dropout); ``accuracy`` is the test
accuracy.  The trained SSM parameters of every layer (``log_dt``, ``A``, ``B``, ``C`` per channel,
complex for the complex field) are kept in the record: :mod:`figures.trained_kernels_real_cost` reads
their kernels as targets.

Randomness: the initialisation from ``seed`` (a ``torch.Generator``), the batch order from ``numpy``
``SeedSequence(seed, spawn_key=(1,))``, dropout from ``torch.manual_seed(seed)`` (global stream, one
thread); the digits split from ``split_seed``.  A run is a function of its configuration (on one
machine and torch build), which the sweep cache relies on.

**Runs of a tier** (:func:`tier_configs`): complex ``legs`` (the official complex init) and real
``diag-real`` (the official real init) with the tier's seeds, and the rest of the paper's real init
grid, ``diag-lin`` and ``legs`` taken as real (their real parts), with the first seed only (the paper
ran that grid with one seed each and found no improvement).

* ``paper`` -- the official configuration on grayscale CIFAR-10 (``data_dir`` holding the
  ``cifar-10-batches-py`` pickles): 6 layers, d_model 512, d_state 64, bidirectional, batch 50,
  200 epochs (180 000 steps); seeds 2222 (the official seed; complex was run once), 1111, 3333 for
  real.  GPU-ready (``device="cuda"``), not run here: ``bench/s4d_bench.py`` measured one training
  step of it on this CPU at 61 s (complex) and 52 s (real), i.e. about 128 CPU-days per run.
* ``full`` -- the CPU stand-in: scikit-learn's digits (length 64), 4 layers, d_model 64, d_state 64
  (32 complex / 64 real states, the official state size, so that the bridge
  :mod:`figures.trained_kernels_real_cost` studies kernels of the official width), bidirectional,
  batch 50, 100 epochs (26 steps each, 2600 steps), seeds 1111, 2222, 3333: 8 runs.  Sizing,
  measured on this 2-core machine (one torch thread, process CPU time, float32): a pilot of 20
  epochs (seed 1111) reached 99.4 % test accuracy (complex ``legs``) and 94.2 % (real ``diag-real``),
  so the fields separate at this size; ``bench/s4d_bench.py`` measured 83 ms (complex) and 78 ms
  (real) per step, so the 8 x 2600 steps are about 28 CPU minutes, 14 minutes on two workers
  (evaluation adds seconds; other load on the machine stretches the wall time).
* ``quick`` -- minutes: the digits, 2 layers, d_model 32, d_state 16, 8 epochs, two seeds; it exercises
  the pipeline for ``make figures`` and is not evidence for the claim.
"""
from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field as dc_field
from numbers import Real
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from ..errors import InputError, check_choice, check_int
from ..learning.runs import RunConfig, read_summaries, write_summaries
from ..learning.sweep import run_sweep
from ..outputs import out_dir, read_record, write_record
from .images import DIGITS_SPLIT, load_cifar, load_digits
from .s4d import DTYPES, INITS, S4DConfig, S4DModel, make_optimizer, make_scheduler

DATASETS = ("digits", "cifar")
#: Bumped whenever a change alters the result of a run, so that cached results are recomputed.
CACHE_VERSION = 1
#: Examples per forward pass during evaluation.
_EVAL_CHUNK = 500
#: Training examples of each data set (the digits split, the official CIFAR train split).
TRAIN_EXAMPLES = {"digits": DIGITS_SPLIT[0], "cifar": 45_000}
#: The official inits: complex ``legs``, real ``diag-real``.
OFFICIAL_INIT = {"complex": "legs", "real": "diag-real"}


@dataclass(frozen=True)
class ImagesConfig(RunConfig):
    """One run (module docstring); the model fields are those of :class:`~numerics.nets.s4d.S4DConfig`."""

    KIND = "s4d-images"
    CACHE_VERSION = CACHE_VERSION

    dataset: str
    field: str
    init: str
    seed: int
    epochs: int
    batch_size: int = 50
    d_model: int = 512
    n_layers: int = 6
    d_state: int = 64
    dropout: float = 0.1
    bidirectional: bool = True
    lr: float = 0.01
    ssm_lr: float = 1e-3
    weight_decay: float = 0.05
    warmup_fraction: float = 0.1
    split_seed: int = 0
    data_dir: str = ""
    dtype: str = "float32"
    device: str = "cpu"

    def __post_init__(self):
        check_choice("dataset", self.dataset, DATASETS)
        check_int("seed", self.seed, 0)
        check_int("epochs", self.epochs, 1)
        check_int("batch_size", self.batch_size, 1)
        check_int("split_seed", self.split_seed, 0)
        for name in ("lr", "ssm_lr"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Real) or not (math.isfinite(value) and value > 0):
                raise InputError(f"{name}: must be a finite number > 0, got {value!r}")
        for name in ("weight_decay", "warmup_fraction"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value < 1:
                raise InputError(f"{name}: must be a number in [0, 1), got {value!r}")
        if self.dataset == "cifar" and not self.data_dir:
            raise InputError("data_dir: the cifar data set needs the folder of the local 'cifar-10-batches-py' "
                             "pickles (nothing is downloaded)")
        check_choice("dtype", self.dtype, tuple(DTYPES))
        if not isinstance(self.device, str) or self.device.split(":")[0] not in ("cpu", "cuda"):
            raise InputError(f"device: expected 'cpu' or 'cuda[:k]', got {self.device!r}")
        self.model_config()   # checks field, init, sizes, dropout

    def model_config(self) -> S4DConfig:
        return S4DConfig(field=self.field, init=self.init, d_model=self.d_model, n_layers=self.n_layers,
                         d_state=self.d_state, dropout=self.dropout, bidirectional=self.bidirectional)

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(TRAIN_EXAMPLES[self.dataset] / self.batch_size)

    @property
    def steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def warmup_steps(self) -> int:
        return int(self.warmup_fraction * self.steps)

    def as_dict(self) -> dict:
        return {**asdict(self), "lr": float(self.lr), "ssm_lr": float(self.ssm_lr),
                "weight_decay": float(self.weight_decay), "warmup_fraction": float(self.warmup_fraction),
                "dropout": float(self.dropout)}

    def run(self, progress: Callable[[int], None] | None = None) -> "ImagesResult":
        return train_images(self, progress=progress)

    @staticmethod
    def load_result(stem) -> "ImagesResult":
        return ImagesResult.load(stem)


#: The names of the trained SSM arrays of a record: per layer, stacked on the first axis.
SSM_ARRAYS = ("log_dt", "A", "B", "C")


@dataclass(frozen=True, eq=False)
class ImagesResult:
    """The record of one run: test ``accuracy``, ``val_accuracy``, per epoch the average training loss
    (``epoch_loss``), and the trained SSMs ``ssm = {log_dt (layers, H), A, B (layers, H, N), C (layers,
    channels, H, N)}`` (complex for the complex field), from which :func:`numerics.nets.s4d.s4d_kernel`
    gives each channel's kernel."""

    config: ImagesConfig
    accuracy: float
    val_accuracy: float
    epoch_loss: np.ndarray
    ssm: dict
    seconds: float = 0.0
    obtained: str = dc_field(default="")

    def summary(self) -> dict:
        return {"fields": self.config.as_dict(), "key": self.config.key(), "accuracy": self.accuracy,
                "val_accuracy": self.val_accuracy, "steps": self.config.steps, "seconds": self.seconds,
                "seed": self.config.seed, "obtained": self.obtained}

    def to_files(self, stem) -> tuple[Path, Path]:
        arrays = {"epoch_loss": self.epoch_loss, **{f"ssm_{k}": v for k, v in self.ssm.items()}}
        return write_record(stem, arrays, self.summary())

    @classmethod
    def load(cls, stem) -> "ImagesResult":
        summary, arrays = read_record(stem)
        return cls(config=ImagesConfig.from_dict(summary["fields"]), accuracy=summary["accuracy"],
                   val_accuracy=summary["val_accuracy"], epoch_loss=arrays["epoch_loss"],
                   ssm={k: arrays[f"ssm_{k}"] for k in SSM_ARRAYS}, seconds=summary["seconds"],
                   obtained=summary["obtained"])


def load_data(config: ImagesConfig):
    """The data set of ``config`` (:func:`~numerics.nets.images.load_digits` or ``load_cifar``)."""
    return load_digits(config.split_seed) if config.dataset == "digits" else load_cifar(config.data_dir)


def accuracy(model: S4DModel, x: np.ndarray, y: np.ndarray, device: str = "cpu") -> float:
    """0/1 accuracy of ``model`` (put in eval mode) on ``(x, y)``."""
    model.eval()
    dtype = next(model.parameters()).dtype
    hits = 0
    with torch.no_grad():
        for first in range(0, len(y), _EVAL_CHUNK):
            inputs = torch.from_numpy(x[first:first + _EVAL_CHUNK]).to(device=device, dtype=dtype)
            predicted = model(inputs).argmax(dim=-1).cpu().numpy()
            hits += int((predicted == y[first:first + _EVAL_CHUNK]).sum())
    return hits / len(y)


def trained_ssms(model: S4DModel) -> dict:
    """The SSMs of every layer as numpy arrays (:class:`ImagesResult`'s ``ssm``)."""
    parts = [block.kernel.parameters_per_channel() for block in model.blocks]
    return {name: np.stack([part[i].detach().cpu().numpy() for part in parts]) for i, name in enumerate(SSM_ARRAYS)}


def train_images(config: ImagesConfig, progress: Callable[[int], None] | None = None,
                 data=None) -> ImagesResult:
    """Train one run (module docstring) and evaluate it; ``data`` (a :class:`~numerics.nets.images.SequenceData`
    of the configuration's data set) saves loading it again.  ``progress`` receives the steps just done
    (every few steps; it may raise to abort the run)."""
    if not isinstance(config, ImagesConfig):
        raise InputError(f"config: expected an ImagesConfig, got {type(config).__name__}")
    if config.device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device: {config.device!r} requested but torch sees no CUDA device")
    start = time.perf_counter()
    data = load_data(config) if data is None else data
    x_train, y_train = data.split("train")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(config.seed)
        model = S4DModel(config.model_config(), seed=config.seed, dtype=config.dtype, device=config.device)
        optimizer = make_optimizer(model, config.lr, config.ssm_lr, config.weight_decay)
        scheduler = make_scheduler(optimizer, config.steps, config.warmup_steps)
        rng = np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=(1,)))
        dtype = DTYPES[config.dtype]
        losses, pending = [], 0
        for _ in range(config.epochs):
            model.train()
            order = rng.permutation(len(y_train))
            total = 0.0
            for first in range(0, len(order), config.batch_size):
                rows = order[first:first + config.batch_size]
                inputs = torch.from_numpy(x_train[rows]).to(device=config.device, dtype=dtype)
                loss = F.cross_entropy(model(inputs), torch.from_numpy(y_train[rows]).to(config.device))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                scheduler.step()
                total += loss.item() * len(rows)
                pending += 1
                if progress is not None and pending >= 5:
                    progress(pending)
                    pending = 0
            losses.append(total / len(order))
        if progress is not None and pending:
            progress(pending)
        val = accuracy(model, *data.split("val"), device=config.device)
        test = accuracy(model, *data.split("test"), device=config.device)
        ssm = trained_ssms(model)
    finally:
        torch.set_num_threads(threads)
    return ImagesResult(config=config, accuracy=test, val_accuracy=val, epoch_loss=np.array(losses), ssm=ssm,
                        seconds=time.perf_counter() - start,
                        obtained=f"torch {config.dtype} training on {config.device}; 0/1 accuracy on the "
                                 f"{data.name} test split ({len(data.split('test')[1])} examples)")


# ---------------------------------------------------------------------------------------------
# tiers

SEEDS = (1111, 2222, 3333)
#: Scale of each tier (module docstring).
TIERS = {
    "paper": {"dataset": "cifar", "model": dict(d_model=512, n_layers=6, d_state=64), "epochs": 200,
              "seeds": (2222, 1111, 3333), "complex_seeds": (2222,)},
    "full": {"dataset": "digits", "model": dict(d_model=64, n_layers=4, d_state=64), "epochs": 100,
             "seeds": SEEDS, "complex_seeds": SEEDS},
    "quick": {"dataset": "digits", "model": dict(d_model=32, n_layers=2, d_state=16), "epochs": 8,
              "seeds": SEEDS[:2], "complex_seeds": SEEDS[:2]},
}


def tier(name: str) -> dict:
    """The scale of tier ``name`` (:data:`TIERS`)."""
    if name not in TIERS:
        raise InputError(f"tier: unknown tier {name!r}; choose one of {', '.join(TIERS)}")
    return TIERS[name]


def tier_configs(name: str, device: str = "cpu", data_dir: str = "") -> list[ImagesConfig]:
    """The runs of tier ``name``: complex ``legs`` and real ``diag-real`` with the tier's seeds, then real
    ``diag-lin`` and ``legs`` with its first seed (module docstring).  ``data_dir``: the CIFAR folder (paper)."""
    scale = tier(name)
    base = dict(dataset=scale["dataset"], epochs=scale["epochs"], device=device, data_dir=str(data_dir or ""),
                **scale["model"])
    runs = [("complex", OFFICIAL_INIT["complex"], seed) for seed in scale["complex_seeds"]]
    runs += [("real", OFFICIAL_INIT["real"], seed) for seed in scale["seeds"]]
    runs += [("real", init, scale["seeds"][0]) for init in INITS["real"] if init != OFFICIAL_INIT["real"]]
    return [ImagesConfig(field=f, init=i, seed=s, **base) for f, i, s in runs]


def default_cache_dir() -> Path:
    """``out/cache/s4d_images`` below :func:`numerics.outputs.out_dir`."""
    return out_dir() / "cache" / "s4d_images"


def run_study(configs, *, workers: int = 2, cache_dir=None, progress: bool = True) -> list[ImagesResult]:
    """Train (or read from the cache) every configuration through :func:`numerics.learning.sweep.run_sweep`."""
    return run_sweep(configs, workers=workers, cache_dir=default_cache_dir() if cache_dir is None else cache_dir,
                     progress=progress)


def write_records(results, path) -> Path:
    """The summaries of ``results`` to the JSON file ``path``, atomically (:func:`numerics.learning.runs.write_summaries`)."""
    return write_summaries(results, path)


def read_records(path) -> list[dict]:
    """The records of :func:`write_records`, each with ``config`` rebuilt as an :class:`ImagesConfig`."""
    return read_summaries(path, ImagesConfig)
