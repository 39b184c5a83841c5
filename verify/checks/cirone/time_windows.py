"""Check of Lemma A.8 (Cirone et al. 2024): the time channels t, t^2 identify the window.

``cirone.lemmaA_8`` (proved): the sympy proof of :mod:`theory.cirone.time_windows`, and, in exact
rational arithmetic, the level <= 2 signatures of the time channels over every window ``[s, t]`` of a
grid of rational times: the map from windows to signatures is injective (no two windows collide).
The mutation replaces the channel ``t^2`` by ``t``: windows of equal length then collide and the
check fails.
"""
from __future__ import annotations

import sys
from fractions import Fraction
from itertools import combinations

from numerics.paths.signatures import exact_signature
from theory.steps import perturbed

from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome

#: Grid of times k / DENOMINATOR, k = 0..POINTS[tier] - 1; every pair s < t is a window.
DENOMINATOR = 7
POINTS = {"quick": 15, "full": 43}
#: Knots per window of the piecewise-linear interpolation of the time channels.
KNOTS = 3


def second_channel(time: Fraction) -> Fraction:
    """The second time channel, ``t^2``."""
    return time * time


def window_signature(start: Fraction, end: Fraction) -> tuple:
    """Exact level <= 2 signature of the time channels ``(t, second_channel(t))`` over ``[start, end]``,
    sampled at KNOTS equally spaced times; terms by level, then word (the level-1 terms first)."""
    times = [start + (end - start) * Fraction(k, KNOTS - 1) for k in range(KNOTS)]
    sig = exact_signature([[time, second_channel(time)] for time in times], 2)
    return tuple(sig[w] for w in sorted(sig, key=lambda word: (len(word), word)))


@check("cirone.lemmaA_8", statement="cirone.lemmaA_8", expected="proved",
       mutations={"every machine-checked proof step perturbed (theory.steps.perturbed)": perturbed,
                  "second time channel t in place of t^2":
                      lambda: patched(sys.modules[__name__], "second_channel", lambda time: time)})
def lemmaA_8(tier: str) -> Outcome:
    """Lemma A.8: the sympy proof, and injectivity of window -> signature on a rational grid (exact)."""
    verdict, proof = proof_outcome("cirone.lemmaA_8")
    grid = [Fraction(k, DENOMINATOR) for k in range(POINTS[tier])]
    seen: dict[tuple, tuple] = {}
    collisions = []
    for window in combinations(grid, 2):
        key = window_signature(*window)
        if key in seen:
            collisions.append((str(seen[key][0]), str(seen[key][1]), str(window[0]), str(window[1])))
        else:
            seen[key] = window
    evidence = {"proof": proof, "premises": proof["premises"], "windows": len(list(combinations(grid, 2))),
                "grid": f"k/{DENOMINATOR}, k = 0..{POINTS[tier] - 1}", "collisions": collisions[:5],
                "system": "sympy (proof); exact rationals (fmpq signatures)"}
    summary = (f"proof {'complete' if verdict == 'proved' else 'incomplete'} ({len(proof['premises'])} named "
               f"premise); {evidence['windows']} rational windows give {len(seen)} distinct level <= 2 signatures "
               f"of (t, t^2) (exact)")
    if verdict == "proved" and not collisions:
        return Outcome("proved", None, "symbolic proof: no margin (the exact grid is in the evidence)", evidence,
                       summary=summary)
    if collisions:
        return Outcome("refuted", None, "two windows with equal signatures", evidence,
                       counterexample={"windows [s, t], [s', t']": collisions[0]},
                       summary=f"{summary}; {len(collisions)} collisions, e.g. {collisions[0]}")
    return Outcome("open", None, "proof incomplete", evidence, summary=summary)
