"""Where ssmcheck writes its outputs, and how: atomically, so nothing half-written is left.

Outputs go below ``out/`` in the working directory (or ``$SSMCHECK_OUT``): the verification
reports ``out/verify.json`` and ``out/verify.md``, and the figures in ``out/figures/``.

:func:`write_files_atomically` writes a group of files (a report's JSON and Markdown, a figure's
PDF, PNG and CSV) to temporary files in the destination folders first and renames them into
place only when all were written; on any error the temporaries are removed and no destination
file is touched.  :func:`write_record` / :func:`read_record` store a run (a training run, a trained
model's curves) as ``stem.npz`` beside ``stem.json``, the JSON written last.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np


def out_dir() -> Path:
    """The root folder of the outputs: ``$SSMCHECK_OUT`` or ``./out``."""
    return Path(os.environ.get("SSMCHECK_OUT", "out"))


def default_report_paths() -> tuple[Path, Path]:
    """(JSON, Markdown) paths of the report of ``python -m verify``."""
    return out_dir() / "verify.json", out_dir() / "verify.md"


def write_files_atomically(writers: dict[Path, Callable[[Path], None]]) -> None:
    """Write each ``path`` by calling ``writer(temporary_path)``, then rename all into place.

    Either every file is replaced by its new version or (on an exception, which propagates)
    none is.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, writer in writers.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp" + path.suffix,
                                                 dir=path.parent)
            os.close(handle)
            staged.append((Path(temporary), path))
            writer(Path(temporary))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)


def text_writer(text: str) -> Callable[[Path], None]:
    """A writer for :func:`write_files_atomically` that writes ``text`` (UTF-8)."""
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")
    return write


def write_record(stem, arrays: dict[str, np.ndarray], summary: dict) -> tuple[Path, Path]:
    """Write a run's record: ``stem.npz`` (its arrays) and ``stem.json`` (its summary), each
    atomically and the JSON last, so that a record with a JSON is complete."""
    stem = Path(stem)
    npz, meta = stem.with_suffix(".npz"), stem.with_suffix(".json")
    text = json.dumps(summary, indent=1, sort_keys=True)

    def write_npz(path: Path) -> None:
        with open(path, "wb") as handle:
            np.savez(handle, **arrays)

    write_files_atomically({npz: write_npz})
    write_files_atomically({meta: text_writer(text)})
    return npz, meta


def read_record(stem) -> tuple[dict, dict[str, np.ndarray]]:
    """The summary and the arrays of a record written by :func:`write_record`."""
    stem = Path(stem)
    summary = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    with np.load(stem.with_suffix(".npz")) as data:
        arrays = {k: data[k] for k in data.files}
    return summary, arrays

