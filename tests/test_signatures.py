"""numerics.paths.signatures: the float64 Chen kernel against the exact rational path and roughpy."""
from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from flint import fmpq
from hypothesis import given, settings, strategies as st

from numerics.errors import InputError
from numerics.paths.signatures import (exact_signature, restrict, signature, signature_levels, signature_size,
                                 time_augment, word_index, words)


@st.composite
def integer_paths(draw, max_d=3, max_length=6):
    d = draw(st.integers(1, max_d))
    length = draw(st.integers(1, max_length))
    return [[draw(st.integers(-5, 5)) for _ in range(d)] for _ in range(length)]


@settings(max_examples=30)
@given(integer_paths(), st.integers(1, 4))
def test_float_kernel_matches_exact_rational_path(points, level):
    exact = exact_signature(points, level)
    flat = signature(np.array(points, dtype=float), level)
    d = len(points[0])
    assert flat.shape == (signature_size(d, level),)
    assert set(exact) == set(words(d, level))
    values = np.array([float(exact[w]) for w in words(d, level)])
    scale = max(1.0, np.abs(values).max())
    assert np.abs(flat - values).max() <= 1e-13 * scale


def test_exact_signature_of_known_path():
    # Two segments (1, 2) then (0, 1): Sig^{(0,1)} = 1*2/2 + 1*1 = 2, Sig^{(1,0)} = 2*1/2 + 0 = 1.
    sig = exact_signature([(0, 0), (1, 2), (1, 3)], 2)
    assert sig[(0, 1)] == 2 and sig[(1, 0)] == 1
    assert sig[(0,)] == 1 and sig[(1,)] == 3 and sig[(1, 1)] == fmpq(9, 2)


def test_exact_signature_accepts_fractions_fmpq_and_floats():
    a = exact_signature([(Fraction(1, 3), 0), (fmpq(2, 3), 0.5)], 3)
    assert a[(0, 1)] == fmpq(1, 3) * fmpq(1, 2) / 2
    assert a[(0, 0, 0)] == fmpq(1, 3) ** 3 / 6


def test_against_roughpy_oracle():
    rp = pytest.importorskip("roughpy")
    rng = np.random.default_rng(3)
    for d, level in ((2, 4), (3, 3), (3, 4)):
        paths = rng.standard_normal((4, 9, d))
        ours = signature(paths, level)
        ctx = rp.get_context(width=d, depth=level, coeffs=rp.DPReal)
        for b in range(paths.shape[0]):
            increments = np.diff(paths[b], axis=0)
            stream = rp.LieIncrementStream.from_increments(increments, ctx=ctx)
            theirs = np.array(stream.signature(rp.RealInterval(0, increments.shape[0])))[1:]
            assert np.abs(ours[b] - theirs).max() <= 1e-12 * max(1.0, np.abs(theirs).max())


def _tensor_product(left, right):
    """Levels 1..m of (1 + left) (x) (1 + right), from per-level arrays of single paths."""
    level = len(left)
    out = []
    for k in range(1, level + 1):
        total = left[k - 1] + right[k - 1]
        for j in range(1, k):
            total = total + np.multiply.outer(left[j - 1], right[k - j - 1])
        out.append(total)
    return out


@settings(max_examples=20)
@given(st.integers(2, 6), st.integers(2, 6), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_chen_identity_on_concatenated_paths(n1, n2, d, seed):
    rng = np.random.default_rng(seed)
    first = rng.standard_normal((n1, d))
    second = rng.standard_normal((n2, d))
    second = second - second[0] + first[-1]  # starts where the first ends
    joined = np.concatenate([first, second[1:]])
    product_levels = _tensor_product(signature_levels(first, 4), signature_levels(second, 4))
    for ours, expected in zip(signature_levels(joined, 4), product_levels):
        assert np.allclose(ours, expected, rtol=1e-12, atol=1e-12)


@settings(max_examples=20)
@given(st.integers(2, 20), st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_shuffle_identity_and_first_level(length, d, seed):
    paths = np.random.default_rng(seed).standard_normal((3, length, d))
    levels = signature_levels(paths, 2)
    delta = paths[:, -1] - paths[:, 0]
    assert np.allclose(levels[0], delta, rtol=0, atol=1e-13)
    symmetric = levels[1] + levels[1].transpose(0, 2, 1)
    assert np.allclose(symmetric, delta[:, :, None] * delta[:, None, :], rtol=1e-12, atol=1e-12)


def test_levels_and_word_index_agree_with_flat_layout():
    paths = np.random.default_rng(0).standard_normal((2, 5, 3))
    flat = signature(paths, 3)
    levels = signature_levels(paths, 3)
    for k, block in enumerate(levels, start=1):
        assert block.shape == (2,) + (3,) * k
        for w in product(range(3), repeat=k):
            assert np.array_equal(flat[:, word_index(w, 3)], block[(slice(None),) + w])
    assert word_index((0,), 3) == 0 and word_index((0, 0), 3) == 3 and word_index((2, 2, 2), 3) == 38
    assert [word_index(w, 3) for w in words(3, 3)] == list(range(39))


def test_single_point_path_has_zero_signature():
    assert np.array_equal(signature(np.ones((1, 2)), 2), np.zeros(6))


def test_time_augment_puts_time_first():
    paths = np.random.default_rng(1).standard_normal((2, 4, 2))
    aug = time_augment(paths)
    assert aug.shape == (2, 4, 3)
    assert np.array_equal(aug[:, :, 0], np.broadcast_to(np.linspace(0, 1, 4), (2, 4)))
    assert np.array_equal(aug[:, :, 1:], paths)
    assert np.allclose(signature(aug, 1)[:, 0], 1.0)
    single = time_augment(paths[0], times=[0, 1, 3, 4])
    assert np.array_equal(single[:, 0], [0, 1, 3, 4])


def test_restrict_is_definition_a7():
    rng = np.random.default_rng(2)
    paths = np.cumsum(rng.standard_normal((3, 11, 2)), axis=1)
    grid = np.linspace(0, 1, 11)
    # On grid times the restriction's signature is the sub-path's.
    sub = restrict(paths, grid[2], grid[7])
    assert np.allclose(signature(sub, 3), signature(paths[:, 2:8], 3), rtol=1e-12, atol=1e-12)
    assert np.allclose(sub[:, 0], 0.0) and np.allclose(sub[:, -1], paths[:, 7] - paths[:, 2])
    # Off the grid: Chen's identity Sig_{0,s} (x) Sig_{s,1} = Sig_{0,1}.
    s = 0.537
    left = signature_levels(restrict(paths[0], 0.0, s), 3)
    right = signature_levels(restrict(paths[0], s, 1.0), 3)
    for ours, expected in zip(signature_levels(paths[0], 3), _tensor_product(left, right)):
        assert np.allclose(ours, expected, rtol=1e-12, atol=1e-12)
    # Zero before s and frozen after t, on the knots grid + {s, t}.
    r = restrict(paths[0], 0.25, 0.5)
    knots = np.union1d(grid, [0.25, 0.5])
    assert r.shape == (knots.size, 2)
    assert np.allclose(r[knots <= 0.25], 0.0) and np.allclose(r[knots >= 0.5], r[-1])


@pytest.mark.parametrize("call, name", [
    (lambda: signature(np.zeros((2, 3, 4, 5)), 2), "paths"),
    (lambda: signature(np.array([[0.0, np.nan]]), 2), "paths"),
    (lambda: signature(np.zeros((3, 2)), 0), "level"),
    (lambda: signature(np.zeros((3, 2)), 2.5), "level"),
    (lambda: word_index((0, 3), 3), "word"),
    (lambda: word_index((), 3), "word"),
    (lambda: exact_signature([(0, 1), (1,)], 2), "points"),
    (lambda: exact_signature([(0, float("inf"))], 2), "points"),
    (lambda: time_augment(np.zeros((3, 1)), times=[0, 2, 1]), "times"),
    (lambda: restrict(np.zeros((3, 1)), 0.8, 0.2), "s, t"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(InputError, match=name):
        call()
