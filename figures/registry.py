"""The registry of figures: name -> module with ``compute(tier)`` and ``draw(data, out_dir)``."""
from __future__ import annotations

import importlib

#: Figure name -> module path.  Each module documents what it plots and how it was computed.
FIGURES = {
    "construction_sizes": "figures.construction_sizes",
    "theorem2_tightness": "figures.theorem2_tightness",
}


def get(name: str):
    """The figure module called ``name``; an unknown name raises ``KeyError`` naming it."""
    try:
        return importlib.import_module(FIGURES[name])
    except KeyError:
        raise KeyError(f"unknown figure {name!r}; `python -m figures --list` lists them") from None


def names() -> list[str]:
    return sorted(FIGURES)
