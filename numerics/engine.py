"""The one engine of every long computation: Dask distributed.

Sweeps of training runs (:func:`numerics.learning.sweep.run_sweep`), trained-model studies, figure
sweeps and ``python -m verify`` all hand their independent pieces to :func:`session` and
:func:`run_tasks`:

- ``workers=N`` (N >= 2) starts a ``distributed.LocalCluster`` of N worker processes on this machine
  (one thread each, no dashboard: :func:`local_cluster`), closed again when the session ends; closing
  it terminates its worker processes, so a run still busy there after an interruption does not
  outlive the session.
  Its workers ignore SIGINT: a Ctrl-C in the terminal reaches the client, which cancels the tasks.
  The workers are spawned processes, so a script that starts one must guard its top level with
  ``if __name__ == "__main__":`` (as for any ``multiprocessing`` code).
- ``workers=1`` runs everything in this process: :func:`session` yields ``None`` and no cluster is
  started.
- ``scheduler=ADDRESS`` (or, when it is None, the environment variable ``SSMCHECK_SCHEDULER``)
  joins an existing cluster (``tcp://host:8786``; e.g. one started by dask-jobqueue on Slurm/PBS)
  and ``workers`` is not used; the session closes its client, never the cluster.  An address that
  cannot be reached within ``CONNECT_TIMEOUT_S`` seconds raises :class:`~numerics.errors.InputError`
  naming it.
- Inside a Dask task (a check of ``python -m verify --workers 2`` that runs a sweep, say) a session
  without an explicit ``scheduler`` computes in that worker when ``workers=1`` and otherwise joins the
  cluster the task runs on (``distributed.worker_client``: the task leaves its worker's thread pool
  while it waits), so sweeps nest without a second cluster.

:func:`map_in_task` is for a computation inside a task (a check's many independent instances): it
spreads them over the cluster the task runs on, or computes them in place when not on a cluster.  Its
tasks have a higher Dask priority (:data:`NESTED_PRIORITY`) than those submitted from outside, so a
check's instances run as soon as a worker is free instead of after every check still waiting.
:func:`run_tasks` submits in the order given (Dask runs tasks of equal priority first come, first
served), so callers put their longest tasks first.
Every task runs :func:`single_threaded` (one BLAS/OpenMP thread), and so must the same work when it
runs in this process: that is what makes results independent of the executor.
:func:`run_tasks` submits one task per argument and hands each result to a callback in this process
as it arrives (so the caller writes files itself, atomically, on its own file system: the workers
need not see it).  Lost workers: when a worker process dies (killed, out of memory, its node
gone), the scheduler runs its tasks again on the others (up to Dask's
``distributed.scheduler.allowed-failures``, default 3 deaths per task, then ``KilledWorker``).  An
exception raised by a task itself is not retried (the computations are deterministic: a retry
would fail again) and propagates.  On any exception here, Ctrl-C included, every future not yet
finished is cancelled before the exception propagates.  Results travel by pickle, so they are
bit-identical to those computed in this process; python-flint's balls (``arb``, ``acb``), which
do not pickle by themselves, travel as their exact midpoint and a radius rounded up by at most a
unit of its 30-bit mantissa (:func:`_reduce_arb`, registered with :mod:`copyreg` on import of this
module, hence in every worker that runs a task of ssmcheck): the ball received contains the ball
sent, so certified conclusions drawn from it remain certified.
"""
from __future__ import annotations

import copyreg
import os
import signal
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

from flint import acb, arb

from .errors import InputError, check_int

#: Environment variable naming the scheduler to join when no ``scheduler`` is given.
SCHEDULER_ENV = "SSMCHECK_SCHEDULER"
#: Seconds allowed to reach a scheduler before it is reported unreachable.
CONNECT_TIMEOUT_S = 5
#: Seconds between two looks at the futures in flight (and at the progress they reported).
POLL_S = 0.1
#: Dask priority of the tasks that :func:`map_in_task` submits (those of :func:`run_tasks` have 0).
NESTED_PRIORITY = 1


def _reduce_arb(x: arb):
    """Pickle an ``arb``: its midpoint exactly, as a (mantissa, exponent) pair of integers, and an upper
    bound of its radius the same way (python-flint rounds a radius up when it is read and set, by at
    most a unit of its 30-bit mantissa), so the ball that arrives contains the one sent; a non-finite
    ball travels as floats."""
    mid, rad = x.mid(), x.rad()
    if not (mid.is_finite() and rad.is_finite()):
        return arb, (float(mid), float(rad))
    (m, e), (rm, re) = mid.man_exp(), rad.upper().man_exp()
    return arb, ((int(m), int(e)), (int(rm), int(re)))


def _reduce_acb(z: acb):
    return acb, (z.real, z.imag)


copyreg.pickle(arb, _reduce_arb)
copyreg.pickle(acb, _reduce_acb)


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The scheduler to join: ``scheduler``, else ``$SSMCHECK_SCHEDULER`` (when set and not empty), else None."""
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_ENV) or None
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise InputError(f"scheduler: expected an address such as tcp://host:8786, got {scheduler!r}")
    return scheduler


def in_task() -> bool:
    """True when called from inside a Dask task (on a worker)."""
    from distributed import get_worker
    try:
        get_worker()
    except ValueError:
        return False
    return True


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


#: Dask settings of our LocalClusters (scheduler, nannies and workers): no statistical profiler (it
#: samples every thread's stack every 10 ms; on three full-tier checks it cost 6 % of the workers' CPU
#: time), and the periodic housekeeping at seconds instead of tens of milliseconds (the event-loop
#: tick monitor every 20 ms, memory monitors every 100 ms, work stealing every 100 ms, system monitor
#: every 500 ms).  Idle, a LocalCluster of 2 workers used 1.7 s of CPU in 20 s with Dask's defaults and
#: 0.3 s with these (one measurement, 2 cores): about 3 % of this machine during a sweep.
CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                  "distributed.admin.tick.interval": "1s",
                  "distributed.worker.memory.monitor-interval": "1s",
                  "distributed.scheduler.work-stealing-interval": "1s",
                  "distributed.admin.system-monitor.interval": "2s"}


def local_cluster(workers: int):
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes, quiet (errors
    only in the log), with no dashboard, no profiler and slow housekeeping (:data:`CLUSTER_CONFIG`, handed to each
    worker by its nanny); its HTTP server takes a free port (never 8787, which another cluster may hold)."""
    import logging

    import dask
    from distributed import LocalCluster
    with dask.config.set(CLUSTER_CONFIG):
        return LocalCluster(n_workers=check_int("workers", workers, 1), threads_per_worker=1, processes=True,
                            dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                            silence_logs=logging.ERROR)


@contextmanager
def session(workers: int = 2, scheduler: str | None = None) -> Iterator[object | None]:
    """A ``distributed.Client`` to submit to, or None to compute in this process (module docstring).

    ``workers``: worker processes of a LocalCluster on this machine (1: none, compute here);
    ``scheduler``: the address of a running scheduler to join instead (default ``$SSMCHECK_SCHEDULER``).
    """
    workers = check_int("workers", workers, 1)
    address = scheduler_address(scheduler)
    if scheduler is None and workers > 1 and in_task():
        from distributed import worker_client
        with worker_client() as client:
            yield client
        return
    if workers == 1 and (address is None or (scheduler is None and in_task())):
        yield None
        return
    from distributed import Client
    if address is not None:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, ValueError, TypeError) as error:
            raise InputError(f"scheduler: cannot reach {address!r} ({error})") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = local_cluster(workers)
    try:
        client = Client(cluster, set_as_default=False)
        try:
            client.run(_ignore_sigint)
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def single_threaded():
    """A context in which the BLAS and OpenMP pools have one thread (:mod:`threadpoolctl`).  Every
    piece of work runs so, in this process or on a worker: a threaded BLAS sums in an order that
    depends on its thread count, and results must not depend on the executor."""
    from threadpoolctl import threadpool_limits
    return threadpool_limits(1)


def call_single_threaded(function: Callable, *args):
    """``function(*args)`` inside :func:`single_threaded` (the form in which tasks are submitted)."""
    with single_threaded():
        return function(*args)


def run_tasks(client, function: Callable, arguments: Sequence[tuple], on_result: Callable[[int, object], None], *,
              on_poll: Callable[[], None] | None = None, keys: Sequence[str] | None = None) -> None:
    """Submit ``function(*arguments[i])`` for every ``i`` to ``client`` (each run :func:`single_threaded`
    on its worker), and call ``on_result(i, result)``
    in this process as each finishes (in order of completion); ``on_poll()`` every ``POLL_S`` seconds
    while waiting.  ``keys`` name the tasks (unique; default: Dask's).  On any exception (a task's, one
    of ``on_result``, Ctrl-C) the futures not yet finished are cancelled and the exception propagates.
    """
    from distributed import Future

    pending: dict[Future, int] = {}
    try:
        for index, args in enumerate(arguments):
            options = {"key": keys[index]} if keys is not None else {}
            pending[client.submit(call_single_threaded, function, *args, pure=False, **options)] = index
        while pending:
            done = [future for future in pending if future.done()]
            if on_poll is not None:
                on_poll()
            for future in done:
                index = pending.pop(future)
                on_result(index, future.result())
                future.release()
            if not done:
                time.sleep(POLL_S)
    except BaseException:
        if pending:
            client.cancel(list(pending), force=True)
        raise


def map_in_task(function: Callable, arguments: Sequence[tuple], *, name: str | None = None) -> list:
    """``[function(*a) for a in arguments]``: here when not called from a Dask task, else as one Dask
    task per argument (:func:`single_threaded`) on the cluster that runs the calling task (so a check with many independent
    instances spreads them over every worker of ``python -m verify --workers N``).

    With ``name`` (on a cluster), the tasks get the keys ``name-0``, ``name-1``, ... and their futures
    are published on the scheduler under ``name``: every task of the cluster that asks for the same
    ``name`` gets the results computed once, not again (two checks sharing an instance grid, say).
    The published results stay in the cluster's memory until it closes (or until
    ``client.unpublish_dataset(name)``); ``name`` must therefore identify the computation completely.
    """
    arguments = list(arguments)
    if not in_task():
        return [function(*args) for args in arguments]
    from distributed import worker_client
    with worker_client() as client:
        if name is None:
            futures = [client.submit(call_single_threaded, function, *args, pure=False, priority=NESTED_PRIORITY)
                       for args in arguments]
        else:
            futures = client.get_dataset(name, default=None)
            if futures is None:
                futures = [client.submit(call_single_threaded, function, *args, key=f"{name}-{index}",
                                         priority=NESTED_PRIORITY)
                           for index, args in enumerate(arguments)]
                try:
                    client.publish_dataset(futures, name=name)
                except KeyError:   # another task published it meanwhile: the same keys, the same tasks
                    futures = client.get_dataset(name)
        try:
            return client.gather(futures)
        except BaseException:
            if name is None:
                client.cancel(futures, force=True)
            raise

