"""numerics.nets.images: the CIFAR-10 loader on small synthetic pickles, and the digits stand-in."""
import pickle

import numpy as np
import pytest
import torch

from numerics import InputError
from numerics.nets.images import (CIFAR_MEAN, CIFAR_STD, CIFAR_TEST, CIFAR_TRAIN, DIGITS_SPLIT, cifar_grayscale,
                                  load_cifar,
                                  load_digits)

PER_BATCH = 6


def _write_batches(folder, rng):
    """Six random images per batch in the standard format; returns every batch's rows and labels."""
    folder.mkdir(parents=True)
    written = {}
    for name in CIFAR_TRAIN + (CIFAR_TEST,):
        rows = rng.integers(0, 256, size=(PER_BATCH, 3072), dtype=np.uint8)
        labels = [int(v) for v in rng.integers(0, 10, size=PER_BATCH)]
        with open(folder / name, "wb") as handle:
            pickle.dump({b"data": rows, b"labels": labels, b"batch_label": name.encode()}, handle)
        written[name] = (rows, labels)
    return written


def test_cifar_loader_reads_the_pickles_to_normalised_grayscale_sequences(tmp_path):
    written = _write_batches(tmp_path / "cifar-10-batches-py", np.random.default_rng(0))
    data = load_cifar(tmp_path)                       # the parent folder works as well as the batches' folder
    x_test, y_test = data.split("test")
    assert x_test.shape == (PER_BATCH, 1024, 1) and x_test.dtype == np.float32 and data.length == 1024
    assert list(y_test) == written[CIFAR_TEST][1]
    rows = written[CIFAR_TEST][0].astype(float)
    # grayscale as PIL's convert("L"): 0.299 R + 0.587 G + 0.114 B, within rounding; row-major pixel order
    expected = 0.299 * rows[:, :1024] + 0.587 * rows[:, 1024:2048] + 0.114 * rows[:, 2048:]
    gray = x_test[..., 0] * CIFAR_STD * 255 + CIFAR_MEAN * 255
    assert np.abs(gray - expected).max() <= 0.5 + 1e-3
    assert np.allclose(gray, np.round(gray), atol=1e-3)
    # the official split: 10 % of the training images to validation, by torch.randperm with seed 42
    x_train, y_train = data.split("train")
    x_val, y_val = data.split("val")
    assert len(y_train) == 27 and len(y_val) == 3
    labels = sum((written[name][1] for name in CIFAR_TRAIN), [])
    order = torch.randperm(30, generator=torch.Generator().manual_seed(42)).numpy()
    assert list(y_val) == [labels[i] for i in order[27:]]
    everything = cifar_grayscale(np.concatenate([written[name][0] for name in CIFAR_TRAIN]))
    assert np.array_equal(np.concatenate([x_train, x_val]), everything[order])


def test_cifar_loader_errors_name_the_path(tmp_path):
    with pytest.raises(InputError, match=f"^{tmp_path / 'nowhere'}: data_dir: no such folder"):
        load_cifar(tmp_path / "nowhere")
    folder = tmp_path / "cifar-10-batches-py"
    _write_batches(folder, np.random.default_rng(1))
    (folder / "data_batch_3").unlink()
    with pytest.raises(InputError, match=f"^{folder / 'data_batch_3'}: no such file"):
        load_cifar(tmp_path)
    (folder / "data_batch_3").write_bytes(b"not a pickle at all")
    with pytest.raises(InputError, match=f"^{folder / 'data_batch_3'}: not a CIFAR-10 python batch") as error:
        load_cifar(folder)
    assert "\n" not in str(error.value)
    with open(folder / "data_batch_3", "wb") as handle:
        pickle.dump({b"data": np.zeros((2, 100), dtype=np.uint8), b"labels": [0, 1]}, handle)
    with pytest.raises(InputError, match=f"^{folder / 'data_batch_3'}: not a CIFAR-10 python batch"):
        load_cifar(folder)


def test_digits_split_is_seeded_disjoint_and_standardised():
    data = load_digits(seed=0)
    sizes = tuple(len(data.split(name)[1]) for name in ("train", "val", "test"))
    assert sizes == DIGITS_SPLIT and data.length == 64
    x_train = data.split("train")[0]
    assert x_train.shape == (DIGITS_SPLIT[0], 64, 1)
    assert abs(x_train.mean()) < 1e-5 and abs(x_train.std() - 1) < 1e-5
    again, other = load_digits(seed=0), load_digits(seed=1)
    assert np.array_equal(again.split("test")[0], data.split("test")[0])
    assert not np.array_equal(other.split("test")[1], data.split("test")[1])
    rows = {row.tobytes() for name in ("train", "val", "test") for row in data.split(name)[0]}
    assert len(rows) >= 1790         # the splits partition the 1797 images (a few images are duplicates)
    with pytest.raises(InputError, match="^split: unknown value 'dev'"):
        data.split("dev")
    with pytest.raises(InputError, match="^seed:"):
        load_digits(seed=-1)
