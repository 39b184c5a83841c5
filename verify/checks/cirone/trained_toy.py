"""Checks of the empirical claims of Figure 1 of Cirone et al. 2024 on the trained S4 / Mamba baselines.

Each check confronts a statement of :mod:`theory.cirone.trained_toy` with the runs of the full tier of
:func:`numerics.nets.cirone_toy.tier_configs` (Mamba and S4 at depth 1, 2 and 2 + GELU, Area and
Volume, seeds 1..5, hidden / state / paths / steps of ``TIERS["full"]``, Adam lr 1e-4, batch 32; the
paper's scale -- hidden 256, state 256, 10^6 steps -- is not run here) and, for the Linear CDE, with
the random dense Linear CDE + OLS readout of :func:`verify.checks.cirone.expressivity.model_ratio`
(N = ``LCDE_N``, seeds 1..5) on the same data (same paths, data seed 0): ``checked`` when the runs
agree, ``refuted`` with the disagreeing runs (configurations, seeds, RMSEs) as the counterexample.

* ``--tier full`` trains the runs, or reads them from the sweep cache ``out/cache/cirone_toy`` that
  ``python -m figures cirone_figure1 --tier full`` shares (under an hour on 2 cores when nothing is cached);
* ``--tier quick`` trains nothing: it re-evaluates the full tier's runs recorded in
  ``trained_toy_full_runs.json`` beside this module (written by :func:`record`).  While that file does
  not exist the checks return ``open`` ("no recorded runs"); the quick tier's own runs (seconds of
  training of tiny models) are below the scale at which the claims can be seen.

Recorded (``EXPECTED``): S4 without GELU stays at the zero predictor (``checked``, smallest ratio 1.000);
stacking helps Mamba (``checked``: Area 0.891 -> 0.846, but Volume only 1.0012 -> 1.0008, within the
seeds' spread: no trained model learns Volume at this scale); "a nonlinearity is needed for S4" is
``refuted`` at this scale (S4 depth 2 + GELU reaches 0.868 on Area but 1.002 on Volume); the random
Linear CDE is best on Area (``checked``: RMSE 1.8e-4 against 0.090 for the best trained model).

The quantity is the RMSE ratio (final validation RMSE / zero predictor's RMSE on the same labels),
float64 numbers from float32 training runs.  Margins:

* ``cirone.fig1_s4_linear`` -- the smallest ratio of an S4 run without nonlinearity minus ``S4_FLOOR``;
* ``cirone.fig1_mamba_stacking`` -- min over the data sets of mean ratio (depth 1) - mean ratio (depth 2);
* ``cirone.fig1_nonlinearity`` -- the smaller of ``LEARNT - mean ratio (S4 depth 2 + GELU)`` and
  ``mean ratio (Mamba depth 2 + GELU) - (1 - LITTLE) mean ratio (Mamba depth 2)`` over the data sets;
* ``cirone.fig1_lcde_area`` -- (best trained mean RMSE - Linear CDE mean RMSE) / zero predictor's RMSE.

The mutation of every check replaces the runs by fabricated ones that contradict the verdict it expects
(runs agreeing with all four claims where it expects ``refuted``, contradicting them otherwise).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from numerics.nets.cirone_toy import ARCHITECTURES, MODELS, SEEDS, ToyRunConfig, run_study, tier, tier_configs
from numerics.outputs import text_writer, write_files_atomically
from theory.cirone import trained_toy as statements

from ...mutation import patched
from ...registry import check
from ...verdict import Outcome
from .expressivity import MODEL_SEED, SEED, model_ratio

#: Every S4 run without a nonlinearity must have an RMSE ratio of at least this (finite-sample slack below 1).
S4_FLOOR = 0.98
#: Two-layer S4 with GELU "learns": its mean RMSE ratio is below this.
LEARNT = 0.9
#: GELU "adds little" to two-layer Mamba: it lowers the mean RMSE ratio by less than this fraction.
LITTLE = 0.1
#: Size of the random dense Linear CDE (the paper's) and its seeds (as Figure 1's Linear CDE line).
LCDE_N = 256
LCDE_SEEDS = tuple(MODEL_SEED + run for run in range(5))
#: The full tier's runs, recorded for the quick tier (:func:`record`).
RECORDED = Path(__file__).with_name("trained_toy_full_runs.json")
MARGIN_NOTE = "RMSE ratio (validation RMSE / zero predictor's), float64 from float32 training runs"
PAPER = ("Figure 1 (hidden 256, state 256, 100 000 paths, about 10^6 steps, 5 runs): S4 without a nonlinearity "
         "stays at the zero predictor, Mamba improves with depth, GELU helps S4 and not Mamba, the random "
         "Linear CDE is lowest on Area")


def _module():
    return sys.modules[__name__]


def _lcde_runs(paths: int) -> list[dict]:
    return [model_ratio("dense", "area", LCDE_N, seed, paths) for seed in LCDE_SEEDS]


def _run_record(result) -> dict:
    return {"fields": result.config.as_dict(), "key": result.config.key(), "eval_steps": result.eval_steps.tolist(),
            "rmse": result.rmse.tolist(), "final_rmse": result.final_rmse, "zero_rmse": result.zero_rmse,
            "seconds": result.seconds, "obtained": result.obtained}


def record(path=RECORDED) -> Path:
    """Train the full tier (or read it from the sweep cache) and the Linear CDE runs; write them to ``path``
    atomically for the quick tier."""
    path = Path(path)
    configs = tier_configs("full")
    text = json.dumps({"tier": "full", "scale": tier("full"), "runs": [_run_record(r) for r in run_study(configs)],
                       "lcde": _lcde_runs(tier("full")["paths"])}, indent=1, sort_keys=True) + "\n"
    write_files_atomically({path: text_writer(text)})
    return path


def _data(tier_name: str) -> dict | None:
    """``{"runs": [...], "lcde": [...], "runs_from": ...}`` for the check at ``tier_name``; None when the quick
    tier finds no recorded runs."""
    wanted = tier_configs("full")
    if tier_name == "quick":
        if not RECORDED.exists():
            return None
        recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
        by_key = {ToyRunConfig.from_dict(r["fields"]).key(): r for r in recorded["runs"]}
        missing = [c for c in wanted if c.key() not in by_key]
        if missing:
            raise FileNotFoundError(f"{RECORDED.name} lacks {len(missing)} run(s) of the full tier; "
                                    f"regenerate it with record()")
        return {"runs": [by_key[c.key()] for c in wanted], "lcde": recorded["lcde"],
                "runs_from": f"recorded runs of the full tier ({RECORDED.name}); nothing trained at the quick tier"}
    return {"runs": [_run_record(r) for r in run_study(wanted)], "lcde": _lcde_runs(tier("full")["paths"]),
            "runs_from": "trained at this tier (or read from the sweep cache out/cache/cirone_toy)"}


def _scale() -> dict:
    scale = tier("full")
    return {"scale_tier": "full", **scale, "seeds": list(SEEDS),
            "data_seed": SEED, "lr": 1e-4, "batch": 32, "lcde_N": LCDE_N, "lcde_seeds": list(LCDE_SEEDS),
            "model": "Linear(d -> hidden); depth x [S6 or S4D-Lin recurrence, optional GELU, Linear mix, residual]; "
                     "mean over time; Linear(hidden -> 1); float32"}


def _open() -> Outcome:
    return Outcome("open", None, "no recorded runs: nothing to compare",
                   {"recorded": RECORDED.name, "how": "python -c 'from verify.checks.cirone.trained_toy import "
                                                      "record; record()' (the full tier, under an hour on 2 cores)",
                    "scale": _scale(), "source": statements.SOURCE},
                   summary=f"no recorded full-tier runs ({RECORDED.name} absent); run record() to decide")


def _ratios(runs, dataset: str, model: str, depth: int, nonlinear: bool) -> list[dict]:
    return [{"seed": r["fields"]["seed"], "ratio": r["final_rmse"] / r["zero_rmse"], "final_rmse": r["final_rmse"],
             "zero_rmse": r["zero_rmse"], "key": r["key"]}
            for r in runs if (r["fields"]["dataset"], r["fields"]["model"], r["fields"]["depth"],
                              r["fields"]["nonlinear"]) == (dataset, model, depth, nonlinear)]


def _mean(rows) -> float:
    return float(np.mean([row["ratio"] for row in rows]))


def _outcome(holds: bool, margin: float, note: str, evidence: dict, counterexample: dict, summary: str) -> Outcome:
    return Outcome("checked" if holds else "refuted", margin, MARGIN_NOTE + "; " + note, evidence,
                   None if holds else counterexample, summary=summary + f"; paper: {PAPER}", margin_from="float64")


#: The verdicts the checks are registered to expect, from the recorded full tier (module docstring).
EXPECTED = {"cirone.fig1_s4_linear": "checked", "cirone.fig1_mamba_stacking": "checked",
            "cirone.fig1_nonlinearity": "refuted", "cirone.fig1_lcde_area": "checked"}


def _fabricated(agreeing: bool):
    """Runs that agree with every claim (S4 without GELU at ratio 1.0, with GELU at 0.5; Mamba depth 1 at 0.9,
    depth 2 at 0.5 with or without GELU; the Linear CDE at 0.01) or contradict every claim (S4 without GELU at 0.5,
    with GELU at 1.0; Mamba depth 1 at 0.5, depth 2 at 0.9, depth 2 + GELU at 0.1; the Linear CDE at 2.0)."""
    def runs_of(tier_name):
        runs = []
        for config in tier_configs("full"):
            if config.model == "s4":
                ratio = (0.5 if config.nonlinear else 1.0) if agreeing else (1.0 if config.nonlinear else 0.5)
            elif agreeing:
                ratio = 0.9 if config.depth == 1 else 0.5
            else:
                ratio = 0.5 if config.depth == 1 else (0.1 if config.nonlinear else 0.9)
            runs.append({"fields": config.as_dict(), "key": config.key(), "final_rmse": ratio, "zero_rmse": 1.0})
        lcde_ratio = 0.01 if agreeing else 2.0
        lcde = [{"seed": seed, "rmse": lcde_ratio, "zero_rmse": 1.0, "ratio": lcde_ratio} for seed in LCDE_SEEDS]
        return {"runs": runs, "lcde": lcde, "runs_from": "fabricated by the mutation"}
    return runs_of


def _mutations(name: str) -> dict:
    """The mutation of check ``name``: fabricated runs contradicting the verdict it expects (agreeing with the
    claims where it expects ``refuted``, contradicting them otherwise)."""
    agreeing = EXPECTED[name] == "refuted"
    description = "runs replaced by ones that " + ("agree with" if agreeing else "contradict") + " the claims"
    return {description: lambda: patched(_module(), "_data", _fabricated(agreeing))}


@check("cirone.fig1_s4_linear", statement="cirone.fig1_s4_linear",
       expected=EXPECTED["cirone.fig1_s4_linear"], mutations=_mutations("cirone.fig1_s4_linear"), experiment=True)
def fig1_s4_linear(tier_name: str) -> Outcome:
    """S4 without a nonlinearity does not beat the zero predictor (trained runs, Area and Volume)."""
    data = _data(tier_name)
    if data is None:
        return _open()
    rows = [{"dataset": d, "depth": depth, **row} for d in ("area", "volume") for depth in (1, 2)
            for row in _ratios(data["runs"], d, "s4", depth, False)]
    worst = min(rows, key=lambda row: row["ratio"])
    below = [row for row in rows if row["ratio"] < S4_FLOOR]
    evidence = {"scale": _scale(), "runs": rows, "floor": S4_FLOOR, "runs_from": data["runs_from"],
                "why": "affine in the path: cirone.lti_symmetry"}
    summary = (f"S4 depth 1 and 2 without GELU, {len(rows)} runs: smallest RMSE ratio {worst['ratio']:.4f} "
               f"({worst['dataset']}, depth {worst['depth']}, seed {worst['seed']}), floor {S4_FLOOR}")
    return _outcome(not below, worst["ratio"] - S4_FLOOR, "smallest ratio minus the floor", evidence,
                    {"claim": f"every ratio >= {S4_FLOOR}", "runs_below": below, "scale": _scale()}, summary)


@check("cirone.fig1_mamba_stacking", statement="cirone.fig1_mamba_stacking",
       expected=EXPECTED["cirone.fig1_mamba_stacking"], mutations=_mutations("cirone.fig1_mamba_stacking"), experiment=True)
def fig1_mamba_stacking(tier_name: str) -> Outcome:
    """Stacking helps Mamba: mean RMSE ratio at depth 2 below depth 1 on Area and Volume."""
    data = _data(tier_name)
    if data is None:
        return _open()
    per, failing, margin = {}, [], float("inf")
    for dataset in ("area", "volume"):
        one, two = _ratios(data["runs"], dataset, "mamba", 1, False), _ratios(data["runs"], dataset, "mamba", 2, False)
        per[dataset] = {"depth1_mean": _mean(one), "depth2_mean": _mean(two), "depth1": one, "depth2": two}
        margin = min(margin, _mean(one) - _mean(two))
        if not _mean(two) < _mean(one):
            failing.append({"dataset": dataset, **per[dataset]})
    evidence = {"scale": _scale(), "per_dataset": per, "runs_from": data["runs_from"]}
    summary = "; ".join(f"{d}: Mamba depth 1 mean ratio {p['depth1_mean']:.4f}, depth 2 {p['depth2_mean']:.4f}"
                        for d, p in per.items())
    return _outcome(not failing, margin, "smallest (depth 1 mean - depth 2 mean) over the data sets", evidence,
                    {"claim": "depth 2 mean < depth 1 mean", "failing": failing, "scale": _scale()}, summary)


@check("cirone.fig1_nonlinearity", statement="cirone.fig1_nonlinearity",
       expected=EXPECTED["cirone.fig1_nonlinearity"], mutations=_mutations("cirone.fig1_nonlinearity"), experiment=True)
def fig1_nonlinearity(tier_name: str) -> Outcome:
    """A nonlinearity is needed for S4 but adds little for Mamba (trained runs, Area and Volume)."""
    data = _data(tier_name)
    if data is None:
        return _open()
    per, failing, margin = {}, [], float("inf")
    for dataset in ("area", "volume"):
        s4 = _ratios(data["runs"], dataset, "s4", 2, True)
        plain, gelu = _ratios(data["runs"], dataset, "mamba", 2, False), _ratios(data["runs"], dataset, "mamba", 2, True)
        s4_slack = LEARNT - _mean(s4)
        mamba_slack = _mean(gelu) - (1 - LITTLE) * _mean(plain)
        per[dataset] = {"s4_depth2_gelu_mean": _mean(s4), "mamba_depth2_mean": _mean(plain),
                        "mamba_depth2_gelu_mean": _mean(gelu), "s4_learns": s4_slack > 0,
                        "gelu_adds_little_to_mamba": mamba_slack >= 0, "runs": {"s4_gelu": s4, "mamba": plain,
                                                                                  "mamba_gelu": gelu}}
        margin = min(margin, s4_slack, mamba_slack)
        if not (s4_slack > 0 and mamba_slack >= 0):
            failing.append({"dataset": dataset, **per[dataset]})
    evidence = {"scale": _scale(), "per_dataset": per, "learnt": LEARNT, "little": LITTLE,
                "runs_from": data["runs_from"]}
    summary = "; ".join(f"{d}: S4 depth 2 + GELU mean ratio {p['s4_depth2_gelu_mean']:.4f} (learnt below {LEARNT}), "
                        f"Mamba depth 2 {p['mamba_depth2_mean']:.4f} vs + GELU {p['mamba_depth2_gelu_mean']:.4f}"
                        for d, p in per.items())
    return _outcome(not failing, margin, "smallest slack of the two parts over the data sets", evidence,
                    {"claim": f"S4 + GELU mean < {LEARNT} and Mamba + GELU mean >= {1 - LITTLE} x Mamba mean",
                     "failing": failing, "scale": _scale()}, summary)


@check("cirone.fig1_lcde_area", statement="cirone.fig1_lcde_area",
       expected=EXPECTED["cirone.fig1_lcde_area"], mutations=_mutations("cirone.fig1_lcde_area"), experiment=True)
def fig1_lcde_area(tier_name: str) -> Outcome:
    """The random dense Linear CDE + OLS has the lowest mean RMSE on Area (against every trained configuration)."""
    data = _data(tier_name)
    if data is None:
        return _open()
    lcde = float(np.mean([run["rmse"] for run in data["lcde"]]))
    zero = data["lcde"][0]["zero_rmse"]
    trained = {}
    for model in MODELS:
        for depth, nonlinear in ARCHITECTURES:
            label = ToyRunConfig("area", model, depth, nonlinear, seed=0, steps=1).label
            rows = _ratios(data["runs"], "area", model, depth, nonlinear)
            trained[label] = float(np.mean([row["final_rmse"] for row in rows]))
    best = min(trained, key=trained.get)
    beaten_by = {label: value for label, value in trained.items() if value <= lcde}
    evidence = {"scale": _scale(), "lcde_mean_rmse": lcde, "lcde_runs": data["lcde"], "trained_mean_rmse": trained,
                "zero_rmse": zero, "runs_from": data["runs_from"]}
    summary = (f"Area: random dense Linear CDE (N = {LCDE_N}) mean RMSE {lcde:.4g}, best trained {best} "
               f"{trained[best]:.4g}, zero predictor {zero:.4g}")
    return _outcome(not beaten_by, (trained[best] - lcde) / zero, "(best trained mean RMSE - Linear CDE mean RMSE) "
                    "/ zero predictor's RMSE", evidence,
                    {"claim": "Linear CDE mean RMSE < every trained mean RMSE", "trained_at_or_below": beaten_by,
                     "scale": _scale()}, summary)
