"""Checks of Appendix A of Ran-Milo et al. 2024 (A.1 bilinear discretisation, A.2 feedthrough,
A.3 complex A with real B, C).  The statements and their proofs are in :mod:`theory.ranmilo.appendix_a`.

``ranmilo.appendix_a1_corrected`` -- Theorem 2 (corrected) with ``n_R Delta ||C^T . B||_inf`` on the left.
The proof (chained sympy/z3 steps), and exact searches: continuous real SSMs ``(a_j, b_j, c_j)`` and
steps ``Delta``, all dyadic rationals, discretised exactly (fmpq) to ``Abar = (1 + Delta a/2)/(1 -
Delta a/2)``, ``Bbar = Delta b/(1 - Delta a/2)``; targets (a) the discretised SSM's own response,
eps = 0, (b) that response plus a seeded perturbation, eps = its exact l1 norm, (c) the paper's
targets, eps = the exact l1 distance.  Both sides are exact rationals (the right-hand side is the
statement's ``bound`` maximised over ``(d, m, sigma)``).  The searches also try parameters just
outside each hypothesis (``a = 0``, ``a > 0``, ``Delta < 0``); they are set aside (and counted) while
the hypotheses of ``HYPOTHESES_A1`` hold -- the mutations drop one, and those instances refute.
``ranmilo.appendix_a1`` -- the same searches against the appendix as printed (Theorem 2's ``min(d, m)``):
refuted, with the first exact counterexample met and the erratum built from it.

``ranmilo.appendix_a1_corrected.tightness`` -- the right-hand side against the smallest left side any
bilinear-discretised real SSM can have.  What is compared, and why it bounds the theorem's left
side: every discretised real SSM ``(Abar, Bbar, C)`` that eps-approximates ``phi`` is a real SSM with
poles in (-1, 1) and weights ``wbar_j = C_j Bbar_j``, and

    n_R Delta ||C^T . B||_inf >= Delta sum_j |C_j B_j| = sum_j |wbar_j| (1 - Delta a_j/2)
                               = sum_j |wbar_j| 2/(1 + Abar_j) >= sum_j |wbar_j| >= min ||w||_1,

(``1 - Delta a/2 = 2/(1 + Abar)``), where ``min ||w||_1`` is :func:`numerics.realfit.min_l1_weight`'s
certified minimum over all real SSMs with poles in [-1, 1].  So both

* ``L_disc`` = the certified lower end of ``min ||w||_1(phi, eps)``, and
* ``L_bil`` = a certified lower bound of ``inf sum_j |wbar_j| 2/(1 + Abar_j)`` -- the bilinear
  problem's own minimum: weak duality with a dual polynomial ``p_c(x) = sum_k c_k x^(k-1)`` gives
  ``<c, phi> - eps ||c||_inf <= sup_[-1,1] |p_c(x) (1 + x)/2| * sum_j |wbar_j| 2/(1 + Abar_j)``;
  ``c`` comes from a float64 LP (HiGHS) on a grid, then ``<c, phi>`` is computed exactly and the sup
  bounded rigorously (:func:`numerics.realfit.sup_norm_bound` on the Chebyshev coefficients of
  ``p_c (1 + x)/2``)

are lower bounds of the theorem's left side over every admissible SSM, and the theorem is certified
on an instance when ``RHS <= max(L_disc, L_bil)``.  ``L_bil / L_disc`` (about 2 to 6 on the paper's
targets at eps = 0) says how much more the bilinear parameterisation pays for poles near -1.  Timings
(2 cores): quick ~1.5 s, full (t <= 64) ~9 s.

``ranmilo.appendix_a2`` -- the proof, and exact instances: real and complex SSMs (dyadic and Gaussian
dyadic parameters) with a feedthrough ``D``, seeded rational inputs: the feedthrough output
``Re(C x_k) + Re(D) u_k`` and the output of the SSM with the extra state ``extra_state(D)`` appended
must agree exactly, and so must their impulse responses.

``ranmilo.appendix_a3.dct`` -- the DCT construction (:func:`numerics.ssm.constructions.dct_ssm`) certified
in arb balls as Proposition 3 is (``ranmilo.prop3``): stable, poles non-real, ``B`` and ``C`` real, the
response matches (each ball ``h_k - phi_k`` contains 0, radius below 2^-60 max|phi|),
``||B||_2 < 2 ||phi||_2`` strictly and ``||C||_2^2 = t (1/t) = 1``; t up to 256 on the quick tier and
1024 on the full one.  ``ranmilo.appendix_a3.d7_alpha`` -- the same construction with Appendix D.7's
radius violates (i): found exactly (sympy: t = 2, phi = (0, 1), ||B||_2^2 = 8 > 4) and in arb on
``phi = e_t`` and the paper's targets.  ``ranmilo.appendix_a3.thm1`` -- Theorem 1 at real ``B_C C_C``
(``arg(B_C C_C)`` in {0, pi}) on Theorem 1's instances
(:func:`verify.checks.ranmilo.theorem1_instances.instance`).

The symbolic statements (``ranmilo.appendix_a1.theorem1``, ``ranmilo.appendix_a3.prop1``, ``.prop2``,
``.prop3`` and the proof steps) get the automatic proof checks of :mod:`verify.registry`.
"""
from __future__ import annotations

import sys
from contextlib import ExitStack, contextmanager

import numpy as np
import sympy
from flint import arb, ctx, fmpq
from scipy.optimize import linprog

from numerics import DiagonalSSM, apply, impulse_response, make_target
from numerics.realfit import chebyshev_moments, min_l1_weight, monomial_coefficients, sup_norm_bound
from numerics.ssm.constructions import dct_ssm
from numerics.ssm.differences import restrict
from numerics.ssm.symbolic import evaluate
from numerics.ssm.systems import GaussianRational, float_lower, float_upper, fmpq_to_string, to_fmpq
from theory import registry as theory_registry
from theory.steps import perturbed

from ...certify import exact_relative_slack, match_radius, relative_slack_lower
from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome
from .theorem1_instances import instance as theorem1_instance

SEED = 0
_THIS = sys.modules[__name__]


@contextmanager
def _together(*factories):
    """All the mutations ``factories`` at once (a wrong statement, and a smaller scale so that it runs fast)."""
    with ExitStack() as stack:
        for factory in factories:
            stack.enter_context(factory())
        yield


def _q(x) -> str:
    return fmpq_to_string(to_fmpq(x))


def _toward_zero(value: fmpq) -> float:
    """``value`` as a float rounded towards 0 (its sign is exact)."""
    return 0.0 if value == 0 else (float_lower(arb(value)) if value > 0 else float_upper(arb(value)))


# =============================================================================================
# Theorem 2's right-hand side, exactly, for any statement whose bound is a term in (d, m, D, epsilon).

def exact_term(statement: str):
    """The statement's ``bound`` as an exact function ``term(d, m, D, eps)``."""
    bound = theory_registry.get(statement).bound

    def term(d, m, D, eps):
        return evaluate(bound, {"d": d, "m": m, "D": D, "epsilon": eps}, system="exact")
    return term


def differences(sequence) -> list[list]:
    """``rows[d][i] = S^(d)_(i+1)`` (Definition 1, 1-based index ``i + 1``)."""
    rows = [list(sequence)]
    while len(rows[-1]) > 1:
        previous = rows[-1]
        rows.append([previous[i + 1] - previous[i] for i in range(len(previous) - 1)])
    return rows


def right_side(phi, eps, term) -> tuple:
    """``max_{sigma, d, m} term(d, m, (phi|sigma)^(d)_m, eps)`` over ``d, m >= 1``, ``d + m <= floor(t/2)``:
    ``(value, d, m, sigma)``, or ``(None, ...)`` when the range is empty (t < 4)."""
    half = len(phi) // 2
    best = (None, None, None, None)
    for sigma in ("odd", "even"):
        rows = differences(restrict(phi, sigma))
        for d in range(1, half):
            for m in range(1, half - d + 1):
                value = term(d, m, rows[d][m - 1], eps)
                if best[0] is None or value > best[0]:
                    best = (value, d, m, sigma)
    return best


# =============================================================================================
# A.1: bilinear discretisation, exact searches.

#: The statement whose bound is the right-hand side (the mutation puts the printed Theorem 2's here).
STATEMENT_A1 = "ranmilo.appendix_a1_corrected"
#: The hypotheses on each continuous pole a (= A_jj) and the step Delta; an instance violating one is
#: set aside.  The mutations drop one.
HYPOTHESES_A1 = {"Re A_jj < 0": lambda pole, step: pole < 0, "Delta > 0": lambda pole, step: step > 0}


def left_side_a1(n: int, step: fmpq, weight: fmpq) -> fmpq:
    """The theorem's left side ``n_R Delta ||C^T . B||_inf`` (``weight = max_j |C_j B_j|``)."""
    return n * step * weight


def discretise(poles, inputs, outputs, step) -> DiagonalSSM:
    """The bilinear discretisation, exactly: ``((1 + s a/2)/(1 - s a/2), s b/(1 - s a/2), c)``."""
    half = [step * a / 2 for a in poles]
    return DiagonalSSM(np.array([(1 + x) / (1 - x) for x in half], dtype=object),
                       np.array([step * b / (1 - x) for b, x in zip(inputs, half)], dtype=object),
                       np.array(list(outputs), dtype=object), field="real")


def _dyadic(value: float, bits: int = 10) -> fmpq:
    return fmpq(int(round(value * 2**bits)), 2**bits)


def a1_edge_instances():
    """One state, B = C = 1, own response, eps = 0, t in {4, 6, 8}: discretised poles in {0, +-1/2, +-3/4}
    for steps 1/2 .. 4, and the same at the hypotheses' edges (a = 0; a > 0; Delta < 0)."""
    inside = [fmpq(0), fmpq(1, 2), fmpq(-1, 2), fmpq(3, 4), fmpq(-3, 4)]
    outside = [fmpq(1), fmpq(2), fmpq(-2), fmpq(3, 2)]       # a = 0 (Abar = 1) and a > 0
    for t in (4, 6, 8):
        for step in (fmpq(1, 2), fmpq(1), fmpq(2), fmpq(4)):
            for abar in inside + outside:
                pole = 2 / step * (abar - 1) / (abar + 1)      # the continuous pole giving abar
                yield "edge" if abar in inside else "outside: a >= 0", t, [pole], [fmpq(1)], [fmpq(1)], step
        for step in (fmpq(-1), fmpq(-2)):
            for pole in (fmpq(-1, 3), fmpq(-1)):
                if step * pole / 2 != 1:
                    yield "outside: Delta < 0", t, [pole], [fmpq(1)], [fmpq(1)], step


def a1_random_instances(rng: np.random.Generator, count: int):
    for _ in range(count):
        n = int(rng.integers(1, 5))
        poles = [-_dyadic(rng.uniform(1 / 64, 8)) for _ in range(n)]
        yield ("random", int(rng.integers(4, 17)), poles, [_dyadic(rng.normal()) for _ in range(n)],
               [_dyadic(rng.normal()) for _ in range(n)], _dyadic(rng.uniform(1 / 16, 4)))


def a1_targets(rng: np.random.Generator, ssm: DiagonalSSM, t: int, kind: str, index: int):
    """The target and eps for one SSM (module docstring: own response, perturbed, paper target)."""
    own = list(impulse_response(ssm, t, system="exact"))
    if kind != "random" or index % 3 == 0:
        return own, fmpq(0), "own response"
    if index % 3 == 1:
        delta = [_dyadic(x, 20) for x in rng.normal(scale=10.0 ** rng.uniform(-4, 0), size=t)]
        return [h + e for h, e in zip(own, delta)], sum((abs(e) for e in delta), fmpq(0)), "perturbed"
    phi = list(make_target(("delay", "oscillation", "random")[index % 9 // 3], t, seed=SEED).values("exact"))
    return phi, sum((abs(h - p) for h, p in zip(own, phi)), fmpq(0)), "paper target"


def a1_search(tier: str, statement: str) -> dict:
    term = exact_term(statement)
    rng = np.random.default_rng(SEED)
    count = 30 if tier == "quick" else 300
    found = {"instances": {}, "set_aside": {}, "violations": 0, "first": None, "worst": None}
    sources = (a1_edge_instances(), a1_random_instances(rng, count))
    for index, (kind, t, poles, inputs, outputs, step) in enumerate(i for source in sources for i in source):
        failed = [name for name, holds in HYPOTHESES_A1.items()
                  if not all(holds(pole, step) for pole in poles)]
        if failed:
            found["set_aside"][kind] = found["set_aside"].get(kind, 0) + 1
            continue
        ssm = discretise(poles, inputs, outputs, step)
        phi, eps, target = a1_targets(rng, ssm, t, kind, index)
        found["instances"][f"{kind}, {target}"] = found["instances"].get(f"{kind}, {target}", 0) + 1
        weight = max(abs(b * c) for b, c in zip(inputs, outputs))
        lhs = left_side_a1(len(poles), step, weight)
        rhs, d, m, sigma = right_side(phi, eps, term)
        if rhs is None:
            continue
        if lhs > 0 and (found["worst"] is None or rhs / lhs > found["worst"][0]):
            found["worst"] = (rhs / lhs, kind, t)
        if rhs > lhs:
            found["violations"] += 1
            if found["first"] is None:
                found["first"] = {
                    "A": [_q(a) for a in poles], "B": [_q(b) for b in inputs], "C": [_q(c) for c in outputs],
                    "Delta": _q(step), "Abar": [_q(a) for a in ssm.A], "Bbar": [_q(b) for b in ssm.B],
                    "t": t, "epsilon": _q(eps), "target": [_q(p) for p in phi], "d": d, "m": m, "sigma": sigma,
                    "lhs": _q(lhs), "rhs": _q(rhs), "kind": kind}
    return found


@check("ranmilo.appendix_a1_corrected", statement="ranmilo.appendix_a1_corrected", expected="proved",
       mutations={"every machine-checked step perturbed (theory.steps.perturbed)": perturbed,
                  "hypothesis Re A_jj < 0 dropped (a = 0 and a > 0 admitted)":
                      lambda: patched(HYPOTHESES_A1, "Re A_jj < 0", lambda pole, step: True),
                  "hypothesis Delta > 0 dropped (Delta < 0 admitted)":
                      lambda: patched(HYPOTHESES_A1, "Delta > 0", lambda pole, step: True),
                  "Delta dropped from the left side (n_R ||C^T . B||_inf)":
                      lambda: patched(_THIS, "left_side_a1", lambda n, step, weight: n * weight),
                  "printed min(d, m) in place of min(d, m-1) (ranmilo.thm2's term)":
                      lambda: patched(_THIS, "STATEMENT_A1", "ranmilo.thm2")})
def appendix_a1(tier: str) -> Outcome:
    """Appendix A.1 (Theorem 2 corrected, bilinear): proof of every step, and exact searches incl. the edges."""
    verdict, evidence = proof_outcome("ranmilo.appendix_a1_corrected")
    found = a1_search(tier, STATEMENT_A1)
    total = sum(found["instances"].values())
    evidence.update(instances=found["instances"], set_aside_outside_hypotheses=found["set_aside"],
                    hypotheses=list(HYPOTHESES_A1), seed=SEED, violations=found["violations"],
                    largest_rhs_over_lhs=None if found["worst"] is None else _q(found["worst"][0]),
                    instance_system="exact (fmpq): discretisation, responses and both sides")
    first = found["first"]
    if first is not None:
        slack = exact_relative_slack(fmpq(first["rhs"]), fmpq(first["lhs"])) if fmpq(first["lhs"]) > 0 else None
        return Outcome("refuted", slack, "1 - RHS/LHS at the first counterexample (< 0: outside the claim)", evidence,
                       counterexample=first,
                       summary=f"{found['violations']} violations among {total} instances; first: Delta = "
                               f"{first['Delta']}, A = {', '.join(first['A'])}, t = {first['t']}: RHS {first['rhs']} > "
                               f"LHS {first['lhs']}")
    worst = found["worst"][0]
    outcome = verdict if verdict == "proved" else "certified"
    return Outcome(outcome, exact_relative_slack(worst, fmpq(1)),
                   "1 - max RHS/LHS over the searched instances (exact)", evidence,
                   summary=f"proof {'complete' if verdict == 'proved' else 'incomplete'}; no violation among {total} "
                           f"exact instances ({sum(found['set_aside'].values())} outside the hypotheses set aside); "
                           f"largest RHS/LHS = {float(worst):.3g}")


#: The printed statement's bound (the mutation puts the corrected one here).
STATEMENT_A1_PRINTED = "ranmilo.appendix_a1"


@check("ranmilo.appendix_a1", statement="ranmilo.appendix_a1", expected="refuted",
       mutations={"corrected min(d, m-1) in place of the printed min(d, m)":
                      lambda: patched(_THIS, "STATEMENT_A1_PRINTED", "ranmilo.appendix_a1_corrected")})
def appendix_a1_printed(tier: str) -> Outcome:
    """Appendix A.1 as printed (Theorem 2's min(d, m), bilinear): exact search; first counterexample met."""
    found = a1_search(tier, STATEMENT_A1_PRINTED)
    total = sum(found["instances"].values())
    evidence = {"instances": found["instances"], "set_aside_outside_hypotheses": found["set_aside"], "seed": SEED,
                "violations": found["violations"], "system": "exact (fmpq)"}
    first = found["first"]
    if first is None:
        return Outcome("open", None, "no violation found", evidence, summary=f"no violation among {total} instances")
    lhs, rhs = fmpq(first["lhs"]), fmpq(first["rhs"])
    erratum = (f"Appendix A.1 as printed fails (Delta = {first['Delta']}, A = {', '.join(first['A'])}, "
               f"B = {', '.join(first['B'])}, C = {', '.join(first['C'])}, t = {first['t']}, eps = {first['epsilon']}: "
               f"RHS {first['rhs']} > LHS {first['lhs']} at sigma = {first['sigma']}, "
               f"d = {first['d']}, m = {first['m']}), as Theorem 2 as printed does; corrected form "
               f"ranmilo.appendix_a1_corrected: min(d, m-1) in place of min(d, m)")
    return Outcome("refuted", exact_relative_slack(rhs, lhs), "1 - RHS/LHS at the first counterexample (< 0)",
                   evidence, counterexample=first, erratum=erratum,
                   summary=f"{found['violations']} violations among {total} exact instances; first: Delta = "
                           f"{first['Delta']}, A = {', '.join(first['A'])}, t = {first['t']}: RHS {first['rhs']} > "
                           f"LHS {first['lhs']}")


# =============================================================================================
# A.1: the right-hand side against the bilinear minimum (tightness).

#: The statement whose bound is compared, and a factor on it (the mutations change both).
STATEMENT_TIGHT = "ranmilo.appendix_a1_corrected"
RHS_FACTOR = fmpq(1)


def tightness_times(tier: str) -> list[int]:
    return [8, 12, 16, 24, 32] if tier == "quick" else [8, 12, 16, 24, 32, 48, 64]


def _times_one_plus_x(a: list[fmpq]) -> list[fmpq]:
    """Chebyshev coefficients of ``(1 + x)/2 * sum_j a_j T_j`` (``x T_j = (T_(j+1) + T_(|j-1|))/2``)."""
    out = [fmpq(0)] * (len(a) + 1)
    for j, coefficient in enumerate(a):
        out[j] += coefficient / 2
        if j == 0:
            out[1] += coefficient / 2
        else:
            out[j + 1] += coefficient / 4
            out[j - 1] += coefficient / 4
    return out


def bilinear_lower_bound(phi: list[fmpq], eps: fmpq, grid_factor: int = 16) -> tuple[fmpq, float]:
    """A certified lower bound of ``inf sum_j |wbar_j| 2/(1 + Abar_j)`` over the real SSMs with poles in
    (-1, 1) that eps-approximate ``phi`` (module docstring), and the float64 LP value it came from."""
    t = len(phi)
    psi = chebyshev_moments(phi)
    scale = max(abs(float(x)) for x in psi) or 1.0
    theta = np.pi * np.arange(grid_factor * t + 1) / (grid_factor * t)
    rows = np.cos(np.outer(theta, np.arange(t))) * ((1 + np.cos(theta)) / 2)[:, None]
    result = linprog(-np.array([float(x) for x in psi]) / scale, A_ub=np.vstack([rows, -rows]),
                     b_ub=np.ones(2 * len(theta)), bounds=[(None, None)] * t, method="highs")
    if result.status != 0:
        return fmpq(0), float("nan")
    a = [fmpq(int(round(v * 2**50)), 2**50) for v in result.x]
    S = sup_norm_bound(_times_one_plus_x(a)).upper
    c = monomial_coefficients(a)
    value = sum((ck * p for ck, p in zip(c, phi)), fmpq(0)) - eps * max(abs(ck) for ck in c)
    return (value / S if value > 0 and S > 0 else fmpq(0)), float(-result.fun * scale)


def tightness_instance(label: str, phi: list[fmpq], eps: fmpq) -> dict:
    rhs, d, m, sigma = right_side(phi, eps, exact_term(STATEMENT_TIGHT))
    rhs = rhs * RHS_FACTOR
    disc = min_l1_weight(phi, eps)
    bil, lp_value = bilinear_lower_bound(phi, eps)
    lower = max(disc.lower_q, bil)
    return {"target": label, "t": len(phi), "epsilon": _q(eps), "rhs": float(rhs), "argmax": [d, m, sigma],
            "L_disc": disc.lower, "min_l1_upper": disc.upper, "L_bil": float(bil), "bilinear_lp_float64": lp_value,
            "L_bil_over_L_disc": float(bil / disc.lower_q) if disc.lower_q > 0 else None,
            "certified": rhs <= lower, "_ratio": rhs / lower if lower > 0 else None}


@check("ranmilo.appendix_a1_corrected.tightness", statement="ranmilo.appendix_a1_corrected", expected="certified",
       mutations={"printed min(d, m) in place of min(d, m-1) (ranmilo.thm2's term; t = 8 only)":
                      lambda: _together(lambda: patched(_THIS, "STATEMENT_TIGHT", "ranmilo.thm2"),
                                        lambda: patched(_THIS, "tightness_times", lambda tier: [8])),
                  "right-hand side multiplied by 4 (t = 8 only)":
                      lambda: _together(lambda: patched(_THIS, "RHS_FACTOR", fmpq(4)),
                                        lambda: patched(_THIS, "tightness_times", lambda tier: [8]))})
def appendix_a1_tightness(tier: str) -> Outcome:
    """Appendix A.1: RHS <= certified lower bounds of the bilinear left side (min ||w||_1 and the weighted dual)."""
    rows = []
    cases = [("ranmilo.thm2's counterexample (1, 0, 0, 0), discretised", [fmpq(1), fmpq(0), fmpq(0), fmpq(0)])]
    for t in tightness_times(tier):
        for name in ("delay", "oscillation", "random"):
            cases.append((f"{name} (seed {SEED})", list(make_target(name, t, seed=SEED).values("exact"))))
    for label, phi in cases:
        for eps in (fmpq(0), fmpq(1, 16)):
            rows.append(tightness_instance(label, phi, eps))
    ok = all(r["certified"] for r in rows)
    worst = max(r["_ratio"] for r in rows) if ok else None
    ratios = [r["L_bil_over_L_disc"] for r in rows if r["L_bil_over_L_disc"]]
    evidence = {"instances": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], "seed": SEED,
                "system": "RHS exact (fmpq); L_disc certified (min_l1_weight); L_bil exact dual value over a rigorous "
                          "sup bound (float64 LP proposes the dual only)"}
    summary = (f"{sum(r['certified'] for r in rows)}/{len(rows)} instances with RHS <= certified left-side floor; "
               f"bilinear floor / discrete floor in [{min(ratios):.3g}, {max(ratios):.3g}]")
    return Outcome("certified" if ok else "open", None if worst is None else exact_relative_slack(worst, fmpq(1)),
                   "smallest 1 - RHS / max(L_disc, L_bil) over the instances", evidence, summary=summary)


# =============================================================================================
# A.2: feedthrough.

def extra_state(feedthrough):
    """Appendix A.2's extra state ``(a, b, c) = (0, 1, D)`` (the mutations change it)."""
    return fmpq(0), fmpq(1), feedthrough


def _gaussian(rng) -> GaussianRational:
    return GaussianRational(_dyadic(rng.normal()), _dyadic(rng.normal()))


def a2_instances(tier: str):
    rng = np.random.default_rng(SEED)
    sizes = ((1, 6), (2, 10), (4, 16)) + (((8, 40),) if tier == "full" else ())
    for field in ("real", "complex"):
        for n, T in sizes:
            if field == "real":
                A = [_dyadic(rng.uniform(-0.99, 0.99)) for _ in range(n)]
                B, C = [_dyadic(rng.normal()) for _ in range(n)], [_dyadic(rng.normal()) for _ in range(n)]
                D = _dyadic(rng.normal())
            else:
                A = [GaussianRational(_dyadic(rng.uniform(-0.7, 0.7)), _dyadic(rng.uniform(-0.7, 0.7)))
                     for _ in range(n)]
                B, C, D = [_gaussian(rng) for _ in range(n)], [_gaussian(rng) for _ in range(n)], _gaussian(rng)
            u = [_dyadic(x) for x in rng.normal(size=T)]
            yield field, A, B, C, D, u


def _real_part(x) -> fmpq:
    return x.re if isinstance(x, GaussianRational) else to_fmpq(x)


@check("ranmilo.appendix_a2", statement="ranmilo.appendix_a2", expected="proved",
       mutations={"every machine-checked step perturbed (theory.steps.perturbed)": perturbed,
                  "extra state (1/2, 1, D): a decaying state in place of a = 0":
                      lambda: patched(_THIS, "extra_state", lambda D: (fmpq(1, 2), fmpq(1), D)),
                  "extra state (0, 1, -D)": lambda: patched(_THIS, "extra_state", lambda D: (fmpq(0), fmpq(1), -D))})
def appendix_a2(tier: str) -> Outcome:
    """Appendix A.2 (feedthrough): sympy proof; the (n+1)-state SSM equals the feedthrough system exactly."""
    verdict, evidence = proof_outcome("ranmilo.appendix_a2")
    rows, first = [], None
    for field, A, B, C, D, u in a2_instances(tier):
        ssm = DiagonalSSM(np.array(A, dtype=object), np.array(B, dtype=object), np.array(C, dtype=object),
                          field=field)
        a, b, c = extra_state(D)
        augmented = DiagonalSSM(np.array(A + [a], dtype=object), np.array(B + [b], dtype=object),
                                np.array(C + [c], dtype=object), field=field)
        direct = [y + _real_part(D) * x for y, x in zip(apply(ssm, u, system="exact"), u)]
        emulated = list(apply(augmented, u, system="exact"))
        response = list(impulse_response(augmented, len(u), system="exact"))
        expected = list(impulse_response(ssm, len(u), system="exact"))
        expected[0] += _real_part(D)
        equal = direct == emulated and response == expected
        rows.append({"field": field, "n": len(A), "T": len(u), "outputs_equal": direct == emulated,
                     "impulse_responses_equal": response == expected})
        if not equal and first is None:
            k = next((i for i, (x, y) in enumerate(zip(direct, emulated)) if x != y), 0)
            first = {"field": field, "n": len(A), "D": str(D), "extra_state": [str(a), str(b), str(c)],
                     "k": k + 1, "feedthrough_output": _q(direct[k]), "emulated_output": _q(emulated[k])}
    evidence.update(instances=rows, seed=SEED, instance_system="exact (fmpq / Gaussian rationals)")
    if first is not None:
        return Outcome("refuted", None, "an exact mismatch: no margin", evidence, counterexample=first,
                       summary=f"the emulating SSM differs from the feedthrough system at k = {first['k']} "
                               f"({first['emulated_output']} vs {first['feedthrough_output']})")
    return Outcome(verdict if verdict == "proved" else "certified", 0.0,
                   "0: an identity; both systems agree exactly on every instance", evidence,
                   summary=f"proof {'complete' if verdict == 'proved' else 'incomplete'}; {len(rows)} instances "
                           f"(real and complex, exact): outputs and impulse responses identical")


# =============================================================================================
# A.3: Proposition 3 via the DCT.

PREC = 192
#: alpha^(t-1) = 2^(-RADIUS_EXPONENT) for the certified construction; bound (i) is BOUND_FACTOR ||phi||_2.
RADIUS_EXPONENT = fmpq(1, 2)
BOUND_FACTOR = 2


def dct_times(tier: str) -> list[int]:
    return [1, 2, 3, 8, 64, 256] + ([512, 1024] if tier == "full" else [])


def dct_instance(phi: list, t: int, description: dict, radius_exponent) -> dict:
    ssm = dct_ssm(phi, system="arb", prec=PREC, radius_exponent=radius_exponent)
    with ctx.workprec(PREC):
        response = impulse_response(ssm, t, system="arb", prec=PREC)
        radius = match_radius(response, phi)
        scale = max(abs(arb(p)) for p in phi).upper()
        phi_norm2 = sum((arb(p) * arb(p) for p in phi), arb(0))
        b_norm2 = sum((b * b for b in ssm.B), arb(0))
        slack = relative_slack_lower(b_norm2.sqrt(), BOUND_FACTOR * phi_norm2.sqrt())
        exceeds = bool(b_norm2.sqrt() > BOUND_FACTOR * phi_norm2.sqrt())     # certain (balls)
        non_real = all(a.imag > 0 for a in ssm.A)
        real_bc = all(isinstance(x, arb) for x in list(ssm.B) + list(ssm.C))
        c_ok = all((x * x).contains(arb(fmpq(1, t))) for x in ssm.C) and t * fmpq(1, t) <= 1
        n_max_cb = t * max(abs(b * x) for b, x in zip(ssm.B, ssm.C))
    return {"target": description, "t": t, "stable": ssm.stable, "poles_non_real": non_real, "B_C_real": real_bc,
            "match_radius": radius, "matched": radius <= 2.0**-60 * float_upper(scale),
            "B_norm2_upper": float_upper(b_norm2.sqrt()), "bound_upper": float_upper(BOUND_FACTOR * phi_norm2.sqrt()),
            "B_bound_slack": slack, "B_exceeds_bound": exceeds, "C_norm2": str(t * fmpq(1, t)), "C_ok": c_ok,
            "n_max_abs_CB_upper": float_upper(n_max_cb)}


@check("ranmilo.appendix_a3.dct", statement="ranmilo.appendix_a3.prop3", expected="certified",
       mutations={"Appendix D.7's radius alpha = 2^(-1/(t-1)) in place of 2^(-1/(2(t-1)))":
                      lambda: patched(_THIS, "RADIUS_EXPONENT", fmpq(1)),
                  "bound (i) tightened to ||B||_2 <= ||phi||_2": lambda: patched(_THIS, "BOUND_FACTOR", 1)})
def appendix_a3_dct(tier: str) -> Outcome:
    """Appendix A.3: the DCT SSM (complex A, real B, C) matches each target with ||B|| <= 2||phi||, ||C|| <= 1 (arb)."""
    rows = []
    for normalized in (False, True):
        for name in ("delay", "oscillation", "random"):
            for t in dct_times(tier):
                target = make_target(name, t, normalized=normalized, seed=SEED)
                rows.append(dct_instance(list(target.values("arb", prec=PREC)), t, target.describe(), RADIUS_EXPONENT))
    ok = all(r["stable"] and r["poles_non_real"] and r["B_C_real"] and r["matched"] and r["B_bound_slack"] > 0
             and r["C_ok"] for r in rows)
    margin = min(r["B_bound_slack"] for r in rows)
    evidence = {"system": f"arb balls at {PREC} bits (python-flint)", "radius_exponent": _q(RADIUS_EXPONENT),
                "instances": rows}
    largest = max(rows, key=lambda r: r["n_max_abs_CB_upper"])
    summary = (f"{len(rows)} instances up to t = {max(r['t'] for r in rows)}; "
               f"||B||_2/(2||phi||_2) <= {1 - margin:.4f}; n max|C_j B_j| <= {largest['n_max_abs_CB_upper']:.3g}; "
               f"match radius <= {max(r['match_radius'] for r in rows):.1e}")
    return Outcome("certified" if ok else "open", margin if ok else None,
                   "smallest certified relative slack 1 - ||B||_2 / (2 ||phi||_2) over the instances", evidence,
                   summary=summary, margin_from="certified")


#: The radius exponent the D.7 check confronts (Appendix D.7's: alpha^(t-1) = 1/2).
D7_RADIUS_EXPONENT = fmpq(1)


def exact_dct_norm(phi: list[int], exponent) -> tuple:
    """``||B||_2^2`` of the DCT construction, in sympy, exactly (small t)."""
    t = len(phi)
    radius = sympy.Integer(2) ** (-sympy.Rational(exponent.p, exponent.q) / (t - 1))
    tilde = [sympy.Integer(p) / radius ** q for q, p in enumerate(phi)]
    B = [sympy.sqrt(t) * sum(((1 if q == 0 else 2) * sympy.Rational(1, t)) * x * sympy.cos(q * sympy.pi * (2 * j - 1)
                                                                                         / (2 * t))
                             for q, x in enumerate(tilde)) for j in range(1, t + 1)]
    return [sympy.nsimplify(sympy.simplify(b)) for b in B], sympy.simplify(sum(b ** 2 for b in B))


@check("ranmilo.appendix_a3.d7_alpha", statement="ranmilo.appendix_a3.d7_alpha", expected="refuted",
       mutations={"the corrected radius 2^(-1/(2(t-1))) in place of D.7's":
                      lambda: patched(_THIS, "D7_RADIUS_EXPONENT", fmpq(1, 2))})
def appendix_a3_d7_alpha(tier: str) -> Outcome:
    """DCT construction with Appendix D.7's alpha: (i) ||B||_2 <= 2||phi||_2 fails (exact at t = 2; arb for e_t)."""
    phi = [0, 1]
    B, norm2 = exact_dct_norm(phi, D7_RADIUS_EXPONENT)
    bound2 = 4 * sum(p * p for p in phi)
    exact_violation = bool(sympy.simplify(norm2 - bound2) > 0)
    rows = []
    for t in [2, 8, 64] + ([256] if tier == "full" else []):
        unit = [fmpq(0)] * (t - 1) + [fmpq(1)]
        cases = [({"name": "e_t"}, unit)] + [(make_target(name, t, seed=SEED).describe(),
                                              list(make_target(name, t, seed=SEED).values("arb", prec=PREC)))
                                             for name in ("delay", "random")]
        for description, values in cases:
            row = dct_instance(values, t, description, D7_RADIUS_EXPONENT)
            rows.append({"target": description, "t": t, "B_norm2_upper": row["B_norm2_upper"],
                         "bound_upper": row["bound_upper"], "violated": row["B_exceeds_bound"]})
    evidence = {"radius_exponent": _q(D7_RADIUS_EXPONENT), "exact_t2": {"phi": phi, "B": [str(b) for b in B],
                                                                        "B_norm2": str(norm2), "bound2": bound2},
                "instances": rows, "system": "exact (sympy) at t = 2; arb balls at 192 bits"}
    violated = [r for r in rows if r["violated"]]
    if not exact_violation:
        return Outcome("open" if violated else "certified", None, "no exact violation at t = 2", evidence,
                       summary=f"{len(violated)} arb violations; the exact t = 2 instance holds")
    counterexample = {"t": 2, "phi": phi, "alpha": f"2^(-{_q(D7_RADIUS_EXPONENT)})", "B": [str(b) for b in B],
                      "C": ["1/sqrt(2)", "1/sqrt(2)"], "B_norm2": str(norm2), "two_phi_norm_squared": bound2}
    ratio = float(sympy.sqrt(norm2 / bound2))
    exact = sympy.Rational(norm2) if norm2.is_Rational else None
    with ctx.workprec(128):   # 1 - sqrt(norm2/bound2) < 0, rounded towards 0 (a ball when norm2 is irrational)
        ball = arb(fmpq(int(exact.p), int(exact.q))) if exact is not None else arb(str(sympy.N(norm2, 60)), 1e-50)
        margin = float_upper(1 - (ball / bound2).sqrt())
    return Outcome("refuted", margin, "1 - ||B||_2 / (2 ||phi||_2) at the exact counterexample", evidence,
                   counterexample=counterexample,
                   erratum=f"with Appendix D.7's alpha the DCT construction gives ||B||_2^2 = {norm2} > {bound2} = "
                           f"(2 ||phi||_2)^2 at t = 2, phi = (0, 1) (ratio {ratio:.4g} = sqrt(2)); corrected: "
                           f"alpha = 2^(-1/(2(t-1))) (ranmilo.appendix_a3.prop3)",
                   summary=f"exact: ||B||_2^2 = {norm2} > {bound2}; arb: {len(violated)}/{len(rows)} instances violate "
                           f"(i), e.g. phi = e_t at every t", margin_from="certified")


# =============================================================================================
# A.3: Theorem 1 at real B_C C_C.

A3_THM1_GRID = {"quick": {"t": (18, 27), "s": (fmpq(0), fmpq(1, 4), fmpq(1, 2), fmpq(1))},
                "full": {"t": (18, 27, 45), "s": (fmpq(0), fmpq(1, 16), fmpq(1, 4), fmpq(1, 2), fmpq(3, 4),
                                                  fmpq(15, 16), fmpq(1))}}
#: Phases g of arg(B_C C_C) = g pi: 0 and pi are the real products.
A3_THM1_PHASES = (fmpq(0), fmpq(1))
A3_THM1_EPS = (fmpq(0), fmpq(1, 20), fmpq(1, 4))


def a3_thm1_bound(t: int, eps: fmpq) -> fmpq:
    """The statement's bound ``floor(t/9) - 1 - 4 eps``, exactly."""
    return evaluate(theory_registry.get("ranmilo.appendix_a3.thm1").bound, {"t": t, "epsilon": eps}, system="exact")


@check("ranmilo.appendix_a3.thm1", statement="ranmilo.appendix_a3.thm1", expected="certified",
       mutations={"bound raised to n_R >= t - 4 eps (t = 18, arg A = pi/2 only)":
                      lambda: _together(lambda: patched(_THIS, "a3_thm1_bound", lambda t, eps: fmpq(t) - 4 * eps),
                                        lambda: patched(A3_THM1_GRID, "quick", {"t": (18,), "s": (fmpq(1, 2),)}))})
def appendix_a3_thm1(tier: str) -> Outcome:
    """Appendix A.3: Theorem 1 at arg(B_C C_C) in {0, pi} (real B, C), rigorous dimension brackets vs the bound."""
    grid = A3_THM1_GRID[tier]
    rows = []
    for t in grid["t"]:
        for s in grid["s"]:
            for g in A3_THM1_PHASES:
                for eps in A3_THM1_EPS:
                    row = theorem1_instance(t, s, g, eps, tier)
                    bound = a3_thm1_bound(t, eps)
                    verdict = "proved" if row["n_lo"] >= bound else "refuted" if row["n_hi"] < bound else "open"
                    rows.append({"t": t, "arg_A": row["target"]["theta"], "arg_BC": row["target"]["gamma"],
                                 "eps": _q(eps), "n_lo": row["n_lo"], "n_hi": row["n_hi"], "bound": _q(bound),
                                 "verdict": verdict, "_margin": row["n_lo"] - bound,
                                 "_witness": row["_bracket"].witness_strings() if verdict == "refuted" else None})
    evidence = {"instances": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], "seed": SEED,
                "phases": "arg(B_C C_C) = g pi, g in {0, 1}", "system": "as ranmilo.thm1 (rigorous brackets)"}
    refuted = [r for r in rows if r["verdict"] == "refuted"]
    margin = min(r["_margin"] for r in rows)
    summary = (f"{len(rows)} instances: {sum(r['verdict'] == 'proved' for r in rows)} proved, "
               f"{sum(r['verdict'] == 'open' for r in rows)} open, {len(refuted)} refuted")
    if refuted:
        first = refuted[0]
        return Outcome("refuted", None, "a real SSM below the bound", evidence,
                       counterexample={k: v for k, v in first.items() if k != "_margin"}, summary=summary)
    if any(r["verdict"] == "open" for r in rows):
        return Outcome("open", None, "some instance undecided", evidence, summary=summary)
    return Outcome("certified", _toward_zero(margin),
                   "states: min over instances of n_lo - (floor(t/9) - 1 - 4 eps)", evidence, summary=summary)
