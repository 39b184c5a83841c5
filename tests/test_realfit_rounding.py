"""numerics.realfit.rounding: rationals are rounded to floats outward, saturating beyond the float range."""
from flint import fmpq

from numerics.realfit.rounding import _float_lower_q, _float_upper_q
from numerics.ssm.systems import to_fmpq


def test_float_rounding_saturates_outward():
    huge = fmpq(3**2000, 7)
    assert _float_lower_q(huge) == 1.7976931348623157e308 and _float_upper_q(huge) == float("inf")
    assert _float_lower_q(-huge) == float("-inf") and _float_upper_q(-huge) == -1.7976931348623157e308
    third = fmpq(1, 3)
    assert _float_lower_q(third) <= 1 / 3 <= _float_upper_q(third) and _float_upper_q(third) > _float_lower_q(third)
    assert to_fmpq(_float_lower_q(third)) <= third <= to_fmpq(_float_upper_q(third))
