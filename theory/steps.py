"""Generic proof steps, shared by the theory packages of both papers.

Each helper asks a machine to settle one claim and returns a :class:`~theory.statement.ProofStep`
recording the claim, what was asked and whether it was established:

* :func:`identity_step` -- ``lhs == rhs``: sympy reduces ``lhs - rhs`` to 0;
* :func:`sign_step` -- ``expression >= 0`` (``> 0``, ``< 0``): sympy's assumptions decide the sign
  of the simplified, factored expression;
* :func:`at_least_one_step` -- ``ratio >= 1`` for a positive ratio;
* :func:`z3_step` -- an inequality or implication over the reals (and integers), discharged by
  z3's decision procedure for nonlinear real arithmetic: ``hypotheses and not conclusion`` must be
  unsatisfiable; the step keeps the solver's version and the SMT-LIB query;
* :func:`finite_step` -- a case check over a finite range (the statement is then established on
  that range only);
* :func:`premise_step` -- a classical result taken as given, with its citation.

A step must do work: the two sides of an identity come from different computations, and a
premise is listed with every verdict that rests on it.
"""
from __future__ import annotations

from contextlib import contextmanager

import sympy
import z3

from .statement import ProofStep

#: z3's time limit for one query, in milliseconds.
Z3_TIMEOUT_MS = 20000

_perturbed = False


@contextmanager
def perturbed():
    """Within the block every step made here claims something false in place of its claim:
    an identity ``lhs = rhs + 1``, a sign the opposite sign, a z3 step the negated conclusion.

    The mutation of symbolic checks (:mod:`verify.registry`): a proof that still completes under it
    rests on premises and finite checks alone."""
    global _perturbed
    _perturbed = True
    try:
        yield
    finally:
        _perturbed = False


def identity_step(claim: str, lhs: sympy.Basic, rhs: sympy.Basic, *, simplifier=sympy.simplify) -> ProofStep:
    """Ask sympy whether ``lhs == rhs`` by reducing ``lhs - rhs`` to zero with ``simplifier``.

    The two sides must come from different computations (e.g. a derivative by ``sympy.diff``
    against a closed form): a side compared with itself is no step."""
    difference = sympy.Add(lhs, -rhs, -1) if _perturbed else sympy.Add(lhs, -rhs)
    reduced = simplifier(difference)
    return ProofStep(claim=claim, expression=difference, holds=bool(reduced == 0),
                     method=f"{getattr(simplifier, '__name__', str(simplifier))}(lhs - rhs) == 0")


def sign_step(claim: str, expression, sign: str, substitution: dict | None = None) -> ProofStep:
    """Ask sympy whether ``expression`` has ``sign`` ("nonnegative", "positive" or "negative").

    ``substitution`` writes a constrained variable through free ones first (e.g. ``n -> m + s``);
    the expression is then simplified (powers combined first) and factored, and its sign read from sympy's assumptions.
    """
    value = sympy.sympify(expression)
    if substitution:
        value = value.subs(substitution, simultaneous=True)
    reduced = sympy.factor(sympy.simplify(sympy.powsimp(value)))
    asked = {"nonnegative": "negative", "positive": "nonpositive", "negative": "nonnegative"}[sign] if _perturbed else sign
    holds = bool(getattr(reduced, f"is_{asked}"))
    relation = {"nonnegative": sympy.Ge, "positive": sympy.Gt, "negative": sympy.Lt}[sign]
    where = f" after {substitution}" if substitution else ""
    return ProofStep(claim=claim, expression=relation(sympy.sympify(expression), 0, evaluate=False),
                     holds=holds, method=f"factor(simplify(expression)).is_{sign}{where}")


def at_least_one_step(claim: str, ratio, substitution: dict | None = None) -> ProofStep:
    """``ratio >= 1`` for a positive ``ratio``: sympy finds ``ratio - 1`` nonnegative."""
    return sign_step(claim, ratio - 1, "nonnegative", substitution)


def finite_step(claim: str, holds: bool, scope: str, method: str, expression=None) -> ProofStep:
    """A case check that ``method`` carried out over the finite range ``scope`` (e.g. ``"t <= 64"``)."""
    return ProofStep(claim=claim, expression=expression, holds=bool(holds), method=method, kind="finite",
                     scope=scope)


def premise_step(claim: str, citation: str) -> ProofStep:
    """A classical result taken as given: ``claim``, cited as ``citation``."""
    return ProofStep(claim=claim, expression=None, holds=True, method="named premise", kind="premise",
                     scope=citation)


# ---------------------------------------------------------------------------------------------
# z3: sympy relations over the reals to z3 terms.

class _Untranslatable(ValueError):
    pass


def _z3_term(expr, names: dict):
    """The z3 term of a sympy expression built from symbols, rationals, +, *, integer powers,
    division, relations and logical connectives."""
    expr = sympy.sympify(expr)
    if isinstance(expr, sympy.Symbol):
        if expr not in names:
            names[expr] = (z3.Int if expr.is_integer else z3.Real)(str(expr))
        return names[expr]
    if expr.is_Integer:
        return z3.IntVal(int(expr))
    if expr.is_Rational:
        return z3.RealVal(f"{expr.p}/{expr.q}")
    if expr is sympy.true:
        return z3.BoolVal(True)
    if expr is sympy.false:
        return z3.BoolVal(False)
    args = [_z3_term(a, names) for a in expr.args] if not isinstance(expr, sympy.Pow) else None
    if isinstance(expr, sympy.Add):
        return z3.Sum(*args)
    if isinstance(expr, sympy.Mul):
        return z3.Product(*args)
    if isinstance(expr, sympy.Abs):
        inner = args[0]
        return z3.If(inner >= 0, inner, -inner)
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        if exponent.is_Integer:
            b = _z3_term(base, names)
            power = z3.Product(*([b] * abs(int(exponent)))) if exponent != 0 else z3.RealVal(1)
            return power if exponent >= 0 else 1 / z3.ToReal(power) if z3.is_int(power) else 1 / power
        raise _Untranslatable(f"power with a non-integer exponent: {expr}")
    relations = {sympy.GreaterThan: lambda a, b: a >= b, sympy.StrictGreaterThan: lambda a, b: a > b,
                 sympy.LessThan: lambda a, b: a <= b, sympy.StrictLessThan: lambda a, b: a < b,
                 sympy.Equality: lambda a, b: a == b, sympy.Unequality: lambda a, b: a != b,
                 sympy.And: z3.And, sympy.Or: z3.Or, sympy.Not: z3.Not, sympy.Implies: z3.Implies}
    for kind, make in relations.items():
        if isinstance(expr, kind):
            return make(*args)
    raise _Untranslatable(f"no z3 form for {type(expr).__name__}: {expr}")


def _assumptions(symbol: sympy.Symbol, term):
    """The sign assumptions sympy holds on ``symbol``, as z3 constraints."""
    facts = []
    if symbol.is_positive:
        facts.append(term > 0)
    elif symbol.is_nonnegative:
        facts.append(term >= 0)
    if symbol.is_negative:
        facts.append(term < 0)
    elif symbol.is_nonpositive:
        facts.append(term <= 0)
    return facts


def z3_step(claim: str, conclusion, hypotheses=(), *, timeout_ms: int = Z3_TIMEOUT_MS) -> ProofStep:
    """Ask z3 whether ``hypotheses`` imply ``conclusion`` (sympy relations) for all real values of the
    free symbols (integers for symbols sympy knows to be integers; sign assumptions are added).

    Established when ``hypotheses and not conclusion`` is unsatisfiable; ``sat`` (a counterexample
    exists) or ``unknown`` (time-out, say) leave the step not established.  The step records the
    solver's version and the SMT-LIB query."""
    hypotheses = tuple(sympy.sympify(h) for h in hypotheses)
    relation = sympy.Implies(sympy.And(*hypotheses), conclusion, evaluate=False) if hypotheses else conclusion
    names: dict = {}
    try:
        goal = _z3_term(sympy.Not(conclusion) if _perturbed else conclusion, names)
        given = [_z3_term(h, names) for h in hypotheses]
    except _Untranslatable as error:
        return ProofStep(claim=claim, expression=relation, holds=False, method=f"z3: not translated ({error})",
                         kind="z3")
    solver = z3.Solver()
    solver.set("timeout", int(timeout_ms))
    for symbol, term in names.items():
        solver.add(*_assumptions(symbol, term))
    solver.add(*given)
    solver.add(z3.Not(goal))
    query = solver.sexpr()   # before check(): solving adds auxiliary names numbered per process
    answer = solver.check()
    version = z3.get_version_string()
    if answer == z3.unsat:
        detail = "unsat: the implication holds"
    elif answer == z3.sat:
        detail = f"sat: a counterexample is {solver.model()}"
    else:
        detail = f"unknown ({solver.reason_unknown()})"
    return ProofStep(claim=claim, expression=relation, holds=answer == z3.unsat, kind="z3",
                     method=f"z3 {version} (nonlinear real arithmetic): hypotheses and not conclusion is {detail}",
                     query=query)
