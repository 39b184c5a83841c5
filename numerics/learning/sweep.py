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
--workers N``) names each run's task after its configuration's key, so that several checks sweeping the
same study at once share each run instead of training it once per check (Dask gives the same key one
task); the first to receive a result writes it to the cache, the others read the same result.

**Order.**  The runs to do are submitted longest first (by :func:`~numerics.learning.training.step_cost`
times ``steps`` for a ``TrainConfig``; runs of another kind keep their order after them), so that the
last runs to finish are short ones and no worker idles long at the end.  Results are returned in the
order of ``configs`` whatever the order of execution.

**Progress.**  A tqdm bar counts runs (fed from the futures as they finish; cached runs count as done)
and one counts steps, fed by the workers' reports (Dask worker events).
"""
from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Iterable

from tqdm.auto import tqdm

from ..engine import in_task, run_tasks, session, single_threaded
from ..errors import InputError, check_int
from ..outputs import out_dir
from .training import TrainConfig, TrainResult, step_cost, train

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


def _train(config, progress):
    """:func:`train` for a ``TrainConfig``, ``config.run(progress)`` for another kind."""
    return train(config, progress=progress) if isinstance(config, TrainConfig) else config.run(progress)


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
    """The progress callback of a run on a worker: every ``REPORT_S`` seconds it raises
    :class:`Interrupted` if the sweep's stop flag is set, else sends the steps done so far (an event
    on the topic ``sweep_id``)."""

    def __init__(self, sweep_id: str, key: str):
        self.sweep_id, self.key, self.done, self.last = sweep_id, key, 0, time.monotonic()

    def __call__(self, steps: int) -> None:
        self.done += steps
        now = time.monotonic()
        if now - self.last < REPORT_S:
            return
        self.last = now
        from distributed import Event, get_worker
        if Event(self.sweep_id).is_set():
            raise Interrupted
        get_worker().log_event(self.sweep_id, (self.key, self.done))


def _run_on_worker(config, sweep_id: str):
    return _train(config, _Reporter(sweep_id, config.key()))


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
    try:
        if client is None:
            for key, config in todo.items():
                with single_threaded():
                    result = _train(config, step_bar.update)
                result.to_files(_stem(config, folder))
                results[key] = result
                run_bar.update(1)
        else:
            _run_on_cluster(client, todo, folder, results, run_bar, step_bar)
    finally:
        step_bar.close()
        run_bar.close()


def _longest_first(todo: dict) -> list:
    """The keys of ``todo`` with the most expensive training runs first (stable otherwise)."""
    def cost(key):
        config = todo[key]
        return config.steps * step_cost(config) if isinstance(config, TrainConfig) else 0
    return sorted(todo, key=cost, reverse=True)


def _run_on_cluster(client, todo: dict, folder: Path, results: dict, run_bar, step_bar) -> None:
    from distributed import Event

    sweep_id = f"ssmcheck-sweep-{uuid.uuid4().hex}"
    # Inside a task (checks of `python -m verify --workers N` sharing one study) a run's key is its
    # configuration's, so that sweeps in flight at once train each run once.
    prefix = "ssmcheck-run" if in_task() else sweep_id
    order = _longest_first(todo)
    configs = [todo[key] for key in order]
    lock = threading.Lock()
    steps_seen = {key: 0 for key in todo}   # the most steps any attempt of a run has reported

    def on_event(event) -> None:            # called on the client's event loop thread
        key, done = event[1]
        with lock:
            if key in steps_seen:
                steps_seen[key] = max(steps_seen[key], min(done, todo[key].steps))

    def show_steps() -> None:
        with lock:
            total = sum(steps_seen.values())
        step_bar.update(total - step_bar.n)

    def store(index: int, result) -> None:
        config = configs[index]
        result.to_files(_stem(config, folder))
        key = config.key()
        results[key] = result
        with lock:
            steps_seen[key] = config.steps
        show_steps()
        run_bar.update(1)

    client.subscribe_topic(sweep_id, on_event)
    try:
        run_tasks(client, _run_on_worker, [(config, sweep_id) for config in configs], store, on_poll=show_steps,
                  keys=[f"{prefix}-{key}" for key in order])
    except BaseException:
        Event(sweep_id, client=client).set()
        raise
    finally:
        client.unsubscribe_topic(sweep_id)
