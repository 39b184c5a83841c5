"""figures.theorem1_large_t: the float64 cluster estimate is bracketed by the certified lower end and is
minimal among its proposals; the CSV is what is drawn."""
import csv

import numpy as np
from flint import fmpq

from figures import theorem1_large_t as figure
from numerics.realfit.cluster import polynomial_proposal


def test_the_estimate_is_the_fewest_states_within_eps():
    t, eps = 90, fmpq(1, 4)
    k = np.arange(t)
    phi = 0.5 ** (k / t) * np.cos(k * np.arcsin(0.2))
    n, alpha, error = figure.cluster_estimate(phi, t, eps, 6)
    assert error <= 0.25 and n >= 6
    one_less = min(polynomial_proposal(phi, n - 1, 0.5 ** (float(a) / t))[1] for a in figure.ALPHAS)
    assert one_less > 0.25


def test_csv_is_what_is_drawn(tmp_path, monkeypatch):
    monkeypatch.setitem(figure.TIMES, "quick", (90, 180))
    rows = figure.compute("quick")
    assert [r["t"] for r in rows] == [90, 180] and all(r["verified_n"] == "" for r in rows)
    assert all(r["sign_change_lower_certified"] <= r["cluster_n_float64"] for r in rows)
    assert abs(rows[0]["printed_bound"] - (90 // 9 - 1 - 4 * 249 / 500)) < 1e-12
    paths = figure.draw(rows, tmp_path)
    assert {p.suffix for p in paths} == {".pdf", ".png", ".csv"}
    with (tmp_path / f"{figure.NAME}.csv").open() as handle:
        read = list(csv.DictReader(handle))
    assert [int(r["cluster_n_float64"]) for r in read] == [r["cluster_n_float64"] for r in rows]
