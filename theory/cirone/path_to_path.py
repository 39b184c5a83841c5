"""Proposition 5.1 / D.2 (Remark D.3) of Cirone et al. 2024 (path-to-path learning with an MLP readout).

Proposition 5.1.  Let ``K`` be compact, ``omega, xi`` continuous with ``omega^{X,1}_t = t`` (D.2:
also ``X^1_0 = 1``).  For every causal continuous ``G(omega, t)`` (depending on ``omega`` through
``omega_{[0,t]}``) and ``eps > 0`` there are ``N``, an MLP ``F`` and ``Z_0, A_i, B`` with
``sup_{X in K, t} |F(Z^X_t) - G(omega^X, t)| < 7 eps``.  Proof (as the digest gives it): RKHS elements
(linear readouts of the signature) approximate ``G(., t_k)`` at time knots ``t_k``; the MLP
interpolates them linearly in ``t``; the errors add up to less than ``7 eps``.  The proof remarks that
a linear readout would not do: ``<t alpha, Sig_{0,t}>`` is not of the form ``<beta, Sig_{0,t}>``.
Remark D.3: the same holds for ``G(X_0, omega, xi, t)``.

``cirone.prop5_1.construction`` (checked by ``verify``, float64): the construction carried out on a
finite compact set -- toy paths (:func:`numerics.paths.toydata.toy_dataset`) on a time grid -- with
``omega = (t, X)`` and the state of Theorem B.13's Linear CDE (``A_k`` = right multiplication by
``e_k`` in the truncated tensor algebra, ``Z_0 = e_()``), which is the truncated signature
``Sig(omega)_{0,t}``.  The MLP has explicit weights: a linear layer reading ``t = Sig^{(0)}_{0,t}`` and
the knot readouts ``y_k = <alpha_k, Z_t>`` (``alpha_k`` by least squares, the RKHS elements), ReLU hat
functions ``h_k(t)`` (a partition of unity, piecewise linear in ``t``) and ReLU products
``h_k y_k`` (polarisation with a piecewise-linear square).  With ``eps`` the largest of the three
measured pieces -- time variation of ``G`` within a cell, knot-readout error, product error --
``|F - G| <= sum_k h_k |y_k - G(., t_k)| + sum_k h_k |G(., t_k) - G(., t)| + 2 eps_mult <= 4 eps``
(at most two hats are active), inside the proof's ``7 eps``; ``verify`` measures ``sup |F - G|``.

``cirone.prop5_1.linear_readout`` (the remark; ``verify`` refutes it in Proposition 5.1's own setting
``omega^1 = t``): ``Sig^{(time)}_{0,t} = t`` and the shuffle identity ``Sig^u Sig^v = Sig^{u ⧢ v}`` give
``t <alpha, Sig_{0,t}> = <e_time ⧢ alpha, Sig_{0,t}>`` for every path and time, a ``<beta, Sig>`` with
``beta`` of level one higher; checked exactly on rational paths at rational times.

``cirone.prop5_1.linear_readout_corrected`` (certified by ``verify``): the remark holds when
``omega`` carries no time channel: for ``omega = X`` a rational path that stands still on
``[1/2, 1]`` has ``Sig_{0,1/2} = Sig_{0,1}`` exactly while ``t <alpha, Sig_{0,t}>`` doubles, so
``t <alpha, Sig>`` is no function of the signature at all, of the form ``<beta, Sig>`` or not; with
``omega^1 = t`` the product is linear in the signature (above).
"""
from __future__ import annotations

import sympy
from sympy import Function, Symbol

from ..registry import register
from ..statement import Statement

SOURCE = "Proposition 5.1, Cirone et al. 2024 (Section 5; Proposition D.2, Remark D.3)"
SOURCE_OURS = "Proposition 5.1, Cirone et al. 2024 (Proposition D.2's remark on linear readouts): corrected form (ours)"

t = Symbol("t", nonnegative=True)
eps = Symbol("epsilon", positive=True)
G, F, omega = Function("G"), Function("F"), Function("omega")
#: Hypotheses: the first control channel is time (Proposition 5.1), compact input set (stated in summary).
TIME_CHANNEL = sympy.Eq(omega(t), t)

construction = Statement(
    name="cirone.prop5_1.construction",
    source=SOURCE,
    summary="The proof's construction on a finite compact set of toy paths and times: signature state (Theorem "
            "B.13's Linear CDE), knot readouts <alpha_k, Z_t>, an explicit piecewise-linear ReLU MLP interpolating "
            "them in t; sup |F(Z_t) - G(omega, t)| < 7 eps with eps the largest of the construction's pieces "
            "(float64, measured).",
    symbols=(t, eps),
    hypotheses=(TIME_CHANNEL,),
    conclusion=sympy.Lt(sympy.Abs(F(t) - G(t)), 7 * eps),
    bound=7 * eps,
    remarks=("Checked on one causal target G and one finite compact set (paths x time grid); the statement "
             "quantifies over every causal continuous G and compact K, which no finite run decides.",
             "The knot readouts alpha_k are least-squares fits (closed form), the MLP's other weights are written "
             "down; nothing is trained by gradient descent."),
)

linear_readout = Statement(
    name="cirone.prop5_1.linear_readout",
    source=SOURCE,
    summary="The proof's remark: a linear readout is insufficient, <t alpha, Sig(omega)_(0,t)> is not of the form "
            "<beta, Sig(omega)_(0,t)> -- read in Proposition 5.1's setting omega^1 = t.",
    hypotheses=(TIME_CHANNEL,),
    remarks=("Refuted by verify: with omega^1 = t, t <alpha, Sig_(0,t)> = <e_1 ⧢ alpha, Sig_(0,t)> (shuffle identity; "
             "exact on rational paths).  Wording from the project's digest of the paper (section 3.7); confirm it "
             "against the paper's text before publishing the erratum.",),
)

linear_readout_corrected = Statement(
    name="cirone.prop5_1.linear_readout_corrected",
    source=SOURCE_OURS,
    summary="Without a time channel (omega = X), t <alpha, Sig(omega)_(0,t)> is no function of Sig(omega)_(0,t) "
            "(a path standing still on [1/2, 1] has equal signatures at t = 1/2 and 1, the product doubles), so no "
            "<beta, Sig> represents it; with omega^1 = t it equals <e_1 ⧢ alpha, Sig_(0,t)>, linear in the signature.",
    corrects="cirone.prop5_1.linear_readout",
    remarks=("Consequence: in Proposition 5.1's setting (omega^1 = t) this example does not show that the MLP is "
             "needed; linear readouts are still linear in X_0 and in d xi, so Remark D.3's G(X_0, omega, xi, t) is "
             "where a nonlinear readout can matter (not checked here).",),
)

prop5_1 = register(Statement(
    name="cirone.prop5_1",
    source=SOURCE,
    summary="A Linear CDE with omega^1 = t and an MLP readout on its state approximates every causal continuous "
            "path-to-path map G(omega, t) on a compact set to 7 eps.  Checked here: the proof's construction on toy "
            "paths; the remark that linear readouts are insufficient is refuted as worded (omega^1 = t makes "
            "t <alpha, Sig> linear) and holds without a time channel.",
    hypotheses=(TIME_CHANNEL,),
    steps=(construction, linear_readout, linear_readout_corrected),
    remarks=("Remark D.3 (G depending on X_0 and xi too) is not checked.",),
))
