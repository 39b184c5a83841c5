"""numerics.learning.sweep: cache, order, resumption after an interruption, Dask workers.

The Dask tests share one LocalCluster of two worker processes (``address``), joined through
``scheduler=``; those of ``workers=2`` start a cluster of their own.
"""
import os
import signal
import threading
import time
from dataclasses import dataclass

from distributed import Client

import numpy as np
import pytest

from numerics import InputError
from numerics import engine
from numerics.learning import sweep
from numerics.learning.training import LANES, TrainConfig, step_cost, train


def tiny(seed, **changes):
    base = dict(field="real", task="delay", n=4, t=4, optimizer="adam", lr=1e-2, r_min=0.5, steps=50, seed=seed)
    base.update(changes)
    return TrainConfig(**base)


@dataclass(frozen=True)
class Stubborn:
    """A run that never reports progress, so it never sees the stop flag (the run protocol of sweep):
    only terminating its worker process stops it."""
    seed: int
    steps: int = 1

    def key(self):
        return f"stubborn-{self.seed}"

    def as_dict(self):
        return {"seed": self.seed}

    def run(self, progress):
        while True:
            time.sleep(0.05)

    def load_result(self, stem):
        raise AssertionError("never cached")


def files(folder):
    return sorted(path.name for path in folder.iterdir())


def test_results_in_order_cached_and_duplicates_trained_once(tmp_path, monkeypatch):
    configs = [tiny(2), tiny(0), tiny(1, field="complex"), tiny(0)]
    calls = []
    real_train = sweep.train_batch
    monkeypatch.setattr(sweep, "train_batch",
                        lambda batch, progress: calls.extend(batch) or real_train(batch, progress))
    results = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert [r.config for r in results] == configs
    assert sorted(calls, key=configs.index) == configs[:3]
    assert results[1].best_loss == results[3].best_loss == train(tiny(0)).best_loss
    assert files(tmp_path) == sorted(f"{c.key()}.{ext}" for c in configs[:3] for ext in ("json", "npz"))

    monkeypatch.setattr(sweep, "train_batch", lambda batch, progress: pytest.fail("a cached run was trained again"))
    again = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    for first, second in zip(results, again):
        assert first.config == second.config
        np.testing.assert_array_equal(first.loss, second.loss)
        np.testing.assert_array_equal(first.best_params["nu"], second.best_params["nu"])
    assert sweep.cached(tiny(0), tmp_path).best_loss == results[1].best_loss
    assert sweep.cached(tiny(5), tmp_path) is None


def test_interrupted_sweep_keeps_finished_runs_only_and_resumes(tmp_path, monkeypatch):
    configs = [tiny(0, n=8), tiny(1), tiny(2)]   # two batches: the larger run, then the other two
    real_train = sweep.train_batch

    def interrupt_second(batch, progress):
        if any(config.seed == 1 for config in batch):
            raise KeyboardInterrupt
        return real_train(batch, progress)
    monkeypatch.setattr(sweep, "train_batch", interrupt_second)
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert files(tmp_path) == sorted(f"{configs[0].key()}.{ext}" for ext in ("json", "npz"))

    trained = []
    monkeypatch.setattr(sweep, "train_batch",
                        lambda batch, progress: trained.extend(c.seed for c in batch) or real_train(batch, progress))
    results = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert sorted(trained) == [1, 2] and [r.seed for r in results] == [0, 1, 2]


def test_runs_of_one_shape_are_batched_up_to_an_even_share_per_worker():
    small = [tiny(seed) for seed in range(7)]
    large = [tiny(seed, n=16, t=16, task="random") for seed in range(3)]
    todo = {c.key(): c for c in small + large + [Stubborn(0)]}
    alone = sweep._batches(todo, workers=1)     # larger runs first; full batches of LANES
    assert [len(b) for b in alone] == [3, LANES, 3, 1]
    assert set(alone[0]) == set(large) and set(alone[1] + alone[2]) == set(small) and alone[3] == (Stubborn(0),)
    shared = sweep._batches(todo, workers=2)    # no batch beyond an even share of its kind
    assert [len(b) for b in shared] == [2, 1, 4, 3, 1]


def test_a_sweep_trains_runs_of_one_shape_side_by_side(tmp_path, monkeypatch):
    configs = [tiny(seed, task=task) for seed, task in enumerate(["delay", "random", "oscillation", "delay", "random"])]
    sizes = []
    real_train = sweep.train_batch
    monkeypatch.setattr(sweep, "train_batch",
                        lambda batch, progress: sizes.append(len(batch)) or real_train(batch, progress))
    results = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert sizes == [LANES, 1]
    assert_same_runs(results, [train(c) for c in configs])


def test_interruption_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    def broken_savez(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep([tiny(0)], workers=1, cache_dir=tmp_path, progress=False)
    assert files(tmp_path) == []
    stale, fresh = tmp_path / ".left.json.1.tmp.json", tmp_path / ".writing.json.2.tmp.json"
    stale.write_text("{")  # as after kill -9 between write and rename
    fresh.write_text("{")  # as while another sweep writes into the same folder
    os.utime(stale, (time.time() - 2 * sweep.STALE_SECONDS,) * 2)
    monkeypatch.undo()
    sweep.run_sweep([tiny(0)], workers=1, cache_dir=tmp_path, progress=False)
    assert files(tmp_path) == sorted([fresh.name] + [f"{tiny(0).key()}.{ext}" for ext in ("json", "npz")])


@pytest.fixture(scope="module")
def address():
    with engine.local_cluster(2) as cluster:
        yield cluster.scheduler_address


def long_enough(seed):
    """A run of about a second (to be caught in flight)."""
    return tiny(seed, steps=1_000_000)


def sigint_when(condition, timeout=60.0):
    """A started thread that sends SIGINT to this process once ``condition()`` holds."""
    def watch():
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGINT)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def assert_same_runs(got, expected):
    for a, b in zip(got, expected, strict=True):
        assert a.config == b.config
        np.testing.assert_array_equal(a.loss, b.loss)
        np.testing.assert_array_equal(a.params["nu"], b.params["nu"])
        np.testing.assert_array_equal(a.best_params["nu"], b.best_params["nu"])


def test_dask_workers_give_the_in_process_results(tmp_path, address):
    configs = [tiny(0), tiny(1, field="complex"), tiny(2, optimizer="radam"), tiny(0)]
    serial = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path / "serial", progress=False)
    joined = sweep.run_sweep(configs, scheduler=address, cache_dir=tmp_path / "joined", progress=False)
    own = sweep.run_sweep(configs, workers=2, cache_dir=tmp_path / "own", progress=False)   # a LocalCluster
    assert_same_runs(joined, serial)
    assert_same_runs(own, serial)
    assert files(tmp_path / "joined") == files(tmp_path / "serial") == files(tmp_path / "own")
    assert len(files(tmp_path / "joined")) == 6


def test_the_longest_runs_are_submitted_first_and_results_keep_their_order(tmp_path, address, monkeypatch):
    configs = [tiny(0), tiny(1, n=16, t=16), tiny(2, field="complex", n=8, t=8), tiny(3, steps=400)]
    submitted = []
    run_tasks = sweep.run_tasks

    def recording(client, function, arguments, on_result, **options):
        submitted.extend(config.seed for args in arguments for config in args[0])
        return run_tasks(client, function, arguments, on_result, **options)
    monkeypatch.setattr(sweep, "run_tasks", recording)
    results = sweep.run_sweep(configs, scheduler=address, cache_dir=tmp_path, progress=False)
    costs = {c.seed: c.steps * step_cost(c) for c in configs}
    assert submitted == sorted(costs, key=costs.get, reverse=True) == [3, 1, 2, 0]
    assert [r.config for r in results] == configs


class RecordingBar:
    """Stands for tqdm: keeps every position it was moved to."""
    bars = {}

    def __init__(self, total, initial=0, desc="", **kwargs):
        self.total, self.n, self.positions = total, initial, []
        RecordingBar.bars[desc] = self

    def update(self, count):
        self.n += count
        self.positions.append(self.n)

    def close(self):
        pass


def test_progress_bars_are_fed_by_the_workers_and_the_futures(tmp_path, address, monkeypatch):
    monkeypatch.setattr(sweep, "tqdm", RecordingBar)
    configs = [tiny(0, steps=2_000_000), tiny(1)]   # one run of a second or two
    sweep.run_sweep(configs, scheduler=address, cache_dir=tmp_path, progress=False)
    runs, steps = RecordingBar.bars["runs"], RecordingBar.bars["steps"]
    assert runs.positions == [1, 2]
    assert steps.n == steps.total == sum(c.steps for c in configs)
    finished_runs_only = {0, configs[0].steps, configs[1].steps, steps.total}
    assert set(steps.positions) - finished_runs_only   # a report from inside the long run


def test_a_worker_killed_mid_sweep_loses_nothing(tmp_path, address):
    configs = [long_enough(seed) for seed in range(3)]
    killed = []
    with Client(address, set_as_default=False) as client:
        pids = client.run(os.getpid)

        def kill_a_busy_worker():
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                busy = [worker for worker, keys in client.processing().items() if keys]
                if len(busy) == 2:   # both workers have a run in flight
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(busy[0])
                    return
                time.sleep(0.02)
        thread = threading.Thread(target=kill_a_busy_worker, daemon=True)
        thread.start()
        results = sweep.run_sweep(configs, scheduler=address, cache_dir=tmp_path / "dask", progress=False)
        thread.join()
    assert killed, "no worker was killed"
    assert_same_runs(results, sweep.run_sweep(configs, workers=1, cache_dir=tmp_path / "serial", progress=False))
    assert files(tmp_path / "dask") == files(tmp_path / "serial")


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to this process")
def test_an_interrupted_dask_sweep_stops_its_runs_and_resumes_from_the_cache(tmp_path, address):
    quick, endless = [tiny(0), tiny(1)], tiny(2, n=256, t=64, steps=10**8)   # hours
    done = [tmp_path / f"{c.key()}.json" for c in quick]
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        sigint_when(lambda: all(path.exists() for path in done))
        with pytest.raises(KeyboardInterrupt):
            sweep.run_sweep(quick + [endless], scheduler=address, cache_dir=tmp_path, progress=False)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert files(tmp_path) == sorted(f"{c.key()}.{ext}" for c in quick for ext in ("json", "npz"))
    with Client(address, set_as_default=False) as client:   # the endless run saw the stop flag and ended
        deadline = time.monotonic() + 5
        while any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(client.processing().values())
    written = {path: path.stat().st_ino for path in tmp_path.iterdir()}
    slow = long_enough(2)
    results = sweep.run_sweep(quick + [slow], scheduler=address, cache_dir=tmp_path, progress=False)
    assert {path: path.stat().st_ino for path in written} == written   # read back, not written again
    assert [r.config for r in results] == quick + [slow] and len(files(tmp_path)) == 6


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to this process")
def test_ctrl_c_terminates_the_local_cluster_even_under_runs_that_never_report(tmp_path):
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    start = time.perf_counter()
    timer = threading.Timer(3.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            sweep.run_sweep([Stubborn(0), Stubborn(1)], workers=2, cache_dir=tmp_path, progress=False)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - start < 20
    assert files(tmp_path) == []


def test_an_unreachable_scheduler_fails_fast_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SSMCHECK_SCHEDULER", "tcp://127.0.0.1:9")
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"scheduler: cannot reach 'tcp://127\.0\.0\.1:9'"):
        sweep.run_sweep([tiny(0)], workers=1, cache_dir=tmp_path / "cache", progress=False)
    assert time.perf_counter() - start < 10
    assert not (tmp_path / "cache").exists()


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(InputError, match="configs"):
        sweep.run_sweep([tiny(0), "x"], cache_dir=tmp_path)
    with pytest.raises(InputError, match="workers"):
        sweep.run_sweep([tiny(0)], workers=0, cache_dir=tmp_path)
    with pytest.raises(InputError, match="config"):
        sweep.cached({"seed": 0}, tmp_path)
