"""Checks of Corollaries 1-3 (Ran-Milo et al. 2024, Section 3.3; Appendix D.4-D.6) against the
certified true optimum, and against the corrected Theorem 2.

A corollary says: every real SSM that eps-approximates its target up to time t (for every eps up
to a limit eps_max) has ``n ||C ⊙ B||_inf >= bound(t)``.  Since ``n ||C ⊙ B||_inf >= ||w||_1`` and
splitting states makes the two equal in the limit, the corollary holds at t exactly when
``truth(eps_max) >= bound(t)``, where ``truth(eps)`` is the smallest ``||w||_1`` of any real SSM
that eps-approximates the target (``numerics.realfit.min_l1_weight``; non-increasing in eps).
So, at each t:

* certified -- the certified lower end of ``truth(eps_up)`` is >= the bound, where ``eps_up`` is a
  rational >= eps_max (eps_max may be irrational);
* refuted -- the certified upper end of ``truth(eps_down)`` is < the bound, with ``eps_down`` a
  rational <= eps_max; the counterexample is the witness SSM with its states split into equal
  copies (:func:`split_states`) so that its own ``n ||C ⊙ B||_inf`` is below the bound;
* open otherwise.

The verdict is never stronger than what was decided: ``refuted`` whenever the certified truth falls
below the bound at some t; ``open`` when some reported t is undecided (the summary and the
evidence, ``undecided_t``, list them); otherwise ``proved`` when our proof of the corollary from the
corrected Theorem 2 (``ranmilo.corN_corrected_proof``; the printed proofs rest on the refuted form)
is complete -- its premises are listed, and the margin, certified from the instances, goes to the
evidence (``smallest_certified_slack``), since a proved row takes no float margin -- and
``certified`` (on the reported t, certified margin) when the proof is not.

Corollary 2 is probabilistic (over the random target): at each t a seeded sample of targets is
decided as above, and the verdict is ``checked`` (Monte Carlo) when the observed failure rate is
compatible with the claimed probability ``p``.

Each check also reports what the *corrected* Theorem 2 gives at the corollary's eps, the
maximum over all (d, m, sigma), so that one can see whether the corrected theorem still implies
the corollary (the printed proofs relied on the refuted form).

Mutations: the bound multiplied by a factor just above the smallest certified truth/bound
(:data:`BOUND_SCALE`, on the t where it is smallest: :func:`_times` patched) must refute Corollaries
1 and 3 and open Corollary 2; the proof perturbed must lower Corollaries 1 and 3 to ``certified``.
"""
from __future__ import annotations

import math
import sys
from contextlib import contextmanager

from flint import arb, ctx, fmpq

from numerics import DiagonalSSM, impulse_response, make_target
from numerics.engine import map_in_task
from numerics.realfit import min_l1_weight
from numerics.ssm.systems import float_lower, float_upper, fmpq_to_string, to_fmpq
from numerics.realfit.theorem2 import maximise_terms, weight_size
from theory import registry as theory_registry

from theory.steps import perturbed

from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome
from .theorem2 import exact_term

SEED = 0
#: Denominator of the rational approximations eps_down <= eps_max <= eps_up.
EPS_DENOMINATOR = 2**40
#: A factor on each corollary's bound (statement name -> fmpq; absent: 1).  A mutation sets one.
BOUND_SCALE: dict = {}


def scaled_bound(statement: str, values: dict, scale: fmpq | None = None) -> arb:
    """The corollary's bound at ``values`` as an arb ball, times ``scale`` (default: its
    :data:`BOUND_SCALE`)."""
    scale = BOUND_SCALE.get(statement, fmpq(1)) if scale is None else scale
    return theory_registry.get(statement).evaluate_bound(values) * arb(scale)


def rational_brackets(eps_ball: arb) -> tuple[fmpq, fmpq]:
    """Rationals ``eps_down <= eps_max <= eps_up`` from a tight arb ball around eps_max."""
    low, high = eps_ball.lower(), eps_ball.upper()
    down = fmpq(int(math.floor(float_lower(low) * EPS_DENOMINATOR)) - 1, EPS_DENOMINATOR)
    up = fmpq(int(math.ceil(float_upper(high) * EPS_DENOMINATOR)) + 1, EPS_DENOMINATOR)
    return max(down, fmpq(0)), up


def split_states(ssm: DiagonalSSM, copies_total: int) -> DiagonalSSM:
    """Split each state of ``ssm`` (C = 1 weights w_j) into ``k_j = ceil(|w_j| / tau)`` equal copies,
    ``tau = ||w||_1 / copies_total``: the response is unchanged and
    ``n max|w| <= ||w||_1 (1 + n_old / copies_total)``."""
    weights = [to_fmpq(b) * to_fmpq(c) for b, c in zip(ssm.B, ssm.C)]
    total = sum((abs(w) for w in weights), fmpq(0))
    tau = total / copies_total
    A, B = [], []
    for a, w in zip(ssm.A, weights):
        if w == 0:
            continue
        k = int((abs(w) / tau).ceil())
        A += [to_fmpq(a)] * k
        B += [w / k] * k
    return DiagonalSSM(A, B, [fmpq(1)] * len(A), field="real")


def decide(phi, eps_down: fmpq, eps_up: fmpq, bound: arb, t: int) -> dict:
    """Decide one instance of a corollary; see the module docstring."""
    at_up = min_l1_weight(phi, eps_up)
    record = {"t": t, "eps_up": fmpq_to_string(eps_up), "bound_lower": float_lower(bound),
              "bound_upper": float_upper(bound), "truth_lower": at_up.lower, "truth_upper": at_up.upper}
    if at_up.lower >= float_upper(bound):
        record["decision"] = "holds"
        record["truth_over_bound"] = at_up.lower / float_upper(bound)
        return record
    at_down = at_up if eps_down == eps_up else min_l1_weight(phi, eps_down)
    if at_down.upper < float_lower(bound):
        split = split_states(at_down.witness, 64 * t)
        size = weight_size(split)
        response = impulse_response(split, t, system="exact")
        if size < to_fmpq(float_lower(bound)) and sum((abs(h - p) for h, p in zip(response, phi)), fmpq(0)) <= eps_down:
            record.update(decision="fails", counterexample={
                "A": [fmpq_to_string(a) for a in split.A], "B": [fmpq_to_string(b) for b in split.B],
                "C": [fmpq_to_string(c) for c in split.C], "t": t, "epsilon": fmpq_to_string(eps_down),
                "target": [fmpq_to_string(p) for p in phi], "lhs": fmpq_to_string(size)})
            return record
    record["decision"] = "undecided"
    return record


def corrected_theorem(phi, eps: fmpq) -> float:
    """The corrected Theorem 2's right-hand side at eps (max over d, m, sigma), as a float."""
    best = maximise_terms(phi, eps, exact_term("ranmilo.thm2_corrected"))
    return float(best.value) if best.value is not None else float("-inf")


def _certified_slack(record: dict) -> float:
    """``1 - bound / truth`` at a t where the corollary holds, rounded down (arb): certified."""
    return float_lower(1 - arb(record["bound_upper"]) / arb(record["truth_lower"]))


def _verdict(records: list[dict], statement: str, note: str) -> Outcome:
    """refuted if the certified truth falls below the bound at some t; open if some t is undecided;
    else proved when our proof from the corrected Theorem 2 (``<statement>_corrected_proof``) is
    complete (no margin: the certified one goes to the evidence), else certified on the reported t."""
    failing = [r for r in records if r["decision"] == "fails"]
    undecided = [r["t"] for r in records if r["decision"] == "undecided"]
    proof_verdict, proof = proof_outcome(f"{statement}_corrected_proof")
    evidence = {"instances": records, "seed": SEED, "corrected_proof": f"{statement}_corrected_proof",
                "undecided_t": undecided, **proof,
                "system": "certified LP bracket (numerics.realfit); bounds in arb"}
    if BOUND_SCALE.get(statement, 1) != 1:
        evidence["bound_scale"] = fmpq_to_string(BOUND_SCALE[statement])
    erratum = (f"the printed proof rests on the refuted Theorem 2; {statement}_corrected_proof proves the "
               f"printed bound from the corrected Theorem 2 with another choice of (d, m)")
    decided = f"holds at {sum(r['decision'] == 'holds' for r in records)} of {len(records)} t"
    if failing:
        smallest = min(failing, key=lambda r: r["t"])
        # truth_upper < bound_lower: -(1 - truth_upper / bound_lower), rounded towards 0
        margin = -float_lower(1 - arb(smallest["truth_upper"]) / arb(smallest["bound_lower"]))
        return Outcome("refuted", margin, note + " (at the smallest failing t: truth upper end vs bound)", evidence,
                       counterexample=smallest["counterexample"], margin_from="certified",
                       summary=f"fails at t in {[r['t'] for r in failing]}; {decided}")
    held = [r for r in records if r["decision"] == "holds"]
    margin = min((_certified_slack(r) for r in held), default=None)
    ratio = min((r["truth_over_bound"] for r in held), default=float("nan"))
    proof_text = f"proof from the corrected Theorem 2 {'complete' if proof_verdict == 'proved' else 'incomplete'}"
    if proof["premises"]:
        proof_text += f" (premises: {len(proof['premises'])})"
    summary = (f"{decided} (t = {records[0]['t']}..{records[-1]['t']}), smallest truth/bound = {ratio:.3g}; "
               f"{proof_text}")
    if undecided:
        return Outcome("open", None, note, evidence, summary=f"undecided at t in {undecided}; {summary}")
    if proof_verdict == "proved":
        evidence["smallest_certified_slack"] = margin
        return Outcome("proved", None, "proved: no margin (the smallest certified slack 1 - bound/truth over the "
                       "reported t is in the evidence)", evidence, erratum=erratum, summary=summary)
    return Outcome("certified", margin, note + ", certified (arb, rounded down)", evidence, summary=summary,
                   margin_from="certified")


def _times(tier: str, start: int) -> list[int]:
    quick = [t for t in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 24, 32, 48, 64) if t >= start]
    return quick if tier == "quick" else list(range(start, 129)) + [160, 192, 224, 256]


NOTE = "smallest relative slack 1 - bound / truth over t (truth = certified lower end at eps_max)"


def _deterministic(statement: str, target: str, eps_max, start: int, tier: str) -> Outcome:
    """Decide the corollary ``statement`` about ``target`` at each t >= ``start`` (module docstring);
    ``eps_max(t)`` is the corollary's eps limit as an arb ball.

    The t are independent instances (:func:`_deterministic_instance`): inside a Dask task they are
    spread over the cluster (:func:`numerics.engine.map_in_task`), elsewhere computed here; the
    records are the same.  Everything a mutation patches (the times, :data:`BOUND_SCALE`) is read
    here and passed to the instances."""
    jobs = []
    for t in _times(tier, start):
        with ctx.workprec(128):
            eps_down, eps_up = rational_brackets(eps_max(t))
        jobs.append((statement, target, t, eps_down, eps_up, BOUND_SCALE.get(statement, fmpq(1))))
    return _verdict(map_in_task(_deterministic_instance, jobs), statement, NOTE)


def _deterministic_instance(statement: str, target: str, t: int, eps_down: fmpq, eps_up: fmpq, scale: fmpq) -> dict:
    """The record of one t of :func:`_deterministic` (the bound times ``scale``)."""
    phi = list(make_target(target, t).values("exact"))
    record = decide(phi, eps_down, eps_up, scaled_bound(statement, {"t": t}, scale), t)
    record["corrected_theorem2"] = corrected_theorem(phi, eps_up)
    return record


@contextmanager
def _bound_scaled(statement: str, factor: fmpq, ts: list[int] | None = None):
    """Mutation: the bound of ``statement`` times ``factor``, on the t in ``ts`` only (fast)."""
    module = sys.modules[__name__]
    with patched(module, "BOUND_SCALE", {statement: factor}):
        if ts is None:
            yield
        else:
            with patched(module, "_times", lambda tier, start: list(ts)):
                yield


@contextmanager
def _perturbed_at(ts: list[int]):
    """Mutation: the proof's machine-checked steps perturbed, on the t in ``ts`` only (fast)."""
    with perturbed(), patched(sys.modules[__name__], "_times", lambda tier, start: [t for t in ts if t >= start]):
        yield


#: The t on which the perturbed-proof mutation runs (one for each corollary's range).
TIMES_FOR_PERTURBATION = [4, 9]


@check("ranmilo.cor1", statement="ranmilo.cor1", expected="proved",
       mutations={"bound multiplied by 512 (the smallest certified truth/bound is 474, at t = 10)":
                  lambda: _bound_scaled("ranmilo.cor1", fmpq(512), [10]),
                  "every machine-checked step of the corrected proof perturbed (theory.steps.perturbed)":
                  lambda: _perturbed_at(TIMES_FOR_PERTURBATION)})
def corollary1(tier: str) -> Outcome:
    """Corollary 1 (delay): certified true optimum at eps = 1/(8 sqrt t) against 2^(t/2)/(32 sqrt t)."""
    return _deterministic("ranmilo.cor1", "delay", lambda t: 1 / (8 * arb(t).sqrt()), 9, tier)


@check("ranmilo.cor3", statement="ranmilo.cor3", expected="proved",
       mutations={"bound multiplied by 3 (the smallest certified truth/bound is 2.83, at t = 2)":
                  lambda: _bound_scaled("ranmilo.cor3", fmpq(3), [2]),
                  "every machine-checked step of the corrected proof perturbed (theory.steps.perturbed)":
                  lambda: _perturbed_at(TIMES_FOR_PERTURBATION)})
def corollary3(tier: str) -> Outcome:
    """Corollary 3 (oscillation): certified true optimum at eps = 1/2 against 2^(3t/4 - 4)."""
    return _deterministic("ranmilo.cor3", "oscillation", lambda t: arb(fmpq(1, 2)), 1, tier)


#: Corollary 2's parameters: the failure probability p and the scale alpha of the random target.
COR2_P, COR2_ALPHA = fmpq(1, 2), fmpq(1)
#: The t of Corollary 2's check (quick, full); a mutation shortens them.
COR2_TIMES = ([8, 12, 16, 24, 32], [8, 12, 16, 24, 32, 48, 64, 96, 128])


@check("ranmilo.cor2", statement="ranmilo.cor2", expected="checked",
       mutations={"bound multiplied by 2^10 (above the certified truth/bound of most draws at t = 8)":
                  lambda: _cor2_scaled(fmpq(2 ** 10))})
def corollary2(tier: str) -> Outcome:
    """Corollary 2 (random, p = 1/2, alpha = 1): seeded draws decided by the certified optimum."""
    p, alpha = COR2_P, COR2_ALPHA
    draws = 8 if tier == "quick" else 40
    jobs = []
    for t in COR2_TIMES[0 if tier == "quick" else 1]:
        with ctx.workprec(128):
            eps_max = arb(alpha) * (arb(p) / t).sqrt()
        eps_down, eps_up = rational_brackets(eps_max)
        jobs += [(t, SEED + draw, eps_down, eps_up, BOUND_SCALE.get("ranmilo.cor2", fmpq(1))) for draw in range(draws)]
    records = map_in_task(_cor2_instance, jobs)
    total = len(records)
    failures = sum(record["decision"] == "fails" for record in records)
    undecided = sum(r["decision"] == "undecided" for r in records)
    evidence = {"instances": records, "p": "1/2", "alpha": "1", "draws_per_t": draws,
                "system": "certified LP bracket per draw; the probability is estimated by Monte Carlo"}
    rate = failures / total
    summary = (f"{failures} of {total} seeded draws violate the bound (claimed failure probability <= 1/2); "
               f"{undecided} undecided")
    if undecided:
        return Outcome("open", None, "observed failure rate vs p", evidence, summary=summary)
    verdict = "checked" if rate <= float(p) else "open"
    return Outcome(verdict, float(p) - rate, "p - observed failure rate (Monte Carlo, not certified)", evidence,
                   summary=summary)


def _cor2_instance(t: int, seed: int, eps_down: fmpq, eps_up: fmpq, scale: fmpq) -> dict:
    """The record of one seeded draw of Corollary 2's check (the bound times ``scale``).  The draws are
    independent: inside a Dask task they are spread over the cluster (:func:`numerics.engine.map_in_task`),
    elsewhere computed here; the records are the same."""
    phi = list(make_target("random", t, seed=seed, alpha=float(COR2_ALPHA)).values("exact"))
    bound = scaled_bound("ranmilo.cor2", {"t": t, "alpha": COR2_ALPHA, "p": COR2_P}, scale)
    record = decide(phi, eps_down, eps_up, bound, t)
    record["seed"] = seed
    return record


@contextmanager
def _cor2_scaled(factor: fmpq):
    """Mutation: Corollary 2's bound times ``factor``, at t = 8 only (fast)."""
    module = sys.modules[__name__]
    with patched(module, "BOUND_SCALE", {"ranmilo.cor2": factor}), patched(module, "COR2_TIMES", ([8], [8])):
        yield
