"""Appendix F of Cirone et al. 2024: the zero-order hold is exact for piecewise-linear drivers.

On ``[s, t]`` with ``omega_r = omega_s + w (r - s)``, ``xi_r = xi_s + v (r - s)``,
``AA = sum_i A_i w^i`` and ``Delta = t - s > 0`` the Linear CDE is the linear ODE
``Z' = AA Z + B v``, whose solution is

    Z_t = e^{AA Delta} Z_s + (AA Delta)^{-1} (e^{AA Delta} - I) (B Delta) v        (AA invertible),

or, without inverting ``AA``, ``Z_t = E(Delta) Z_s + Phi(Delta) B v`` with the series
``E(Delta) = sum_k AA^k Delta^k/k!`` and ``Phi(Delta) = sum_k AA^k Delta^(k+1)/(k+1)!``, which is
also the top-right block of ``exp([[AA Delta, B v Delta], [0, 0]])``.

Proof (``series``).  ``E`` and ``Phi`` are power series in the one matrix ``AA``, so every identity
between them is an identity of scalar power series in a variable ``a`` standing for ``AA`` (named
premise: equal entire functions have equal Taylor coefficients, and power series in one matrix
obey the identities of their coefficients).  sympy sums both series (``sympy.summation``: ``E`` to
``e^{a Delta}``, ``Phi`` to the printed ``(a Delta)^{-1} (e^{a Delta} - 1) Delta`` when ``a != 0``
and to ``Delta`` when ``a = 0``), differentiates ``Z(Delta) = E(Delta) Z_s + Phi(Delta) B v`` with
``sympy.diff`` and finds ``Z' - (AA Z + B v) = 0`` and ``Z(0) = Z_s``, in both cases ``a != 0`` and
``a = 0``.  For the augmented matrix sympy multiplies ``[[a, c], [0, 0]] [[a^k, a^(k-1) c], [0, 0]]``
with non-commuting ``a, c`` (induction on ``k``, base case ``k = 1``) and sums the top-right series.

``appendixF`` adds the named premise that closes the argument: a linear ODE with continuous
coefficients has exactly one solution through a given initial value (Picard-Lindelof), so the
step is exact, and so is the composition over the segments of a piecewise-linear driver (each
segment starts from the previous one's end value).

Hypotheses (``hypotheses`` of the records): ``Delta > 0``; the drivers are linear on the segment;
``det AA != 0`` for the printed inverse form only (the series form needs nothing).
"""
from __future__ import annotations

import sympy
from sympy import Function, Ne, Sum, Symbol, diff, exp, factorial, oo

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step, premise_step

SOURCE = "Appendix F, Cirone et al. 2024 (zero-order hold for Linear CDEs)"

k = Symbol("k", integer=True, nonnegative=True)
k1 = Symbol("k", integer=True, positive=True)
delta = Symbol("Delta", positive=True)
det_AA = Symbol("det_AA")

#: The hypotheses the proof uses: a segment of positive length on which the drivers are linear;
#: det AA != 0 only for the printed (inverse) form.
HYPOTHESES = (sympy.Gt(delta, 0),
              sympy.Eq(Function("omega")(Symbol("r")), Symbol("omega_s") + Symbol("w") * (Symbol("r") - Symbol("s"))),
              sympy.Eq(Function("xi")(Symbol("r")), Symbol("xi_s") + Symbol("v") * (Symbol("r") - Symbol("s"))))
PRINTED_FORM_HYPOTHESIS = Ne(det_AA, 0)

MATRIX_SERIES_PREMISE = premise_step(
    "E and Phi are power series in the one matrix AA: an identity of the scalar entire functions in a (equal "
    "Taylor coefficients) holds with a = AA, vectors Z_s, B v acting on the right",
    "identity theorem for power series; matrix power series: Horn & Johnson, Matrix Analysis (2nd ed., 2013), §5.6")
UNIQUENESS_PREMISE = premise_step(
    "a linear ODE Z' = AA Z + B v with constant coefficients has exactly one solution with Z(s) = Z_s, so the "
    "candidate is the solution on the segment, and the end value of one segment starts the next",
    "Picard-Lindelof theorem (e.g. Teschl, Ordinary Differential Equations and Dynamical Systems, AMS 2012, Ch. 2)")


def summed(expression):
    """Simplifier: carry out the sums (``doit``: sympy's summation of the series), then simplify."""
    return sympy.simplify(sympy.expand(expression.doit()))


def e_series(a):
    """``E(Delta) = sum_k a^k Delta^k / k!``, unevaluated."""
    return Sum(a ** k * delta ** k / factorial(k), (k, 0, oo))


def phi_series(a):
    """``Phi(Delta) = sum_k a^k Delta^(k+1) / (k+1)!``, unevaluated."""
    return Sum(a ** k * delta ** (k + 1) / factorial(k + 1), (k, 0, oo))


def printed_phi(a):
    """The paper's form ``(a Delta)^{-1} (e^{a Delta} - 1) Delta`` (``a != 0``)."""
    return (a * delta) ** -1 * (exp(a * delta) - 1) * delta


def series_steps() -> list[ProofStep]:
    a = Symbol("AA", nonzero=True)              # a scalar standing for AA (commutative algebra of AA)
    z, bv = sympy.symbols("Z_s Bv")
    closed_e, closed_phi = exp(a * delta), printed_phi(a)
    candidate = closed_e * z + closed_phi * bv          # Z(s + Delta), AA != 0
    zero_phi = phi_series(sympy.Integer(0)).doit()      # Phi at AA = 0, summed by sympy
    zero_candidate = e_series(sympy.Integer(0)).doit() * z + zero_phi * bv
    nc_a, nc_c = sympy.symbols("AA c", commutative=False)
    block = sympy.Matrix([[nc_a, nc_c], [0, 0]])
    power = lambda n: sympy.Matrix([[nc_a ** n, nc_a ** (n - 1) * nc_c], [0, 0]])   # the claimed block^n
    c = Symbol("c")
    top_right = Sum(a ** (k1 - 1) * c * delta ** k1 / factorial(k1), (k1, 1, oo))
    return [
        MATRIX_SERIES_PREMISE,
        identity_step("E(Delta) = sum_k AA^k Delta^k/k! sums to e^(AA Delta) (sympy.summation)",
                      e_series(a), closed_e, simplifier=summed),
        identity_step("Phi(Delta) = sum_k AA^k Delta^(k+1)/(k+1)! sums to the printed (AA Delta)^(-1) (e^(AA Delta) - I) "
                      "Delta for AA != 0 (sympy.summation against the paper's formula)",
                      phi_series(a), closed_phi, simplifier=summed),
        identity_step("AA != 0: Z(Delta) = e^(AA Delta) Z_s + Phi(Delta) B v has d/dDelta Z = AA Z + B v "
                      "(derivative by sympy.diff)", diff(candidate, delta), a * candidate + bv),
        identity_step("AA != 0: Z(Delta) -> Z_s as Delta -> 0 (sympy.limit; the printed form is 0/0 at Delta = 0, "
                      "the series is continuous there)", sympy.limit(candidate, delta, 0, "+"), z),
        identity_step("AA = 0: the series sum to E = I, Phi = Delta I, and Z = Z_s + Delta B v has "
                      "d/dDelta Z = 0 Z + B v (sympy.summation, sympy.diff)", diff(zero_candidate, delta), bv),
        identity_step("AA = 0: Z(0) = Z_s", zero_candidate.subs(delta, 0), z),
        identity_step("AA Phi = E - I (both series summed by sympy; the printed form's (AA Delta)^(-1) (e^(AA Delta) - I))",
                      a * phi_series(a), e_series(a) - 1, simplifier=summed),
        identity_step("augmented matrix, base case: [[AA, c], [0, 0]]^1 = [[AA^1, AA^0 c], [0, 0]] (sum of the "
                      "entries of the difference)", sum(sympy.expand(entry) for entry in block - power(1)), 0),
        identity_step("augmented matrix, induction on k: [[AA, c], [0, 0]] [[AA^k, AA^(k-1) c], [0, 0]] = "
                      "[[AA^(k+1), AA^k c], [0, 0]] (non-commuting AA, c; sympy multiplies)",
                      sum(sympy.expand(entry) for entry in block * power(k1) - power(k1 + 1)), 0),
        identity_step("so exp([[AA Delta, c Delta], [0, 0]]) has top-right sum_(k>=1) AA^(k-1) c Delta^k/k! = Phi(Delta) c "
                      "(both series summed by sympy)", top_right, phi_series(a) * c, simplifier=summed),
    ]


series = Statement(
    name="cirone.appendixF.series",
    source=SOURCE,
    summary="E(Delta) = sum_k AA^k Delta^k/k! and Phi(Delta) = sum_k AA^k Delta^(k+1)/(k+1)! (summed by sympy) make "
            "Z(Delta) = E Z_s + Phi B v a solution of Z' = AA Z + B v with Z(0) = Z_s (sympy.diff; AA != 0 and AA = 0), "
            "Phi is the printed (AA Delta)^(-1) (e^(AA Delta) - I) Delta, AA Phi = E - I, and Phi c is the top-right block "
            "of the augmented exponential.",
    symbols=(delta,),
    hypotheses=HYPOTHESES[:1],
    prove=lambda: Proof("cirone.appendixF.series", tuple(series_steps())),
    remarks=("The printed inverse form needs det AA != 0; the series form, and this proof (which also treats "
             "AA = 0), need nothing.",),
)

appendixF = register(Statement(
    name="cirone.appendixF",
    source=SOURCE,
    summary="For drivers linear on [s, t]: Z_t = e^(AA Delta) Z_s + (AA Delta)^(-1) (e^(AA Delta) - I) (B Delta) v "
            "exactly (equivalently the augmented exponential), so the zero-order hold is exact for piecewise-linear "
            "drivers.",
    symbols=(delta,),
    hypotheses=HYPOTHESES + (PRINTED_FORM_HYPOTHESIS,),
    steps=(series,),
    prove=lambda: Proof("cirone.appendixF", series.prove().steps + (UNIQUENESS_PREMISE,)),
    remarks=("det AA != 0 is needed for the printed inverse form only; the series form E Z_s + Phi B v holds for "
             "every AA.",),
))
