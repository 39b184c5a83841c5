"""Lemma A.8 of Cirone et al. 2024: the time channels ``t`` and ``t^2`` identify the time window.

If ``omega^1 = gamma^1 = t`` and ``omega^2 = gamma^2 = t^2`` then
``Sig(omega)_{s,t} = Sig(gamma)_{s',t'}`` if and only if ``omega_[s,t] = gamma_[s',t']`` (the two
segments are the same path, parametrised by the same window).  The lemma is used only inside
Theorem 4.1's proof (Proposition B.11: the signature separates the points ``(X, s, t)``).

Proof (``cirone.lemmaA_8``), for windows with ``s < t`` and ``s' < t'``:

1. (sympy) The level-1 terms of the two time channels over ``[s, t]`` are ``int_s^t dr = t - s`` and
   ``int_s^t 2 r dr = t^2 - s^2`` (``sympy.integrate``).
2. (sympy) From ``a = t - s != 0`` and ``b = t^2 - s^2`` the window is recovered:
   ``t = (a + b/a) / 2`` and ``s = (b/a - a) / 2``; so equal signatures force ``s = s'``, ``t = t'``.
3. (named premise) Two paths of bounded variation have the same signature if and only if they
   differ by a tree-like path (Hambly and Lyons 2010); a path with a strictly increasing
   coordinate (here ``t``) has no tree-like piece, so equal signatures on the same window mean equal
   increments ``omega_r - omega_s = gamma_r - gamma_s`` for every ``r`` of the window (the time channel
   fixes the parametrisation).  The converse is immediate: the signature is a function of the segment.

The lemma, as printed, identifies the segments up to their starting point (the signature sees only
increments); the toolkit records this in the remarks, as the paper's use (Proposition B.11, paths
started at a common point) needs no more.
"""
from __future__ import annotations

import sympy
from sympy import Symbol

from ..registry import register
from ..statement import Proof, Statement
from ..steps import identity_step, premise_step

SOURCE = "Lemma A.8, Cirone et al. 2024 (the time channels t, t^2 identify the window)"

s, t, r = Symbol("s", real=True), Symbol("t", real=True), Symbol("r", real=True)
HYPOTHESES = (sympy.Lt(s, t),)

HAMBLY_LYONS = premise_step(
    "bounded-variation paths have equal signatures iff they differ by a tree-like path; a path with a strictly "
    "increasing coordinate has no tree-like piece, and with the time channel fixing the parametrisation equal "
    "signatures on one window mean equal increments at every time of it",
    "Hambly and Lyons, Uniqueness for the signature of a path of bounded variation, Ann. Math. 171 (2010)")


def window_steps() -> list:
    """Steps 1-2 of the module docstring (sympy)."""
    a, b = t - s, t ** 2 - s ** 2
    return [
        identity_step("level-1 term of the channel t over [s, t] is t - s (sympy.integrate)",
                      sympy.integrate(sympy.diff(r, r), (r, s, t)), a),
        identity_step("level-1 term of the channel t^2 over [s, t] is t^2 - s^2 (sympy.integrate of 2 r)",
                      sympy.integrate(sympy.diff(r ** 2, r), (r, s, t)), b),
        identity_step("t = (a + b/a)/2 with a = t - s != 0, b = t^2 - s^2 (the window's end is recovered)",
                      (a + b / a) / 2, t, simplifier=sympy.cancel),
        identity_step("s = (b/a - a)/2 with a = t - s != 0, b = t^2 - s^2 (the window's start is recovered)",
                      (b / a - a) / 2, s, simplifier=sympy.cancel),
    ]


lemmaA_8 = register(Statement(
    name="cirone.lemmaA_8",
    source=SOURCE,
    summary="With time channels t and t^2, Sig(omega)_(s,t) = Sig(gamma)_(s',t') iff the windows agree (s = s', "
            "t = t') and the segments have the same increments.",
    symbols=(s, t),
    hypotheses=HYPOTHESES,
    prove=lambda: Proof("cirone.lemmaA_8", tuple(window_steps()) + (HAMBLY_LYONS,)),
    remarks=("The signature sees increments only: 'omega_[s,t] = gamma_[s',t']' holds up to the starting point, which "
             "is all Proposition B.11 uses (its paths start at a common point).",
             "The channel t alone does not identify the window: [0, 1] and [1, 2] have the same increment 1 "
             "(the check exhibits such collisions when t^2 is replaced by t)."),
))
