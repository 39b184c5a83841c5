"""Checks of Appendix C.1 (stability of diagonal Wronskians) and Appendix C.2.1 (ReLU gates) of
Cirone et al. 2024, in exact (fmpq) and ball (arb) arithmetic on rational piecewise-linear drivers.

* ``cirone.appendixC1`` (certified): ``V = -P Q`` with ``P >= 0`` (the SVD-type condition with
  ``sigma = -1``, ``v_k`` the columns of ``P``, ``u_k`` the rows of ``Q``) and drivers whose increments
  satisfy ``Q Delta omega >= 0``, so that ``V omega' <= 0`` on every segment (checked exactly); plus a
  Mamba-type instance ``V = -v (x) 1``, ``v >= 0``, increasing gates.  On the knots and segment
  midpoints, every ``W_{s,t} = exp(diag(V (omega_t - omega_s)))``, ``s < t``, is certified in arb to
  have entries in ``(0, 1]``; the float64 diagonal solver (:func:`numerics.paths.cde.solve_linear_cde`,
  method ``"diagonal"``) gives the same Wronskians.  The hypothesis is needed: a driver with one
  reversed segment has a certified entry ``> 1`` (``edge`` in the evidence); the mutation drops the
  hypothesis (the drivers are no longer filtered) and the check is refuted.
* ``cirone.appendixC2_1`` (certified, exact): for rational piecewise-linear ``X``, ``w`` and ``b`` the
  gates ``omega^(+-)_t = int_0^t ReLU(+-(w . X_s + b)) ds`` are integrated exactly (each segment
  split at its rational zero crossing) and ``omega^+ - omega^-`` equals ``int_0^t w . X_s ds + b t`` at
  every knot, exactly; the chained layer (``A_i = 0``, ``xi = omega``, the float64 solver) read out
  by ``v = B^(-T) (1, -1)`` returns it to rounding.  The mutation gives the second gate the sign
  ``+`` (two equal gates): refuted.

``HYPOTHESIS_REQUIRED`` and ``SECOND_GATE_SIGN`` are read at run time (the mutations patch them).
"""
from __future__ import annotations

import sys

import numpy as np
from flint import arb, ctx, fmpq

from numerics.paths.cde import solve_linear_cde
from numerics.ssm.systems import float_lower, float_upper, fmpq_to_string

from ...mutation import patched
from ...registry import check
from ...verdict import Outcome

SEED = 0
PREC = 128

HYPOTHESIS_REQUIRED = True      # Appendix C.1: drivers satisfy V omega' <= 0 (False: the hypothesis dropped)
SECOND_GATE_SIGN = -1           # Appendix C.2.1: the second gate is ReLU(-(w.X + b))


def _module():
    return sys.modules[__name__]


# ---------------------------------------------------------------------------------------------
# Appendix C.1

def _mat_vec(V, w):
    return [sum((V[n][i] * w[i] for i in range(len(w))), fmpq(0)) for n in range(len(V))]


def stability_instance(seed: int, *, N: int = 3, d: int = 2, rank: int = 2, segments: int = 5,
                       filtered: bool | None = None) -> dict:
    """``V = -P Q`` (``P`` entries in {0..3}/4, ``Q`` in {-3..3}/4) and increments in {-2..2}/4, kept only
    when ``Q w >= 0`` (``filtered``; default ``HYPOTHESIS_REQUIRED``)."""
    filtered = HYPOTHESIS_REQUIRED if filtered is None else filtered
    rng = np.random.default_rng(seed)
    P = [[fmpq(int(x), 4) for x in row] for row in rng.integers(0, 4, (N, rank))]
    Q = [[fmpq(int(x), 4) for x in row] for row in rng.integers(-3, 4, (rank, d))]
    V = [[-sum((P[n][k] * Q[k][i] for k in range(rank)), fmpq(0)) for i in range(d)] for n in range(N)]
    steps = []
    while len(steps) < segments:
        w = [fmpq(int(x), 4) for x in rng.integers(-2, 3, d)]
        if not filtered or all(x >= 0 for x in _mat_vec(Q, w)):
            steps.append(w)
    return {"seed": seed, "kind": "V = -P Q", "V": V, "increments": steps}


def mamba_instance(seed: int, *, N: int = 3, d: int = 2, segments: int = 5) -> dict:
    """App. C.1.1: ``V = -v (x) 1`` with ``v >= 0`` and increasing gates (softplus > 0: increments > 0)."""
    rng = np.random.default_rng(seed)
    v = [fmpq(int(x), 4) for x in rng.integers(0, 5, N)]
    steps = [[fmpq(int(x), 8) for x in rng.integers(1, 5, d)] for _ in range(segments)]
    return {"seed": seed, "kind": "Mamba V = -v (x) 1", "V": [[-x] * d for x in v], "increments": steps}


def reversed_segment(instance) -> dict:
    """The edge: the instance with one extra segment ``-w`` for the first increment ``w`` with ``V w != 0``."""
    w = next(w for w in instance["increments"] if any(x != 0 for x in _mat_vec(instance["V"], w)))
    return {**instance, "kind": instance["kind"] + ", one segment reversed", "increments":
            instance["increments"] + [[-x for x in w]]}


def wronskian_entries(instance) -> dict:
    """Exact exponents ``V (omega_b - omega_a)`` over all pairs of knots and segment midpoints, their
    exponentials in arb, and the float64 diagonal solver's Wronskians."""
    V, steps = instance["V"], instance["increments"]
    N, d = len(V), len(V[0])
    points = [[fmpq(0)] * d]
    for w in steps:                                   # knots and midpoints
        points.append([p + x / 2 for p, x in zip(points[-1], w)])
        points.append([p + x / 2 for p, x in zip(points[-1], w)])
    hypothesis = all(x <= 0 for w in steps for x in _mat_vec(V, w))
    largest, worst_pair, stable = None, None, True
    with ctx.workprec(PREC):
        for a in range(len(points)):
            for b in range(a + 1, len(points)):
                exponent = _mat_vec(V, [y - x for x, y in zip(points[a], points[b])])
                for n, e in enumerate(exponent):
                    entry = arb(e).exp()
                    if not (entry > 0 and entry <= 1):
                        stable = False
                    if largest is None or e > largest:
                        largest, worst_pair = e, (a, b, n)
        top = arb(largest).exp()
        W_float = solve_linear_cde(np.array([[float(V[n][i]) for n in range(N)] for i in range(d)]), None, np.ones(N),
                                   np.array([[[float(x) for x in p] for p in points]]), method="diagonal",
                                   return_path=True)[0]
        W_exact = np.array([[float(arb(sum((V[n][i] * p[i] for i in range(d)), fmpq(0))).exp().mid())
                             for n in range(N)] for p in points])
    return {"seed": instance["seed"], "kind": instance["kind"], "segments": len(steps),
            "V": [[fmpq_to_string(x) for x in row] for row in V],
            "hypothesis_V_domega_nonpositive": hypothesis, "largest_exponent": fmpq_to_string(largest),
            "largest_entry": [float_lower(top), float_upper(top)], "at_pair_and_entry": worst_pair,
            "stable": stable, "unstable": bool(top > 1),
            "margin_lower": 0.0 if largest == 0 else float_lower(1 - top),
            "float64_solver_vs_arb": float(np.abs(W_float - W_exact).max())}


@check("cirone.appendixC1", statement="cirone.appendixC1", expected="certified",
       mutations={"hypothesis V omega' <= 0 dropped (drivers not filtered)":
                      lambda: patched(_module(), "HYPOTHESIS_REQUIRED", False)})
def appendixC1(tier: str) -> Outcome:
    """Appendix C.1: diagonal Wronskians have entries in (0, 1] when V omega' <= 0 (arb, exact exponents)."""
    seeds = range(SEED, SEED + (4 if tier == "quick" else 16))
    instances = [stability_instance(seed) for seed in seeds] + [mamba_instance(SEED)]
    records = [wronskian_entries(instance) for instance in instances]
    edge = wronskian_entries(reversed_segment(stability_instance(SEED, filtered=True)))
    evidence = {"instances": records, "seeds": list(seeds), "system": f"exact exponents, arb exponentials at {PREC} bits; "
                "float64 diagonal solver", "hypothesis_required": HYPOTHESIS_REQUIRED,
                "edge": {"hypothesis violated on one segment": edge, "unstable": edge["unstable"]},
                "float64_solver_vs_arb": max(r["float64_solver_vs_arb"] for r in records)}
    summary = (f"{len(records)} rational diagonal instances (V omega' <= 0 on every segment: "
               f"{all(r['hypothesis_V_domega_nonpositive'] for r in records)}): every W_(s,t) over knots and midpoints has "
               f"entries in (0, 1] {'(certified)' if all(r['stable'] for r in records) else '-- not all'}; with one "
               f"segment reversed an entry is {edge['largest_entry'][0]:.4g} > 1 "
               f"({'certified' if edge['unstable'] else 'not certified'}): the hypothesis is needed")
    unstable = next((r for r in records if r["unstable"]), None)
    if unstable is not None:
        return Outcome("refuted", None, "certified: a Wronskian entry exceeds 1", evidence, summary=summary,
                       counterexample={"seed": unstable["seed"], "V": unstable["V"],
                                       "largest_exponent": unstable["largest_exponent"],
                                       "entry": unstable["largest_entry"],
                                       "hypothesis_V_domega_nonpositive": unstable["hypothesis_V_domega_nonpositive"]})
    if not all(r["stable"] for r in records):
        return Outcome("open", None, "a comparison was not settled by the balls", evidence, summary=summary)
    return Outcome("certified", min(r["margin_lower"] for r in records), "smallest 1 - largest entry (arb lower bound; "
                   "0 when a component of V Delta omega vanishes)", evidence, summary=summary, margin_from="certified")


# ---------------------------------------------------------------------------------------------
# Appendix C.2.1

def relu_integral(f0: fmpq, f1: fmpq, h: fmpq) -> fmpq:
    """``int ReLU(f)`` over a segment of length ``h`` on which ``f`` is linear from ``f0`` to ``f1`` (exact)."""
    if f0 >= 0 and f1 >= 0:
        return h * (f0 + f1) / 2
    if f0 <= 0 and f1 <= 0:
        return fmpq(0)
    positive, negative = (f0, f1) if f0 > 0 else (f1, f0)
    return h * positive * positive / (2 * (positive - negative))   # the triangle before/after the zero crossing


def relu_gate_instance(seed: int, *, channels: int = 2, segments: int = 6) -> dict:
    rng = np.random.default_rng(seed)
    X = [[fmpq(int(x), 4) for x in row] for row in rng.integers(-4, 5, (segments + 1, channels))]
    w = [fmpq(int(x), 2) for x in rng.integers(-3, 4, channels)]
    b = fmpq(int(rng.integers(-2, 3)), 4)
    h = fmpq(1, segments)
    f = [sum((wi * xi for wi, xi in zip(w, row)), fmpq(0)) + b for row in X]
    plus, minus, target = [fmpq(0)], [fmpq(0)], [fmpq(0)]
    for f0, f1 in zip(f[:-1], f[1:]):
        plus.append(plus[-1] + relu_integral(f0, f1, h))
        minus.append(minus[-1] + relu_integral(SECOND_GATE_SIGN * f0, SECOND_GATE_SIGN * f1, h))
        target.append(target[-1] + h * (f0 + f1) / 2)            # int_0^t (w . X + b) ds, exact (trapezoid)
    exact = all(p - m == g for p, m, g in zip(plus, minus, target))
    # the chained layer: A_i = 0, xi = omega = (omega^+, omega^-), readout v = B^(-T) (1, -1) (float64)
    B = rng.integers(-3, 4, (2, 2)).astype(float) + 4 * np.eye(2)
    gates = np.array([[[float(p), float(m)] for p, m in zip(plus, minus)]])
    states = solve_linear_cde(np.zeros((2, 2)), B, np.zeros(2), gates, method="diagonal", return_path=True)[0]
    readout = states @ np.linalg.solve(B.T, np.array([1.0, -1.0]))
    mismatch = next((j for j, (p, m, g) in enumerate(zip(plus, minus, target)) if p - m != g), None)
    return {"seed": seed, "w": [fmpq_to_string(x) for x in w], "b": fmpq_to_string(b), "segments": segments,
            "crossings": sum(1 for f0, f1 in zip(f[:-1], f[1:]) if f0 * f1 < 0),
            "difference_equals_integral": exact, "first_mismatch_knot": mismatch,
            "at_mismatch": None if mismatch is None else {
                "omega_plus_minus_omega_minus": fmpq_to_string(plus[mismatch] - minus[mismatch]),
                "int_w_X_plus_b_t": fmpq_to_string(target[mismatch])},
            "chained_layer_readout_vs_exact": float(np.abs(readout - np.array([float(g) for g in target])).max())}


@check("cirone.appendixC2_1", statement="cirone.appendixC2_1", expected="certified",
       mutations={"second gate ReLU(+(w.X + b)) in place of ReLU(-(w.X + b))":
                      lambda: patched(_module(), "SECOND_GATE_SIGN", 1)})
def appendixC2_1(tier: str) -> Outcome:
    """Appendix C.2.1: ReLU gates omega^+ - omega^- recover int w.X + b t exactly; a chained layer reads it out."""
    seeds = range(SEED, SEED + (4 if tier == "quick" else 16))
    records = [relu_gate_instance(seed) for seed in seeds]
    evidence = {"instances": records, "seeds": list(seeds), "system": "exact fmpq (gates); float64 (chained layer)",
                "second_gate_sign": SECOND_GATE_SIGN,
                "chained_layer_readout_vs_exact": max(r["chained_layer_readout_vs_exact"] for r in records)}
    summary = (f"{len(records)} rational piecewise-linear paths ({sum(r['crossings'] for r in records)} zero crossings of "
               f"w.X + b): omega^+ - omega^- {'equals' if all(r['difference_equals_integral'] for r in records) else 'differs from'} "
               f"int_0^t w.X ds + b t at every knot (exact); the chained layer's readout agrees to "
               f"{evidence['chained_layer_readout_vs_exact']:.2g} (float64)")
    failing = next((r for r in records if not r["difference_equals_integral"]), None)
    if failing is not None:
        return Outcome("refuted", None, "exact: the gates' difference is not the integral", evidence, summary=summary,
                       counterexample={"seed": failing["seed"], "w": failing["w"], "b": failing["b"],
                                       "knot": failing["first_mismatch_knot"], **failing["at_mismatch"]})
    return Outcome("certified", 0.0, "exact equality at every knot (0: an identity)", evidence, summary=summary)
