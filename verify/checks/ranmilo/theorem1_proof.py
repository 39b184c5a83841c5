"""Checks of the lemmas and of the proof steps of Theorem 1 (Ran-Milo et al. 2024, Appendix D.2).

Theorem 1 itself (``ranmilo.thm1``, its instance grid) is checked elsewhere.  Here each lemma and
each step of the printed proof gets a verdict; the steps that sympy proves get the automatic
symbolic check (:mod:`verify.registry`).

Instances.  Angles are exact rational multiples of pi, ``theta = pi r`` with ``r`` in (0, 2) of
denominator at most ``Q`` (24 in the quick tier, 60 in the full tier; 24 and 40 with ``t`` up to
150 and 300 for the alternation steps, which test every phase of ``B C``): there the balancing number
is computed exactly (:mod:`numerics.realfit.balancing`: the search over the shift ``b`` reduces to finitely
many breakpoints), up to ``P_MAX``; a statement "beta <= p" is decided exactly for every grid angle
whose hypothesis holds with ``p <= P_MAX``.  "certified" below therefore means: decided exactly on
that stated finite grid, not proved for all angles.  Theorem 1's hypothesis
``|sin theta| >= 1/5`` is decided with arb balls (by Niven's theorem ``sin(pi r)`` is never 1/5).

Counterexamples are exact (rational multiples of pi, shifts ``b`` as rational multiples of pi) and
are re-checked by an independent route (region labels evaluated point by point).
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy
from flint import arb, ctx, fmpq

from numerics.realfit.balancing import (alternation_length, balancing_number, fewest_alternations, fewest_disagreements,
                                labels, largest_gap, shift_test, sign_changes)
from numerics.ssm.systems import fmpq_to_string
from theory import registry as theory_registry
from numerics.ssm.symbolic import evaluate

from ...registry import check
from ...verdict import Outcome

SEED = 0
GRID = {"quick": 24, "full": 60}
P_MAX = {"quick": 48, "full": 128}
#: Largest t, and largest denominator of arg A / pi, for the alternation steps.
T_MAX = {"quick": 150, "full": 300}
ALT_GRID = {"quick": 24, "full": 40}


# ---------------------------------------------------------------------------------------------
# Exact angles.

def angle_grid(tier: str) -> list[fmpq]:
    """``r = theta / pi`` in (0, 2) with denominator <= GRID[tier], simplest first."""
    found = {fmpq(a, q) for q in range(1, GRID[tier] + 1) for a in range(1, 2 * q)}
    return sorted(found, key=lambda r: (int(r.q), int(r.p)))


def angle(r: fmpq) -> sympy.Expr:
    """The exact angle ``pi r``."""
    return sympy.Rational(int(r.p), int(r.q)) * sympy.pi


def show(r: fmpq) -> str:
    """``pi r`` as a string, e.g. ``3*pi/8``."""
    return str(angle(r))


def wrap(r: fmpq) -> fmpq:
    """``r mod 2`` (the angle mod 2pi) in [0, 2)."""
    return r - 2 * fmpq((r / 2).floor())


@functools.lru_cache(maxsize=None)
def beta(r: fmpq, p_max: int) -> int | None:
    """The balancing number of ``pi r`` (exact), or None when it exceeds ``p_max``."""
    return balancing_number(angle(wrap(r)), p_max=p_max)


@functools.lru_cache(maxsize=None)
def admissible(r: fmpq) -> bool:
    """Theorem 1's ``|sin(pi r)| >= 1/5``, decided with arb (never an equality, by Niven)."""
    with ctx.workprec(128):
        value = abs((arb.pi() * arb(r)).sin())
        if value >= arb(1) / 5:
            return True
        if value < arb(1) / 5:
            return False
    raise ArithmeticError(f"|sin(pi {r})| >= 1/5 undecided")


def ceil_q(x: fmpq) -> int:
    return int(x.ceil())


# ---------------------------------------------------------------------------------------------
# Lemma 5.

@check("ranmilo.lemma5", statement="ranmilo.lemma5", expected="certified")
def lemma5(tier: str) -> Outcome:
    """Lemma 5: the largest gap of {j theta} is at most theta when p theta >= 2pi (exact grid)."""
    worst, count = None, 0
    for r in angle_grid(tier):
        first = ceil_q(2 / r)  # the least p with p theta >= 2 pi
        for p in range(first, first + 3):
            gap = largest_gap(angle(r), p)
            slack = r / 2 - gap  # in turns: theta / 2pi - gap
            count += 1
            if worst is None or slack < worst[0]:
                worst = (slack, r, p)
    evidence = {"instances": count, "grid": f"theta = pi r, r in (0, 2) with denominator <= {GRID[tier]}",
                "p": "ceil(2pi/theta) .. ceil(2pi/theta) + 2", "system": "exact (fmpq)",
                "least_slack_turns": fmpq_to_string(worst[0]), "at": {"theta": show(worst[1]), "p": worst[2]}}
    if worst[0] < 0:
        return Outcome("refuted", float(worst[0]), "theta/2pi - largest gap (turns)", evidence,
                       counterexample={"theta": show(worst[1]), "p": worst[2]})
    return Outcome("certified", float(worst[0]), "least theta/2pi - largest gap over the grid (turns; 0 = tight)",
                   evidence, summary=f"holds on all {count} exact instances (equality for equally spaced sets)")


# ---------------------------------------------------------------------------------------------
# Lemma 1, Lemma 2, Corollary 4: beta <= p on the grid.

def case1_instances(tier):
    """(r, least p) with theta = pi r in [2pi/p, 2pi/3], p >= 4: the least admissible p is max(4, ceil(2/r))."""
    for r in angle_grid(tier):
        if r <= fmpq(2, 3):
            p = max(4, ceil_q(2 / r))
            if p <= P_MAX[tier]:
                yield r, p


def case2_instances(tier):
    """(r, least p) with theta in [pi + 2pi/(p-1), 4pi/3], p >= 9: p = max(9, 1 + ceil(2/(r - 1)))."""
    for r in angle_grid(tier):
        if 1 < r <= fmpq(4, 3):
            p = max(9, 1 + ceil_q(2 / (r - 1)))
            if p <= P_MAX[tier]:
                yield r, p


def cor4_least_p(r: fmpq) -> int | None:
    """The least p >= 9 with (pi r mod pi) in [2pi/(p-1), pi - 2pi/(p-1)], None if r is an integer."""
    rest = r - fmpq(r.floor())
    distance = min(rest, 1 - rest)
    return None if distance == 0 else max(9, 1 + ceil_q(2 / distance))


def cor4_instances(tier):
    for r in angle_grid(tier):
        p = cor4_least_p(r)
        if p is not None and p <= P_MAX[tier]:
            yield r, p


def decide_at_most(instances, tier: str, what: str, *, double: bool = False) -> Outcome:
    """certified when beta(pi r) <= p for every instance (r, p) (``double``: beta of 2 pi r)."""
    records, failures, slack = [], [], None
    for r, p in instances:
        value = beta(2 * r if double else r, P_MAX[tier])
        records.append((r, p, value))
        if value is None or value > p:
            failures.append((r, p, value))
        elif slack is None or p - value < slack:
            slack = p - value
    evidence = {"instances": len(records), "grid": f"theta = pi r, denominator <= {GRID[tier]}",
                "p_max": P_MAX[tier], "system": "exact (fmpq sweep over the breakpoints of b)",
                "largest_beta": max((v for _, _, v in records if v is not None), default=None)}
    if failures:
        r, p, value = failures[0]
        found = {"theta": show(r), "p": p, "beta": value if value is not None else f"> {P_MAX[tier]}"}
        return Outcome("refuted", -1.0, "p - beta at the counterexample", evidence, counterexample=found,
                       summary=f"{len(failures)} grid angles violate {what}")
    return Outcome("certified", float(slack), "least p - beta(theta) over the grid (integers; 0 = tight)", evidence,
                   summary=f"{what}: holds at all {len(records)} exact grid angles (least slack {slack})")


@check("ranmilo.lemma1.case1", statement="ranmilo.lemma1.case1", expected="certified")
def lemma1_case1(tier: str) -> Outcome:
    """Lemma 1, first case: beta <= max(4, ceil(2pi/theta)) for theta <= 2pi/3, exact grid."""
    return decide_at_most(case1_instances(tier), tier, "Lemma 1 case 1")


@check("ranmilo.lemma1.case2", statement="ranmilo.lemma1.case2", expected="certified")
def lemma1_case2(tier: str) -> Outcome:
    """Lemma 1, second case: beta <= p for theta in [pi + 2pi/(p-1), 4pi/3], exact grid."""
    return decide_at_most(case2_instances(tier), tier, "Lemma 1 case 2")


@check("ranmilo.lemma1", statement="ranmilo.lemma1", expected="certified")
def lemma1(tier: str) -> Outcome:
    """Lemma 1 (both cases) on the exact grid."""
    first, second = lemma1_case1(tier), lemma1_case2(tier)
    verdict = "certified" if first.verdict == second.verdict == "certified" else "refuted"
    evidence = {"case1": first.evidence, "case2": second.evidence}
    if verdict == "refuted":
        bad = first if first.verdict == "refuted" else second
        return Outcome("refuted", bad.margin, bad.margin_note, evidence, counterexample=bad.counterexample)
    return Outcome("certified", min(first.margin, second.margin), first.margin_note, evidence,
                   summary=f"{first.summary}; {second.summary}.  The printed proof has two faulty steps "
                           "(ranmilo.lemma1.choice_of_k, ranmilo.lemma1.case2_proof_interval)")


@check("ranmilo.lemma1.choice_of_k", statement="ranmilo.lemma1.choice_of_k", expected="refuted")
def lemma1_choice_of_k(tier: str) -> Outcome:
    """Proof of Lemma 1: the k with 2pi < theta k <= 2pi + theta is <= p? Exact search over (theta, p)."""
    failures = []
    for r, least in case1_instances(tier):
        for p in range(least, least + 3):
            k = int((2 / r).floor()) + 1  # the unique k with 2 < r k <= 2 + r
            assert 2 < r * k <= 2 + r
            if not 4 <= k <= p:
                failures.append((p, r, k))
    p, r, k = min(failures, key=lambda f: (f[0], f[1]))
    return Outcome("refuted", float(p - k), "p - k at the counterexample",
                   {"failures": len(failures), "system": "exact (fmpq)", "grid_denominator": GRID[tier]},
                   counterexample={"p": p, "theta": show(r), "k": k, "condition": "2pi < theta k <= 2pi + theta"},
                   erratum="choose k = ceil(2pi/theta) (2pi <= theta k < 2pi + theta): "
                           "ranmilo.lemma1_corrected.choice_of_k",
                   summary=f"at theta = 2pi/p the strict choice gives k = p + 1 (p = {p}, theta = {show(r)}, k = {k}); "
                           "Lemma 1 itself is not affected")


@check("ranmilo.lemma1_corrected.choice_of_k", statement="ranmilo.lemma1_corrected.choice_of_k",
       expected="certified")
def lemma1_choice_of_k_corrected(tier: str) -> Outcome:
    """k = ceil(2pi/theta) is in [3, p] and its k-set is balanced for every b (exact grid)."""
    count, slack = 0, None
    for r, p in case1_instances(tier):
        k = ceil_q(2 / r)
        test = shift_test(angle(r), k)
        count += 1
        if not (3 <= k <= p and k * r >= 2 and test.balanced):
            return Outcome("refuted", -1.0, "", {}, counterexample={"theta": show(r), "p": p, "k": k})
        least = min(6 * c - k for c in test.least.values())
        slack = least if slack is None else min(slack, least)
    return Outcome("certified", float(slack), "least 6 (least count) - k over the grid (0 = tight)",
                   {"instances": count, "system": "exact (fmpq)", "grid_denominator": GRID[tier]},
                   summary=f"holds at all {count} grid angles of case 1")


@check("ranmilo.lemma1.case2_proof_interval", statement="ranmilo.lemma1.case2_proof_interval", expected="refuted")
def lemma1_case2_interval(tier: str) -> Outcome:
    """The interval printed in the proof of case 2, [pi/2 + 2pi/(p-1), 4pi/3]: theta = pi, p = 9."""
    r, p = fmpq(1), 9
    assert fmpq(1, 2) + fmpq(2, p - 1) <= r <= fmpq(4, 3)
    value = beta(r, P_MAX[tier])
    # Independent re-check: at b = pi/2 every point b + j pi is at pi/2 or 3pi/2, in neither region,
    # so no p-set is balanced.
    points = labels(angle(r), sympy.pi / 2 + angle(r), p)
    if value is not None or any(points):
        return Outcome("open", None, "", {"beta": value})
    return Outcome("refuted", -math.inf, "beta(e^(i pi)) is infinite",
                   {"beta": f"> {P_MAX[tier]} (exact sweep)", "system": "exact"},
                   counterexample={"theta": "pi", "p": p, "beta": "infinite",
                                   "shift_b": "pi/2: the points b + j pi are all at pi/2 or 3pi/2, in neither region",
                                   "labels_b_plus_j_theta": points},
                   erratum="Lemma 1's statement has the interval [pi + 2pi/(p-1), 4pi/3] (ranmilo.lemma1.case2)",
                   summary="theta = pi lies in [pi/2 + 2pi/(p-1), 4pi/3] for every p >= 9, and beta(e^(i pi)) is "
                           "infinite (b = pi/2 leaves every point in neither region)")


@check("ranmilo.lemma2", statement="ranmilo.lemma2", expected="certified")
def lemma2(tier: str) -> Outcome:
    """Lemma 2: beta(theta) = beta(-theta) on the exact grid."""
    count = 0
    for r in angle_grid(tier):
        count += 1
        if beta(r, P_MAX[tier]) != beta(2 - r, P_MAX[tier]):
            return Outcome("refuted", -1.0, "", {}, counterexample={"theta": show(r)})
    return Outcome("certified", 0.0, "equality (0: exact match)",
                   {"instances": count, "p_max": P_MAX[tier], "system": "exact (fmpq)",
                    "grid_denominator": GRID[tier]},
                   summary=f"beta(theta) = beta(-theta) at all {count} grid angles (beyond p_max both exceed it)")


@check("ranmilo.cor4", statement="ranmilo.cor4", expected="certified")
def corollary4(tier: str) -> Outcome:
    """Corollary 4: beta <= p when arg mod pi is in [2pi/(p-1), pi - 2pi/(p-1)], exact grid."""
    return decide_at_most(cor4_instances(tier), tier, "Corollary 4")


# ---------------------------------------------------------------------------------------------
# Lemma 4 and the sign changes of Y|1.

@check("ranmilo.lemma4", statement="ranmilo.lemma4", expected="refuted")
def lemma4(tier: str) -> Outcome:
    """Lemma 4 as printed: f(x) = 0^x (n = 1, a = 0, b = 1) vanishes at x = 1, 2, ... (exact)."""
    zeros = [x for x in range(1, 6) if fmpq(0) ** x == 0]
    identically_zero = all(fmpq(1, 2) ** x - fmpq(1, 2) ** x == 0 for x in range(6))
    return Outcome("refuted", -math.inf, "(n - 1) - number of zeros (infinitely many)",
                   {"system": "exact (fmpq)", "convention": "0^0 = 1, 0^x = 0 for x > 0"},
                   counterexample={"n": 1, "a": ["0"], "b": ["1"], "zeros": zeros, "allowed_zeros": 0,
                                   "also": {"n": 2, "a": ["1/2", "1/2"], "b": ["1", "-1"],
                                            "f_identically_zero": identically_zero}},
                   erratum="holds for distinct a_i > 0 and f not identically 0; Theorem 1 needs the sign-change "
                           "form ranmilo.lemma4_corrected",
                   summary="n = 1, a_1 = 0, b_1 = 1: f(x) = 0^x has the zeros 1, 2, 3, ... (n - 1 = 0 allowed)")


def exponential_sums(rng, count: int, length: int):
    """Seeded exact sequences y_k = sum_j w_j alpha_j^(k-1), alpha_j >= 0 (zeros and repeats
    included), and sums solved to alternate at n points (so that n - 1 changes is attained)."""
    for index in range(count):
        n = int(rng.integers(1, 7))
        if index % 2 == 0:
            alphas = [fmpq(int(a), 8) for a in rng.integers(0, 8, n)]
            weights = [fmpq(int(w)) for w in rng.integers(-5, 6, n)]
        else:  # solve for w with y_k = (-1)^k at k = 1..n, distinct alphas: n - 1 changes
            alphas = [fmpq(j + 1, n + 2) for j in range(n)]
            from flint import fmpq_mat
            matrix = fmpq_mat(n, n, [alphas[j] ** i for i in range(n) for j in range(n)])
            target = fmpq_mat(n, 1, [(-1) ** i for i in range(n)])
            weights = list(matrix.solve(target).entries())
        yield n, alphas, weights, [sum((w * a ** k for w, a in zip(weights, alphas)), fmpq(0))
                                    for k in range(length)]


@check("ranmilo.lemma4_corrected", statement="ranmilo.lemma4_corrected", expected="certified")
def lemma4_corrected(tier: str) -> Outcome:
    """Sign changes of sum_j w_j alpha_j^(k-1), alpha_j >= 0, are at most n - 1 (seeded exact instances)."""
    rng = np.random.default_rng(SEED)
    count = 60 if tier == "quick" else 600
    worst, tight = None, 0
    for n, alphas, weights, y in exponential_sums(rng, count, 40):
        changes = sign_changes(y)
        slack = (n - 1) - changes
        tight += slack == 0
        if worst is None or slack < worst[0]:
            worst = (slack, n, alphas, weights)
    evidence = {"instances": count, "length": 40, "seed": SEED, "system": "exact (fmpq)",
                "attained_n_minus_1": tight,
                "part": "(b), the sign-change form; (a), zeros of f on the real line, is the classical result and "
                        "is not decided here"}
    if worst[0] < 0:
        return Outcome("refuted", float(worst[0]), "(n - 1) - sign changes", evidence,
                       counterexample={"alpha": [fmpq_to_string(a) for a in worst[2]],
                                       "w": [fmpq_to_string(w) for w in worst[3]]})
    return Outcome("certified", float(worst[0]), "least (n - 1) - sign changes (0: attained)", evidence,
                   erratum="corrected form of ranmilo.lemma4",
                   summary=f"at most n - 1 sign changes in all {count} seeded exact instances "
                           f"({tight} attain n - 1)")


@check("ranmilo.thm1.sign_changes", statement="ranmilo.thm1.sign_changes", expected="certified")
def theorem1_sign_changes(tier: str) -> Outcome:
    """Y|1 of seeded exact real SSMs (poles in (-1, 1), zero and opposite poles included) has <= n_R - 1 sign changes."""
    rng = np.random.default_rng(SEED + 1)
    count = 60 if tier == "quick" else 600
    worst = None
    for _ in range(count):
        n = int(rng.integers(1, 7))
        poles = [fmpq(int(a), 8) for a in rng.integers(-7, 8, n)]
        weights = [fmpq(int(w)) for w in rng.integers(-5, 6, n)]  # (B_R)_j (C_R)_j
        y = [sum((w * a ** (2 * k) for w, a in zip(weights, poles)), fmpq(0)) for k in range(20)]
        slack = (n - 1) - sign_changes(y)
        if worst is None or slack < worst[0]:
            worst = (slack, poles, weights)
    evidence = {"instances": count, "t": 40, "seed": SEED + 1, "system": "exact (fmpq)"}
    if worst[0] < 0:
        return Outcome("refuted", float(worst[0]), "(n_R - 1) - sign changes", evidence,
                       counterexample={"A_R": [fmpq_to_string(a) for a in worst[1]],
                                       "B_R C_R": [fmpq_to_string(w) for w in worst[2]]})
    return Outcome("certified", float(worst[0]), "least (n_R - 1) - sign changes of Y|1", evidence,
                   summary=f"holds in all {count} seeded exact real SSMs; the claim follows from "
                           "ranmilo.lemma4_corrected, not from Lemma 4 as printed")


# ---------------------------------------------------------------------------------------------
# Steps 1 and 3: the angle of A^2 and its balancing number.

@check("ranmilo.thm1.double_angle", statement="ranmilo.thm1.double_angle", expected="refuted")
def double_angle(tier: str) -> Outcome:
    """Step 1: 2 arg A mod pi in [pi/4, 3pi/4] for admissible A?  Exact search over the grid."""
    failures = []
    for r in angle_grid(tier):
        if admissible(r):
            doubled = 2 * r - fmpq((2 * r).floor())  # 2 arg A mod pi, in units of pi
            if not fmpq(1, 4) <= doubled <= fmpq(3, 4):
                failures.append((r, doubled))
    r, doubled = failures[0]
    return Outcome("refuted", float(min(doubled - fmpq(1, 4), fmpq(3, 4) - doubled)),
                   "signed distance of 2 arg A mod pi to [pi/4, 3pi/4] (units of pi)",
                   {"failures": len(failures), "grid_denominator": GRID[tier], "system": "exact",
                    "note": "2 [pi/16, 15pi/16] = [pi/8, 15pi/8] has length 7pi/4 > pi: mod pi it covers [0, pi)"},
                   counterexample={"arg_A": show(r), "sin_arg_A": str(sympy.sin(angle(r))),
                                   "two_arg_A_mod_pi": show(doubled), "claimed": "[pi/4, 3pi/4]",
                                   "also": {"arg_A": "pi/15", "two_arg_A_mod_pi": "2*pi/15 < pi/4",
                                            "sin_arg_A": "0.2079 >= 0.2"}},
                   erratum="the range of 2 arg A mod pi over admissible A is all of [0, pi): "
                           "ranmilo.thm1_repaired.double_angle",
                   summary=f"{len(failures)} admissible grid angles violate it; arg A = {show(r)} gives "
                           f"2 arg A mod pi = {show(doubled)}.  This leaves the bound on beta(A^2) unsupported")


@check("ranmilo.thm1.balancing_of_square", statement="ranmilo.thm1.balancing_of_square", expected="refuted")
def balancing_of_square(tier: str) -> Outcome:
    """Step 1: beta(A^2) <= 9 for admissible A?  Exact beta on the grid; arg A = pi/2 gives infinity."""
    failures = []
    for r in angle_grid(tier):
        if admissible(r):
            value = beta(2 * r, P_MAX[tier])
            if value is None or value > 9:
                failures.append((r, value))
    finite = [f for f in failures if f[1] is not None]
    # arg A = pi/2: arg A^2 = pi, and at b = pi/2 every b + j pi is at pi/2 or 3pi/2, in neither region
    witness = labels(sympy.pi, sympy.pi / 2 + sympy.pi, 9)  # b + j arg(A^2), j = 1..9
    if not admissible(fmpq(1, 2)) or beta(fmpq(1), P_MAX[tier]) is not None or any(witness):
        return Outcome("open", None, "the arg A = pi/2 witness did not re-check", {"labels": witness})
    boundary = balancing_number(2 * sympy.asin(sympy.Rational(1, 5)), p_max=P_MAX[tier])
    less_than_9 = beta(fmpq(1, 5), P_MAX[tier])  # arg A = pi/10 (admissible): beta(A^2) = 9, not < 9
    evidence = {"failures": len(failures), "finite_failures": len(finite), "p_max": P_MAX[tier],
                "less_than_9_fails_even_where_at_most_9_holds": {"arg_A": "pi/10", "beta_A_squared": less_than_9},
                "grid_denominator": GRID[tier], "system": "exact (fmpq); boundary angle with arb balls",
                "beta_at_boundary_arg_A_equals_arcsin_0.2": boundary,
                "largest_finite": max((v for _, v in finite), default=None)}
    r_fin, v_fin = min(finite, key=lambda f: (int(f[0].q), int(f[0].p)))
    return Outcome("refuted", -math.inf, "9 - beta(A^2) at arg A = pi/2 (beta infinite)", evidence,
                   counterexample={"arg_A": "pi/2", "arg_A_squared": "pi", "beta_A_squared": "infinite",
                                   "shift_b": "pi/2", "labels_of_b_plus_j_pi": witness,
                                   "finite": {"arg_A": show(r_fin), "beta_A_squared": v_fin},
                                   "boundary": {"arg_A": "asin(1/5)", "beta_A_squared": boundary}},
                   erratum="beta(A^2) <= p needs the extra hypothesis 2 arg A mod pi in [2pi/(p-1), pi - 2pi/(p-1)] "
                           "(ranmilo.thm1_repaired.balancing_of_square); under |sin arg A| >= 0.2 alone it is "
                           "unbounded",
                   summary=f"{len(failures)} admissible grid angles have beta(A^2) > 9 ({len(failures) - len(finite)} "
                           f"beyond p_max, e.g. arg A = pi/2: infinite); arg A = {show(r_fin)} gives {v_fin}, "
                           f"arg A = arcsin(0.2) gives {boundary}.  Steps 3-4 and Theorem 1's bound are unsupported "
                           "by the printed proof")


@check("ranmilo.thm1_repaired.balancing_of_square", statement="ranmilo.thm1_repaired.balancing_of_square",
       expected="certified")
def balancing_of_square_corrected(tier: str) -> Outcome:
    """beta(A^2) <= p under 2 arg A mod pi in [2pi/(p-1), pi - 2pi/(p-1)], exact grid of arg A."""
    instances = []
    for r in angle_grid(tier):
        p = cor4_least_p(2 * r)
        if p is not None and p <= P_MAX[tier] and admissible(r):
            instances.append((r, p))
    outcome = decide_at_most(instances, tier, "beta(A^2) <= p", double=True)
    nine = sum(p == 9 for _, p in instances)
    return Outcome(outcome.verdict, outcome.margin, outcome.margin_note,
                   dict(outcome.evidence, with_p_9=nine), counterexample=outcome.counterexample,
                   erratum="corrected form of ranmilo.thm1.balancing_of_square (an extra hypothesis on arg A)",
                   summary=outcome.summary + f"; {nine} admissible grid angles satisfy the hypothesis with p = 9")


# ---------------------------------------------------------------------------------------------
# Step 3: alternations.

@functools.lru_cache(maxsize=None)
def alternation_table(tier: str) -> tuple:
    """For every grid arg A = pi r (denominator <= ALT_GRID) with finite beta(A^2) <= P_MAX:
    (r, beta(A^2), {K: (least alternation length over all phases of B C, worst phase in turns)})."""
    rows = []
    counts = list(range(1, (T_MAX[tier] + 1) // 2 + 1))
    for r in angle_grid(tier):
        if r.q > ALT_GRID[tier]:
            continue
        value = beta(2 * r, P_MAX[tier])
        if value is not None:
            rows.append((r, value, fewest_alternations(angle(wrap(2 * r)), counts)))
    return tuple(rows)


#: The two readings of the printed index range "k = 1..floor(t/2)": K as printed, and K = ceil(t/2),
#: the number of odd indices <= t (what the repaired chain uses).  The claim is refuted only where it
#: fails under both; since more indices never shorten the alternation, K = ceil(t/2) is the binding one.
READINGS = {"floor(t/2)": lambda t: t // 2, "ceil(t/2)": lambda t: (t + 1) // 2}


@check("ranmilo.thm1.alternation", statement="ranmilo.thm1.alternation", expected="refuted")
def alternation(tier: str) -> Outcome:
    """Step 3: beta(A^2) <= 9 gives floor(t/9) - 1 alternations among k <= K?  Exact, all phases of B C,
    under both readings K = floor(t/2) and K = ceil(t/2)."""
    rows = [row for row in alternation_table(tier) if row[1] <= 9 and admissible(row[0])]
    failures = []
    for r, value, table in rows:
        for t in range(2, T_MAX[tier] + 1):
            if all(table[count(t)][0] < t // 9 - 1 for count in READINGS.values()):
                failures.append((t, r, value, table))
                break
    if not failures:
        return Outcome("certified", 0.0, "", {"angles": len(rows), "readings": list(READINGS)})
    t, r, value, table = min(failures, key=lambda f: (f[0], int(f[1].q)))
    claimed = t // 9 - 1
    b = 2 * table[(t + 1) // 2][1]  # b / pi: a phase worst for the larger range, K = ceil(t/2)
    counts = {}
    for reading, count in READINGS.items():
        K = count(t)
        recheck = alternation_length(labels(angle(wrap(2 * r)), angle(b), K))  # independent: fmpq labels
        assert table[K][0] <= recheck <= table[(t + 1) // 2][0]  # the least over phases; more indices never fewer
        counts[reading] = {"K": K, "alternations_at_arg_BC": recheck, "least_over_all_phases": table[K][0]}
    if not all(entry["alternations_at_arg_BC"] < claimed for entry in counts.values()):
        return Outcome("open", None, "the counterexample did not re-check under both readings", {"counts": counts})
    worst = max(entry["alternations_at_arg_BC"] for entry in counts.values())
    text = " and ".join(f"{entry['alternations_at_arg_BC']} (K = {entry['K']} = {reading})"
                        for reading, entry in counts.items())
    return Outcome("refuted", float(worst - claimed),
                   "alternations - (floor(t/9) - 1) at the counterexample (the larger of the two readings)",
                   {"angles_with_beta_at_most_9": len(rows), "t_max": T_MAX[tier], "failing_angles": len(failures),
                    "first_failing_t": {show(f[1]): f[0] for f in sorted(failures, key=lambda f: (f[0], int(f[1].q)))},
                    "readings": "K = floor(t/2) (the printed range 1..floor(t/2)) and K = ceil(t/2) (the odd indices "
                                "<= t); a failure counts only if it fails under both",
                    "system": "exact (integer arithmetic over all breakpoint arcs of b; re-checked with fmpq labels)"},
                   counterexample={"arg_A": show(r), "beta_A_squared": value, "t": t, "arg_BC": show(b),
                                   "alternations": counts, "claimed": claimed,
                                   "note": "any |A| in [0.5^(1/t), 1) and |B C| = 1; the labels depend on angles only"},
                   erratum="blocks of beta(A^2) indices give floor(K/beta) + 1 alternations among k = 1..K "
                           "(floor(ceil(t/2)/beta) + 1 over the odd indices): ranmilo.thm1_repaired.alternation",
                   summary=f"arg A = {show(r)} has beta(A^2) = {value} <= 9, but at t = {t} and arg(B C) = {show(b)} "
                           f"only {text} alternations exist, fewer than floor(t/9) - 1 = {claimed} under both readings "
                           "of the index range.  Theorem 1's bound is not supported by the printed proof; the "
                           "corrected count gives n_R >= floor(ceil(t/2)/p) + 1 - 8 eps")


@check("ranmilo.thm1_repaired.alternation", statement="ranmilo.thm1_repaired.alternation", expected="certified")
def alternation_corrected(tier: str) -> Outcome:
    """At least floor(K/beta) + 1 alternations among k <= K for every phase of B C, for K = ceil(t/2) (the
    statement) and K = floor(t/2) (the printed range), exact grid, t <= T_MAX."""
    rows = alternation_table(tier)
    slack, count = None, 0
    for r, value, table in rows:
        for t in range(1, T_MAX[tier] + 1):
            for reading, size in READINGS.items():
                K = size(t)
                if K < value:
                    continue
                count += 1
                gap = table[K][0] - (K // value + 1)
                if gap < 0:
                    return Outcome("refuted", float(gap), "alternations - (floor(K/beta) + 1)", {},
                                   counterexample={"arg_A": show(r), "t": t, "K": K, "reading": reading})
                slack = gap if slack is None else min(slack, gap)
    return Outcome("certified", float(slack), "least alternations - (floor(K/beta) + 1) (0 = tight)",
                   {"angles": len(rows), "instances_(angle,t,reading)": count, "t_max": T_MAX[tier],
                    "readings": list(READINGS), "system": "exact (all phases of B C via the breakpoint arcs)"},
                   erratum="corrected form of ranmilo.thm1.alternation",
                   summary=f"holds at all {count} (angle, t, reading) instances for every phase of B C, with "
                           "K = ceil(t/2) (the statement) and K = floor(t/2) (the printed range)")


# ---------------------------------------------------------------------------------------------
# Step 4: disagreements.

@check("ranmilo.thm1.disagreements", statement="ranmilo.thm1.disagreements", expected="refuted")
def disagreements(tier: str) -> Outcome:
    """Step 4: at least L - n_R disagreements?  Exact least count (dynamic programming)."""
    failures = [(length, n, fewest_disagreements(length, n - 1)) for length in range(1, 13) for n in range(1, length)
                if fewest_disagreements(length, n - 1) < length - n]
    length, n, least = failures[0]
    z = [(-1) ** j for j in range(length)]
    y = [1] * length
    recheck = sum(a * b <= 0 for a, b in zip(y, z))
    assert recheck == least
    return Outcome("refuted", float(least - (length - n)), "least disagreements - (L - n_R)",
                   {"pairs_failing_(L<=12)": len(failures), "system": "exact (dynamic programming over sign patterns)"},
                   counterexample={"L": length, "n_R": n, "z_signs": z, "y_signs": y, "disagreements": recheck,
                                   "claimed": length - n,
                                   "sign_pattern_realised_by": "Z|1 of A = 99i/100, B C = 1 at k = 1, 2, 3 has the "
                                                               "signs (+, -, +); Y|1 of the real SSM A_R = 99/100, "
                                                               "B_R = C_R = 1 is positive",
                                   "note": "that SSM realises the sign pattern only: its whole odd sequence "
                                           "alternates, so over all k <= K = floor(t/2) the disagreements, "
                                           "floor(K/2), meet the printed floor(t/9) - n_R - 1.  What is refuted is "
                                           "the step's inference from an alternating subsequence of length L to "
                                           "L - n_R disagreements at its indices"},
                   erratum="the least count is ceil((L - n_R)/2): ranmilo.thm1_repaired.disagreements; then "
                           "(L - n_R)/8 <= eps, n_R >= L - 8 eps",
                   summary=f"L = {length}, n_R = {n}: an alternating z against a positive y disagrees {least} time(s), "
                           f"not {length - n}.  The step does not support the factor 4 eps nor the count; the "
                           "corrected proof gives n_R >= L - 8 eps")


@check("ranmilo.thm1_repaired.disagreements", statement="ranmilo.thm1_repaired.disagreements",
       expected="certified")
def disagreements_corrected(tier: str) -> Outcome:
    """The least number of disagreements is ceil((L - n_R)/2) for n_R >= 1 (exhaustive DP)."""
    top = 24 if tier == "quick" else 64
    count = 0
    for length in range(0, top + 1):
        for n in range(1, top + 1):
            count += 1
            if fewest_disagreements(length, n - 1) != max(0, -(-(length - n) // 2)):
                return Outcome("refuted", -1.0, "", {}, counterexample={"L": length, "n_R": n})
    return Outcome("certified", 0.0, "exact equality with ceil((L - n_R)/2) (attained)",
                   {"pairs": count, "L, n_R": f"0..{top}, 1..{top}", "system": "exact (dynamic programming)"},
                   erratum="corrected form of ranmilo.thm1.disagreements",
                   summary=f"equal to max(0, ceil((L - n_R)/2)) at all {count} pairs (n_R = 0: y = 0, all L disagree)")


# ---------------------------------------------------------------------------------------------
# The corrected theorem: the chain.

@check("ranmilo.thm1_repaired", statement="ranmilo.thm1_repaired", expected="open")
def theorem1_repaired(tier: str) -> Outcome:
    """The repaired proof of Theorem 1: the verdicts of its chain (not a complete proof)."""
    from ...registry import get
    verdicts = {}
    for step in ("ranmilo.thm1.arg_range", "ranmilo.thm1_repaired.double_angle",
                 "ranmilo.thm1_repaired.balancing_of_square", "ranmilo.thm1.odd_restriction",
                 "ranmilo.thm1.magnitude", "ranmilo.thm1_repaired.alternation", "ranmilo.thm1.sign_changes",
                 "ranmilo.thm1_repaired.disagreements", "ranmilo.thm1_repaired.final_inequality"):
        verdicts[step] = get(step).run("quick").verdict
    proved = [s for s, v in verdicts.items() if v == "proved"]
    printed, repaired = theory_registry.get("ranmilo.thm1").bound, theory_registry.get("ranmilo.thm1_repaired").bound
    comparison = [{"t": t, "printed_bound": int(evaluate(printed, {"t": t, "epsilon": 0}, system="exact")),
                   "repaired_bound_p_9": int(evaluate(repaired, {"t": t, "epsilon": 0, "p": 9}, system="exact"))}
                  for t in (18, 36, 99, 100, 1000)]
    return Outcome("open", None, "no margin: the chain is not a complete proof",
                   {"steps": verdicts, "bounds_at_eps_0": comparison},
                   summary=f"{len(proved)} of {len(verdicts)} links proved in sympy; the others (Corollary 4 for A^2, "
                           "the alternation and disagreement counts, the sign changes) are certified on exact finite "
                           "instances only")
