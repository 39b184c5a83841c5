"""The models of Figure 2 of Cirone et al. (2024) (Section 6, the A5 word problem), as the official code
builds them (github.com/Benjamin-Walker/selective-ssms-and-linear-cdes, ``torch_sequence_models.py``
``SequenceModel`` with ``embedding=True, nonlinear=True, use_layernorm=True, dropout=0.1,
continuous_output=True``, and ``linear_cde.py`` ``A5LinearCDE``; digest §5.6).

:class:`A5BlockModel` (``model`` in ``rnn, transformer, s4, mamba``)::

    h = Embedding(60 -> H)(x)                         (+ sinusoidal positions and dropout: transformer)
    repeat depth times:
        r = h
        h = sequence_layer(h); h = dropout(h)
        h = GLU(Linear(H -> 2H)(h)); h = dropout(h)
        h = LayerNorm(h + r)
    logits = Linear(H -> 60)(h)                       (per position)

with the sequence layers ``torch.nn.RNN(H, H)`` (tanh), ``torch.nn.TransformerEncoderLayer(H, heads)``
with a causal mask (the official code passes the SSM state size, 64, as the number of heads, and keeps
torch's feed-forward width 2048), :class:`numerics.nets.cirone_layers.S4Layer` (S4D-Lin, the official
softplus quirk kept) and :class:`numerics.nets.cirone_layers.S6Layer` (bare S6, "Mamba"), each of
state size ``N`` (``state``).

:class:`A5LinearCDE` (``model = "lcde"``, trained end to end)::

    h = Embedding(60 -> H, N(0, 1))(x)
    repeat depth times (the official model has one block):
        r = h
        y = LinearCDELayer(h); y = dropout(y)
        y = ReLU(Linear(H -> H)(y)); y = dropout(y)
        h = LayerNorm(y + r)
    logits = Linear(H -> 60)(h)                       (the official code applies softmax here; the loss
                                                       below takes logits)

:class:`LinearCDELayer` is the official fixed-step scan of the Linear CDE (5) with ``omega = xi =
(t, X)``, where ``X_l`` is the embedded token and ``t_l = l / (L - 1)`` (``linspace(0, 1, L)``)::

    y_0 = W X_0 + b,
    y_l = y_(l-1) + (1/L) [ sum_j A_j y_(l-1) c_l^j + B c_l ],   c_l = (t_l, X_l),   l = 1..L-1,

``A_j = vf_A[:, j, :]`` (``vf_A ~ N(0, 1)/sqrt(H)``, shape ``(H, H+1, H)``), ``B = vf_B ~ N(0, 1)``,
``W, b ~ N(0, 1)``.  As in the official code the control *value* ``c_l`` (not its increment) multiplies
the step ``1/L`` (an Euler step with ``d omega / dt = c``), and the output at position ``l`` is ``y_l``
(``y_0`` at the first token): causal, dense (not diagonal) in ``A_j``.

Parameters are initialised from ``seed`` alone (torch's global generator is forked, seeded and restored;
the S4/S6 layers take seeds derived from ``seed`` and the block index), so a model is a function of
its arguments.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from ..errors import InputError, check_choice, check_int
from .a5 import ORDER
from .cirone_layers import S4Layer, S6Layer

#: The sequence models of Figure 2 (``lcde``: :class:`A5LinearCDE`).
MODELS = ("rnn", "transformer", "s4", "mamba", "lcde")
#: Names as the paper's legend writes them.
LABELS = {"rnn": "RNN", "transformer": "Transformer", "s4": "S4", "mamba": "Mamba", "lcde": "Linear CDE"}


def layer_seed(seed: int, block: int) -> int:
    """The seed of block ``block``'s S4/S6 layer (a ``SeedSequence`` of ``(seed, block)``)."""
    return int(np.random.SeedSequence([seed, block]).generate_state(1)[0])


class RNNLayer(nn.Module):
    """``torch.nn.RNN(H, H)`` (tanh, zero initial state); the output sequence."""

    def __init__(self, hidden: int):
        super().__init__()
        self.rnn = nn.RNN(hidden, hidden, batch_first=True)

    def forward(self, x):
        return self.rnn(x)[0]


class CausalTransformerLayer(nn.Module):
    """``torch.nn.TransformerEncoderLayer(H, heads, dim_feedforward)`` with a causal mask."""

    def __init__(self, hidden: int, heads: int, feedforward: int, dropout: float):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(hidden, heads, dim_feedforward=feedforward, dropout=dropout,
                                                batch_first=True)

    def forward(self, x):
        mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1], device=x.device, dtype=x.dtype)
        return self.layer(x, src_mask=mask, is_causal=True)


class SinusoidalPositions(nn.Module):
    """The official ``SinusoidalPositionalEncoding``: ``x + pe[:L]`` then dropout."""

    def __init__(self, hidden: int, dropout: float, max_len: int = 512):
        super().__init__()
        position = torch.arange(max_len, dtype=torch.float32)[:, None]
        div = torch.exp(torch.arange(0, hidden, 2, dtype=torch.float32) * (-math.log(10000.0) / hidden))
        pe = torch.zeros(max_len, hidden)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        self.register_buffer("pe", pe)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(x + self.pe[: x.shape[1]].to(x.dtype))


def _check_tokens(x) -> None:
    if not isinstance(x, torch.Tensor) or x.dim() != 2 or x.dtype != torch.int64:
        raise InputError("x: expected an int64 tensor of token indices of shape (batch, length)")
    if x.shape[1] < 1 or (x.numel() and (int(x.min()) < 0 or int(x.max()) >= ORDER)):
        raise InputError(f"x: token indices must lie in 0..{ORDER - 1} and the length must be >= 1")


def _check_sizes(depth, hidden, state):
    check_int("depth", depth, 1)
    check_int("hidden", hidden, 1)
    check_int("state", state, 1)


class A5BlockModel(nn.Module):
    """The official block model (module docstring); ``forward`` maps tokens (batch, L) to logits (batch, L, 60)."""

    def __init__(self, model: str, depth: int, hidden: int, state: int, *, seed: int, heads: int = 1,
                 feedforward: int = 2048, dropout: float = 0.1, scan: str = "fast"):
        super().__init__()
        check_choice("model", model, MODELS[:4])
        _check_sizes(depth, hidden, state)
        check_int("seed", seed, 0)
        check_int("heads", heads, 1)
        check_int("feedforward", feedforward, 1)
        if model == "transformer" and hidden % heads:
            raise InputError(f"heads: must divide hidden = {hidden}, got {heads}")
        if model == "transformer" and hidden % 2:
            raise InputError(f"hidden: the sinusoidal positions need an even width, got {hidden}")
        self.model = model
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.embedding = nn.Embedding(ORDER, hidden)
            self.positions = SinusoidalPositions(hidden, dropout) if model == "transformer" else None
            layers = []
            for block in range(depth):
                if model == "rnn":
                    layers.append(RNNLayer(hidden))
                elif model == "transformer":
                    layers.append(CausalTransformerLayer(hidden, heads, feedforward, dropout))
                elif model == "s4":
                    layers.append(S4Layer(hidden, state, seed=layer_seed(seed, block)))
                else:
                    layers.append(S6Layer(hidden, state, seed=layer_seed(seed, block), scan=scan))
            self.layers = nn.ModuleList(layers)
            self.mixes = nn.ModuleList([nn.Linear(hidden, 2 * hidden) for _ in range(depth)])
            self.norms = nn.ModuleList([nn.LayerNorm(hidden) for _ in range(depth)])
            self.out = nn.Linear(hidden, ORDER)
        self.glu = nn.GLU()
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        _check_tokens(x)
        h = self.embedding(x)
        if self.positions is not None:
            h = self.positions(h)
        for layer, mix, norm in zip(self.layers, self.mixes, self.norms):
            residual = h
            h = self.dropout(layer(h))
            h = self.dropout(self.glu(mix(h)))
            h = norm(h + residual)
        return self.out(h)


class LinearCDELayer(nn.Module):
    """The official fixed-step Linear CDE scan (module docstring): (batch, L, H) -> (batch, L, H)."""

    def __init__(self, hidden: int):
        super().__init__()
        check_int("hidden", hidden, 1)
        self.hidden = hidden
        self.init_matrix = nn.Parameter(torch.randn(hidden, hidden))
        self.init_bias = nn.Parameter(torch.randn(hidden))
        self.vf_A = nn.Parameter(torch.randn(hidden, hidden + 1, hidden) / math.sqrt(hidden))
        self.vf_B = nn.Parameter(torch.randn(hidden, hidden + 1))

    def forward(self, x):
        if not isinstance(x, torch.Tensor) or x.dim() != 3 or x.shape[2] != self.hidden:
            raise InputError(f"x: expected a tensor of shape (batch, length, {self.hidden})")
        batch, length, hidden = x.shape
        times = torch.linspace(0, 1, length, dtype=x.dtype, device=x.device)
        control = torch.cat([times[None, :, None].expand(batch, length, 1), x], dim=-1)
        y = x[:, 0] @ self.init_matrix.T + self.init_bias
        field = self.vf_A.reshape(hidden * (hidden + 1), hidden)
        states = [y]
        for step in range(1, length):
            c = control[:, step]
            drift = (y @ field.T).reshape(batch, hidden, hidden + 1)
            y = y + (torch.einsum("bnj,bj->bn", drift, c) + c @ self.vf_B.T) / length
            states.append(y)
        return torch.stack(states, dim=1)


class A5LinearCDE(nn.Module):
    """The official ``A5LinearCDE`` (one block), stacked ``depth`` times for the depth loop (module docstring)."""

    def __init__(self, depth: int, hidden: int, *, seed: int, dropout: float = 0.1):
        super().__init__()
        _check_sizes(depth, hidden, 1)
        check_int("seed", seed, 0)
        self.model = "lcde"
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.embedding = nn.Embedding(ORDER, hidden)
            nn.init.normal_(self.embedding.weight)
            self.layers = nn.ModuleList([LinearCDELayer(hidden) for _ in range(depth)])
            self.mixes = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(depth)])
            self.norms = nn.ModuleList([nn.LayerNorm(hidden) for _ in range(depth)])
            self.out = nn.Linear(hidden, ORDER)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        _check_tokens(x)
        h = self.embedding(x)
        for layer, mix, norm in zip(self.layers, self.mixes, self.norms):
            residual = h
            y = self.dropout(layer(h))
            y = self.dropout(torch.relu(mix(y)))
            h = norm(y + residual)
        return self.out(h)


def build(model: str, depth: int, hidden: int, state: int, *, seed: int, heads: int = 1, feedforward: int = 2048,
          dropout: float = 0.1, scan: str = "fast") -> nn.Module:
    """The model called ``model`` (:data:`MODELS`); an unknown name is an InputError naming ``model``."""
    check_choice("model", model, MODELS)
    if model == "lcde":
        return A5LinearCDE(depth, hidden, seed=seed, dropout=dropout)
    return A5BlockModel(model, depth, hidden, state, seed=seed, heads=heads, feedforward=feedforward,
                        dropout=dropout, scan=scan)
