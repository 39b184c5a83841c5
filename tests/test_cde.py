"""numerics.paths.cde: the exact (App. F), Taylor and diagonal Linear CDE solvers against each other and
against an independent ODE integrator."""
import math
import os

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from numerics.paths.cde import solve_linear_cde, taylor_remainder_bound
from numerics.errors import InputError


def _system(rng, N=6, d=3, batch=4, length=12, step=0.2):
    A = rng.standard_normal((d, N, N)) / np.sqrt(N)
    B = rng.standard_normal((N, d))
    z0 = rng.standard_normal(N)
    drivers = np.cumsum(rng.standard_normal((batch, length, d)) * step, axis=1)
    return A, B, z0, drivers


def _reference(A, B, z0, omega, xi=None):
    """dZ/du = M Z + b on each segment (u in [0, 1]), by scipy's DOP853 at tight tolerance."""
    xi = omega if xi is None else xi
    z = np.array(z0, dtype=float)
    for j in range(omega.shape[0] - 1):
        M = np.tensordot(omega[j + 1] - omega[j], A, axes=(0, 0))
        b = B @ (xi[j + 1] - xi[j])
        z = solve_ivp(lambda _, y: M @ y + b, (0.0, 1.0), z, method="DOP853", rtol=1e-13, atol=1e-13).y[:, -1]
    return z


def test_exact_and_taylor_match_independent_integrator():
    rng = np.random.default_rng(0)
    A, B, z0, drivers = _system(rng, batch=3)
    exact = solve_linear_cde(A, B, z0, drivers, method="exact")
    taylor = solve_linear_cde(A, B, z0, drivers, method="taylor")
    for b in range(drivers.shape[0]):
        ref = _reference(A, B, z0, drivers[b])
        assert np.abs(exact[b] - ref).max() <= 1e-10 * np.abs(ref).max()
        assert np.abs(taylor[b] - ref).max() <= 1e-10 * np.abs(ref).max()


def test_separate_xi_and_per_path_initial_states():
    rng = np.random.default_rng(1)
    A, _, _, omega = _system(rng, batch=2, d=2)
    xi = np.cumsum(rng.standard_normal((2, omega.shape[1], 3)), axis=1)
    B = rng.standard_normal((A.shape[1], 3))
    z0 = rng.standard_normal((2, A.shape[1]))
    for method in ("exact", "taylor", "auto"):
        z = solve_linear_cde(A, B, z0, omega, xi=xi, method=method)
        for b in range(2):
            ref = _reference(A, B, z0[b], omega[b], xi[b])
            assert np.abs(z[b] - ref).max() <= 1e-10 * np.abs(ref).max()


def test_scalar_case_against_closed_form():
    # N = d = 1: dZ = a Z dw + c dw along one segment of increment D:
    # Z = e^{aD} z0 + (e^{aD} - 1)/a * c.
    a, c, z0, D = -0.7, 1.3, 0.4, 0.9
    drivers = np.array([[[0.0], [D]]])
    expected = math.exp(a * D) * z0 + math.expm1(a * D) / a * c
    for method, A, tol in (("exact", [[[a]]], 1e-14), ("diagonal", [[a]], 1e-14),
                           ("taylor", [[[a]]], 1e-12 * (abs(z0) + abs(c * D)))):  # its rtol, stated
        z = solve_linear_cde(np.array(A), np.array([[c]]), np.array([z0]), drivers, method=method)
        assert abs(z[0, 0] - expected) <= tol


def test_zero_generator_is_phi1_at_zero():
    # A = 0: Z_T = z0 + B (xi_T - xi_0) exactly, for every method (phi_1(0) = I).
    rng = np.random.default_rng(2)
    _, B, z0, drivers = _system(rng)
    expected = z0 + (drivers[:, -1] - drivers[:, 0]) @ B.T
    for method, A in (("exact", np.zeros((3, 6, 6))), ("taylor", np.zeros((3, 6, 6))), ("diagonal", np.zeros((3, 6)))):
        z = solve_linear_cde(A, B, z0, drivers, method=method)
        assert np.allclose(z, expected, rtol=1e-13, atol=1e-13)


def test_diagonal_closed_form_matches_dense_solvers_and_prop_b14():
    rng = np.random.default_rng(3)
    _, B, z0, drivers = _system(rng, batch=5)
    V = rng.standard_normal((3, 6))
    dense = np.stack([np.diag(v) for v in V])
    closed = solve_linear_cde(V, B, z0, drivers, method="diagonal")
    assert np.allclose(closed, solve_linear_cde(dense, B, z0, drivers, method="exact", group_tol=0),
                       rtol=1e-12, atol=1e-12)
    assert np.allclose(closed, solve_linear_cde(dense, B, z0, drivers, method="taylor"), rtol=1e-12, atol=1e-12)
    # Prop. B.14 with B = 0: Z_T = exp(diag(V^T (omega_T - omega_0))) z0.
    free = solve_linear_cde(V, None, z0, drivers, method="diagonal")
    assert np.allclose(free, np.exp((drivers[:, -1] - drivers[:, 0]) @ V) * z0, rtol=1e-12, atol=1e-14)


def test_complex_diagonal_system():
    # One complex mode, omega = t: the S4 ZOH recurrence z <- e^{a h} z + (e^{a h} - 1)/a * B x.
    a = -0.5 + 3j * np.pi
    Bc = 0.3 - 0.8j
    t = np.linspace(0, 1, 9)
    x = np.random.default_rng(4).standard_normal(9)
    xi = np.concatenate([[0.0], np.cumsum(x[1:] * np.diff(t))])
    z = solve_linear_cde(np.array([[a]]), np.array([[Bc]]), np.array([0j]), t[None, :, None],
                         xi=xi[None, :, None], method="diagonal")
    expected = 0j
    for k in range(1, 9):
        h = t[k] - t[k - 1]
        expected = np.exp(a * h) * expected + (np.exp(a * h) - 1) / a * Bc * x[k]
    assert z.dtype == np.complex128 and abs(z[0, 0] - expected) <= 1e-14


def test_return_path_and_taylor_order_convergence():
    rng = np.random.default_rng(5)
    A, B, z0, drivers = _system(rng, step=0.1)
    exact = solve_linear_cde(A, B, z0, drivers, method="exact", return_path=True)
    assert exact.shape == drivers.shape[:2] + (6,)
    assert np.array_equal(exact[:, 0], np.broadcast_to(z0, exact[:, 0].shape))
    assert np.array_equal(exact[:, -1], solve_linear_cde(A, B, z0, drivers, method="exact"))
    errors = [np.abs(solve_linear_cde(A, B, z0, drivers, method="taylor", order=p) - exact[:, -1]).max()
              for p in (1, 2, 4, 8)]
    assert errors[0] > errors[1] > errors[2] > errors[3]
    assert errors[3] < 1e-8 * np.abs(exact).max()


def test_taylor_remainder_bound_is_a_bound():
    # For a single scalar step e^theta, the truncation error is below the stated bound.
    for theta in (0.05, 0.5, 2.0):
        for p in (1, 3, 6):
            truncated = sum(theta ** k / math.factorial(k) for k in range(p + 1))
            assert math.exp(theta) - truncated <= taylor_remainder_bound(theta, p) * (1 + theta)


def test_grouped_exponentials_on_quantised_increments():
    # Integer increments / a non-power-of-two scale: many float variants of few true increments.
    rng = np.random.default_rng(6)
    data = np.cumsum(np.round(rng.standard_normal((40, 30, 2))), axis=1)
    drivers = data / np.abs(data).max()
    A = rng.standard_normal((2, 5, 5)) / np.sqrt(5)
    B = rng.standard_normal((5, 2))
    z0 = rng.standard_normal(5)
    grouped = solve_linear_cde(A, B, z0, drivers, method="exact")
    ungrouped = solve_linear_cde(A, B, z0, drivers, method="exact", group_tol=0)
    assert np.allclose(grouped, ungrouped, rtol=1e-12, atol=1e-12)
    assert np.allclose(grouped, solve_linear_cde(A, B, z0, drivers, method="taylor"), rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("kwargs, name", [
    (dict(method="rk4"), "method"),
    (dict(A=np.zeros((2, 3, 3))), "A"),
    (dict(B=np.zeros((3, 2))), "B"),
    (dict(z0=np.zeros(4)), "z0"),
    (dict(drivers=np.zeros((2, 3))), "drivers"),
    (dict(drivers=np.full((1, 2, 3), np.nan)), "drivers"),
    (dict(xi=np.zeros((1, 5, 3))), "xi"),
    (dict(method="taylor", order=0), "order"),
    (dict(method="exact", order=3), "order"),
    (dict(group_tol=-1.0), "group_tol"),
    (dict(method="diagonal"), "A"),
])
def test_bad_input_names_the_argument(kwargs, name):
    args = dict(A=np.zeros((3, 3, 3)), B=np.zeros((3, 3)), z0=np.zeros(3), drivers=np.zeros((1, 4, 3)))
    args.update(kwargs)
    with pytest.raises(InputError, match=name):
        solve_linear_cde(args.pop("A"), args.pop("B"), args.pop("z0"), args.pop("drivers"), **args)


def test_threads_and_uncached_tables_agree(monkeypatch):
    import numerics.paths.cde as cde
    rng = np.random.default_rng(7)
    data = np.cumsum(np.round(rng.standard_normal((50, 12, 2))), axis=1)
    drivers = data / np.abs(data).max()
    A = rng.standard_normal((2, 4, 4)) / 2
    B = rng.standard_normal((4, 2))
    z0 = rng.standard_normal((50, 4))
    plain = solve_linear_cde(A, B, z0, drivers, method="exact", return_path=True)
    taylor = solve_linear_cde(A, B, z0, drivers, method="taylor", return_path=True)
    monkeypatch.setattr(cde, "MIN_ROWS_PER_WORKER", 10)  # several threads
    monkeypatch.setattr(cde, "EXACT_CACHE_BYTES", 0)  # per-step exponentials
    assert cde._workers(50) > 1 or (os.cpu_count() or 1) == 1
    # (scipy picks the Pade degree per stack of matrices, so the last bits may differ)
    assert np.allclose(solve_linear_cde(A, B, z0, drivers, method="exact", return_path=True), plain,
                       rtol=1e-13, atol=1e-13)
    # (GEMMs of other shapes round differently)
    assert np.allclose(solve_linear_cde(A, B, z0, drivers, method="taylor", return_path=True), taylor,
                       rtol=1e-13, atol=1e-13)


def test_increment_classes_are_the_true_integer_classes(monkeypatch):
    import numerics.paths.cde as cde
    rng = np.random.default_rng(9)
    data = np.cumsum(np.round(rng.standard_normal((60, 25, 3))), axis=1)
    drivers = data / np.abs(data).max()  # / 17: several float roundings of each integer increment
    increments = np.diff(drivers, axis=1)
    assert np.unique(increments.reshape(-1, 3), axis=0).shape[0] > 3 * np.unique(
        np.diff(data, axis=1).reshape(-1, 3), axis=0).shape[0]
    tol = 64 * np.finfo(float).eps * np.abs(drivers).max()
    reps, ids = cde._segment_classes(increments, increments, True, tol)
    true_rows = np.diff(data, axis=1).reshape(-1, 3)
    assert reps.shape[0] == np.unique(true_rows, axis=0).shape[0]
    # Same class <=> same integer increment.
    _, true_ids = np.unique(true_rows, axis=0, return_inverse=True)
    pairs = np.unique(np.stack([ids.ravel(), true_ids.ravel()]), axis=1)
    assert pairs.shape[1] == reps.shape[0]
    # The byte-comparison fallback (many distinct values per column) gives the same partition.
    monkeypatch.setattr(cde, "MAX_CODE", 2)
    reps2, ids2 = cde._segment_classes(increments, increments, True, tol)
    assert reps2.shape == reps.shape and np.array_equal(reps2[ids2], reps[ids])
