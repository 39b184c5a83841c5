"""numerics.realfit.theorem2: difference tables, the maximisation over (d, m, sigma), weight sizes."""
import pytest
from flint import fmpq
from hypothesis import given, strategies as st

from numerics import DiagonalSSM, InputError
from numerics.ssm.differences import forward_difference, restrict
from numerics.realfit.theorem2 import difference_table, index_pairs, maximise_terms, weight_size

rationals = st.integers(-30, 30).map(fmpq)


@given(st.lists(rationals, min_size=1, max_size=15))
def test_table_rows_are_definition_1(sequence):
    rows = difference_table(sequence)
    assert len(rows) == len(sequence)
    for d, row in enumerate(rows):
        assert row == forward_difference(sequence, d)


@pytest.mark.parametrize("t, expected", [(3, []), (4, [(1, 1)]), (6, [(1, 1), (1, 2), (2, 1)])])
def test_index_range_of_theorem_2(t, expected):
    assert index_pairs(t) == expected


def test_maximise_terms_finds_the_largest_and_where():
    phi = [fmpq(v) for v in (1, 0, 0, 0, 5, 0)]
    # a term that is just |D|: the largest difference of the restrictions (1, 0, 5) and (0, 0, 0)
    best = maximise_terms(phi, fmpq(0), lambda d, m, D, eps: abs(D))
    odd = restrict(phi, "odd")
    expected = max(abs(forward_difference(odd, d)[m - 1]) for d, m in index_pairs(6))
    assert best.value == expected == 6 and best.sigma == "odd" and (best.d, best.m) == (2, 1)
    assert maximise_terms(phi[:3], fmpq(0), lambda *a: 0).value is None  # empty range for t < 4


def test_weight_size_is_exact():
    ssm = DiagonalSSM([0.5, -0.25, 0.0], [fmpq(1, 3), 2, -3], [3, fmpq(-1, 4), fmpq(1, 2)])
    assert weight_size(ssm) == 3 * fmpq(3, 2)
    with pytest.raises(InputError, match="real SSMs"):
        weight_size(DiagonalSSM([0.5j], [1], [1]))
