"""One-cluster real SSMs (numerics.realfit.cluster): proposals, verified witnesses, the search and
its use in the dimension bracket, bad input."""
import math

import mpmath
import numpy as np
import pytest
from flint import fmpq

from numerics.errors import InputError
from numerics.realfit.cluster import cluster_search, cluster_witness, polynomial_proposal
from numerics.realfit.dimension import dimension_bracket
from numerics.realfit.upper_bounds import verify_witness
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle


def _mp_error(ssm, t: int, theta_q: int, g: fmpq, dps: int) -> mpmath.mpf:
    """The l1 error of a rational witness against Re(e^(i g pi) (0.5^(1/t) e^(i q asin(1/5)))^(k-1)),
    evaluated independently of flint (mpmath at ``dps`` digits)."""
    with mpmath.workdps(dps):
        theta = theta_q * mpmath.asin(mpmath.mpf(1) / 5)
        rho = mpmath.mpf(1) / 2 ** (mpmath.mpf(1) / t)
        gamma = mpmath.pi * mpmath.mpf(int(g.p)) / int(g.q)
        poles = [mpmath.mpf(int(a.p)) / int(a.q) for a in ssm.A]
        weights = [mpmath.mpf(int(b.p)) / int(b.q) * mpmath.mpf(int(c.p)) / int(c.q) for b, c in zip(ssm.B, ssm.C)]
        powers = [mpmath.mpf(1)] * len(poles)
        total = mpmath.mpf(0)
        for k in range(t):
            h = mpmath.fsum(w * p for w, p in zip(weights, powers))
            total += abs(h - rho ** k * mpmath.cos(k * theta + gamma))
            powers = [p * a for p, a in zip(powers, poles)]
        return total


def test_a_cluster_of_25_states_approximates_the_corner_target_at_t_180():
    """arg A = arcsin 0.2, t = 180: 25 clustered states within eps = 1/4, the error certified and
    re-evaluated independently with mpmath; the poles are distinct rationals in (0, 1)."""
    target = ComplexOscillator(180, fmpq(0), fmpq(1))
    found = cluster_witness(target, fmpq(1, 4), 25, base=1.0, kappa=0.05)
    assert found.ok and found.n == 25 and found.error <= fmpq(1, 4)
    poles = list(found.ssm.A)
    assert all(isinstance(a, fmpq) and 0 < a < 1 for a in poles) and len(set(poles)) == 25
    independent = _mp_error(found.ssm, 180, 1, fmpq(0), 60 + found.prec // 3)
    assert independent <= mpmath.mpf(1) / 4
    assert abs(independent - float(found.error)) < 1e-9       # the certified upper end is tight
    # the same SSM is a witness of the dimension bracket's kind: the bracket's lower end never exceeds it
    assert dimension_bracket(target, fmpq(1, 4), search=False).lower <= found.n


def test_the_proposal_error_does_not_grow_with_the_degree():
    """The polynomial spaces are nested, so the l1-optimal error is non-increasing in n."""
    t = 90
    k = np.arange(t)
    phi = 0.5 ** (k / t) * np.cos(k * math.asin(0.2) + 0.3)
    errors = [polynomial_proposal(phi, n, 0.5 ** (1 / t))[1] for n in range(2, 16)]
    assert all(b <= a + 1e-9 for a, b in zip(errors, errors[1:]))
    assert errors[-1] < errors[0] / 10
    values, error = polynomial_proposal(phi, t, 1.0)           # degree t - 1 interpolates
    assert error < 1e-6 and np.allclose(values, phi, atol=1e-8)


def test_too_few_states_are_not_verified_and_say_why():
    target = ComplexOscillator(180, fmpq(0), fmpq(1))
    found = cluster_witness(target, fmpq(1, 4), 12, base=1.0)
    assert not found.ok and found.proposal_error > 1 and found.check.startswith("not attempted")


@pytest.mark.parametrize("kwargs, name", [({"n": 0, "base": 1.0}, "n"), ({"n": 5, "base": 1.5}, "base"),
                                          ({"n": 5, "base": 0.0}, "base"), ({"n": 5, "base": float("nan")}, "base"),
                                          ({"n": 5, "base": 1.0, "kappa": 0.0}, "kappa"),
                                          ({"n": 11, "base": 1.0}, "n")])
def test_bad_input_names_the_argument(kwargs, name):
    with pytest.raises(InputError, match=f"^{name}:"):
        cluster_witness([fmpq(1, k) for k in range(1, 11)], fmpq(1, 10), **kwargs)


def test_the_search_finds_mirrored_clusters_and_never_undercuts_the_certified_lower_end():
    """arg A and pi - arg A are mirror images (phi_k -> (-1)^(k-1) phi_k): a cluster near +1 and one near
    -1 need the same number of states; both stay above the certified lower end, far below t - 1."""
    eps = fmpq(1, 20)
    sizes = []
    for s in (fmpq(1, 4), fmpq(3, 4)):
        target = ComplexOscillator(45, *admissible_angle(s))
        found = cluster_search(target, eps, 1, 45)
        assert found is not None and found.ok and found.error <= eps
        lower = dimension_bracket(target, eps, search=False).lower
        assert lower <= found.n <= 30
        sizes.append((found.n, found.base))
    assert sizes[0][0] == sizes[1][0] and sizes[0][1] > 0 > sizes[1][1]


def test_the_bracket_takes_a_cluster_witness_when_it_is_smaller():
    target = ComplexOscillator(45, *admissible_angle(fmpq(1, 4)))
    plain = dimension_bracket(target, fmpq(1, 20), starts=2, search_max_n=12)
    clustered = dimension_bracket(target, fmpq(1, 20), starts=2, search_max_n=12, cluster_seconds=30)
    assert clustered.upper < plain.upper and clustered.lower == plain.lower
    assert "one cluster" in clustered.upper_how and clustered.witness.n == clustered.upper
    ok, _, _ = verify_witness(clustered.witness, target.values(256), fmpq(1, 20), prec=4096, arb_response=True)
    assert ok
    with pytest.raises(InputError, match="^cluster_seconds:"):
        dimension_bracket(target, fmpq(1, 20), cluster_seconds=0)
