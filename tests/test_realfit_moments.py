"""numerics.realfit.moments: the Chebyshev moments and monomial coefficients are exact (checked with sympy)."""
from fractions import Fraction

import sympy
from flint import fmpq

from numerics.realfit import chebyshev_moments, monomial_coefficients
from numerics.ssm.systems import to_fmpq


def test_chebyshev_moments_and_monomial_coefficients_are_exact():
    x = sympy.Symbol("x")
    phi = [Fraction(3, 7), Fraction(-1, 2), Fraction(5, 3), Fraction(0), Fraction(2, 9), Fraction(-4, 5)]
    psi = chebyshev_moments(phi)
    for j in range(len(phi)):
        coeffs = sympy.Poly(sympy.chebyshevt_poly(j, x), x).all_coeffs()[::-1]
        assert psi[j] == to_fmpq(sum(Fraction(int(c)) * phi[k] for k, c in enumerate(coeffs)))
    a = [fmpq(1, 3), fmpq(-2), fmpq(0), fmpq(5, 8)]
    expected = sympy.Poly(sum(sympy.Rational(int(c.p), int(c.q)) * sympy.chebyshevt_poly(j, x)
                              for j, c in enumerate(a)), x).all_coeffs()[::-1]
    assert monomial_coefficients(a) == [to_fmpq(Fraction(int(sympy.fraction(c)[0]), int(sympy.fraction(c)[1])))
                                        for c in expected]
