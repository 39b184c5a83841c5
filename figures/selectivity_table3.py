"""Table 3 of Ran-Milo et al. 2024 (Section 4.3): which selective parameters let S6-Real keep up with S6-Complex.

The runs of ``tier_configs(tier, "table3")`` (:mod:`numerics.nets.selectivity`): ``{B, C, Delta}``
selective in ``{F, T}^3`` x {S6-Real, S6-Complex} x seeds, on the induction head (the official
code's ablation example, ``train_selectivity.py --config induction.yaml --ablation``; ``task="copy"``
runs it on copy).  For each setting the table shows the highest and the lowest accuracy over the
seeds of each field, and whether real compares favourably (its highest reaches complex's lowest).
The paper's table body is not available; its text says that real compares favourably only when B
and C are both selective, and prints, for the fully selective models on the induction head, real
97.35-98.3 % and complex 93.93-97.64 % (h = 128, 250 000 steps): the last column carries that.

Written: ``selectivity_table3.md`` (the table), ``selectivity_table3.tex`` (a LaTeX tabular of it) and
``selectivity_table3.csv`` -- one row per run, columns ``field, selective_B, selective_C,
selective_delta, seed, task, accuracy, steps``.  Tiers: ``quick`` (h = 4, 400 steps, one seed),
``full`` (h = 8, 4000 steps, three seeds), ``paper`` (h = 128, 250 000 steps; GPU).
"""
from __future__ import annotations

import csv
from pathlib import Path

from numerics.errors import InputError
from numerics.nets.selectivity import FIELDS, TABLE3_TASK, run_study, tier_configs
from numerics.outputs import text_writer, write_files_atomically

from .selectivity_copy import scale_note

NAME = "selectivity_table3"
CSV_COLUMNS = ("field", "selective_B", "selective_C", "selective_delta", "seed", "task", "accuracy", "steps")
SETTINGS = [(b, c, d) for b in (False, True) for c in (False, True) for d in (False, True)]
#: What the paper prints for the fully selective models (Section 4.3 text), per task.
PAPER_FULLY_SELECTIVE = {"induction": "real 97.35-98.3%, complex 93.93-97.64%",
                         "copy": "real best 80.17%, complex worst 93.05%"}


def compute(tier: str = "quick", device: str = "cpu", task: str | None = None, workers: int = 2) -> dict:
    """Train (or read from the cache) the ablation at ``tier``; one record per run and the tier's scale."""
    task = TABLE3_TASK if task is None else task
    results = run_study(tier_configs(tier, "table3", task=task, device=device), workers=workers)
    runs = [{"field": r.config.field, "selective_B": r.config.selective_B, "selective_C": r.config.selective_C,
             "selective_delta": r.config.selective_delta, "seed": r.config.seed, "task": r.config.task,
             "accuracy": r.accuracy, "steps": r.steps} for r in results]
    return {"tier": tier, "task": task, "scale": scale_note(task, tier), "runs": runs, "obtained": results[0].obtained}


def summary(runs: list[dict]) -> list[dict]:
    """Per setting: highest and lowest accuracy of each field, and whether real compares favourably."""
    rows = []
    for setting in SETTINGS:
        row = {"selective_B": setting[0], "selective_C": setting[1], "selective_delta": setting[2]}
        for field in FIELDS:
            values = [r["accuracy"] for r in runs if r["field"] == field and
                      (r["selective_B"], r["selective_C"], r["selective_delta"]) == setting]
            if not values:
                raise InputError(f"runs: no {field} run for the setting {setting}")
            row[f"{field}_highest"], row[f"{field}_lowest"] = max(values), min(values)
        row["real_favourable"] = row["real_highest"] >= row["complex_lowest"]
        rows.append(row)
    return rows


def _mark(flag: bool) -> str:
    return "T" if flag else "F"


def draw(data: dict, out_dir: Path) -> list[Path]:
    """Write the Markdown and LaTeX tables and the per-run CSV atomically."""
    out_dir = Path(out_dir)
    rows = summary(data["runs"])
    paper_all = PAPER_FULLY_SELECTIVE.get(data["task"], "")
    headers = ["B", "C", "Δ", "real highest", "real lowest", "complex highest", "complex lowest",
               "real favourable (ours)", "paper (text)"]
    cells = []
    for row in rows:
        expected = "favourable" if row["selective_B"] and row["selective_C"] else "not favourable"
        paper = expected + ("; " + paper_all if all((row["selective_B"], row["selective_C"],
                                                      row["selective_delta"])) else "")
        cells.append([_mark(row["selective_B"]), _mark(row["selective_C"]), _mark(row["selective_delta"]),
                      *(f"{100 * row[f'{f}_{which}']:.2f}%" for f in FIELDS for which in ("highest", "lowest")),
                      "yes" if row["real_favourable"] else "no", paper])
    seeds = sorted({r["seed"] for r in data["runs"]})
    notes = [f"{data['task']} task, {data['scale']}; seeds {seeds}; accuracy: 0/1 over the scored positions of "
             f"1000 fresh examples",
             "real favourable: real's highest accuracy >= complex's lowest over the seeds",
             "paper: its text (the table body is not available): real compares favourably only when B and C are "
             "both selective",
             "obtained: " + data["obtained"]]
    title = "Table 3 (selectivity ablation, Ran-Milo et al. 2024): S6-Real vs S6-Complex"
    markdown = [f"## {title}", ""] + [f"- {note}" for note in notes] + [""]
    markdown += ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    markdown += ["| " + " | ".join(line) + " |" for line in cells]

    def escape(text: str) -> str:
        return text.replace("%", "\\%").replace("_", "\\_").replace("&", "\\&")

    latex = ["% " + title, "% " + " ".join(notes), "\\begin{tabular}{lll" + "r" * 4 + "ll}", "\\hline",
             " & ".join(["B", "C", "$\\Delta$", *headers[3:]]) + " \\\\", "\\hline"]
    latex += [" & ".join(escape(c) for c in line) + " \\\\" for line in cells]
    latex += ["\\hline", "\\end{tabular}"]

    def write_csv(path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows({key: run[key] for key in CSV_COLUMNS} for run in data["runs"])

    paths = {out_dir / f"{NAME}.md": text_writer("\n".join(markdown) + "\n"),
             out_dir / f"{NAME}.csv": write_csv,
             out_dir / f"{NAME}.tex": text_writer("\n".join(latex) + "\n")}
    write_files_atomically(paths)
    return list(paths)
