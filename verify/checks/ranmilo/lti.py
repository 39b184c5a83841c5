"""Check of the LTI property (Ran-Milo et al. 2024, Section 2.3): recurrence equals convolution.

Proved in sympy by induction (``ranmilo.lti``); confirmed exactly (fmpq and Gaussian rationals)
on seeded random SSMs and inputs: the recurrence ``x_{j,k} = A_jj x_{j,k-1} + B_j u_k`` from
``x_{j,0} = 0`` (:func:`numerics.apply`, exact) against the statement's convolution
``y_k = sum_{s=1}^k h_{k-s+1} u_s``, computed here from the exact impulse response ``h``; and the float64
recurrence is compared with the exact output.

The convolution's index offset (``CONVOLUTION_SHIFT``, 0) and the initial state (``INITIAL_IMPULSE``:
``x_0 = INITIAL_IMPULSE * B``, 0 under the hypothesis ``x_0 = 0``) are module-level names; the mutations
patch them (a shifted convolution; the hypothesis dropped), and the check must then fail.  Just outside
the hypothesis, ``x_0 = B`` (an impulse before time 1) is tried on every instance and recorded in
``evidence["outside_hypotheses"]``: the convolution formula no longer holds there.
"""
from __future__ import annotations

import sys

import numpy as np
from flint import fmpq

from numerics import apply, impulse_response
from numerics.ssm import DiagonalSSM

from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0
#: The convolution confronted is y_k = sum_s h_{k-s+1+CONVOLUTION_SHIFT} u_s (0: the statement's).
CONVOLUTION_SHIFT = 0
#: The recurrence starts from x_0 = INITIAL_IMPULSE * B (0: the hypothesis x_0 = 0).
INITIAL_IMPULSE = 0


def _module():
    return sys.modules[__name__]


def recurrence_output(ssm: DiagonalSSM, u: list, impulse) -> list:
    """The exact recurrence's output on ``u`` from ``x_0 = impulse * B``: the recurrence from 0 on the input
    ``(impulse, u_1, ..., u_T)``, its first output dropped (``x_0 = A^0 B impulse`` is the state after it)."""
    if impulse == 0:
        return list(apply(ssm, u, system="exact"))
    return list(apply(ssm, [impulse, *u], system="exact"))[1:]


def convolution_output(ssm: DiagonalSSM, u: list, shift: int) -> list:
    """``y_k = sum_{s=1}^k h_{k-s+1+shift} u_s`` with the exact impulse response ``h``."""
    T = len(u)
    h = list(impulse_response(ssm, T + 1 + max(shift, 0), system="exact"))
    return [sum((h[k - s + shift] * u[s] for s in range(k + 1) if 0 <= k - s + shift < len(h)), fmpq(0))
            for k in range(T)]


@check("ranmilo.lti", statement="ranmilo.lti", expected="proved",
       mutations={"convolution with h_{k-s+2} in place of h_{k-s+1}":
                  lambda: patched(_module(), "CONVOLUTION_SHIFT", 1),
                  "hypothesis x_0 = 0 dropped (x_0 = B)": lambda: patched(_module(), "INITIAL_IMPULSE", 1)})
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
            u = [fmpq(*float(x).as_integer_ratio()) for x in rng.normal(size=T)]
            recurrence = recurrence_output(ssm, u, INITIAL_IMPULSE)
            convolution = convolution_output(ssm, u, CONVOLUTION_SHIFT)
            from_B = recurrence_output(ssm, u, 1)
            floats = apply(ssm, np.array([float(x) for x in u]), method="recurrence")
            exact_floats = np.array([float(v) for v in recurrence_output(ssm, u, 0)])
            instances.append({"field": field, "n": n, "T": T, "exactly_equal": recurrence == convolution,
                              "x0_eq_B_equal": from_B == convolution_output(ssm, u, 0),
                              "float64_max_abs_error": float(np.max(np.abs(floats - exact_floats)))})
    evidence.update(seed=SEED, convolution_shift=CONVOLUTION_SHIFT, initial_impulse=INITIAL_IMPULSE,
                    instances=instances, instance_system="exact (fmpq / Gaussian rationals)",
                    outside_hypotheses={"hypothesis": "x_0 = 0",
                                        "tried": "x_0 = B on every instance",
                                        "statement_without_it": "refuted (exact)" if not any(
                                            i["x0_eq_B_equal"] for i in instances) else "not refuted here"})
    if not all(i["exactly_equal"] for i in instances):
        verdict = "open"
        evidence["conflict"] = "an exact instance differs from the convolution although the proof is complete"
    return Outcome(verdict, 0.0 if verdict == "proved" else None,
                   "0: an identity; recurrence and convolution agree exactly on every instance", evidence,
                   summary=f"{sum(i['exactly_equal'] for i in instances)}/{len(instances)} instances equal exactly; "
                           f"float64 recurrence off by <= {max(i['float64_max_abs_error'] for i in instances):.1e}; "
                           f"with x_0 = B instead of 0 the convolution fails on "
                           f"{sum(not i['x0_eq_B_equal'] for i in instances)}/{len(instances)} instances (exact)")
