"""numerics.nets.scan: the fast selective scan against the official sequential reference."""
import itertools

import pytest
import torch

from numerics import InputError
from numerics.nets.scan import selective_scan, selective_scan_reference

SWITCHES = list(itertools.product((False, True), repeat=3))   # (B, C, Delta) selective


def inputs(field, selective_B, selective_C, selective_delta, dtype=torch.float64, b=2, L=6, E=3, N=4, seed=0):
    """Random scan inputs; a non-selective Delta is exp(inv_dt) broadcast, as in the model."""
    g = torch.Generator().manual_seed(seed)
    ctype = {torch.float64: torch.complex128, torch.float32: torch.complex64}[dtype]

    def real(*shape, scale=1.0):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * scale).to(dtype).requires_grad_()

    def matrix(selective):
        shape = (b, L, N) if selective else (E, N)
        if field == "real":
            return real(*shape)
        parts = torch.randn(2, *shape, generator=g, dtype=torch.float64)
        return torch.complex(parts[0], parts[1]).to(ctype).requires_grad_()

    x = real(b, L, E)
    dt_param = real(b, L, E, scale=0.5) if selective_delta else real(E, scale=0.5)
    log_a = torch.rand(E, N, generator=g, dtype=torch.float64).to(dtype).requires_grad_()
    A_imag = real(E, N, scale=3.0)
    leaves = [x, dt_param, log_a, A_imag, matrix(selective_B), matrix(selective_C), real(E)]

    def build():
        x, dt_param, log_a, A_imag, B, C, D = leaves
        delta = torch.nn.functional.softplus(dt_param) if selective_delta else torch.exp(dt_param).expand(b, L, E)
        A = -torch.exp(log_a) + (1j * A_imag if field == "complex" else 0)
        return x, delta, A, B, C, D
    return leaves, build


@pytest.mark.parametrize("field", ["real", "complex"])
@pytest.mark.parametrize("selective_B, selective_C, selective_delta", SWITCHES)
def test_fast_scan_equals_the_reference_in_float64(field, selective_B, selective_C, selective_delta):
    leaves, build = inputs(field, selective_B, selective_C, selective_delta)
    weights = torch.randn(2, 6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    results = {}
    for method in ("reference", "fast"):
        y = selective_scan(*build(), method=method)
        grads = torch.autograd.grad((y * weights).sum(), leaves, allow_unused=True)
        results[method] = (y, grads)
    (y_ref, g_ref), (y_fast, g_fast) = results["reference"], results["fast"]
    torch.testing.assert_close(y_fast, y_ref, rtol=1e-10, atol=1e-10)
    for name, a, b in zip(("x", "delta", "A_re", "A_im", "B", "C", "D"), g_fast, g_ref):
        if field == "real" and name == "A_im":
            continue
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-10, msg=f"gradient of {name}")


@pytest.mark.parametrize("field", ["real", "complex"])
def test_fast_scan_equals_the_reference_to_float32_rounding(field):
    leaves, build = inputs(field, True, False, True, dtype=torch.float32, L=16, E=8, N=4)
    out = {m: selective_scan(*build(), method=m) for m in ("reference", "fast")}
    torch.testing.assert_close(out["fast"], out["reference"], rtol=2e-5, atol=2e-5)
    g_fast = torch.autograd.grad(out["fast"].sum(), leaves, allow_unused=True)
    g_ref = torch.autograd.grad(out["reference"].sum(), leaves, allow_unused=True)
    for a, b in zip(g_fast, g_ref):
        if b is not None:
            assert a.dtype == b.dtype
            torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4)


def test_forward_without_gradients_gives_the_same_values():
    for field in ("real", "complex"):
        _, build = inputs(field, True, True, True)
        with_grad = selective_scan(*build())
        with torch.no_grad():
            without = selective_scan(*build())
        torch.testing.assert_close(without, with_grad.detach(), rtol=0, atol=0)


def test_reference_matches_the_recurrence_written_out():
    _, build = inputs("complex", True, False, True, b=1, L=3, E=1, N=2)
    x, delta, A, B, C, D = (t.detach() for t in build())
    h = torch.zeros(2, dtype=torch.complex128)
    expected = []
    for step in range(3):
        h = torch.exp(delta[0, step, 0] * A[0]) * h + delta[0, step, 0] * B[0, step] * x[0, step, 0]
        expected.append(2 * (h * C[0]).sum().real + D[0] * x[0, step, 0])
    torch.testing.assert_close(selective_scan_reference(x, delta, A, B, C, D)[0, :, 0], torch.stack(expected))


def test_bad_input_is_refused_with_the_argument_named():
    _, build = inputs("real", True, True, True)
    x, delta, A, B, C, D = build()
    with pytest.raises(InputError, match="^method: unknown"):
        selective_scan(x, delta, A, B, C, D, method="pscan")
    with pytest.raises(InputError, match="^delta:"):
        selective_scan(x, delta[:, :-1], A, B, C, D)
    with pytest.raises(InputError, match="^B:"):
        selective_scan(x, delta, A, B[:, :, :-1], C, D)
    with pytest.raises(InputError, match="^C: must be complex"):
        selective_scan(x, delta, A + 0j, B + 0j, C, D)
    with pytest.raises(InputError, match="^x:"):
        selective_scan(x.long(), delta, A, B, C, D)
    with pytest.raises(InputError, match="^D:"):
        selective_scan(x, delta, A, B, C, D[:-1])
