"""Where ssmcheck writes its outputs, and how: atomically, so nothing half-written is left.

Outputs go below ``out/`` in the working directory (or ``$SSMCHECK_OUT``): the verification
reports ``out/verify.json`` and ``out/verify.md``, and the figures in ``out/figures/``.

:func:`write_files_atomically` writes a group of files (a report's JSON and Markdown, a figure's
PDF, PNG and CSV) to temporary files in the destination folders first and renames them into
place only when all were written; on any error the temporaries are removed and no destination
file is touched.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


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
