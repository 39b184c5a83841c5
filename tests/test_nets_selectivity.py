"""numerics.nets.selectivity: one training run of the selectivity study, its record and the tiers."""
import pytest

from numerics import InputError
from numerics.nets.selectivity import SEEDS, SelectivityConfig, SelectivityResult, tier_configs, train_selectivity


def test_a_short_run_learns_copy_at_a_tiny_lag():
    config = SelectivityConfig(task="copy", field="real", t=2, seed=0, steps=200, epoch_steps=50)
    result = train_selectivity(config)
    assert result.accuracy > 0.9
    assert result.steps == 200 and list(result.epoch_end) == [50, 100, 150, 200]
    assert result.epoch_loss[-1] < result.epoch_loss[0] / 10


def test_early_stopping_progress_and_files(tmp_path):
    config = SelectivityConfig(task="induction", field="complex", t=2, seed=1, steps=40, epoch_steps=5,
                               stop_loss=1e3, eval_examples=10, d_state=4, d_model=16)
    reported = []
    result = train_selectivity(config, progress=reported.append)
    assert result.stopped_early and result.steps == 5 and sum(reported) == 40
    assert result.accuracy * 10 * 2 == round(result.accuracy * 10 * 2)   # hits over 10 examples x h = 2 positions
    result.to_files(tmp_path / "run")
    again = SelectivityResult.load(tmp_path / "run")
    assert again.config == config and again.accuracy == result.accuracy
    assert (again.epoch_loss == result.epoch_loss).all()
    rerun = train_selectivity(config)
    assert rerun.accuracy == result.accuracy and (rerun.epoch_loss == result.epoch_loss).all()


def test_tiers_have_the_official_runs():
    compare = tier_configs("paper", "compare", task="copy")
    assert len(compare) == 6 and {c.seed for c in compare} == set(SEEDS)
    assert {(c.t, c.steps, c.epoch_steps) for c in compare} == {(64, 1_024_000, 1024)}
    assert {(c.t, c.steps) for c in tier_configs("paper", "compare", task="induction")} == {(128, 250_000)}
    table3 = tier_configs("full", "table3")
    assert len(table3) == 48 and len({c.key() for c in table3}) == 48 and {c.task for c in table3} == {"induction"}
    assert {c.key() for c in tier_configs("full", "compare", task="induction")} <= {c.key() for c in table3}
    assert {c.task for c in tier_configs("quick", "table3", task="copy")} == {"copy"}
    assert {c.device for c in tier_configs("paper", "table3", device="cuda")} == {"cuda"}


def test_bad_input_is_refused_with_the_argument_named():
    base = dict(task="copy", field="real", t=4, seed=0, steps=10)
    with pytest.raises(InputError, match="^field: unknown value 'quaternion'"):
        SelectivityConfig(**{**base, "field": "quaternion"})
    with pytest.raises(InputError, match="^d_state: .*even"):
        SelectivityConfig(**{**base, "field": "complex", "d_state": 9})
    with pytest.raises(InputError, match="^t: must be an integer >= 1, got 0"):
        SelectivityConfig(**{**base, "t": 0})
    with pytest.raises(InputError, match="^task:"):
        SelectivityConfig(**{**base, "task": "sort"})
    with pytest.raises(InputError, match="^device:"):
        SelectivityConfig(**{**base, "device": "tpu"})
    with pytest.raises(InputError, match="^tier:"):
        tier_configs("huge", "compare", task="copy")
    with pytest.raises(InputError, match="^study:"):
        tier_configs("quick", "table4", task="copy")
    with pytest.raises(InputError, match="^config:"):
        train_selectivity({"task": "copy"})
