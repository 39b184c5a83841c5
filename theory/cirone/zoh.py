"""Appendix F of Cirone et al. 2024: the zero-order hold is exact for piecewise-linear drivers.

On ``[s, t]`` with ``omega_r = omega_s + w (r - s)``, ``xi_r = xi_s + v (r - s)``,
``AA = sum_i A_i w^i`` and ``Delta = t - s`` the Linear CDE is the linear ODE
``Z' = AA Z + B v``, whose solution is

    Z_t = e^{AA Delta} Z_s + (AA Delta)^{-1} (e^{AA Delta} - I) (B Delta) v ,

or, without inverting ``AA``, ``Z_t = E(Delta) Z_s + Phi(Delta) B v`` with the series
``E(Delta) = sum_k AA^k Delta^k/k!`` and ``Phi(Delta) = sum_k AA^k Delta^(k+1)/(k+1)!``, which is
also the top-right block of ``exp([[AA Delta, B v Delta], [0, 0]])``.

Proof (``series``, proved in sympy with symbolic k and non-commuting ``AA``): termwise,
``E' = AA E`` and ``Phi' = AA Phi + I``, so ``Z(r) = E(r-s) Z_s + Phi(r-s) B v`` solves the ODE with
``Z(s) = Z_s``; linear ODEs have unique solutions, so the step is exact and so is the composition
over the segments of a piecewise-linear driver.  ``AA Phi(Delta) = E(Delta) - I`` gives the
printed form when ``AA`` is invertible, and ``[[a, c], [0, 0]]^k = [[a^k, a^(k-1) c], [0, 0]]``
the augmented-matrix form.
"""
from __future__ import annotations

import sympy
from sympy import Symbol, diff, factorial

from ..registry import register
from ..statement import Proof, ProofStep, Statement
from ..steps import identity_step

SOURCE = "Appendix F, Cirone et al. 2024 (zero-order hold for Linear CDEs)"

k = Symbol("k", integer=True, nonnegative=True)
k1 = Symbol("k", integer=True, positive=True)
delta = Symbol("Delta", positive=True)


def series_steps() -> list[ProofStep]:
    a, c, E, Phi, z, Bv = sympy.symbols("AA c E Phi Z_s Bv", commutative=False)
    z_r = E * z + Phi * Bv                       # the candidate solution at r, E = E(r-s), Phi = Phi(r-s)
    derivative = a * E * z + (a * Phi + 1) * Bv  # its derivative by the termwise rules above
    block = sympy.Matrix([[a, c], [0, 0]])
    power_step = block * sympy.Matrix([[a ** k1, a ** (k1 - 1) * c], [0, 0]]) - sympy.Matrix(
        [[a ** (k1 + 1), a ** k1 * c], [0, 0]])
    phi_coefficient = lambda n: delta ** (n + 1) / factorial(n + 1)   # Phi's coefficient of AA^n
    e_coefficient = lambda n: delta ** n / factorial(n)               # E's coefficient of AA^n
    return [
        identity_step("E' = AA E: the coefficient of AA^(k+1), d/dDelta Delta^(k+1)/(k+1)! = Delta^k/k! (symbolic k)",
                      diff(delta ** (k + 1) / factorial(k + 1), delta), delta ** k / factorial(k)),
        identity_step("Phi' = AA Phi + I: the coefficient of AA^k (k >= 1), d/dDelta Delta^(k+1)/(k+1)! = "
                      "Delta^k/k!, the coefficient of AA . AA^(k-1) in AA Phi",
                      diff(delta ** (k1 + 1) / factorial(k1 + 1), delta), delta ** k1 / factorial(k1)),
        identity_step("... and of AA^0: d/dDelta Delta = 1, the identity", diff(delta, delta), 1),
        identity_step("Z(r) = E Z_s + Phi B v has Z' = AA E Z_s + (AA Phi + I) B v = AA Z(r) + B v",
                      sympy.expand(derivative), sympy.expand(a * z_r + Bv), simplifier=sympy.expand),
        identity_step("initial value: E(0) = I and Phi(0) = 0 (the terms Delta^(k+1)/(k+1)! vanish at 0)",
                      (delta ** (k + 1) / factorial(k + 1)).subs(delta, 0), 0),
        identity_step("AA Phi = E - I termwise: the coefficient of AA^(k+1) in AA Phi (Phi's k-th) is E's (k+1)-th",
                      phi_coefficient(k), e_coefficient(k + 1)),
        identity_step("augmented matrix, induction on k: [[a, c], [0, 0]] [[a^k, a^(k-1) c], [0, 0]] = "
                      "[[a^(k+1), a^k c], [0, 0]] (sum of the expanded entries of the difference)",
                      sum(sympy.expand(entry) for entry in power_step), 0),
    ]


series = Statement(
    name="cirone.appendixF.series",
    source=SOURCE,
    summary="Termwise: E' = AA E, Phi' = AA Phi + I, E(0) = I, Phi(0) = 0, AA Phi = E - I, and the augmented-matrix "
            "powers (symbolic k, non-commuting AA).",
    prove=lambda: Proof("cirone.appendixF.series", tuple(series_steps())),
)

appendixF = register(Statement(
    name="cirone.appendixF",
    source=SOURCE,
    summary="For drivers linear on [s, t]: Z_t = e^(AA Delta) Z_s + (AA Delta)^(-1) (e^(AA Delta) - I) (B Delta) v "
            "exactly (equivalently the augmented exponential), so the zero-order hold is exact for piecewise-linear "
            "drivers.",
    steps=(series,),
    prove=lambda: Proof("cirone.appendixF", series.prove().steps),
))
