"""figures.output.save_figure: PDF, PNG and CSV written together, and the figure closed."""
import csv

import matplotlib.pyplot as plt
import pytest

import figures  # noqa: F401  (selects the Agg backend)
from figures.output import save_figure


def test_writes_the_three_files_and_closes_the_figure(tmp_path):
    figure, axis = plt.subplots()
    axis.plot([0, 1], [1, 2])
    paths = save_figure(figure, [{"x": 0, "y": 1}, {"x": 1, "y": 2}], tmp_path, "line")
    assert sorted(p.name for p in paths) == ["line.csv", "line.pdf", "line.png"]
    with (tmp_path / "line.csv").open() as handle:
        assert [row["y"] for row in csv.DictReader(handle)] == ["1", "2"]
    assert not plt.fignum_exists(figure.number)


def test_a_failed_write_leaves_nothing_and_still_closes_the_figure(tmp_path):
    figure, _ = plt.subplots()
    with pytest.raises(ValueError, match="no data rows"):
        save_figure(figure, [], tmp_path, "empty")
    assert not plt.fignum_exists(figure.number) and list(tmp_path.iterdir()) == []
