"""Lower bound 5 (numerics.realfit.grouped_carrier): the discs contain their arcs, the bound of one
split holds for every stable real-rooted polynomial of that split, it reaches beyond one group, it
never exceeds a verified stable real SSM, bad input."""
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from flint import acb, arb, ctx, fmpq
from hypothesis import given, settings, strategies as st
from scipy.optimize import minimize

import numerics.realfit.grouped_carrier as grouped
from numerics.errors import InputError
from numerics.realfit.carrier import carrier_bound, degree_certified, sampling_factor, window_sums
from numerics.realfit.dimension import dimension_bracket
from numerics.realfit.grouped_carrier import (_ball_table, _children, _disc, _float_table, _grid_maxima,
                                              _window, cell_margin, grouped_bound, grouped_degree_certified)
from numerics.realfit.varpro import spread_search
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle

HALF = Fraction(1, 2)


def _floats(target):
    return float(target.theta(64).mid()), float(target.rho(64).mid())


@pytest.mark.parametrize("s", [fmpq(0), fmpq(1, 4), fmpq(1, 2), fmpq(1)])
@pytest.mark.parametrize("interval", [(-1, 0), (0, 1), (0, 0.5), (0.5, 1), (-0.25, 0.125)])
def test_each_disc_contains_the_arc_of_its_interval(s, interval):
    target = ComplexOscillator(20, *admissible_angle(s), g=fmpq(1, 3))
    theta, rho = _floats(target)
    conj_a = rho * np.exp(-1j * theta)
    r0, r1 = (Fraction(x) for x in interval)
    centre, radius = _disc(target, r0, r1)
    roots = np.linspace(float(r0), float(r1), 501)
    assert np.all(np.abs(conj_a / (conj_a - roots) - centre) <= radius * (1 + 1e-12))
    whole = 1 / (2 * abs(math.sin(theta)))                  # the whole circle's disc
    assert radius <= whole * (1 + 1e-12)
    if s == fmpq(1, 2) and r1 - r0 <= 1:
        assert radius < 0.75 * whole


CELL = ((Fraction(-1), Fraction(0)), (Fraction(0), HALF), (HALF, Fraction(1)))


def _bound_holds(s, cell, roots):
    """For P with ``roots[g]`` in the interval ``cell[g]``: ``||p * v||_inf <= |P(A)| K``, K the certified
    bound of the cell (read off its margin at eps = 1), in float64."""
    t = 16
    counts = [len(r) for r in roots]
    target = ComplexOscillator(t, *admissible_angle(s), g=fmpq(1, 5))
    theta, rho = _floats(target)
    groups = [_disc(target, r0, r1) + (k,) for (r0, r1), k in zip(cell, counts) if k]
    w = _window(target, groups, theta, rho)
    assert w is not None
    with ctx.workprec(128):
        W, W2, _ = window_sums(target, w)
        numerator = arb(target.beta) * (abs(W) - abs(W2)) / 2
    K = float((numerator - cell_margin(target, fmpq(1), groups, w)).upper())
    A = rho * np.exp(1j * theta)
    v = w * np.conj(A) ** (-np.arange(t - sum(counts)))
    p = np.array([1.0])
    for r in [r for part in roots for r in part]:
        p = np.convolve(p, [-r, 1.0])
    lhs = np.abs(np.convolve(p, v)).max()
    assert lhs <= abs(np.polyval(p[::-1], A)) * K * (1 + 1e-9) + 1e-12


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-1, 0), max_size=2), st.lists(st.floats(0, 0.5), max_size=3),
       st.lists(st.floats(0.5, 1), max_size=3), st.sampled_from([fmpq(0), fmpq(1, 2), fmpq(7, 8)]))
def test_the_bound_of_a_cell_holds_for_its_stable_polynomials(first, second, third, s):
    """Three groups (a group of one root maximised in closed form where there is one)."""
    if first or second or third:
        _bound_holds(s, CELL, [first, second, third])


@settings(max_examples=10, deadline=None)
@given(st.floats(-1, 0), st.lists(st.floats(0, 0.25), min_size=1, max_size=2),
       st.lists(st.floats(0.25, 0.5), min_size=1, max_size=2), st.lists(st.floats(0.5, 1), min_size=2, max_size=3),
       st.sampled_from([fmpq(0), fmpq(1, 2), fmpq(7, 8)]))
def test_the_bound_of_a_four_group_cell_with_one_root_alone_holds(alone, second, third, fourth, s):
    """Four groups, the first with one root (no grid of its own), three on the grid."""
    cell = ((Fraction(-1), Fraction(0)), (Fraction(0), Fraction(1, 4)), (Fraction(1, 4), HALF), (HALF, Fraction(1)))
    _bound_holds(s, cell, [[alone], second, third, fourth])


@settings(max_examples=10, deadline=None)
@given(st.lists(st.floats(-1, 0), max_size=2), st.lists(st.floats(0, 0.5), min_size=1, max_size=2),
       st.lists(st.floats(0, 1), min_size=1, max_size=3), st.sampled_from([fmpq(0), fmpq(1, 2), fmpq(7, 8)]))
def test_the_bound_of_a_cell_with_roots_still_to_share_holds(first, second, third, s):
    """Overlapping groups, as the refinement makes them: roots in [0, 1/2] and more anywhere in [0, 1]."""
    cell = ((Fraction(-1), Fraction(0)), (Fraction(0), HALF), (Fraction(0), Fraction(1)))
    _bound_holds(s, cell, [first, second, third])


def test_a_group_of_one_root_is_maximised_in_closed_form():
    """With ``free`` the grid maxima are ``max_s max_(|u| = 1) |q(u, u'_s)|``: at least the values on a fine
    circle of u, and no more than them plus the circle's sampling loss."""
    rng = np.random.default_rng(7)
    table = rng.normal(size=(3, 2, 4, 5)) + 1j * rng.normal(size=(3, 2, 4, 5))     # groups of 2, 1, 3 roots
    sizes = [12, 16]
    maxima = _grid_maxima(table, sizes, range(5), free=1)
    u = np.exp(2j * np.pi * np.arange(720) / 720)
    for m in range(5):
        brute = 0.0
        for a in range(sizes[0]):
            for b in range(sizes[1]):
                x, y = np.exp(2j * np.pi * a / sizes[0]), np.exp(2j * np.pi * b / sizes[1])
                q = [sum(table[i, h, j, m] * x ** i * y ** j for i in range(3) for j in range(4)) for h in (0, 1)]
                brute = max(brute, np.abs(q[0] + u * q[1]).max())
        assert brute <= maxima[m] * (1 + 1e-12)
        assert maxima[m] <= brute / math.cos(math.pi / 720) * (1 + 1e-12)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=3), st.integers(0, 2 ** 32 - 1))
def test_the_grid_times_its_sampling_factor_bounds_the_maximum(degrees, seed):
    """``max |q|`` over the torus is at most the grid's largest ``|q|`` times ``sampling_factor`` -- for random q,
    the grid turned by a random angle, against a grid 4 to 16 times finer plus local ascent (scipy) --
    and the factor is attained: ``q = prod_g (1 + (u_g / v_g)^(d_g)) / 2`` with ``v_g`` midway between grid
    points and ``d_g`` dividing ``N_g`` has ``max |q| = 1`` and grid values at most
    ``prod_g cos(pi d_g / (2 N_g))``."""
    rng = np.random.default_rng(seed)
    shape = tuple(k + 1 for k in degrees)

    def moduli(coefficients, axes):
        """``|q|`` at every point of the grid whose angles are ``axes`` (one array per group)."""
        value = coefficients
        for x, k in zip(axes, degrees):
            value = np.tensordot(value, np.exp(1j * np.outer(np.arange(k + 1), x)), axes=([0], [0]))
        return np.abs(value)

    def grid(sizes, offsets):
        return [o + 2 * np.pi * np.arange(n) / n for n, o in zip(sizes, offsets)]

    sizes = [k + 1 + int(rng.integers(0, 3 * k + 1)) for k in degrees]
    factor = float(sampling_factor(degrees, sizes).upper())
    coefficients = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    fine = grid([n * (16 if len(degrees) == 1 else 4) for n in sizes], np.zeros(len(degrees)))
    values = moduli(coefficients, fine)
    start = [x[i] for x, i in zip(fine, np.unravel_index(np.argmax(values), values.shape))]
    ascent = minimize(lambda x: -moduli(coefficients, [[y] for y in x]).item(), np.array(start),
                      method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-13})
    best = max(values.max(), -ascent.fun)
    turned = grid(sizes, rng.uniform(0, 2 * np.pi, len(degrees)))
    assert best <= moduli(coefficients, turned).max() * factor * (1 + 1e-9)
    sizes = [k * int(rng.integers(2, 5)) for k in degrees]          # d_g divides N_g: the maxima miss the grid alike
    mid = np.pi / np.array(sizes)                                   # midway between grid points
    extremal = np.zeros(shape, dtype=complex)
    for corner in itertools.product((0, 1), repeat=len(degrees)):
        index = tuple(c * k for c, k in zip(corner, degrees))
        extremal[index] = np.prod([np.exp(-1j * k * m) if c else 1 for c, k, m in zip(corner, degrees, mid)])
    extremal /= 2 ** len(degrees)
    assert math.isclose(moduli(extremal, [[m] for m in mid]).item(), 1)
    factor = float(sampling_factor(degrees, sizes).upper())
    assert math.isclose(moduli(extremal, grid(sizes, np.zeros(len(degrees)))).max() * factor, 1, rel_tol=1e-9)


def test_the_sampling_factor_needs_more_points_than_the_degree():
    with pytest.raises(InputError, match="sizes"):
        sampling_factor([3, 2], [4, 2])


def test_the_float_grid_with_its_rounding_bound_covers_the_balls():
    """On a grid of the torus the float64 maximum plus the rounding terms of the module docstring is
    at least the maximum of the same polynomial evaluated in acb at the grid points."""
    target = ComplexOscillator(14, *admissible_angle(fmpq(3, 8)), g=fmpq(1, 3))
    theta, rho = _floats(target)
    groups = [_disc(target, r0, r1) + (k,) for (r0, r1), k in zip(CELL, (2, 3, 2))]
    w = _window(target, groups, theta, rho)
    sizes = [5, 7, 6]
    with ctx.workprec(128):
        wq = [acb(float(x.real), float(x.imag)) for x in w]
        indices, real, imag = _ball_table(wq, target.t, groups)
        T = {(r, m): acb(real[r, m], imag[r, m]) for r in range(len(indices)) for m in range(target.t)}
        floats = np.zeros((3, 4, 3, target.t), dtype=complex)
        for r, index in enumerate(indices):
            for m in range(target.t):
                floats[index + (m,)] = complex(float(T[r, m].real.mid()), float(T[r, m].imag.mid()))
        maxima = _grid_maxima(floats, sizes, range(target.t))
        points = [[acb(0, 2 * arb.pi() * a / n).exp() for a in range(n)] for n in sizes]
        for m in (0, 5, target.t - 1):
            exact = arb(0)
            for a in range(sizes[0]):
                for b in range(sizes[1]):
                    for c in range(sizes[2]):
                        total = acb(0)
                        for r, (i, j, k) in enumerate(indices):
                            total += T[r, m] * points[0][a] ** i * points[1][b] ** j * points[2][c] ** k
                        exact = exact.max(abs(total))
            size = sum(abs(floats[..., m]).ravel())
            assert float(exact.upper()) <= maxima[m] * (1 + 2 ** -50) + (7 + 8 * 3 + 8) * 2 ** -48 * size * 1.01
            # and the grid's maximum less the same terms is a lower bound (the stop for hopeless windows)
            assert maxima[m] / (1 + 2 ** -50) - (7 + 8 * 3 + 8) * 2 ** -48 * size <= float(exact.upper())
    # the float table of the programme agrees with the balls
    full = np.zeros(target.t, dtype=complex)
    full[: len(w)] = w
    assert np.allclose(_float_table(full, groups), floats, rtol=1e-9, atol=1e-12)


def _admits(cell, roots) -> bool:
    """Whether the roots can be given to the groups of the cell, ``k`` roots to each group ``(r0, r1, k)``
    inside its interval (a matching, by augmenting paths)."""
    slots = [(r0, r1) for r0, r1, k in cell for _ in range(k)]
    if len(slots) != len(roots):
        return False
    owner = [None] * len(slots)

    def place(i, seen):
        for j, (r0, r1) in enumerate(slots):
            if r0 <= roots[i] <= r1 and j not in seen:
                seen.add(j)
                if owner[j] is None or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return all(place(i, set()) for i in range(len(roots)))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(0, 6), st.integers(0, 2 ** 32 - 1))
def test_the_children_cover_their_cell(total, depth, seed):
    """Down a random path of refinements from the cell of all roots in [-1, 1]: every polynomial of a
    cell (its roots drawn in the cell's groups) is admitted by one of its two children, the children
    keep the degree and at most STUCK_ROWS rows, and each moves roots into narrower intervals."""
    rng = np.random.default_rng(seed)
    cell = ((Fraction(-1), Fraction(1), total),)
    for _ in range(depth):
        children = _children(cell)
        if children is None:
            break
        assert len(children) == 2
        for _ in range(5):
            roots = [Fraction(rng.integers(0, 4096), 4096) * (r1 - r0) + r0 for r0, r1, k in cell for _ in range(k)]
            assert _admits(cell, roots)
            assert any(_admits(child, roots) for child in children)
        for child in children:
            assert sum(k for _, _, k in child) == total
            assert grouped._rows(child) <= grouped.STUCK_ROWS
            assert sum(k * (r1 - r0) for r0, r1, k in child) < sum(k * (r1 - r0) for r0, r1, k in cell)
        cell = children[rng.integers(0, 2)]


def test_a_cell_with_roots_still_to_share_covers_several_splits():
    """t = 45, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/20: with the window of the split of 4
    and 29 roots over [-1, 0] and [0, 1] (which that split fails), the cell of 4 roots in [-1, 0], 9 in
    [0, 1/2], 12 in [1/2, 1] and 8 anywhere in [0, 1] -- the nine splits of [0, 1] with 9 to 17 roots in
    [0, 1/2] -- is certified by one bound."""
    target, eps = ComplexOscillator(45, *admissible_angle(fmpq(15, 32))), fmpq(1, 20)
    half = Fraction(1, 2)
    parent = [_disc(target, Fraction(-1), Fraction(0)) + (4,), _disc(target, Fraction(0), Fraction(1)) + (29,)]
    w = _window(target, parent, *_floats(target))
    assert not cell_margin(target, eps, parent, w) > 0
    cell = ((Fraction(-1), Fraction(0), 4), (Fraction(0), half, 9), (half, Fraction(1), 12), (Fraction(0), Fraction(1), 8))
    groups = [_disc(target, r0, r1) + (k,) for r0, r1, k in cell]
    assert cell_margin(target, eps, groups, w, grids=False) > 0
    assert all(_admits(cell, [Fraction(-1, 2)] * 4 + [Fraction(1, 4)] * j + [Fraction(3, 4)] * (29 - j))
               for j in range(9, 18))


def test_refinement_reaches_beyond_two_groups(monkeypatch):
    """t = 18, arg A = pi/2, eps = 1/4: two groups do not certify degree 13, the refined cells do
    (every stable real SSM within 1/4 has >= 14 states)."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(1, 2))), fmpq(1, 4)
    assert grouped_degree_certified(target, eps, 13)[0]
    monkeypatch.setattr(grouped, "_children", lambda cell: None)
    assert not grouped_degree_certified(target, eps, 13)[0]


def test_the_windows_at_hand_save_programmes(monkeypatch):
    """t = 18, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4, d = 12: trying the windows of the
    cells certified last before a programme of a cell's own certifies the same degree with fewer
    programmes."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    counts = {}
    for recent in (0, 2):
        monkeypatch.setattr(grouped, "RECENT", recent)
        calls = []
        monkeypatch.setattr(grouped, "_window", lambda *args: calls.append(1) or _window(*args))
        counts[recent] = (grouped_degree_certified(target, eps, 12)[0], len(calls))
    assert counts[0][0] and counts[2][0]
    assert counts[2][1] < counts[0][1]


def test_row_generation_starts_from_rows_of_every_entry():
    """t = 45, arg A = pi/2, eps = 1/20, the split of 4 and 29 roots over [-1, 0] and [0, 1]: a first
    stride that met one entry only gave tau = 0, a useless window and a margin of -1.07; from rows
    that meet every entry the split's own window certifies it."""
    target = ComplexOscillator(45, *admissible_angle(fmpq(1, 2)))
    groups = [_disc(target, Fraction(-1), Fraction(0)) + (4,), _disc(target, Fraction(0), Fraction(1)) + (29,)]
    assert cell_margin(target, fmpq(1, 20), groups, _window(target, groups, *_floats(target))) > 0


def test_two_groups_reach_beyond_one():
    """t = 18, arg A = asin 0.2 + 15/32 (pi - 2 asin 0.2), eps = 1/4: one group does not certify
    degree 12, two groups do (every stable real SSM within 1/4 has >= 13 states)."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    assert not degree_certified(target, eps, 12)[0]
    assert grouped_degree_certified(target, eps, 12)[0]


def test_the_grids_save_programmes_where_the_triangle_bound_fails(monkeypatch):
    """The same instance, degree 13: the triangle bound alone certifies it, and the grids, where it
    fails, save programmes and bounds."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    counts = {}
    for losses in (grouped.LOSSES, ()):
        monkeypatch.setattr(grouped, "LOSSES", losses)
        programmes, bounds = [], []
        monkeypatch.setattr(grouped, "_window", lambda *args: programmes.append(1) or _window(*args))
        monkeypatch.setattr(grouped, "cell_margin", lambda *args, **kw: bounds.append(1) or cell_margin(*args, **kw))
        counts[len(losses)] = (grouped_degree_certified(target, eps, 13)[0], len(programmes), len(bounds))
    assert counts[0][0] and counts[3][0]
    assert counts[3][1] < counts[0][1] and counts[3][2] < counts[0][2]


def test_the_table_doubles_carry_their_error():
    """``_doubles``: the doubles' certified error covers ``sum_i |T[i, m] - T~[i, m]|`` and the size covers
    ``sum_i |T~[i, m]|``; at 40 bits the balls are too wide and None is returned."""
    target = ComplexOscillator(20, *admissible_angle(fmpq(3, 8)), g=fmpq(1, 3))
    groups = [_disc(target, r0, r1) + (k,) for (r0, r1), k in zip(CELL, (3, 4, 3))]
    w = _window(target, groups, *_floats(target))
    wq = [acb(float(x.real), float(x.imag)) for x in w]
    with ctx.workprec(128):
        _, real, imag = _ball_table(wq, target.t, groups)
        near, error, size = grouped._doubles(real, imag, target.t)
        for m in (0, 7, target.t - 1):
            gap = sum((abs(acb(real[r, m], imag[r, m]) - acb(near[r, m].real, near[r, m].imag))
                       for r in range(real.nrows())), arb(0))
            assert gap.upper() <= error[m].upper()
            assert float(sum(abs(near[:, m]))) <= float(size[m].lower()) * (1 + 1e-12)
    with ctx.workprec(40):
        _, real, imag = _ball_table(wq, target.t, groups)
        assert grouped._doubles(real, imag, target.t) is None


def test_too_wide_tables_are_escalated_then_refused(monkeypatch):
    """A float64 table whose error is too large (tolerance 0 here) gives way to balls at TABLE_PREC: a margin
    at least the float one's and within its error; balls too wide at TABLE_PREC are recomputed at PREC (the
    same certificate); too wide at both, the cell is refused with an error, not decided."""
    target, eps = ComplexOscillator(20, *admissible_angle(fmpq(3, 8)), g=fmpq(1, 3)), fmpq(1, 4)
    groups = [_disc(target, r0, r1) + (k,) for (r0, r1), k in zip(CELL, (3, 4, 3))]
    w = _window(target, groups, *_floats(target))
    floats = cell_margin(target, eps, groups, w)
    monkeypatch.setattr(grouped, "FLOAT_TABLE_TOLERANCE", 0.0)
    before = cell_margin(target, eps, groups, w)
    assert float(floats.mid()) <= float(before.mid()) + 1e-12
    assert float(before.mid()) - float(floats.mid()) < 1e-6 * abs(float(before.mid()))
    monkeypatch.setattr(grouped, "TABLE_PREC", 40)
    after = cell_margin(target, eps, groups, w)
    assert after.overlaps(before) and abs(float(after.mid()) - float(before.mid())) < 1e-9
    monkeypatch.setattr(grouped, "PREC", 40)
    with pytest.raises(ArithmeticError, match="precision lost"):
        cell_margin(target, eps, groups, w)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), degrees=st.lists(st.integers(1, 5), min_size=1, max_size=3))
def test_the_float_table_carries_its_error(seed, degrees):
    """``_shift_table``: the float64 table in the shift basis with its certified error covers the table
    computed in balls at 256 bits (any discs, any window), and its size covers ``sum_i |T~[i, m]|``."""
    rng = np.random.default_rng(seed)
    t = sum(degrees) + 6
    groups = [(complex(*rng.normal(size=2)), float(rng.uniform(0.05, 1.0)), k) for k in degrees]
    w = rng.normal(size=t - sum(degrees)) + 1j * rng.normal(size=t - sum(degrees))
    indices, (near, error, size) = grouped._shift_table(w, t, groups)
    with ctx.workprec(256):
        balls, real, imag = _ball_table([acb(float(x.real), float(x.imag)) for x in w], t, groups)
        row = {index: r for r, index in enumerate(balls)}
        for m in range(t):
            gap = sum((abs(acb(real[row[index], m], imag[row[index], m]) - acb(near[i, m].real, near[i, m].imag))
                       for i, index in enumerate(indices)), arb(0))
            assert gap.upper() <= error[m].upper()
            assert float(sum(abs(near[:, m]))) <= float(size[m].lower()) * (1 + 1e-12)


def test_the_float_table_serves_a_cell_of_degree_33(monkeypatch):
    """At t = 45 the float64 table's certified error is a small fraction of the entries (the cancellation
    is mild in the shift basis), so the balls are not needed, and the margin agrees with theirs."""
    target, eps = ComplexOscillator(45, *admissible_angle(fmpq(15, 32))), fmpq(1, 20)
    groups = [_disc(target, Fraction(-1), Fraction(0)) + (4,), _disc(target, Fraction(0), HALF) + (12,),
              _disc(target, HALF, Fraction(1)) + (17,)]
    w = _window(target, groups, *_floats(target))
    _, (_, error, size) = grouped._shift_table(w, target.t, groups)
    assert max(float(e.upper()) for e in error) <= 1e-5 * max(float(x.lower()) for x in size)
    calls = []
    monkeypatch.setattr(grouped, "_ball_table", lambda *args: calls.append(1) or _ball_table(*args))
    floats = cell_margin(target, eps, groups, w)
    assert not calls
    monkeypatch.setattr(grouped, "FLOAT_TABLE_TOLERANCE", 0.0)
    balls = cell_margin(target, eps, groups, w)
    assert calls
    assert float(floats.mid()) <= float(balls.mid()) + 1e-12
    assert float(balls.mid()) - float(floats.mid()) < 1e-4 * abs(float(balls.mid())) + 1e-9


def test_the_bracket_closes_with_both_new_ends():
    """The same instance in dimension_bracket: one group and one tight cluster give [12, 15]; spread
    clusters and the cells give [14, 14], the minimal dimension of stable real SSMs."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(15, 32))), fmpq(1, 4)
    before = dimension_bracket(target, eps, search=False, cluster_seconds=30, carrier=True)
    after = dimension_bracket(target, eps, search=False, cluster_seconds=30, spread_seconds=30, carrier=True,
                              grouped_seconds=60)
    assert (before.lower, before.upper) == (12, 15)
    assert (after.lower, after.upper) == (14, 14)
    assert "roots in cells" in after.lower_how and "spread cluster" in after.upper_how
    assert [d[:2] for d in after.grouped.degrees] == [(12, True), (13, True)]


def test_the_lower_end_never_exceeds_a_verified_stable_ssm():
    """A verified stable real SSM (spread cluster) with n states and error e: at eps = e the bound,
    started from one group's lower end, stays <= n."""
    target = ComplexOscillator(18, *admissible_angle(fmpq(15, 32)))
    found = spread_search(target, fmpq(1, 4), low=13, high=15)
    assert found.witness is not None and found.witness.stable
    n, eps = found.witness.n, found.error
    start = carrier_bound(target, eps, 1, n).lower
    bound = grouped_bound(target, eps, start, target.t - 1, max_seconds=60)
    assert bound.lower <= n
    assert bound.degrees and not bound.degrees[-1][1]        # it stopped at a degree it could not certify


def test_bad_input_names_the_argument():
    target = ComplexOscillator(12, *admissible_angle(fmpq(0)))
    with pytest.raises(InputError, match="target"):
        grouped_degree_certified([1, 0, -1], fmpq(1, 10), 1)
    with pytest.raises(InputError, match="d:"):
        grouped_degree_certified(target, fmpq(1, 10), 0)
    with pytest.raises(InputError, match="max_seconds"):
        grouped_bound(target, fmpq(1, 10), 1, 5, max_seconds=0)
    with pytest.raises(InputError, match="start"):
        grouped_bound(target, fmpq(1, 10), -1, 5, max_seconds=1)


def test_the_mirror_is_read_from_the_exact_angle():
    """Only a purely imaginary A (theta = pi/2 mod pi, q = 0) counts as mirror symmetric."""
    assert grouped._mirror_symmetric(ComplexOscillator(18, *admissible_angle(fmpq(1, 2))))
    assert grouped._mirror_symmetric(ComplexOscillator(18, fmpq(3, 2), fmpq(0)))
    for s in (fmpq(0), fmpq(1, 4), fmpq(15, 32), fmpq(1)):
        assert not grouped._mirror_symmetric(ComplexOscillator(18, *admissible_angle(s)))
    assert not grouped._mirror_symmetric(ComplexOscillator(18, fmpq(1), fmpq(0)))


def test_a_cells_margin_does_not_depend_on_the_phase():
    """The premise of the mirror: the margin of a cell with a window is the same ball for every arg(B C)."""
    cell = ((Fraction(-1), Fraction(0), 3), (Fraction(0), HALF, 4), (HALF, Fraction(1), 5))
    targets = [ComplexOscillator(18, *admissible_angle(fmpq(1, 2)), g=g) for g in (fmpq(0), fmpq(1, 3), fmpq(-7, 8))]
    groups = [_disc(targets[0], r0, r1) + (k,) for r0, r1, k in cell]
    w = _window(targets[0], groups, *_floats(targets[0]))
    margins = [cell_margin(target, fmpq(1, 4), groups, w) for target in targets]
    assert all(m.mid() == margins[0].mid() and m.rad() == margins[0].rad() for m in margins)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(-64, 64), st.integers(-50, 50)), min_size=1, max_size=4),
       st.sampled_from([fmpq(0), fmpq(1, 3), fmpq(1, 5)]))
def test_negated_poles_are_as_far_from_the_mirrored_target(poles, g):
    """The other premise, on explicit stable real SSMs: at arg A = pi/2 the SSM of poles -a_j is as far
    (l1, up to time t) from the target of phase -g as the SSM of poles a_j is from the target of phase g;
    at arg A = asin 0.2 + (pi - 2 asin 0.2) / 4 not so for one pole (the symmetry needs a purely imaginary A)."""
    t = 14

    def distance(ssm, s, sign, phase):
        phi = ComplexOscillator(t, *admissible_angle(s), g=phase).values(128)
        h = [sum((fmpq(w, 7) * (sign * fmpq(a, 64)) ** k for a, w in ssm), fmpq(0)) for k in range(t)]
        return sum((abs(x - y) for x, y in zip(h, phi)), arb(0))

    assert distance(poles, fmpq(1, 2), 1, g).overlaps(distance(poles, fmpq(1, 2), -1, -g))
    one = [(48, 21)]                                    # one pole a = 3/4, weight 3
    assert not distance(one, fmpq(1, 4), 1, fmpq(1, 3)).overlaps(distance(one, fmpq(1, 4), -1, -fmpq(1, 3)))


def test_the_mirror_halves_the_splits_and_keeps_the_verdict(monkeypatch):
    """t = 18, arg A = pi/2, eps = 1/4, d = 13: certified with and without the mirror, with fewer cells
    decided with it."""
    target, eps = ComplexOscillator(18, *admissible_angle(fmpq(1, 2))), fmpq(1, 4)
    outcomes = []
    for mirrored in (True, False):
        monkeypatch.setattr(grouped, "_mirror_symmetric", lambda target, value=mirrored: value)
        calls = []
        monkeypatch.setattr(grouped, "cell_margin", lambda *args, **kw: calls.append(1) or cell_margin(*args, **kw))
        outcomes.append((grouped_degree_certified(target, eps, 13)[0], len(calls)))
    assert outcomes[0][0] and outcomes[1][0]
    assert outcomes[0][1] < outcomes[1][1]


def test_a_cell_stuck_at_max_rows_is_refined_into_larger_cells(monkeypatch):
    """The cell where t = 45, arg A = pi/2, eps = 1/4, d = 32 used to stop with MAX_ROWS = 8000: every
    group's children exceed MAX_ROWS, so children of up to STUCK_ROWS rows are made (and none without that
    allowance); a cell with small children keeps them within MAX_ROWS."""
    monkeypatch.setattr(grouped, "MAX_ROWS", 8000)
    cell = ((Fraction(-1), Fraction(0), 7), (Fraction(-1, 2), Fraction(0), 8), (Fraction(0), HALF, 15),
            (Fraction(7, 8), Fraction(1), 2))
    children = _children(cell)
    assert children is not None
    assert grouped.MAX_ROWS < max(grouped._rows(child) for child in children) <= grouped.STUCK_ROWS
    small = _children(((Fraction(-1), Fraction(0), 3), (Fraction(0), Fraction(1), 9)))
    assert small is not None and all(grouped._rows(child) <= grouped.MAX_ROWS for child in small)
    monkeypatch.setattr(grouped, "STUCK_ROWS", grouped.MAX_ROWS)
    assert _children(cell) is None


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), degrees=st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_the_programme_rows_on_demand_are_the_whole_matrix(seed, degrees):
    """``_TableRows`` (the programme's rows from the table, never the whole matrix) gives the rows and the
    products of the matrix formed whole as the grid's values of every coefficient's table, and its column
    scale bounds each column's largest modulus."""
    rng = np.random.default_rng(seed)
    t, nb = sum(degrees) + 5, 4
    groups = [(complex(*rng.normal(size=2)), float(rng.uniform(0.05, 1.0)), k) for k in degrees]
    table = _float_table(rng.normal(size=(t, nb)) + 1j * rng.normal(size=(t, nb)), groups)
    grids = [grouped._grid(k + 4, k) for k in degrees]
    whole = table
    for g, grid in enumerate(grids):
        whole = np.moveaxis(np.tensordot(grid, whole, axes=(1, g)), 0, g)
    whole = whole.reshape(-1, nb)                          # row (point, entry), point by point
    source = grouped._TableRows(table, grids)
    assert source.count == len(whole)
    index = rng.choice(len(whole), size=min(len(whole), 50), replace=False)
    assert np.allclose(source.rows(index), whole[index], rtol=1e-12, atol=1e-12 * np.abs(whole).max())
    x = rng.normal(size=nb) + 1j * rng.normal(size=nb)
    assert np.allclose(source.products(x), whole @ x, rtol=1e-12, atol=1e-12 * np.abs(whole @ x).max())
    assert np.all(source.scale() >= np.abs(whole).max(axis=0) * (1 - 1e-12))


@pytest.mark.parametrize("counts", [(3, 4, 3), (0, 6, 4), (2, 0, 8)])
def test_the_screen_never_rejects_a_window_the_certificate_accepts(counts):
    """``_screened`` estimates the margin from above (``|q_m(u)| <= K'_m`` at each screened point u), for
    the triangle bound and for the grids: a window whose estimate is negative cannot certify the cell."""
    target = ComplexOscillator(20, *admissible_angle(fmpq(3, 8)), g=fmpq(1, 3))
    groups = [_disc(target, r0, r1) + (k,) for (r0, r1), k in zip(CELL, counts) if k]
    rng = np.random.default_rng(sum(counts))
    windows = [_window(target, groups, *_floats(target))] + \
        [rng.normal(size=20 - 10) + 1j * rng.normal(size=20 - 10) for _ in range(4)]
    for eps in (fmpq(1, 100), fmpq(1, 20), fmpq(1, 4)):
        for w in windows:
            estimate = grouped._screened(target, float(eps), groups, w, *_floats(target))
            for grids in (False, True):
                assert float(cell_margin(target, eps, groups, w, grids=grids).mid()) <= estimate + 1e-12
    # the screen is informative: at large eps it rejects the random windows
    assert any(grouped._screened(target, 0.25, groups, w, *_floats(target)) < 0 for w in windows[1:])
