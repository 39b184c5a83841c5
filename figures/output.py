"""Writing a figure: PDF, PNG and the CSV of the plotted data, all or nothing."""
from __future__ import annotations

import csv
from pathlib import Path

from numerics.outputs import write_files_atomically


def save_figure(figure, rows: list[dict], out_dir: Path, name: str) -> list[Path]:
    """Write ``name.pdf``, ``name.png`` and ``name.csv`` (``rows``) in ``out_dir`` atomically, then close
    ``figure`` (also when writing fails)."""
    from matplotlib import pyplot as plt
    try:
        return _write_figure(figure, rows, Path(out_dir), name)
    finally:
        plt.close(figure)


def _write_figure(figure, rows: list[dict], out_dir: Path, name: str) -> list[Path]:
    if not rows:
        raise ValueError(f"{name}: no data rows to write")
    columns = list(rows[0])

    def write_csv(path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)

    paths = {out_dir / f"{name}.pdf": lambda p: figure.savefig(p, format="pdf"),
             out_dir / f"{name}.png": lambda p: figure.savefig(p, format="png", dpi=150),
             out_dir / f"{name}.csv": write_csv}
    write_files_atomically(paths)
    return list(paths)
