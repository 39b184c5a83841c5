"""Small helpers that turn ball and exact computations into margins and verdict decisions."""
from __future__ import annotations

from flint import arb, fmpq

from numerics.ssm.systems import float_lower, float_upper


def match_radius(response, target) -> float:
    """For balls ``response_k`` and ``target_k``: the largest radius of ``response_k - target_k``
    (rounded up), or ``inf`` when some difference ball does not contain 0."""
    widest = 0.0
    for y, phi in zip(response, target):
        difference = arb(y) - arb(phi)
        if not difference.contains(0):
            return float("inf")
        widest = max(widest, float_upper(abs(difference)))
    return widest


def relative_slack_lower(value: arb, bound) -> float:
    """A float64 lower bound on ``1 - value / bound`` (> 0 when value < bound is certain)."""
    return float_lower(1 - arb(value) / arb(bound))


def exact_relative_slack(value: fmpq, bound: fmpq) -> float:
    """``1 - value / bound`` for exact rationals, rounded towards 0 so its sign is exact."""
    slack = 1 - value / bound
    return float_lower(arb(slack)) if slack >= 0 else float_upper(arb(slack))
