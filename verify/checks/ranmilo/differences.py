"""Check of Lemma 7 (Ran-Milo et al. 2024, Appendix E): closed form of the d-th forward difference.

Proved in sympy by induction on d (``ranmilo.lemma7``; induction is a named premise); confirmed
exactly on seeded random integer sequences against Definition 1 computed directly
(``numerics.ssm.differences``).  Mutations: Lemma 7's coefficient with the sign ``(-1)^j`` in place of
``(-1)^(d-j)`` (:func:`coefficient` patched) must give mismatches, and the perturbed proof an open one.
"""
from __future__ import annotations

import sys
from math import comb

import numpy as np
from flint import fmpq

from numerics.ssm.differences import forward_difference

from theory.steps import perturbed

from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0


def coefficient(d: int, j: int) -> int:
    """Lemma 7's coefficient of ``S_(i+j)``: ``(-1)^(d-j) binomial(d, j)``."""
    return (-1) ** (d - j) * comb(d, j)


def closed_form(sequence, d: int, i: int):
    """Lemma 7's right-hand side ``sum_{j=0}^d S_(i+j) coefficient(d, j)`` (0-based i)."""
    return sum((sequence[i + j] * coefficient(d, j) for j in range(d + 1)), fmpq(0))


@check("ranmilo.lemma7", statement="ranmilo.lemma7", expected="proved",
       mutations={"coefficient with the sign (-1)^j in place of (-1)^(d-j)":
                  lambda: patched(sys.modules[__name__], "coefficient", lambda d, j: (-1) ** j * comb(d, j)),
                  "every machine-checked proof step perturbed (theory.steps.perturbed)": perturbed})
def lemma7(tier: str) -> Outcome:
    """Lemma 7: sympy induction proof, confirmed exactly against Definition 1 on random sequences."""
    verdict, evidence = proof_outcome("ranmilo.lemma7")
    rng = np.random.default_rng(SEED)
    lengths = (1, 2, 5, 12, 30) + ((60, 120) if tier == "full" else ())
    compared = 0
    mismatches = []
    for length in lengths:
        sequence = [fmpq(int(v)) for v in rng.integers(-50, 51, size=length)]
        for d in range(length):
            direct = forward_difference(sequence, d)
            for i, value in enumerate(direct):
                compared += 1
                if value != closed_form(sequence, d, i):
                    mismatches.append({"length": length, "d": d, "i": i})
    evidence.update(seed=SEED, exact_comparisons=compared, mismatches=mismatches[:5],
                    instance_system="exact (fmpq)")
    if mismatches:
        verdict = "open"
    return Outcome(verdict, 0.0 if verdict == "proved" else None,
                   "0: an identity; every exact comparison agreed", evidence,
                   summary=f"{compared - len(mismatches)}/{compared} exact comparisons with Definition 1 agree")
