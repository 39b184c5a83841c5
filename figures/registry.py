"""The registry of figures: name -> module with ``compute(tier)`` and ``draw(data, out_dir)``."""
from __future__ import annotations

import importlib

#: Figure name -> module path.  Each module documents what it plots and how it was computed.
FIGURES = {
    "construction_sizes": "figures.construction_sizes",
    "theorem2_tightness": "figures.theorem2_tightness",
    "theorem1_dimension": "figures.theorem1_dimension",
    "table1": "figures.table1",
    "table2": "figures.table2",
    "training_curves": "figures.training_curves",
    "cirone_figure1": "figures.cirone_figure1",
    "cirone_rmse_vs_n": "figures.cirone_rmse_vs_n",
    "selectivity_copy": "figures.selectivity_copy",
    "selectivity_induction": "figures.selectivity_induction",
    "selectivity_table3": "figures.selectivity_table3",
    "scifar_real_vs_complex": "figures.scifar_real_vs_complex",
    "trained_kernels_real_cost": "figures.trained_kernels_real_cost",
    "cirone_a5": "figures.cirone_a5",
    "minimal_real_dimension": "figures.minimal_real_dimension",
    "dimension_magnitude_frontier": "figures.dimension_magnitude_frontier",
    "theorem1_large_t": "figures.theorem1_large_t",
}


def get(name: str):
    """The figure module called ``name``; an unknown name raises ``KeyError`` naming it."""
    try:
        return importlib.import_module(FIGURES[name])
    except KeyError:
        raise KeyError(f"unknown figure {name!r}; `python -m figures --list` lists them") from None


def names() -> list[str]:
    return sorted(FIGURES)
