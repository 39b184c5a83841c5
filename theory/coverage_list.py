"""Every numbered statement of both papers, mapped to the statement records that cover it.

Taken from the digests ``../shared/papers/ranmilo2024.md`` and ``cirone2024.md`` (Cirone et al.'s
numbering as in the digest's section 3).  Definitions are left out; Propositions, Theorems,
Corollaries, Lemmas, Remarks with a claim and the appendix results are in, with the few
unnumbered claims that have records (Section 2.3 of Ran-Milo et al., Section 4.2 of Cirone et al.) and
the experiments.  Each entry names the registered statements (top-level records or proof steps)
that cover it, or says in one line why none does (``reason``).  :mod:`theory.coverage` prints the
list with the verdicts of the last report; ``tests/test_coverage.py`` keeps it in step with the
registry.
"""
from __future__ import annotations

from dataclasses import dataclass

RANMILO = "Ran-Milo et al. 2024"
CIRONE = "Cirone et al. 2024"

@dataclass(frozen=True)
class Entry:
    """One numbered statement: where it is printed, and its records or the reason it has none."""

    paper: str
    number: str
    title: str
    statements: tuple[str, ...] = ()
    reason: str | None = None


ENTRIES: tuple[Entry, ...] = (
    # --- Ran-Milo et al. 2024 ----------------------------------------------------------------
    Entry(RANMILO, "Section 2.3", "LTI: an SSM is the convolution with its impulse response", ("ranmilo.lti",)),
    Entry(RANMILO, "Proposition 1", "universality: n_K >= t matches any LTI map up to t", ("ranmilo.prop1",)),
    Entry(RANMILO, "Proposition 2", "complex SSMs realise every real SSM of no larger dimension", ("ranmilo.prop2",)),
    Entry(RANMILO, "Theorem 1", "real SSMs need dimension about t/9 to approximate a complex oscillator",
          ("ranmilo.thm1", "ranmilo.thm1_repaired")),
    Entry(RANMILO, "Remark 1", "mostly-positive/negative arguments and the real part", ("ranmilo.remark1",)),
    Entry(RANMILO, "Lemma 1", "balancing number bounds from the argument",
          ("ranmilo.lemma1", "ranmilo.lemma1_corrected.choice_of_k")),
    Entry(RANMILO, "Lemma 2", "beta(e^(r + i theta)) = beta(e^(r - i theta))", ("ranmilo.lemma2",)),
    Entry(RANMILO, "Corollary 4", "beta(x) <= p from arg(x) mod pi", ("ranmilo.cor4",)),
    Entry(RANMILO, "Lemma 5", "{b + j theta} meets every arc of length theta", ("ranmilo.lemma5",)),
    Entry(RANMILO, "Lemma 4", "sum_i b_i a_i^x has at most n - 1 zeros",
          ("ranmilo.lemma4", "ranmilo.lemma4_corrected")),
    Entry(RANMILO, "Theorem 2", "n_R ||C^T . B||_inf is exponential in t (Eq. 3)",
          ("ranmilo.thm2", "ranmilo.thm2_corrected", "ranmilo.thm2_corrected_without_stability")),
    Entry(RANMILO, "Lemma 6", "forward differences of a geometric sequence", ("ranmilo.lemma6",)),
    Entry(RANMILO, "Lemma 7", "closed form of the d-th forward difference", ("ranmilo.lemma7",)),
    Entry(RANMILO, "Lemma 8", "||A - B||_inf >= ||A^(m) - B^(m)||_inf / 2^m", ("ranmilo.lemma8",)),
    Entry(RANMILO, "Lemma 9", "odd/even restrictions are real SSMs with nonnegative A", ("ranmilo.lemma9",)),
    Entry(RANMILO, "Lemma 10", "binomial(2n, n) >= 4^n / (2 sqrt n)", ("ranmilo.lemma10",)),
    Entry(RANMILO, "Lemma 11", "binomial(n, floor(n/2)) >= 2^n / (4 sqrt(2n))", ("ranmilo.lemma11",)),
    Entry(RANMILO, "Lemma 12", "(m/(n+m))^m (n/(n+m))^n <= 2^(-2 min(m, n))", ("ranmilo.lemma12",)),
    Entry(RANMILO, "Lemma 13", "Re x <= 0 implies |1/(1 - x)| <= 1", ("ranmilo.lemma13",)),
    Entry(RANMILO, "Corollary 1", "copy (delay) target needs exponential parameters",
          ("ranmilo.cor1", "ranmilo.cor1_corrected_proof")),
    Entry(RANMILO, "Corollary 2", "random target needs exponential parameters (with probability 1 - p)",
          ("ranmilo.cor2", "ranmilo.cor2_corrected_proof")),
    Entry(RANMILO, "Corollary 3", "oscillating target needs exponential parameters",
          ("ranmilo.cor3", "ranmilo.cor3_corrected_proof")),
    Entry(RANMILO, "Proposition 3", "complex SSMs match with ||B||_2 <= 2||phi||_2, ||C||_2 <= 1", ("ranmilo.prop3",)),
    Entry(RANMILO, "Appendix C (Eq. 7)", "the Gaussian-input loss is the squared l2 distance of impulse responses",
          ("ranmilo.appendix_c",)),
    Entry(RANMILO, "Proposition 4", "gradient descent grows B, C at most linearly in the steps",
          ("ranmilo.prop4", "ranmilo.prop4_without_stability")),
    Entry(RANMILO, "Lemma 3", "lambda_max(Hessian) >= 2 max(||B||_inf, ||C||_inf)^2", ("ranmilo.lemma3",)),
    Entry(RANMILO, "Proposition 5", "robustness to q-quantization <= 2 eps / (q ||C^T . B||_inf)",
          ("ranmilo.prop5", "ranmilo.prop5_corrected_proof")),
    Entry(RANMILO, "Appendix A.1 (Theorem 2)",
          "bilinear discretisation: n_R Delta ||C^T . B||_inf on the left (Lemma 13)",
          ("ranmilo.appendix_a1", "ranmilo.appendix_a1_corrected")),
    Entry(RANMILO, "Appendix A.1 (Theorem 1)", "bilinear discretisation: Theorem 1 unchanged",
          ("ranmilo.appendix_a1.theorem1", "ranmilo.thm1")),
    Entry(RANMILO, "Appendix A.2", "feedthrough D emulated by one extra state (0, 1, D)", ("ranmilo.appendix_a2",)),
    Entry(RANMILO, "Appendix A.3 (Propositions 1-2)", "complex A with real B, C: Propositions 1-2 carry over",
          ("ranmilo.appendix_a3.prop1", "ranmilo.appendix_a3.prop2")),
    Entry(RANMILO, "Appendix A.3 (Theorem 1)", "complex A with real B, C: Theorem 1 carries over",
          ("ranmilo.appendix_a3.thm1",)),
    Entry(RANMILO, "Appendix A.3 (Proposition 3)", "complex A with real B, C: Proposition 3 via the DCT",
          ("ranmilo.appendix_a3.prop3", "ranmilo.appendix_a3.d7_alpha")),
    Entry(RANMILO, "Section 4, Appendix F", "experiments: Tables 1-2",
          reason="not checked: empirical claims without a verdict; Tables 1-2 are reproduced by `python -m figures "
                 "table1 table2` at CPU scale"),
    Entry(RANMILO, "Section 4.2 (sCIFAR)", "S4D: complex beats real on sequential images; no real init closes the gap",
          ("ranmilo.scifar",)),
    Entry(RANMILO, "Section 4.3 (copy, induction head)", "selectivity: complex beats real on copy, not on induction",
          ("ranmilo.selectivity_copy", "ranmilo.selectivity_induction")),
    Entry(RANMILO, "Table 3", "selectivity ablation: real keeps up only when B and C are selective",
          ("ranmilo.selectivity_table3",)),
    # --- Cirone et al. 2024 (numbering as in the digest's section 3) ---------------------------
    Entry(CIRONE, "Remark 2.1", "channels evolve separately; other gated models differ in parametrisation",
          reason="not checked: a description of the architectures, with no quantitative claim"),
    Entry(CIRONE, "Remark 3.2", "S4/Mamba's channel separation is a block-diagonal Linear CDE",
          reason="not checked: a structural reading of the models (definitional), nothing to compute"),
    Entry(CIRONE, "Proposition 4.6 / B.4", "Linear CDE solutions are linear in signature features",
          ("cirone.prop4_6",)),
    Entry(CIRONE, "Theorem E.2", "the Wronskian series solves the linear equation (bound e^(d M ||omega||))",
          ("cirone.thmE_2", "cirone.thmE_2.bound", "cirone.thmE_2.equation")),
    Entry(CIRONE, "Theorem E.1", "Picard iterates contract with (d M ||omega||)^k / k!",
          ("cirone.thmE_1", "cirone.thmE_1.induction")),
    Entry(CIRONE, "Theorem E.6", "variation of constants for the Linear CDE", ("cirone.thmE_6", "cirone.thmE_6.derivative")),
    Entry(CIRONE, "Lemma B.8", "the signature kernel's integral equation", ("cirone.lemmaB_8",)),
    Entry(CIRONE, "Proposition B.7", "the RKHS of Linear CDE readouts and its norm",
          reason="not checked: characterises the RKHS norm as an infimum over representations (in effect its "
                 "definition); no finite computation decides it"),
    Entry(CIRONE, "Theorem 4.1 / B.13", "dense Linear CDEs reach every map of form (7) (explicit construction B.13)",
          ("cirone.thm4_1",)),
    Entry(CIRONE, "Proposition B.10", "readout tail past level M <= K sum_m (lambda d K)^m / m!", ("cirone.propB_10",)),
    Entry(CIRONE, "Proposition B.11", "form (7) is the closure: compact image, separation, Stone-Weierstrass",
          reason="not checked: a density step of Theorem 4.1's proof (Stone-Weierstrass); density in C^0 is not "
                 "decided by finitely many instances"),
    Entry(CIRONE, "Remark B.12", "form (7) excludes maps that are not time-homogeneous",
          reason="not checked: a qualitative remark on what form (7) excludes"),
    Entry(CIRONE, "Theorem 4.2", "random dense Linear CDEs reach form (7) as N -> infinity", ("cirone.thm4_2",)),
    Entry(CIRONE, "Section 4.2", "with LTI gates the readouts are linear filters of the input",
          ("cirone.lti_symmetry",)),
    Entry(CIRONE, "Theorem 4.3 / B.15", "diagonal Linear CDEs reach only the diagonal closure", ("cirone.thm4_3",)),
    Entry(CIRONE, "Proposition B.14", "the diagonal closed form sees only symmetrised signature terms",
          ("cirone.thm4_3.symmetrised_words",)),
    Entry(CIRONE, "Corollary 4.4 / B.20", "Mamba's closure: sums of one-channel psi_i and phi_i",
          ("cirone.cor4_4", "cirone.cor4_4.channel_separation", "cirone.cor4_4.readout_splits",
           "cirone.cor4_4.cross_terms_outside")),
    Entry(CIRONE, "Proposition B.18 (Remark B.19)", "cone exponentials are dense in C^0(K)", ("cirone.propB_18",)),
    Entry(CIRONE, "Appendix C.1", "stability of diagonal Wronskians when V d(omega) <= 0",
          ("cirone.appendixC1", "cirone.appendixC1.stable", "cirone.appendixC1.svd_condition")),
    Entry(CIRONE, "Proposition 4.5", "chained diagonal layers reach form (7)", ("cirone.prop4_5",)),
    Entry(CIRONE, "Proposition C.1", "integration by parts: diagonal readouts reach the double integral",
          ("cirone.prop4_5.integration_by_parts",)),
    Entry(CIRONE, "Theorem C.2", "|I| - 1 chained diagonal layers reach Sig^I", ("cirone.prop4_5.volume_two_layers",)),
    Entry(CIRONE, "Appendix C.2.1", "ReLU gates recover int X and deep signature terms",
          ("cirone.appendixC2_1", "cirone.appendixC2_1.relu_identity", "cirone.appendixC2_1.integral_recovery",
           "cirone.appendixC2_1.chained_layer")),
    Entry(CIRONE, "Proposition 5.1 / D.2 (Remark D.3)", "path-to-path: an MLP on the state reaches causal G",
          ("cirone.prop5_1", "cirone.prop5_1.construction", "cirone.prop5_1.linear_readout",
           "cirone.prop5_1.linear_readout_corrected")),
    Entry(CIRONE, "Appendix F", "zero-order hold is exact for piecewise-linear drivers", ("cirone.appendixF",)),
    Entry(CIRONE, "Proposition A.4", "signature level k <= ||gamma||^k / k!", ("cirone.propA_4",)),
    Entry(CIRONE, "Theorem A.5", "linear functionals of signatures are dense (Fermanian 2020)",
          reason="not checked: a cited theorem (Fermanian 2020), not proved in the paper"),
    Entry(CIRONE, "Lemma A.8", "the time channels t, t^2 identify the window of a signature", ("cirone.lemmaA_8",)),
    Entry(CIRONE, "Section 6 / Figure 1", "trained S4 / Mamba baselines: S4 needs a nonlinearity, Mamba gains from "
          "depth not GELU, the random Linear CDE is best on Area",
          ("cirone.fig1_s4_linear", "cirone.fig1_mamba_stacking", "cirone.fig1_nonlinearity", "cirone.fig1_lcde_area")),
    Entry(CIRONE, "Section 6 / Figure 2", "A5 word problem: minimal blocks against length; exact dense and diagonal limits",
          ("cirone.a5", "cirone.a5.dense_solves", "cirone.a5.one_diagonal_layer",
           "cirone.a5.one_diagonal_layer_on_a5", "cirone.a5.figure2")),
)
