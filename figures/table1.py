"""Table 1 of Ran-Milo et al. 2024 (Section 4, Appendix F.1): real SSMs trained on the three targets.

The paper's grid (``--tier full``, the official ``theory_real.yaml``): real field, ``n = 1024``,
``t = 32``, lr in {1e-4, 1e-5, 1e-6}, ``r_min`` in {0, 0.99}, Adam / AdamW / RAdam, tasks delay /
oscillation / random with l2-normalised targets, 500 000 full-batch steps under the cosine schedule,
seeds {0, 1, 2} (the caption says five: ``--seeds 5``, or ``compute(tier, seeds=range(5))``) -- 162 runs, trained by
:func:`numerics.learning.sweep.run_sweep` with its resumable cache (``out/cache/training``).  The quick tier
runs ``n = 64``, lr 1e-3, seeds {0, 1} for 3000 steps: it exercises the pipeline, it does not
reproduce the paper.

A cell is one (optimizer, task): the best run over seeds and hyper-parameters, chosen by the
squared l2 loss the official code logs (``best_loss``: the running minimum over the run of
``||y - phi||_2^2`` with ``||phi||_2 = 1``).  Each row reports

* ``best_loss`` -- the cell's normalised squared l2 loss (what the code logs and the table shows);
* ``eps_l1`` -- the normalised l1 error ``||y - phi||_1 / ||phi||_1`` of that run's best parameters
  (what the caption defines; 1 for the zero mapping), and ``min_eps_l1_any_run`` -- the smallest
  such error over the cell's runs (possibly another run);
* ``magnitude`` -- ``n ||C (.) B||_inf`` of that run's best parameters, and ``max_magnitude`` the
  largest value recorded during the run;
* ``certified_min_l1_at_eps`` -- the certified bracket of the smallest ``||w||_1 = sum |B_i C_i|`` of
  *any* real SSM whose l1 error on the same normalised target is at most the run's, i.e.
  ``numerics.realfit.min_l1_weight(phi, eps)`` with ``eps = eps_l1 * ||phi||_1`` (the absolute l1
  error; ``eps_l1`` is taken as its float64 value); and ``certified_min_l1_exact`` at ``eps = 0``
  (matching the target).  ``n ||C (.) B||_inf >= ||w||_1``, so a run's magnitude is at least the
  bracket at its own error.

How the numbers were obtained: training in float64 (numba; the optimizers follow ``torch.optim``),
losses and errors float64; the ``||w||_1`` brackets certified (dual LP bound + exact witness).
The brackets are cached in ``out/cache/realfit`` so that a second invocation takes seconds.

Gradients are zeroed every step (standard training) unless ``accumulate_gradients`` (CLI
``--accumulate-gradients``) reproduces the official code, which never calls ``zero_grad``; that
table is written as ``table1_accumulated``.
"""
from __future__ import annotations

import csv
import hashlib
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
from flint import fmpq

from numerics.engine import run_tasks, session, single_threaded
from numerics.errors import InputError, check_int
from numerics.outputs import out_dir, text_writer, write_files_atomically
from numerics.realfit import min_l1_weight
from numerics.learning.sweep import run_sweep
from numerics.ssm.systems import fmpq_to_string, to_fmpq
from numerics.ssm.targets import NAMES as TASKS, make_target
from numerics.learning.training import TrainConfig

NAME = "table1"
OPTIMIZERS = ("adam", "adamw", "radam")
GRIDS = {
    "full": {"n": 1024, "t": 32, "lrs": (1e-4, 1e-5, 1e-6), "r_mins": (0.0, 0.99), "seeds": (0, 1, 2),
             "steps": 500_000, "workers": 2},
    "quick": {"n": 64, "t": 32, "lrs": (1e-3,), "r_mins": (0.0, 0.99), "seeds": (0, 1), "steps": 3000, "workers": 1},
}
OBTAINED = ("training float64 (numba, torch.optim semantics); loss and eps float64; ||w||_1 brackets certified "
            "(realfit: dual LP lower bound, exact witness upper bound)")


def tier_grid(grids: dict, tier: str) -> dict:
    """``grids[tier]``, for the ``GRIDS`` of a table (tiers quick and full)."""
    if tier not in grids:
        raise InputError(f"tier: unknown tier {tier!r}; choose quick or full")
    return grids[tier]


def grid(tier: str) -> dict:
    return tier_grid(GRIDS, tier)


def configs(tier: str, seeds=None, accumulate_gradients: bool = False) -> list[TrainConfig]:
    """Every run of the tier's grid (the official grid for ``"full"``); ``accumulate_gradients``
    reproduces the official code, which never zeroes its gradients."""
    g = grid(tier)
    return [TrainConfig(field="real", task=task, n=g["n"], t=g["t"], optimizer=optimizer, lr=lr, r_min=r_min,
                        steps=g["steps"], seed=seed, accumulate_gradients=accumulate_gradients)
            for optimizer in OPTIMIZERS for task in TASKS for lr in g["lrs"] for r_min in g["r_mins"]
            for seed in (g["seeds"] if seeds is None else tuple(seeds))]


def runs(tier: str, seeds=None, accumulate_gradients: bool = False) -> tuple[list[TrainConfig], int]:
    """The training runs :func:`compute` reads and the workers its sweep starts by default: ``python -m
    figures`` trains the runs of all the figures it makes in one sweep first (:func:`figures.__main__.main`)."""
    return configs(tier, seeds, accumulate_gradients), grid(tier)["workers"]


def train_all(tier: str, seeds=None, accumulate_gradients: bool = False, workers: int | None = None) -> list:
    """The grid's results, trained or read from the cache (:func:`numerics.learning.sweep.run_sweep`)."""
    return run_sweep(configs(tier, seeds, accumulate_gradients),
                     workers=grid(tier)["workers"] if workers is None else workers, progress=True)


# ---------------------------------------------------------------------------------------------
# Certified minimal ||w||_1, cached.

def _cache_path(task: str, t: int, seed: int, eps: fmpq) -> Path:
    text = json.dumps({"task": task, "t": t, "seed": seed if task == "random" else None, "normalized": True,
                       "eps": fmpq_to_string(eps), "version": 1}, sort_keys=True)
    return out_dir() / "cache" / "realfit" / (hashlib.sha256(text.encode()).hexdigest()[:24] + ".json")


def _certified_record(task: str, t: int, seed: int, eps: Fraction, max_seconds: float | None) -> dict:
    """The certified bracket of the smallest ||w||_1 (``min_l1_weight``) as the cache stores it."""
    eps = to_fmpq(eps)
    bracket = min_l1_weight(make_target(task, t, normalized=True, seed=seed), eps, max_seconds=max_seconds)
    return {"lower": bracket.lower, "upper": bracket.upper, "lower_q": fmpq_to_string(bracket.lower_q),
            "upper_q": fmpq_to_string(bracket.upper_q), "eps": fmpq_to_string(eps), "seconds": bracket.seconds}


def certified_minimum(task: str, t: int, seed: int, eps_abs, max_seconds: float | None = None) -> dict:
    """Certified bracket of the smallest ||w||_1 of a real SSM within l1 distance ``eps_abs`` of the
    l2-normalised target (``min_l1_weight``), read from or written to the cache."""
    certified_minima([(task, t, seed, eps_abs)], max_seconds)
    return json.loads(_cache_path(task, t, seed, to_fmpq(eps_abs)).read_text(encoding="utf-8"))


def certified_minima(instances, max_seconds: float | None = None, workers: int = 1) -> None:
    """Fill the cache of :func:`certified_minimum` for ``instances`` ``(task, t, seed, eps_abs)``: those
    not cached yet are computed here (``workers=1``) or as Dask tasks (:mod:`numerics.engine`; ``workers``
    processes here, or the cluster of ``$SSMCHECK_SCHEDULER``); this process writes each result as it
    arrives, atomically."""
    todo = {}
    for task, t, seed, eps_abs in instances:
        eps = to_fmpq(eps_abs)
        path = _cache_path(task, t, seed, eps)
        if not path.exists():
            todo[path] = (task, t, seed, Fraction(int(eps.p), int(eps.q)), max_seconds)
    if not todo:
        return
    paths = list(todo)

    def store(index: int, record: dict) -> None:
        write_files_atomically({paths[index]: text_writer(json.dumps(record, sort_keys=True))})
    with session(workers=min(check_int("workers", workers, 1), len(paths))) as client:
        if client is None:
            for index, path in enumerate(paths):
                with single_threaded():
                    store(index, _certified_record(*todo[path]))
            return
        run_tasks(client, _certified_record, [todo[path] for path in paths], store)


def target_l1(task: str, t: int, seed: int) -> float:
    """``||phi||_1`` of the l2-normalised target (float64)."""
    return float(np.abs(make_target(task, t, normalized=True, seed=seed).values()).sum())


# ---------------------------------------------------------------------------------------------
# The table.

def run_record(result) -> dict:
    """The numbers of one run that the tables report."""
    config = result.config
    return {"lr": config.lr, "r_min": config.r_min, "seed": config.seed, "steps": config.steps, "n": config.n,
            "t": config.t, "best_loss": result.best_loss, "eps_l1": result.best_eps_l1,
            "magnitude": result.best_magnitude,
            "max_magnitude": float(np.max(result.magnitude)) if len(result.magnitude) else float("nan"),
            "diverged": result.diverged}


def _certified_instances(task: str, t: int, seed: int, eps_l1: float) -> list[tuple]:
    """The two instances of :func:`certified_minimum` a row reports: at the run's absolute l1 error and
    at eps = 0."""
    return [(task, t, seed, eps_l1 * target_l1(task, t, seed)), (task, t, seed, 0)]


def with_certified(row: dict, task: str, t: int, seed: int, eps_l1: float, max_seconds=None) -> dict:
    """Add the certified brackets at the run's error and at eps = 0."""
    at_eps, exact = (certified_minimum(*instance, max_seconds)
                     for instance in _certified_instances(task, t, seed, eps_l1))
    row.update(certified_min_l1_at_eps_lower=at_eps["lower"], certified_min_l1_at_eps_upper=at_eps["upper"],
               certified_min_l1_exact_lower=exact["lower"], certified_min_l1_exact_upper=exact["upper"])
    return row


def group_runs(results, key) -> dict:
    """key(config) -> the results whose config has that key, in their order."""
    groups = {}
    for result in results:
        groups.setdefault(key(result.config), []).append(result)
    return groups


def cell_row(cell: dict, tier: str, seeds, result, count: int, obtained: str, extra: dict | None = None,
             max_seconds=None) -> dict:
    """A table row: the cell's keys (with ``"task"``), the tier, run count and seeds, the chosen run's
    numbers (:func:`run_record`), ``extra``, the certified brackets at that run's error
    (:func:`with_certified`) and how the numbers were obtained."""
    row = {**cell, "tier": tier, "runs": count, "seeds": list(seeds), **run_record(result), **(extra or {})}
    with_certified(row, cell["task"], result.config.t, result.config.seed, result.best_eps_l1, max_seconds)
    row["obtained"] = obtained
    return row


def best_runs(results) -> dict:
    """(optimizer, task) -> (the run with the smallest best_loss, the smallest eps_l1 of any run, run count)."""
    groups = group_runs(results, lambda config: (config.optimizer, config.task))
    return {key: (min(runs, key=lambda r: r.best_loss), min(r.best_eps_l1 for r in runs), len(runs))
            for key, runs in groups.items()}


def prefetch_certified(chosen, workers: int, max_seconds=None) -> None:
    """Compute the certified brackets that :func:`cell_row` reads for the ``chosen`` runs (at each run's
    error and at eps = 0) in parallel (:func:`certified_minima`)."""
    instances = [instance for result in chosen for instance in
                 _certified_instances(result.config.task, result.config.t, result.config.seed, result.best_eps_l1)]
    certified_minima(instances, max_seconds, workers)


def compute(tier: str = "quick", seeds=None, accumulate_gradients: bool = False, workers: int | None = None) -> list[dict]:
    """One row per (optimizer, task); see the module docstring."""
    used = grid(tier)["seeds"] if seeds is None else seeds
    runs = best_runs(train_all(tier, seeds, accumulate_gradients, workers))
    prefetch_certified([result for result, _, _ in runs.values()], grid(tier)["workers"] if workers is None else workers)
    return [cell_row({"optimizer": optimizer, "task": task}, tier, used, result, count, OBTAINED,
                     {"min_eps_l1_any_run": min_eps, "accumulate_gradients": accumulate_gradients})
            for (optimizer, task), (result, min_eps, count) in sorted(runs.items())]


def output_name(name: str, rows: list[dict]) -> str:
    """The table's file name: ``name``, or ``name_accumulated`` for the official gradient accumulation."""
    return name + ("_accumulated" if rows[0].get("accumulate_gradients") else "")


def gradients_note(rows: list[dict]) -> str:
    if rows[0].get("accumulate_gradients"):
        return ("gradients accumulated across steps, as in the official code (zero_grad never called); "
                "`--accumulate-gradients`")
    return "gradients zeroed every step (standard training; the official code's accumulation: --accumulate-gradients)"


# ---------------------------------------------------------------------------------------------
# Writing: Markdown, CSV and a LaTeX tabular, atomically.

def number(x) -> str:
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, (int, np.integer)):
        return str(x)
    return f"{x:.3g}"


def bracket(lower, upper) -> str:
    return number(lower) if number(lower) == number(upper) else f"[{number(lower)}, {number(upper)}]"


def write_table(rows: list[dict], columns: list[tuple[str, str, callable]], out_dir_: Path, name: str, title: str,
                notes: list[str]) -> list[Path]:
    """Write ``name.md``, ``name.csv`` (every field of every row) and ``name.tex`` (the shown columns).

    ``columns`` are ``(Markdown header, LaTeX header, render(row) -> text)``.
    """
    if not rows:
        raise InputError(f"{name}: no rows to write")
    out_dir_ = Path(out_dir_)
    headers = [header for header, _, _ in columns]
    cells = [[render(row) for _, _, render in columns] for row in rows]
    markdown = [f"## {title}", ""] + [f"- {note}" for note in notes] + [""]
    markdown += ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    markdown += ["| " + " | ".join(line) + " |" for line in cells]

    def escape(text: str) -> str:
        return text.replace("\\", "\\textbackslash{}").replace("_", "\\_").replace("%", "\\%").replace("&", "\\&")

    latex = ["% " + title, "% " + " ".join(notes), "\\begin{tabular}{" + "l" * 2 + "r" * (len(headers) - 2) + "}",
             "\\hline", " & ".join(latex_header for _, latex_header, _ in columns) + " \\\\", "\\hline"]
    latex += [" & ".join(escape(c) for c in line) + " \\\\" for line in cells]
    latex += ["\\hline", "\\end{tabular}"]
    fields = list(dict.fromkeys(key for row in rows for key in row))

    def write_csv(path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)

    paths = {out_dir_ / f"{name}.md": text_writer("\n".join(markdown) + "\n"),
             out_dir_ / f"{name}.csv": write_csv,
             out_dir_ / f"{name}.tex": text_writer("\n".join(latex) + "\n")}
    write_files_atomically(paths)
    return list(paths)


#: Columns (Markdown header, LaTeX header, cell) that both tables show: the task, and the chosen run's
#: loss and l1 error.  Unicode norms in Markdown: "||" would split cells.
RUN_COLUMNS = [
    ("task", "task", lambda r: r["task"]),
    ("loss ‖y−φ‖₂² (norm.)", r"loss $\|y-\phi\|_2^2$", lambda r: number(r["best_loss"])),
    ("ε (ℓ1, norm.)", r"$\epsilon$ ($\ell_1$)", lambda r: number(r["eps_l1"])),
]


def certified_columns(prefix: str = "") -> list[tuple[str, str, callable]]:
    """The two columns of certified ||w||_1 brackets (at the run's error, exact), headers led by ``prefix``."""
    return [(f"{prefix}min ‖w‖₁ at ε (certified)", rf"{prefix}min $\|w\|_1$ at $\epsilon$ (cert.)",
             lambda r: bracket(r["certified_min_l1_at_eps_lower"], r["certified_min_l1_at_eps_upper"])),
            (f"{prefix}min ‖w‖₁ exact (certified)", rf"{prefix}min $\|w\|_1$ exact (cert.)",
             lambda r: bracket(r["certified_min_l1_exact_lower"], r["certified_min_l1_exact_upper"]))]


#: The shown columns: Markdown header, LaTeX header, cell.
COLUMNS = [
    ("optimizer", "optimizer", lambda r: r["optimizer"]),
    *RUN_COLUMNS,
    ("min ε any run", r"min $\epsilon$ any run", lambda r: number(r["min_eps_l1_any_run"])),
    ("n‖C⊙B‖∞", r"$n\|C\odot B\|_\infty$", lambda r: number(r["magnitude"])),
    *certified_columns(),
    ("best run (lr, r_min, seed)", r"best run (lr, $r_{\min}$, seed)",
     lambda r: f"{r['lr']:g}, {r['r_min']:g}, {r['seed']}"),
]


def draw(rows: list[dict], out_dir_: Path) -> list[Path]:
    tier = rows[0]["tier"]
    g = grid(tier)
    notes = [f"tier {tier}: real field, n = {g['n']}, t = {g['t']}, lr in {list(g['lrs'])}, r_min in "
             f"{list(g['r_mins'])}, {g['steps']} steps, seeds {rows[0]['seeds']}; "
             f"best run per cell over seeds and hyper-parameters, chosen by the normalised squared l2 loss",
             "eps: normalised l1 error of that run (1 = zero mapping); n||C.B||inf at its best parameters",
             "min ||w||1: certified bracket of the smallest sum |B_i C_i| of any real SSM with l1 error <= the run's "
             "(at eps) or matching the target (exact)",
             gradients_note(rows),
             "obtained: " + OBTAINED]
    return write_table(rows, COLUMNS, out_dir_, output_name(NAME, rows), "Table 1 (real SSMs, Ran-Milo et al. 2024)",
                       notes)
