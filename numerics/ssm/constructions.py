"""The constructions in the proofs of Propositions 1-3 (Ran-Milo et al. 2024, Appendix D.1, D.7).

* :func:`vandermonde_ssm` -- Proposition 1: with distinct poles ``x_1..x_t`` and ``C = 1``, the SSM
  matches ``phi`` up to time ``t`` iff ``V B = phi(I)_{:t}`` with ``V_kj = x_j^(k-1)``; ``V`` is an
  invertible Vandermonde matrix.  The system is solved by the Bjorck-Pereyra algorithm
  (Golub & Van Loan, Algorithm 4.6.2, "primal system"): O(t^2) operations, written once for every
  number type with + - * /.  We write it rather than call ``fmpq_mat.solve`` / ``arb_mat.solve``
  because those are O(t^3) on entries ``x^(t-1)`` with thousands of bits, and because the same
  lines then serve exact rationals, Gaussian rationals and arb/acb balls.
* :func:`chebyshev_nodes` -- the real poles used for Proposition 1: Chebyshev points of the first
  kind ``cos((2j-1) pi / (2t))``, rounded to multiples of ``2^-bits`` (exact dyadic rationals
  in (-1, 1)).  Chebyshev points keep the Vandermonde weights far smaller than equispaced points.
* :func:`circle_nodes` -- complex poles ``r exp(2 pi i (j-1)/t)`` rounded to Gaussian dyadic
  rationals, for the complex case of Proposition 1.
* :func:`embed_in_complex` -- Proposition 2: a real SSM of dimension n_R as a complex SSM of
  dimension n_C >= n_R, copying the real values and padding with ``A = 0, B = 0, C = 1``.
* :func:`roots_of_unity_ssm` -- Proposition 3: ``A_j = alpha w^(j-1)`` (w = exp(2 pi i / t)),
  ``alpha = 2^(-1/(t-1))``, ``C_j = t^(-1/2)``, ``B = DFT(phit) / sqrt(t)`` with
  ``phit_k = phi_k / alpha^(k-1)`` and numpy's DFT sign ``exp(-2 pi i j k / t)``.  In float64,
  or with arb/acb balls that contain the exact construction (``system="arb"``).
* :func:`dct_ssm` -- Appendix A.3 (complex ``A``, real ``B`` and ``C``): Proposition 3 through the
  DCT, ``A_j = alpha exp(i pi (2j-1)/(2t))``, ``C_j = t^(-1/2)``, ``B = sqrt(t) DCT-II(phit)``,
  ``alpha = 2^(-1/(2(t-1)))``; in float64 or arb balls.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from flint import acb, arb, ctx, fmpq

from ..errors import InputError, PrecisionError
from .impulse import MAX_ESCALATION_PREC, check_time
from .ssm import DiagonalSSM
from .systems import DEFAULT_PREC, GaussianRational, check_prec, to_acb, to_arb, to_fmpq


def bjorck_pereyra(nodes: list, rhs: list) -> list:
    """Solve ``sum_j nodes[j]^i z_j = rhs[i]`` (i = 0..t-1) for z; nodes must be distinct.

    Golub & Van Loan, Algorithm 4.6.2.  Works for any field type with + - * / (fmpq,
    GaussianRational, arb, acb, float, complex).
    """
    x = list(nodes)
    z = list(rhs)
    n = len(x) - 1
    if len(z) != len(x):
        raise InputError(f"rhs: length {len(z)} differs from the number of nodes {len(x)}")
    for k in range(n):
        for i in range(n, k, -1):
            z[i] = z[i] - x[k] * z[i - 1]
    for k in range(n - 1, -1, -1):
        for i in range(k + 1, n + 1):
            z[i] = z[i] / (x[i] - x[i - k - 1])
        for i in range(k, n):
            z[i] = z[i] - z[i + 1]
    return z


def chebyshev_nodes(t: int, bits: int = 24) -> list[fmpq]:
    """Chebyshev points of the first kind rounded to multiples of ``2^-bits`` (see module docstring)."""
    t = check_time(t)
    scale = 2**bits
    nodes = [fmpq(round(math.cos((2 * j - 1) * math.pi / (2 * t)) * scale), scale) for j in range(1, t + 1)]
    if len(set(nodes)) != t:
        raise InputError(f"bits: {bits} bits do not separate the {t} Chebyshev points; raise bits")
    return nodes


def circle_nodes(t: int, radius: Fraction | fmpq = fmpq(1, 2), bits: int = 24) -> list[GaussianRational]:
    """``radius * exp(2 pi i (j-1)/t)``, j = 1..t, with parts rounded to multiples of ``2^-bits``."""
    t = check_time(t)
    r = float(to_fmpq(radius))
    if not 0 < r < 1:
        raise InputError(f"radius: must lie in (0, 1), got {radius}")
    scale = 2**bits
    nodes = [GaussianRational(fmpq(round(r * math.cos(2 * math.pi * j / t) * scale), scale),
                              fmpq(round(r * math.sin(2 * math.pi * j / t) * scale), scale)) for j in range(t)]
    if len(set(nodes)) != t:
        raise InputError(f"bits: {bits} bits do not separate the {t} circle points; raise bits")
    return nodes


def vandermonde_ssm(phi, nodes: list, *, field: str = "real", rel_radius: float = 2.0**-60) -> DiagonalSSM:
    """Proposition 1's SSM: poles ``nodes``, ``C = 1``, and ``B`` solving ``V B = phi``.

    ``nodes`` are distinct exact scalars (fmpq, or GaussianRational for ``field="complex"``).
    When ``phi`` is exact (fmpq) the SSM has exact weights and matches ``phi`` exactly.  When
    ``phi`` holds arb balls, the weights are arb/acb balls that contain the exact solution, at a
    precision raised until the weights' radii sum to at most ``rel_radius * max_j |phi_j|``.
    Ball arithmetic in the Bjorck-Pereyra recursion widens the input balls by a factor that grows
    exponentially with ``t``, so for large ``t`` the target itself must be evaluated more
    precisely: pass ``phi`` as a function ``prec -> balls`` and it is re-evaluated at every
    precision tried.
    With ``field="complex"`` the output is ``Re(C x)``; since ``V B = phi`` is real, ``Re`` is harmless.
    """
    evaluate = phi if callable(phi) else None
    if evaluate is not None:
        phi = list(evaluate(DEFAULT_PREC))
    if len(phi) != len(nodes):
        raise InputError(f"nodes: need one node per target entry ({len(phi)}), got {len(nodes)}")
    if len(set(nodes)) != len(nodes):
        raise InputError("nodes: poles must be distinct")
    ones = np.array([fmpq(1)] * len(nodes), dtype=object)
    if not any(isinstance(x, (arb, acb)) for x in phi):
        weights = bjorck_pereyra(nodes, [to_fmpq(x) for x in phi])
        return DiagonalSSM(np.array(nodes, dtype=object), np.array(weights, dtype=object), ones, field=field)
    ball = to_acb if field == "complex" else to_arb
    prec = DEFAULT_PREC
    while prec <= MAX_ESCALATION_PREC:
        with ctx.workprec(prec):
            if evaluate is not None:
                phi = list(evaluate(prec))
            weights = bjorck_pereyra([ball(x) for x in nodes], [ball(x) for x in phi])
            sizes = [abs(w) for w in weights]
            spread = sum((s.rad() for s in sizes), arb(0))
            scale = max(abs(ball(x)).mid() for x in phi)
            if all(s.is_finite() for s in sizes) and spread <= rel_radius * scale:
                return DiagonalSSM(np.array([ball(x) for x in nodes], dtype=object), np.array(weights, dtype=object),
                                   ones, field=field)
        prec *= 2
    raise PrecisionError(f"vandermonde_ssm: weights stayed wider than rel_radius={rel_radius:g} "
                         f"at {MAX_ESCALATION_PREC} bits")


def embed_in_complex(ssm: DiagonalSSM, n_complex: int) -> DiagonalSSM:
    """Proposition 2: the real ``ssm`` as a complex SSM of dimension ``n_complex >= ssm.n``."""
    if ssm.field != "real":
        raise InputError("ssm: Proposition 2 embeds a real SSM; this one is complex")
    n_complex = check_time(n_complex, "n_complex")
    if n_complex < ssm.n:
        raise InputError(f"n_complex: must be >= the real dimension {ssm.n}, got {n_complex}")
    pad = n_complex - ssm.n

    def padded(v, value):
        return np.concatenate([np.asarray(v, dtype=object), np.array([value] * pad, dtype=object)])
    return DiagonalSSM(padded(ssm.A, fmpq(0)), padded(ssm.B, fmpq(0)), padded(ssm.C, fmpq(1)), field="complex")


def prop3_alpha(t: int):
    """The radius ``alpha = 2^(-1/(t-1))`` of Proposition 3 as an arb ball (1/2 when t = 1,
    where any alpha in (0, 1) works since alpha^(t-1) = 1)."""
    return arb(fmpq(1, 2)) if t == 1 else arb(2) ** arb(fmpq(-1, t - 1))


def roots_of_unity_ssm(phi, *, system: str = "float64", prec: int = DEFAULT_PREC) -> DiagonalSSM:
    """Proposition 3's complex SSM of dimension ``t = len(phi)`` matching ``phi`` up to time t.

    ``system="float64"``: numpy's recipe (float64 parameters).  ``system="arb"``: ``phi`` may be
    floats, rationals or arb balls; the returned SSM's acb balls contain the exact construction.
    """
    t = check_time(len(phi), "len(phi)")
    if system == "float64":
        values = np.asarray([float(x.mid()) if isinstance(x, arb) else float(x) for x in phi])
        if not np.all(np.isfinite(values)):
            raise InputError("phi: target entries must be finite")
        alpha = 0.5 if t == 1 else 2.0 ** (-1.0 / (t - 1))
        tilde = values / alpha ** np.arange(t)
        A = alpha * np.exp(2j * np.pi * np.arange(t) / t)
        return DiagonalSSM(A, np.fft.fft(tilde) / np.sqrt(t), np.full(t, 1 / np.sqrt(t)), field="complex")
    if system != "arb":
        raise InputError(f"system: Proposition 3's construction is built in 'float64' or 'arb', not {system!r}")
    prec = check_prec(prec)
    with ctx.workprec(prec):
        alpha = prop3_alpha(t)
        tilde = [to_arb(x) / alpha**k for k, x in enumerate(phi)]
        root_t = arb(t).sqrt()
        B = [b / root_t for b in acb.dft([acb(x) for x in tilde])]
        A = [alpha * acb(arb(fmpq(2 * j, t))).exp_pi_i() for j in range(t)]
        C = [arb(1) / root_t] * t
    return DiagonalSSM(np.array(A, dtype=object), np.array(B, dtype=object), np.array(C, dtype=object),
                       field="complex")


# ---------------------------------------------------------------------------------------------
# Appendix A.3: complex A with real B and C -- Proposition 3 through the DCT.

#: ``alpha^(t-1) = 2^(-DCT_RADIUS_EXPONENT)`` in :func:`dct_ssm` (Appendix D.7's recipe has 1).
DCT_RADIUS_EXPONENT = fmpq(1, 2)


def dct_angle(j: int, t: int) -> fmpq:
    """``theta_j / pi = (2j - 1) / (2t)``, j = 1..t: the DCT-II angles, all in (0, 1)."""
    return fmpq(2 * j - 1, 2 * t)


def dct_alpha(t: int, radius_exponent=DCT_RADIUS_EXPONENT):
    """``alpha = 2^(-radius_exponent/(t-1))`` as an arb ball (1/2 when t = 1, where any alpha in
    (0, 1) works: alpha^(t-1) = 1)."""
    t = check_time(t)
    return arb(fmpq(1, 2)) if t == 1 else arb(2) ** (-arb(to_fmpq(radius_exponent)) / (t - 1))


def dct_ssm(phi, *, system: str = "float64", prec: int = DEFAULT_PREC,
            radius_exponent=DCT_RADIUS_EXPONENT) -> DiagonalSSM:
    """Appendix A.3's SSM: complex poles, REAL ``B`` and ``C``, matching ``phi`` up to ``t = len(phi)``.

    With ``theta_j = pi (2j - 1)/(2t)`` (j = 1..t), ``alpha = 2^(-radius_exponent/(t-1))`` and
    ``phit_q = phi_(q+1) / alpha^q`` (q = 0..t-1)::

        A_jj = alpha exp(i theta_j),   C_j = t^(-1/2),   B_j = sqrt(t) w_j,
        w_j  = (1/t) phit_0 + (2/t) sum_{q=1}^{t-1} phit_q cos(q theta_j)     (a DCT-II of phit).

    For real ``B_j, C_j`` the output is ``Re(C_j B_j A_jj^(k-1)) = w_j alpha^(k-1) cos((k-1) theta_j)``,
    and the DCT inversion (``sum_j cos(p theta_j) cos(q theta_j) = (t/2)(delta_pq + delta_(p+q,0))``
    for ``0 <= p, q <= t-1``) gives ``sum_j w_j cos((k-1) theta_j) = phit_(k-1)``: the SSM matches
    ``phi``.  Parseval gives ``||B||_2^2 = phit_0^2 + 2 sum_{q>=1} phit_q^2 <= 2 ||phit||_2^2``, and
    ``||C||_2 = 1``.  The default ``radius_exponent = 1/2`` (``alpha^(t-1) = 2^(-1/2)``) makes
    ``||phit||_2 <= sqrt(2) ||phi||_2`` and so ``||B||_2 <= 2 ||phi||_2``: Proposition 3's bounds;
    Appendix D.7's ``alpha^(t-1) = 1/2`` (``radius_exponent=1``) only gives ``2 sqrt(2) ||phi||_2``.
    The proofs are the statements ``ranmilo.appendix_a3.*`` of :mod:`theory`.

    ``system="float64"``: numpy (the DCT through an FFT of length 2t).  ``system="arb"``: ``phi``
    may be floats, rationals or arb balls; ``A`` are acb balls, ``B`` and ``C`` arb balls (real),
    each containing the exact construction.
    """
    t = check_time(len(phi), "len(phi)")
    exponent = to_fmpq(radius_exponent)
    if exponent <= 0:
        raise InputError(f"radius_exponent: must be > 0 (alpha < 1), got {radius_exponent}")
    if system == "float64":
        values = np.asarray([float(x.mid()) if isinstance(x, arb) else float(x) for x in phi])
        if not np.all(np.isfinite(values)):
            raise InputError("phi: target entries must be finite")
        alpha = 0.5 if t == 1 else 2.0 ** (-float(exponent) / (t - 1))
        tilde = values / alpha ** np.arange(t)
        weights = np.full(t, 2.0 / t)
        weights[0] = 1.0 / t
        q = np.arange(t)
        # sum_q x_q cos(q pi (2j-1)/(2t)) = Re(DFT_{2t}(x_q exp(i pi q/(2t)))_j), j = 1..t
        w = np.real(np.fft.fft(weights * tilde * np.exp(1j * np.pi * q / (2 * t)), 2 * t)[1:t + 1])
        theta = np.pi * (2 * np.arange(1, t + 1) - 1) / (2 * t)
        return DiagonalSSM(alpha * np.exp(1j * theta), np.sqrt(t) * w, np.full(t, 1 / np.sqrt(t)), field="complex")
    if system != "arb":
        raise InputError(f"system: the DCT construction is built in 'float64' or 'arb', not {system!r}")
    prec = check_prec(prec)
    with ctx.workprec(prec):
        alpha = dct_alpha(t, exponent)
        tilde = [to_arb(x) / alpha**q for q, x in enumerate(phi)]
        scaled = [acb(x * (1 if q == 0 else 2) / t) * acb(arb(fmpq(q, 2 * t))).exp_pi_i()
                  for q, x in enumerate(tilde)]
        spectrum = acb.dft(scaled + [acb(0)] * t)
        root_t = arb(t).sqrt()
        B = [spectrum[j].real * root_t for j in range(1, t + 1)]
        A = [alpha * acb(arb(dct_angle(j, t))).exp_pi_i() for j in range(1, t + 1)]
        C = [arb(1) / root_t] * t
    return DiagonalSSM(np.array(A, dtype=object), np.array(B, dtype=object), np.array(C, dtype=object),
                       field="complex")
