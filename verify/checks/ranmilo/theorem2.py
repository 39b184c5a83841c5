"""Checks of Theorem 2 (Ran-Milo et al. 2024, Section 3.3, proof in Appendix D.3), as printed
and in its corrected form.

Theorem 2 says: if a real SSM eps-approximates phi up to time t (l1), then
``n_R ||C^T ⊙ B||_inf >= max_{sigma, d, m} term(d, m, (phi|sigma)^(d)_m, eps)``.  The term is
the ``bound`` of the statement in :mod:`theory` (printed: ``2^(d + 2 min(d, m)) (2^-d |D| - eps)``;
corrected: ``min(d, m - 1)``).  Both sides are computed exactly (fmpq) by
:mod:`numerics.realfit.theorem2`; a violation is ``RHS > LHS`` as rationals, so no rounding can make or
unmake one.

Instances, all seeded:

1. exhaustive: one state, ``B = C = 1``, ``A`` in {0, +-1/4, +-1/2, +-3/4}, t = 4..8, the SSM's
   own response as target and eps = 0 -- ordered so that the first violation found is the
   smallest (fewest states, shortest t, simplest numbers);
2. random: stable real SSMs of dimension 1..6 with float64 (dyadic) parameters, t = 4..24, with
   targets (a) the SSM's own response, eps = 0; (b) that response plus a random perturbation
   delta, eps = ||delta||_1 exactly; (c) the paper's targets, eps = the exact l1 distance;
3. adversarial: Nelder-Mead on the ratio RHS / LHS over the SSM's parameters (float64, the term
   lambdified by sympy), from seeded starts; every candidate is re-checked exactly.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy
from flint import fmpq
from scipy.optimize import minimize

from numerics import DiagonalSSM, impulse_response, make_target
from numerics.ssm.systems import fmpq_to_string, to_fmpq
from numerics.realfit.theorem2 import difference_table, index_pairs, maximise_terms, weight_size
from numerics.ssm.differences import restrict
from theory import registry as theory_registry
from numerics.ssm.symbolic import evaluate

from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0
SMALL_POLES = [fmpq(0), fmpq(1, 2), fmpq(-1, 2), fmpq(1, 4), fmpq(-1, 4), fmpq(3, 4), fmpq(-3, 4)]


def exact_term(statement: str):
    """The statement's bound as an exact function ``term(d, m, D, eps)``."""
    bound = theory_registry.get(statement).bound

    def term(d, m, D, eps):
        return evaluate(bound, {"d": d, "m": m, "D": D, "epsilon": eps}, system="exact")
    return term


def float_term(statement: str):
    """The same bound lambdified to numpy (for screening only)."""
    bound = theory_registry.get(statement).bound
    symbols = {s.name: s for s in bound.free_symbols}
    return sympy.lambdify([symbols[name] for name in ("d", "m", "D", "epsilon")], bound, "numpy")


def confront(ssm: DiagonalSSM, phi, eps, term) -> dict:
    """Both sides of Theorem 2 for one instance, exactly; ``violated`` iff RHS > LHS."""
    response = impulse_response(ssm, len(phi), system="exact")
    distance = sum((abs(h - p) for h, p in zip(response, phi)), fmpq(0))
    if distance > eps:
        raise ValueError("the instance is not an eps-approximation")
    lhs = weight_size(ssm)
    best = maximise_terms(phi, eps, term)
    return {"lhs": lhs, "rhs": best.value, "d": best.d, "m": best.m, "sigma": best.sigma,
            "violated": best.value is not None and best.value > lhs}


def counterexample(ssm: DiagonalSSM, phi, eps, found: dict) -> dict:
    """The counterexample object: exact rational strings, plus the indices that violate."""
    return {"A": [fmpq_to_string(to_fmpq(a)) for a in ssm.A], "B": [fmpq_to_string(to_fmpq(b)) for b in ssm.B],
            "C": [fmpq_to_string(to_fmpq(c)) for c in ssm.C], "t": len(phi), "epsilon": fmpq_to_string(eps),
            "target": [fmpq_to_string(p) for p in phi], "d": found["d"], "m": found["m"], "sigma": found["sigma"],
            "lhs": fmpq_to_string(found["lhs"]), "rhs": fmpq_to_string(found["rhs"])}


def _simplicity(a: fmpq) -> int:
    return int(abs(a.p)) + int(a.q)


def exhaustive_instances():
    """One-state SSMs (A, 1, 1), t = 4..8, own response, eps = 0, simplest first."""
    for t in range(4, 9):
        for a in sorted(SMALL_POLES, key=_simplicity):
            ssm = DiagonalSSM([a], [fmpq(1)], [fmpq(1)])
            yield ssm, list(impulse_response(ssm, t, system="exact")), fmpq(0), "exhaustive"


def random_instances(rng: np.random.Generator, count: int):
    """Seeded random stable real SSMs with the three kinds of target of the module docstring."""
    for index in range(count):
        n = int(rng.integers(1, 7))
        t = int(rng.integers(4, 25))
        ssm = DiagonalSSM(rng.uniform(-0.999, 0.999, n), rng.normal(size=n), rng.normal(size=n), field="real")
        own = list(impulse_response(ssm, t, system="exact"))
        kind = index % 3
        if kind == 0:
            yield ssm, own, fmpq(0), "own response"
        elif kind == 1:
            delta = [to_fmpq(x) for x in rng.normal(scale=10.0 ** rng.uniform(-6, 0), size=t)]
            yield ssm, [h + e for h, e in zip(own, delta)], sum((abs(e) for e in delta), fmpq(0)), "perturbed"
        else:
            phi = list(make_target(("delay", "oscillation", "random")[index % 9 // 3], t, seed=SEED).values("exact"))
            yield ssm, phi, sum((abs(h - p) for h, p in zip(own, phi)), fmpq(0)), "paper target"


def _float_ratio(params, n: int, t: int, term) -> float:
    """-(RHS / LHS) in float64 for an SSM with A = tanh(params[:n]), own response, eps = 0."""
    A, B, C = np.tanh(params[:n]), params[n:2 * n], params[2 * n:]
    lhs = n * np.max(np.abs(B * C))
    if lhs == 0:
        return 0.0
    h = np.array([np.sum(B * C * A ** k) for k in range(t)])
    best = -np.inf
    for sigma in ("odd", "even"):
        rows = difference_table(restrict(h, sigma))
        for d, m in index_pairs(t):
            best = max(best, term(d, m, rows[d][m - 1], 0.0))
    return -best / lhs


def adversarial_instances(rng: np.random.Generator, statement: str, starts: int):
    """Maximise RHS/LHS with Nelder-Mead from seeded starts; yield the optima as exact SSMs."""
    term = float_term(statement)
    for n, t in ((1, 4), (1, 6), (2, 6), (2, 8), (3, 8), (2, 12)):
        for _ in range(starts):
            x0 = rng.normal(size=3 * n)
            result = minimize(_float_ratio, x0, args=(n, t, term), method="Nelder-Mead",
                              options={"maxiter": 400, "xatol": 1e-10, "fatol": 1e-12})
            A = np.tanh(result.x[:n])
            ssm = DiagonalSSM(A, result.x[n:2 * n], result.x[2 * n:], field="real")
            yield ssm, list(impulse_response(ssm, t, system="exact")), fmpq(0), "adversarial"


def search(statement: str, tier: str) -> tuple[list[dict], dict | None, dict]:
    """Run the three searches; return (violations, smallest counterexample, counts and ratios)."""
    term = exact_term(statement)
    rng = np.random.default_rng(SEED)
    count = 60 if tier == "quick" else 600
    starts = 2 if tier == "quick" else 10
    violations, first, largest_ratio, counts = [], None, {}, {}
    sources = [exhaustive_instances(), random_instances(rng, count), adversarial_instances(rng, statement, starts)]
    for source in sources:
        for ssm, phi, eps, kind in source:
            found = confront(ssm, phi, eps, term)
            counts[kind] = counts.get(kind, 0) + 1
            if found["rhs"] is not None and found["lhs"] > 0:
                ratio = found["rhs"] / found["lhs"]
                if kind not in largest_ratio or ratio > largest_ratio[kind]:
                    largest_ratio[kind] = ratio
            if found["violated"]:
                violations.append({"kind": kind, "n": ssm.n, "t": len(phi)})
                if first is None:
                    first = counterexample(ssm, phi, eps, found)
    summary = {"instances": counts, "largest_rhs_over_lhs": {k: float(v) for k, v in largest_ratio.items()},
               "seed": SEED, "system": "exact (fmpq); adversarial search proposes in float64"}
    return violations, first, summary


@check("ranmilo.thm2", statement="ranmilo.thm2", expected="refuted")
def theorem2_as_printed(tier: str) -> Outcome:
    """Theorem 2 as printed: search for violations, re-checked exactly; minimal counterexample."""
    violations, first, evidence = search("ranmilo.thm2", tier)
    evidence["violations"] = len(violations)
    largest = max(evidence["largest_rhs_over_lhs"].values())
    if first is None:
        return Outcome("open", None, "no violation found; largest RHS/LHS in evidence", evidence)
    margin = float(1 - Fraction(first["rhs"]) / Fraction(first["lhs"]))
    erratum = ("Theorem 2 as printed fails (A=0, B=C=1, t=4, eps=0: RHS 4 > LHS 1 at sigma=odd, d=m=1): "
               "its proof applies Lemma 6, stated with 0-based indices, at Definition 1's 1-based index m. "
               "Corrected form ranmilo.thm2_corrected: replace min{d, m} by min{d, m-1}.")
    return Outcome("refuted", margin, "1 - RHS/LHS at the smallest counterexample (< 0: outside the claim)",
                   evidence, counterexample=first, erratum=erratum,
                   summary=f"{len(violations)} violations among {sum(evidence['instances'].values())} instances; "
                           f"largest RHS/LHS = {largest:.3g}; smallest: n=1, t={first['t']}, A={first['A']}")


@check("ranmilo.thm2_corrected", statement="ranmilo.thm2_corrected", expected="proved")
def theorem2_corrected(tier: str) -> Outcome:
    """Corrected Theorem 2 (min{d, m-1}): sympy proof of every step, and the same searches (exact)."""
    verdict, proof = proof_outcome("ranmilo.thm2_corrected")
    violations, first, evidence = search("ranmilo.thm2_corrected", tier)
    evidence.update(violations=len(violations), **proof)
    largest = max(evidence["largest_rhs_over_lhs"].values())
    if first is not None:
        return Outcome("refuted", float(1 - Fraction(first["rhs"]) / Fraction(first["lhs"])),
                       "1 - RHS/LHS at the smallest counterexample", evidence, counterexample=first,
                       summary=f"{len(violations)} violations")
    return Outcome("proved" if verdict == "proved" else "certified", float(1 - largest),
                   "1 - max RHS/LHS over the searched instances (0: the bound is attained)", evidence,
                   erratum="corrected form of ranmilo.thm2 (min{d, m-1} in place of min{d, m})",
                   summary=f"sympy proof {'complete' if verdict == 'proved' else 'incomplete'}; no violation among "
                           f"{sum(evidence['instances'].values())} exact instances; largest RHS/LHS = {largest:.3g} "
                           f"(attained: the corrected bound is tight)")


@check("ranmilo.thm2.step3", statement="ranmilo.thm2.step3", expected="refuted")
def theorem2_step3(tier: str) -> Outcome:
    """Step 3 of the proof (Lemma 6 at a 1-based index): exact search over poles and (d, m)."""
    # the claimed bound per unit weight: the right-hand side of the step's conclusion with n_R W~ = 1
    claim = theory_registry.get("ranmilo.thm2.step3").conclusion.rhs
    worst, first = None, None
    poles = sorted((fmpq(k, 16) for k in range(0, 17)), key=_simplicity)
    tables = {alpha: difference_table([alpha ** i for i in range(12)]) for alpha in poles}
    for d, m in sorted(((d, m) for d in range(1, 6) for m in range(1, 6)), key=lambda dm: (sum(dm), dm)):
        bound = evaluate(claim, {"d": d, "m": m, "n_R": 1, "W_tilde": 1}, system="exact")
        for alpha in poles:
            value = abs(tables[alpha][d][m - 1])
            found = (value / bound, alpha, d, m, value, bound)
            if worst is None or found[0] > worst[0]:
                worst = found
            if first is None and value > bound:
                first = found
    if first is None:
        return Outcome("certified", float(1 - worst[0]), "1 - max difference / claimed bound",
                       {"system": "exact (fmpq)", "largest_ratio": float(worst[0])})
    ratio, alpha, d, m, value, bound = first
    found = {"alpha": fmpq_to_string(alpha), "d": d, "m": m, "sequence": "alpha^(i-1), i = 1, 2, ...",
             "difference": fmpq_to_string(value), "claimed_bound": fmpq_to_string(bound)}
    evidence = {"poles": "k/16, k = 0..16", "d, m": "1..5", "system": "exact (fmpq)",
                "largest_ratio": float(worst[0]), "largest_at": {"alpha": fmpq_to_string(worst[1]), "d": worst[2],
                                                                 "m": worst[3]}}
    return Outcome("refuted", float(1 - ratio), "1 - difference / claimed bound at the counterexample", evidence,
                   counterexample=found,
                   erratum="with 1-based m the difference is alpha^(m-1) (alpha-1)^d, bounded by "
                           "2^(-2 min(d, m-1)): ranmilo.thm2_corrected.sup_bound",
                   summary=f"at alpha={found['alpha']}, d={d}, m={m}: |difference| = {found['difference']} > "
                           f"claimed {found['claimed_bound']} (largest ratio {float(worst[0]):.3g})")
