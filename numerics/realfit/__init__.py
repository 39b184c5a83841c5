"""Optimal real fits: the true quantities that Theorems 1 and 2 of Ran-Milo et al. bound.

* :mod:`.l1` -- the certified minimal ``||w||_1`` of a real SSM that eps-approximates a mapping
  (Theorem 2's truth): :func:`min_l1_weight`; its parts: :mod:`.rounding` (outward rounding),
  :mod:`.moments` (exact input and Chebyshev moments), :mod:`.sup_norm` (rigorous ``sup |p|``),
  :mod:`.dual` (certified lower bound), :mod:`.proposal` (float64 LP / KKT Newton proposal),
  :mod:`.witness` (exact witness, the upper bound);
* :mod:`.dimension` -- rigorous brackets of the minimal real dimension (Theorem 1's truth):
  :func:`dimension_bracket`; its parts: :mod:`.dimension_input`, :mod:`.lower_bounds` (sign
  changes), :mod:`.annihilator` (annihilating polynomials, branch and bound), :mod:`.upper_bounds`
  (verified witnesses and their search), :mod:`.varpro` (pole elimination with variable projection);
* :mod:`.frontier` -- the dimension-magnitude frontier (smallest ``||w||_1`` with at most n states
  within eps; certified lower end, verified upper end): :func:`weight_frontier`;
* :mod:`.balancing` -- balancing numbers of angles (Definitions 3-5, Appendix D.2.1);
* :mod:`.theorem2` -- the two sides of Theorem 2, computed exactly.
"""
from .dual import DualCertificate, certified_lower_bound
from .l1 import L1Bracket, min_l1_weight
from .moments import chebyshev_moments, monomial_coefficients
from .sup_norm import SupBound, sup_norm_bound
from .dimension import DimensionBracket, dimension_bracket
from .annihilator import AnnihilatorBound, annihilator_bound
from .lower_bounds import SignChanges, change_costs, sign_change_bound
from .upper_bounds import one_less_witness, verify_witness
from .varpro import VarproResult, varpro_search
from .frontier import Frontier, FrontierCurve, elimination_witnesses, weight_frontier

__all__ = ["L1Bracket", "DualCertificate", "SupBound", "min_l1_weight", "certified_lower_bound",
           "sup_norm_bound", "chebyshev_moments", "monomial_coefficients", "DimensionBracket",
           "SignChanges", "dimension_bracket", "sign_change_bound", "change_costs", "verify_witness",
           "one_less_witness", "AnnihilatorBound", "annihilator_bound", "VarproResult", "varpro_search",
           "Frontier", "FrontierCurve", "weight_frontier", "elimination_witnesses"]
