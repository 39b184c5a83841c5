"""One training run of the selectivity study of Ran-Milo et al. (2024), Section 4.3 / Appendix F.3.

:func:`train_selectivity` trains a :class:`~numerics.nets.mamba.MambaLM` (S6-Real or S6-Complex,
with the chosen subset of ``{B, C, Delta}`` selective) on the copy or the induction-head task of
:mod:`numerics.nets.tasks` as the official ``train_selectivity.py`` does: Adam (torch defaults),
lr 1e-3, batch 8, cross-entropy over the scored positions, ``zero_grad`` every step, a fresh
batch every step; the steps are grouped in epochs (officially 8192 examples = 1024 steps) and
training stops at the end of the first epoch whose average loss is below ``stop_loss`` (officially
0.01 for copy, 1e-5 for induction), or at the step cap.  The result is then measured as the paper
reports it: 0/1 accuracy over the scored positions of ``eval_examples`` (1000) fresh examples
(the official script logs training-batch accuracy; the paper's text describes fresh examples).

Randomness: the model's initialisation comes from ``seed`` (a ``torch.Generator``), the training
batches from ``numpy`` stream ``SeedSequence(seed, spawn_key=(1,))``, the evaluation examples from
``spawn_key=(2,)``; torch runs on one thread inside a run.  So a run is a function of its
configuration (on one machine and torch build), which is what the sweep cache relies on.

**Tiers** (:func:`tier_configs`, :data:`TIERS`): the real-vs-complex comparison (copy and induction,
S6-Real and S6-Complex, seeds 1111, 2222, 3333 as the official ``--compare_real_complex``) and the
Table 3 ablation (``{B, C, Delta}`` selective in ``{F, T}^3`` x both fields x seeds; the official
``--ablation`` ran one seed, the paper's table reports the highest and lowest of three).  Table 3
runs on the induction head (:data:`TABLE3_TASK`; ``task="copy"`` switches): the official code's
ablation example is ``--config induction.yaml --ablation``, and the paper's reading -- real compares
favourably only when B and C are selective -- needs a task on which the fully selective real model
does compare favourably, which the induction head is and copy (real 80.17 % vs complex 93.05 %) is
not.  Model: 2 layers, d_model 64, expand 2, d_conv 4, vocabulary 16, d_state 16 (real) / 8
complex states (complex) throughout; float32.

* ``paper`` -- the official configuration: copy lag 64 (length 128), induction h = 128 (length
  384), epochs of 1024 steps, step caps 1 024 000 (copy) and 250 000 (induction).  Runs unchanged on
  a GPU (``device="cuda"``, the reference scan); on this CPU it would take months
  (``bench/selectivity_bench.py`` projects it).
* ``full`` -- the CPU scale: copy lag 16 (length 32) for 3000 steps, induction h = 8 (length 24)
  for 4000 steps, epochs of 100 steps, three seeds everywhere: 6 copy runs and 48 induction runs
  (the fully selective ones shared by the comparison and Table 3).  Why this scale: the copy task
  separates the fields early -- at lag 16 after 3000 steps a pilot run reached 28.9 % (real) and
  90.9 % (complex) -- while the induction head needs a shorter h to be learnt at all on CPU (h = 16:
  real 16 % after 3000 steps; h = 8: real 98.4 %, complex 99.7 % after 5000 steps, both learnt, as
  in the paper).  Cost, measured by ``bench/selectivity_bench.py`` (process CPU time, one torch
  thread, fast scan) on this 2-core machine: 17 ms (real) and 22 ms (complex) per step at copy lag 16,
  17 and 22 ms at induction h = 8, so the 6 x 3000 + 48 x 4000 = 210 000 steps and the evaluations
  are 69 CPU minutes: 34 minutes on two workers (a step cap, so an upper bound); other load on the
  machine stretches the wall time accordingly.  The paper tier would take about 46 000 CPU minutes
  (16 days on two workers) here.
* ``quick`` -- minutes: copy lag 8 / 600 steps, induction h = 4 / 400 steps, Table 3 with one seed;
  it exercises the pipeline for ``make figures`` and is not evidence for the claims (the induction
  head is not learnt in 400 steps).
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
from .mamba import DTYPES, FIELDS, MambaConfig, MambaLM
from .tasks import SECOND_COPY, TASKS, VOCAB, make_batch

#: The official early-stopping thresholds on the epoch-average training loss.
STOP_LOSS = {"copy": 0.01, "induction": 1e-5}
#: The official seeds of ``--compare_real_complex``.
SEEDS = (1111, 2222, 3333)
#: Bumped whenever a change alters the result of a run, so that cached results are recomputed.
CACHE_VERSION = 1
#: Examples per forward pass during evaluation.
_EVAL_CHUNK = 250


@dataclass(frozen=True)
class SelectivityConfig(RunConfig):
    """One run.  ``t`` is the copy lag or the induction length ``h``; ``steps`` is the step cap;
    ``stop_loss=None`` means the official threshold of the task (:data:`STOP_LOSS`)."""

    KIND = "selectivity"
    CACHE_VERSION = CACHE_VERSION

    task: str
    field: str
    t: int
    seed: int
    steps: int
    selective_B: bool = True
    selective_C: bool = True
    selective_delta: bool = True
    epoch_steps: int = 1024
    stop_loss: float | None = None
    batch_size: int = 8
    lr: float = 1e-3
    eval_examples: int = 1000
    d_model: int = 64
    n_layers: int = 2
    d_state: int = 16
    dtype: str = "float32"
    second_copy: str = "official"
    train_embedding: bool = False
    device: str = "cpu"

    def __post_init__(self):
        check_choice("task", self.task, TASKS)
        check_choice("field", self.field, FIELDS)
        check_int("t", self.t, 2 if (self.task == "induction" and self.second_copy == "paper") else 1)
        check_int("seed", self.seed, 0)
        for name in ("steps", "epoch_steps", "batch_size", "eval_examples"):
            check_int(name, getattr(self, name), 1)
        if self.stop_loss is not None and (isinstance(self.stop_loss, bool) or not isinstance(self.stop_loss, Real)
                                           or not self.stop_loss >= 0):
            raise InputError(f"stop_loss: must be a number >= 0 or None, got {self.stop_loss!r}")
        if isinstance(self.lr, bool) or not isinstance(self.lr, Real) or not (math.isfinite(self.lr) and self.lr > 0):
            raise InputError(f"lr: must be a finite number > 0, got {self.lr!r}")
        check_choice("dtype", self.dtype, tuple(DTYPES))
        check_choice("second_copy", self.second_copy, SECOND_COPY)
        if not isinstance(self.device, str) or self.device.split(":")[0] not in ("cpu", "cuda"):
            raise InputError(f"device: expected 'cpu' or 'cuda[:k]', got {self.device!r}")
        self.model_config()   # checks d_model, n_layers, d_state (even for the complex field) and the flags

    def model_config(self) -> MambaConfig:
        return MambaConfig(field=self.field, d_model=self.d_model, n_layers=self.n_layers, d_state=self.d_state,
                           vocab_size=VOCAB, selective_B=self.selective_B, selective_C=self.selective_C,
                           selective_delta=self.selective_delta, train_embedding=self.train_embedding)

    @property
    def effective_stop_loss(self) -> float:
        return STOP_LOSS[self.task] if self.stop_loss is None else float(self.stop_loss)

    @property
    def selectivity(self) -> str:
        """``"BCD"``-style label of the selective parameters (``-`` for none), e.g. ``"BC"``."""
        label = "".join(name for name, flag in (("B", self.selective_B), ("C", self.selective_C),
                                                ("D", self.selective_delta)) if flag)
        return label or "-"

    def as_dict(self) -> dict:
        """The configuration with defaults resolved (the record written beside each result)."""
        record = asdict(self)
        record.update(stop_loss=self.effective_stop_loss, lr=float(self.lr))
        return record

    def run(self, progress: Callable[[int], None] | None = None) -> "SelectivityResult":
        """:func:`train_selectivity` of this configuration."""
        return train_selectivity(self, progress=progress)

    @staticmethod
    def load_result(stem) -> "SelectivityResult":
        return SelectivityResult.load(stem)


@dataclass(frozen=True, eq=False)
class SelectivityResult:
    """The record of one run.

    ``accuracy``: 0/1 accuracy over the scored positions of ``eval_examples`` fresh examples after
    training; ``steps``: steps taken (the cap, or fewer when the loss criterion stopped the run);
    ``epoch_end``, ``epoch_loss``, ``epoch_accuracy``: per epoch (the last may be partial), its last
    step (1-based), the average training loss and the training-batch token accuracy -- the learning
    curve the official script logs.
    """

    config: SelectivityConfig
    accuracy: float
    steps: int
    stopped_early: bool
    epoch_end: np.ndarray
    epoch_loss: np.ndarray
    epoch_accuracy: np.ndarray
    seconds: float = 0.0
    obtained: str = dc_field(default="")

    @property
    def seed(self) -> int:
        return self.config.seed

    def summary(self) -> dict:
        return {"config": self.config.as_dict(), "fields": asdict(self.config), "key": self.config.key(),
                "accuracy": self.accuracy, "steps": self.steps, "stopped_early": self.stopped_early,
                "seconds": self.seconds, "seed": self.seed, "obtained": self.obtained}

    def to_files(self, stem) -> tuple[Path, Path]:
        """Write ``stem.npz`` (the curves) and ``stem.json`` (:meth:`summary`) atomically, the JSON last."""
        arrays = {"epoch_end": self.epoch_end, "epoch_loss": self.epoch_loss, "epoch_accuracy": self.epoch_accuracy}
        return write_record(stem, arrays, self.summary())

    @classmethod
    def load(cls, stem) -> "SelectivityResult":
        summary, arrays = read_record(stem)
        return cls(config=SelectivityConfig.from_dict(summary["fields"]), accuracy=summary["accuracy"],
                   steps=summary["steps"], stopped_early=summary["stopped_early"], epoch_end=arrays["epoch_end"],
                   epoch_loss=arrays["epoch_loss"], epoch_accuracy=arrays["epoch_accuracy"],
                   seconds=summary["seconds"], obtained=summary["obtained"])


def _loss_and_hits(model, batch, device):
    tokens = torch.from_numpy(batch.tokens).to(device)
    targets = torch.from_numpy(batch.targets).to(device)
    logits = model(tokens)[:, batch.loss_start:]
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    hits = int((logits.argmax(dim=-1) == targets).sum())
    return loss, hits, targets.numel()


def evaluate(model: MambaLM, config: SelectivityConfig) -> float:
    """0/1 accuracy on the scored positions of ``config.eval_examples`` fresh examples (stream 2 of the seed)."""
    rng = np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=(2,)))
    hits = total = 0
    with torch.no_grad():
        for first in range(0, config.eval_examples, _EVAL_CHUNK):
            size = min(_EVAL_CHUNK, config.eval_examples - first)
            batch = make_batch(config.task, rng, size, config.t, config.second_copy)
            _, batch_hits, count = _loss_and_hits(model, batch, config.device)
            hits, total = hits + batch_hits, total + count
    return hits / total


def train_selectivity(config: SelectivityConfig, progress: Callable[[int], None] | None = None) -> SelectivityResult:
    """Train one run (module docstring) and evaluate it.

    ``progress`` is called with the number of steps just done, every few steps (it may raise to
    abort the run); when the loss criterion stops the run early it receives the remaining steps too.
    """
    if not isinstance(config, SelectivityConfig):
        raise InputError(f"config: expected a SelectivityConfig, got {type(config).__name__}")
    if config.device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device: {config.device!r} requested but torch sees no CUDA device")
    start = time.perf_counter()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        scan = "fast" if config.device == "cpu" else "reference"
        model = MambaLM(config.model_config(), seed=config.seed, dtype=config.dtype, scan=scan, device=config.device)
        optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=config.lr, foreach=True)
        rng = np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=(1,)))
        report_every = max(1, min(config.epoch_steps, 25))
        ends, losses, accuracies = [], [], []
        loss_sum, hits, count, in_epoch, pending = 0.0, 0, 0, 0, 0
        stopped = False
        step = 0
        while step < config.steps and not stopped:
            batch = make_batch(config.task, rng, config.batch_size, config.t, config.second_copy)
            loss, batch_hits, batch_count = _loss_and_hits(model, batch, config.device)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            loss_sum += loss.item()
            hits, count, in_epoch, pending = hits + batch_hits, count + batch_count, in_epoch + 1, pending + 1
            if in_epoch == config.epoch_steps or step == config.steps:
                ends.append(step)
                losses.append(loss_sum / in_epoch)
                accuracies.append(hits / count)
                stopped = in_epoch == config.epoch_steps and losses[-1] < config.effective_stop_loss
                loss_sum, hits, count, in_epoch = 0.0, 0, 0, 0
            if progress is not None and (pending >= report_every or stopped or step == config.steps):
                progress(pending + (config.steps - step if stopped else 0))
                pending = 0
        accuracy = evaluate(model, config)
    finally:
        torch.set_num_threads(threads)
    scan_name = "numba scan, float64 inside" if scan == "fast" else "reference sequential scan"
    return SelectivityResult(config=config, accuracy=accuracy, steps=step, stopped_early=stopped,
                             epoch_end=np.array(ends, dtype=np.int64), epoch_loss=np.array(losses),
                             epoch_accuracy=np.array(accuracies), seconds=time.perf_counter() - start,
                             obtained=f"torch {config.dtype} training on {config.device} ({scan_name}); "
                                      f"accuracy on {config.eval_examples} fresh examples")


# ---------------------------------------------------------------------------------------------
# tiers

#: Scale of each tier (module docstring): per task the length parameter ``t`` and the step cap; the
#: epoch length (steps) of the early-stopping criterion; the seeds of the comparison and of Table 3.
TIERS = {
    "paper": {"copy": (64, 1_024_000), "induction": (128, 250_000), "epoch_steps": 1024, "seeds": SEEDS,
              "table3_seeds": SEEDS},
    "full": {"copy": (16, 3000), "induction": (8, 4000), "epoch_steps": 100, "seeds": SEEDS,
             "table3_seeds": SEEDS},
    "quick": {"copy": (8, 600), "induction": (4, 400), "epoch_steps": 50, "seeds": SEEDS,
              "table3_seeds": SEEDS[:1]},
}
STUDIES = ("compare", "table3")
#: The task of the Table 3 ablation (module docstring); ``tier_configs(..., task="copy")`` runs it on copy.
TABLE3_TASK = "induction"


def tier(name: str) -> dict:
    """The scale of tier ``name`` (:data:`TIERS`)."""
    if name not in TIERS:
        raise InputError(f"tier: unknown tier {name!r}; choose one of {', '.join(TIERS)}")
    return TIERS[name]


def tier_configs(name: str, study: str, task: str | None = None, device: str = "cpu") -> list[SelectivityConfig]:
    """The runs of ``study`` at tier ``name``.

    ``study="compare"``: both fields x the tier's seeds on ``task`` (copy or induction), all of
    B, C, Delta selective.  ``study="table3"``: ``{B, C, Delta}`` selective in ``{F, T}^3`` x both
    fields x the tier's Table 3 seeds, on ``task`` (default :data:`TABLE3_TASK`).
    """
    scale = tier(name)
    check_choice("study", study, STUDIES)
    if study == "table3" and task is None:
        task = TABLE3_TASK
    check_choice("task", task, TASKS)
    t, steps = scale[task]
    base = dict(task=task, t=t, steps=steps, epoch_steps=scale["epoch_steps"], device=device)
    if study == "compare":
        switches, seeds = [(True, True, True)], scale["seeds"]
    else:
        switches = [(b, c, d) for b in (False, True) for c in (False, True) for d in (False, True)]
        seeds = scale["table3_seeds"]
    return [SelectivityConfig(field=field, seed=seed, selective_B=b, selective_C=c, selective_delta=d, **base)
            for (b, c, d) in switches for field in FIELDS for seed in seeds]


def default_cache_dir() -> Path:
    """``out/cache/selectivity`` below :func:`numerics.outputs.out_dir`."""
    return out_dir() / "cache" / "selectivity"


def run_study(configs, *, workers: int = 2, cache_dir=None, progress: bool = True) -> list[SelectivityResult]:
    """Train (or read from the cache) every configuration through :func:`numerics.learning.sweep.run_sweep`:
    a Dask LocalCluster of ``workers`` processes or the cluster of ``$SSMCHECK_SCHEDULER`` (:mod:`numerics.engine`),
    progress bars, a cache keyed by configuration (default :func:`default_cache_dir`),
    resumable after an interruption, files written atomically."""
    return run_sweep(configs, workers=workers, cache_dir=default_cache_dir() if cache_dir is None else cache_dir,
                     progress=progress)


def write_records(results, path) -> Path:
    """The summaries of ``results`` to the JSON file ``path``, atomically (:func:`numerics.learning.runs.write_summaries`)."""
    return write_summaries(results, path)


def read_records(path) -> list[dict]:
    """The records of :func:`write_records`, each with ``config`` rebuilt as a :class:`SelectivityConfig`."""
    return read_summaries(path, SelectivityConfig)
