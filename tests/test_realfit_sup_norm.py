"""numerics.realfit.sup_norm: the rigorous ``lower <= sup_[-1,1] |sum_j a_j T_j| <= upper`` brackets a dense maximum."""
import numpy as np
import pytest
from flint import fmpq

from numerics.realfit import sup_norm_bound


@pytest.mark.parametrize("coefficients", [
    [fmpq(5, 32), fmpq(27, 64), fmpq(27, 32), fmpq(-27, 64)],   # |p| = 1 at x = 1 with p'(1) = 0
    [fmpq(1, 3), fmpq(-1, 5), fmpq(2, 7), fmpq(1, 11), fmpq(-1, 2)],
    [fmpq(0), fmpq(0), fmpq(0), fmpq(1)],
    [fmpq(1, 2), fmpq(1, 2)],
])
def test_sup_norm_bound_brackets_the_maximum(coefficients):
    bound = sup_norm_bound(coefficients)
    x = np.cos(np.linspace(0, np.pi, 200001))
    dense = float(np.max(np.abs(np.polynomial.chebyshev.chebval(x, [float(c) for c in coefficients]))))
    # the dense grid misses the maximum by O((n pi / 200000)^2) relative
    assert float(bound.lower) <= dense * (1 + 1e-7) and dense <= float(bound.upper)
    assert bound.upper - bound.lower <= fmpq(1, 10**9) * bound.upper


def test_sup_norm_bound_random_series():
    rng = np.random.default_rng(11)
    for n in (6, 17, 40):
        coefficients = [fmpq(int(v), 1024) for v in rng.integers(-1024, 1025, n + 1)]
        bound = sup_norm_bound(coefficients)
        x = np.cos(np.linspace(0, np.pi, 400001))
        dense = float(np.max(np.abs(np.polynomial.chebyshev.chebval(x, [float(c) for c in coefficients]))))
        assert float(bound.lower) <= dense * (1 + 1e-7) and dense <= float(bound.upper)
        assert float(bound.upper) <= dense * (1 + 1e-7)
        assert bound.upper - bound.lower <= fmpq(1, 10**9) * bound.upper
