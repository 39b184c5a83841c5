"""numerics.engine: where computations run (this process, a LocalCluster, a joined scheduler)."""
import operator
import os
import time

import pytest
from flint import acb, arb, ctx

from numerics import InputError
from numerics import engine


@pytest.fixture(scope="module")
def address():
    with engine.local_cluster(2) as cluster:
        yield cluster.scheduler_address


def nested_sum(a, b):
    """A task that opens a session of its own: it must join the cluster it runs on."""
    assert engine.in_task()
    with engine.session(workers=2) as client:
        return client.submit(operator.add, a, b).result(), len(client.scheduler_info()["workers"])


def fail_or_sleep(x):
    """Task 0 fails after a moment; the others would take seconds."""
    time.sleep(0.2)
    if x == 0:
        raise ArithmeticError(f"task {x} failed")
    time.sleep(3)
    return x


def scheduler_keys(dask_scheduler):
    return sorted(map(str, dask_scheduler.tasks))


def stamped(x):
    """Which computation produced this value: a fresh stamp each time it is computed."""
    time.sleep(0.05)
    return x * x, os.getpid(), time.perf_counter_ns()


def squares_in_task(n, name):
    return engine.map_in_task(stamped, [(x,) for x in range(n)], name=name)


def test_map_in_task_spreads_over_the_cluster_and_shares_named_results(address):
    assert [value for value, _, _ in engine.map_in_task(stamped, [(2,), (3,)])] == [4, 9]   # here, not a task
    with engine.session(scheduler=address) as client:
        first, second, unnamed = client.gather([client.submit(squares_in_task, 8, "squares-8", pure=False),
                                                client.submit(squares_in_task, 8, "squares-8", pure=False),
                                                client.submit(squares_in_task, 8, None, pure=False)])
        assert [value for value, _, _ in first] == [x * x for x in range(8)]
        assert first == second                               # computed once, for both tasks
        assert {pid for _, pid, _ in first} == set(client.run(os.getpid).values())   # on both workers
        assert [value for value, _, _ in unnamed] == [x * x for x in range(8)] and unnamed != first
        client.unpublish_dataset("squares-8")


def test_flint_balls_travel_to_the_workers_and_back(address):
    with ctx.workprec(300):
        balls = [arb(2).sqrt(), arb(1) / 3, arb(10) ** 100 / 7, arb(0), arb("nan"), arb(5, 2),
                 acb(arb(2).sqrt(), arb(1) / 7)]
    with engine.session(scheduler=address) as client:
        back = client.gather([client.submit(engine.call_single_threaded, repr, ball) for ball in balls] +
                             [client.submit(lambda b: b, ball, pure=False) for ball in balls])
    assert back[:len(balls)] == [repr(ball) for ball in balls]   # the worker saw the same balls
    for sent, received in zip(balls, back[len(balls):]):
        assert received.contains(sent) or sent.is_nan()       # the midpoint exact, the radius no smaller
        parts = (sent,) if isinstance(sent, arb) else (sent.real, sent.imag)
        for part, got in zip(parts, (received,) if isinstance(sent, arb) else (received.real, received.imag)):
            assert part.mid().is_nan() or got.mid() == part.mid()


def test_one_worker_computes_in_this_process(monkeypatch):
    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    with engine.session(workers=1) as client:
        assert client is None
    assert not engine.in_task()


def test_a_local_cluster_of_single_threaded_processes_is_started_and_closed(monkeypatch):
    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    with engine.session(workers=2) as client:
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 2 and all(w["nthreads"] == 1 for w in workers.values())
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids
    assert client.status == "closed"
    time.sleep(0.5)
    for pid in pids:   # the worker processes are gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_scheduler_is_joined_by_argument_or_environment(address, monkeypatch):
    seen = []
    with engine.session(workers=5, scheduler=address) as client:
        seen.append(client.scheduler.address)
    monkeypatch.setenv(engine.SCHEDULER_ENV, address)
    with engine.session(workers=1) as client:   # workers is not used when joining
        seen.append(client.scheduler.address)
    assert seen == [address, address]


def test_run_tasks_hands_each_result_to_the_callback(address):
    got = {}
    with engine.session(scheduler=address) as client:
        engine.run_tasks(client, operator.mul, [(i, i) for i in range(6)], got.__setitem__)
        assert got == {i: i * i for i in range(6)}
        assert client.submit(nested_sum, 2, 3).result() == (5, 2)


def test_a_failing_task_propagates_and_cancels_the_others(address):
    with engine.session(scheduler=address) as client:
        with pytest.raises(ArithmeticError, match="task 0 failed"):
            engine.run_tasks(client, fail_or_sleep, [(0,), (1,), (2,)], lambda i, r: pytest.fail("no result"),
                             keys=["fail-0", "sleep-1", "sleep-2"])
        assert not {"sleep-1", "sleep-2"} & set(client.run_on_scheduler(scheduler_keys))


def test_an_unreachable_scheduler_fails_fast_naming_it(monkeypatch):
    monkeypatch.setenv(engine.SCHEDULER_ENV, "tcp://127.0.0.1:9")
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"scheduler: cannot reach 'tcp://127\.0\.0\.1:9'"):
        with engine.session(workers=2):
            pytest.fail("a session was opened")
    assert time.perf_counter() - start < engine.CONNECT_TIMEOUT_S + 3
    with pytest.raises(InputError, match="scheduler: cannot reach 'nonsense://x'"):
        with engine.session(scheduler="nonsense://x"):
            pass


def test_bad_arguments_are_refused():
    for workers in (0, 1.5, True, "2"):
        with pytest.raises(InputError, match="workers"):
            with engine.session(workers=workers):
                pass
    for scheduler in ("", "  ", 8786):
        with pytest.raises(InputError, match="scheduler"):
            with engine.session(scheduler=scheduler):
                pass


def test_local_cluster_workers_run_without_the_profiler_and_with_slow_housekeeping():
    import dask
    from distributed import Client

    def settings():
        return {key: dask.config.get(key) for key in engine.CLUSTER_CONFIG}
    with engine.local_cluster(1) as cluster, Client(cluster) as client:
        assert client.submit(settings).result() == engine.CLUSTER_CONFIG
        assert engine.CLUSTER_CONFIG["distributed.worker.profile.enabled"] is False
    assert dask.config.get("distributed.worker.profile.enabled") is True   # this process untouched
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"