"""What the kernels of a trained complex S4D would cost a real SSM (the bridge from Section 4.2 to Theorems 1-2).

A channel of a trained complex S4D (:mod:`numerics.nets.s4d`) is a complex diagonal SSM: with
``Abar = exp(Delta A)``, ``Bbar = (exp(Delta A) - 1) / A * B`` and ``Cbar = 2 C`` its impulse response
``h_k = Re(Cbar Abar^(k-1) Bbar)`` is the channel's (forward) kernel ``K[k-1]``, ``k = 1..t``.  Taking
it as the target ``phi`` of Ran-Milo et al.'s theory, :mod:`numerics.realfit` gives, for
``eps = 1 %`` and ``10 %`` of ``||phi||_1``:

* the certified bracket of the smallest ``||w||_1`` of a real SSM (any dimension, poles in
  ``[-1, 1]``) that eps-approximates ``phi`` up to time ``t`` (:func:`~numerics.realfit.min_l1_weight`,
  Theorem 2's truth; at most ``L1_SECONDS`` s of proposing per instance, the bracket valid whatever
  its gap), and
* the bracket of the smallest real dimension that does (:func:`~numerics.realfit.dimension_bracket`,
  Theorem 1's truth; its witness search limited to ``DIMENSION_SECONDS`` s per instance, so the upper
  end may be the one-less-than-Proposition-1 construction),

against the channel's own ``n ||Cbar ⊙ Bbar||_inf`` (its ``n`` complex states).  The channels: a seeded
sample of ``CHANNELS`` (layer, channel) pairs of the tier's first complex run (:func:`tier_configs` of
:mod:`numerics.nets.images_study`, trained or read from the sweep cache), ``t`` = the sequence length
of the data (64 for the digits; ``quick``: 4 channels and the first 32 kernel entries).  Cost, measured
on this 2-core machine on full-size S4D-LegS kernels at t = 64: about 0.1-1.2 s per certified
``min ||w||_1`` (converged to the relative gap 1e-6) and 3.5-4 s per dimension bracket (the witness
search stops at its 3 s budget), so the full tier's 32 channels x 2 eps take about 5 minutes.

Plotted: histograms of ``log10`` of the lower end of min ``||w||_1`` (per eps) and of the lower end of
the dimension, with the channels' ``log10 n ||Cbar ⊙ Bbar||_inf`` and ``n`` beside.  The CSV has one row
per channel and eps: ``layer, channel, t, eps_fraction, kernel_l1, l1_lower, l1_upper,
l1_log2_lower, l1_log2_upper, l1_converged, dim_lower, dim_upper, complex_n, complex_n_cb_inf``.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from tqdm.auto import tqdm

from numerics.nets.images_study import run_study, tier_configs
from numerics.nets.s4d import s4d_kernel
from numerics.realfit import dimension_bracket, min_l1_weight

from .output import save_figure

NAME = "trained_kernels_real_cost"
EPS_FRACTIONS = (0.01, 0.1)
#: Per tier: channels sampled, kernel length t (None: the data's sequence length), seconds per instance.
SCALE = {"quick": {"channels": 4, "t": 32, "l1_seconds": 5.0, "dimension_seconds": 1.0},
         "full": {"channels": 32, "t": None, "l1_seconds": 20.0, "dimension_seconds": 3.0},
         "paper": {"channels": 32, "t": None, "l1_seconds": 60.0, "dimension_seconds": 20.0}}
#: Seed of the channel sample.
SAMPLE_SEED = 0


def channel_targets(ssm: dict, count: int, t: int, seed: int = SAMPLE_SEED) -> list[dict]:
    """A seeded sample of ``count`` (layer, channel) pairs of the trained SSMs ``ssm`` (an
    :class:`~numerics.nets.images_study.ImagesResult`'s ``ssm``) with their forward kernels up to ``t`` (float64)
    and ``n ||Cbar ⊙ Bbar||_inf`` (module docstring)."""
    layers, channels = ssm["log_dt"].shape
    rng = np.random.default_rng(seed)
    picks = rng.choice(layers * channels, size=min(count, layers * channels), replace=False)
    targets = []
    for pick in sorted(int(p) for p in picks):
        layer, h = divmod(pick, channels)
        log_dt = torch.tensor(ssm["log_dt"][layer, h:h + 1], dtype=torch.float64)
        A = torch.tensor(ssm["A"][layer, h:h + 1], dtype=torch.complex128)
        B = torch.tensor(ssm["B"][layer, h:h + 1], dtype=torch.complex128)
        C = torch.tensor(ssm["C"][layer, :1, h:h + 1], dtype=torch.complex128)
        kernel = s4d_kernel(log_dt, A, B, C, t)[0, 0].numpy()
        dtA = torch.exp(log_dt) * A
        weights = (2 * C[0] * torch.expm1(dtA) / A * B).abs()
        targets.append({"layer": layer, "channel": h, "kernel": kernel, "complex_n": A.shape[-1],
                        "complex_n_cb_inf": float(A.shape[-1] * weights.max())})
    return targets


def compute(tier: str = "quick", device: str = "cpu", data_dir: str = "") -> dict:
    """Train (or read) the tier's first complex run and bracket the real cost of its sampled kernels."""
    scale = SCALE[tier]
    config = next(c for c in tier_configs(tier, device=device, data_dir=data_dir) if c.field == "complex")
    result = run_study([config])[0]
    t = scale["t"] or (64 if config.dataset == "digits" else 1024)
    rows = []
    targets = channel_targets(result.ssm, scale["channels"], t)
    for target in tqdm(targets, desc="channels", unit="channel"):
        phi = [float(v) for v in target["kernel"]]
        norm = math.fsum(abs(v) for v in phi)
        for fraction in EPS_FRACTIONS:
            eps = fraction * norm
            l1 = min_l1_weight(phi, eps, max_seconds=scale["l1_seconds"], progress=False)
            dimension = dimension_bracket(phi, eps, max_seconds=scale["dimension_seconds"])
            log2_lower, log2_upper = l1.log2_bounds
            rows.append({"layer": target["layer"], "channel": target["channel"], "t": t, "eps_fraction": fraction,
                         "kernel_l1": norm, "l1_lower": l1.lower, "l1_upper": l1.upper,
                         "l1_log2_lower": log2_lower, "l1_log2_upper": log2_upper, "l1_converged": l1.converged,
                         "dim_lower": dimension.lower, "dim_upper": dimension.upper,
                         "complex_n": target["complex_n"], "complex_n_cb_inf": target["complex_n_cb_inf"]})
    return {"tier": tier, "run": config.as_dict(), "accuracy": result.accuracy, "t": t, "rows": rows}


def draw(data: dict, out_dir: Path) -> list[Path]:
    """Histograms of log10 min ||w||_1 and of the dimension's lower end against the complex channels' own sizes."""
    rows = data["rows"]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    own = [math.log10(row["complex_n_cb_inf"]) for row in rows if row["eps_fraction"] == EPS_FRACTIONS[0]]
    left.hist(own, bins=12, alpha=0.5, color="tab:orange", label="complex channel: log10 n ||C⊙B||_inf")
    for fraction, colour in zip(EPS_FRACTIONS, ("tab:blue", "tab:green")):
        chosen = [row for row in rows if row["eps_fraction"] == fraction]
        left.hist([row["l1_log2_lower"] * math.log10(2) for row in chosen], bins=12, alpha=0.5, color=colour,
                  label=f"real: log10 min ||w||_1 (lower end), eps = {100 * fraction:g}% of ||K||_1")
        right.hist([row["dim_lower"] for row in chosen], bins=12, alpha=0.5, color=colour,
                   label=f"real: min dimension (lower end), eps = {100 * fraction:g}%")
    right.axvline(rows[0]["complex_n"], color="tab:orange", linestyle="--",
                  label=f"complex channel: n = {rows[0]['complex_n']} states")
    left.set_xlabel("log10")
    left.set_ylabel("channels")
    left.set_title(f"{len(own)} trained complex channels, kernels up to t = {data['t']} (tier {data['tier']})",
                   fontsize=8)
    right.set_xlabel("real dimension")
    left.legend(fontsize=6)
    right.legend(fontsize=6)
    figure.tight_layout()
    return save_figure(figure, rows, out_dir, NAME)
