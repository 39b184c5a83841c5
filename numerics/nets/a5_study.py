"""The runs of Figure 2 of Cirone et al. (2024), Section 6: minimal blocks needed for > 90 % validation
accuracy on the A5 word problem, per model and length, as the official loop finds them
(github.com/Benjamin-Walker/selective-ssms-and-linear-cdes, ``run_sm_A5_experiment`` and
``run_lcde_A5_experiment``; digest §5.6).

**One run** (:class:`A5Config`, :func:`train_a5`): a model of :mod:`numerics.nets.a5_models` with
``depth`` blocks trained on ``samples`` sequences of one ``length`` (:func:`numerics.nets.a5.word_problem`,
80 % training, 20 % validation) with AdamW (weight decay 0.01), batch 32 of shuffled training
sequences, cross-entropy over every position.  Each step also trains on the length-2 sequences
(:func:`numerics.nets.a5.auxiliary_pairs`, first 80 %): the block models add the gradient of a
length-2 batch of 32 before the one optimizer step, the Linear CDE takes a separate optimizer step on
``32 // 10 = 3`` of them (both as the official loops).  Validation accuracy (0/1 over every position
of every validation sequence, dropout off) is measured at step 0 and every ``eval_every`` steps, and
training stops at the first evaluation above ``threshold`` (0.9); unlike the official loop, a run
that reaches its step cap is evaluated once more there.  Randomness: data from ``seed`` (the
sequences, :func:`numerics.nets.a5.word_problem`), the model from ``seed + 1``, batches and dropout
from ``SeedSequence(seed, spawn_key=(2,))``; torch runs on one thread inside a run.

**The depth loop** (:func:`blocks_needed`): per model, depths ``1..4`` are tried in increasing order
at each length; the first that succeeds is the length's minimal block count, and a depth that fails
is dropped for every longer length (the official ``depths_to_remove``), so a model that fails at
every remaining depth has no point from there on.  The runs of one round (one per model still going)
go through :func:`numerics.learning.sweep.run_sweep` together (two workers, a cache keyed by
configuration in ``out/cache/a5``).

**Tiers** (:data:`TIERS`):

* ``paper`` -- the official configuration: hidden 1024, state 64, 64 heads, feed-forward 2048 (Linear
  CDE hidden 256), lengths 3..12, 14, 16, 18, 20, 1 000 000 sequences per length (all 216 000 at
  length 3), learning rates Mamba 3e-4 (depth 1-2) / 1e-4 (depth 3-4), S4 and RNN 1e-4, Transformer
  and Linear CDE 2e-4, evaluation every 10 000 steps, caps 40 epochs (block models) and 10^6 steps
  (Linear CDE).  Configuration only here: GPU-ready through ``device="cuda"`` (the S6 layer then uses
  the reference scan); on this CPU a single paper-tier run takes days.
* ``full`` -- the CPU scale (<= 60 minutes on 2 cores): hidden 64, state 16, 4 heads, feed-forward 128,
  lengths 3, 4, 5, 6; 20 000 sequences per length; lr 3e-3 for all models; batch 32; evaluation every
  1 000 steps on the 4 000 validation sequences; cap 8 000 steps.  Sized by timing and extrapolating
  (not run in full here): one step (main batch + length-2 batch, forward and backward, one thread) at
  hidden 64 costs per block about 6 ms (RNN), 12 ms (Transformer), 8.5 ms (S4), 16 ms (S6) and 26-45 ms
  (Linear CDE, lengths 3-6), on a shared 2-core machine.  Pilot runs, one block: the Linear CDE passed
  90 % after 2 000 steps at length 3 (98.6 %) and at length 6 (90.1 %); at length 3 the RNN reached 64 %
  and S6 51 % after 6 000 steps (64 % and 68 % after 5 000 at lr 1e-2; the RNN 72 % at hidden 128 after 8 000),
  the Transformer 59 % after 5 000, so at this scale the training budget, not only the architecture, can
  decide a point (the paper trains up to 10^6 steps).  Cost: a
  model that fails every depth at length 3 takes 4 runs, 8 000 x (1 + 2 + 3 + 4) block-steps; one that
  succeeds takes at most 4 + 3 = 7 runs.  Typical case (Linear CDE solving early, the others failing at
  length 3): 4 x 2 500 x 35 ms + 80 000 x (6 + 12 + 8.5 + 16) ms = 3 750 CPU seconds, about 31 minutes on
  two workers; worst case (7 runs per block model to the cap at mean depth 2.5) about 52 minutes.
* ``quick`` -- minutes, for ``make figures``: hidden 16, state 4, lengths 3, 4, 5; 2 000 sequences;
  cap 150 steps, evaluation every 50 (100 s on the shared 2-core machine).  It exercises the pipeline;
  at this scale no model is expected to reach 90 %, so it is no evidence.
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
from .a5 import ORDER, auxiliary_pairs, split, word_problem
from .a5_models import MODELS, build

#: The official seed (``run_experiment.py -s``) and the official validation-accuracy threshold.
SEED = 2345
THRESHOLD = 0.9
DEPTHS = (1, 2, 3, 4)
#: Bumped whenever a change alters the result of a run, so that cached results are recomputed.
CACHE_VERSION = 1
_EVAL_CHUNK = 500


@dataclass(frozen=True)
class A5Config(RunConfig):
    """One run: ``model`` with ``depth`` blocks on sequences of ``length`` (module docstring)."""

    KIND = "a5"
    CACHE_VERSION = CACHE_VERSION

    model: str
    length: int
    depth: int
    hidden: int
    state: int
    lr: float
    samples: int
    steps: int
    eval_every: int
    seed: int = SEED
    heads: int = 1
    feedforward: int = 2048
    batch_size: int = 32
    weight_decay: float = 0.01
    dropout: float = 0.1
    threshold: float = THRESHOLD
    device: str = "cpu"

    def __post_init__(self):
        check_choice("model", self.model, MODELS)
        check_int("length", self.length, 2)
        for name in ("depth", "hidden", "state", "samples", "steps", "eval_every", "heads", "feedforward",
                     "batch_size"):
            check_int(name, getattr(self, name), 1)
        check_int("seed", self.seed, 0)
        if self.samples < 10:
            raise InputError(f"samples: at least 10 sequences are needed for an 80/20 split, got {self.samples}")
        for name, low, high, closed in (("lr", 0.0, math.inf, False), ("weight_decay", 0.0, math.inf, True),
                                        ("dropout", 0.0, 1.0, True), ("threshold", 0.0, 1.0, False)):
            value = getattr(self, name)
            inside = (not isinstance(value, bool) and isinstance(value, Real) and math.isfinite(value)
                      and (low <= value if closed else low < value) and (value <= 1.0 if name == "threshold"
                                                                         else value < high))
            if not inside:
                raise InputError(f"{name}: must be a finite number in {'[' if closed else '('}{low}, {high}), "
                                 f"got {value!r}")
        if not isinstance(self.device, str) or self.device.split(":")[0] not in ("cpu", "cuda"):
            raise InputError(f"device: expected 'cpu' or 'cuda[:k]', got {self.device!r}")
        if self.model == "transformer" and (self.hidden % self.heads or self.hidden % 2):
            raise InputError(f"heads: must divide hidden = {self.hidden} (an even width), got {self.heads}")

    def as_dict(self) -> dict:
        record = asdict(self)
        record.update(lr=float(self.lr), weight_decay=float(self.weight_decay), dropout=float(self.dropout),
                      threshold=float(self.threshold))
        return record

    def run(self, progress: Callable[[int], None] | None = None) -> "A5Result":
        return train_a5(self, progress=progress)

    @staticmethod
    def load_result(stem) -> "A5Result":
        return A5Result.load(stem)


@dataclass(frozen=True, eq=False)
class A5Result:
    """One run's record: ``accuracy`` is the last validation accuracy, ``solved`` whether it exceeded the
    threshold; ``eval_steps``/``eval_accuracy`` the evaluations (step, accuracy)."""

    config: A5Config
    accuracy: float
    solved: bool
    steps: int
    eval_steps: np.ndarray
    eval_accuracy: np.ndarray
    seconds: float = 0.0
    obtained: str = dc_field(default="")

    def summary(self) -> dict:
        return {"fields": asdict(self.config), "key": self.config.key(), "accuracy": self.accuracy,
                "solved": self.solved, "steps": self.steps, "seconds": self.seconds, "obtained": self.obtained,
                "seed": self.config.seed}

    def to_files(self, stem) -> tuple[Path, Path]:
        return write_record(stem, {"eval_steps": self.eval_steps, "eval_accuracy": self.eval_accuracy},
                            self.summary())

    @classmethod
    def load(cls, stem) -> "A5Result":
        summary, arrays = read_record(stem)
        return cls(config=A5Config.from_dict(summary["fields"]), accuracy=summary["accuracy"],
                   solved=summary["solved"], steps=summary["steps"], eval_steps=arrays["eval_steps"],
                   eval_accuracy=arrays["eval_accuracy"], seconds=summary["seconds"], obtained=summary["obtained"])


def _accuracy(model, tokens: np.ndarray, targets: np.ndarray, device: str) -> float:
    model.eval()
    hits = 0
    with torch.no_grad():
        for first in range(0, tokens.shape[0], _EVAL_CHUNK):
            x = torch.from_numpy(tokens[first:first + _EVAL_CHUNK]).to(device)
            y = torch.from_numpy(targets[first:first + _EVAL_CHUNK]).to(device)
            hits += int((model(x).argmax(dim=-1) == y).sum())
    model.train()
    return hits / targets.size


def _loss(model, tokens, targets, device):
    logits = model(torch.from_numpy(tokens).to(device))
    return F.cross_entropy(logits.reshape(-1, ORDER), torch.from_numpy(targets).to(device).reshape(-1))


class _Batches:
    """Shuffled batches, epoch after epoch, from ``rng``."""

    def __init__(self, data, size: int, rng):
        self.data, self.size, self.rng = data, size, rng
        self.order, self.position = rng.permutation(len(data)), 0

    def next(self):
        if self.position >= len(self.order):
            self.order, self.position = self.rng.permutation(len(self.data)), 0
        rows = self.order[self.position:self.position + self.size]
        self.position += self.size
        return self.data.tokens[rows], self.data.targets[rows]


def train_a5(config: A5Config, progress: Callable[[int], None] | None = None) -> A5Result:
    """Train one run (module docstring); ``progress`` receives step counts (it may raise to abort)."""
    if not isinstance(config, A5Config):
        raise InputError(f"config: expected an A5Config, got {type(config).__name__}")
    if config.device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device: {config.device!r} requested but torch sees no CUDA device")
    start = time.perf_counter()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        train, valid = split(word_problem(config.length, config.samples, config.seed))
        pairs, _ = split(auxiliary_pairs(config.seed))
        scan = "fast" if config.device == "cpu" else "reference"
        model = build(config.model, config.depth, config.hidden, config.state, seed=config.seed + 1,
                      heads=config.heads, feedforward=config.feedforward, dropout=config.dropout,
                      scan=scan).to(config.device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
        rng = np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=(2,)))
        torch.manual_seed(int(rng.integers(2 ** 31)))
        main = _Batches(train, config.batch_size, rng)
        separate = config.model == "lcde"
        auxiliary = _Batches(pairs, config.batch_size // 10 if separate else config.batch_size, rng)
        eval_steps, eval_accuracy = [], []
        solved, step, pending = False, 0, 0
        while True:
            if step % config.eval_every == 0 or step == config.steps:
                eval_steps.append(step)
                eval_accuracy.append(_accuracy(model, valid.tokens, valid.targets, config.device))
                solved = eval_accuracy[-1] > config.threshold
            if solved or step == config.steps:
                break
            optimizer.zero_grad()
            _loss(model, *main.next(), config.device).backward()
            if separate:
                optimizer.step()
                optimizer.zero_grad()
            _loss(model, *auxiliary.next(), config.device).backward()
            optimizer.step()
            step, pending = step + 1, pending + 1
            if progress is not None and pending >= 10:
                progress(pending)
                pending = 0
        if progress is not None:
            progress(pending + config.steps - step)
    finally:
        torch.set_num_threads(threads)
    return A5Result(config=config, accuracy=eval_accuracy[-1], solved=solved, steps=step,
                    eval_steps=np.array(eval_steps, dtype=np.int64), eval_accuracy=np.array(eval_accuracy),
                    seconds=time.perf_counter() - start,
                    obtained=f"torch float32 training on {config.device}; 0/1 accuracy over every position of "
                             f"{len(valid)} validation sequences")


# ---------------------------------------------------------------------------------------------
# tiers and the depth loop

PAPER_LENGTHS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20)
#: Scale of each tier (module docstring).  ``lr`` maps a model to its learning rate, or to a pair
#: (depths 1-2, depths 3-4).
TIERS = {
    "paper": {"hidden": 1024, "lcde_hidden": 256, "state": 64, "heads": 64, "feedforward": 2048,
              "lengths": PAPER_LENGTHS, "samples": 1_000_000, "steps": 1_000_000, "eval_every": 10_000,
              "lr": {"rnn": 1e-4, "transformer": 2e-4, "s4": 1e-4, "mamba": (3e-4, 1e-4), "lcde": 2e-4}},
    "full": {"hidden": 64, "lcde_hidden": 64, "state": 16, "heads": 4, "feedforward": 128,
             "lengths": (3, 4, 5, 6), "samples": 20_000, "steps": 8_000, "eval_every": 1_000,
             "lr": {name: 3e-3 for name in MODELS}},
    "quick": {"hidden": 16, "lcde_hidden": 16, "state": 4, "heads": 2, "feedforward": 32,
              "lengths": (3, 4, 5), "samples": 2_000, "steps": 150, "eval_every": 50,
              "lr": {name: 3e-3 for name in MODELS}},
}


def tier(name: str) -> dict:
    """The scale of tier ``name`` (:data:`TIERS`)."""
    if name not in TIERS:
        raise InputError(f"tier: unknown tier {name!r}; choose one of {', '.join(TIERS)}")
    return TIERS[name]


def tier_config(name: str, model: str, length: int, depth: int, device: str = "cpu") -> A5Config:
    """The run of ``model`` with ``depth`` blocks at ``length`` on tier ``name``."""
    scale = tier(name)
    check_choice("model", model, MODELS)
    lr = scale["lr"][model]
    if isinstance(lr, tuple):
        lr = lr[0] if depth <= 2 else lr[1]
    check_int("length", length, 2)
    samples = min(scale["samples"], ORDER ** length)
    epoch_cap = 40 * math.ceil(0.8 * samples / 32) if name == "paper" and model != "lcde" else scale["steps"]
    return A5Config(model=model, length=length, depth=depth, lr=lr, samples=samples,
                    hidden=scale["lcde_hidden"] if model == "lcde" else scale["hidden"], state=scale["state"],
                    heads=scale["heads"], feedforward=scale["feedforward"], steps=epoch_cap,
                    eval_every=scale["eval_every"], device=device)


def default_cache_dir() -> Path:
    """``out/cache/a5`` below :func:`numerics.outputs.out_dir`."""
    return out_dir() / "cache" / "a5"


def run_study(configs, *, workers: int = 2, cache_dir=None, progress: bool = True) -> list[A5Result]:
    """Train (or read from the cache) every configuration through :func:`numerics.learning.sweep.run_sweep`."""
    return run_sweep(configs, workers=workers, cache_dir=default_cache_dir() if cache_dir is None else cache_dir,
                     progress=progress)


def blocks_needed(tier_name: str, models=MODELS, *, device: str = "cpu", runner=run_study) -> dict:
    """The official depth loop (module docstring) at ``tier_name`` for ``models``.

    Returns ``{"blocks": {model: {length: depth or None}}, "runs": [A5Result, ...]}``; ``runner`` trains a
    list of configurations (default :func:`run_study`)."""
    scale = tier(tier_name)
    models = tuple(models)
    for model in models:
        check_choice("models", model, MODELS)
    lengths = scale["lengths"]
    remaining = {model: list(DEPTHS) for model in models}
    position = {model: 0 for model in models}      # index into lengths
    attempt = {model: 0 for model in models}       # index into remaining[model]
    blocks = {model: {} for model in models}
    runs = []
    while True:
        active = [m for m in models if position[m] < len(lengths) and attempt[m] < len(remaining[m])]
        if not active:
            break
        configs = [tier_config(tier_name, m, lengths[position[m]], remaining[m][attempt[m]], device) for m in active]
        for model, result in zip(active, runner(configs)):
            runs.append(result)
            if result.solved:
                blocks[model][lengths[position[model]]] = result.config.depth
                remaining[model] = remaining[model][attempt[model]:]
                position[model], attempt[model] = position[model] + 1, 0
            else:
                attempt[model] += 1
                if attempt[model] == len(remaining[model]):
                    blocks[model][lengths[position[model]]] = None
                    remaining[model] = []
    for model in models:
        for length in lengths:
            blocks[model].setdefault(length, None)
    return {"blocks": blocks, "runs": runs, "lengths": list(lengths), "tier": tier_name}


def write_records(results, path) -> Path:
    """The summaries of ``results`` to the JSON file ``path``, atomically (:func:`numerics.learning.runs.write_summaries`)."""
    return write_summaries(results, path)


def read_records(path) -> list[dict]:
    """The records of :func:`write_records`, each with ``config`` rebuilt as an :class:`A5Config`."""
    return read_summaries(path, A5Config)
