"""numerics.realfit.dual: a dual certificate's lower bound is re-derived from scratch, never read.

Weak duality (see the module docstring): ``truth(phi, eps) >= (<c, phi> - eps ||c||_inf) / S`` for
any ``S >= sup_[-1,1] |p_c|``; :func:`certified_lower_bound` recomputes ``S`` rigorously.
"""
import pytest
from flint import fmpq

from numerics import InputError, make_target
from numerics.realfit import DualCertificate, certified_lower_bound, min_l1_weight


def test_certificate_is_rederived_and_tampering_is_rejected():
    phi = list(make_target("random", 16, seed=2).values("exact"))
    bracket = min_l1_weight(phi)
    cert = bracket.certificate
    assert isinstance(cert, DualCertificate) and all(isinstance(c, fmpq) for c in cert.coefficients)
    again = certified_lower_bound(cert, phi)
    assert again <= bracket.upper and again >= bracket.lower * (1 - 1e-12)
    scaled = DualCertificate(tuple(c * fmpq(101, 100) for c in cert.coefficients), cert.S, cert.S_method)
    with pytest.raises(InputError, match="certificate"):
        certified_lower_bound(scaled, phi)
    # an honest but pessimistic S is accepted (the bound is recomputed, not read)
    loose = DualCertificate(cert.coefficients, cert.S * 2, "made up")
    assert certified_lower_bound(loose, phi) == again
    # a certificate whose p exceeds 1 only between grid points is still bounded correctly
    bumped = DualCertificate(tuple(list(cert.coefficients[:-1]) + [cert.coefficients[-1] * fmpq(11, 10)]),
                             cert.S * 2, "made up")
    assert certified_lower_bound(bumped, phi) <= bracket.upper
    with pytest.raises(InputError, match="certificate"):
        certified_lower_bound(cert, phi[:3])


def test_bad_certificate_type():
    with pytest.raises(InputError, match="certificate"):
        certified_lower_bound("not a certificate", [1, 2])
