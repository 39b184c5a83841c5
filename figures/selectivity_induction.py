"""Section 4.3 of Ran-Milo et al. 2024: S6-Real against S6-Complex (Mamba) on the induction-head task.

As :mod:`figures.selectivity_copy`, on ``tier_configs(tier, "compare", task="induction")``: the
official induction head (second copy token at the official position, loss on the last ``h``
positions).  The paper's printed ranges over three seeds at its scale (h = 128, up to 250 000
steps): S6-Real 97.35-98.3 %, S6-Complex 93.93-97.64 %.  Tiers: ``quick`` h = 4, 400 steps;
``full`` h = 8, 4000 steps; ``paper`` the official configuration.  The CSV as in
:mod:`figures.selectivity_copy`.
"""
from __future__ import annotations

from pathlib import Path

from .selectivity_copy import compute_task, draw_task

NAME = "selectivity_induction"
TASK = "induction"
#: The paper's printed ranges over three seeds (Section 4.3): field -> (what, lowest, highest).
PAPER = {"real": ("range of 3 seeds", 0.9735, 0.983), "complex": ("range of 3 seeds", 0.9393, 0.9764)}
PAPER_SCALE = "h = 128, up to 250 000 steps"


def compute(tier: str = "quick", device: str = "cpu", workers: int = 2) -> dict:
    """The comparison on the induction head at ``tier`` (module docstring)."""
    return compute_task(TASK, PAPER, PAPER_SCALE, tier, device, workers)


def draw(data: dict, out_dir: Path) -> list[Path]:
    return draw_task(data, out_dir, NAME)
