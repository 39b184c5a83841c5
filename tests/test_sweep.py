"""numerics.learning.sweep: cache, order, resumption after an interruption, worker processes."""
import os
import signal
import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from numerics import InputError
from numerics.learning import sweep
from numerics.learning.training import TrainConfig, train


def tiny(seed, **changes):
    base = dict(field="real", task="delay", n=4, t=4, optimizer="adam", lr=1e-2, r_min=0.5, steps=50, seed=seed)
    base.update(changes)
    return TrainConfig(**base)


@dataclass(frozen=True)
class Stubborn:
    """A run that never reports progress, so it never sees the stop flag (the run protocol of sweep)."""
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
    real_train = sweep.train
    monkeypatch.setattr(sweep, "train", lambda config, progress: calls.append(config) or real_train(config, progress))
    results = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert [r.config for r in results] == configs
    assert len(calls) == 3
    assert results[1].best_loss == results[3].best_loss == train(tiny(0)).best_loss
    assert files(tmp_path) == sorted(f"{c.key()}.{ext}" for c in configs[:3] for ext in ("json", "npz"))

    monkeypatch.setattr(sweep, "train", lambda config, progress: pytest.fail("a cached run was trained again"))
    again = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    for first, second in zip(results, again):
        assert first.config == second.config
        np.testing.assert_array_equal(first.loss, second.loss)
        np.testing.assert_array_equal(first.best_params["nu"], second.best_params["nu"])
    assert sweep.cached(tiny(0), tmp_path).best_loss == results[1].best_loss
    assert sweep.cached(tiny(5), tmp_path) is None


def test_interrupted_sweep_keeps_finished_runs_only_and_resumes(tmp_path, monkeypatch):
    configs = [tiny(0), tiny(1), tiny(2)]
    real_train = sweep.train

    def interrupt_second(config, progress):
        if config.seed == 1:
            raise KeyboardInterrupt
        return real_train(config, progress)
    monkeypatch.setattr(sweep, "train", interrupt_second)
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert files(tmp_path) == sorted(f"{configs[0].key()}.{ext}" for ext in ("json", "npz"))

    trained = []
    monkeypatch.setattr(sweep, "train",
                        lambda config, progress: trained.append(config.seed) or real_train(config, progress))
    results = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path, progress=False)
    assert trained == [1, 2] and [r.seed for r in results] == [0, 1, 2]


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


def test_worker_processes_give_the_in_process_results(tmp_path):
    configs = [tiny(0), tiny(1, field="complex")]
    serial = sweep.run_sweep(configs, workers=1, cache_dir=tmp_path / "serial", progress=False)  # compiles first
    pooled = sweep.run_sweep(configs, workers=2, cache_dir=tmp_path / "pool", progress=False)
    for a, b in zip(pooled, serial):
        np.testing.assert_array_equal(a.loss, b.loss)
        np.testing.assert_array_equal(a.params["nu"], b.params["nu"])


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to this process")
def test_ctrl_c_stops_the_worker_processes_promptly(tmp_path):
    long_runs = [tiny(seed, n=256, t=64, steps=10**8) for seed in range(3)]  # hours each
    timer = threading.Timer(3.0, os.kill, (os.getpid(), signal.SIGINT))
    # Python's own handler, whatever an extension module loaded earlier installed at the C level
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            sweep.run_sweep(long_runs, workers=2, cache_dir=tmp_path, progress=False)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - start < 30
    assert files(tmp_path) == []


def test_workers_that_miss_the_stop_flag_are_terminated(tmp_path, monkeypatch):
    monkeypatch.setattr(sweep, "STOP_GRACE_S", 1.0)
    timer = threading.Timer(2.0, os.kill, (os.getpid(), signal.SIGINT))
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            sweep.run_sweep([Stubborn(0), Stubborn(1)], workers=2, cache_dir=tmp_path, progress=False)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - start < 20
    assert files(tmp_path) == []


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(InputError, match="configs"):
        sweep.run_sweep([tiny(0), "x"], cache_dir=tmp_path)
    with pytest.raises(InputError, match="workers"):
        sweep.run_sweep([tiny(0)], workers=0, cache_dir=tmp_path)
    with pytest.raises(InputError, match="config"):
        sweep.cached({"seed": 0}, tmp_path)
