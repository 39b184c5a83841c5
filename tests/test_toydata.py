"""numerics.paths.toydata: the Area / Volume data built as the official generate_toy_dataset.py does."""
import numpy as np
import pytest

from numerics.errors import InputError
from numerics.paths.signatures import exact_signature, signature_levels
from numerics.paths.toydata import official_sizes, toy_dataset


def test_construction_follows_the_official_recipe():
    data = toy_dataset(50, 20, channels=3, seed=7)
    raw = np.cumsum(np.round(np.random.default_rng(7).standard_normal((50, 20, 3))), axis=1)
    assert data.path_scale == np.abs(raw).max()
    assert np.array_equal(data.paths, raw / data.path_scale)
    assert np.abs(data.paths).max() == 1.0
    # Integer increments in units of the scale; the first point is the first increment (no 0).
    assert np.allclose(data.paths * data.path_scale, np.round(data.paths * data.path_scale), atol=1e-9)
    assert np.abs(data.area).max() == 1.0 and np.abs(data.volume).max() == 1.0
    assert data.seed == 7


def test_labels_are_the_exact_signature_terms():
    data = toy_dataset(12, 8, channels=3, seed=1)
    for i in range(12):
        # Exact signature of the integer path: labels are homogeneous, so scale afterwards.
        integer_points = np.round(data.paths[i] * data.path_scale).astype(int).tolist()
        sig = exact_signature(integer_points, 3)
        area = float(sig[(0, 1)]) / data.path_scale ** 2
        volume = float(sig[(0, 1, 2)]) / data.path_scale ** 3
        assert abs(data.area[i] * data.area_scale - area) <= 1e-12 * max(1.0, abs(area))
        assert abs(data.volume[i] * data.volume_scale - volume) <= 1e-12 * max(1.0, abs(volume))


def test_area_shuffle_identity_on_the_data():
    data = toy_dataset(30, 10, channels=2, seed=3)
    assert data.volume is None and data.volume_scale is None
    delta = data.paths[:, -1] - data.paths[:, 0]
    # Shuffle identity Sig^{01} + Sig^{10} = dX^0 dX^1, and the Area label is Sig^{01} unnormalised.
    level2 = signature_levels(data.paths, 2)[1]
    assert np.allclose(level2[:, 0, 1] + level2[:, 1, 0], delta[:, 0] * delta[:, 1], atol=1e-13)
    assert np.allclose(data.area * data.area_scale, level2[:, 0, 1], rtol=1e-14, atol=0)


def test_split_is_first_80_last_20_percent_and_deterministic():
    data = toy_dataset(40, 5, channels=2, seed=11)
    train, validation = data.split()
    assert np.array_equal(train, np.arange(32)) and np.array_equal(validation, np.arange(32, 40))
    again = toy_dataset(40, 5, channels=2, seed=11)
    assert np.array_equal(again.paths, data.paths) and np.array_equal(again.area, data.area)
    assert not np.array_equal(toy_dataset(40, 5, channels=2, seed=12).paths, data.paths)
    assert np.array_equal(data.label("area"), data.area)


def test_official_sizes():
    sizes = official_sizes()
    assert (sizes.n_paths, sizes.length, sizes.area_channels, sizes.volume_channels) == (100_000, 100, 2, 3)
    assert sizes.train_fraction == 0.8 and sizes.hidden == 256


@pytest.mark.parametrize("kwargs, name", [
    (dict(n_paths=2), "n_paths"),
    (dict(length=1), "length"),
    (dict(channels=4), "channels"),
    (dict(seed=-1), "seed"),
    (dict(seed=1.5), "seed"),
])
def test_bad_input_names_the_argument(kwargs, name):
    args = dict(n_paths=10, length=5, channels=3, seed=0)
    args.update(kwargs)
    with pytest.raises(InputError, match=name):
        toy_dataset(args.pop("n_paths"), args.pop("length"), **args)


def test_label_name_checked():
    with pytest.raises(InputError, match="name"):
        toy_dataset(10, 5, channels=2, seed=0).label("volume")
