"""Training of real and complex diagonal SSMs (Section 3.3 and Tables 1-2 of Ran-Milo et al.).

* :mod:`.training` -- the official parameterisation, closed-form gradients (numba), whole runs;
* :mod:`.optimizers` -- Adam, AdamW, RAdam and the cosine schedule, as torch.optim computes them;
* :mod:`.sweep` -- grids of runs with a resumable, configuration-keyed cache;
* :mod:`.learnability` -- the numerics of Lemma 3 and Propositions 4-5 (Hessians, gradient
  descent runs, quantisation densities).
"""
