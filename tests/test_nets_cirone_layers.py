"""The S6 and S4 recurrences of numerics.nets.cirone_layers against sequential references."""
import math

import pytest
import torch
import torch.nn.functional as F

from numerics.errors import InputError
from numerics.nets.cirone_layers import S4Layer, S6Layer


def sequential(x, delta, A, B, C, D):
    """h[l] = exp(delta A) h[l-1] + delta B[l] x[l]; y[l] = g Re(C[l] . h[l]) + D x[l], one step at a time."""
    batch, length, channels = x.shape
    g = 2 if A.is_complex() else 1
    h = torch.zeros(batch, channels, A.shape[1], dtype=A.dtype if A.is_complex() else x.dtype)
    out = []
    for l in range(length):
        Bl = B[:, l, None, :] if B.dim() == 3 else B
        Cl = C[:, l, None, :] if C.dim() == 3 else C
        d = delta[:, l, :, None]
        h = torch.exp(d * A) * h + d * Bl * x[:, l, :, None]
        out.append(g * (h * Cl).sum(-1).real + D * x[:, l])
    return torch.stack(out, dim=1)


@pytest.fixture
def x():
    return torch.randn(3, 17, 6, generator=torch.Generator().manual_seed(0), dtype=torch.float64)


@pytest.mark.parametrize("scan", ["fast", "reference"])
def test_s6_matches_the_sequential_recurrence(x, scan):
    layer = S6Layer(6, 5, seed=1, scan=scan).double()
    delta, A, B, C, D = layer.parts(x)
    assert B.shape == C.shape == (3, 17, 5) and A.shape == (6, 5) and torch.all(D == 1)
    assert torch.allclose(layer(x), sequential(x, delta, A, B, C, D), atol=1e-12)
    # Mamba's init: A = -(1..N), softplus(dt bias) in [1e-4, 0.1], dt_rank = ceil(H / 16)
    assert torch.allclose(A[0], -torch.arange(1, 6, dtype=torch.float64)) and layer.dt_rank == 1
    bias_dt = F.softplus(layer.dt_bias)
    assert torch.all((bias_dt >= 1e-4 - 1e-12) & (bias_dt <= 0.1 + 1e-12))


def test_s6_gradients_of_fast_and_reference_agree(x):
    grads = []
    for scan in ("fast", "reference"):
        layer = S6Layer(6, 5, seed=2, scan=scan).double()
        inputs = x.clone().requires_grad_(True)
        layer(inputs).square().sum().backward()
        grads.append([inputs.grad] + [p.grad for p in layer.parameters()])
    for a, b in zip(*grads):
        assert torch.allclose(a, b, atol=1e-10, rtol=1e-8)


@pytest.mark.parametrize("quirk", [True, False])
def test_s4_fft_matches_the_recurrence(x, quirk):
    layer = S4Layer(6, 4, seed=3, delta_quirk=quirk).double()
    delta, A, B, C, D = layer.parts(torch.float64)
    expected = sequential(x, delta.expand(x.shape), A, B, C, D)
    assert torch.allclose(layer(x), expected, atol=1e-12)
    assert torch.allclose(layer.reference(x), expected, atol=1e-12)
    # the official quirk: Delta = softplus(exp(log Delta)) >= ln 2; the intended Delta = exp(log Delta) in [1e-3, 0.1]
    if quirk:
        assert torch.all(delta >= math.log(2))
    else:
        assert torch.all((delta >= 1e-3 - 1e-12) & (delta <= 0.1 + 1e-12))
    assert torch.allclose(A.real, torch.full_like(A.real, -0.5)) and torch.allclose(A.imag[0], math.pi * torch.arange(4.0, dtype=torch.float64))


def test_s4_gradients_of_fft_and_recurrence_agree(x):
    layer = S4Layer(6, 4, seed=4).double()
    grads = []
    for method in (layer.forward, layer.reference):
        layer.zero_grad()
        method(x).square().sum().backward()
        grads.append([p.grad.clone() for p in layer.parameters()])
    for a, b in zip(*grads):
        assert torch.allclose(a, b, atol=1e-9, rtol=1e-8)


@pytest.mark.parametrize("make", [lambda: S6Layer(6, 5, seed=0), lambda: S4Layer(6, 5, seed=0)])
def test_shapes_dtypes_causality_and_seeds(make, x):
    layer = make()
    for dtype in (torch.float32, torch.float64):
        y = layer(x.to(dtype))
        assert y.shape == x.shape and y.dtype == dtype and not y.is_complex()
    changed = x.clone()
    changed[:, 10:] += 1.0
    y, y_changed = layer(x), layer(changed)
    assert torch.allclose(y[:, :10], y_changed[:, :10], atol=1e-6) and not torch.allclose(y[:, 10:], y_changed[:, 10:])
    assert torch.equal(layer(x), make()(x))


@pytest.mark.parametrize("build, name", [
    (lambda: S6Layer(0, 4, seed=0), "d_model"), (lambda: S6Layer(4, 4.5, seed=0), "d_state"),
    (lambda: S6Layer(4, 4, seed=-1), "seed"), (lambda: S6Layer(4, 4, seed=0, dt_rank=0), "dt_rank"),
    (lambda: S6Layer(4, 4, seed=0, scan="gpu"), "scan"), (lambda: S4Layer(4, 0, seed=0), "d_state"),
    (lambda: S4Layer(4, 4, seed=0, delta_quirk=1), "delta_quirk"),
    (lambda: S6Layer(4, 4, seed=0)(torch.zeros(2, 3, 5)), "x"), (lambda: S4Layer(4, 4, seed=0)(torch.zeros(2, 4)), "x"),
    (lambda: S4Layer(4, 4, seed=0)(torch.zeros(2, 3, 4, dtype=torch.int64)), "x"),
])
def test_bad_input_is_one_line_naming_the_argument(build, name):
    with pytest.raises(InputError) as error:
        build()
    message = str(error.value)
    assert message.startswith(name + ":") and "\n" not in message
