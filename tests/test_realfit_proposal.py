"""numerics.realfit.proposal: the float64 proposal's node padding and its LP-free shortcut."""
import numpy as np
import pytest
from flint import fmpq

from numerics import make_target
from numerics.realfit import chebyshev_moments
from numerics.realfit.moments import _chebyshev_moments_int, _common_denominator
from numerics.realfit.proposal import _pad_theta, _scaled, _simple_proposal


@pytest.mark.parametrize("t", [1, 2, 5, 16])
@pytest.mark.parametrize("size", [0, 1, 3])
def test_padding_keeps_the_support_and_gives_t_distinct_nodes(t, size):
    support = np.sort(np.random.default_rng(t + size).uniform(0, np.pi, min(size, t)))
    nodes = _pad_theta(support, t)
    assert nodes.size == t and np.unique(nodes).size == t and np.all(np.diff(nodes) > 0)
    assert np.all((0 <= nodes) & (nodes <= np.pi))
    assert all(np.any(nodes == s) for s in support)


def test_shortcut_for_the_delay_target_needs_no_lp():
    t = 12
    phi = list(make_target("delay", t).values("exact"))
    den = _common_denominator(phi)
    psi_int = _chebyshev_moments_int([int(v.p) * (den // int(v.q)) for v in phi])
    assert [fmpq(v, den) for v in psi_int] == chebyshev_moments(phi)
    psih, _ = _scaled(psi_int, den)
    proposal = _simple_proposal(psih, 1e-7)
    j = int(np.argmax(np.abs(psih)))
    assert proposal is not None and proposal.how.startswith(f"extrema of T_{j}")
    assert np.count_nonzero(proposal.a) == 1 and abs(proposal.a[j]) == 1
    assert proposal.primal <= abs(psih[j]) * (1 + 1e-7)
