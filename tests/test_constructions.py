"""The constructions of Propositions 1-3 match their targets, in exact and ball arithmetic."""
import numpy as np
import pytest
from flint import arb, ctx, fmpq
from hypothesis import given, strategies as st

from numerics import DiagonalSSM, InputError, impulse_response, make_target
from numerics.ssm.constructions import (bjorck_pereyra, chebyshev_nodes, circle_nodes, embed_in_complex,
                                    roots_of_unity_ssm, vandermonde_ssm)

from conftest import real_ssms


@given(st.lists(st.integers(-20, 20), min_size=1, max_size=12, unique=True),
       st.lists(st.integers(-9, 9), min_size=12, max_size=12))
def test_bjorck_pereyra_solves_the_vandermonde_system(nodes, rhs):
    x = [fmpq(v, 7) for v in nodes]
    b = [fmpq(v) for v in rhs[:len(x)]]
    z = bjorck_pereyra(x, b)
    assert [sum(z[j] * x[j] ** i for j in range(len(x))) for i in range(len(x))] == b


@pytest.mark.parametrize("name", ["delay", "oscillation", "random"])
@pytest.mark.parametrize("field", ["real", "complex"])
def test_prop1_matches_exactly(name, field):
    t = 24
    phi = list(make_target(name, t, seed=2).values("exact"))
    nodes = chebyshev_nodes(t) if field == "real" else circle_nodes(t, radius=fmpq(9, 10))
    ssm = vandermonde_ssm(phi, nodes, field=field)
    assert ssm.stable and ssm.n == t
    assert list(impulse_response(ssm, t, system="exact")) == phi


def test_prop1_in_balls_contains_the_exact_weights():
    t = 16
    target = make_target("random", t, seed=4)
    exact = vandermonde_ssm(list(target.values("exact")), chebyshev_nodes(t))
    balls = vandermonde_ssm(list(target.values("arb")), chebyshev_nodes(t))
    with ctx.workprec(5000):
        assert all(b.contains(arb(q)) for b, q in zip(balls.B, exact.B))


@given(real_ssms(), st.integers(0, 4))
def test_prop2_embedding_is_exact(ssm, extra):
    embedded = embed_in_complex(ssm, ssm.n + extra)
    assert embedded.field == "complex" and embedded.n == ssm.n + extra
    assert list(impulse_response(embedded, 12, system="exact")) == list(impulse_response(ssm, 12, system="exact"))


def test_prop2_bad_input():
    with pytest.raises(InputError, match="n_complex: must be >= the real dimension 2"):
        embed_in_complex(DiagonalSSM([0.1, 0.2], [1, 1], [1, 1]), 1)
    with pytest.raises(InputError, match="ssm: Proposition 2 embeds a real SSM"):
        embed_in_complex(DiagonalSSM([0.1j], [1], [1]), 2)


@pytest.mark.parametrize("t", [1, 2, 7, 64])
def test_prop3_float64_recipe(t):
    phi = make_target("random", t, seed=5).values()
    ssm = roots_of_unity_ssm(phi)
    assert ssm.stable and ssm.n == t
    np.testing.assert_allclose(impulse_response(ssm, t), phi, atol=1e-12)
    assert np.linalg.norm(ssm.B) <= 2 * np.linalg.norm(phi)
    assert np.linalg.norm(ssm.C) == pytest.approx(1.0)


def test_prop3_balls_agree_with_float64_and_match():
    t = 40
    target = make_target("oscillation", t)
    balls = roots_of_unity_ssm(list(target.values("arb")), system="arb")
    floats = roots_of_unity_ssm(target.values())
    assert all(abs(complex(float(b.real.mid()), float(b.imag.mid())) - f) < 1e-12 for b, f in zip(balls.B, floats.B))
    response = impulse_response(balls, t, system="arb")
    assert all((y - p).contains(0) and y.rad() < 1e-30 for y, p in zip(response, target.values("arb")))


def test_prop3_wrong_sign_does_not_match():
    """Using the conjugate DFT (the paper's formula read with numpy's other sign) breaks the match."""
    t = 8
    phi = make_target("random", t, seed=1).values()
    alpha = 2.0 ** (-1 / (t - 1))
    tilde = phi / alpha ** np.arange(t)
    wrong = DiagonalSSM(alpha * np.exp(2j * np.pi * np.arange(t) / t), np.fft.ifft(tilde) * np.sqrt(t),
                        np.full(t, t ** -0.5))
    assert np.max(np.abs(impulse_response(wrong, t) - phi)) > 0.1


# --- Appendix A.3: the DCT construction (complex A, real B and C) -----------------------------
from numerics.ssm.constructions import dct_ssm  # noqa: E402


@pytest.mark.parametrize("t", [1, 2, 3, 7, 64])
def test_dct_float64_matches_with_real_b_c_and_proposition_3_norms(t):
    phi = make_target("random", t, seed=5).values()
    ssm = dct_ssm(phi)
    assert ssm.stable and ssm.n == t
    assert np.isrealobj(ssm.B) and np.isrealobj(ssm.C)
    assert t == 1 or np.all(np.abs(np.imag(ssm.A)) > 0)
    np.testing.assert_allclose(impulse_response(ssm, t), phi, atol=1e-12)
    assert np.linalg.norm(ssm.B) <= 2 * np.linalg.norm(phi)
    assert np.linalg.norm(ssm.C) == pytest.approx(1.0)


def test_dct_balls_agree_with_float64_and_match():
    t = 40
    target = make_target("oscillation", t)
    balls = dct_ssm(list(target.values("arb")), system="arb")
    floats = dct_ssm(target.values())
    assert all(abs(float(b.mid()) - f) < 1e-12 for b, f in zip(balls.B, floats.B))
    response = impulse_response(balls, t, system="arb")
    assert all((y - p).contains(0) and y.rad() < 1e-30 for y, p in zip(response, target.values("arb")))


def test_dct_norm_is_two_phi_at_e_t_and_2_sqrt2_phi_with_d7_radius():
    t = 16
    unit = np.zeros(t)
    unit[-1] = 1.0
    assert np.linalg.norm(dct_ssm(unit).B) == pytest.approx(2.0)
    assert np.linalg.norm(dct_ssm(unit, radius_exponent=1).B) == pytest.approx(2 * np.sqrt(2))


def test_dct_bad_input():
    with pytest.raises(InputError, match="radius_exponent"):
        dct_ssm([1.0, 2.0], radius_exponent=0)
    with pytest.raises(InputError, match="system"):
        dct_ssm([1.0, 2.0], system="exact")
