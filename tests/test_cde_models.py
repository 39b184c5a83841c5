"""numerics.paths.cde_models: random Linear CDE feature maps and the least-squares readout."""
import numpy as np
import pytest

from numerics.paths.cde import solve_linear_cde
from numerics.paths.cde_models import (chained_diagonal_features, chained_parameters, dense_parameters,
                                 diagonal_features, diagonal_parameters, fit_readout, lti_features,
                                 lti_parameters, random_dense_features, rmse, zero_rmse)
from numerics.errors import InputError
from numerics.paths.signatures import time_augment
from numerics.paths.toydata import toy_dataset


@pytest.fixture(scope="module")
def toy():
    return toy_dataset(1500, 40, channels=3, seed=5)


def test_dense_features_are_the_seeded_cde_and_methods_agree(toy):
    paths = toy.paths[:60]
    exact = random_dense_features(paths, 16, 3, method="exact")
    taylor = random_dense_features(paths, 16, 3, method="taylor")
    assert exact.shape == (60, 16)
    assert np.abs(exact - taylor).max() <= 1e-10 * np.abs(exact).max()
    assert np.array_equal(random_dense_features(paths, 16, 3), random_dense_features(paths, 16, 3))
    assert not np.allclose(random_dense_features(paths, 16, 4), exact)
    p = dense_parameters(3, 16, 3)
    assert p.A.shape == (4, 16, 16) and p.B.shape == (16, 4) and p.seed == 3
    by_hand = solve_linear_cde(p.A, p.B, paths[:, 0] @ p.W.T + p.b, time_augment(paths), method="exact")
    assert np.array_equal(by_hand, exact)


def test_dense_initialisation_law():
    # Theorem 4.2: A entries N(0, 1/N); B, W, b entries N(0, 1).
    p = dense_parameters(3, 200, 0)
    assert abs(p.A.std() * np.sqrt(200) - 1) < 0.01
    assert abs(p.B.std() - 1) < 0.05 and abs(p.A.mean()) < 0.01 / np.sqrt(200) * 10


def test_diagonal_features_equal_dense_solver_with_diagonal_matrices(toy):
    paths = toy.paths[:20]
    features = diagonal_features(paths, 8, 2)
    p = diagonal_parameters(3, 8, 2)
    dense = np.stack([np.diag(v) for v in p.A])
    expected = solve_linear_cde(dense, p.B, p.initial_state(paths), time_augment(paths), method="exact", group_tol=0)
    assert np.allclose(features, expected, rtol=1e-11, atol=1e-11)


def test_lti_features_are_linear_in_the_path_and_the_s4_recurrence():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 3, 10, 2))
    fx, fy = lti_features(x, 6, 1), lti_features(y, 6, 1)
    assert np.allclose(lti_features(2 * x - 3 * y, 6, 1), 2 * fx - 3 * fy, rtol=1e-12, atol=1e-12)
    # The S4D-Lin ZOH recurrence, by hand, for mode n = 2 of path 0.
    B = np.random.default_rng(1)
    B = (B.standard_normal((3, 2)) + 1j * B.standard_normal((3, 2))) / np.sqrt(2)
    a, h = -0.5 + 2j * np.pi, 1 / 9
    z = 0j
    for k in range(1, 10):
        z = np.exp(a * h) * z + (np.exp(a * h) - 1) / a * (B[2] @ x[0, k])
    assert abs(fx[0, 2] - z.real) < 1e-13 and abs(fx[0, 5] - z.imag) < 1e-13
    # And the Linear CDE reading (omega = t, xi with ZOH increments) by the diagonal solver.
    a_n, Bc = lti_parameters(2, 6, 1)
    t = np.linspace(0, 1, 10)
    xi = np.concatenate([np.zeros((3, 1, 2)), np.cumsum(x[:, 1:] * np.diff(t)[None, :, None], axis=1)], axis=1)
    zs = solve_linear_cde(a_n[None, :], Bc, np.zeros(3, complex), np.broadcast_to(t[None, :, None], (3, 10, 1)),
                          xi=xi, method="diagonal")
    assert np.allclose(fx, np.concatenate([zs.real, zs.imag], axis=1), rtol=1e-12, atol=1e-13)


def test_chained_features_are_two_diagonal_layers(toy):
    # Layer 2 is driven by omega = (t, X, W_1 Z^1) with xi = (t, X) (Prop. 4.5, Thm. C.2).
    paths = toy.paths[:30]
    a = chained_diagonal_features(paths, 8, 1, mix=2)
    first, W1, second = chained_parameters(3, 8, 1, mix=2)
    assert W1.shape == (2, 8) and second.A.shape == (6, 8) and second.B.shape == (8, 4)
    one = diagonal_parameters(3, 8, 1)  # layer 1 is diagonal_features' model with the same seed
    assert all(np.array_equal(getattr(first, k), getattr(one, k)) for k in ("A", "B", "W", "b"))
    drivers = time_augment(paths)
    z1 = solve_linear_cde(first.A, first.B, first.initial_state(paths), drivers, method="diagonal",
                          return_path=True)
    omega = np.concatenate([drivers, z1 @ W1.T], axis=2)
    expected = solve_linear_cde(second.A, second.B, second.initial_state(paths), omega, xi=drivers,
                                method="diagonal")
    assert np.array_equal(a, expected)
    a = chained_diagonal_features(paths, 8, 1)
    assert a.shape == (30, 8) and np.all(np.isfinite(a))
    assert np.array_equal(a, chained_diagonal_features(paths, 8, 1))
    # mixing = 0 makes the Y channel constant: layer 2 then sees only (t, X).
    flat = chained_diagonal_features(paths, 8, 1, mixing=np.zeros((2, 8)))
    assert not np.allclose(flat, a)
    with pytest.raises(InputError, match="mixing"):
        chained_diagonal_features(paths, 8, 1, mixing=np.zeros((2, 7)))


def test_models_on_area_dense_beats_zero_and_lti_does_not(toy):
    # Section 6 / Section 4.2: a random dense LCDE fits Area; LTI features are affine in the path
    # and Area is uncorrelated with every linear functional (X -> -X symmetry), so LTI stays at
    # the zero predictor.
    train, validation = toy.split()
    y = toy.area
    for features, low, high in ((random_dense_features(toy.paths, 32, 0), 0.0, 0.5),
                                (lti_features(toy.paths, 32, 0), 0.9, 2.0)):
        readout = fit_readout(features[train], y[train])
        ratio = rmse(readout.predict(features[validation]), y[validation]) / zero_rmse(y[validation])
        assert low <= ratio <= high


def test_fit_readout_recovers_affine_map_and_records_ridge():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((500, 5))
    coef, intercept = rng.standard_normal(5), 0.7
    y = X @ coef + intercept
    r = fit_readout(X, y)
    assert r.ridge is None and np.allclose(r.coef, coef) and np.isclose(r.intercept, intercept)
    assert rmse(r.predict(X), y) < 1e-12
    # Multi-output labels.
    r2 = fit_readout(X, np.stack([y, 2 * y], axis=1))
    assert r2.coef.shape == (5, 2) and np.allclose(r2.coef[:, 1], 2 * coef)
    # Too few samples per unknown: ridge chosen and recorded.
    small = fit_readout(X[:30], y[:30])
    assert small.ridge is not None and small.ridge > 0
    # A duplicated column: ill-conditioned, ridge chosen, predictions still right.
    dup = np.concatenate([X, X[:, :1]], axis=1)
    r3 = fit_readout(dup, y)
    assert r3.ridge is not None and rmse(r3.predict(dup), y) < 1e-6
    assert fit_readout(X, y, ridge=0.0).ridge is None


def test_rmse_and_zero_rmse():
    assert rmse(np.array([1.0, 2.0]), np.array([1.0, 4.0])) == pytest.approx(np.sqrt(2))
    assert zero_rmse(np.array([3.0, -4.0])) == pytest.approx(np.sqrt(12.5))


@pytest.mark.parametrize("call, name", [
    (lambda: random_dense_features(np.zeros((2, 5, 3)), 0, 1), "N"),
    (lambda: random_dense_features(np.zeros((2, 5, 3)), 4, -1), "seed"),
    (lambda: random_dense_features(np.zeros((2, 5, 3)), 4, 1, method="diagonal"), "method"),
    (lambda: random_dense_features(np.zeros((2, 1, 3)), 4, 1), "paths"),
    (lambda: diagonal_features(np.zeros((2, 5, 3)), 4, 1, scale=0), "scale"),
    (lambda: lti_features(np.zeros((2, 5, 3)), 5, 1), "N"),
    (lambda: chained_diagonal_features(np.zeros((2, 5, 3)), 4, 1, mix=0), "mix"),
    (lambda: fit_readout(np.zeros((3, 2)), np.zeros(4)), "y"),
    (lambda: fit_readout(np.full((3, 2), np.nan), np.zeros(3)), "features"),
    (lambda: fit_readout(np.zeros((3, 2)), np.zeros(3), ridge=-1), "ridge"),
    (lambda: rmse(np.zeros(2), np.zeros(3)), "pred"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(InputError, match=name):
        call()


def test_square_time_channel(toy):
    # Theorems 4.1-4.2: omega = xi = (t, t^2, X).
    paths = toy.paths[:10]
    p = dense_parameters(3, 8, 2, square_time=True)
    assert p.A.shape == (5, 8, 8) and p.B.shape == (8, 5)
    t = np.linspace(0, 1, paths.shape[1])
    drivers = time_augment(time_augment(paths, t ** 2), t)
    expected = solve_linear_cde(p.A, p.B, p.initial_state(paths), drivers, method="exact")
    assert np.allclose(random_dense_features(paths, 8, 2, square_time=True), expected, rtol=1e-12, atol=1e-12)
