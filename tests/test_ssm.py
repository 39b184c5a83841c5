"""DiagonalSSM: validation of its input, stability, and the two output conventions."""
from fractions import Fraction

import numpy as np
import pytest
from flint import arb, fmpq

from numerics import DiagonalSSM, InputError, impulse_response


@pytest.mark.parametrize("kwargs, message", [
    (dict(A=[0.5, 0.2], B=[1.0], C=[1.0]), "lengths differ"),
    (dict(A=[np.nan], B=[1.0], C=[1.0]), "A: entries must be finite"),
    (dict(A=[0.5], B=[np.inf], C=[1.0]), "B: entries must be finite"),
    (dict(A=[0.5j], B=[1.0], C=[1.0], field="real"), "A: complex entries in a real SSM"),
    (dict(A=[0.5], B=[1.0], C=[1.0j], field="real"), "C: complex entries in a real SSM"),
    (dict(A=[], B=[], C=[]), "A: the SSM needs dimension n >= 1"),
    (dict(A=[[0.5, 0.1], [0.0, 0.2]], B=[1, 1], C=[1, 1]), "non-zero off-diagonal"),
    (dict(A=np.zeros((2, 3)), B=[1, 1], C=[1, 1]), "A: a matrix A must be square"),
    (dict(A=[0.5], B=[1.0], C=[1.0], field="quaternion"), "field: must be 'real' or 'complex'"),
    (dict(A=["x"], B=[1.0], C=[1.0]), "A:"),
    (dict(A=[True], B=[1.0], C=[1.0]), "A: entries must be numbers"),
])
def test_bad_input_names_the_argument(kwargs, message):
    with pytest.raises(InputError, match=message):
        DiagonalSSM(**kwargs)


def test_paper_shapes_are_accepted():
    ssm = DiagonalSSM(np.diag([0.5, -0.25]), np.array([[1.0], [2.0]]), np.array([[3.0, 4.0]]))
    assert ssm.n == 2 and ssm.field == "real"
    np.testing.assert_array_equal(ssm.A, [0.5, -0.25])


def test_field_is_inferred_and_exact_entries_kept():
    assert DiagonalSSM([0.5j], [1], [1]).field == "complex"
    exact = DiagonalSSM([Fraction(1, 3)], [fmpq(2, 7)], [1])
    assert exact.A[0] == fmpq(1, 3) and exact.B[0] == fmpq(2, 7)


def test_stability_is_decided_exactly():
    assert DiagonalSSM([0.5, -0.999], [1, 1], [1, 1]).stable
    assert not DiagonalSSM([0.5, -1.0], [1, 1], [1, 1]).stable
    # |0.6 + 0.8i| = 1 exactly in rationals; in floats 0.6**2 + 0.8**2 rounds to 1.0000000000000002
    assert not DiagonalSSM([Fraction(3, 5)], [1], [1], field="complex").require_stable() is None
    on_circle = DiagonalSSM(np.array([0.75 + 0.5j]), [1], [1])  # |.|^2 = 0.8125 < 1
    assert on_circle.stable
    with pytest.raises(InputError, match=r"A: unstable pole A\[1\]"):
        DiagonalSSM([0.5, 1.5], [1, 1], [1, 1]).require_stable()
    ball = DiagonalSSM([arb(1) / 3], [1], [1])
    assert ball.stable and ball.has_ball_parameters


def test_code_convention_doubles_the_complex_output():
    A, B, C = np.array([0.5 + 0.25j]), np.array([1.0 - 1.0j]), np.array([0.5 + 0.5j])
    paper = DiagonalSSM.from_code(A, B, C)
    code_output = 2 * np.real(np.array([C[0] * A[0] ** k * B[0] for k in range(6)]))
    np.testing.assert_allclose(impulse_response(paper, 6), code_output, rtol=0, atol=1e-15)
    back = paper.to_code()
    np.testing.assert_array_equal(back[2], C)
    real = DiagonalSSM.from_code([0.5], [1.0], [3.0])
    assert real.C[0] == 3.0  # the official real model has no factor 2
