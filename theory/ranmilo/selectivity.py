"""The empirical claims of Section 4.3 of Ran-Milo et al. 2024 (selectivity; Appendix F.3) as statements.

These are claims about experiments, not theorems: a check runs the experiment at a stated scale
(:mod:`numerics.nets.selectivity`, tiers quick / full / paper) and reports ``checked`` when the runs
agree and ``refuted`` with the runs as counterexample when they do not -- never ``proved``.  The
models are MambaLM with S6-Real (``d_state`` 16) or S6-Complex (8 complex states), 2 layers,
d_model 64; "accuracy" is the 0/1 accuracy on the scored positions of 1000 fresh examples; each
configuration is trained with three seeds.

* ``ranmilo.selectivity_copy`` -- on the copy task (lag 64 in the paper) complex beats real: the
  worst complex seed (93.05 %) is above the best real seed (80.17 %).
* ``ranmilo.selectivity_induction`` -- on the induction head (h = 128) real is not behind: the
  paper prints real 97.35-98.3 % and complex 93.93-97.64 %, i.e. real's best seed reaches at least
  complex's worst (with full selectivity the benefit of the complex parameterisation fades).
* ``ranmilo.selectivity_table3`` -- Table 3: over ``{B, C, Delta}`` selective in ``{F, T}^3``, real
  compares favourably with complex (real's best seed reaches complex's worst) exactly when both
  ``B`` and ``C`` are selective.  The paper's sentence is "only when"; read with Table 3's purpose
  (the fully selective models compare favourably), the statement here is the equivalence.
"""
from __future__ import annotations

import sympy
from sympy import And, Equivalent, Symbol

from ..registry import register
from ..statement import Statement

SOURCE = "Section 4.3, Ran-Milo et al. 2024 (Appendix F.3; official code train_selectivity.py)"
SOURCE_TABLE3 = "Table 3, Ran-Milo et al. 2024 (Section 4.3, Appendix F.3)"

#: Accuracies of the best real seed and the worst complex seed (in [0, 1]).
real_best = Symbol("acc_real_best", nonnegative=True)
complex_worst = Symbol("acc_complex_worst", nonnegative=True)
#: Table 3: per selectivity setting, whether B and C are selective and whether real compares favourably.
B_selective, C_selective = sympy.symbols("B_selective C_selective")
favourable = Symbol("real_favourable")

EMPIRICAL = ("An empirical claim: checked by running the experiment at a stated scale (verdict checked or "
             "refuted, never proved); the evidence names the scale.")

register(Statement(
    name="ranmilo.selectivity_copy",
    source=SOURCE,
    summary="On the copy task, S6-Complex beats S6-Real: the worst of three complex seeds is more accurate than the "
            "best of three real seeds (paper: 93.05% vs 80.17% at lag 64, up to 1 024 000 steps).",
    symbols=(real_best, complex_worst),
    conclusion=sympy.Gt(complex_worst, real_best),
    remarks=(EMPIRICAL,),
))

register(Statement(
    name="ranmilo.selectivity_induction",
    source=SOURCE,
    summary="On the induction-head task, S6-Real is not behind S6-Complex: the best of three real seeds reaches at "
            "least the worst of three complex seeds (paper: real 97.35-98.3%, complex 93.93-97.64% at h = 128, "
            "up to 250 000 steps).",
    symbols=(real_best, complex_worst),
    conclusion=sympy.Ge(real_best, complex_worst),
    remarks=(EMPIRICAL,),
))

register(Statement(
    name="ranmilo.selectivity_table3",
    source=SOURCE_TABLE3,
    summary="Over the eight settings of {B, C, Delta} selective, S6-Real compares favourably with S6-Complex (its "
            "best seed reaches complex's worst) exactly when both B and C are selective.",
    symbols=(B_selective, C_selective, favourable),
    conclusion=Equivalent(favourable, And(B_selective, C_selective)),
    remarks=(EMPIRICAL, "The paper says 'only when'; the table body is not available, so the favourable direction "
                        "(B and C selective => favourable) is read from the text's fully selective results."),
))
