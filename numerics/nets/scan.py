"""The selective scan of S6 (Mamba), real and complex: the official sequential reference and a fast CPU path.

**The recurrence** (Section 4.3 and Appendix F.3 of Ran-Milo et al. 2024, as the official
``simple_mamba.MambaBlock.selective_scan_seq`` computes it).  For a batch ``b``, time ``l = 1..L``,
channel ``e = 1..E`` and state ``n = 1..N``, with input ``x``, step ``delta > 0``, diagonal ``A``
(``E x N``, ``Re A < 0``), input matrix ``B``, output matrix ``C`` and feed-through ``D`` (``E``):

    h[b, 0, e, :] = 0
    h[b, l, e, n] = exp(delta[b, l, e] A[e, n]) h[b, l-1, e, n] + delta[b, l, e] B[., n] x[b, l, e]
    y[b, l, e]    = g Re( sum_n h[b, l, e, n] C[., n] ) + D[e] x[b, l, e]

i.e. the zero-order hold ``exp(delta A)`` for ``A`` and the simplified (Euler) ``delta B`` for ``B``.
``B[., n]`` is ``B[b, l, n]`` when ``B`` is *selective* (computed from the input; shared by all
channels) or ``B[e, n]`` when it is a constant (the official non-selective ``B``: a projection with
zeroed, frozen weight, whose output is its bias for every ``b`` and ``l``); likewise ``C``.  The
*real* field (S6-Real) has real ``A, B, C`` and ``g = 1``; the *complex* field (S6-Complex) has
complex ``A, B, C``, complex ``h`` and ``g = 2`` (the official code's ``y = 2 Re(sum h C) + D x``,
with ``C`` multiplied as given, unconjugated).

**Two implementations, one API** (:func:`selective_scan`, ``method=``):

* ``"reference"`` -- :func:`selective_scan_reference`, a faithful transcription of the official
  sequential scan in torch (``exp(delta A)`` and ``delta B x`` for all ``l`` at once, a Python loop
  over ``l``, the output contraction, ``2 Re`` for the complex field); differentiated by torch
  autograd, so it runs on any device and is the oracle of the tests and the baseline of
  ``bench/selectivity_bench.py``.
* ``"fast"`` -- compiled numba kernels (``cache=True``) inside a ``torch.autograd.Function``,
  CPU only, fused over batch and channel.  For each batch entry and time step the forward pass
  evaluates ``a = exp(delta A)`` for all ``E x N`` states in one sweep (``exp``, and for the complex
  field ``cos`` and ``sin``, as the vectorisable polynomials of :mod:`numerics.ssm.elementary`), then updates the states and
  contracts them with ``C``.  It stores the states ``h`` and the decays ``a`` (float64,
  ``b x L x E x N`` each) for the backward pass, which runs the adjoint recurrence backwards in time
  by hand.  With ``w = delta A``, ``s = delta x`` and ``h[l] = a[l] h[l-1] + s[l] B[l]`` (sums over the
  states implied where a result has no state index):

      gh[l]  = g gy[l] conj(C[l]) + conj(a[l+1]) gh[l+1]
      gw[l]  = conj(a[l]) gh[l] conj(h[l-1]);    gA += delta[l] gw[l];   gdelta[l] = Re(gw[l] conj(A)) + x[l] gs[l]
      gs[l]  = Re(gh[l] conj(B[l]));             gB[l] += s[l] gh[l];    gx[l] = D gy[l] + delta[l] gs[l]
      gC[l] += g gy[l] conj(h[l]);               gD += gy[l] x[l]

  (for a complex parameter ``z`` the gradient is ``dL/dRe z + i dL/dIm z``, torch's convention;
  the real field is the case of zero imaginary parts).  Inputs are converted to float64, so a
  float32 model gets the float64 result rounded to float32.  Outputs and gradients equal the
  reference to ~1e-14 relative in float64 and to float32 rounding in float32, for both fields and
  for selective and constant ``B`` and ``C`` (``tests/test_nets_scan.py``).  At the copy
  configuration of the paper (batch 8, length 128, 2 layers) a training step of the whole model
  (forward, backward, Adam) takes 48-67 ms against 490-780 ms with the reference, 9-13 times faster
  (``bench/selectivity_bench.py``, one torch thread, process CPU time; the ratio grows with the
  machine's load, which slows the reference's many small operations more).

**The official "pscan" path is no reference.**  Besides the sequential scan the official code
ships ``simple_mamba/pscan.py::selective_scan(mode="cumsum")``, which forms
``exp(cumsum(delta A))`` and divides by it (``x.cumsum(1) / (exp(...) + 1e-12)``): the products
``prod exp(delta A)`` underflow and the division amplifies the rounding, so on the same weights
its logits differ from the sequential scan's by about 1e-2 (measured on the initial MambaLM at the
copy configuration, float32: 0.008 for S6-Real and 0.04 for S6-Complex, logits of size ~70).  It is
not an exact evaluation of the recurrence, and nothing here reproduces it; the paper's ablation
(Table 3) ran the sequential scan.
"""
from __future__ import annotations

import numba
import numpy as np
import torch

from ..errors import InputError
from ..ssm.elementary import cos_sin_into, exp_into

METHODS = ("fast", "reference")


# ---------------------------------------------------------------------------------------------
# the reference: the official sequential scan


def selective_scan_reference(x, delta, A, B, C, D):
    """The official ``selective_scan_seq`` (module docstring), in torch, on any device.

    ``x``, ``delta``: ``(b, L, E)``; ``A``: ``(E, N)`` real or complex; ``B``, ``C``: ``(b, L, N)``
    (selective) or ``(E, N)`` (constant), complex exactly when ``A`` is; ``D``: ``(E,)``.  Returns
    ``y`` of shape ``(b, L, E)``, real.
    """
    _check(x, delta, A, B, C, D)
    delta_A = torch.exp(delta.unsqueeze(-1) * A)                          # (b, L, E, N)
    delta_B = delta.unsqueeze(-1) * (B.unsqueeze(2) if B.dim() == 3 else B)
    BX = delta_B * x.unsqueeze(-1)                                        # (b, L, E, N)
    h = torch.zeros(x.shape[0], A.shape[0], A.shape[1], dtype=delta_A.dtype, device=x.device)
    hs = []
    for step in range(x.shape[1]):
        h = delta_A[:, step] * h + BX[:, step]
        hs.append(h)
    hs = torch.stack(hs, dim=1)                                           # (b, L, E, N)
    if C.dim() == 2:
        y = (hs * C).sum(dim=3)
    else:
        y = (hs @ C.unsqueeze(-1)).squeeze(3)                             # (b, L, E, N) @ (b, L, N, 1)
    if A.is_complex():
        y = y * 2
    y = y + D * x
    return y.real


# ---------------------------------------------------------------------------------------------
# argument checks


def _check(x, delta, A, B, C, D) -> None:
    for name, value in (("x", x), ("delta", delta), ("A", A), ("B", B), ("C", C), ("D", D)):
        if not isinstance(value, torch.Tensor):
            raise InputError(f"{name}: expected a torch tensor, got {type(value).__name__}")
    if x.dim() != 3 or x.dtype not in (torch.float32, torch.float64):
        raise InputError(f"x: expected a float32 or float64 tensor (batch, length, channels), got {x.dtype} "
                         f"of shape {tuple(x.shape)}")
    if delta.shape != x.shape:
        raise InputError(f"delta: expected shape {tuple(x.shape)} (that of x), got {tuple(delta.shape)}")
    batch, length, channels = x.shape
    if A.dim() != 2 or A.shape[0] != channels:
        raise InputError(f"A: expected shape ({channels}, N), got {tuple(A.shape)}")
    states = A.shape[1]
    for name, value in (("B", B), ("C", C)):
        if tuple(value.shape) not in ((batch, length, states), (channels, states)):
            raise InputError(f"{name}: expected shape {(batch, length, states)} (selective) or "
                             f"{(channels, states)} (constant), got {tuple(value.shape)}")
        if value.is_complex() != A.is_complex():
            raise InputError(f"{name}: must be complex exactly when A is (A is {A.dtype}, {name} is {value.dtype})")
    if tuple(D.shape) != (channels,) or D.is_complex():
        raise InputError(f"D: expected a real tensor of shape ({channels},), got {D.dtype} {tuple(D.shape)}")


# ---------------------------------------------------------------------------------------------
# compiled kernels (float64).  B and C arrive as 4-d arrays: (b, L, 1, N) when selective and
# (1, 1, E, N) when constant; index [b * sb, l * sb, e * (1 - sb), n] with sb = 1 or 0.


@numba.njit(cache=True, error_model="numpy")
def _forward_real(x, dt, A, B, C, D, b_sel, c_sel, store, hs, decay, y):
    nb, L, E = x.shape
    N = A.shape[1]
    w = np.empty(E * N)
    a = np.empty(E * N)
    scratch = np.empty(E * N)
    h = np.empty(E * N)
    for b in range(nb):
        h[:] = 0.0
        bB, bC = b * b_sel, b * c_sel
        for l in range(L):
            lB, lC = l * b_sel, l * c_sel
            for e in range(E):
                d = dt[b, l, e]
                for n in range(N):
                    w[e * N + n] = d * A[e, n]
            exp_into(w, a, scratch)
            for e in range(E):
                s = dt[b, l, e] * x[b, l, e]
                eB, eC = e * (1 - b_sel), e * (1 - c_sel)
                acc = 0.0
                for n in range(N):
                    k = e * N + n
                    hv = a[k] * h[k] + s * B[bB, lB, eB, n]
                    h[k] = hv
                    acc += hv * C[bC, lC, eC, n]
                y[b, l, e] = acc + D[e] * x[b, l, e]
            if store:
                for e in range(E):
                    for n in range(N):
                        hs[b, l, e, n] = h[e * N + n]
                        decay[b, l, e, n] = a[e * N + n]


@numba.njit(cache=True, error_model="numpy")
def _backward_real(x, dt, A, B, C, D, b_sel, c_sel, hs, decay, gy, gx, gdt, gA, gB, gC, gD):
    nb, L, E = x.shape
    N = A.shape[1]
    carry = np.empty(E * N)   # conj(a[l+1]) gh[l+1]
    for b in range(nb):
        carry[:] = 0.0
        bB, bC = b * b_sel, b * c_sel
        for l in range(L - 1, -1, -1):
            lB, lC = l * b_sel, l * c_sel
            for e in range(E):
                g = gy[b, l, e]
                u = x[b, l, e]
                d = dt[b, l, e]
                eB, eC = e * (1 - b_sel), e * (1 - c_sel)
                gD[e] += g * u
                g_delta = 0.0
                g_s = 0.0      # dL/d(delta x)
                for n in range(N):
                    k = e * N + n
                    h_prev = hs[b, l - 1, e, n] if l > 0 else 0.0
                    Bv = B[bB, lB, eB, n]
                    gC[bC, lC, eC, n] += g * hs[b, l, e, n]
                    gh = carry[k] + g * C[bC, lC, eC, n]
                    a = decay[b, l, e, n]
                    gw = gh * h_prev * a              # dL/d(delta A)
                    gA[e, n] += gw * d
                    g_delta += gw * A[e, n]
                    g_s += gh * Bv
                    gB[bB, lB, eB, n] += gh * d * u
                    carry[k] = gh * a
                gdt[b, l, e] = g_delta + g_s * u
                gx[b, l, e] = g * D[e] + g_s * d


@numba.njit(cache=True, error_model="numpy")
def _decay_complex(dt, Ar, Ai, b, l, w, mod, ar, ai, scratch):
    """``a = exp(delta A)`` at (b, l) for all (e, n): ``ar + i ai``."""
    E, N = Ar.shape
    for e in range(E):
        d = dt[b, l, e]
        for n in range(N):
            w[e * N + n] = d * Ar[e, n]
    exp_into(w, mod, scratch)
    for e in range(E):
        d = dt[b, l, e]
        for n in range(N):
            w[e * N + n] = d * Ai[e, n]
    cos_sin_into(w, ar, ai)
    for k in range(w.size):
        ar[k] *= mod[k]
        ai[k] *= mod[k]


@numba.njit(cache=True, error_model="numpy")
def _forward_complex(x, dt, Ar, Ai, Br, Bi, Cr, Ci, D, b_sel, c_sel, store, hsr, hsi, decay_r, decay_i, y):
    nb, L, E = x.shape
    N = Ar.shape[1]
    w = np.empty(E * N)
    mod = np.empty(E * N)
    ar = np.empty(E * N)
    ai = np.empty(E * N)
    scratch = np.empty(E * N)
    hr = np.empty(E * N)
    hi = np.empty(E * N)
    for b in range(nb):
        hr[:] = 0.0
        hi[:] = 0.0
        bB, bC = b * b_sel, b * c_sel
        for l in range(L):
            lB, lC = l * b_sel, l * c_sel
            _decay_complex(dt, Ar, Ai, b, l, w, mod, ar, ai, scratch)
            for e in range(E):
                s = dt[b, l, e] * x[b, l, e]
                eB, eC = e * (1 - b_sel), e * (1 - c_sel)
                acc = 0.0
                for n in range(N):
                    k = e * N + n
                    r = ar[k] * hr[k] - ai[k] * hi[k] + s * Br[bB, lB, eB, n]
                    i = ar[k] * hi[k] + ai[k] * hr[k] + s * Bi[bB, lB, eB, n]
                    hr[k] = r
                    hi[k] = i
                    acc += r * Cr[bC, lC, eC, n] - i * Ci[bC, lC, eC, n]
                y[b, l, e] = 2.0 * acc + D[e] * x[b, l, e]
            if store:
                for e in range(E):
                    for n in range(N):
                        hsr[b, l, e, n] = hr[e * N + n]
                        hsi[b, l, e, n] = hi[e * N + n]
                        decay_r[b, l, e, n] = ar[e * N + n]
                        decay_i[b, l, e, n] = ai[e * N + n]


@numba.njit(cache=True, error_model="numpy")
def _backward_complex(x, dt, Ar, Ai, Br, Bi, Cr, Ci, D, b_sel, c_sel, hsr, hsi, decay_r, decay_i, gy,
                      gx, gdt, gAr, gAi, gBr, gBi, gCr, gCi, gD):
    nb, L, E = x.shape
    N = Ar.shape[1]
    carry_r = np.empty(E * N)
    carry_i = np.empty(E * N)
    for b in range(nb):
        carry_r[:] = 0.0
        carry_i[:] = 0.0
        bB, bC = b * b_sel, b * c_sel
        for l in range(L - 1, -1, -1):
            lB, lC = l * b_sel, l * c_sel
            for e in range(E):
                g = gy[b, l, e]
                u = x[b, l, e]
                d = dt[b, l, e]
                eB, eC = e * (1 - b_sel), e * (1 - c_sel)
                gD[e] += g * u
                g_delta = 0.0
                g_s = 0.0
                for n in range(N):
                    k = e * N + n
                    pr = hsr[b, l - 1, e, n] if l > 0 else 0.0
                    pi = hsi[b, l - 1, e, n] if l > 0 else 0.0
                    vr = Br[bB, lB, eB, n]
                    vi = Bi[bB, lB, eB, n]
                    # y = 2 Re(h C) + D x: dy/dRe C = 2 Re h, dy/dIm C = -2 Im h; dy/dh (as a gradient) = 2 conj(C)
                    gCr[bC, lC, eC, n] += 2.0 * g * hsr[b, l, e, n]
                    gCi[bC, lC, eC, n] -= 2.0 * g * hsi[b, l, e, n]
                    ghr = carry_r[k] + 2.0 * g * Cr[bC, lC, eC, n]
                    ghi = carry_i[k] - 2.0 * g * Ci[bC, lC, eC, n]
                    # h = a h_prev + s B:  ga = gh conj(h_prev), gw = conj(a) ga  (a = exp(w), w = delta A)
                    ar, ai = decay_r[b, l, e, n], decay_i[b, l, e, n]
                    gar = ghr * pr + ghi * pi
                    gai = ghi * pr - ghr * pi
                    gwr = ar * gar + ai * gai
                    gwi = ar * gai - ai * gar
                    gAr[e, n] += d * gwr
                    gAi[e, n] += d * gwi
                    g_delta += gwr * Ar[e, n] + gwi * Ai[e, n]
                    g_s += ghr * vr + ghi * vi
                    gBr[bB, lB, eB, n] += d * u * ghr
                    gBi[bB, lB, eB, n] += d * u * ghi
                    # gradient flowing to h_prev: conj(a) gh
                    carry_r[k] = ar * ghr + ai * ghi
                    carry_i[k] = ar * ghi - ai * ghr
                gdt[b, l, e] = g_delta + g_s * u
                gx[b, l, e] = g * D[e] + g_s * d


# ---------------------------------------------------------------------------------------------
# autograd functions


def _as64(tensor) -> np.ndarray:
    return np.ascontiguousarray(tensor.detach().numpy(), dtype=np.float64)


def _as4d(matrix: np.ndarray) -> tuple[np.ndarray, int]:
    """(b, L, N) -> (b, L, 1, N), selective; (E, N) -> (1, 1, E, N), constant."""
    if matrix.ndim == 3:
        return matrix[:, :, None, :], 1
    return matrix[None, None, :, :], 0


def _back(grad4: np.ndarray, like) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(grad4.reshape(like.shape))).to(like.dtype)


class _RealScan(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, delta, A, B, C, D):
        arrays = [_as64(t) for t in (x, delta, A, B, C, D)]
        x64, dt64, A64, B64, C64, D64 = arrays
        B4, b_sel = _as4d(B64)
        C4, c_sel = _as4d(C64)
        nb, L, E = x64.shape
        hs, decay = np.empty((nb, L, E, A64.shape[1])), np.empty((nb, L, E, A64.shape[1]))
        y = np.empty((nb, L, E))
        _forward_real(x64, dt64, A64, B4, C4, D64, b_sel, c_sel, True, hs, decay, y)
        ctx.arrays = (x64, dt64, A64, B4, C4, D64, b_sel, c_sel, hs, decay)
        ctx.shapes = (x, delta, A, B, C, D)
        return torch.from_numpy(y).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_y):
        x64, dt64, A64, B4, C4, D64, b_sel, c_sel, hs, decay = ctx.arrays
        gx, gdt = np.empty_like(x64), np.empty_like(x64)
        gA, gB, gC, gD = np.zeros_like(A64), np.zeros_like(B4), np.zeros_like(C4), np.zeros_like(D64)
        _backward_real(x64, dt64, A64, B4, C4, D64, b_sel, c_sel, hs, decay, _as64(grad_y), gx, gdt, gA, gB, gC,
                       gD)
        return tuple(_back(grad, like) for grad, like in zip((gx, gdt, gA, gB, gC, gD), ctx.shapes))


class _ComplexScan(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, delta, Ar, Ai, Br, Bi, Cr, Ci, D):
        x64, dt64, Ar64, Ai64, Br64, Bi64, Cr64, Ci64, D64 = [_as64(t) for t in (x, delta, Ar, Ai, Br, Bi, Cr, Ci, D)]
        (Br4, b_sel), (Bi4, _) = _as4d(Br64), _as4d(Bi64)
        (Cr4, c_sel), (Ci4, _) = _as4d(Cr64), _as4d(Ci64)
        nb, L, E = x64.shape
        hsr, hsi, decay_r, decay_i = (np.empty((nb, L, E, Ar64.shape[1])) for _ in range(4))
        y = np.empty((nb, L, E))
        _forward_complex(x64, dt64, Ar64, Ai64, Br4, Bi4, Cr4, Ci4, D64, b_sel, c_sel, True, hsr, hsi, decay_r,
                         decay_i, y)
        ctx.arrays = (x64, dt64, Ar64, Ai64, Br4, Bi4, Cr4, Ci4, D64, b_sel, c_sel, hsr, hsi, decay_r, decay_i)
        ctx.shapes = (x, delta, Ar, Ai, Br, Bi, Cr, Ci, D)
        return torch.from_numpy(y).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_y):
        x64, dt64, Ar64, Ai64, Br4, Bi4, Cr4, Ci4, D64, b_sel, c_sel, hsr, hsi, decay_r, decay_i = ctx.arrays
        grads = [np.empty_like(x64), np.empty_like(x64)] + [np.zeros_like(v) for v in (Ar64, Ai64, Br4, Bi4, Cr4, Ci4, D64)]
        _backward_complex(x64, dt64, Ar64, Ai64, Br4, Bi4, Cr4, Ci4, D64, b_sel, c_sel, hsr, hsi, decay_r, decay_i,
                          _as64(grad_y), *grads)
        return tuple(_back(grad, like) for grad, like in zip(grads, ctx.shapes))


def _fast_no_grad(x, delta, A, B, C, D) -> torch.Tensor:
    """The fast forward pass without storing the states (evaluation)."""
    x64, dt64, D64 = _as64(x), _as64(delta), _as64(D)
    nb, L, E = x64.shape
    y = np.empty((nb, L, E))
    dummy = np.empty((1, 1, 1, 1))
    if A.is_complex():
        (Br4, b_sel), (Bi4, _) = _as4d(_as64(B.real)), _as4d(_as64(B.imag))
        (Cr4, c_sel), (Ci4, _) = _as4d(_as64(C.real)), _as4d(_as64(C.imag))
        _forward_complex(x64, dt64, _as64(A.real), _as64(A.imag), Br4, Bi4, Cr4, Ci4, D64, b_sel, c_sel, False,
                         dummy, dummy, dummy, dummy, y)
    else:
        (B4, b_sel), (C4, c_sel) = _as4d(_as64(B)), _as4d(_as64(C))
        _forward_real(x64, dt64, _as64(A), B4, C4, D64, b_sel, c_sel, False, dummy, dummy, y)
    return torch.from_numpy(y).to(x.dtype)


def selective_scan(x, delta, A, B, C, D, method: str = "fast") -> torch.Tensor:
    """``y`` of the selective scan (module docstring): ``method="fast"`` (numba, CPU) or ``"reference"``.

    Shapes as in :func:`selective_scan_reference`; gradients flow to every tensor argument that
    requires them (torch's convention for complex ones).
    """
    if method not in METHODS:
        raise InputError(f"method: unknown value {method!r}; choose one of {', '.join(METHODS)}")
    _check(x, delta, A, B, C, D)
    if method == "reference":
        return selective_scan_reference(x, delta, A, B, C, D)
    if any(t.device.type != "cpu" for t in (x, delta, A, B, C, D)):
        raise InputError(f"method: the fast scan runs on CPU tensors, got {x.device}; use method='reference'")
    if not (torch.is_grad_enabled() and any(t.requires_grad for t in (x, delta, A, B, C, D))):
        return _fast_no_grad(x, delta, A, B, C, D)
    if A.is_complex():
        return _ComplexScan.apply(x, delta, A.real, A.imag, B.real, B.imag, C.real, C.imag, D)
    return _RealScan.apply(x, delta, A, B, C, D)
