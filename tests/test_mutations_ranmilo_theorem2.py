"""Mutations of the checks of Theorem 2, its corrected and weakened forms, Corollaries 1-3, Lemma 7 and
the Appendix C identity (Ran-Milo et al. 2024): each deliberately wrong variant flips its check, fast.

``tests/test_mutations.py`` runs every registered mutation; this module pins down which mutations these
checks have (a bound moved to the wrong side by a factor, a hypothesis dropped or restored, a wrong
counterexample injected, the proof perturbed) and what the flipped verdict is, so that a check that
quietly loses its ability to fail is noticed.
"""
import time

import pytest

from verify import registry
from verify.mutation import run_mutation

#: check -> {mutation description (start) -> the verdict it must reach}
EXPECTED_FLIPS = {
    "ranmilo.thm2": {"printed bound divided by 4": "open", "the searches replaced by an injected": "open"},
    "ranmilo.thm2_corrected": {"bound multiplied by 9/8": "refuted", "hypothesis |A_jj| <= 1 dropped": "refuted",
                               "hypothesis A_jj real dropped": "refuted",
                               "hypothesis ||phi - Y||_1 <= eps dropped": "refuted",
                               "every machine-checked proof step perturbed": "certified"},
    "ranmilo.thm2_corrected_without_stability": {"hypothesis |A_jj| <= 1 restored": "open",
                                                 "the searches replaced by an injected": "open"},
    "ranmilo.thm2.step3": {"claimed bound multiplied by 16": "certified",
                           "claimed bound replaced by the corrected sup bound": "certified"},
    "ranmilo.thm2_corrected.tightness": {"corrected right-hand side multiplied by 8": "open"},
    "ranmilo.cor1": {"bound multiplied by 512": "refuted", "every machine-checked step": "certified"},
    "ranmilo.cor2": {"bound multiplied by 2^10": "open"},
    "ranmilo.cor3": {"bound multiplied by 3": "refuted", "every machine-checked step": "certified"},
    "ranmilo.lemma7": {"coefficient with the sign": "open", "every machine-checked proof step": "open"},
    "ranmilo.appendix_c": {"claimed expectation multiplied by 11/10": "open",
                           "every machine-checked proof step": "open"},
}
CASES = [(name, start, verdict) for name, flips in EXPECTED_FLIPS.items() for start, verdict in flips.items()]
#: Seconds one mutation run may take on the 2-core machine (shared; ~3 s when idle).
LIMIT_SECONDS = 12


def _description(check, start: str) -> str:
    matches = [d for d, _ in check.mutations if d.startswith(start)]
    assert len(matches) == 1, f"{check.name}: no single mutation starting with {start!r}: {matches}"
    return matches[0]


@pytest.mark.parametrize("name", sorted(EXPECTED_FLIPS))
def test_each_check_registers_exactly_these_mutations(name):
    check = registry.get(name)
    assert len(check.mutations) == len(EXPECTED_FLIPS[name])
    for start in EXPECTED_FLIPS[name]:
        _description(check, start)


@pytest.mark.parametrize("name, start, verdict", CASES, ids=[f"{n}: {s}" for n, s, _ in CASES])
def test_the_mutation_flips_to_the_expected_verdict_quickly(name, start, verdict):
    check = registry.get(name)
    began = time.perf_counter()
    result = run_mutation(check, _description(check, start))
    seconds = time.perf_counter() - began
    assert result.flipped and result.verdict == verdict, f"{name} reached {result.verdict} under {start!r}"
    assert seconds < LIMIT_SECONDS, f"{name}: the mutation {start!r} took {seconds:.1f} s"


def test_dropping_stability_finds_the_counterexample_a_equal_2():
    check = registry.get("ranmilo.thm2_corrected")
    factory = dict(check.mutations)["hypothesis |A_jj| <= 1 dropped"]
    with factory():
        outcome = check.run("quick")
    found = outcome.counterexample
    assert outcome.verdict == "refuted" and (found["A"], found["t"], found["rhs"], found["lhs"]) == (["2"], 4, "6", "1")


def test_dropping_realness_finds_the_rotation_a_equal_i():
    check = registry.get("ranmilo.thm2_corrected")
    with dict(check.mutations)["hypothesis A_jj real dropped"]():
        outcome = check.run("quick")
    assert outcome.verdict == "refuted" and outcome.counterexample["A"] in (["i"], ["-i"])
    assert outcome.counterexample["t"] == 4
