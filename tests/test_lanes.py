"""numerics.ssm.lanes: each lane computes exactly the scalar IEEE operation, in float32 and float64."""
import numba
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from numerics import InputError
from numerics.ssm import lanes


@numba.njit
def lane_ops(x, y, out):
    """Rows 0-3 of ``out``: x + y, x - y, x * y and widen(x) of the lanes of rows j of x and y."""
    for j in range(x.shape[0]):
        a = lanes.load(x, j)
        b = lanes.load(y, j)
        lanes.store(out[0], j, lanes.widen(lanes.add(a, b)))
        lanes.store(out[1], j, lanes.widen(lanes.sub(a, b)))
        lanes.store(out[2], j, lanes.widen(lanes.mul(a, b)))
        lanes.store(out[3], j, lanes.widen(a))


@numba.njit
def running_sums(x):
    """Per lane, the sum of column r of x in order, as lanes and as the scalar loop computes it."""
    total = lanes.splat(0.0)
    for j in range(x.shape[0]):
        total = lanes.add(total, lanes.widen(lanes.load(x, j)))
    scalar = np.zeros(lanes.LANES)
    vector = np.zeros(lanes.LANES)
    for r in range(lanes.LANES):
        acc = 0.0
        for j in range(x.shape[0]):
            acc += x[j, r]
        scalar[r] = acc
        vector[r] = lanes.lane(total, r)
    return vector, scalar


@numba.njit
def splat_of(x):
    return lanes.lane(lanes.splat(x), 3)


FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=32)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(FLOATS, FLOATS), min_size=4, max_size=24), st.sampled_from(["float32", "float64"]))
def test_each_lane_computes_the_scalar_operation(pairs, dtype):
    rows = len(pairs) // 4
    x = np.array([p[0] for p in pairs[:4 * rows]], dtype=dtype).reshape(rows, 4)
    y = np.array([p[1] for p in pairs[:4 * rows]], dtype=dtype).reshape(rows, 4)
    out = np.zeros((4, rows, 4))
    with np.errstate(all="ignore"):
        lane_ops(x, y, out)
        expected = [x + y, x - y, x * y, x]        # numpy: IEEE in the arrays' dtype
    for got, want in zip(out, expected):
        np.testing.assert_array_equal(got, want.astype(np.float64))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e300, 1e300), min_size=8, max_size=64), st.sampled_from(["float32", "float64"]))
def test_lane_sums_are_the_scalar_sums_in_order(values, dtype):
    rows = len(values) // 4
    with np.errstate(over="ignore"):
        x = np.array(values[:4 * rows], dtype=dtype).reshape(rows, 4)
    vector, scalar = running_sums(x)
    np.testing.assert_array_equal(vector, scalar)


def test_splat_keeps_the_dtype_of_a_float_and_widens_an_integer():
    assert splat_of(np.float32(0.1)) == np.float32(0.1)
    assert isinstance(splat_of(np.float32(0.1)), float) and splat_of(0.1) == 0.1
    assert splat_of(3) == 3.0


def test_rows_must_be_c_contiguous_float_arrays():
    with pytest.raises(InputError, match="values: expected a C-contiguous 2-D array"):
        lane_ops(np.zeros((4, 4))[:, ::-1], np.zeros((4, 4)), np.zeros((4, 4, 4)))
    with pytest.raises(InputError, match="values: lanes hold float32 or float64"):
        lane_ops(np.zeros((4, 4), dtype=np.int64), np.zeros((4, 4), dtype=np.int64), np.zeros((4, 4, 4)))
