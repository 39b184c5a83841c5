"""Checks of Section 3.3's learnability statements (Ran-Milo et al. 2024): Lemma 3, the gradient
bound and Proposition 4 (Appendix D.8), and Proposition 5 (Definition 2, Appendix D.9).

The loss ``l`` of Appendix C, its closed-form gradient and Hessian (float64 or exact ``fmpq``), the
certified one-state probabilities and the Monte Carlo robustness are computed in
:mod:`numerics.learning.learnability`; here they are confronted with the statements of
:mod:`theory.ranmilo.learnability`.  Every bound a check compares with is read at run time from a
module-level name (``LEMMA3_BOUND_FACTOR``, ``GRADIENT_BOUND_FACTOR``, ``PROP4_GROWTH_FACTOR``,
``PRINTED_DENSITY_FACTOR``, ``PROP5_BOUND_FACTOR``), and so is every hypothesis the instances are drawn
within (``GRADIENT_A_RADIUS``, ``PROP4_STABLE_ONLY``, ``PROP5_Q_VALUES``): the checks' ``mutations`` patch
them into a deliberately wrong statement, under which the verdict must change
(``tests/test_mutations_ranmilo_learnability.py``).  Each check also tries parameters just outside
the statement's hypotheses and records in ``evidence["outside_hypotheses"]`` whether the statement
without that hypothesis is refuted there.

* ``ranmilo.lemma3`` -- ``lambda_max(H) >= 2 max(||B||, ||C||)^2``: proof (:mod:`theory.ranmilo.learnability`),
  and on seeded random instances (stable and unstable ``A``) a certificate in exact arithmetic: the
  Rayleigh quotient of a rationalised float64 top eigenvector (or of a unit vector) is computed in
  ``fmpq`` and is ``>= 2 M^2``; ``lambda_max`` is at least any Rayleigh quotient.  One instance attains
  the bound.  Lemma 3 has no hypothesis on ``A`` or the target; ``t = 1`` is its edge.
* ``ranmilo.prop4.gradient_bound`` -- ``(dl/dB_k)^2 <= 4 t l C_k^2`` (and for ``C``) exactly in
  ``fmpq`` on instances with ``|A| <= 1`` (boundary values included); one instance attains it; just
  outside the hypothesis (``|A| = 2``, and ``|A| = 1 + 2^-10``) the statement without it is refuted
  exactly.
* ``ranmilo.prop4`` and ``ranmilo.prop4_without_stability`` -- proofs, and plain gradient-descent runs
  in float64 (not Adam) on the paper's l2-normalised targets (:func:`gradient_descent_trace`): at every
  step the hypotheses are checked (``eta <= c_1``, ``eta <= 2 / max(lambda_max, 0)``; ``|A| <= 1`` is
  recorded, not enforced) and ``c_2 = max_i l^(i) / l^(0)`` is measured.  ``ranmilo.prop4`` compares
  ``max(||B^(i)||, ||C^(i)||)`` with the bound on the steps with every ``|A^(m)| <= 1``;
  ``ranmilo.prop4_without_stability`` on every step within the step-size hypothesis, also after ``A``
  has left ``[-1, 1]``.  The runs are float64 evidence: their numbers stand in the evidence (labelled
  float64), not in the margin of these proved rows.
* ``ranmilo.prop5.density_step`` -- refuted: for ``q = 1`` the probability that
  ``(1 + u)(1 + v)`` falls in ``[3/4 - 1/16, 3/4 + 1/16]`` is computed in arb from its exact
  piecewise integral (:func:`numerics.learning.learnability.product_probability`) and exceeds
  ``2 (1/16) / q``, which the printed density bound ``1/q`` would allow at most.
* ``ranmilo.prop5`` -- the robustness of Definition 2, estimated by seeded Monte Carlo in float64
  for ``q`` of bfloat16 (``2^-7``), float16 (``2^-10``) and float32 (``2^-23``) on constructed SSMs
  (certified-minimal witnesses of the three targets, random SSMs with large weights whose target is
  moved by an exact offset, one-state SSMs at the worst centre) and on trained SSMs (Adam, a few
  thousand steps); plus, for one state and ``t = 1``, the robustness computed in arb over a grid of
  centres and tolerances for ``q`` in {1, 1/2, 2^-7, 2^-10, 2^-23} (``PROP5_Q_VALUES``) and, outside the
  hypothesis ``q <= 1``, at ``q = 3/2`` (``PROP5_Q_OUTSIDE``), where the printed bound fails (certified).
  What is simulated: every entry of ``A``, ``B`` and ``C`` is multiplied by an independent
  ``U[1 - q/2, 1 + q/2]`` factor, the impulse response up to ``t`` recomputed, and a hit counted when
  its l1 distance to ``phi`` is ``<= eps``; samples that float64 rounding could move across ``eps`` are
  counted as misses for the lower and hits for the upper estimate.  Each estimate is compared with the
  printed bound ``2 eps / (q W)`` and with the corrected one (times ``kappa(q)``).  A Monte Carlo
  estimate can only confirm: a Clopper-Pearson lower end (``1e-6`` level) above the bound would make
  the verdict ``open``; a certified one-state ratio above 1 makes it ``refuted``.
"""
from __future__ import annotations

import hashlib
import math
import sys
from contextlib import ExitStack, contextmanager

import numpy as np
import sympy
from flint import arb, ctx, fmpq
from tqdm import tqdm

from numerics import make_target
from numerics.engine import map_in_task
from numerics.learning.learnability import (CONFIDENCE, direct_response, loss_hessian, product_probability,
                                            robustness_estimate, single_state_search)
from numerics.learning.sweep import cached
from numerics.learning.training import TrainConfig, direct_loss_grad, poles, train_batch
from numerics.realfit import min_l1_weight
from numerics.ssm.symbolic import evaluate
from numerics.ssm.systems import float_lower, float_upper, fmpq_to_string, to_fmpq
from theory.ranmilo.learnability import kappa, kappa_at, q as q_symbol

from ...certify import exact_relative_slack
from ...mutation import patched
from ...registry import check, proof_outcome
from ...verdict import Outcome

SEED = 0
#: q = 2^-(mantissa bits): the width of round-to-nearest's relative error interval.
FORMATS = {"bfloat16": fmpq(1, 2 ** 7), "float16": fmpq(1, 2 ** 10), "float32": fmpq(1, 2 ** 23)}
TASKS = ("delay", "oscillation", "random")

#: Lemma 3's bound is LEMMA3_BOUND_FACTOR * 2 max(||B||, ||C||)^2.
LEMMA3_BOUND_FACTOR = fmpq(1)
#: The gradient bound is |dl/dB_k| <= GRADIENT_BOUND_FACTOR sqrt(t l) |C_k|; its hypothesis |A_k| <= GRADIENT_A_RADIUS.
GRADIENT_BOUND_FACTOR = fmpq(2)
GRADIENT_A_RADIUS = 1.0
#: Proposition 4's bound is M_0 + i PROP4_GROWTH_FACTOR sqrt(4 c_1 c_2 t l_0); ``PROP4_STABLE_ONLY``: compare
#: the printed statement only on steps with every |A^(m)| <= 1 (its hypothesis).
PROP4_GROWTH_FACTOR = 1.0
PROP4_STABLE_ONLY = True
#: The printed density bound of Proposition 5's proof: PRINTED_DENSITY_FACTOR / (|w| q).
PRINTED_DENSITY_FACTOR = fmpq(1)
#: Proposition 5's bound is PROP5_BOUND_FACTOR * 2 eps / (q W); the one-state search runs at PROP5_Q_VALUES
#: (within the hypothesis q <= 1) and at PROP5_Q_OUTSIDE (just outside it).
PROP5_BOUND_FACTOR = fmpq(1)
PROP5_Q_VALUES = (fmpq(1), fmpq(1, 2), *FORMATS.values())
PROP5_Q_OUTSIDE = (fmpq(3, 2),)
#: Which instances the Monte Carlo part of ranmilo.prop5 runs ("all"; "none" leaves the certified search only).
PROP5_MONTE_CARLO = "all"


def _module():
    return sys.modules[__name__]


# ---------------------------------------------------------------------------------------------
# Exact arithmetic for the certificates.

def _exact(values) -> np.ndarray:
    return np.array([to_fmpq(float(x)) for x in values], dtype=object)


def _rationalise(vector: np.ndarray, bits: int = 40) -> np.ndarray:
    return np.array([fmpq(int(round(float(x) * 2 ** bits)), 2 ** bits) for x in vector], dtype=object)


# ---------------------------------------------------------------------------------------------
# A proof confronted with instances.

def proof_and_instances(verdict: str, evidence: dict, violated: bool, conflict: str, margin: float | None,
                        margin_note: str, summary: str) -> Outcome:
    """The outcome of a proof (``verdict``, ``evidence`` from ``proof_outcome``) confronted with
    instances: a violation, which a complete proof forbids, makes the verdict ``open`` and records
    ``conflict``; the summary starts with whether the proof is complete.  ``margin`` must be exact
    (or ``None``): it stands beside a proved verdict."""
    if violated:
        verdict = "open"
        evidence["conflict"] = conflict
    premises = len(evidence.get("premises") or [])
    rests = f" (resting on {premises} named premise{'s' if premises > 1 else ''})" if premises else ""
    return Outcome(verdict, None if margin is None else margin + 0.0, margin_note, evidence,
                   summary=f"proof {'complete' if verdict == 'proved' else 'incomplete'}{rests}; {summary}")


# ---------------------------------------------------------------------------------------------
# Lemma 3.

def lemma3_instance(A, B, C, phi, scale=None) -> dict:
    """Certify ``lambda_max(H) >= scale * 2 max(||B||, ||C||)^2`` exactly on one instance (see module
    docstring); Lemma 3 is ``scale = 1`` (default: ``LEMMA3_BOUND_FACTOR``), a larger ``scale`` is a
    false claim that the attained instance refuses."""
    scale = LEMMA3_BOUND_FACTOR if scale is None else scale
    A, B, C, phi = (_exact(v) for v in (A, B, C, phi))
    _, _, H = loss_hessian(A, B, C, phi)
    bound = to_fmpq(scale) * 2 * max(max(abs(x) for x in B), max(abs(x) for x in C)) ** 2
    floats = np.array([[float(x) for x in row] for row in H])
    eigenvalues, vectors = np.linalg.eigh(floats)
    candidates = [("top eigenvector (float64, rationalised)", _rationalise(vectors[:, -1]))]
    diagonal = max(range(len(H)), key=lambda i: H[i, i])
    unit = np.array([fmpq(0)] * len(H), dtype=object)
    unit[diagonal] = fmpq(1)
    candidates.append((f"unit vector e_{diagonal}", unit))
    best_name, best = None, None
    for name, vector in candidates:
        norm2 = vector.dot(vector)
        if norm2 == 0:
            continue
        quotient = vector.dot(H.dot(vector)) / norm2
        if best is None or quotient > best:
            best_name, best = name, quotient
    return {"n": len(A), "t": len(phi), "lambda_max_float64": float(eigenvalues[-1]),
            "rayleigh_lower_bound": float_lower(arb(best)), "bound": float(bound), "certificate": best_name,
            "certified": best >= bound,
            "slack": exact_relative_slack(bound, best) if best > 0 else (0.0 if bound == 0 else -math.inf)}


def lemma3_instances(rng: np.random.Generator, count: int):
    """Seeded instances: stable and unstable A, weights over three decades; then the attained case."""
    for index in range(count):
        n, t = int(rng.integers(1, 6)), int(rng.integers(1, 11))
        radius = 1.0 if index % 2 == 0 else 1.5
        scale = 10.0 ** rng.uniform(-2, 1)
        yield (rng.uniform(-radius, radius, n), rng.normal(size=n) * scale, rng.normal(size=n) * scale,
               rng.normal(size=t))
    yield np.array([0.5]), np.array([0.0]), np.array([1.0]), np.array([0.0])  # t = 1: lambda_max = 2 = bound


@check("ranmilo.lemma3", statement="ranmilo.lemma3", expected="proved",
       mutations={"bound 2 max(||B||, ||C||)^2 times 1 + 10^-6 (above the attained value)":
                  lambda: patched(_module(), "LEMMA3_BOUND_FACTOR", fmpq(1000001, 1000000)),
                  "bound doubled": lambda: patched(_module(), "LEMMA3_BOUND_FACTOR", fmpq(2))})
def lemma3(tier: str) -> Outcome:
    """Lemma 3: proof; exact Rayleigh-quotient certificates on seeded instances."""
    verdict, evidence = proof_outcome("ranmilo.lemma3")
    rng = np.random.default_rng(SEED)
    rows = [lemma3_instance(*instance) for instance in lemma3_instances(rng, 40 if tier == "quick" else 400)]
    failed = [row for row in rows if not row["certified"]]
    ratios = [row["lambda_max_float64"] / row["bound"] for row in rows if row["bound"] > 0]
    evidence.update(seed=SEED, bound_factor=fmpq_to_string(LEMMA3_BOUND_FACTOR), instances=len(rows),
                    not_certified=len(failed), examples=rows[:3] + rows[-1:],
                    lambda_max_over_bound_float64={"min": min(ratios), "median": float(np.median(ratios)),
                                                   "max": max(ratios)},
                    outside_hypotheses="Lemma 3 has no hypothesis on A or the target: half of the instances have "
                                       "|A| up to 1.5, and the t = 1 instance attains the bound",
                    instance_system="exact (fmpq Hessian, rational Rayleigh quotient); eigenvector proposed in float64")
    return proof_and_instances(verdict, evidence, bool(failed),
                               "an instance could not be certified although the proof is complete",
                               min(row["slack"] for row in rows),
                               "min over instances of 1 - bound / (exact Rayleigh-quotient lower bound on "
                               "lambda_max); 0: attained",
                               f"{len(rows) - len(failed)}/{len(rows)} instances certified exactly; lambda_max / "
                               f"bound (float64) from {min(ratios):.3g} (attained) to {max(ratios):.3g}")


# ---------------------------------------------------------------------------------------------
# The gradient bound.

def gradient_instance(A, B, C, phi, factor=None) -> dict:
    """``|dl/dB_k| <= factor sqrt(t l) |C_k|`` and ``|dl/dC_k| <= factor sqrt(t l) |B_k|`` (``factor = 2``,
    default ``GRADIENT_BOUND_FACTOR``), decided on squares in fmpq; ``slack`` is the exact
    ``min_k 1 - (dl/dB_k)^2 / (factor^2 t l C_k^2)`` (and for C) rounded towards 0."""
    factor = GRADIENT_BOUND_FACTOR if factor is None else to_fmpq(factor)
    A, B, C, phi = (_exact(v) for v in (A, B, C, phi))
    n, t = len(A), len(phi)
    loss, gradient, _ = loss_hessian(A, B, C, phi)
    holds, slack = True, math.inf
    for k in range(n):
        for g, other in ((gradient[n + k], C[k]), (gradient[2 * n + k], B[k])):
            right = factor ** 2 * t * loss * other ** 2
            holds &= g * g <= right
            if right > 0:
                slack = min(slack, exact_relative_slack(g * g, right))
            elif g != 0:
                slack = -math.inf
            else:
                slack = min(slack, 0.0)
    return {"n": n, "t": t, "max_abs_A": float(max(abs(x) for x in A)), "holds": bool(holds), "slack": slack}


def gradient_instances(rng: np.random.Generator, count: int, radius: float):
    """Seeded instances with |A| <= radius, the boundary values -radius, 0, radius with probability 0.2."""
    for _ in range(count):
        n, t = int(rng.integers(1, 6)), int(rng.integers(1, 17))
        A = rng.uniform(-radius, radius, n)
        A[rng.uniform(size=n) < 0.2] = rng.choice([-radius, 0.0, radius])
        yield A, rng.normal(size=n), rng.normal(size=n), rng.normal(size=t)


#: Instances just outside the hypothesis |A_k| <= 1 (one state, B = C = 1, target 0).
GRADIENT_OUTSIDE = ({"A": 2.0, "t": 5}, {"A": 1.0 + 2.0 ** -10, "t": 64})


@check("ranmilo.prop4.gradient_bound", statement="ranmilo.prop4.gradient_bound", expected="proved",
       mutations={"factor 2 of the bound lowered to 1.99 (below the attained value)":
                  lambda: patched(_module(), "GRADIENT_BOUND_FACTOR", fmpq(199, 100)),
                  "hypothesis |A_k| <= 1 dropped (instances drawn with |A_k| <= 2)":
                  lambda: patched(_module(), "GRADIENT_A_RADIUS", 2.0)})
def gradient_bound(tier: str) -> Outcome:
    """Gradient bound of Proposition 4's proof: proof; exact instances with |A| <= 1, refuted just outside."""
    verdict, evidence = proof_outcome("ranmilo.prop4.gradient_bound")
    rng = np.random.default_rng(SEED)
    rows = [gradient_instance(*instance)
            for instance in gradient_instances(rng, 30 if tier == "quick" else 300, GRADIENT_A_RADIUS)]
    tight = gradient_instance([1.0], [1.0], [1.0], [0.0] * 5)
    rows.append(tight)
    outside = [{**edge, "B": 1, "C": 1, "target": 0, **gradient_instance([edge["A"]], [1.0], [1.0], [0.0] * edge["t"])}
               for edge in GRADIENT_OUTSIDE]
    failed = [row for row in rows if not row["holds"]]
    evidence.update(seed=SEED, bound_factor=fmpq_to_string(GRADIENT_BOUND_FACTOR), A_radius=GRADIENT_A_RADIUS,
                    instances=len(rows), violations=len(failed), attained=tight,
                    outside_hypotheses={"hypothesis": "|A_k| <= 1", "instances": outside,
                                        "statement_without_it": "refuted (exact)" if not all(o["holds"] for o in outside)
                                        else "not refuted here"},
                    instance_system="exact (fmpq), inequality decided on squares")
    refuted_outside = [o for o in outside if not o["holds"]]
    return proof_and_instances(verdict, evidence, bool(failed),
                               "an exact instance violates a bound whose proof is complete",
                               min(row["slack"] for row in rows),
                               "min over instances and k of 1 - (dl/dB_k)^2 / (4 t l C_k^2) (and for C), exact; "
                               "0: attained",
                               f"no violation among {len(rows)} exact instances with |A| <= {GRADIENT_A_RADIUS:g}; "
                               f"attained by A = B = C = 1, target 0; without the hypothesis |A| <= 1 refuted exactly "
                               f"at A = " + ", ".join(f"{o['A']!r} (t = {o['t']})" for o in refuted_outside))


# ---------------------------------------------------------------------------------------------
# Proposition 4: gradient-descent runs.

def gradient_descent_trace(task: str, n: int, t: int, bc_std: float, policy: str, c1: float, gamma: float,
                           steps: int, seed: int) -> dict:
    """Plain gradient descent on (A, B, C) in float64, recording every iterate's ``max(||B||, ||C||)``,
    ``max |A|`` and loss, until the step-size hypothesis breaks (or the run leaves the finite numbers).

    ``policy="adaptive"``: ``eta_i = min(c1, gamma * 2 / lambda_max(H^(i-1)))``; ``"fixed"``: ``eta_i = c1``.
    Unlike :func:`numerics.learning.learnability.gradient_descent_run` the run goes on after ``|A| > 1``
    (Proposition 4's printed proof needs ``|A| <= 1``, its statement does not:
    ``ranmilo.prop4_without_stability``)."""
    rng = np.random.default_rng(seed)
    phi = make_target(task, t, normalized=True, seed=seed).values()
    A, B, C = rng.uniform(-1, 1, n), rng.normal(0, bc_std, n), rng.normal(0, bc_std, n)
    current = direct_loss_grad(A, B, C, phi)   # (loss, gradient) at the iterate, reused by the next step
    losses = [current[0]]
    magnitudes = [max(np.max(np.abs(B)), np.max(np.abs(C)))]
    max_abs_A = [float(np.max(np.abs(A)))]
    stopped = None
    for i in range(1, steps + 1):
        _, dA, dB, dC = current
        lam = float(np.linalg.eigvalsh(loss_hessian(A, B, C, phi)[2])[-1])
        eta = c1 if policy == "fixed" else min(c1, gamma * 2 / lam)
        if not (eta <= c1 and (lam <= 0 or eta <= 2 / lam)):
            stopped = f"step {i}: eta = {eta:.4g} > 2 / lambda_max = {2 / lam:.4g}"
            break
        A, B, C = A - eta * dA, B - eta * dB, C - eta * dC
        current = direct_loss_grad(A, B, C, phi)
        loss = current[0]
        if not (np.all(np.isfinite(A)) and np.isfinite(loss)):
            stopped = f"step {i}: the iterate is not finite"
            break
        losses.append(loss)
        magnitudes.append(max(np.max(np.abs(B)), np.max(np.abs(C))))
        max_abs_A.append(float(np.max(np.abs(A))))
    return {"task": task, "n": n, "t": t, "bc_std": bc_std, "policy": policy, "c1": c1, "gamma": gamma,
            "seed": seed, "steps": len(losses) - 1, "stopped": stopped, "losses": losses, "magnitudes": magnitudes,
            "max_abs_A": max_abs_A}


def compare_with_bound(trace: dict, stable_only: bool, factor: float) -> dict:
    """Proposition 4's bound ``M_0 + i factor sqrt(4 c_1 c_2 t l_0)`` against the trace on its first ``m``
    steps: all of them, or (``stable_only``) those up to the last iterate with every ``|A^(i)| <= 1``;
    ``c_2`` is measured on the same steps (float64)."""
    last = trace["steps"]
    if stable_only:
        outside = [i for i, value in enumerate(trace["max_abs_A"]) if value > 1]
        last = (outside[0] - 1) if outside else last
    losses, magnitudes = trace["losses"][:last + 1], trace["magnitudes"][:last + 1]
    if last < 1:
        return {"compared_steps": 0, "violations": 0, "max_growth_used": 0.0, "c2": None}
    c2 = max(losses) / losses[0]
    growth = factor * math.sqrt(4 * trace["c1"] * c2 * trace["t"] * losses[0])
    M0 = magnitudes[0]
    violations = [i for i in range(last + 1) if magnitudes[i] > M0 + i * growth]
    used = max((magnitudes[i] - M0) / (i * growth) for i in range(1, last + 1))
    return {"compared_steps": last, "violations": len(violations), "first_violation": violations[0] if violations
            else None, "max_growth_used": used, "c2": c2, "growth_per_step": growth}


def prop4_traces(tier: str) -> list[dict]:
    """The gradient-descent runs of a tier.  They are independent: inside a Dask task they are spread
    over the cluster, once for both Proposition 4 checks (:func:`numerics.engine.map_in_task`, under a
    name that hashes the runs' arguments); elsewhere computed here.  The traces are the same."""
    steps = 200 if tier == "quick" else 2000
    n, t = (12, 12) if tier == "quick" else (24, 32)
    runs = []
    for task_index, task in enumerate(TASKS):
        for bc_std in (1e-3, 0.3):
            for policy, c1, gamma in (("adaptive", 1.0, 0.95), ("adaptive", 0.01, 0.5), ("fixed", 0.02, 1.0)):
                runs.append((task, n, t, bc_std, policy, c1, gamma, steps, SEED + task_index))
    name = f"ranmilo.prop4-traces-{tier}-{hashlib.sha256(repr(runs).encode()).hexdigest()[:16]}"
    return map_in_task(gradient_descent_trace, runs, name=name)


_TRACES: dict = {}


def _cached_traces(tier: str) -> list[dict]:
    """The gradient-descent traces of a tier, computed once per process (both Proposition 4 checks read
    them; the mutations patch the bound and the hypotheses, never the runs)."""
    if tier not in _TRACES:
        _TRACES[tier] = prop4_traces(tier)
    return _TRACES[tier]


def _prop4_outcome(statement: str, stable_only: bool, tier: str) -> Outcome:
    verdict, evidence = proof_outcome(statement)
    traces = _cached_traces(tier)
    rows = []
    for trace in traces:
        row = {k: v for k, v in trace.items() if k not in ("losses", "magnitudes", "max_abs_A")}
        row["max_abs_A_float64"] = max(trace["max_abs_A"])
        row["left_abs_A_le_1_at"] = next((i for i, value in enumerate(trace["max_abs_A"]) if value > 1), None)
        row.update(compare_with_bound(trace, stable_only, PROP4_GROWTH_FACTOR))
        rows.append(row)
    violations = sum(row["violations"] for row in rows)
    used = max(row["max_growth_used"] for row in rows)
    unstable = [row for row in rows if row["left_abs_A_le_1_at"] is not None]
    evidence.update(seed=SEED, run_system="float64 (gradient descent; lambda_max by numpy.linalg.eigvalsh)",
                    growth_factor=PROP4_GROWTH_FACTOR, compared="steps with every |A^(m)| <= 1" if stable_only
                    else "every step within the step-size hypotheses, also with |A| > 1",
                    max_growth_used_float64=used, runs=rows,
                    outside_hypotheses={"hypothesis": "|A^(i)| <= 1",
                                        "runs_leaving_it": len(unstable),
                                        "compared_beyond_it": not stable_only,
                                        "note": "ranmilo.prop4_without_stability compares these runs after |A| > 1 "
                                                "too" if stable_only else
                                                "the statement without |A| <= 1 is proved; these runs confirm it"})
    compared = sum(row["compared_steps"] for row in rows)
    return proof_and_instances(verdict, evidence, bool(violations),
                               "a run within the hypotheses exceeds the bound whose proof is complete", None,
                               "no margin: the runs are float64 evidence (max_growth_used_float64 in the evidence)",
                               f"{len(rows)} gradient-descent runs, {compared} steps compared, no step beyond the "
                               f"bound (float64: at most {used:.3g} of the allowed growth used); {len(unstable)} runs "
                               f"left |A| <= 1" + (" and were compared only up to there" if stable_only else
                                                   ", compared after it too"))


@check("ranmilo.prop4", statement="ranmilo.prop4", expected="proved",
       mutations={"growth term sqrt(4 c_1 c_2 t l_0) divided by 1000":
                  lambda: patched(_module(), "PROP4_GROWTH_FACTOR", 1e-3)})
def prop4(tier: str) -> Outcome:
    """Proposition 4: proof; float64 gradient-descent runs, compared on the steps with |A| <= 1."""
    return _prop4_outcome("ranmilo.prop4", PROP4_STABLE_ONLY, tier)


@check("ranmilo.prop4_without_stability", statement="ranmilo.prop4_without_stability", expected="proved",
       mutations={"growth term sqrt(4 c_1 c_2 t l_0) divided by 1000":
                  lambda: patched(_module(), "PROP4_GROWTH_FACTOR", 1e-3)})
def prop4_without_stability(tier: str) -> Outcome:
    """Proposition 4 without |A| <= 1: proof; the same runs compared on every step, also after |A| > 1."""
    return _prop4_outcome("ranmilo.prop4_without_stability", False, tier)


# ---------------------------------------------------------------------------------------------
# Proposition 5.

#: The counterexample to the printed density step: q = 1, w = 1, the interval [3/4 - 1/16, 3/4 + 1/16].
DENSITY_COUNTEREXAMPLE = {"q": fmpq(1), "w": fmpq(1), "centre": fmpq(3, 4), "half_width": fmpq(1, 16)}


@check("ranmilo.prop5.density_step", statement="ranmilo.prop5.density_step", expected="refuted",
       mutations={"printed density bound 1/(|w| q) replaced by the true maximum kappa(q)/(|w| q) (kappa(1) = log 3)":
                  lambda: patched(_module(), "PRINTED_DENSITY_FACTOR", arb(3).log()),
                  "a wrong counterexample injected (centre 2, far from the mode 3/4)":
                  lambda: patched(_module(), "DENSITY_COUNTEREXAMPLE", {**DENSITY_COUNTEREXAMPLE, "centre": fmpq(2)})})
def density_step(tier: str) -> Outcome:
    """Prop. 5's density step: an interval where w (1+u)(1+v) is likelier than density 1/(|w| q) allows."""
    verdict, evidence = proof_outcome("ranmilo.prop5.density_step")
    example = DENSITY_COUNTEREXAMPLE
    probability = product_probability(example["q"], example["centre"], example["half_width"])
    allowed = arb(PRINTED_DENSITY_FACTOR) * arb(2 * example["half_width"] / (example["q"] * example["w"]))
    q_value = sympy.Rational(int(example["q"].p), int(example["q"].q))
    kappa_closed = kappa_at(q_value)                           # log(3) at q = 1
    mode_density = evaluate(kappa / q_symbol, {"q": example["q"]}, system="arb")
    rng = np.random.default_rng(SEED)
    samples = 10 ** 6 if tier == "quick" else 10 ** 7
    half_q = float(example["q"]) / 2
    u, v = rng.uniform(-half_q, half_q, samples), rng.uniform(-half_q, half_q, samples)
    estimate = float(np.mean(np.abs((1 + u) * (1 + v) - float(example["centre"])) <= float(example["half_width"])))
    evidence.update(probability=str(probability), allowed_by_printed_density=str(allowed),
                    density_at_mode=str(mode_density), kappa=str(kappa_closed),
                    monte_carlo_float64={"seed": SEED, "samples": samples, "estimate": estimate},
                    system="certified (arb) from the exact piecewise integral; Monte Carlo float64 as confirmation")
    if not probability > allowed:
        return Outcome("open", None, "the certified probability does not exceed the printed allowance", evidence)
    counterexample = {key: fmpq_to_string(value) for key, value in example.items()}
    counterexample.update(probability_lower=float_lower(probability), allowed=str(allowed),
                          density_at_mode=f"kappa({fmpq_to_string(example['q'])}) / q = {kappa_closed / q_value}")
    q_text, h_text = fmpq_to_string(example["q"]), fmpq_to_string(example["half_width"])
    return Outcome("refuted", float_upper(1 - probability / allowed),
                   "1 - P / (2 h / (q |w|)) at the counterexample (< 0: outside the claim)", evidence,
                   counterexample=counterexample, margin_from="certified",
                   erratum=f"The density of w (1+u)(1+v), u, v ~ U(-q/2, q/2), reaches kappa(q) / (|w| q) with "
                           f"kappa(q) = log((1+q/2)/(1-q/2)) / q > 1 ({kappa_closed} = "
                           f"{float(mode_density.mid() * arb(example['q'])):.4f} at q = {q_text}), not 1 / (|w| q): "
                           f"P[|Y - {fmpq_to_string(example['centre'])}| <= {h_text}] = "
                           f"{float(probability.mid()):.6f} > {float(allowed.mid()):.6f}.  Proposition 5's proof then "
                           f"gives its bound times kappa(q): ranmilo.prop5_corrected_proof.",
                   summary=f"q = {q_text}, w = {fmpq_to_string(example['w'])}: P[|Y - "
                           f"{fmpq_to_string(example['centre'])}| <= {h_text}] = {float(probability.mid()):.6f} > "
                           f"{float(allowed.mid()):.6g} = 2h/(q|w|) (certified); density at the mode "
                           f"{kappa_closed / q_value} = {float(mode_density.mid()):.4f} > "
                           f"{float(1 / arb(example['q'])):.4g} = 1/q")


def robustness_row(name: str, A, B, C, phi, eps: float, q: fmpq, samples: int, rng) -> dict:
    """The Monte Carlo robustness of one instance beside Proposition 5's printed bound ``2 eps / (q W)``
    and the corrected bound (times ``kappa(q)``), with the conflicts flagged."""
    estimate = robustness_estimate(A, B, C, phi, eps, q, samples, rng, CONFIDENCE)
    printed = float(PROP5_BOUND_FACTOR) * 2 * estimate["eps"] / (float(q) * estimate["W"])
    corrected = 2 * estimate["eps"] / (float(q) * estimate["W"]) * float(evaluate(kappa, {"q": q}, system="mpmath"))
    lower = estimate["confidence_interval"][0]
    return {"instance": name, "q": fmpq_to_string(q), "n": int(np.size(A)), "t": int(np.size(phi)), **estimate,
            "printed_bound": printed, "corrected_bound": corrected,
            "informative": printed < 1, "conflict_printed": lower > printed, "conflict_corrected": lower > corrected}


def constructed_instances(tier: str, rng: np.random.Generator):
    """``(name, A, B, C, choose)`` of the constructed SSMs; ``choose(q) -> (eps, phi)``."""
    t = 16 if tier == "quick" else 32
    for task in TASKS:
        target = make_target(task, t, normalized=False, seed=SEED)
        phi = target.values()
        witness = min_l1_weight(target, 0.25 * float(np.abs(phi).sum())).witness
        A, B, C = (np.array([float(x) for x in v]) for v in (witness.A, witness.B, witness.C))
        error = float(np.abs(direct_response(A, B, C, t) - phi).sum())
        yield (f"certified-minimal witness, {task} (t = {t}, eps = l1(phi) / 4)", A, B, C,
               lambda q, error=error, phi=phi: (error * 1.001, phi))
    for index in range(3):
        n, t_small = 4, 8
        A = rng.uniform(-0.95, 0.95, n)
        B = rng.normal(size=n) * 10.0 ** rng.uniform(2, 5, n)
        C = rng.normal(size=n)
        own = direct_response(A, B, C, t_small)
        W = float(np.max(np.abs(B * C)))
        for rho in (0.2, 0.8):
            def choose(q, W=W, rho=rho, own=own):
                eps = rho * float(q) * W / 2
                return eps, own + np.eye(1, own.size)[0] * eps / 2
            yield (f"random SSM {index} with large weights, its response moved by eps/2 in the first entry, "
                   f"eps = {rho} q W / 2", A, B, C, choose)
    # one state, t = 1, target near the worst centre of the one-state search: phi_1 = 1 - h, eps = h = q^2 / 6
    yield ("one state (A = 1/2, B = C = 1, t = 1), phi_1 = 1 - q^2/6, eps = q^2/6", np.array([0.5]), np.array([1.0]),
           np.array([1.0]), lambda q: (float(q) ** 2 / 6, np.array([1 - float(q) ** 2 / 6])))


def paper_grid_results() -> list:
    """Finished runs of Table 1's grid (real, n = 1024, t = 32, 500 000 steps) found in the training cache;
    nothing is trained here."""
    found = []
    for task in TASKS:
        for optimizer in ("adam", "adamw", "radam"):
            for lr in (1e-4, 1e-5, 1e-6):
                for r_min in (0.0, 0.99):
                    for seed in (0, 1, 2):
                        result = cached(TrainConfig(field="real", task=task, n=1024, t=32, optimizer=optimizer, lr=lr,
                                                    r_min=r_min, steps=500_000, seed=seed))
                        if result is not None:
                            found.append(result)
    return found


def trained_instances(tier: str):
    """Real SSMs trained with Adam (float64) on the three normalised targets, eps = their own l1 error
    (times 1.001); in the full tier also the best cached run of Table 1's grid per task, if any."""
    steps = 2000 if tier == "quick" else 20000
    results = train_batch([TrainConfig(field="real", task=task, n=64, t=32, optimizer="adam", lr=1e-3, r_min=0.0,
                                       steps=steps, seed=SEED) for task in TASKS])
    if tier == "full":
        grid = paper_grid_results()
        results += [min((r for r in grid if r.config.task == task), key=lambda r: r.best_loss)
                    for task in TASKS if any(r.config.task == task for r in grid)]
    for result in results:
        config, params = result.config, result.best_params
        A = poles(params, "real")
        phi = make_target(config.task, config.t, normalized=True, seed=config.seed).values()
        error = float(np.abs(direct_response(A, params["B"], params["C"], config.t) - phi).sum())
        yield (f"trained ({config.optimizer} lr {config.lr:g}, {config.steps} steps, n = {config.n}, t = {config.t}, "
               f"seed {config.seed}), {config.task}", A, params["B"], params["C"],
               lambda q, error=error, phi=phi: (error * 1.001, phi))


def _search_ratio(search: dict) -> tuple[float, float]:
    """The certified one-state ratio robustness / (the bound as confronted), lower and upper ends
    (the search reports it against 2 eps / (q W); the bound confronted is PROP5_BOUND_FACTOR times that)."""
    with ctx.workprec(128):
        lower = float_lower(arb(search["max_ratio_lower"]) / arb(PROP5_BOUND_FACTOR))
        upper = float_upper(arb(search["max_ratio_upper"]) / arb(PROP5_BOUND_FACTOR))
    return lower, upper


@check("ranmilo.prop5", statement="ranmilo.prop5", expected="checked",
       mutations={"printed bound 2 eps / (q W) halved (certified one-state search only)":
                  lambda: _stacked(("PROP5_BOUND_FACTOR", fmpq(1, 2)), ("PROP5_MONTE_CARLO", "none")),
                  "hypothesis q <= 1 dropped: q = 3/2 among the instances (certified one-state search only)":
                  lambda: _stacked(("PROP5_Q_VALUES", PROP5_Q_VALUES + PROP5_Q_OUTSIDE), ("PROP5_MONTE_CARLO", "none")),
                  "printed bound divided by 100 (Monte Carlo on the one-state instance only)":
                  lambda: _stacked(("PROP5_BOUND_FACTOR", fmpq(1, 100)), ("PROP5_MONTE_CARLO", "one-state"),
                                   ("PROP5_Q_VALUES", ()))})
def prop5(tier: str) -> Outcome:
    """Proposition 5: Monte Carlo robustness on constructed and trained SSMs; one state in arb."""
    rng = np.random.default_rng(SEED)
    samples = 20_000 if tier == "quick" else 200_000
    grid = 10 if tier == "quick" else 60
    searches = [single_state_search(q, grid) for q in PROP5_Q_VALUES]
    outside = [single_state_search(q, grid) for q in PROP5_Q_OUTSIDE]
    evidence = {"seed": SEED, "samples_per_estimate": samples, "confidence_level": CONFIDENCE,
                "bound_factor": fmpq_to_string(PROP5_BOUND_FACTOR),
                "q": {label: fmpq_to_string(q) for label, q in FORMATS.items()},
                "simulated": "every entry of A, B, C times an independent U[1 - q/2, 1 + q/2]; hit when the l1 "
                             "distance of the impulse responses up to t is <= eps",
                "system": "float64 Monte Carlo (rounding bounded per sample); one-state searches certified (arb)",
                "single_state_t1": searches}
    refuted_outside = [s for s in outside if _search_ratio(s)[0] > 1]
    evidence["outside_hypotheses"] = {
        "hypothesis": "q <= 1", "single_state_t1": outside,
        "statement_without_it": ("refuted (certified): " + ", ".join(
            f"q = {s['q']}, phi_1 = {s['at_centre']}, eps = {s['at_half_width']}, B = C = 1: robustness / bound >= "
            f"{_search_ratio(s)[0]:.6f}" for s in refuted_outside)) if refuted_outside else "not refuted here"}
    certified_violation = [s for s in searches if _search_ratio(s)[0] > 1]
    if certified_violation:
        s = certified_violation[0]
        lower = _search_ratio(s)[0]
        return Outcome("refuted", float_upper(1 - arb(lower)), "1 - robustness / bound at the counterexample",
                       evidence, margin_from="certified", counterexample={"n": 1, "t": 1, "B": 1, "C": 1, "A": 0, "q": s["q"],
                                                 "phi_1": s["at_centre"], "epsilon": s["at_half_width"],
                                                 "robustness_over_bound_lower": lower})
    rows = []
    instances = []
    if PROP5_MONTE_CARLO == "all":
        instances = [*constructed_instances(tier, rng), *trained_instances(tier)]
    elif PROP5_MONTE_CARLO == "one-state":
        instances = [instance for instance in constructed_instances(tier, rng) if instance[0].startswith("one state")]
    for name, A, B, C, choose in tqdm(instances, desc="ranmilo.prop5", unit="instance", leave=False, disable=None):
        for label, q in FORMATS.items():
            eps, target = choose(q)
            row = robustness_row(name, A, B, C, target, eps, q, samples, rng)
            row["format"] = label
            rows.append(row)
    evidence["estimates"] = rows
    informative = [row for row in rows if row["informative"]]
    conflicts = [row for row in rows if row["conflict_printed"]]
    worst_mc = max((row["confidence_interval"][0] / row["printed_bound"] for row in informative), default=0.0)
    worst_single = max(_search_ratio(s)[1] for s in searches) if searches else 0.0
    if conflicts:
        evidence["conflict"] = "a Monte Carlo lower confidence end exceeds the printed bound"
        return Outcome("open", None, "Monte Carlo conflict; see evidence", evidence)
    vacuous = len(rows) - len(informative)
    trained = [row for row in rows if row["instance"].startswith("trained")]
    trained_vacuous = sum(not row["informative"] for row in trained)
    smallest = min(searches, key=lambda s: fmpq(s["q"])) if searches else None
    coefficient = ((1 - smallest["max_ratio_upper"]) / float(fmpq(smallest["q"]))) if smallest else float("nan")
    outside_text = (f"  Outside the hypothesis q <= 1 the printed bound fails: q = {refuted_outside[0]['q']}, one state, "
                    f"robustness / bound >= {_search_ratio(refuted_outside[0])[0]:.4f} (certified)."
                    if refuted_outside else "")
    return Outcome("checked", float_lower(1 - arb(worst_single)),
                   "1 - the largest robustness / printed bound over the certified one-state grid (t = 1)",
                   evidence, margin_from="certified",
                   summary=f"{len(rows)} Monte Carlo estimates ({samples} samples each; {vacuous} with a vacuous bound "
                           f">= 1, among them {trained_vacuous} of the {len(trained)} on trained SSMs): none exceeds "
                           f"the printed bound; largest lower confidence end / bound {worst_mc:.3g}.  One state, "
                           f"t = 1 (certified on an arb grid of centres and tolerances): robustness / bound <= "
                           f"{worst_single:.10f} (at q = {smallest['q'] if smallest else '-'}: 1 - "
                           f"{coefficient:.3g} q at the worst point: tight as q -> 0).{outside_text}  The printed proof "
                           f"has a gap (ranmilo.prop5.density_step refuted); proved with the factor kappa(q)")


@contextmanager
def _stacked(*patches):
    """Several module attributes patched at once (a mutation changing the bound and the scale together)."""
    with ExitStack() as stack:
        for attribute, value in patches:
            stack.enter_context(patched(_module(), attribute, value))
        yield
