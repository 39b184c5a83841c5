"""Checks of Theorem 2 (Ran-Milo et al. 2024, Section 3.3, proof in Appendix D.3), as printed,
in its corrected form, and in a deliberately weakened form.

Theorem 2 says: if a real SSM eps-approximates phi up to time t (l1), then
``n_R ||C^T ⊙ B||_inf >= max_{sigma, d, m} term(d, m, (phi|sigma)^(d)_m, eps)``.  The term is
the ``bound`` of the statement in :mod:`theory` (printed: ``2^(d + 2 min(d, m)) (2^-d |D| - eps)``;
corrected: ``min(d, m - 1)``).  Both sides are computed exactly (fmpq) by
:mod:`numerics.realfit.theorem2`; a violation is ``RHS > LHS`` as rationals, so no rounding can make or
unmake one.

Hypotheses.  Each statement records the hypotheses its proof uses (``theory.ranmilo.theorem2``:
every state has ``A_jj, B_j, C_j`` real and ``|A_jj| <= 1``; ``||phi - Y||_1 <= eps``).  The search
evaluates them (sympy, exactly) on every instance and confronts only the instances that satisfy them;
it also generates instances on and just outside each hypothesis -- ``|A| = 1``, ``|A| > 1``
(``A = +-5/4, +-3/2, +-2``), a complex ``A = i``, a target farther than ``eps`` from the response --
so that a statement missing a hypothesis is refuted: ``ranmilo.thm2_corrected_without_stability``
(no ``|A_jj| <= 1``) is, by ``A = 2``, ``B = C = 1``, ``t = 4``.  A negative ``eps`` is rejected
with an error (:func:`confront`).

Instances, all seeded:

1. exhaustive: one state, ``B = C = 1``, ``A`` in {0, +-1/4, +-1/2, +-3/4} and the edge poles above,
   t = 4..8, the SSM's own response as target and eps = 0 -- ordered so that the first violation
   found is the smallest (fewest states, shortest t, simplest numbers); and one target outside
   ``||phi - Y||_1 <= eps``;
2. random: stable real SSMs of dimension 1..6 with float64 (dyadic) parameters, t = 4..24, with
   targets (a) the SSM's own response, eps = 0; (b) that response plus a random perturbation
   delta, eps = ||delta||_1 exactly; (c) the paper's targets, eps = the exact l1 distance;
3. adversarial: Nelder-Mead on the ratio RHS / LHS over the SSM's parameters (float64, the term
   lambdified by sympy), from seeded starts; every candidate is re-checked exactly.

Mutations (``verify.mutation``): each check reads the bound's factor (:data:`BOUND_SCALE`), the
hypotheses it drops or adds (:data:`DROPPED_HYPOTHESES`, :data:`ADDED_HYPOTHESES`) and the
instance sources (:func:`instance_sources`) from module attributes at run time.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
import sympy
from flint import fmpq, fmpz
from scipy.optimize import minimize

from numerics import DiagonalSSM, impulse_response, make_target
from numerics.ssm.systems import exact_pair, fmpq_to_string, to_fmpq
from numerics.realfit.theorem2 import difference_table, index_pairs, maximise_terms, weight_size
from numerics.ssm.differences import restrict
from numerics.ssm.symbolic import evaluate
from theory import registry as theory_registry
from theory.ranmilo import theorem2 as theory
from theory.steps import perturbed

from ...certify import exact_relative_slack
from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0
SMALL_POLES = [fmpq(0), fmpq(1, 2), fmpq(-1, 2), fmpq(1, 4), fmpq(-1, 4), fmpq(3, 4), fmpq(-3, 4)]
#: Poles on the edge of |A| <= 1 and just outside it (real), tried by every exhaustive search.
EDGE_POLES = [fmpq(1), fmpq(-1), fmpq(2), fmpq(-2), fmpq(5, 4), fmpq(-5, 4), fmpq(3, 2), fmpq(-3, 2)]
#: Poles outside "A real" (on the unit circle, so inside |A| <= 1).
COMPLEX_POLES = [complex(0, 1), complex(0, -1)]

#: A factor on each statement's bound (name -> fmpq; absent: 1).  A mutation sets one.
BOUND_SCALE: dict = {}
#: Hypotheses (sympy relations of theory.ranmilo.theorem2) removed from / added to every statement searched.
DROPPED_HYPOTHESES: tuple = ()
ADDED_HYPOTHESES: tuple = ()
#: The symbols of a statement's hypotheses that an instance gives values to.
INSTANCE_SYMBOLS = frozenset({theory.A_j, theory.B_j, theory.C_j, theory.error_l1, theory.epsilon})
STATE_SYMBOLS = frozenset({theory.A_j, theory.B_j, theory.C_j})


def _scale(statement: str) -> fmpq:
    return BOUND_SCALE.get(statement, fmpq(1))


def exact_term(statement: str):
    """The statement's bound as an exact function ``term(d, m, D, eps)`` (times :data:`BOUND_SCALE`)."""
    bound = theory_registry.get(statement).bound
    scale = _scale(statement)

    def term(d, m, D, eps):
        return scale * evaluate(bound, {"d": d, "m": m, "D": D, "epsilon": eps}, system="exact")
    return term


def float_term(statement: str):
    """The same bound lambdified to numpy (for screening only)."""
    bound = theory_registry.get(statement).bound * sympy.Rational(int(_scale(statement).p), int(_scale(statement).q))
    symbols = {s.name: s for s in bound.free_symbols}
    return sympy.lambdify([symbols[name] for name in ("d", "m", "D", "epsilon")], bound, "numpy")


# ---------------------------------------------------------------------------------------------
# Hypotheses, evaluated on instances.

def instance_hypotheses(statement: str) -> tuple:
    """The statement's hypotheses about an instance (its states' parameters, eps and the l1 distance),
    less :data:`DROPPED_HYPOTHESES`, plus :data:`ADDED_HYPOTHESES`.  The index range
    ``d + m <= floor(t/2)`` is the maximisation's (:func:`numerics.realfit.theorem2.index_pairs`)."""
    own = tuple(h for h in theory_registry.get(statement).hypotheses
                if h.free_symbols <= INSTANCE_SYMBOLS and h not in DROPPED_HYPOTHESES)
    return own + tuple(h for h in ADDED_HYPOTHESES if h not in own)


def _sympy_number(x):
    re, im = exact_pair(x)
    return sympy.Rational(int(re.p), int(re.q)) + sympy.I * sympy.Rational(int(im.p), int(im.q))


@lru_cache(maxsize=65536)
def _holds(hypothesis, values: tuple) -> bool:
    return bool(hypothesis.subs(dict(values), simultaneous=True) == sympy.true)


def violated_hypotheses(ssm: DiagonalSSM, eps, distance, hypotheses) -> list[str]:
    """The hypotheses (as strings) that the instance violates; exact, by sympy."""
    states = [((theory.A_j, _sympy_number(a)), (theory.B_j, _sympy_number(b)), (theory.C_j, _sympy_number(c)))
              for a, b, c in zip(ssm.A, ssm.B, ssm.C)]
    scalars = ((theory.epsilon, _sympy_number(eps)), (theory.error_l1, _sympy_number(distance)))
    violated = []
    for hypothesis in hypotheses:
        if hypothesis.free_symbols & STATE_SYMBOLS:
            ok = all(_holds(hypothesis, state) for state in states)
        else:
            ok = _holds(hypothesis, scalars)
        if not ok:
            violated.append(str(hypothesis))
    return violated


# ---------------------------------------------------------------------------------------------
# Both sides.

def _is_square(q: fmpq) -> bool:
    return fmpz(q.p).is_square() and fmpz(q.q).is_square()


def weight_size_exact(ssm: DiagonalSSM) -> fmpq:
    """``n ||C ⊙ B||_inf`` exactly; for a complex SSM only when every ``|C_j B_j|`` is rational."""
    if ssm.field == "real":
        return weight_size(ssm)
    largest = fmpq(0)
    for b, c in zip(ssm.B, ssm.C):
        (br, bi), (cr, ci) = exact_pair(b), exact_pair(c)
        squared = (br * cr - bi * ci) ** 2 + (br * ci + bi * cr) ** 2
        if not _is_square(squared):
            raise ValueError("complex weights: |C_j B_j| must be rational for an exact comparison")
        largest = max(largest, fmpq(int(fmpz(squared.p).isqrt()), int(fmpz(squared.q).isqrt())))
    return ssm.n * largest


def confront(ssm: DiagonalSSM, phi, eps, term) -> dict:
    """Both sides of Theorem 2 for one instance, exactly; ``violated`` iff RHS > LHS.

    ``eps`` is an l1 distance: a negative one is rejected (``ValueError``).  The instance need not
    satisfy ``||phi - Y||_1 <= eps``: ``distance`` is returned for the hypotheses to decide."""
    eps = to_fmpq(eps)
    if eps < 0:
        raise ValueError(f"eps = {fmpq_to_string(eps)} < 0: Theorem 2's eps bounds an l1 distance and must be >= 0")
    response = impulse_response(ssm, len(phi), system="exact")
    distance = sum((abs(h - p) for h, p in zip(response, phi)), fmpq(0))
    lhs = weight_size_exact(ssm)
    best = maximise_terms(phi, eps, term)
    return {"lhs": lhs, "rhs": best.value, "d": best.d, "m": best.m, "sigma": best.sigma, "distance": distance,
            "violated": best.value is not None and best.value > lhs}


def _number_string(x) -> str:
    re, im = exact_pair(x)
    if im == 0:
        return fmpq_to_string(re)
    imaginary = "i" if im == 1 else "-i" if im == -1 else f"{fmpq_to_string(im)}i"
    return imaginary if re == 0 else f"{fmpq_to_string(re)}{'+' if im > 0 else ''}{imaginary}"


def counterexample(ssm: DiagonalSSM, phi, eps, found: dict) -> dict:
    """The counterexample object: exact rational strings, plus the indices that violate."""
    return {"A": [_number_string(a) for a in ssm.A], "B": [_number_string(b) for b in ssm.B],
            "C": [_number_string(c) for c in ssm.C], "t": len(phi), "epsilon": fmpq_to_string(eps),
            "target": [fmpq_to_string(p) for p in phi], "d": found["d"], "m": found["m"], "sigma": found["sigma"],
            "lhs": fmpq_to_string(found["lhs"]), "rhs": fmpq_to_string(found["rhs"]),
            "l1_distance": fmpq_to_string(found["distance"])}


def describe(found: dict) -> str:
    """The counterexample in words, e.g. ``A=2, B=C=1, t=4, eps=0: RHS 6 > LHS 1 at sigma=even, d=m=1``."""
    def one(values):
        return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"
    params = f"A={one(found['A'])}, " + (f"B=C={one(found['B'])}" if found["B"] == found["C"]
                                         else f"B={one(found['B'])}, C={one(found['C'])}")
    indices = f"d=m={found['d']}" if found["d"] == found["m"] else f"d={found['d']}, m={found['m']}"
    return (f"{params}, t={found['t']}, eps={found['epsilon']}: RHS {found['rhs']} > LHS {found['lhs']} at "
            f"sigma={found['sigma']}, {indices}")


# ---------------------------------------------------------------------------------------------
# Instances.

def _simplicity(a) -> int:
    re, im = exact_pair(a)
    return int(abs(re.p)) + int(re.q) + (int(abs(im.p)) + int(im.q) if im != 0 else 0)


def exhaustive_instances():
    """One-state SSMs (A, 1, 1), t = 4..8, own response, eps = 0, simplest first (edge poles included),
    and one target outside ``||phi - Y||_1 <= eps`` per t."""
    poles = sorted(SMALL_POLES + EDGE_POLES + COMPLEX_POLES, key=_simplicity)
    for t in range(4, 9):
        for a in poles:
            ssm = DiagonalSSM([a], [fmpq(1)], [fmpq(1)])
            yield ssm, list(impulse_response(ssm, t, system="exact")), fmpq(0), "exhaustive"
        ssm = DiagonalSSM([fmpq(0)], [fmpq(1)], [fmpq(1)])
        far = [fmpq(2)] + [fmpq(0)] * (t - 1)  # l1 distance 1 from the response (1, 0, ...), eps = 1/4
        yield ssm, far, fmpq(1, 4), "outside: distance > eps"


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


#: (random instances, adversarial starts per size) of each tier; mutations run the exhaustive search only.
SEARCH_SIZE = {"quick": (60, 2), "full": (600, 10)}
EXHAUSTIVE_ONLY = {"quick": (0, 0), "full": (0, 0)}


def instance_sources(statement: str, tier: str, rng: np.random.Generator) -> list:
    """The three searches of the module docstring, in order."""
    count, starts = SEARCH_SIZE[tier]
    return [exhaustive_instances(), random_instances(rng, count), adversarial_instances(rng, statement, starts)]


def search(statement: str, tier: str) -> tuple[list[dict], dict | None, dict]:
    """Run the searches; return (violations, smallest counterexample, evidence).

    An instance that violates one of the statement's hypotheses is counted (``outside_hypotheses``)
    and not confronted.  ``largest_ratio`` is the exact largest RHS/LHS among the confronted ones."""
    term = exact_term(statement)
    hypotheses = instance_hypotheses(statement)
    rng = np.random.default_rng(SEED)
    violations, first, largest, counts, outside = [], None, {}, {}, {}
    for source in instance_sources(statement, tier, rng):
        for ssm, phi, eps, kind in source:
            found = confront(ssm, phi, eps, term)
            broken = violated_hypotheses(ssm, eps, found["distance"], hypotheses)
            if broken:
                for text in broken:
                    outside[text] = outside.get(text, 0) + 1
                continue
            counts[kind] = counts.get(kind, 0) + 1
            if found["rhs"] is not None and found["lhs"] > 0:
                ratio = found["rhs"] / found["lhs"]
                if kind not in largest or ratio > largest[kind]:
                    largest[kind] = ratio
            if found["violated"]:
                violations.append({"kind": kind, "n": ssm.n, "t": len(phi)})
                if first is None:
                    first = counterexample(ssm, phi, eps, found)
    evidence = {"instances": counts, "outside_hypotheses": outside,
                "hypotheses": [str(h) for h in hypotheses],
                "largest_rhs_over_lhs": {k: fmpq_to_string(v) for k, v in largest.items()},
                "seed": SEED, "system": "exact (fmpq); hypotheses evaluated by sympy; the adversarial search "
                                        "proposes in float64"}
    if _scale(statement) != 1:
        evidence["bound_scale"] = fmpq_to_string(_scale(statement))
    largest_ratio = max(largest.values()) if largest else None
    return violations, first, evidence, largest_ratio


def _fraction(text: str) -> fmpq:
    numerator, _, denominator = text.partition("/")
    return fmpq(int(numerator), int(denominator or 1))


def _refuted(statement: str, violations, first, evidence, erratum: str | None) -> Outcome:
    margin = exact_relative_slack(_fraction(first["rhs"]), _fraction(first["lhs"]))
    evidence["violations"] = len(violations)
    return Outcome("refuted", margin, "1 - RHS/LHS at the smallest counterexample (< 0: outside the claim)",
                   evidence, counterexample=first, erratum=erratum,
                   summary=f"{len(violations)} violations among {sum(evidence['instances'].values())} instances "
                           f"(within the hypotheses); smallest: n={len(first['A'])}, {describe(first)}")


# ---------------------------------------------------------------------------------------------
# The checks.

@contextmanager
def _exhaustive_only(attribute: str, value):
    """Mutation helper: ``attribute`` patched to ``value``, and only the exhaustive search run (fast)."""
    module = sys.modules[__name__]
    with patched(module, attribute, value), patched(module, "SEARCH_SIZE", EXHAUSTIVE_ONLY):
        yield


def _without_injected_counterexample():
    """Mutation: the searches replaced by one instance that is no counterexample (A = 1, eps = 0: the
    response (1, 1, 1, 1) has every difference 0)."""
    ssm = DiagonalSSM([fmpq(1)], [fmpq(1)], [fmpq(1)])
    instance = (ssm, list(impulse_response(ssm, 4, system="exact")), fmpq(0), "injected")
    return patched(sys.modules[__name__], "instance_sources", lambda statement, tier, rng: [[instance]])


@check("ranmilo.thm2", statement="ranmilo.thm2", expected="refuted",
       mutations={"printed bound divided by 4 (then below the corrected bound: a true statement)":
                  lambda: _exhaustive_only("BOUND_SCALE", {"ranmilo.thm2": fmpq(1, 4)}),
                  "the searches replaced by an injected non-counterexample (A = 1, own response, eps = 0)":
                  _without_injected_counterexample})
def theorem2_as_printed(tier: str) -> Outcome:
    """Theorem 2 as printed: search for violations, re-checked exactly; minimal counterexample."""
    violations, first, evidence, largest = search("ranmilo.thm2", tier)
    if first is None:
        return Outcome("open", None, "no violation found; largest RHS/LHS in evidence", evidence)
    erratum = (f"Theorem 2 as printed fails ({describe(first)}): its proof applies Lemma 6, stated with 0-based "
               "indices, at Definition 1's 1-based index m. Corrected form ranmilo.thm2_corrected: replace "
               "min{d, m} by min{d, m-1}.")
    return _refuted("ranmilo.thm2", violations, first, evidence, erratum)


def _dropped(hypothesis):
    return lambda: _exhaustive_only("DROPPED_HYPOTHESES", (hypothesis,))


@contextmanager
def _perturbed_exhaustive():
    """Mutation: the proof's machine-checked steps perturbed; the exhaustive search only (fast)."""
    with perturbed(), patched(sys.modules[__name__], "SEARCH_SIZE", EXHAUSTIVE_ONLY):
        yield


@check("ranmilo.thm2_corrected", statement="ranmilo.thm2_corrected", expected="proved",
       mutations={"bound multiplied by 9/8 (the corrected bound is attained)":
                  lambda: _exhaustive_only("BOUND_SCALE", {"ranmilo.thm2_corrected": fmpq(9, 8)}),
                  "hypothesis |A_jj| <= 1 dropped": _dropped(theory.STABILITY),
                  "hypothesis A_jj real dropped": _dropped(theory.REAL_PARAMETERS[0]),
                  "hypothesis ||phi - Y||_1 <= eps dropped": _dropped(theory.INDEX_HYPOTHESES[1]),
                  "every machine-checked proof step perturbed (theory.steps.perturbed)": _perturbed_exhaustive})
def theorem2_corrected(tier: str) -> Outcome:
    """Corrected Theorem 2 (min{d, m-1}): the proof of every step, and the same searches (exact)."""
    verdict, proof = proof_outcome("ranmilo.thm2_corrected")
    violations, first, evidence, largest = search("ranmilo.thm2_corrected", tier)
    evidence.update(violations=len(violations), **proof)
    if first is not None:
        return _refuted("ranmilo.thm2_corrected", violations, first, evidence, None)
    # proved when the proof is; the searches alone certify the statement on their (exact) instances
    shown = "proved" if verdict == "proved" else "certified"
    return Outcome(shown, exact_relative_slack(largest, fmpq(1)) + 0.0,
                   "1 - max RHS/LHS over the searched instances, exact (0: the bound is attained)", evidence,
                   erratum="corrected form of ranmilo.thm2 (min{d, m-1} in place of min{d, m})",
                   summary=f"proof {'complete' if verdict == 'proved' else 'incomplete'}"
                           f"{' (premises: ' + str(len(proof['premises'])) + ')' if proof['premises'] else ''}; "
                           f"no violation among {sum(evidence['instances'].values())} exact instances within the "
                           f"hypotheses ({sum(evidence['outside_hypotheses'].values())} tried outside them); largest "
                           f"RHS/LHS = {fmpq_to_string(largest)} (attained: the corrected bound is tight)")


@check("ranmilo.thm2_corrected_without_stability", statement="ranmilo.thm2_corrected_without_stability",
       expected="refuted",
       mutations={"hypothesis |A_jj| <= 1 restored":
                  lambda: _exhaustive_only("ADDED_HYPOTHESES", (theory.STABILITY,)),
                  "the searches replaced by an injected non-counterexample (A = 1, own response, eps = 0)":
                  _without_injected_counterexample})
def theorem2_without_stability(tier: str) -> Outcome:
    """The corrected Theorem 2 weakened on purpose (no |A_jj| <= 1): the same exact searches refute it."""
    violations, first, evidence, largest = search("ranmilo.thm2_corrected_without_stability", tier)
    if first is None:
        return Outcome("open", None, "no violation found; largest RHS/LHS in evidence", evidence)
    erratum = (f"without |A_jj| <= 1 the corrected Theorem 2 fails ({describe(first)}): Lemma 9 needs it "
               "(A_jj^2 <= 1, |C_j A_jj B_j| <= |C_j B_j|); ranmilo.thm2_corrected carries it.")
    return _refuted("ranmilo.thm2_corrected_without_stability", violations, first, evidence, erratum)


#: A factor on step 3's claimed bound, and the claim itself (the right side of the step's conclusion
#: with n_R W~ = 1, a function of d and m); mutations change them.
STEP3_SCALE = fmpq(1)


def step3_claim(d: int, m: int):
    claim = theory_registry.get("ranmilo.thm2.step3").conclusion.rhs
    return evaluate(claim, {"d": d, "m": m, "n_R": 1, "W_tilde": 1}, system="exact")


def _corrected_sup_bound(d: int, m: int):
    return fmpq(1, 4 ** min(d, m - 1))


@check("ranmilo.thm2.step3", statement="ranmilo.thm2.step3", expected="refuted",
       mutations={"claimed bound multiplied by 16 (above the largest ratio found, 14.9)":
                  lambda: patched(sys.modules[__name__], "STEP3_SCALE", fmpq(16)),
                  "claimed bound replaced by the corrected sup bound 2^(-2 min(d, m-1)) (true)":
                  lambda: patched(sys.modules[__name__], "step3_claim", _corrected_sup_bound)})
def theorem2_step3(tier: str) -> Outcome:
    """Step 3 of the proof (Lemma 6 at a 1-based index): exact search over poles and (d, m)."""
    worst, first = None, None
    poles = sorted((fmpq(k, 16) for k in range(0, 17)), key=_simplicity)
    tables = {alpha: difference_table([alpha ** i for i in range(12)]) for alpha in poles}
    for d, m in sorted(((d, m) for d in range(1, 6) for m in range(1, 6)), key=lambda dm: (sum(dm), dm)):
        bound = STEP3_SCALE * step3_claim(d, m)
        for alpha in poles:
            value = abs(tables[alpha][d][m - 1])
            found = (value / bound, alpha, d, m, value, bound)
            if worst is None or found[0] > worst[0]:
                worst = found
            if first is None and value > bound:
                first = found
    if first is None:
        return Outcome("certified", exact_relative_slack(worst[0], fmpq(1)),
                       "1 - max difference / claimed bound, exact", {"system": "exact (fmpq)",
                                                                     "largest_ratio": fmpq_to_string(worst[0])})
    ratio, alpha, d, m, value, bound = first
    found = {"alpha": fmpq_to_string(alpha), "d": d, "m": m, "sequence": "alpha^(i-1), i = 1, 2, ...",
             "difference": fmpq_to_string(value), "claimed_bound": fmpq_to_string(bound)}
    evidence = {"poles": "k/16, k = 0..16", "d, m": "1..5", "system": "exact (fmpq)",
                "largest_ratio": fmpq_to_string(worst[0]), "largest_at": {"alpha": fmpq_to_string(worst[1]),
                                                                          "d": worst[2], "m": worst[3]}}
    return Outcome("refuted", exact_relative_slack(ratio, fmpq(1)),
                   "1 - difference / claimed bound at the counterexample", evidence, counterexample=found,
                   erratum="with 1-based m the difference is alpha^(m-1) (alpha-1)^d, bounded by "
                           "2^(-2 min(d, m-1)): ranmilo.thm2_corrected.sup_bound",
                   summary=f"at alpha={found['alpha']}, d={d}, m={m}: |difference| = {found['difference']} > "
                           f"claimed {found['claimed_bound']} (largest ratio {float(worst[0]):.3g})")
