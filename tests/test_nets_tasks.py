"""numerics.nets.tasks: the copy and induction-head data against hand-checked examples."""
import numpy as np
import pytest

from numerics import InputError
from numerics.nets.tasks import COPY_TOKEN, copy_batch, induction_batch, make_batch


def test_copy_batch_by_hand():
    batch = copy_batch(np.random.default_rng(7), 2, 3)
    assert batch.tokens.tolist() == [[15, 10, 11, 14, 9, 12], [13, 4, 1, 5, 5, 14]]
    assert batch.labels.tolist() == [[0, 0, 0, 15, 10, 11], [0, 0, 0, 13, 4, 1]]
    assert batch.loss_start == 3 and batch.targets.tolist() == [[15, 10, 11], [13, 4, 1]]


def test_induction_batch_by_hand_official_position():
    batch = induction_batch(np.random.default_rng(7), 2, 3)
    # row 0: trigger at 2, X = (14, 9, 12); row 1: trigger at 0, X = (4, 1, 5); second copy token at 2h = 6
    assert batch.tokens.tolist() == [[15, 10, 0, 14, 9, 12, 0, 14, 9], [0, 4, 1, 5, 5, 14, 0, 4, 1]]
    assert batch.labels.tolist() == [[10, 0, 14, 9, 12, 0, 14, 9, 12], [4, 1, 5, 5, 14, 0, 4, 1, 5]]
    assert batch.loss_start == 6 and batch.targets.tolist() == [[14, 9, 12], [4, 1, 5]]


def test_induction_batch_by_hand_paper_position():
    batch = induction_batch(np.random.default_rng(7), 1, 3, second_copy="paper")
    # trigger at 1, X = (11, 14, 9); the second copy token is the 2h-th token (0-based 5); length 3h - 1
    assert batch.tokens.tolist() == [[15, 0, 11, 14, 9, 0, 11, 14]]
    assert batch.targets.tolist() == [[11, 14, 9]] and batch.loss_start == 5


@pytest.mark.parametrize("second_copy, prefix", [("official", 256), ("paper", 255)])
def test_induction_structure_at_the_paper_size(second_copy, prefix):
    h = 128
    batch = induction_batch(np.random.default_rng(0), 50, h, second_copy)
    assert batch.tokens.shape == (50, prefix + h) and batch.loss_start == prefix
    assert (batch.tokens[:, prefix] == COPY_TOKEN).all()
    assert ((batch.tokens[:, :prefix] == COPY_TOKEN).sum(axis=1) == 1).all()
    for row, labels in zip(batch.tokens, batch.targets):
        trigger = int(np.flatnonzero(row[:prefix] == COPY_TOKEN)[0])
        assert trigger < prefix - h
        np.testing.assert_array_equal(labels, row[trigger + 1:trigger + 1 + h])
    np.testing.assert_array_equal(batch.labels[:, :-1], batch.tokens[:, 1:])
    assert set(np.unique(batch.tokens[:, :prefix])) <= set(range(0, 16))


def test_tokens_are_uniform_on_1_to_15_and_batches_are_fresh():
    rng = np.random.default_rng(1)
    first, second = copy_batch(rng, 400, 64), copy_batch(rng, 400, 64)
    counts = np.bincount(first.tokens.ravel(), minlength=16)
    assert counts[0] == 0 and counts[1:].min() > 0.9 * counts[1:].mean()
    assert not np.array_equal(first.tokens, second.tokens)
    again = copy_batch(np.random.default_rng(1), 400, 64)
    np.testing.assert_array_equal(first.tokens, again.tokens)


def test_bad_input_is_refused_with_the_argument_named():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="^lag: must be an integer >= 1"):
        copy_batch(rng, 8, 0)
    with pytest.raises(InputError, match="^h:"):
        induction_batch(rng, 8, 1, second_copy="paper")
    with pytest.raises(InputError, match="^second_copy:"):
        induction_batch(rng, 8, 4, second_copy="text")
    with pytest.raises(InputError, match="^task: unknown value 'sort'"):
        make_batch("sort", rng, 8, 4)
    with pytest.raises(InputError, match="^rng:"):
        copy_batch(0, 8, 4)
    with pytest.raises(InputError, match="^batch_size:"):
        copy_batch(rng, 0, 4)
