"""Sweeps of training runs (:mod:`numerics.learning.training`) with a resumable on-disk cache, on Dask.

``run_sweep(configs)`` returns one :class:`~numerics.learning.training.TrainResult` per configuration, in
the order given.  Another kind of run (e.g. :class:`numerics.nets.selectivity.SelectivityConfig`) takes
the same path when its configuration is a picklable frozen dataclass with ``steps``, ``key()``,
``as_dict()``, ``run(progress)`` (returning a picklable result with ``to_files(stem)`` and ``config``)
and ``load_result(stem)``; its key must differ from every ``TrainConfig``'s.

**Cache.**  Each finished run is written to the cache directory (default :func:`default_cache_dir`) as
``<key>.npz`` and ``<key>.json`` (``key = config.key()``, a hash of the configuration with its defaults
resolved), each through a temporary file renamed into place, the JSON last; a run whose JSON exists is
complete and is read back instead of being trained again.  The files are written by this process (the
client), never by the workers: a worker ships its result back (pickled, so bit-identical) and the
client writes it as soon as it arrives.  So the cache lives on the client's file system only, and
workers on other machines need not see it.  An interrupted sweep (Ctrl-C, a crash, a killed client)
loses at most the runs in flight, and restarting it resumes where it stopped.  Temporary files left by
a killed process (``kill -9``) are removed at the start of the next sweep (once older than ten minutes,
so that a sweep running beside it into the same folder is not disturbed).

**Where runs execute** (:mod:`numerics.engine`).  ``workers=N`` (default 2) starts a Dask
``LocalCluster`` of N single-threaded worker processes for the sweep (no more than there are runs to
do); ``workers=1``, or a single run to do, trains in this process, with no cluster.  (The workers are
spawned processes: a script that calls :func:`run_sweep` with ``workers > 1`` must guard its top level
with ``if __name__ == "__main__":``.)  ``scheduler``
(default: the environment variable ``SSMCHECK_SCHEDULER``) joins a running Dask cluster instead, and
then every run to do goes to it; an unreachable address raises :class:`~numerics.errors.InputError`
within a few seconds, before anything is written.  Called from inside a Dask task, a sweep submits its
runs to the cluster that task runs on.  Results do not depend on the process that computed them (the
training kernels avoid fast-math, and every run has one BLAS/OpenMP thread wherever it runs:
:func:`numerics.engine.single_threaded`), hence not on the executor or the number of workers.

**Batches.**  ``TrainConfig`` runs that share a :func:`~numerics.learning.training.batch_key` (field,
n, t, steps, dtype, record interval) are trained together, up to ``LANES`` (4) in one task, by
:func:`~numerics.learning.training.train_batch`, whose results are bit-identical to training each run
alone: at n = 1024, t = 32 a run-step costs 15-20 % less in a batch of four.  A batch holds no
more than an even share of its kind's runs among the workers (on 2 workers, 3 runs of one shape make
batches of 2 and 1), so that batching never leaves a worker idle; with ``workers=1`` batches are full.
Runs of another kind are tasks of their own.

**Lost workers and errors.**  The runs of a worker that dies are run again on the other workers by the
scheduler (Dask's ``distributed.scheduler.allowed-failures``, default 3); nothing is lost, since only
finished results are written.  An exception raised by a run is not retried: it cancels the runs in
flight and propagates.

**Interruption.**  On Ctrl-C (or any exception) the client sets the sweep's stop flag (a Dask
``Event``), which a run in flight sees at its next progress report (every ``REPORT_S`` seconds at the
end of a compiled chunk of steps, 0.1-0.3 s), cancels every future not yet finished, closes its own
LocalCluster (terminating its worker processes, so even a run that never reports stops) and lets
``KeyboardInterrupt`` propagate; nothing of an unfinished run is written.  (On a joined cluster, a run
that never reports keeps its worker busy until it ends; its result is discarded.  In this process, a
Ctrl-C takes effect at the end of the current chunk, before anything of that run is written.)

**Sweeps inside tasks.**  A sweep called from a Dask task (an experiment check of ``python -m verify
--workers N``) names each batch's task after its runs' configuration keys, so that several checks
sweeping the same study at once share each batch instead of training it once per check (Dask gives the
same key one task); the first to receive a result writes it to the cache, the others read the same
result.

**Order.**  The batches to do are submitted longest first (by :func:`~numerics.learning.training.step_cost`
times ``steps`` of their runs for ``TrainConfig``; runs of another kind keep their order after them), so
that the last batches to finish are short ones and no worker idles long at the end.  Results are returned in the
order of ``configs`` whatever the order of execution.

**Progress.**  A tqdm bar counts runs (fed from the futures as they finish; cached runs count as done)
and one counts steps, fed by the workers' reports (Dask worker events, one per batch for all its runs).
"""
from __future__ import annotations

import hashlib
import threading
import time
import uuid
from pathlib import Path
from typing import Iterable

from tqdm.auto import tqdm

from ..engine import in_task, run_tasks, session, single_threaded
from ..errors import InputError, check_int
from ..outputs import out_dir
from .training import LANES, TrainConfig, TrainResult, batch_key, step_cost, train_batch

#: What a configuration of another kind must provide (module docstring).
RUN_PROTOCOL = ("steps", "key", "as_dict", "run", "load_result")
#: Seconds between two progress reports of a run on a worker (each also looks at the stop flag).
REPORT_S = 0.5


class Interrupted(Exception):
    """A run was stopped because the sweep was interrupted."""


def default_cache_dir() -> Path:
    """``out/cache/training`` below :func:`numerics.outputs.out_dir`."""
    return out_dir() / "cache" / "training"


def _stem(config: TrainConfig, cache_dir) -> Path:
    return Path(default_cache_dir() if cache_dir is None else cache_dir) / config.key()


def _is_config(config) -> bool:
    return isinstance(config, TrainConfig) or (not isinstance(config, type) and
                                               all(hasattr(config, name) for name in RUN_PROTOCOL))


def _train(batch: tuple, progress) -> list:
    """The results of a batch (:func:`_batches`): :func:`train_batch` of its ``TrainConfig`` runs, or
    ``config.run(progress)`` of its one run of another kind."""
    if isinstance(batch[0], TrainConfig):
        return train_batch(batch, progress=progress)
    return [batch[0].run(progress)]


def cached(config: TrainConfig, cache_dir=None) -> TrainResult | None:
    """The cached result of ``config``, or None if the run has not completed."""
    if not _is_config(config):
        raise InputError(f"config: expected a TrainConfig (or a run configuration), got {type(config).__name__}")
    stem = _stem(config, cache_dir)
    if not (stem.with_suffix(".json").exists() and stem.with_suffix(".npz").exists()):
        return None
    result = TrainResult.load(stem) if isinstance(config, TrainConfig) else config.load_result(stem)
    if result.config.as_dict() != config.as_dict():
        raise InputError(f"cache_dir: {stem}.json holds a different configuration under key {config.key()}")
    return result


#: Age (seconds) beyond which a temporary file in the cache is taken to be left by a killed process
#: (a live writer renames its temporaries within milliseconds).
STALE_SECONDS = 600


def _remove_stale_temporaries(folder: Path) -> None:
    now = time.time()
    for path in folder.glob(".*.tmp*"):
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
        except FileNotFoundError:
            pass


# -- worker side ----------------------------------------------------------------------------------


class _Reporter:
    """The progress callback of a batch on a worker: every ``REPORT_S`` seconds it raises
    :class:`Interrupted` if the sweep's stop flag is set, else sends the steps each of its runs has
    done so far (an event ``(keys, steps)`` on the topic ``sweep_id``)."""

    def __init__(self, sweep_id: str, keys: tuple):
        self.sweep_id, self.keys, self.done, self.last = sweep_id, keys, 0, time.monotonic()

    def __call__(self, steps: int) -> None:
        self.done += steps
        now = time.monotonic()
        if now - self.last < REPORT_S:
            return
        self.last = now
        from distributed import Event, get_worker
        if Event(self.sweep_id).is_set():
            raise Interrupted
        get_worker().log_event(self.sweep_id, (self.keys, self.done))


def _run_on_worker(batch: tuple, sweep_id: str) -> list:
    return _train(batch, _Reporter(sweep_id, tuple(config.key() for config in batch)))


# -- client side ----------------------------------------------------------------------------------


def run_sweep(configs: Iterable[TrainConfig], *, workers: int = 2, cache_dir=None, progress: bool = True,
              scheduler: str | None = None) -> list[TrainResult]:
    """Train every configuration (or read it from the cache); results in the order of ``configs``.

    Duplicated configurations are trained once.  ``workers`` and ``scheduler`` choose where the runs
    execute and ``cache_dir`` where their results are kept (module docstring).  ``progress=False``
    hides the bars (they are also hidden when the output is not a terminal).
    """
    configs = list(configs)
    for index, config in enumerate(configs):
        if not _is_config(config):
            raise InputError(f"configs: entry {index} is a {type(config).__name__}, not a TrainConfig "
                             f"(or a run configuration)")
    workers = check_int("workers", workers, 1)
    folder = default_cache_dir() if cache_dir is None else Path(cache_dir)

    results: dict[str, TrainResult] = {}
    todo: dict[str, TrainConfig] = {}
    for config in configs:
        key = config.key()
        if key in results or key in todo:
            continue
        found = cached(config, folder)
        if found is None:
            todo[key] = config
        else:
            results[key] = found
    if todo:
        # joining a scheduler happens first: an unreachable one fails before anything is written
        with session(workers=min(workers, len(todo)), scheduler=scheduler) as client:
            folder.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(folder)
            _run_todo(client, todo, folder, results, progress)
    return [results[config.key()] for config in configs]


def _run_todo(client, todo: dict, folder: Path, results: dict, progress: bool) -> None:
    disable = None if progress else True
    run_bar = tqdm(total=len(results) + len(todo), initial=len(results), desc="runs", unit="run",
                   disable=disable, position=0)
    step_bar = tqdm(total=sum(c.steps for c in todo.values()), desc="steps", unit="step", unit_scale=True,
                    disable=disable, position=1)

    def store(batch: tuple, batch_results: list) -> None:
        for config, result in zip(batch, batch_results, strict=True):
            result.to_files(_stem(config, folder))
            results[config.key()] = result
        run_bar.update(len(batch))

    try:
        if client is None:
            for batch in _batches(todo, workers=1):
                with single_threaded():
                    batch_results = _train(batch, lambda steps, size=len(batch): step_bar.update(steps * size))
                store(batch, batch_results)
        else:
            _run_on_cluster(client, todo, store, step_bar)
    finally:
        step_bar.close()
        run_bar.close()


def batch_size(runs: int, workers: int) -> int:
    """How many of ``runs`` runs of one shape a sweep on ``workers`` processes trains in one batch: up to
    ``LANES``, and no more than an even share among the workers (so that no worker idles while another
    trains a full batch)."""
    return max(1, min(LANES, -(-runs // workers)))


def _batches(todo: dict, workers: int) -> list[tuple]:
    """The runs of ``todo`` as batches, the most expensive first: ``TrainConfig`` runs of one
    :func:`~numerics.learning.training.batch_key` go together, :func:`batch_size` of them at a time; a run
    of another kind is a batch of its own.  Runs are ordered by
    :func:`~numerics.learning.training.step_cost` times ``steps`` (stably; other kinds after them)."""
    def cost(config):
        return config.steps * step_cost(config) if isinstance(config, TrainConfig) else 0
    order = sorted(todo.values(), key=cost, reverse=True)
    counts = {}
    for config in order:
        if isinstance(config, TrainConfig):
            counts[batch_key(config)] = counts.get(batch_key(config), 0) + 1
    batches, open_batches = [], {}
    for config in order:
        if not isinstance(config, TrainConfig):
            batches.append([config])
            continue
        key = batch_key(config)
        size = batch_size(counts[key], workers)
        if key not in open_batches or len(open_batches[key]) == size:
            open_batches[key] = []
            batches.append(open_batches[key])
        open_batches[key].append(config)
    return [tuple(batch) for batch in batches]


def _worker_count(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _run_on_cluster(client, todo: dict, store, step_bar) -> None:
    from distributed import Event

    sweep_id = f"ssmcheck-sweep-{uuid.uuid4().hex}"
    # Inside a task (checks of `python -m verify --workers N` sharing one study) a batch's key is made
    # of its runs' keys, so that sweeps in flight at once train each batch once.
    prefix = "ssmcheck-run" if in_task() else sweep_id
    batches = _batches(todo, _worker_count(client))
    lock = threading.Lock()
    steps_seen = {key: 0 for key in todo}   # the most steps any attempt of a run has reported

    def on_event(event) -> None:            # called on the client's event loop thread
        keys, done = event[1]
        with lock:
            for key in keys:
                if key in steps_seen:
                    steps_seen[key] = max(steps_seen[key], min(done, todo[key].steps))

    def show_steps() -> None:
        with lock:
            total = sum(steps_seen.values())
        step_bar.update(total - step_bar.n)

    def on_result(index: int, batch_results: list) -> None:
        store(batches[index], batch_results)
        with lock:
            for config in batches[index]:
                steps_seen[config.key()] = config.steps
        show_steps()

    def task_key(batch: tuple) -> str:
        keys = "-".join(config.key() for config in batch)
        return f"{prefix}-{keys if len(batch) == 1 else hashlib.sha256(keys.encode()).hexdigest()[:24]}"

    client.subscribe_topic(sweep_id, on_event)
    try:
        run_tasks(client, _run_on_worker, [(batch, sweep_id) for batch in batches], on_result, on_poll=show_steps,
                  keys=[task_key(batch) for batch in batches])
    except BaseException:
        Event(sweep_id, client=client).set()
        raise
    finally:
        client.unsubscribe_topic(sweep_id)
