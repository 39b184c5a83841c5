"""numerics.realfit.witness: the exact Vandermonde witness matches the target and its exact check rejects tampering."""
import numpy as np
from flint import fmpq

from numerics import DiagonalSSM, impulse_response
from numerics.realfit.proposal import _Proposal
from numerics.realfit.witness import NODE_BITS, _NodeSystem, _verify_exact, _witness_exact
from numerics.ssm.systems import to_fmpq


def test_exact_witness_matches_and_tampering_is_rejected():
    phi = [fmpq(3, 7), fmpq(-1, 2), fmpq(5, 3), fmpq(0), fmpq(2, 9), fmpq(-4, 5)]
    t = len(phi)
    nodes = np.pi * np.arange(t) / (t - 1)          # the Chebyshev extrema as the support
    proposal = _Proposal(np.zeros(t), 0.0, 0.0, nodes, np.ones(t), [], np.zeros(0), 0.0, "test")
    ssm, upper, check = _witness_exact(phi, fmpq(0), proposal, t, NODE_BITS)
    assert ssm.n == t and all(abs(to_fmpq(a)) <= 1 for a in ssm.A)
    assert list(impulse_response(ssm, t, system="exact")) == phi
    assert upper == sum((abs(to_fmpq(b)) for b in ssm.B), fmpq(0)) and check.startswith("exact")
    X = [int((to_fmpq(a) * 2**NODE_BITS).p) for a in ssm.A]
    w, N, den = _NodeSystem(X, NODE_BITS).solve(phi)
    assert w == [to_fmpq(b) for b in ssm.B]
    assert _verify_exact(ssm, phi, N, den, NODE_BITS)
    nudged = list(ssm.B)
    nudged[2] = nudged[2] + fmpq(1, 2**100)
    tampered = DiagonalSSM(ssm.A, np.array(nudged, dtype=object), ssm.C, field="real")
    assert not _verify_exact(tampered, phi, N, den, NODE_BITS)
    assert not _verify_exact(ssm, phi[:-1] + [phi[-1] + fmpq(1, 2**100)], N, den, NODE_BITS)
