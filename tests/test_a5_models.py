"""numerics.nets.a5_models and numerics.nets.a5_study: the block models, the Linear CDE's recurrence, one
training run, the tiers and the official depth loop."""
from dataclasses import replace

import numpy as np
import pytest
import torch

from numerics import InputError
from numerics.nets.a5_models import MODELS, A5BlockModel, LinearCDELayer, build
from numerics.nets.a5_study import (DEPTHS, A5Result, blocks_needed, read_records, tier, tier_config,
                                    train_a5, write_records)


@pytest.mark.parametrize("model", MODELS)
def test_shapes_causality_and_seeding(model):
    net = build(model, 2, 16, 4, seed=3, heads=2, feedforward=32).eval()
    x = torch.randint(0, 60, (3, 6), generator=torch.Generator().manual_seed(0))
    out = net(x)
    assert out.shape == (3, 6, 60) and torch.isfinite(out).all()
    changed = x.clone()
    changed[:, 4] = (changed[:, 4] + 1) % 60
    again = net(changed)
    assert torch.allclose(out[:, :4], again[:, :4], atol=1e-5)                  # causal: the past is unchanged
    assert not torch.allclose(out[:, 4:], again[:, 4:])
    twin = build(model, 2, 16, 4, seed=3, heads=2, feedforward=32).eval()
    assert torch.equal(twin(x), out)                                            # a function of the seed
    assert not torch.equal(build(model, 2, 16, 4, seed=4, heads=2, feedforward=32).eval()(x), out)


def test_block_structure_follows_the_official_model():
    net = A5BlockModel("rnn", 3, 8, 2, seed=0)
    assert len(net.layers) == len(net.mixes) == len(net.norms) == 3
    assert net.mixes[0].out_features == 16 and isinstance(net.layers[0].rnn, torch.nn.RNN)
    lcde = build("lcde", 1, 8, 1, seed=0)
    assert lcde.layers[0].vf_A.shape == (8, 9, 8) and lcde.layers[0].vf_B.shape == (8, 9)


def test_linear_cde_layer_is_the_official_euler_scan():
    torch.manual_seed(0)
    layer = LinearCDELayer(4).double()
    x = torch.randn(2, 5, 4, dtype=torch.float64)
    out = layer(x)
    A, B = layer.vf_A.detach().numpy(), layer.vf_B.detach().numpy()
    W, b = layer.init_matrix.detach().numpy(), layer.init_bias.detach().numpy()
    for n in range(2):
        X = x[n].numpy()
        t = np.linspace(0, 1, 5)
        y = W @ X[0] + b
        states = [y]
        for i in range(1, 5):
            c = np.concatenate([[t[i]], X[i]])
            vector = np.concatenate([A @ y, B], axis=-1)                          # the official concat
            y = y + vector @ np.concatenate([c, c]) / 5
            states.append(y)
        assert np.allclose(out[n].detach().numpy(), np.array(states), atol=1e-12)


def test_bad_input_gets_a_one_line_error():
    for call, name in ((lambda: build("lstm", 1, 8, 2, seed=0), "model"),
                       (lambda: build("rnn", 0, 8, 2, seed=0), "depth"),
                       (lambda: build("transformer", 1, 9, 2, seed=0, heads=2), "heads"),
                       (lambda: build("rnn", 1, 8, 2, seed=0)(torch.zeros(2, 3)), "x"),
                       (lambda: tier_config("full", "rnn", 1, 1), "length"),
                       (lambda: tier_config("full", "gru", 3, 1), "model"),
                       (lambda: tier("huge"), "tier"),
                       (lambda: replace(tier_config("quick", "rnn", 3, 1), lr=-1.0), "lr")):
        with pytest.raises(InputError) as error:
            call()
        assert str(error.value).startswith(name + ":") and "\n" not in str(error.value)


def test_a_short_run_records_stops_and_reloads(tmp_path):
    config = replace(tier_config("quick", "lcde", 3, 1), samples=200, steps=30, eval_every=10, threshold=1e-9)
    reported = []
    result = train_a5(config, progress=reported.append)
    assert result.solved and result.steps == 0 and sum(reported) == 30       # stopped at the first evaluation
    config = replace(config, threshold=1.0)
    result = train_a5(config)
    assert not result.solved and list(result.eval_steps) == [0, 10, 20, 30]
    assert result.accuracy * 40 * 3 == pytest.approx(round(result.accuracy * 40 * 3))   # 40 validation x 3 positions
    result.to_files(tmp_path / "run")
    again = A5Result.load(tmp_path / "run")
    assert again.config == config and again.accuracy == result.accuracy
    assert train_a5(config).accuracy == result.accuracy                         # deterministic
    write_records([result], tmp_path / "runs.json")
    assert read_records(tmp_path / "runs.json")[0]["config"] == config


def test_tiers():
    paper = tier_config("paper", "mamba", 20, 3)
    assert (paper.hidden, paper.state, paper.lr, paper.samples, paper.eval_every) == (1024, 64, 1e-4, 1_000_000, 10_000)
    assert tier_config("paper", "mamba", 5, 2).lr == 3e-4 and tier_config("paper", "lcde", 3, 1).hidden == 256
    assert tier_config("paper", "rnn", 3, 1).samples == 216_000
    assert tier_config("paper", "transformer", 3, 1).heads == 64
    assert tier_config("paper", "s4", 3, 1, device="cuda").device == "cuda"
    assert len({tier_config(t, m, 4, d).key() for t in ("quick", "full") for m in MODELS for d in DEPTHS}) == 40


def _fake_runner(solves):
    """Runs that succeed exactly when solves(model, length, depth)."""
    def runner(configs):
        return [A5Result(config=c, accuracy=1.0 if solves(c.model, c.length, c.depth) else 0.0,
                         solved=solves(c.model, c.length, c.depth), steps=1, eval_steps=np.array([0]),
                         eval_accuracy=np.array([0.0])) for c in configs]
    return runner


def test_depth_loop_drops_failing_depths_for_longer_lengths():
    # needs depth ceil(length / 2) at every length (3 -> 2, 4 -> 2, 5 -> 3); and a model that only
    # solves length 4 at depth 1: depth 1 fails at length 3, so it is never tried again
    def solves(model, length, depth):
        if model == "rnn":
            return depth >= (length + 1) // 2
        return length == 4 and depth == 1
    study = blocks_needed("quick", ("rnn", "s4"), runner=_fake_runner(solves))
    assert study["blocks"]["rnn"] == {3: 2, 4: 2, 5: 3}
    tried = [(r.config.length, r.config.depth) for r in study["runs"] if r.config.model == "rnn"]
    assert tried == [(3, 1), (3, 2), (4, 2), (5, 2), (5, 3)]
    assert study["blocks"]["s4"] == {3: None, 4: None, 5: None}
    assert len([r for r in study["runs"] if r.config.model == "s4"]) == 4    # every depth failed at length 3
    with pytest.raises(InputError):
        blocks_needed("quick", ("gru",))
