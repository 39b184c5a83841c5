"""Paths and linear controlled differential equations (Cirone et al. 2024).

* :mod:`.signatures` -- truncated path signatures (numba; exact fmpq), Chen's identity;
* :mod:`.cde` -- solvers of linear CDEs driven by piecewise-linear paths (Appendix F);
* :mod:`.cde_models` -- feature maps of dense, diagonal, LTI and chained linear CDEs, readouts;
* :mod:`.toydata` -- the toy data sets of Section 6 (Area, Volume).
"""
