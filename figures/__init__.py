"""Tables and figures of the papers, regenerated from computation: ``python -m figures``.

Each figure module exposes ``compute(...) -> data`` and ``draw(data, out_dir)``; ``draw`` writes
the figure as PDF and PNG and, beside them, the CSV of exactly what was plotted, atomically.
"""
import matplotlib

matplotlib.use("Agg")
