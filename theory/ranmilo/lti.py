"""The LTI fact of Ran-Milo et al. 2024 (Section 2.3): a diagonal SSM is the convolution with its
impulse response.

A diagonal SSM of dimension ``n`` maps a real input ``u`` by (Section 2.2), for each state ``j``,

    x_{j,k} = A_jj x_{j,k-1} + B_j u_k,   x_{j,0} = 0,   y_k = Re(sum_{j=1}^n C_j x_{j,k}),

with ``A, B, C`` complex.  The fact: ``y_k = sum_{s=1}^k h_{k-s+1} u_s`` (the paper's convolution
``(u * h)_k``) with the impulse response ``h_m = Re(sum_j C_j A_jj^(m-1) B_j)``.

Proof (symbolic ``k`` and ``n``):

* ``state``: ``x_{j,k} = sum_{s=1}^k A_jj^(k-s) B_j u_s`` solves the recurrence, by induction on
  ``k``: it is 0 for ``k = 0``, and splitting off the last term of the sum for ``k + 1`` gives
  ``A_jj x_{j,k} + B_j u_{k+1}``;
* ``output``: put the closed form into ``y_k``, exchange the finite sums over ``j`` and ``s``, and
  move ``Re`` inside the sum over ``s`` -- ``Re`` is R-linear and ``u`` is real.  The last point
  is done with ``Re(z) = (z + conj(z))/2``, since sympy moves ``conj`` (not ``Re``) into a sum;
* ``explicit``: the recurrence iterated directly for ``n = 2`` states and ``k = 1..4``.

The exponent ``k - s`` of the closed form is an argument of :func:`state_steps`, so that the tests
can check that a wrong closed form is not proved.
"""
from __future__ import annotations

import sympy
from sympy import IndexedBase, Sum, Symbol, conjugate, re

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step

SOURCE = "Section 2.3 (LTI systems), Ran-Milo et al. 2024"

k = Symbol("k", integer=True, nonnegative=True)
n = Symbol("n", integer=True, positive=True)
j, s = sympy.symbols("j s", integer=True)
A, B, C = IndexedBase("A"), IndexedBase("B"), IndexedBase("C")  # complex
u = IndexedBase("u", real=True)
x = IndexedBase("x")  # the state, x[j, k]


def printed_exponent(time, source):
    """The power of ``A_jj`` that carries the input ``u_source`` to the state at ``time``: ``time - source``."""
    return time - source


def state_closed_form(time, exponent=printed_exponent):
    """``x_{j,time} = sum_{s=1}^{time} A_jj^exponent(time, s) B_j u_s``."""
    return Sum(A[j] ** exponent(time, s) * B[j] * u[s], (s, 1, time))


def impulse_response(time):
    """``h_time = Re(sum_{j=1}^n C_j A_jj^(time-1) B_j)``."""
    return re(Sum(C[j] * A[j] ** (time - 1) * B[j], (j, 1, n)))


def evaluate_sums(expr):
    """Simplifier: carry out the sums (and other unevaluated operations) sympy can, then simplify."""
    return sympy.simplify(expr.doit())


def exchange_sums(expr):
    """Simplifier: exchange every double sum into one canonical order (sympy's ``Sum.reorder``, valid for
    finite sums with independent limits), then simplify."""
    def canonical(double):
        inner, outer = (str(limit[0]) for limit in double.limits)
        return double.reorder((0, 1)) if inner > outer else double
    return sympy.simplify(expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 2, canonical))


def state_steps(exponent=printed_exponent) -> list[ProofStep]:
    """Induction on ``k`` that the closed form solves ``x_{k+1} = A x_k + B u_{k+1}``, ``x_0 = 0``."""
    last_term = Sum(A[j] ** exponent(k + 1, s) * B[j] * u[s], (s, k + 1, k + 1))
    return [
        identity_step("k = 0: the closed form is the empty sum, x_{j,0} = 0",
                      state_closed_form(0, exponent), 0, simplifier=evaluate_sums),
        identity_step("the last term of the sum for k + 1 (s = k + 1) is B_j u_{k+1}",
                      last_term, B[j] * u[k + 1], simplifier=evaluate_sums),
        identity_step("x_{j,k+1} = A_jj x_{j,k} + (the term s = k + 1): splitting the sum for k + 1",
                      state_closed_form(k + 1, exponent), A[j] * state_closed_form(k, exponent) + last_term),
    ]


def expand_complex_parts(expr):
    """Expand ``expr`` into the real and imaginary parts of its symbols."""
    return sympy.expand(sympy.expand_complex(expr))


def output_steps() -> list[ProofStep]:
    """``Re(sum_j C_j x_{j,k}) = sum_{s=1}^k h_{k-s+1} u_s`` for symbolic ``n`` and ``k``.

    With ``Z = sum_j C_j x_{j,k}``, ``W_s = sum_j C_j A_jj^(k-s) B_j`` and ``V_s = u_s W_s``:
    ``Re(Z) = (Z + conj(Z))/2 = sum_s (V_s + conj(V_s))/2 = sum_s Re(u_s W_s) = sum_s u_s h_{k-s+1}``.
    """
    response_term = C[j] * A[j] ** (k - s) * B[j]
    z = Symbol("z")
    f, g = sympy.Function("f"), sympy.Function("g")
    # Z = sum_j sum_s u_s response_term (s inner); exchange_sums puts j inner, as in the V_s.
    written = Sum(u[s] * response_term, (s, 1, k), (j, 1, n))
    weighted = Sum(u[s] * response_term, (j, 1, n))  # V_s
    return [
        identity_step("C_j x_{j,k} = sum_{s=1}^k u_s C_j A_jj^(k-s) B_j (distributivity)",
                      C[j] * state_closed_form(k), Sum(u[s] * response_term, (s, 1, k))),
        identity_step("Re(z) = (z + conj(z))/2", re(z), (z + conjugate(z)) / 2, simplifier=expand_complex_parts),
        identity_step("with the finite sums over j and s exchanged, "
                      "(Z + conj(Z))/2 = (sum_{s=1}^k V_s + sum_{s=1}^k conj(V_s))/2",
                      (written + conjugate(written)) / 2,
                      (Sum(weighted, (s, 1, k)) + Sum(conjugate(weighted), (s, 1, k))) / 2, simplifier=exchange_sums),
        identity_step("(sum_s f_s + sum_s g_s)/2 = sum_s (f_s + g_s)/2 for any terms, so that "
                      "(Z + conj(Z))/2 = sum_s (V_s + conj(V_s))/2 = sum_s Re(V_s)",
                      (Sum(f(s), (s, 1, k)) + Sum(g(s), (s, 1, k))) / 2, Sum((f(s) + g(s)) / 2, (s, 1, k))),
        identity_step("V_s = u_s W_s (distributivity)", weighted, u[s] * Sum(response_term, (j, 1, n))),
        identity_step("Re(u_s W_s) = u_s h_{k-s+1} (u_s real: sympy takes it out of Re)",
                      re(u[s] * Sum(response_term, (j, 1, n)), evaluate=False), u[s] * impulse_response(k - s + 1),
                      simplifier=evaluate_sums),
    ]


def explicit_steps(states=2, last_time=4) -> list[ProofStep]:
    """The recurrence iterated directly (``states`` states, complex symbols) against the convolution,
    for ``k = 1..last_time``."""
    a = sympy.symbols(f"a1:{states + 1}")
    b = sympy.symbols(f"b1:{states + 1}")
    c = sympy.symbols(f"c1:{states + 1}")
    inputs = sympy.symbols(f"u1:{last_time + 1}", real=True)
    response = [re(sum(c[jj] * a[jj] ** (m - 1) * b[jj] for jj in range(states))) for m in range(1, last_time + 1)]
    state = [0] * states
    steps = []
    for time in range(1, last_time + 1):
        state = [a[jj] * state[jj] + b[jj] * inputs[time - 1] for jj in range(states)]
        steps.append(identity_step(
            f"n = {states}, k = {time}: iterating the recurrence gives y_k = sum_s h_(k-s+1) u_s",
            re(sum(c[jj] * state[jj] for jj in range(states))),
            sum(response[time - source] * inputs[source - 1] for source in range(1, time + 1)),
            simplifier=expand_complex_parts))
    return steps


def _prove_state() -> Proof:
    return Proof(statement="ranmilo.lti.state", steps=tuple(state_steps()))


def _prove_output() -> Proof:
    return Proof(statement="ranmilo.lti.output", steps=tuple(output_steps()))


def _prove_explicit() -> Proof:
    return Proof(statement="ranmilo.lti.explicit", steps=tuple(explicit_steps()))


def _prove_lti() -> Proof:
    parts = (_prove_state, _prove_output, _prove_explicit)
    return Proof(statement="ranmilo.lti", steps=tuple(step for part in parts for step in part().steps))


_recurrence = (sympy.Eq(x[j, k + 1], A[j] * x[j, k] + B[j] * u[k + 1]), sympy.Eq(x[j, 0], 0))
_output = sympy.Eq(re(Sum(C[j] * x[j, k], (j, 1, n))), Sum(impulse_response(k - s + 1) * u[s], (s, 1, k)))

state = Statement(
    name="ranmilo.lti.state",
    source=SOURCE,
    summary="For each diagonal state j, x_{j,k} = sum_{s=1}^k A_jj^(k-s) B_j u_s solves "
            "x_{j,k+1} = A_jj x_{j,k} + B_j u_{k+1}, x_{j,0} = 0 (induction on symbolic k).",
    symbols=(k, j, s),
    hypotheses=_recurrence,
    conclusion=sympy.Eq(x[j, k], state_closed_form(k)),
    prove=_prove_state,
)

output = Statement(
    name="ranmilo.lti.output",
    source=SOURCE,
    summary="With that state, y_k = Re(sum_j C_j x_{j,k}) = sum_{s=1}^k h_{k-s+1} u_s (exchange of finite "
            "sums and R-linearity of Re, u real; symbolic n and k).",
    symbols=(n, k, j, s),
    hypotheses=(sympy.Eq(x[j, k], state_closed_form(k)),),
    conclusion=_output,
    prove=_prove_output,
)

explicit = Statement(
    name="ranmilo.lti.explicit",
    source=SOURCE,
    summary="The recurrence iterated directly with complex symbols, n = 2 states, k = 1..4 "
            "(explicit sizes only), equals the convolution with the impulse response.",
    symbols=(n, k),
    hypotheses=(sympy.Eq(n, 2), sympy.Contains(k, sympy.Range(1, 5))),
    conclusion=_output,
    prove=_prove_explicit,
)

lti = register(Statement(
    name="ranmilo.lti",
    source=SOURCE,
    summary="For every diagonal SSM (A, B, C) of dimension n (complex entries) and every real input u, "
            "the recurrence x_{j,k} = A_jj x_{j,k-1} + B_j u_k, x_{j,0} = 0, y_k = Re(sum_j C_j x_{j,k}) "
            "gives y_k = sum_{s=1}^k h_{k-s+1} u_s for every k, with the impulse response "
            "h_m = Re(sum_j C_j A_jj^(m-1) B_j): the SSM is the convolution u * h.",
    symbols=(n, k, j, s),
    hypotheses=_recurrence,
    conclusion=_output,
    steps=(state, output, explicit),
    prove=_prove_lti,
    remarks=("h is the response to the impulse I = (1, 0, 0, ...): with u = I the convolution gives y = h.",),
))
