"""figures.minimal_real_dimension: brackets monotone in eps, the repaired bound, the CSV is what is drawn."""
import csv
import math

from flint import fmpq

from figures import minimal_real_dimension as figure
from numerics.ssm.complex_target import admissible_angle


def test_repaired_bound_uses_the_balancing_number_of_the_double_angle():
    assert figure.repaired_bound(18, fmpq(0), fmpq(1, 4), fmpq(0)) == (4, 3.0)     # beta(i) = 4: floor(9/4) + 1
    assert figure.repaired_bound(18, fmpq(1, 4), fmpq(1, 4), fmpq(0)) == (4, 1.0)
    beta, bound = figure.repaired_bound(18, fmpq(0), fmpq(1, 2), fmpq(0))           # A^2 real: no bound
    assert beta is None and math.isnan(bound)


def test_brackets_are_monotone_in_eps_and_exact_at_eps_zero():
    brackets = figure._brackets(9, *admissible_angle(fmpq(1, 4)), "quick")
    assert brackets[0][:2] == (8, 8)                 # eps = 0: t - 1, exactly
    for (lo_small, hi_small, *_), (lo_large, hi_large, *_) in zip(brackets, brackets[1:]):
        assert lo_small >= lo_large and hi_small >= hi_large
    assert all(lo <= hi for lo, hi, *_ in brackets)


def test_csv_is_what_is_drawn(tmp_path, monkeypatch):
    monkeypatch.setitem(figure.TIMES, "quick", (9,))
    monkeypatch.setitem(figure.POSITIONS, "quick", (fmpq(0), fmpq(1, 2)))
    monkeypatch.setitem(figure.ANGLE_T, "quick", 9)
    cheaper = {key: value for key, value in figure.BRACKET["quick"].items() if key != "spread_seconds"}
    monkeypatch.setitem(figure.BRACKET, "quick", cheaper)          # the spread clusters cost 15 s here
    rows = figure.compute("quick")
    assert len(rows) == (len(figure.ANGLES) + 2) * len(figure.EPSILONS)
    paths = figure.draw(rows, tmp_path)
    assert {p.suffix for p in paths} == {".pdf", ".png", ".csv"}
    with (tmp_path / f"{figure.NAME}.csv").open() as handle:
        read = list(csv.DictReader(handle))
    assert [int(r["n_lo_certified"]) for r in read] == [r["n_lo_certified"] for r in rows]
    assert [int(r["n_hi_verified"]) for r in read] == [r["n_hi_verified"] for r in rows]
    assert all(r["n_lo_certified"] <= r["n_hi_verified"] for r in rows)
