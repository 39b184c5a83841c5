"""Trained sequence models (torch): selective (Mamba) SSMs, real and complex.

With none of B, C, Delta selective the S6 layer is time-invariant (an S4D-like diagonal SSM with
Euler-discretised B); the official S4D layer (ZOH, FFT convolution, ``legs``/``diag-lin``/``diag-real``
inits) is :mod:`.s4d`.

* :mod:`.scan` -- the selective scan of S6, real and complex: the official sequential reference and a
  fast CPU path (numba kernels with a hand-written backward inside ``torch.autograd.Function``);
* :mod:`.mamba` -- MambaLM with S6-Real / S6-Complex layers and the selectivity switches of B, C, Delta;
* :mod:`.tasks` -- the copy and induction-head data of the official ``datasets.py``;
* :mod:`.selectivity` -- one training run of Section 4.3 of Ran-Milo et al. 2024, the tiers of the
  study and its runs through :func:`numerics.learning.sweep.run_sweep`;
* :mod:`.s4d` -- the S4D layer and model of the official S4 repository (Section 4.2 of Ran-Milo et al.);
* :mod:`.images` -- sequential images: a local CIFAR-10 copy (grayscale, length 1024) and scikit-learn's digits;
* :mod:`.images_study` -- S4D real against complex on them: runs, tiers, records;
* :mod:`.cirone_layers` -- the bare S6 and S4D-Lin recurrences of Cirone et al.'s official code, as
  sequence-to-sequence layers;
* :mod:`.cirone_toy` -- Cirone et al.'s Figure 1 models on the Area / Volume toy data: runs, tiers, study;
* :mod:`.a5` -- the A5 word problem (Cirone et al.'s Figure 2): the group, the generator, the exact dense
  Linear CDE; :mod:`.a5_models` -- the official block models and the Linear CDE layer; :mod:`.a5_study` --
  runs, the depth-increasing loop, tiers.

Importing this package imports torch.
"""
from .cirone_layers import S4Layer, S6Layer
from .cirone_toy import ToyModel, ToyRunConfig, ToyRunResult, train_toy
from .mamba import MambaConfig, MambaLM
from .scan import selective_scan, selective_scan_reference
from .selectivity import (SelectivityConfig, SelectivityResult, run_study, tier_configs, train_selectivity)
from .tasks import copy_batch, induction_batch, make_batch

__all__ = ["S4Layer", "S6Layer", "ToyModel", "ToyRunConfig", "ToyRunResult", "train_toy", "MambaConfig", "MambaLM", "selective_scan", "selective_scan_reference", "SelectivityConfig",
           "SelectivityResult", "run_study", "tier_configs", "train_selectivity", "copy_batch", "induction_batch",
           "make_batch"]
