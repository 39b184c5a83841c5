"""The empirical claims of Section 6 (task 1, Figure 1) of Cirone et al. 2024 on the trained baselines, as statements.

These are claims about experiments, not theorems: a check trains the models of
:mod:`numerics.nets.cirone_toy` (the official ``state_space_models.py``: embedding, ``depth`` x
[recurrence, optional GELU, linear mix, residual], mean over time, linear readout; S4D-Lin "S4" or
bare S6 "Mamba") on the Area (2 channels) and Volume (3 channels) toy data of
:mod:`numerics.paths.toydata` at a stated scale and reports ``checked`` when the runs agree and
``refuted`` with the runs as counterexample when they do not -- never ``proved``.  The quantity is
the *RMSE ratio*: the final validation RMSE of a run divided by the zero predictor's RMSE on the
same validation labels (1 = no better than predicting 0); "mean" is over the 5 seeds of a
configuration, as Figure 1's lines.

* ``cirone.fig1_s4_linear`` -- S4 without a nonlinearity (depth 1 and depth 2) does not beat the
  zero predictor on Area or Volume: every run's ratio is at least ``floor`` (< 1, the finite-sample
  slack).  Section 4.2 explains why and ``cirone.lti_symmetry`` proves it for every affine
  predictor: without a nonlinearity the whole model is affine in the path values.
* ``cirone.fig1_mamba_stacking`` -- stacking helps Mamba: on both data sets the mean ratio of
  Mamba depth 2 is below that of Mamba depth 1.
* ``cirone.fig1_nonlinearity`` -- a nonlinearity is needed for S4 but adds little for Mamba: on both
  data sets the mean ratio of S4 depth 2 + GELU is below ``learnt`` (S4 depth 2 without it stays at
  the zero predictor, the first claim), and Mamba depth 2 + GELU's mean ratio is not below
  ``(1 - little)`` times Mamba depth 2's.
* ``cirone.fig1_lcde_area`` -- the random dense Linear CDE with an OLS readout (nothing trained;
  ``cirone.thm4_2``) is the best model on Area: its mean RMSE is below the mean final RMSE of every
  trained configuration.
"""
from __future__ import annotations

import sympy
from sympy import And, Symbol

from ..registry import register
from ..statement import Statement

SOURCE = ("Section 6 and Figure 1, Cirone et al. 2024 (task 1, Area / Volume; official code state_space_models.py "
          "at 5d4ce7e, results/plot_toy.py)")
EMPIRICAL = ("An empirical claim: checked by training the models at a stated scale (verdict checked or refuted, "
             "never proved); the evidence names the scale, seeds and data seed.")

#: RMSE ratios (validation RMSE / zero predictor's RMSE on the same labels).
ratio = Symbol("rmse_ratio", nonnegative=True)
floor = Symbol("floor", positive=True)
mamba_1 = Symbol("mean_ratio_mamba_depth1", nonnegative=True)
mamba_2 = Symbol("mean_ratio_mamba_depth2", nonnegative=True)
mamba_2_gelu = Symbol("mean_ratio_mamba_depth2_gelu", nonnegative=True)
s4_2_gelu = Symbol("mean_ratio_s4_depth2_gelu", nonnegative=True)
learnt = Symbol("learnt", positive=True)
little = Symbol("little", nonnegative=True)
lcde = Symbol("mean_rmse_lcde", nonnegative=True)
best_trained = Symbol("min_mean_rmse_trained", nonnegative=True)

register(Statement(
    name="cirone.fig1_s4_linear",
    source=SOURCE,
    summary="S4 without a nonlinearity (depth 1 and depth 2) does not beat the zero predictor on Area or Volume: "
            "every trained run's RMSE ratio is at least the floor (finite-sample slack below 1).",
    symbols=(ratio, floor),
    conclusion=sympy.Ge(ratio, floor),
    remarks=(EMPIRICAL, "Why: without a nonlinearity the model is affine in the path values, and no affine predictor "
                        "beats the zero predictor on these labels (cirone.lti_symmetry, Section 4.2)."),
))

register(Statement(
    name="cirone.fig1_mamba_stacking",
    source=SOURCE,
    summary="Stacking helps Mamba: on Area and on Volume the mean RMSE ratio of two stacked Mamba recurrences is below "
            "that of one.",
    symbols=(mamba_1, mamba_2),
    conclusion=sympy.Lt(mamba_2, mamba_1),
    remarks=(EMPIRICAL,),
))

register(Statement(
    name="cirone.fig1_nonlinearity",
    source=SOURCE,
    summary="A nonlinearity is needed for S4 but adds little for Mamba: with GELU between layers two-layer S4 learns "
            "(mean RMSE ratio below 'learnt'), while two-layer Mamba with GELU is not better than without it by more "
            "than the fraction 'little'.",
    symbols=(s4_2_gelu, learnt, mamba_2, mamba_2_gelu, little),
    conclusion=And(sympy.Lt(s4_2_gelu, learnt), sympy.Ge(mamba_2_gelu, (1 - little) * mamba_2)),
    remarks=(EMPIRICAL, "The paper puts ReLU between layers; the code behind Figure 1 applies GELU after every "
                        "recurrence (digest section 5.7 item 2); this follows the code.",
             "That two-layer S4 without the nonlinearity does not learn is cirone.fig1_s4_linear."),
))

register(Statement(
    name="cirone.fig1_lcde_area",
    source=SOURCE,
    summary="On Area the random dense Linear CDE with only an OLS readout (nothing trained) is the best model of "
            "Figure 1: its mean validation RMSE is below the mean final RMSE of every trained S4 / Mamba configuration.",
    symbols=(lcde, best_trained),
    conclusion=sympy.Lt(lcde, best_trained),
    remarks=(EMPIRICAL, "The trained models are those of the stated scale (smaller than the paper's at the CPU tiers); "
                        "the Linear CDE is the one of cirone.thm4_2 (omega = xi = (t, X), Z_0 = W X_0 + b)."),
))
