"""numerics.nets.mamba: MambaLM with S6-Real / S6-Complex, the selectivity switches, both scans."""
import itertools
import math

import pytest
import torch

from numerics import InputError
from numerics.nets.mamba import MambaConfig, MambaLM

SWITCHES = list(itertools.product((False, True), repeat=3))   # (B, C, Delta) selective
TOKENS = torch.randint(1, 16, (2, 10), generator=torch.Generator().manual_seed(0))


def small(field="real", switches=(True, True, True), **changes):
    b, c, d = switches
    return MambaConfig(field=field, d_model=16, n_layers=2, d_state=4, selective_B=b, selective_C=c,
                       selective_delta=d, **changes)


@pytest.mark.parametrize("field", ["real", "complex"])
@pytest.mark.parametrize("switches", SWITCHES, ids=lambda s: "".join("T" if f else "F" for f in s))
def test_fast_and_reference_scans_give_the_same_model(field, switches):
    """Logits and every parameter gradient agree to 1e-10 (float64) on the same weights."""
    results = {}
    for scan in ("reference", "fast"):
        model = MambaLM(small(field, switches), seed=3, dtype="float64", scan=scan)
        logits = model(TOKENS)
        loss = torch.nn.functional.cross_entropy(logits[:, 5:].reshape(-1, 16), TOKENS[:, :5].reshape(-1))
        loss.backward()
        results[scan] = (logits.detach(), {n: p.grad for n, p in model.named_parameters() if p.requires_grad})
    (ref, ref_grads), (fast, fast_grads) = results["reference"], results["fast"]
    torch.testing.assert_close(fast, ref, rtol=1e-10, atol=1e-10)
    assert fast_grads.keys() == ref_grads.keys()
    for name in ref_grads:
        torch.testing.assert_close(fast_grads[name], ref_grads[name], rtol=1e-10, atol=1e-10, msg=name)


def test_official_initialisation_and_parameter_count():
    real, complex_ = (MambaLM(MambaConfig(field=f), seed=1111) for f in ("real", "complex"))
    counts = [sum(p.numel() for p in m.parameters() if p.requires_grad) for m in (real, complex_)]
    assert counts[0] == counts[1] == 65472          # the official halving of d_state for S6-Complex
    s6 = real.layers[0].ssm
    torch.testing.assert_close(-torch.exp(s6.A_log[5]), -torch.arange(1.0, 17.0))
    assert (s6.D == 1).all()
    c6 = complex_.layers[0].ssm
    torch.testing.assert_close(c6.A_imag[7], math.pi * torch.arange(8.0))
    torch.testing.assert_close(torch.exp(c6.log_A_real[0]), torch.arange(1.0, 9.0))
    assert c6.D.std() > 0.5
    dt = torch.nn.functional.softplus(s6.dt_bias)
    assert 1e-3 <= dt.min() and dt.max() <= 0.1
    assert s6.B["re"].weight.shape == (16, 128) and s6.x_proj_dt.weight.shape == (4, 128)


def test_non_selective_switches_are_constants_of_the_official_form():
    model = MambaLM(small("complex", (False, False, False)), seed=0)
    s6 = model.layers[0].ssm
    assert s6.B["re"].bias.shape == (32, 2) and not hasattr(s6.B["re"], "weight")
    assert not hasattr(s6, "x_proj_dt") and 1e-3 <= torch.exp(s6.inv_dt).min() <= torch.exp(s6.inv_dt).max() <= 0.1
    x = torch.randn(2, 5, 32)
    torch.testing.assert_close(s6.delta(x), torch.exp(s6.inv_dt).expand(2, 5, 32))


def test_embedding_frozen_and_tied_unless_asked():
    model = MambaLM(small(), seed=0)
    assert not model.embedding.requires_grad
    trained = MambaLM(small(train_embedding=True), seed=0)
    assert trained.embedding.requires_grad
    logits = trained(TOKENS)
    logits.sum().backward()
    assert trained.embedding.grad.abs().sum() > 0
    features = trained.norm_f(torch.zeros(1, 16) + 1.0)
    torch.testing.assert_close(torch.nn.functional.linear(features, trained.embedding), features @ trained.embedding.T)


def test_causal_and_seeded():
    model = MambaLM(small("complex"), seed=5)
    changed = TOKENS.clone()
    changed[:, 7] = (changed[:, 7] % 15) + 1
    with torch.no_grad():
        a, b = model(TOKENS), model(changed)
    torch.testing.assert_close(a[:, :7], b[:, :7], rtol=0, atol=0)
    assert not torch.allclose(a[:, 7:], b[:, 7:])
    same, other = MambaLM(small("complex"), seed=5), MambaLM(small("complex"), seed=6)
    assert torch.equal(same.layers[1].in_proj.weight, model.layers[1].in_proj.weight)
    assert not torch.equal(other.layers[1].in_proj.weight, model.layers[1].in_proj.weight)


def test_bad_input_is_refused_with_the_argument_named():
    with pytest.raises(InputError, match="^field: unknown value 'quaternion'"):
        MambaConfig(field="quaternion")
    with pytest.raises(InputError, match="^d_state: .*even, got 7"):
        MambaConfig(field="complex", d_state=7)
    MambaConfig(field="real", d_state=7)
    with pytest.raises(InputError, match="^selective_B:"):
        MambaConfig(selective_B=1)
    with pytest.raises(InputError, match="^scan:"):
        MambaLM(small(), scan="pscan")
    with pytest.raises(InputError, match="^dtype:"):
        MambaLM(small(), dtype="float16")
    with pytest.raises(InputError, match="^config:"):
        MambaLM({"field": "real"})


def test_the_causal_convolution_is_the_official_conv1d():
    model = MambaLM(small(), seed=2, dtype="float64")
    block = model.layers[0]
    x = torch.randn(2, 7, 16, dtype=torch.float64)
    xz = block.in_proj(x)
    inner = xz[..., :32]
    official = torch.nn.functional.conv1d(inner.transpose(1, 2), block.conv_weight, block.conv_bias, padding=3,
                                          groups=32)[:, :, :7].transpose(1, 2)
    seen = []
    block.ssm.forward = lambda u: seen.append(u) or u
    block(x)
    torch.testing.assert_close(seen[0], torch.nn.functional.silu(official))
