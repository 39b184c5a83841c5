"""Optimal real fits: the true quantities that Theorems 1 and 2 of Ran-Milo et al. bound.

* :mod:`.l1` -- the certified minimal ``||w||_1`` of a real SSM that eps-approximates a mapping
  (Theorem 2's truth): :func:`min_l1_weight`;
* :mod:`.dimension` -- rigorous brackets of the minimal real dimension (Theorem 1's truth):
  :func:`dimension_bracket`;
* :mod:`.balancing` -- balancing numbers of angles (Definitions 3-5, Appendix D.2.1);
* :mod:`.theorem2` -- the two sides of Theorem 2, computed exactly.
"""
from .l1 import (DualCertificate, L1Bracket, SupBound, certified_lower_bound, chebyshev_moments,
                 min_l1_weight, monomial_coefficients, sup_norm_bound)
from .dimension import (DimensionBracket, SignChanges, change_costs, dimension_bracket, one_less_witness,
                        sign_change_bound, verify_witness)

__all__ = ["L1Bracket", "DualCertificate", "SupBound", "min_l1_weight", "certified_lower_bound",
           "sup_norm_bound", "chebyshev_moments", "monomial_coefficients", "DimensionBracket",
           "SignChanges", "dimension_bracket", "sign_change_bound", "change_costs", "verify_witness",
           "one_less_witness"]
