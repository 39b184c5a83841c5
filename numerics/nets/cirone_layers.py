"""The two recurrences of the toy baselines of Cirone et al. (2024), Section 6: bare S6 ("Mamba") and S4.

Both are sequence-to-sequence maps ``x -> y`` of shape ``(batch, L, H) -> (batch, L, H)`` (``H =
d_model`` channels, ``N = d_state`` states per channel), causal, real, following the official
``state_space_models.py`` (github.com/Benjamin-Walker/selective-ssms-and-linear-cdes, commit
5d4ce7e; digest §5.4), which calls ``mamba_ssm``'s ``selective_scan_fn`` for both.  The scan is
the diagonal recurrence of Section 2 of the paper (the S4/S6 recaps; ZOH for ``A``, Euler for ``B``):

    h[0] = 0,   h[l] = exp(Delta[l] A) * h[l-1] + Delta[l] B[l] x[l],   y[l] = g Re(C[l] . h[l]) + D x[l]

per channel (``*`` elementwise over the ``N`` states), ``g = 1`` for a real, ``g = 2`` for a complex
field (the official ``2 Re``).

:class:`S6Layer` -- the bare S6 recurrence (no convolution, no gate, no in/out projection):
``x_proj`` (``H -> R + 2N``, no bias, ``R = dt_rank``, default ``ceil(H / 16)``) gives the low-rank
step input and the selective ``B[l], C[l]`` (shared by all channels); ``Delta = softplus(W_dt
Delta_low + b_dt)`` with ``W_dt ~ U(+-R^(-1/2))`` and ``softplus(b_dt) = exp(U[log 1e-3, log 0.1])``
floored at 1e-4 (Mamba's dt initialisation); ``A = -exp(A_log)``, ``A_log[e, n] = log n`` (S4D-Real,
``n = 1..N``); ``D = 1`` (fixed); ``g = 1``.  This is Mamba's input-dependent (selective) linear
CDE of Section 4.3: its gates are the input itself.  The scan is :func:`numerics.nets.scan.selective_scan`
(``scan="fast"``: numba kernels, CPU; ``"reference"``: the official sequential loop, any device).

:class:`S4Layer` -- the S4 (S4D-Lin) recurrence, time-invariant: ``A = -exp(log_A_real) + i A_imag``
with ``exp(log_A_real) = 1/2`` and ``A_imag[e, n] = pi n`` (``n = 0..N-1``); ``B``, ``C`` complex
``H x N`` matrices, Xavier-normal (real and imaginary parts ``N(0, s^2/2)``, ``s^2 = 2 / (H + N)``);
``D = 1`` (fixed); a trained ``log Delta`` per channel, initialised ``U[log 1e-3, log 0.1]``;
``g = 2``.  The official code passes ``exp(log Delta)`` to the scan with ``delta_softplus=True``, so
the effective step is ``Delta = softplus(exp(log Delta)) >= ln 2`` (digest §5.4, §5.7 item 6);
``delta_quirk=True`` (default) reproduces this, ``delta_quirk=False`` uses the intended
``Delta = exp(log Delta)``.  Being time-invariant, the layer is the causal convolution

    y[l] = sum_{k=0}^{l} K[k] x[l-k] + D x[l],    K[k] = 2 Re( sum_n C[n] exp(Delta A[n])^k Delta B[n] )

per channel, and :meth:`S4Layer.forward` evaluates it so: the kernel ``K`` by powers of
``exp(Delta A)`` (the S4D Vandermonde product) and the convolution by a real FFT of length ``2L``
(no wrap-around; :func:`numerics.nets.s4d.fft_convolution`), all in torch, differentiated by autograd.  :meth:`S4Layer.reference` is the
sequential recurrence above (:func:`numerics.nets.scan.selective_scan_reference` with constant
``B``, ``C``); the tests check that the two agree.

Initialisation draws from a ``torch.Generator`` seeded by ``seed``, so a layer depends on its seed
only.  Parameters are created in float64 and the module is then cast to torch's default dtype
(float32); the forward pass computes in the dtype of its input (``float32`` or ``float64``), casting
the parameters, so a float32 module accepts float64 input and returns float64.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import InputError, check_choice, check_int
from .s4d import fft_convolution
from .scan import METHODS, selective_scan, selective_scan_reference

#: Mamba's (and the official S4's) range of the initial step, and the floor of Mamba's.
DT_MIN, DT_MAX, DT_FLOOR = 1e-3, 1e-1, 1e-4


def _uniform(shape, low: float, high: float, generator) -> torch.Tensor:
    return torch.rand(shape, generator=generator, dtype=torch.float64) * (high - low) + low


def _log_dt(channels: int, generator) -> torch.Tensor:
    """``log Delta`` uniform on ``[log 1e-3, log 0.1]`` per channel."""
    return _uniform(channels, math.log(DT_MIN), math.log(DT_MAX), generator)


def check_input(x, d_model: int) -> None:
    """An InputError naming ``x`` unless it is a float32/float64 tensor of shape ``(batch, L, d_model)``."""
    if not isinstance(x, torch.Tensor):
        raise InputError(f"x: expected a torch tensor, got {type(x).__name__}")
    if x.dim() != 3 or x.shape[2] != d_model or x.dtype not in (torch.float32, torch.float64):
        raise InputError(f"x: expected a float32 or float64 tensor of shape (batch, length, {d_model}), got "
                         f"{x.dtype} of shape {tuple(x.shape)}")


class S6Layer(nn.Module):
    """The bare selective S6 recurrence of the official toy "Mamba" (module docstring)."""

    def __init__(self, d_model: int, d_state: int, *, seed: int, dt_rank: int | None = None, scan: str = "fast"):
        super().__init__()
        self.d_model = check_int("d_model", d_model, 1)
        self.d_state = check_int("d_state", d_state, 1)
        check_int("seed", seed, 0)
        self.dt_rank = math.ceil(d_model / 16) if dt_rank is None else check_int("dt_rank", dt_rank, 1)
        self.scan = check_choice("scan", scan, METHODS)
        generator = torch.Generator().manual_seed(seed)
        bound = d_model ** -0.5
        self.x_proj = nn.Parameter(_uniform((self.dt_rank + 2 * d_state, d_model), -bound, bound, generator))
        bound = self.dt_rank ** -0.5
        self.dt_weight = nn.Parameter(_uniform((d_model, self.dt_rank), -bound, bound, generator))
        dt = torch.exp(_log_dt(d_model, generator)).clamp(min=DT_FLOOR)
        self.dt_bias = nn.Parameter(dt + torch.log(-torch.expm1(-dt)))        # inverse softplus
        self.A_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float64)).repeat(d_model, 1))
        self.register_buffer("D", torch.ones(d_model, dtype=torch.float64))
        self.to(torch.get_default_dtype())

    def parts(self, x):
        """``(Delta, A, B, C, D)`` of the scan for input ``x`` (in the dtype of ``x``)."""
        check_input(x, self.d_model)
        low, B, C = F.linear(x, self.x_proj.to(x.dtype)).split([self.dt_rank, self.d_state, self.d_state], dim=-1)
        delta = F.softplus(F.linear(low, self.dt_weight.to(x.dtype), self.dt_bias.to(x.dtype)))
        return delta, -torch.exp(self.A_log.to(x.dtype)), B, C, self.D.to(x.dtype)

    def forward(self, x):
        return selective_scan(x, *self.parts(x), method=self.scan)


class S4Layer(nn.Module):
    """The S4D-Lin recurrence of the official toy "S4", evaluated as an FFT convolution (module docstring)."""

    def __init__(self, d_model: int, d_state: int, *, seed: int, delta_quirk: bool = True):
        super().__init__()
        self.d_model = check_int("d_model", d_model, 1)
        self.d_state = check_int("d_state", d_state, 1)
        check_int("seed", seed, 0)
        if not isinstance(delta_quirk, bool):
            raise InputError(f"delta_quirk: must be a bool, got {delta_quirk!r}")
        self.delta_quirk = delta_quirk
        generator = torch.Generator().manual_seed(seed)
        self.log_A_real = nn.Parameter(torch.full((d_model, d_state), math.log(0.5), dtype=torch.float64))
        self.A_imag = nn.Parameter(math.pi * torch.arange(d_state, dtype=torch.float64).repeat(d_model, 1))
        scale = math.sqrt(1.0 / (d_model + d_state))          # sqrt(s^2 / 2), s^2 = 2 / (H + N)
        for name in ("B", "C"):
            parts = torch.randn((2, d_model, d_state), generator=generator, dtype=torch.float64) * scale
            setattr(self, name + "_re", nn.Parameter(parts[0]))
            setattr(self, name + "_im", nn.Parameter(parts[1]))
        self.log_dt = nn.Parameter(_log_dt(d_model, generator))
        self.register_buffer("D", torch.ones(d_model, dtype=torch.float64))
        self.to(torch.get_default_dtype())

    def parts(self, dtype):
        """``(Delta, A, B, C, D)``: ``Delta`` per channel ``(H,)``; ``A``, ``B``, ``C`` complex ``(H, N)``."""
        delta = torch.exp(self.log_dt.to(dtype))
        if self.delta_quirk:
            delta = F.softplus(delta)
        A = torch.complex(-torch.exp(self.log_A_real.to(dtype)), self.A_imag.to(dtype))
        B = torch.complex(self.B_re.to(dtype), self.B_im.to(dtype))
        C = torch.complex(self.C_re.to(dtype), self.C_im.to(dtype))
        return delta, A, B, C, self.D.to(dtype)

    def kernel(self, length: int, dtype=torch.float64) -> torch.Tensor:
        """``K[e, k] = 2 Re sum_n C[e, n] exp(Delta[e] A[e, n])^k Delta[e] B[e, n]``, ``k < length``: ``(H, length)``."""
        length = check_int("length", length, 1)
        delta, A, B, C, _ = self.parts(dtype)
        steps = torch.arange(length, dtype=dtype)
        powers = torch.exp((delta[:, None] * A)[:, :, None] * steps)                  # (H, N, L)
        weights = C * B * delta[:, None]                                              # (H, N)
        return 2 * torch.einsum("hn,hnl->hl", weights, powers).real

    def forward(self, x):
        check_input(x, self.d_model)
        length = x.shape[1]
        y = fft_convolution(x.transpose(1, 2), self.kernel(length, x.dtype)).transpose(1, 2)
        return y + x * self.D.to(x.dtype)

    def reference(self, x):
        """The sequential recurrence (:func:`numerics.nets.scan.selective_scan_reference`), same result as forward."""
        check_input(x, self.d_model)
        delta, A, B, C, D = self.parts(x.dtype)
        return selective_scan_reference(x, delta.expand(x.shape), A, B, C, D)
