"""Cirone et al. 2024, "Theoretical Foundations of Deep Selective State-Space Models": its statements
as sympy objects, with their symbolic proofs (issue 5).

Importing this package registers (see :mod:`theory.registry`), in the paper's order:

* ``cirone.thm4_1`` / ``cirone.lemmaB_8`` / ``cirone.propB_10`` -- Theorem 4.1 / B.13 construction, Lemma B.8
  kernel equation, Proposition B.10 readout tail (:mod:`.dense`);
* ``cirone.thm4_2`` -- Theorem 4.2, random Linear CDEs, with the random-word Gram steps (:mod:`.random_cde`);
* ``cirone.lti_symmetry`` -- Section 4.2 on the toy data: LTI readouts are affine in the path and
  cannot beat the zero predictor on Area and Volume (:mod:`.lti`);
* ``cirone.thm4_3`` -- Theorem 4.3, the diagonal closure: symmetrised words, Area in and Volume
  out of one diagonal layer's span (:mod:`.diagonal`; word combinatorics in :mod:`.words`);
* ``cirone.cor4_4`` -- Corollary 4.4 / B.20, Mamba's channel-wise closure: mixed words vanish, cross terms
  out of reach (:mod:`.mamba`);
* ``cirone.prop4_5`` -- Proposition 4.5 / Proposition C.1 / Theorem C.2, chaining (:mod:`.chaining`);
* ``cirone.appendixC1`` / ``cirone.appendixC2_1`` -- Appendix C.1 stability of diagonal Wronskians, C.2.1 ReLU
  gates (:mod:`.stability`);
* ``cirone.prop4_6`` -- Proposition 4.6 / B.4, the signature expansion and its factorial tail
  bound (:mod:`.signature_expansion`);
* ``cirone.thmE_1`` / ``cirone.thmE_2`` / ``cirone.thmE_6`` -- Appendix E: Picard contraction, the Wronskian
  series and its bound, variation of constants (:mod:`.wronskian`);
* ``cirone.prop5_1`` -- Proposition 5.1 / D.2, path-to-path with an MLP readout; the linear-readout remark
  and its corrected form (:mod:`.path_to_path`);
* ``cirone.lemmaA_8`` -- Lemma A.8, the time channels t, t^2 identify the window (:mod:`.time_windows`);
* ``cirone.propA_4`` -- Proposition A.4, factorial decay of signature levels (:mod:`.signatures`);
* ``cirone.propB_18`` -- Proposition B.18, exponentials from a cone are dense (:mod:`.exponentials`);
* ``cirone.appendixF`` -- Appendix F, the zero-order hold is exact (:mod:`.zoh`);
* ``cirone.fig1_*`` -- Section 6 / Figure 1, the trained S4 / Mamba baselines (:mod:`.trained_toy`);
* ``cirone.a5`` -- Section 6 / Figure 2, the A5 word problem: the exact dense construction, one diagonal
  layer's limit, the experiment claim (:mod:`.a5`).
"""
from . import dense  # noqa: F401  (registers)
from . import random_cde, lti, diagonal, mamba, chaining, stability, signature_expansion, wronskian  # noqa: F401
from . import path_to_path, time_windows  # noqa: F401  (registers)
from . import signatures, exponentials, zoh  # noqa: F401  (registers)
from . import trained_toy, a5  # noqa: F401  (registers Section 6: cirone.fig1_*, cirone.a5)
