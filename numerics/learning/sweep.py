"""Sweeps of training runs (:mod:`numerics.learning.training`) with a resumable on-disk cache.

``run_sweep(configs)`` returns one :class:`~numerics.learning.training.TrainResult` per configuration, in
the order given.  Another kind of run (e.g. :class:`numerics.nets.selectivity.SelectivityConfig`) takes
the same path when its configuration is a picklable frozen dataclass with ``steps``, ``key()``,
``as_dict()``, ``run(progress)`` (returning a result with ``to_files(stem)`` and ``config``) and
``load_result(stem)``; its key must differ from every ``TrainConfig``'s.  Each finished run is
written to the cache directory as ``<key>.npz`` and ``<key>.json`` (``key = config.key()``, a hash
of the configuration with its defaults resolved), each through a temporary file renamed into
place, the JSON last; a run whose JSON exists is
complete and is read back instead of being trained again.  So an interrupted sweep (Ctrl-C, a
crash) loses at most the runs in flight, and restarting it resumes where it stopped.

Runs execute in ``workers`` processes (default 2; with ``workers=1``, or a single run to do, they
run in this process) from ``concurrent.futures.ProcessPoolExecutor`` with the "spawn" start
method.  Worker processes ignore SIGINT: on Ctrl-C the parent sets a shared stop flag, which each
worker checks between compiled chunks of steps (0.1-0.3 s), so runs in flight stop without
writing anything (a worker still busy after ``STOP_GRACE_S`` is terminated), the pool shuts down
and ``KeyboardInterrupt`` propagates.  (In this process, a
Ctrl-C takes effect at the end of the current chunk, before anything of that run is written.)
Results do not depend on the process that computed them: the training kernels avoid fast-math,
so they give the same bits whether compiled afresh or loaded from numba's cache.  A tqdm bar counts runs and
one counts steps (cached runs count as done).  Temporary files left by a killed process
(``kill -9``) are removed at the start of the next sweep (once older than ten minutes, so that
a sweep running beside it into the same folder is not disturbed).

Because the workers are spawned, a script that calls :func:`run_sweep` with ``workers > 1`` must
guard its top level with ``if __name__ == "__main__":`` (as for any ``multiprocessing`` code).
"""
from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
import queue as queue_module
import signal
import time
from numbers import Integral
from pathlib import Path
from typing import Iterable

from tqdm.auto import tqdm

from ..errors import InputError
from ..outputs import out_dir
from .training import TrainConfig, TrainResult, train

#: What a configuration of another kind must provide (module docstring).
RUN_PROTOCOL = ("steps", "key", "as_dict", "run", "load_result")
#: Seconds the runs in flight get to stop after an interruption before their workers are terminated.
STOP_GRACE_S = 30.0


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

_progress_queue = None
_stop_event = None


def _init_worker(progress_queue, stop_event) -> None:
    global _progress_queue, _stop_event
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _progress_queue, _stop_event = progress_queue, stop_event


def _report(steps: int) -> None:
    if _stop_event is not None and _stop_event.is_set():
        raise Interrupted
    if _progress_queue is not None:
        _progress_queue.put(steps)


def _run_and_store(config: TrainConfig, cache_dir: Path) -> TrainResult:
    result = _train(config, _report)
    result.to_files(_stem(config, cache_dir))
    return result


# -- parent side ----------------------------------------------------------------------------------


def run_sweep(configs: Iterable[TrainConfig], *, workers: int = 2, cache_dir=None,
              progress: bool = True) -> list[TrainResult]:
    """Train every configuration (or read it from the cache); results in the order of ``configs``.

    Duplicated configurations are trained once.  ``progress=False`` hides the bars (they are also
    hidden when the output is not a terminal).
    """
    configs = list(configs)
    for index, config in enumerate(configs):
        if not _is_config(config):
            raise InputError(f"configs: entry {index} is a {type(config).__name__}, not a TrainConfig "
                             f"(or a run configuration)")
    if isinstance(workers, bool) or not isinstance(workers, Integral) or workers < 1:
        raise InputError(f"workers: must be an integer >= 1, got {workers!r}")
    folder = default_cache_dir() if cache_dir is None else Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(folder)

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
    disable = None if progress else True
    run_bar = tqdm(total=len(results) + len(todo), initial=len(results), desc="runs", unit="run",
                   disable=disable, position=0)
    step_bar = tqdm(total=sum(c.steps for c in todo.values()), desc="steps", unit="step", unit_scale=True,
                    disable=disable, position=1)
    try:
        if workers == 1 or len(todo) <= 1:
            for key, config in todo.items():
                result = _train(config, step_bar.update)
                result.to_files(_stem(config, folder))
                results[key] = result
                run_bar.update(1)
        else:
            _run_in_pool(todo, folder, workers, results, run_bar, step_bar)
    finally:
        step_bar.close()
        run_bar.close()
    return [results[config.key()] for config in configs]


def _run_in_pool(todo: dict, folder: Path, workers: int, results: dict, run_bar, step_bar) -> None:
    context = multiprocessing.get_context("spawn")
    progress_queue = context.Queue()
    stop_event = context.Event()
    pool = futures.ProcessPoolExecutor(max_workers=min(workers, max(1, len(todo))), mp_context=context,
                                       initializer=_init_worker, initargs=(progress_queue, stop_event))
    pending = {}
    try:
        for key, config in todo.items():
            pending[pool.submit(_run_and_store, config, folder)] = key
        while pending:
            done, _ = futures.wait(pending, timeout=0.2, return_when=futures.FIRST_COMPLETED)
            _drain(progress_queue, step_bar)
            for future in done:
                key = pending.pop(future)
                results[key] = future.result()
                run_bar.update(1)
        _drain(progress_queue, step_bar)
    except BaseException:
        stop_event.set()
        _stop_pool(pool, pending)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool, pending: dict) -> None:
    """Cancel what has not started and give the runs in flight ``STOP_GRACE_S`` seconds to see the
    stop flag (they check it after every compiled chunk); workers still busy then (a worker still
    compiling, or one that missed the flag) are terminated, so an interrupted sweep never hangs.
    ``ProcessPoolExecutor`` has no public way to terminate its workers before Python 3.14, hence
    ``pool._processes``."""
    for future in pending:
        future.cancel()
    _, not_done = futures.wait(pending, timeout=STOP_GRACE_S)
    if not_done:
        for process in list((pool._processes or {}).values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _drain(progress_queue, step_bar) -> None:
    while True:
        try:
            step_bar.update(progress_queue.get_nowait())
        except queue_module.Empty:
            return
