"""MambaLM with S6-Real or S6-Complex layers and the selectivity switches of Ran-Milo et al. (2024).

The official ``simple_mamba`` (``mamba.py``, ``mamba_lm.py`` of github.com/edenlum/SSMComplexParamBenefits,
after github.com/alxndrTL/mamba.py), reimplemented with the same semantics (Section 4.3 and
Appendix F.3 of the paper):

**MambaLM** (:class:`MambaLM`): token embedding ``W`` (``vocab x d_model``, ``N(0, 1)``), frozen and
tied to the head as in the official code (``train_embedding=True`` trains it), ``n_layers``
residual blocks ``x <- x + MambaBlock(RMSNorm(x))``, a final RMSNorm, logits ``x W^T``.
``RMSNorm(x) = x / sqrt(mean(x^2) + 1e-5) * w`` with ``w`` initialised to ones.

**Mamba block** (:class:`MambaBlock`): ``in_proj`` (``d_model -> 2 E``, ``E = expand d_model``, no
bias) splits into ``x`` and ``z``; ``x`` passes a causal depthwise convolution (kernel
``d_conv = 4``, with bias) and SiLU, then the selective SSM; the result times ``SiLU(z)`` goes through
``out_proj`` (``E -> d_model``, no bias).

**S6** (:class:`S6`), on ``x`` of shape ``(b, L, E)``, with ``N`` states per channel:

* step ``delta``: selective -- ``softplus(W_dt x_proj_dt(x) + b_dt)`` with ``x_proj_dt: E -> R``
  (``R = ceil(d_model / 16)``, no bias), ``W_dt ~ U[-R^(-1/2), R^(-1/2)]`` and ``b_dt`` the inverse
  softplus of ``dt = exp(U[log 1e-3, log 1e-1])`` (floored at 1e-4); non-selective -- ``exp(inv_dt)``
  per channel, ``inv_dt ~ U[log 1e-3, log 1e-1]``, no softplus;
* ``B``, ``C``: selective -- linear maps ``E -> N`` of ``x`` (no bias, shared by the channels);
  non-selective -- the official projection ``E -> E N`` with its weight zeroed and frozen and its
  bias trained, i.e. a constant ``E x N`` matrix; it is held here as that bias alone (the frozen
  zero weight contributes exactly 0 and is left out);
* S6-Real (``field="real"``, ``N = d_state``): ``A = -exp(A_log)``, ``A_log[e, n] = log n``
  (``n = 1..N``), ``D = 1``;
* S6-Complex (``field="complex"``, ``N = d_state / 2`` complex states, the official halving for
  an equal parameter count): ``A = -exp(log_A_real) + i A_imag`` with ``log_A_real[e, n] = log n``,
  ``A_imag[e, n] = pi (n - 1)``; ``B = B_re + i B_im`` and ``C = C_re - i C_im`` from separate real
  projections (or biases); ``D ~ N(0, 1)``;
* the scan of :mod:`numerics.nets.scan` (``exp(delta A)``, ``delta B``, ``y = g Re(sum h C) + D x``).

Linear and convolution weights and biases follow torch's default initialisation
``U[-1/sqrt(fan_in), 1/sqrt(fan_in)]``, but are drawn from a ``torch.Generator`` seeded by the
``seed`` argument, so a model depends on its seed only (not on torch's global random state); the
official code draws from the global stream after ``torch.manual_seed``, which is not reproduced.
``scan="fast"`` (CPU, numba) or ``"reference"`` (the official sequential loop, any device) picks
the implementation of the scan; both give the same model.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import InputError, check_int
from .scan import METHODS, selective_scan

FIELDS = ("real", "complex")
DTYPES = {"float32": torch.float32, "float64": torch.float64}


@dataclass(frozen=True)
class MambaConfig:
    """The MambaLM of the paper's selectivity experiments (defaults: the official configuration).

    ``d_state`` is the real state size ``N``; S6-Complex uses ``N / 2`` complex states, so it must be
    even for ``field="complex"``.
    """

    field: str = "real"
    d_model: int = 64
    n_layers: int = 2
    d_state: int = 16
    expand: int = 2
    d_conv: int = 4
    vocab_size: int = 16
    selective_B: bool = True
    selective_C: bool = True
    selective_delta: bool = True
    train_embedding: bool = False

    def __post_init__(self):
        if self.field not in FIELDS:
            raise InputError(f"field: unknown value {self.field!r}; choose one of {', '.join(FIELDS)}")
        for name in ("d_model", "n_layers", "d_state", "expand", "d_conv", "vocab_size"):
            check_int(name, getattr(self, name), 1)
        if self.field == "complex" and self.d_state % 2:
            raise InputError(f"d_state: S6-Complex uses d_state / 2 complex states, so d_state must be even, "
                             f"got {self.d_state}")
        for name in ("selective_B", "selective_C", "selective_delta", "train_embedding"):
            if not isinstance(getattr(self, name), bool):
                raise InputError(f"{name}: must be a bool, got {getattr(self, name)!r}")

    @property
    def d_inner(self) -> int:
        return self.expand * self.d_model

    @property
    def dt_rank(self) -> int:
        return math.ceil(self.d_model / 16)

    @property
    def states(self) -> int:
        """States per channel: ``d_state`` (real) or ``d_state / 2`` (complex)."""
        return self.d_state if self.field == "real" else self.d_state // 2

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# initialisation from a generator


def _uniform(shape, bound: float, generator) -> torch.Tensor:
    return (torch.rand(shape, generator=generator, dtype=torch.float64) * 2 - 1) * bound


def _parameter(values: torch.Tensor, requires_grad: bool = True) -> nn.Parameter:
    return nn.Parameter(values, requires_grad=requires_grad)


class _Linear(nn.Module):
    """``nn.Linear`` without bias, initialised from a generator (torch's default bound 1/sqrt(fan_in))."""

    def __init__(self, fan_in: int, fan_out: int, generator):
        super().__init__()
        self.weight = _parameter(_uniform((fan_out, fan_in), fan_in ** -0.5, generator))

    def forward(self, x):
        return F.linear(x, self.weight)


class RMSNorm(nn.Module):
    """``x / sqrt(mean(x^2) + eps) * weight`` over the last axis (weight initialised to ones)."""

    def __init__(self, d_model: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.weight = _parameter(torch.ones(d_model, dtype=torch.float64))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


# ---------------------------------------------------------------------------------------------
# the selective SSM

#: The official step range and floor of the initial Delta.
DT_MIN, DT_MAX, DT_FLOOR = 1e-3, 1e-1, 1e-4


class _Projection(nn.Module):
    """A selective map ``E -> N`` of the input, or (non-selective) a trained constant ``E x N``."""

    def __init__(self, config: MambaConfig, selective: bool, generator):
        super().__init__()
        E, N = config.d_inner, config.states
        self.selective = selective
        if selective:
            self.weight = _parameter(_uniform((N, E), E ** -0.5, generator))
        else:
            self.bias = _parameter(_uniform((E * N,), E ** -0.5, generator).reshape(E, N))

    def forward(self, x):
        return F.linear(x, self.weight) if self.selective else self.bias


class S6(nn.Module):
    """The selective SSM layer, S6-Real or S6-Complex, with the selectivity switches (module docstring)."""

    def __init__(self, config: MambaConfig, generator, scan: str = "fast"):
        super().__init__()
        E, N = config.d_inner, config.states
        self.config = config
        self.scan = scan
        self.complex = config.field == "complex"
        log_dt = (torch.rand(E, generator=generator, dtype=torch.float64) * (math.log(DT_MAX) - math.log(DT_MIN))
                  + math.log(DT_MIN))
        if config.selective_delta:
            self.x_proj_dt = _Linear(E, config.dt_rank, generator)
            self.dt_weight = _parameter(_uniform((E, config.dt_rank), config.dt_rank ** -0.5, generator))
            dt = torch.exp(log_dt).clamp(min=DT_FLOOR)
            self.dt_bias = _parameter(dt + torch.log(-torch.expm1(-dt)))  # inverse softplus
        else:
            self.inv_dt = _parameter(log_dt)
        parts = ("re", "im") if self.complex else ("re",)
        self.B = nn.ModuleDict({p: _Projection(config, config.selective_B, generator) for p in parts})
        self.C = nn.ModuleDict({p: _Projection(config, config.selective_C, generator) for p in parts})
        log_n = torch.log(torch.arange(1, N + 1, dtype=torch.float64)).repeat(E, 1)
        if self.complex:
            self.log_A_real = _parameter(log_n)
            self.A_imag = _parameter(math.pi * torch.arange(N, dtype=torch.float64).repeat(E, 1))
            self.D = _parameter(torch.randn(E, generator=generator, dtype=torch.float64))
        else:
            self.A_log = _parameter(log_n)
            self.D = _parameter(torch.ones(E, dtype=torch.float64))

    def delta(self, x):
        if self.config.selective_delta:
            return F.softplus(F.linear(self.x_proj_dt(x), self.dt_weight) + self.dt_bias)
        return torch.exp(self.inv_dt).expand(x.shape)

    def forward(self, x):
        delta = self.delta(x)
        if self.complex:
            A = -torch.exp(self.log_A_real) + 1j * self.A_imag
            B = self.B["re"](x) + 1j * self.B["im"](x)
            C = self.C["re"](x) - 1j * self.C["im"](x)
        else:
            A = -torch.exp(self.A_log)
            B, C = self.B["re"](x), self.C["re"](x)
        return selective_scan(x, delta, A, B, C, self.D, method=self.scan)


class MambaBlock(nn.Module):
    """in_proj -> causal depthwise conv -> SiLU -> S6, times SiLU(z) -> out_proj."""

    def __init__(self, config: MambaConfig, generator, scan: str = "fast"):
        super().__init__()
        E = config.d_inner
        self.d_conv = config.d_conv
        self.in_proj = _Linear(config.d_model, 2 * E, generator)
        self.conv_weight = _parameter(_uniform((E, 1, config.d_conv), config.d_conv ** -0.5, generator))
        self.conv_bias = _parameter(_uniform((E,), config.d_conv ** -0.5, generator))
        self.ssm = S6(config, generator, scan)
        self.out_proj = _Linear(E, config.d_model, generator)

    def forward(self, x):
        length = x.shape[1]
        x, z = self.in_proj(x).chunk(2, dim=-1)
        # the official Conv1d(groups=E, padding=d_conv - 1)[..., :L]: out[l] = bias + sum_k w[k] x[l + k - d_conv + 1]
        padded = F.pad(x, (0, 0, self.d_conv - 1, 0))
        x = self.conv_bias + sum(padded[:, k:k + length] * self.conv_weight[:, 0, k] for k in range(self.d_conv))
        y = self.ssm(F.silu(x))
        return self.out_proj(y * F.silu(z))


class MambaLM(nn.Module):
    """The language model of the selectivity experiments: tokens ``(b, L)`` -> logits ``(b, L, vocab)``.

    ``seed`` fixes the initialisation; ``dtype`` is "float32" (the official) or "float64";
    ``scan`` is "fast" (CPU) or "reference".
    """

    def __init__(self, config: MambaConfig, seed: int = 0, dtype: str = "float32", scan: str = "fast",
                 device: str = "cpu"):
        super().__init__()
        if not isinstance(config, MambaConfig):
            raise InputError(f"config: expected a MambaConfig, got {type(config).__name__}")
        check_int("seed", seed, 0)
        if dtype not in DTYPES:
            raise InputError(f"dtype: unknown value {dtype!r}; choose one of {', '.join(DTYPES)}")
        if scan not in METHODS:
            raise InputError(f"scan: unknown value {scan!r}; choose one of {', '.join(METHODS)}")
        self.config = config
        generator = torch.Generator().manual_seed(seed)
        self.embedding = _parameter(torch.randn(config.vocab_size, config.d_model, generator=generator,
                                                dtype=torch.float64), requires_grad=config.train_embedding)
        self.norms = nn.ModuleList([RMSNorm(config.d_model) for _ in range(config.n_layers)])
        self.layers = nn.ModuleList([MambaBlock(config, generator, scan) for _ in range(config.n_layers)])
        self.norm_f = RMSNorm(config.d_model)
        self.to(dtype=DTYPES[dtype], device=device)

    def forward(self, tokens):
        x = F.embedding(tokens, self.embedding)
        for norm, layer in zip(self.norms, self.layers):
            x = x + layer(norm(x))
        return F.linear(self.norm_f(x), self.embedding)   # the head tied to the embedding
