"""Check of the Appendix C identity (Ran-Milo et al. 2024, Eq. 7).

With i.i.d. N(0, 1) inputs U, the expected squared output error at time t equals the squared l2
distance of the impulse responses up to time t.  The identity is proved in sympy
(``ranmilo.appendix_c``; linearity of expectation is a named premise).  As an independent confirmation, a Monte Carlo estimate runs the SSM
recurrence itself (not the convolution formula) on seeded Gaussian inputs and compares the mean
squared error at time t with ``||h_{:t} - phi_{:t}||_2^2`` computed exactly.  The Monte Carlo
part can only confirm: a z-score beyond 6 would turn the verdict to ``open`` (a conflict between
proof and simulation means a bug), never to ``proved``.  Mutations: the claimed expectation
multiplied by 11/10 (:data:`CLAIM_FACTOR`) must give such a conflict, and the perturbed proof an
open verdict.
"""
from __future__ import annotations

import sys

import numpy as np
from flint import fmpq

from numerics import impulse_response, make_target
from numerics.ssm import DiagonalSSM
from numerics.ssm.systems import to_fmpq

from theory.steps import perturbed

from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0
Z_LIMIT = 6.0
#: The claimed E[error^2] is CLAIM_FACTOR times ||Delta||_2^2 (1: Appendix C; a mutation changes it).
CLAIM_FACTOR = fmpq(1)


def _monte_carlo(ssm: DiagonalSSM, phi: np.ndarray, samples: int, rng: np.random.Generator) -> dict:
    t = phi.size
    A, B, C = ssm.float64()
    U = rng.standard_normal((samples, t))
    x = np.zeros((samples, ssm.n), dtype=A.dtype)
    for k in range(t):
        x = x * A + U[:, k:k + 1] * B
    model_output = np.real(x @ C)
    target_output = U @ phi[::-1]  # (U * phi)_t = sum_j U_j phi_(t-j+1)
    squared = (model_output - target_output) ** 2
    exact = impulse_response(ssm, t, system="exact")
    distance2 = CLAIM_FACTOR * sum(((h - to_fmpq(p)) ** 2 for h, p in zip(exact, phi)), fmpq(0))
    mean, stderr = float(squared.mean()), float(squared.std(ddof=1) / np.sqrt(samples))
    return {"t": t, "n": ssm.n, "field": ssm.field, "samples": samples, "mc_mean_squared_error": mean,
            "mc_standard_error": stderr, "l2_distance_squared_exact": str(distance2),
            "z": (mean - float(distance2)) / stderr}


@check("ranmilo.appendix_c", statement="ranmilo.appendix_c", expected="proved",
       mutations={"claimed expectation multiplied by 11/10":
                  lambda: patched(sys.modules[__name__], "CLAIM_FACTOR", fmpq(11, 10)),
                  "every machine-checked proof step perturbed (theory.steps.perturbed)": perturbed})
def appendix_c(tier: str) -> Outcome:
    """Appendix C identity: sympy proof, confirmed by a seeded Monte Carlo run of the recurrence."""
    verdict, evidence = proof_outcome("ranmilo.appendix_c")
    rng = np.random.default_rng(SEED)
    samples = 200_000 if tier == "quick" else 2_000_000
    runs = []
    for field, t in (("real", 8), ("complex", 16), ("real", 32)):
        n = 4
        A = rng.uniform(-0.95, 0.95, n) * (np.exp(1j * rng.uniform(0, np.pi, n)) if field == "complex" else 1)
        B, C = rng.normal(size=n), rng.normal(size=n) + (1j * rng.normal(size=n) if field == "complex" else 0)
        ssm = DiagonalSSM(A, B, C, field=field)
        phi = make_target("random", t, seed=SEED).values()
        runs.append(_monte_carlo(ssm, phi, samples, rng))
    evidence.update(seed=SEED, monte_carlo=runs, monte_carlo_system="float64 simulation of the recurrence")
    if any(abs(r["z"]) > Z_LIMIT for r in runs):
        verdict = "open"
        evidence["conflict"] = f"a Monte Carlo z-score exceeds {Z_LIMIT}"
    return Outcome(verdict, 0.0 if verdict == "proved" else None,
                   "0: an identity, proved; the Monte Carlo z-scores are in the evidence", evidence,
                   summary=f"Monte Carlo ({samples} seeded samples per run, {len(runs)} runs): "
                           f"max |z| = {max(abs(r['z']) for r in runs):.2f}")
