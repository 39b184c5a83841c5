"""numerics.learning.optimizers: Adam, AdamW, RAdam and the cosine schedule against torch.optim's defaults.

Without torch, properties that pin down the rules (first steps, decoupled decay, the RAdam
warm-up) are checked; with torch, several steps are compared to torch.optim term by term.
"""
import math

import numpy as np
import pytest

from numerics import InputError
from numerics.learning.optimizers import NAMES, Optimizer, default_weight_decay, scheduled_lr, update


def test_first_adam_step_moves_each_coordinate_by_lr_against_the_gradient_sign():
    p = np.array([1.0, -2.0, 3.0])
    g = np.array([0.5, -1e-3, 40.0])
    opt = Optimizer("adam", lr=0.1, size=3)
    opt.step(p, g)
    # m/c1 = g and sqrt(v/c2) = |g|: a step of lr * g / (|g| + eps)
    np.testing.assert_allclose(p, [1.0 - 0.1, -2.0 + 0.1, 3.0 - 0.1], rtol=1e-6)


def test_adamw_decays_decoupled_from_the_gradient_and_adam_does_not():
    p = np.array([2.0, -4.0])
    Optimizer("adamw", lr=0.1, size=2).step(p, np.zeros(2))
    np.testing.assert_allclose(p, [2.0 * (1 - 0.1 * 0.01), -4.0 * (1 - 0.1 * 0.01)], rtol=1e-15)
    q = np.array([2.0, -4.0])
    Optimizer("adam", lr=0.1, size=2).step(q, np.zeros(2))
    np.testing.assert_array_equal(q, [2.0, -4.0])
    assert default_weight_decay("adamw") == 0.01 and default_weight_decay("radam") == 0.0


def test_radam_is_momentum_sgd_during_warm_up_then_adaptive():
    p = np.array([0.0])
    opt = Optimizer("radam", lr=0.5, size=1)
    g = np.array([4.0])
    for step in range(1, 6):  # rho_s <= 5 for s <= 5 with beta2 = 0.999
        before = p.copy()
        opt.step(p, g)
        assert p[0] == pytest.approx(before[0] - 0.5 * 4.0, rel=1e-12)  # m / c1 = g for a constant g
    before = p.copy()
    opt.step(p, g)  # s = 6: adaptive, step lr * r_6 * g / |g| (up to eps)
    rho_inf = 2 / 0.001 - 1
    rho = rho_inf - 2 * 6 * 0.999**6 / (1 - 0.999**6)
    rect = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    assert before[0] - p[0] == pytest.approx(0.5 * rect, rel=1e-7)


def test_cosine_schedule_closed_form():
    assert scheduled_lr(1e-3, 0, 100, True) == 1e-3
    assert scheduled_lr(1e-3, 50, 100, True) == pytest.approx(5e-4, rel=1e-14)
    assert scheduled_lr(1e-3, 100, 100, True) == pytest.approx(0.0, abs=1e-19)
    assert scheduled_lr(1e-3, 77, 100, False) == 1e-3


def test_bad_arguments_are_refused():
    with pytest.raises(InputError, match="optimizer"):
        Optimizer("sgd", lr=0.1, size=2)
    with pytest.raises(InputError, match="lr"):
        Optimizer("adam", lr=-1.0, size=2)
    with pytest.raises(InputError, match="weight_decay"):
        Optimizer("adamw", lr=0.1, size=2, weight_decay=math.inf)
    opt = Optimizer("adam", lr=0.1, size=2)
    with pytest.raises(InputError, match="g"):
        opt.step(np.zeros(2), np.array([np.nan, 0.0]))
    with pytest.raises(InputError, match="p, g"):
        opt.step(np.zeros(3), np.zeros(3))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("weight_decay", [None, 0.05])
def test_steps_match_torch_optim(name, weight_decay):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(NAMES.index(name))
    p0 = rng.normal(size=7)
    grads = rng.normal(size=(9, 7)) * np.logspace(-6, 1, 7)  # 9 steps: RAdam leaves its warm-up
    lrs = [scheduled_lr(0.01, k, 9, True) for k in range(9)]

    tp = torch.tensor(p0.copy(), requires_grad=True)
    kinds = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "radam": torch.optim.RAdam}
    extra = {} if weight_decay is None else {"weight_decay": weight_decay}
    topt = kinds[name]([tp], lr=0.01, **extra)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=9)
    ours = p0.copy()
    opt = Optimizer(name, lr=0.01, size=7, weight_decay=weight_decay)
    for k in range(9):
        assert topt.param_groups[0]["lr"] == pytest.approx(lrs[k], rel=1e-12, abs=1e-18)
        tp.grad = torch.tensor(grads[k])
        topt.step()
        schedule.step()
        opt.step(ours, grads[k], lr=lrs[k])
        np.testing.assert_allclose(ours, tp.detach().numpy(), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_an_update_into_another_vector_equals_the_update_in_place(name, dtype):
    """The training loop writes each update into a free vector (keeping the best parameters without a
    copy); the numbers must be those of the update in place, and the old parameters stay as they were."""
    rng = np.random.default_rng(7)
    p0 = rng.normal(size=9).astype(dtype)
    grads = (rng.normal(size=(8, 9)) * np.logspace(-5, 2, 9)).astype(dtype)
    kind = NAMES.index(name)
    in_place, moments_a = p0.copy(), (np.zeros(9, dtype), np.zeros(9, dtype))
    current, moments_b = p0.copy(), (np.zeros(9, dtype), np.zeros(9, dtype))
    for step, g in enumerate(grads, start=1):
        update(kind, in_place, g, *moments_a, step, 0.02, 0.3, 0.9, 0.999, 1e-8, in_place)
        before = current.copy()
        out = np.full(9, np.nan, dtype=dtype)
        update(kind, current, g, *moments_b, step, 0.02, 0.3, 0.9, 0.999, 1e-8, out)
        np.testing.assert_array_equal(current, before)
        np.testing.assert_array_equal(out, in_place)
        for a, b in zip(moments_a, moments_b):
            np.testing.assert_array_equal(a, b)
        current = out
