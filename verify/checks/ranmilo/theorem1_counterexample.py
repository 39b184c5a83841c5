"""Theorem 1 (Ran-Milo et al. 2024, Section 3.2) refuted: a real SSM with fewer states than the bound.

Theorem 1: if a real SSM eps-approximates up to time t a one-dimensional complex SSM with
``|sin arg A| >= 0.2``, ``|A| >= 0.5^(1/t)`` and ``|B C| >= 1``, then
``n_R >= floor(t/9) - 1 - 4 eps``.

The counterexample (:data:`COUNTEREXAMPLE`): the complex SSM at the corner of the hypotheses,
``arg A = arcsin 0.2`` (``|sin arg A| = 0.2``), ``|A| = 0.5^(1/t)``, ``|B C| = 1``,
``arg(B C) = pi/2`` (:class:`numerics.ssm.complex_target.ComplexOscillator` with ``p = 0``, ``q = 1``,
``g = 1/2``), at ``t = 1836`` and ``eps = 249/500``, and a real SSM of ``n = 201`` states whose poles form one
cluster (:func:`numerics.realfit.cluster.cluster_witness`): every parameter an exact rational
(poles in (0, 1): stable), its l1 error up to time t certified <= eps by arb ball arithmetic,
while the bound is ``floor(1836/9) - 1 - 4 eps = 201.008 > 201``.  The hypotheses are checked
(certified) on the target; the comparison of n with the bound is exact.

Why it exists: the target's odd part has about ``t arg(A) / pi ~ 0.064 t`` sign changes, which is
all that Lemma 4 (the proof's step 7) can charge to the real SSM, and the printed proof's claim of
``floor(t/9) - 1`` alternations fails there (``ranmilo.thm1.alternation``).  A cluster of poles
follows a polynomial times an exponential; a polynomial follows ``cos(theta k)`` over t steps once
its degree passes ``theta (t - 1)/2 + O(t^(1/3))`` (``0.1007 t`` at ``theta = arcsin 0.2``), which
falls below ``t / 9`` for large t.  The construction is one family, not the optimum: the minimal
real dimension at this instance may be smaller still (its certified lower end, from sign changes,
is about ``0.064 t``).

Smallest t found.  ``bench/theorem1_counterexample_bench.py`` scans t (multiples of 9, where
``floor(t/9)`` is largest for its size), the envelope and the phase of ``B C``; with this family the
first t at which the float64 proposal falls below ``(floor(t/9) - 1 - n)/4`` for some n is the t
above (the bench lists the margins of the smaller t).  Only the witness verified here counts.

Below about t = 1800 the family needs more states than the bound, so the instance grid of
``ranmilo.thm1.instances`` (t <= 180) cannot meet a counterexample of this kind: there the printed
bound is proved on most instances and the rest stay open.

The check re-verifies the witness itself (arb, the construction's verification precision), whatever
the construction reports.  Mutations: the printed bound halved (the same SSM no longer undercuts
it: ``open``), eps divided by 4 (the construction no longer reaches it: ``open``), and a wrong
counterexample injected (the largest weight changed by a relative 2^-40 while still claiming to be
verified: the re-verification rejects it, ``open``).
"""
from __future__ import annotations

import functools
import hashlib
import sys

from flint import arb, ctx, fmpq

from numerics.ssm.complex_target import ComplexOscillator
from numerics.ssm.systems import float_lower, float_upper, fmpq_to_string
from numerics.realfit.cluster import ClusterWitness, cluster_witness
from numerics.realfit.upper_bounds import verify_witness
from numerics.ssm.ssm import DiagonalSSM

from ...mutation import patched
from ...registry import check
from ...verdict import Outcome
from .theorem1_instances import printed_bound

#: The counterexample's instance and construction (module docstring): base = 0.5^(alpha / t).
COUNTEREXAMPLE = {"t": 1836, "g": fmpq(1, 2), "eps": fmpq(249, 500), "n": 201, "alpha": fmpq(3), "kappa": 0.05,
                  "prec": 6000}
_module = sys.modules[__name__]


_printed_bound = printed_bound


def target(config: dict) -> ComplexOscillator:
    """The complex SSM: ``arg A = arcsin 0.2``, ``|A| = 0.5^(1/t)``, ``arg(B C) = g pi``, ``|B C| = 1``."""
    return ComplexOscillator(config["t"], fmpq(0), fmpq(1), g=config["g"])


@functools.lru_cache(maxsize=2)
def _witness(t: int, g: fmpq, eps: fmpq, n: int, alpha: fmpq, kappa: float, prec: int):
    base = float(alpha) / t
    return cluster_witness(target({"t": t, "g": g}), eps, n, base=0.5 ** base, kappa=kappa, prec=prec)


_true_witness = _witness


def _erratum(oscillator: ComplexOscillator, t: int, eps: fmpq) -> str:
    """The corrected form, and what it gives at the counterexample: the least p >= 9 with
    ``2 arg A mod pi`` in ``[2 pi/(p-1), pi - 2 pi/(p-1)]`` (certified in arb) and its bound."""
    with ctx.workprec(128):
        pi = arb.pi()
        doubled = 2 * oscillator.theta(128)
        doubled -= pi * int(float(doubled / pi))     # 2 arg A mod pi (arg A is arcsin 0.2 here: no wrap)
        p = next((p for p in range(9, 10 ** 4)
                  if bool(doubled >= 2 * pi / (p - 1)) and bool(doubled <= pi - 2 * pi / (p - 1))), None)
    text = ("corrected form: ranmilo.thm1_repaired, n_R >= floor(ceil(t/2)/p) + 1 - 8 eps when 2 arg A mod pi is at "
            "distance >= 2 pi/(p - 1) from 0 and pi (p >= 9)")
    if p is None:
        return text
    bound = fmpq((-(-t // 2)) // p + 1) - 8 * eps
    respected = "respects" if COUNTEREXAMPLE["n"] >= bound else "violates"
    return (text + f"; here p = {p} and that bound is {fmpq_to_string(bound)}, which the real SSM's "
            f"{COUNTEREXAMPLE['n']} states {respected}")


def _perturbed_witness(*args) -> ClusterWitness:
    """A wrong counterexample for a mutation: the true one with its largest weight changed by a
    relative 2^-40, still claiming to be verified."""
    found = _true_witness(*args)
    weights = list(found.ssm.B)
    j = max(range(len(weights)), key=lambda i: abs(weights[i]))
    weights[j] *= 1 + fmpq(1, 2 ** 40)
    ssm = DiagonalSSM(found.ssm.A, weights, found.ssm.C, field="real")
    return ClusterWitness(**{**found.__dict__, "ssm": ssm})


def _digest(ssm) -> str:
    text = ";".join(fmpq_to_string(x) for x in (*ssm.A, *ssm.B, *ssm.C))
    return hashlib.sha256(text.encode()).hexdigest()


@check("ranmilo.thm1", statement="ranmilo.thm1", expected="refuted",
       mutations={"printed bound halved": lambda: patched(_module, "printed_bound",
                                                          lambda t, eps: _printed_bound(t, eps) / 2),
                  "eps divided by 4": lambda: patched(COUNTEREXAMPLE, "eps", COUNTEREXAMPLE["eps"] / 4),
                  "wrong counterexample injected (largest weight changed by 2^-40)":
                  lambda: patched(_module, "_witness", _perturbed_witness)})
def theorem1_counterexample(tier: str) -> Outcome:
    """Theorem 1 against an explicit real SSM below its bound (t = 1836, arg A = arcsin 0.2)."""
    config = dict(COUNTEREXAMPLE)
    t, eps, n = config["t"], config["eps"], config["n"]
    oscillator = target(config)
    hypotheses = oscillator.satisfies_hypotheses()
    bound = printed_bound(t, eps)
    evidence = {"target": oscillator.describe(), "t": t, "eps": fmpq_to_string(eps), "n": n,
                "bound": fmpq_to_string(bound), "hypotheses_hold": bool(hypotheses),
                "construction": {"family": "one cluster of poles (numerics.realfit.cluster)",
                                 "envelope_base": f"0.5^({fmpq_to_string(config['alpha'])}/t)",
                                 "kappa": config["kappa"], "start_prec": config["prec"]},
                "see_also": "ranmilo.thm1.instances (the instance grid, t <= 180)"}
    if not hypotheses or not n < bound:
        why = ("the target violates a hypothesis" if not hypotheses else
               f"n = {n} is not below the bound {fmpq_to_string(bound)}: nothing to refute with this SSM")
        return Outcome("open", None, "no counterexample: " + why, evidence,
                       summary=f"no counterexample at t = {t} ({why})")
    found = _witness(t, config["g"], eps, n, config["alpha"], config["kappa"], config["prec"])
    ssm = found.ssm
    # re-verified here, whatever the construction reported: the error of these exact parameters
    ok, error, how = (False, None, found.check) if not found.ok else verify_witness(
        ssm, oscillator.values(found.verify_prec), eps, found.verify_prec, arb_response=True)
    poles = [arb(a) for a in ssm.A]
    evidence.update({"verified": bool(ok and ssm.n == n), "error_upper": None if error is None else float_upper(arb(error)),
                     "error_check": how, "proposal_error_float64": found.proposal_error,
                     "weights_prec": found.prec, "seconds": round(found.seconds, 2),
                     "poles_in": [float_lower(min(poles)), float_upper(max(poles))],
                     "stable": bool(all(0 < a < 1 for a in ssm.A)),
                     "largest_weight_log2": max(max(abs(w).p.bit_length() - abs(w).q.bit_length(), 0)
                                                for w in ssm.B),
                     "witness_sha256": _digest(ssm),
                     "witness": "rebuilt by numerics.realfit.cluster.cluster_witness with the construction above "
                                "(bench/theorem1_counterexample_bench.py --witness FILE writes its rationals)"})
    if not (evidence["verified"] and evidence["stable"]):
        return Outcome("open", None, "no counterexample: the construction did not verify within eps", evidence,
                       summary=f"the cluster construction with {n} states did not verify at t = {t}, eps = "
                               f"{fmpq_to_string(eps)}")
    counterexample = {"t": t, "eps": fmpq_to_string(eps), "target": oscillator.describe(), "n_R": n,
                      "bound": fmpq_to_string(bound), "error_upper": evidence["error_upper"],
                      "witness_sha256": evidence["witness_sha256"], "error_check": how}
    margin = float_upper(arb(fmpq(n) - bound))
    return Outcome("refuted", margin, "states: n_R - (floor(t/9) - 1 - 4 eps) for the counterexample (< 0)",
                   evidence, counterexample=counterexample, margin_from="exact",
                   erratum=_erratum(oscillator, t, eps),
                   summary=f"a real SSM of {n} states {fmpq_to_string(eps)}-approximates the complex SSM "
                           f"arg A = arcsin 0.2, |A| = 0.5^(1/t), B C = e^(i pi {fmpq_to_string(config['g'])}) up to t = {t} "
                           f"(l1 error <= "
                           f"{evidence['error_upper']:.4f}, certified), below the bound {fmpq_to_string(bound)} = "
                           f"{float(bound.p) / float(bound.q):.3f}")
