"""The S4D layer and model of the official S4 repository (github.com/state-spaces/s4), real and complex.

As configured by the sCIFAR experiment of Ran-Milo et al. (2024), Section 4.2 / Appendix F.2
(``s4d-{complex,real}-cifar.yaml``: model ``s4``, layer ``s4d``).

**The SSM of one channel** ``h`` (``h = 1..H``, ``H = d_model``), continuous-time diagonal, with
``N`` states: ``A_n = -exp(A_re,n) + i A_im,n`` (the official ``real_transform="exp"``), ``B_n``,
``C_n`` and a step ``Delta_h = exp(log_dt_h)``, ``log_dt ~ U[log 1e-3, log 1e-1]``.  Zero-order hold
gives ``Abar = exp(Delta A)``, ``Bbar = (exp(Delta A) - 1) / A * B`` and the convolution kernel

    K[l] = 2 Re( sum_n C_n Bbar_n Abar_n^l ),     l = 0 .. L-1,

i.e. ``K[l] = h_(l+1)`` of the discrete SSM ``x_k = Abar x_(k-1) + Bbar u_k``, ``y_k = Re(2 C x_k)``
(the DESIGN's SSM, 1-indexed).  :func:`s4d_kernel` computes it as the official ``log_vandermonde``
fallback does: the Vandermonde matrix ``exp(Delta A_n l)`` (an ``H x N x L`` tensor) contracted with
``C Bbar``.  The layer applies it by FFT convolution of length ``2L`` (no circular wrap):
``y = irfft(rfft(u, 2L) rfft(K, 2L))[:L] + D u``.  **Bidirectional** (the official
``bidirectional=True``): two kernels ``K0, K1`` from two ``C`` (``channels = 2``) and the same
``A, B, Delta``; ``K = pad(K0, (0, L)) + pad(flip(K1), (L, 0))`` of length ``2L``, so that
``y[l] = sum_(j>=0) K0[j] u[l-j] + sum_(j>=1) K1[j-1] u[l+j]`` (causal plus anti-causal).

**Fields and inits** (``init``; ``n_ssm`` copies of ``A, B`` shared by the ``H`` channels, officially 1):

* ``field="complex"``: ``N = d_state / 2`` complex states (the conjugate halves are the ``2 Re``);
  ``init="diag-lin"`` (S4D-Lin): ``A_n = -1/2 + i pi n``, ``B_n = 1``; ``init="legs"``
  (S4D-LegS, the official sCIFAR init): the eigenvalues ``-1/2 + i w_n`` (``w_n > 0``, the ``N``
  largest) of the normal part ``S = A_LegS + P P^T`` (``P_n = sqrt(n + 1/2)``) of the HiPPO-LegS matrix
  of size ``d_state`` and ``B = V^* B_LegS`` (``B_LegS,n = sqrt(2n+1)``, ``V`` the eigenvectors);
  ``S = -I/2 + Sk`` with ``Sk`` skew-symmetric, diagonalised by ``numpy.linalg.eigh(-i Sk)``.
* ``field="real"`` (the official ``is_real: True``): ``N = d_state`` real states -- the official code
  builds the ``d_state / 2`` complex init of doubled size ``2 d_state`` and keeps real parts, so the
  real model has as many states as the complex one has real numbers; ``init="diag-real"``
  (S4D-Real): ``A_n = -(n + 1)``, ``B_n = 1``; ``"diag-lin"`` and ``"legs"``: the real parts of
  those inits (all ``A_n = -1/2``; LegS's ``B`` real parts), the paper's real init grid.

``C`` is complex normal (``torch.randn`` of ``cfloat``: real and imaginary parts ``N(0, 1/2)``; real
field: ``N(0, 1)``), ``D ~ N(0, 1)``.  All parameters are held as real tensors (``A_re, A_im, B_re,
B_im, C_re, C_im``; the real field has no imaginary parts).

**The S4 block** (:class:`S4DBlock`, the official ``S4Block`` with ``postact="glu"``):
``y = SSM(u) + D u``, GELU, tied dropout (one mask per channel and example, over the whole
sequence), ``Linear(H, 2H)`` and GLU.  **The model** (:class:`S4DModel`, the official
``SequenceModel``, post-norm): ``x = Linear(d_input, H)(u)``; per layer ``x = BN(x + dropout(block(x)))``
with ``BatchNorm1d`` over the ``H`` channels; mean pooling over the sequence; ``Linear(H, classes)``.

**Optimiser** (:func:`make_optimizer`, the official ``register(name, lr=layer_lr, weight_decay=0)``):
AdamW, the SSM parameters ``log_dt, A_re, A_im, B_re, B_im`` at ``ssm_lr`` (1e-3) without weight
decay, everything else at ``lr`` (0.01) with weight decay 0.05 (biases and norms included, as the
official optimizer groups do); :func:`make_scheduler`: linear warm-up from 0 over ``warmup`` steps,
then ``0.5 (1 + cos(pi (s - warmup) / (total - warmup)))`` (``cosine_warmup``; a ``LambdaLR`` because
torch's ``SequentialLR`` chain warns on construction, which the test suite treats as an error).

Initialisation draws from a ``torch.Generator`` seeded by ``seed`` (not torch's global stream), so a
model depends on its seed only; the official code's global stream is not reproduced.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..errors import InputError, check_choice, check_int

FIELDS = ("real", "complex")
INITS = {"complex": ("legs", "diag-lin"), "real": ("diag-real", "diag-lin", "legs")}
#: The official step range of the initial Delta.
DT_MIN, DT_MAX = 1e-3, 1e-1
#: Names of the parameters trained at the SSM learning rate without weight decay.
SSM_PARAMETERS = ("log_dt", "A_re", "A_im", "B_re", "B_im")
DTYPES = {"float32": torch.float32, "float64": torch.float64}


@dataclass(frozen=True)
class S4DConfig:
    """An S4D model (defaults: the official sCIFAR configuration of Ran-Milo et al., Appendix F.2)."""

    field: str = "complex"
    init: str = "legs"
    d_input: int = 1
    d_output: int = 10
    d_model: int = 512
    n_layers: int = 6
    d_state: int = 64
    dropout: float = 0.1
    bidirectional: bool = True
    n_ssm: int = 1

    def __post_init__(self):
        check_choice("field", self.field, FIELDS)
        check_choice("init", self.init, INITS[self.field])
        for name in ("d_input", "d_output", "d_model", "n_layers", "d_state", "n_ssm"):
            check_int(name, getattr(self, name), 1)
        if self.field == "complex" and self.d_state % 2:
            raise InputError(f"d_state: the complex field uses d_state / 2 complex states, so d_state must be even, "
                             f"got {self.d_state}")
        if self.d_model % self.n_ssm:
            raise InputError(f"n_ssm: must divide d_model = {self.d_model}, got {self.n_ssm}")
        if isinstance(self.dropout, bool) or not isinstance(self.dropout, (int, float)) or not 0 <= self.dropout < 1:
            raise InputError(f"dropout: must be a number in [0, 1), got {self.dropout!r}")
        if not isinstance(self.bidirectional, bool):
            raise InputError(f"bidirectional: must be a bool, got {self.bidirectional!r}")

    @property
    def states(self) -> int:
        """States per channel: ``d_state`` (real) or ``d_state / 2`` complex (complex)."""
        return self.d_state if self.field == "real" else self.d_state // 2

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# inits


def legs_diagonal(d_state: int) -> tuple[np.ndarray, np.ndarray]:
    """``(A, B)``, ``d_state / 2`` complex each: the diagonalised normal part of HiPPO-LegS (module docstring),
    sorted by decreasing imaginary part (the official ``nplr('legs')`` keeps the upper half-plane)."""
    n = np.arange(d_state)
    root = np.sqrt(2 * n + 1.0)
    skew = 0.5 * np.where(n[:, None] > n[None, :], -1.0, np.where(n[:, None] < n[None, :], 1.0, 0.0)) \
        * np.outer(root, root)
    frequencies, vectors = np.linalg.eigh(-1j * skew)     # -i Sk is Hermitian: Sk = V diag(i w) V^*
    order = np.argsort(-frequencies)[:d_state // 2]
    A = -0.5 + 1j * frequencies[order]
    B = vectors[:, order].conj().T @ root
    return A, B


def init_ssm(config: S4DConfig) -> tuple[np.ndarray, np.ndarray]:
    """The initial ``(A, B)`` of one SSM copy, ``config.states`` entries each (complex arrays; real field:
    imaginary parts zero), as the module docstring says."""
    N = config.states
    if config.init == "diag-real":
        return -(np.arange(N) + 1.0) + 0j, np.ones(N, dtype=complex)
    if config.init == "diag-lin":
        return -0.5 + 1j * math.pi * np.arange(N), np.ones(N, dtype=complex)
    size = config.d_state if config.field == "complex" else 2 * config.d_state
    A, B = legs_diagonal(size)
    if config.field == "real":
        return A.real + 0j, B.real + 0j
    return A, B


# ---------------------------------------------------------------------------------------------
# the kernel


def s4d_kernel(log_dt: torch.Tensor, A: torch.Tensor, B: torch.Tensor, C: torch.Tensor, length: int) -> torch.Tensor:
    """``K[c, h, l] = 2 Re( sum_n C[c, h, n] Bbar[h, n] exp(Delta_h A[h, n] l) )`` for ``l < length`` (ZOH).

    ``log_dt``: ``(H,)`` real; ``A``, ``B``: ``(H, N)``; ``C``: ``(channels, H, N)``; complex or real
    tensors (real ones give the real field's kernel by the same formula).  Returns ``(channels, H, length)``.
    """
    dtA = torch.exp(log_dt)[:, None] * A
    weights = C * (B * torch.expm1(dtA) / A)
    vandermonde = torch.exp(dtA[..., None] * torch.arange(length, device=A.device, dtype=log_dt.dtype))
    kernel = 2 * torch.einsum("chn,hnl->chl", weights, vandermonde)
    return kernel.real if kernel.is_complex() else kernel


def fft_convolution(u: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """``y[..., l] = sum_(j<=l) kernel[..., j] u[..., l - j]`` (``kernel`` of length L, causal) or, for a kernel
    of length ``2L`` (bidirectional, module docstring), the circular convolution of length 2L cut to L; by FFT."""
    length = u.shape[-1]
    size = 2 * length
    spectrum = torch.fft.rfft(u, n=size) * torch.fft.rfft(kernel, n=size)
    return torch.fft.irfft(spectrum, n=size)[..., :length]


class S4DKernel(nn.Module):
    """The parameters of the SSMs of ``H`` channels and their kernel (module docstring)."""

    def __init__(self, config: S4DConfig, generator: torch.Generator):
        super().__init__()
        H, N = config.d_model, config.states
        self.config = config
        self.complex = config.field == "complex"
        self.channels = 2 if config.bidirectional else 1
        A, B = init_ssm(config)
        copies = config.n_ssm
        self.log_dt = nn.Parameter(torch.rand(H, generator=generator, dtype=torch.float64)
                                   * (math.log(DT_MAX) - math.log(DT_MIN)) + math.log(DT_MIN))
        self.A_re = nn.Parameter(torch.tensor(np.log(-A.real), dtype=torch.float64).repeat(copies, 1))
        self.B_re = nn.Parameter(torch.tensor(B.real, dtype=torch.float64).repeat(copies, 1))
        scale = math.sqrt(0.5) if self.complex else 1.0
        self.C_re = nn.Parameter(torch.randn(self.channels, H, N, generator=generator, dtype=torch.float64) * scale)
        if self.complex:
            self.A_im = nn.Parameter(torch.tensor(A.imag, dtype=torch.float64).repeat(copies, 1))
            self.B_im = nn.Parameter(torch.tensor(B.imag, dtype=torch.float64).repeat(copies, 1))
            self.C_im = nn.Parameter(torch.randn(self.channels, H, N, generator=generator, dtype=torch.float64)
                                     * scale)

    def parameters_per_channel(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(log_dt (H,), A (H, N), B (H, N), C (channels, H, N))``, complex for the complex field."""
        repeat = self.config.d_model // self.config.n_ssm
        A = -torch.exp(self.A_re)
        B, C = self.B_re, self.C_re
        if self.complex:
            A, B, C = torch.complex(A, self.A_im), torch.complex(B, self.B_im), torch.complex(C, self.C_im)
        return self.log_dt, A.repeat_interleave(repeat, 0), B.repeat_interleave(repeat, 0), C

    def forward(self, length: int) -> torch.Tensor:
        """The kernel to apply: ``(H, length)`` causal, or ``(H, 2 length)`` bidirectional."""
        kernel = s4d_kernel(*self.parameters_per_channel(), length)
        if self.channels == 1:
            return kernel[0]
        return F.pad(kernel[0], (0, length)) + F.pad(kernel[1].flip(-1), (length, 0))


class S4DBlock(nn.Module):
    """SSM + D skip, GELU, tied dropout, Linear(H, 2H) + GLU, on ``(batch, H, L)``."""

    def __init__(self, config: S4DConfig, generator: torch.Generator):
        super().__init__()
        H = config.d_model
        self.kernel = S4DKernel(config, generator)
        self.D = nn.Parameter(torch.randn(H, generator=generator, dtype=torch.float64))
        self.dropout = config.dropout
        self.output_linear = _linear(H, 2 * H, generator)

    def forward(self, u):
        y = fft_convolution(u, self.kernel(u.shape[-1])) + self.D[:, None] * u
        y = _tied_dropout(F.gelu(y), self.dropout, self.training)
        return F.glu(self.output_linear(y.transpose(1, 2)), dim=-1).transpose(1, 2)


def _tied_dropout(x, p: float, training: bool):
    """Dropout with one mask per (example, channel), tied over the sequence (the official ``DropoutNd``)."""
    if not training or p == 0:
        return x
    mask = torch.rand(x.shape[:-1] + (1,), device=x.device, dtype=x.dtype) >= p
    return x * mask / (1 - p)


def _linear(fan_in: int, fan_out: int, generator) -> nn.Linear:
    """``nn.Linear`` with torch's default ``U[-1/sqrt(fan_in), 1/sqrt(fan_in)]`` init, drawn from ``generator``."""
    layer = nn.Linear(fan_in, fan_out, dtype=torch.float64)
    bound = fan_in ** -0.5
    with torch.no_grad():
        for parameter in (layer.weight, layer.bias):
            parameter.copy_((torch.rand(parameter.shape, generator=generator, dtype=torch.float64) * 2 - 1) * bound)
    return layer


class S4DModel(nn.Module):
    """The sequence classifier: ``(batch, L, d_input)`` -> logits ``(batch, d_output)`` (module docstring)."""

    def __init__(self, config: S4DConfig, seed: int = 0, dtype: str = "float32", device: str = "cpu"):
        super().__init__()
        if not isinstance(config, S4DConfig):
            raise InputError(f"config: expected an S4DConfig, got {type(config).__name__}")
        check_int("seed", seed, 0)
        check_choice("dtype", dtype, tuple(DTYPES))
        self.config = config
        generator = torch.Generator().manual_seed(seed)
        self.encoder = _linear(config.d_input, config.d_model, generator)
        self.blocks = nn.ModuleList([S4DBlock(config, generator) for _ in range(config.n_layers)])
        self.norms = nn.ModuleList([nn.BatchNorm1d(config.d_model, dtype=torch.float64)
                                    for _ in range(config.n_layers)])
        self.decoder = _linear(config.d_model, config.d_output, generator)
        self.to(dtype=DTYPES[dtype], device=device)

    def forward(self, u):
        x = self.encoder(u).transpose(1, 2)                       # (batch, H, L)
        for block, norm in zip(self.blocks, self.norms):
            x = norm(x + _tied_dropout(block(x), self.config.dropout, self.training))
        return self.decoder(x.mean(dim=-1))


def make_optimizer(model: S4DModel, lr: float = 0.01, ssm_lr: float = 1e-3,
                   weight_decay: float = 0.05) -> torch.optim.AdamW:
    """AdamW with the official groups: SSM parameters (:data:`SSM_PARAMETERS`) at ``ssm_lr`` without weight
    decay, the rest at ``lr`` with ``weight_decay``."""
    ssm, rest = [], []
    for name, parameter in model.named_parameters():
        (ssm if name.rsplit(".", 1)[-1] in SSM_PARAMETERS else rest).append(parameter)
    return torch.optim.AdamW([{"params": rest, "lr": lr, "weight_decay": weight_decay},
                              {"params": ssm, "lr": ssm_lr, "weight_decay": 0.0}], lr=lr, foreach=True)


def make_scheduler(optimizer, total_steps: int, warmup_steps: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over ``warmup_steps``, then a cosine decay to 0 at ``total_steps`` (module docstring)."""
    check_int("total_steps", total_steps, 1)
    check_int("warmup_steps", warmup_steps, 0)
    if warmup_steps >= total_steps:
        raise InputError(f"warmup_steps: must be below total_steps = {total_steps}, got {warmup_steps}")

    def factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps)))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
