"""Check of Proposition 3 (Ran-Milo et al. 2024, Section 3.3.3, Appendix D.7), certified.

For each target (delay, oscillation, random with seed 0; un-normalised and l2-normalised) and
each t, the construction of the proof is built in arb balls that contain the exact parameters
(``numerics.ssm.constructions.roots_of_unity_ssm``), and it is certified that

* every pole satisfies |A_j| < 1 (``alpha = 2^(-1/(t-1)) < 1``);
* its impulse response matches the target: each ball ``h_k - phi_k`` contains 0 and has radius
  below 2^-60 max|phi| (the exact equality itself is the proved step ``ranmilo.prop3.match``);
* ``||B||_2 <= 2 ||phi_{:t}||_2``, strictly, from the ball of ``||B||_2^2`` and the exact
  (or ball) value of ``||phi||_2^2``;
* ``||C||_2 <= 1``: C_j is the ball of 1/sqrt(t), whose square contains 1/t exactly, and
  t * (1/t) = 1 in exact rationals.

The margin is the smallest certified relative slack ``1 - ||B||_2 / (2 ||phi||_2)`` over the
instances; the parameter sizes (``||B||_2``, ``n ||C ⊙ B||_inf``) are reported per instance.

The bounds are read at run time from ``B_BOUND_FACTOR`` (2) and ``C_BOUND`` (1), the times from
``TIMES``: the mutations tighten a bound below what the construction attains, on small ``t``
(``tests/test_mutations_ranmilo_learnability.py``).  Just outside the hypotheses: ``t = 1`` (where
``alpha = 2^(-1/(t-1))`` is undefined and any ``alpha`` in ``(0, 1)`` serves) is among the instances;
``n_C < t`` is not examined here (a complex SSM has two real degrees of freedom per state, so fewer
states may well suffice).
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

from flint import arb, ctx, fmpq

from numerics import impulse_response, make_target
from numerics.engine import map_in_task
from numerics.ssm.constructions import roots_of_unity_ssm
from numerics.ssm.systems import float_upper

from ...certify import match_radius, relative_slack_lower
from ...mutation import patched
from ...registry import check
from ...verdict import Outcome

PREC = 192
SEED = 0
#: The bounds confronted: ||B||_2 <= B_BOUND_FACTOR ||phi||_2 and ||C||_2^2 <= C_BOUND.
B_BOUND_FACTOR = 2
C_BOUND = fmpq(1)
#: The times t of the instances, per tier.
TIMES = {"quick": [1, 2, 8, 64, 256, 1024], "full": [1, 2, 8, 64, 256, 1024, 4096]}


def _module():
    return sys.modules[__name__]


def _times(tier: str) -> list[int]:
    return TIMES[tier]


@contextmanager
def _small(attribute, value):
    """A mutation: ``attribute`` set to ``value``, on the small times 1, 2, 8 only."""
    with patched(_module(), attribute, value), patched(_module(), "TIMES", {"quick": [1, 2, 8], "full": [1, 2, 8]}):
        yield


def _phi(name: str, t: int, normalized: bool) -> list:
    """The target's first ``t`` values as arb balls at :data:`PREC` bits."""
    return list(make_target(name, t, normalized=normalized, seed=SEED).values("arb", prec=PREC))


def _numbers(name: str, t: int, normalized: bool, b_bound_factor, c_bound: fmpq) -> dict:
    """The certified numbers of one instance (its row less the target and t), with the bounds
    ``||B||_2 <= b_bound_factor ||phi||_2`` and ``||C||_2^2 <= c_bound``."""
    phi = _phi(name, t, normalized)
    ssm = roots_of_unity_ssm(phi, system="arb", prec=PREC)
    with ctx.workprec(PREC):
        response = impulse_response(ssm, t, system="arb", prec=PREC)
        radius = match_radius(response, phi)
        scale = max(abs(p) for p in phi).upper()
        phi_norm2 = sum((p * p for p in phi), arb(0))
        b_norm2 = sum((abs(b) ** 2 for b in ssm.B), arb(0))
        slack = relative_slack_lower(b_norm2.sqrt(), b_bound_factor * phi_norm2.sqrt())
        c_square_contains = all((c * c).contains(arb(fmpq(1, t))) for c in ssm.C)
        c_norm2_exact = t * fmpq(1, t)
        n_max_cb = t * max(abs(b * c) for b, c in zip(ssm.B, ssm.C))
    return {"stable": ssm.stable,
            "match_radius": radius, "matched": radius <= 2.0**-60 * float_upper(scale),
            "B_norm2_upper": float_upper(b_norm2.sqrt()),
            "bound_phi_norm2": float_upper(b_bound_factor * phi_norm2.sqrt()),
            "B_bound_slack": slack,
            "C_norm2": str(c_norm2_exact), "C_ok": c_square_contains and c_norm2_exact <= c_bound,
            "n_max_abs_CB_upper": float_upper(n_max_cb)}


def _ball_key(phi: list) -> tuple:
    """The exact midpoints and radii of the balls ``phi`` (equal keys: the very same balls)."""
    return tuple((x.mid().man_exp(), x.rad().man_exp()) for x in phi)


def _instances(tier: str) -> list[dict]:
    """The rows of every (target, normalisation, t) of the tier.

    A row's numbers depend on the target's balls, t and the bounds alone (:func:`_numbers`), so
    targets whose balls are identical -- the delay target, whose l2 norm is exactly 1, with and
    without normalisation -- are computed once: the O(t^2) arb impulse response dominates the check
    (t = 4096 on the full tier).  The distinct computations are independent: inside a Dask task
    they are spread over the cluster (:func:`numerics.engine.map_in_task`), elsewhere computed here;
    the rows are the same.  The bounds a mutation patches are read here and passed along."""
    rows, jobs = [], {}
    for normalized in (False, True):
        for name in ("delay", "oscillation", "random"):
            for t in _times(tier):
                target = make_target(name, t, normalized=normalized, seed=SEED)
                key = (t, _ball_key(target.values("arb", prec=PREC)))
                jobs.setdefault(key, (name, t, normalized, B_BOUND_FACTOR, C_BOUND))
                rows.append(({"target": target.describe(), "t": t}, key))
    numbers = dict(zip(jobs, map_in_task(_numbers, list(jobs.values()))))
    return [{**head, **numbers[key]} for head, key in rows]


@check("ranmilo.prop3", statement="ranmilo.prop3", expected="certified",
       mutations={"bound ||B||_2 <= 2 ||phi||_2 tightened to ||B||_2 <= ||phi||_2 (t <= 8)":
                  lambda: _small("B_BOUND_FACTOR", 1),
                  "bound ||C||_2 <= 1 tightened to ||C||_2^2 <= 1 - 10^-6 (t <= 8)":
                  lambda: _small("C_BOUND", fmpq(999999, 1000000))})
def prop3(tier: str) -> Outcome:
    """Proposition 3: the roots-of-unity SSM matches each target with ||B||_2 <= 2||phi||_2, ||C||_2 <= 1."""
    instances = _instances(tier)
    ok = all(i["stable"] and i["matched"] and i["B_bound_slack"] > 0 and i["C_ok"] for i in instances)
    evidence = {"system": f"arb balls at {PREC} bits (python-flint)", "instances": instances}
    margin = min(i["B_bound_slack"] for i in instances)
    note = f"smallest certified relative slack 1 - ||B||_2 / ({B_BOUND_FACTOR} ||phi||_2) over the instances"
    largest = max(instances, key=lambda i: i["n_max_abs_CB_upper"])
    summary = (f"{len(instances)} instances up to t={max(i['t'] for i in instances)}; "
               f"||B||_2/(2||phi||_2) <= {1 - margin:.4f}; n*max|C_j B_j| <= {largest['n_max_abs_CB_upper']:.3g} "
               f"({largest['target']['name']}, t={largest['t']}); match radius <= "
               f"{max(i['match_radius'] for i in instances):.1e}")
    return Outcome("certified" if ok else "open", margin if ok else None, note, evidence, summary=summary,
                   margin_from="certified")
