"""numerics.nets.s4d: the ZOH kernel against the recurrence, bidirectional convolution, inits, optimiser groups."""
import math

import numpy as np
import pytest
import torch

from numerics import InputError
from numerics.nets.s4d import (S4DConfig, S4DKernel, S4DModel, fft_convolution, init_ssm, legs_diagonal,
                               make_optimizer, make_scheduler, s4d_kernel)

torch.set_num_threads(1)


def _recurrence(log_dt, A, B, C, u):
    """y_l = 2 Re(C x_l), x_l = exp(dt A) x_(l-1) + (exp(dt A) - 1) / A B u_l, one step at a time."""
    dt = torch.exp(log_dt)[:, None]
    Abar, Bbar = torch.exp(dt * A), torch.expm1(dt * A) / A * B
    x = torch.zeros(u.shape[:-1] + A.shape[-1:], dtype=A.dtype)
    out = []
    for l in range(u.shape[-1]):
        x = Abar * x + Bbar * u[..., l:l + 1]
        y = 2 * (C * x).sum(-1)
        out.append(y.real if y.is_complex() else y)
    return torch.stack(out, -1)


@pytest.mark.parametrize("field, init", [("complex", "legs"), ("complex", "diag-lin"), ("real", "diag-real"),
                                         ("real", "legs")])
def test_kernel_by_vandermonde_and_fft_equals_the_recurrence(field, init):
    config = S4DConfig(field=field, init=init, d_model=3, n_layers=1, d_state=8, bidirectional=True)
    kernel = S4DKernel(config, torch.Generator().manual_seed(1))
    log_dt, A, B, C = kernel.parameters_per_channel()
    assert A.is_complex() == (field == "complex")
    u = torch.randn(2, 3, 40, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        K = s4d_kernel(log_dt, A, B, C, 40)
        assert K.shape == (2, 3, 40)
        causal = _recurrence(log_dt, A, B, C[0], u)
        assert torch.allclose(fft_convolution(u, K[0]), causal, rtol=0, atol=1e-10)
        # bidirectional: causal with K0 plus anti-causal with K1 = the recurrence run backwards, shifted by one
        backward = _recurrence(log_dt, A, B, C[1], u.flip(-1)).flip(-1)
        shifted = torch.nn.functional.pad(backward[..., 1:], (0, 1))
        assert torch.allclose(fft_convolution(u, kernel(40)), causal + shifted, rtol=0, atol=1e-10)


def test_inits_follow_the_official_formulas():
    A, B = legs_diagonal(8)
    n = np.arange(8)
    legs = -np.sqrt(np.outer(2 * n + 1, 2 * n + 1)) * (n[:, None] > n[None, :]) - np.diag(n + 1.0)
    normal = legs + np.outer(np.sqrt(n + 0.5), np.sqrt(n + 0.5))
    eigenvalues = np.linalg.eigvals(normal)
    assert np.allclose(A.real, -0.5) and (A.imag > 0).all()
    assert all(np.min(np.abs(eigenvalues - a)) < 1e-10 for a in A)     # eigenvalues of the normal part
    A_real, B_real = init_ssm(S4DConfig(field="real", init="diag-real", d_state=6))
    assert np.allclose(A_real, -np.arange(1, 7)) and np.allclose(B_real, 1)
    A_lin, _ = init_ssm(S4DConfig(field="complex", init="diag-lin", d_state=6))
    assert np.allclose(A_lin, -0.5 + 1j * math.pi * np.arange(3))
    A_as_real, B_as_real = init_ssm(S4DConfig(field="real", init="legs", d_state=8))
    assert len(A_as_real) == 8 and np.allclose(B_as_real, legs_diagonal(16)[1].real)


def test_optimizer_groups_and_schedule():
    model = S4DModel(S4DConfig(d_model=8, n_layers=2, d_state=4), seed=0)
    optimizer = make_optimizer(model)
    rest, ssm = optimizer.param_groups
    assert (rest["lr"], rest["weight_decay"], ssm["lr"], ssm["weight_decay"]) == (0.01, 0.05, 1e-3, 0.0)
    assert len(ssm["params"]) == 2 * 5       # log_dt, A_re, A_im, B_re, B_im per layer
    assert sum(p.numel() for g in optimizer.param_groups for p in g["params"]) == sum(
        p.numel() for p in model.parameters())
    scheduler = make_scheduler(optimizer, total_steps=20, warmup_steps=4)
    rates = []
    for _ in range(20):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    assert rates[:4] == sorted(rates[:4]) and max(rates) == pytest.approx(0.01)
    assert rates[4:] == sorted(rates[4:], reverse=True) and rates[-1] < 1e-3


def test_model_shapes_and_seed():
    config = S4DConfig(field="real", init="diag-lin", d_model=8, n_layers=2, d_state=4, bidirectional=False)
    u = torch.randn(5, 16, 1)
    first, again = S4DModel(config, seed=3).eval(), S4DModel(config, seed=3).eval()
    assert first(u).shape == (5, 10) and torch.equal(first(u), again(u))


def test_bad_input_is_refused_with_the_argument_named():
    with pytest.raises(InputError, match="^init: unknown value 'diag-real'"):
        S4DConfig(field="complex", init="diag-real")
    with pytest.raises(InputError, match="^d_state: .*even"):
        S4DConfig(d_state=7)
    with pytest.raises(InputError, match="^n_ssm:"):
        S4DConfig(d_model=10, n_ssm=3)
    with pytest.raises(InputError, match="^warmup_steps:"):
        make_scheduler(make_optimizer(S4DModel(S4DConfig(d_model=4, n_layers=1, d_state=2))), 5, 5)
