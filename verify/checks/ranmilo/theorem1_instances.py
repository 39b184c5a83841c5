"""Theorem 1 (Ran-Milo et al. 2024, Section 3.2, proof in Appendix D.2) on a grid of instances
(the check ``ranmilo.thm1.instances``; the theorem itself is refuted at t = 1836 by the check
``ranmilo.thm1``, :mod:`.theorem1_counterexample`, beyond this grid's t <= 180).

Theorem 1: if a real SSM eps-approximates up to time t a one-dimensional complex SSM with
``|sin arg A| >= 0.2``, ``|A| >= 0.5^(1/t)`` and ``|B C| >= 1``, then
``n_R >= floor(t/9) - 1 - 4 eps`` (the ``bound`` of the statement ``ranmilo.thm1``).

Instances (all deterministic; the witness search is seeded with ``SEED``): the complex target
``phi_k = Re(B C A^(k-1))`` (:class:`numerics.ssm.complex_target.ComplexOscillator`) with the extreme
modulus ``|A| = 0.5^(1/t)``, ``|B C| = 1``, ``arg(B C) = g pi`` for the phases ``PHASES``, and
``arg A = asin 0.2 + s (pi - 2 asin 0.2)`` for the positions ``s`` in ``POSITIONS`` (dense near the
ends s = 0, 1 and near pi/2, s = 1/2), t in {18, 27, 45} (quick) or {18, 27, 45, 90, 180}
(full) and eps in {0, 1/20, 1/4}.  Every instance satisfies the hypotheses (checked).

For each, :func:`numerics.realfit.dimension.dimension_bracket` gives ``n_lo <= n_min <= n_hi`` (``n_lo``
rigorous, from sign changes or, at eps = 0, from the Vandermonde rank, and where these fall short of
the bound from one windowed carrier, :mod:`numerics.realfit.carrier`, asked for exactly the degree
``ceil(bound) - 1`` whose certificate proves the instance; ``n_hi`` an explicit real SSM
with a verified error: the witness search, and one cluster of poles, :mod:`numerics.realfit.cluster`,
which follows the oscillation with about ``theta t / 2`` states and gives the upper end at the
middle angles), and the instance is

* ``proved``  when ``n_lo >= bound`` (exact comparison of integers with a rational),
* ``refuted`` when ``n_hi < bound`` (the witness SSM is the counterexample),
* ``open``    otherwise.

The witness search first tries the largest dimension below the bound (a witness there refutes),
then larger dimensions for the bracket (:func:`numerics.realfit.dimension.dimension_bracket`).  The grid's verdict:
refuted if some instance is, certified if every instance is proved, open otherwise; the margin
is the smallest ``n_lo - bound`` (states).

What the instances show (seed 0; the evidence lists every bracket).  Quick tier: all 162
instances proved (by sign changes), verdict ``certified``.  Full tier (1380 instances): all proved,
none refuted, verdict ``certified``.  Sign changes alone leave 104 open: the instances at t = 90 and
180 with ``arg A`` within ``(pi - 2 asin 0.2)/32`` of the ends (eps > 0).  There the target's odd
part has only about ``t arg(A) / pi`` sign changes (~0.064 t), fewer than the ``floor(t/9) - 1``
alternations the proof claims (its step 1 turns ``arg A >= pi/16`` into ``2 arg A >= 2 pi/8`` instead
of ``pi/8``); the carrier certificate reaches about ``t arg(A) / 2`` and proves them all, e.g.
``arg A = asin 0.2``, t = 180, eps = 1/4: sign changes give 12, the carrier 18 = the bound, and the
best real SSM found has 25 states (one cluster of poles, :mod:`numerics.realfit.cluster`, which
undercuts the bound only from t = 1836 on).  Every instance with ``arg A`` in
``[pi/9, 8 pi/9]`` (where the alternation count holds) is proved (evidence
``counts_per_t_with_arg_A_in_[pi/9, 8pi/9]``).  At eps = 0 the minimal real dimension is known
exactly, ``t - 1``, on every instance.

Hypotheses at their edge.  Besides the grid, the check runs one instance outside each hypothesis it
can violate (:data:`OUTSIDE`): ``arg A = 0`` (``|sin arg A| = 0 < 0.2``) and ``|B C| = 1/1000``, both at
t = 27, eps = 1/20.  There fewer states than the bound suffice (``n_hi`` below it), so the theorem
without that hypothesis is refuted; the evidence lists them (``outside_hypotheses``).  ``|A| =
0.5^(1/t)`` holds by construction of the targets.  The mutations drop a hypothesis (its predicate in
:data:`HYPOTHESES` made always true, so the outside instance counts) or multiply the printed bound
by 4; they run on a small grid (:func:`small_grid`).

``ranmilo.prop2.dimension``: Proposition 2's direction, that a complex SSM of dimension n_R
realises every real SSM of dimension n_R, on the witnesses found here: each rational witness is
embedded (:func:`numerics.ssm.constructions.embed_in_complex`), its complex response must equal the
real one exactly, and its error against the target is re-verified through the complex SSM.
"""
from __future__ import annotations

import functools
import hashlib
import sys
from contextlib import ExitStack, contextmanager

from flint import arb, ctx, fmpq

from numerics import impulse_response
from numerics.engine import in_task, map_in_task
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.ssm.constructions import embed_in_complex
from numerics.realfit.dimension import dimension_bracket, verify_witness
from numerics.ssm.systems import float_lower, float_upper, fmpq_to_string

from ...mutation import patched
from ...registry import check
from ...verdict import Outcome

SEED = 0
EPSILONS = (fmpq(0), fmpq(1, 20), fmpq(1, 4))
#: Positions s of arg A in the admissible interval [asin 0.2, pi - asin 0.2].
POSITIONS = {"quick": (fmpq(0), fmpq(1, 64), fmpq(1, 16), fmpq(1, 4), fmpq(15, 32), fmpq(1, 2), fmpq(3, 4),
                       fmpq(63, 64), fmpq(1)),
             "full": (fmpq(0), fmpq(1, 128), fmpq(1, 64), fmpq(1, 32), fmpq(1, 16), fmpq(1, 8), fmpq(1, 4),
                      fmpq(3, 8), fmpq(7, 16), fmpq(15, 32), fmpq(31, 64), fmpq(1, 2), fmpq(33, 64), fmpq(17, 32),
                      fmpq(9, 16), fmpq(5, 8), fmpq(3, 4), fmpq(7, 8), fmpq(15, 16), fmpq(31, 32), fmpq(63, 64),
                      fmpq(127, 128), fmpq(1))}
#: Phases g of arg(B C) = g pi.
PHASES = {"quick": (fmpq(0), fmpq(1, 3)), "full": (fmpq(0), fmpq(1, 4), fmpq(1, 2), fmpq(3, 4))}
TIMES = {"quick": (18, 27, 45), "full": (18, 27, 45, 90, 180)}
#: Witness search effort per tier: Levenberg-Marquardt starts per dimension, largest dimension
#: searched (above it the upper end is the t - 1 construction).
SEARCH = {"quick": {"starts": 6, "max_n": 16, "cluster_seconds": 30}, "full": {"starts": 16, "max_n": 48, "cluster_seconds": 30}}


def printed_bound(t: int, eps: fmpq) -> fmpq:
    """``floor(t/9) - 1 - 4 eps`` exactly."""
    return fmpq(t // 9 - 1) - 4 * eps


_printed_bound = printed_bound
_module = sys.modules[__name__]


def _sin_at_least_fifth(target: ComplexOscillator) -> bool:
    """``|sin arg A| >= 1/5`` (certified; ComplexOscillator.satisfies_hypotheses without |B C| >= 1)."""
    return ComplexOscillator(target.t, target.p, target.q, g=target.g).satisfies_hypotheses()


#: Theorem 1's hypotheses that an instance can violate, as predicates on the target
#: (|A| = 0.5^(1/t) holds by construction).
HYPOTHESES = {"|sin arg A| >= 0.2": _sin_at_least_fifth, "|B C| >= 1": lambda target: target.beta >= 1}
#: One instance outside each hypothesis: (t, p, q, g, |B C|, eps) with arg A = p pi + q asin(1/5).
OUTSIDE = {"|sin arg A| >= 0.2": (27, fmpq(0), fmpq(0), fmpq(0), fmpq(1), fmpq(1, 20)),
           "|B C| >= 1": (27, fmpq(1, 2), fmpq(0), fmpq(1, 3), fmpq(1, 1000), fmpq(1, 20))}


def largest_refuting_dimension(bound: fmpq) -> int:
    """The largest integer n with n < bound (a witness of this size or less refutes)."""
    ceiling = -((-bound.p) // bound.q)
    return int(ceiling) - 1


def instance(t: int, s: fmpq, g: fmpq, eps: fmpq, tier: str = "quick", p: fmpq | None = None,
             q: fmpq | None = None, abs_BC: fmpq = fmpq(1), require_hypotheses: bool = True) -> dict:
    """One instance: the bracket, the bound and the verdict (module docstring).

    The angle is ``asin 0.2 + s (pi - 2 asin 0.2)``, or ``p pi + q asin 0.2`` when p and q are given;
    ``require_hypotheses=False`` allows a target outside Theorem 1's hypotheses (:data:`OUTSIDE`)."""
    angle = admissible_angle(s) if p is None else (p, q)
    target = ComplexOscillator(t, *angle, g=g, beta=abs_BC)
    if require_hypotheses and not target.satisfies_hypotheses():
        raise ValueError(f"instance outside Theorem 1's hypotheses: {target.describe()}")
    bound = printed_bound(t, eps)
    effort = SEARCH[tier]
    refuting = largest_refuting_dimension(bound)
    # lower bound 4 only up to the degree whose certificate proves the instance: a certificate for
    # degree ceil(bound) - 1 (= the largest refuting dimension) gives n >= ceil(bound)
    bracket = dimension_bracket(target, eps, seed=SEED, starts=effort["starts"], search_up_to=refuting,
                                search_max_n=effort["max_n"], cluster_seconds=effort["cluster_seconds"],
                                carrier=True, carrier_max_degree=refuting)
    if bracket.lower >= bound:
        verdict = "proved"
    elif bracket.upper < bound:
        verdict = "refuted"
    else:
        verdict = "open"
    with ctx.workprec(128):
        theta, pi = target.theta(128), arb.pi()
        inside = bool(theta >= pi / 9 and theta <= 8 * pi / 9)     # certified
    return {"target": target.describe(), "t": t, "eps": fmpq_to_string(eps), "bound": fmpq_to_string(bound),
            "arg_A_in_pi/9..8pi/9": inside,
            "n_lo": bracket.lower, "n_hi": bracket.upper, "exact": bracket.exact, "verdict": verdict,
            "lower_how": bracket.lower_how, "upper_how": bracket.upper_how, "witness_check": bracket.witness_check,
            "witness_error_upper": float_upper(arb(bracket.witness_error)),
            "sign_changes": {"odd": bracket.sign_changes.odd, "even": bracket.sign_changes.even,
                             "robust_k": bracket.sign_changes.robust_k, "sharp": bracket.sign_changes.sharp},
            "margin": bracket.lower - bound, "seconds": round(bracket.seconds, 3), "_bracket": bracket,
            "_target": target, "_eps": eps}


#: Instances per Dask task when the grid is computed on a cluster (:func:`instances`).
CHUNK = 12


def _instance_chunk(jobs: tuple, tier: str) -> list:
    return [instance(t, s, g, eps, tier) for t, s, g, eps in jobs]


@functools.lru_cache(maxsize=2)
def instances(tier: str) -> tuple:
    """All instances of the tier (cached: both checks of this module use them).

    Inside a Dask task (``python -m verify --workers N`` or ``--scheduler``) the grid is computed as
    tasks of ``CHUNK`` instances spread over the cluster, once for both checks
    (:func:`numerics.engine.map_in_task`, under a name that hashes the grid); the rows are the same.
    Mutations patch this module in the calling process only, so they run here, never through Dask."""
    from tqdm import tqdm
    jobs = [(t, s, g, eps) for t in TIMES[tier] for s in POSITIONS[tier] for g in PHASES[tier] for eps in EPSILONS]
    if not in_task():
        return tuple(instance(t, s, g, eps, tier) for t, s, g, eps in
                     tqdm(jobs, desc="ranmilo.thm1 instances", unit="instance", leave=False, disable=None))
    chunks = [(tuple(jobs[i:i + CHUNK]), tier) for i in range(0, len(jobs), CHUNK)]
    # the chunks of the largest t (the slowest) go first, so that the last to finish are quick ones
    order = sorted(range(len(chunks)), key=lambda i: -max(job[0] for job in chunks[i][0]))
    grid = repr([(t, str(s), str(g), str(eps)) for t, s, g, eps in jobs] + [SEARCH[tier], SEED, CHUNK])
    name = f"ranmilo.thm1-instances-{tier}-{hashlib.sha256(grid.encode()).hexdigest()[:16]}"
    computed = map_in_task(_instance_chunk, [chunks[i] for i in order], name=name)
    rows = [None] * len(chunks)
    for position, index in enumerate(order):
        rows[index] = computed[position]
    return tuple(row for chunk_rows in rows for row in chunk_rows)


@functools.lru_cache(maxsize=2)
def outside_instances(tier: str) -> tuple:
    """The instances of :data:`OUTSIDE`, each with the hypothesis it violates."""
    rows = []
    for name, (t, p, q, g, abs_BC, eps) in OUTSIDE.items():
        row = instance(t, fmpq(0), g, eps, tier, p=p, q=q, abs_BC=abs_BC, require_hypotheses=False)
        rows.append(dict(row, outside=name))
    return tuple(rows)


@contextmanager
def small_grid():
    """The quick tier on t in {18, 27}, arg A at s in {0, 1/2, 1}, arg(B C) = pi/3 (for mutations)."""
    with ExitStack() as stack:
        stack.enter_context(patched(TIMES, "quick", (18, 27)))
        stack.enter_context(patched(POSITIONS, "quick", (fmpq(0), fmpq(1, 2), fmpq(1))))
        stack.enter_context(patched(PHASES, "quick", (fmpq(1, 3),)))
        instances.cache_clear()
        try:
            yield
        finally:
            instances.cache_clear()


@contextmanager
def _mutated(owner, attribute, value):
    with small_grid(), patched(owner, attribute, value):
        outside_instances.cache_clear()
        try:
            yield
        finally:
            outside_instances.cache_clear()


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_") and k != "margin"}


def _margin_float(margin: fmpq) -> float:
    """``margin`` as a float rounded towards 0 (its sign is exact)."""
    if margin == 0:
        return 0.0
    return float_lower(arb(margin)) if margin > 0 else float_upper(arb(margin))


def _lower_end_counts(rows) -> dict:
    """How many lower ends each method gave (the bracket's ``lower_how``)."""
    counts: dict = {}
    for row in rows:
        how = row["lower_how"]
        method = ("windowed carrier" if "windowed carrier" in how else "Vandermonde rank" if "Vandermonde" in how
                  else "sign changes" if "sign changes" in how else how[:40])
        counts[method] = counts.get(method, 0) + 1
    return counts


@check("ranmilo.thm1.instances", statement="ranmilo.thm1", expected="certified",
       mutations={"printed bound multiplied by 4": lambda: _mutated(_module, "printed_bound",
                                                                    lambda t, eps: 4 * _printed_bound(t, eps)),
                  "hypothesis |B C| >= 1 dropped": lambda: _mutated(HYPOTHESES, "|B C| >= 1", lambda target: True),
                  "hypothesis |sin arg A| >= 0.2 dropped": lambda: _mutated(HYPOTHESES, "|sin arg A| >= 0.2",
                                                                             lambda target: True)})
def theorem1_instances(tier: str) -> Outcome:
    """Theorem 1 on a grid of angles, phases, t and eps: rigorous dimension brackets vs the bound."""
    grid = instances(tier)
    outside = outside_instances(tier)
    # an outside instance counts as an instance of the theorem only when the hypothesis it violates is
    # dropped (a mutation); otherwise it shows whether that hypothesis is needed
    admitted = [row for row in outside if all(holds(row["_target"]) for holds in HYPOTHESES.values())]
    rows = list(grid) + admitted
    edges = {row["outside"]: {"t": row["t"], "eps": row["eps"], "target": row["target"], "n_lo": row["n_lo"],
                              "n_hi": row["n_hi"], "bound": row["bound"],
                              "without_it_refuted": bool(row["n_hi"] < printed_bound(row["t"], row["_eps"]))}
             for row in outside}
    counts: dict = {}
    for row in rows:
        per_t = counts.setdefault(str(row["t"]), {"proved": 0, "refuted": 0, "open": 0})
        per_t[row["verdict"]] += 1
    refuted = [row for row in rows if row["verdict"] == "refuted"]
    open_rows = [row for row in rows if row["verdict"] == "open"]
    worst = min(rows, key=lambda row: row["margin"])
    restricted: dict = {}
    for row in rows:
        if row["arg_A_in_pi/9..8pi/9"]:
            per_t = restricted.setdefault(str(row["t"]), {"proved": 0, "refuted": 0, "open": 0})
            per_t[row["verdict"]] += 1
    evidence = {"counts_per_t": counts, "instances": len(rows), "seed": SEED, "outside_hypotheses": edges,
                "counts_per_t_with_arg_A_in_[pi/9, 8pi/9]": restricted,
                "grid": {"t": list(TIMES[tier]), "eps": [fmpq_to_string(e) for e in EPSILONS],
                         "arg_A": "asin 0.2 + s (pi - 2 asin 0.2), s in "
                                  + ", ".join(fmpq_to_string(s) for s in POSITIONS[tier]),
                         "arg_BC": "g pi, g in " + ", ".join(fmpq_to_string(g) for g in PHASES[tier]),
                         "abs_A": "0.5^(1/t)", "abs_BC": "1"},
                "system": "target: arb balls (128 bits, raised when a comparison needs it); lower bounds exact "
                          "rationals from the balls; witnesses exact rationals (error as a certified arb ball) or "
                          "arb-ball constructions with error 0",
                "refuted_instances": [dict(_public(row), witness=row["_bracket"].witness_strings()) for row in refuted],
                "open_instances": [{"t": r["t"], "eps": r["eps"], "theta": r["target"]["theta"],
                                    "gamma": r["target"]["gamma"], "n_lo": r["n_lo"], "n_hi": r["n_hi"],
                                    "bound": r["bound"]} for r in open_rows],
                "table": [f"t={r['t']} arg A={r['target']['theta']} arg BC={r['target']['gamma']} eps={r['eps']}: "
                          f"[{r['n_lo']}, {r['n_hi']}] vs bound {r['bound']}: {r['verdict']}" for r in rows],
                "lower_end_by": _lower_end_counts(rows),
                "exact_dimensions": sum(row["exact"] for row in rows),
                "exact_dimensions_per_eps": {fmpq_to_string(e): sum(r["exact"] for r in rows if r["_eps"] == e)
                                             for e in EPSILONS},
                "smallest_margin_at": _public(worst),
                "seconds": round(sum(row["seconds"] for row in rows), 2)}
    per_t = "; ".join(f"t={t}: {c['proved']} proved, {c['open']} open, {c['refuted']} refuted"
                      for t, c in counts.items())
    needed = [name for name, entry in edges.items() if entry["without_it_refuted"]]
    summary = (f"{len(rows)} instances ({per_t}); minimal dimension known exactly for {evidence['exact_dimensions']}; "
               f"without {' or '.join(needed) if needed else 'any hypothesis'} an instance outside it needs fewer "
               "states than the bound")
    margin = _margin_float(worst["margin"])
    note = "states: min over instances of n_lo - (floor(t/9) - 1 - 4 eps) (>= 0: every instance proved)"
    if refuted:
        first = refuted[0]
        counterexample = dict(_public(first), witness=first["_bracket"].witness_strings())
        best = min(refuted, key=lambda row: row["n_hi"] - printed_bound(row["t"], row["_eps"]))
        return Outcome("refuted", _margin_float(fmpq(best["n_hi"]) - printed_bound(best["t"], best["_eps"])),
                       "states: n_hi - bound at the most violating refuted instance (< 0)", evidence,
                       counterexample=counterexample, summary=summary)
    if open_rows:
        return Outcome("open", margin, note, evidence, summary=summary)
    return Outcome("certified", margin, note, evidence, summary=summary)


def complex_embedding(witness):
    """Proposition 2's complex SSM of dimension n_R for a real witness (every state copied)."""
    return embed_in_complex(witness, witness.n)


def _drop_last_state(witness):
    """A wrong embedding: the last real state is not copied (its B is 0), as if n_C = n_R - 1 sufficed."""
    from numerics import DiagonalSSM
    embedded = embed_in_complex(witness, witness.n)
    B = list(embedded.B)
    B[-1] = fmpq(0)
    return DiagonalSSM(embedded.A, B, embedded.C, field="complex")


@check("ranmilo.prop2.dimension", statement="ranmilo.prop2", expected="certified",
       mutations={"the last real state not copied (n_C = n_R - 1)": lambda: _mutated(_module, "complex_embedding",
                                                                                      _drop_last_state)})
def prop2_dimension(tier: str) -> Outcome:
    """Proposition 2 on Theorem 1's witnesses: each real witness, embedded, is a complex SSM of equal dimension."""
    rows = instances(tier)
    checked, failures = 0, []
    for row in rows:
        bracket = row["_bracket"]
        witness = bracket.witness
        if witness.has_ball_parameters or bracket.upper == 0:
            continue
        embedded = complex_embedding(witness)
        t = row["t"]
        equal = list(impulse_response(witness, t, system="exact")) == list(
            impulse_response(embedded, t, system="exact"))
        ok, _, _ = verify_witness(embedded, row["_target"].values(), row["_eps"])
        checked += 1
        if not (equal and ok and embedded.n == witness.n):
            failures.append({"t": t, "eps": row["eps"], "theta": row["target"]["theta"]})
    evidence = {"witnesses_embedded": checked, "failures": failures, "system": "exact (fmpq) responses; "
                "error against the target as a certified arb ball",
                "complex_dimension_of_target": 1}
    if failures or checked == 0:
        return Outcome("open", None, "an embedding failed (or nothing to embed): see evidence", evidence)
    return Outcome("certified", 0.0, "0: every embedded complex SSM reproduces its real witness exactly",
                   evidence, summary=f"{checked} real witnesses of dimension n_R realised by complex SSMs of "
                                     f"dimension n_R with identical responses (exact)")

