"""numerics.learning.training: parameterisation, closed-form gradients, the training loop.

Gradients are checked against central finite differences in mpmath (40 digits) and, when torch is
installed, against torch autograd of the official ``VanillaSSM`` forward pass (sequential loop over
time, as in github.com/edenlum/SSMComplexParamBenefits); whole training runs against the official
torch training loop.
"""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

from numerics import InputError
from numerics.learning.training import (LANES, R_MAX, TrainConfig, TrainResult, direct_loss_grad, impulse,
                                        initial_params, loss_and_grad, magnitude, target_values, train, train_batch)


def config(field="real", **changes):
    base = dict(field=field, task="random", n=6, t=5, optimizer="adam", lr=1e-3, r_min=0.5, steps=40, seed=0)
    base.update(changes)
    return TrainConfig(**base)


def scaled_params(cfg, scale=300.0):
    """Initial parameters with B, C scaled up so that the loss depends visibly on every entry."""
    params = initial_params(cfg)
    params["B"] = params["B"] * scale
    params["C"] = params["C"] * scale
    return params


# -- mpmath reference -------------------------------------------------------------------------------


def mp_loss(params, target, field, gain):
    nu, B, C = params["nu"], params["B"], params["C"]
    loss = mpmath.mpf(0)
    for k, phi in enumerate(target):
        y = mpmath.mpf(0)
        for j in range(len(nu)):
            radius = mpmath.exp(-mpmath.exp(nu[j]))
            if field == "real":
                a = radius * params["sign"][j]
            else:
                a = radius * mpmath.expjpi(params["theta"][j] / mpmath.pi)
            y += C[j] * B[j] * a**k
        loss += (gain * mpmath.re(y) - phi) ** 2
    return loss


def mp_gradient(params, target, field, gain, h=mpmath.mpf("1e-15")):
    """Central differences of :func:`mp_loss` at 40 digits: error O(h^2), far below float64."""
    mp_params = {key: [mpmath.mpmathify(complex(v)) if np.iscomplexobj(value) else mpmath.mpf(float(v))
                       for v in value] for key, value in params.items()}
    grads = {}
    for key in ("nu", "B", "C") + (("theta",) if field == "complex" else ()):
        parts = (1, 1j) if field == "complex" and key in ("B", "C") else (1,)
        grad = np.zeros(len(mp_params[key]), dtype=complex if len(parts) == 2 else float)
        for j in range(len(grad)):
            for part in parts:
                plus = {k: list(v) for k, v in mp_params.items()}
                minus = {k: list(v) for k, v in mp_params.items()}
                plus[key][j] += h * part
                minus[key][j] -= h * part
                diff = (mp_loss(plus, target, field, gain) - mp_loss(minus, target, field, gain)) / (2 * h)
                grad[j] += complex(float(diff)) * part if len(parts) == 2 else float(diff)
        grads[key] = grad
    return grads


@settings(max_examples=8)
@given(field=st.sampled_from(["real", "complex"]), output=st.sampled_from(["2re", "re"]),
       task=st.sampled_from(["delay", "oscillation", "random"]), seed=st.integers(0, 1000),
       n=st.integers(1, 3), t=st.integers(1, 11))
@example(field="real", output="re", task="random", seed=1, n=2, t=11)  # 8 + 3 time steps per pass
@example(field="complex", output="2re", task="random", seed=2, n=2, t=9)
def test_closed_form_gradient_matches_mpmath_finite_differences(field, output, task, seed, n, t):
    cfg = config(field, task=task, seed=seed, n=n, t=t, output=output, r_min=0.3)
    params = scaled_params(cfg)
    target = target_values(cfg)
    with mpmath.workdps(40):
        expected = mp_gradient(params, target, field, cfg.gain)
        expected_loss = float(mp_loss({k: list(v) for k, v in params.items()}, target, field, cfg.gain))
    loss, grads = loss_and_grad(params, target, cfg)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    scale = max(np.max(np.abs(g)) for g in expected.values())
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-8, atol=1e-10 * scale, err_msg=key)


def test_direct_gradient_matches_mpmath_and_parameterised_gradient():
    rng = np.random.default_rng(5)
    A = np.array([0.9, -0.7, 0.3, 1.1])  # |A| > 1 is allowed here
    B, C = rng.normal(size=4), rng.normal(size=4)
    target = rng.normal(size=6)
    loss, dA, dB, dC = direct_loss_grad(A, B, C, target)
    with mpmath.workdps(40):
        def mp_direct(a, b, c):
            return sum((sum(c[j] * b[j] * a[j] ** k for j in range(4)) - target[k]) ** 2 for k in range(6))
        h = mpmath.mpf("1e-15")
        vecs = [[mpmath.mpf(float(v)) for v in vec] for vec in (A, B, C)]
        assert loss == pytest.approx(float(mp_direct(*vecs)), rel=1e-12)
        for which, grad in enumerate((dA, dB, dC)):
            for j in range(4):
                plus = [list(v) for v in vecs]
                minus = [list(v) for v in vecs]
                plus[which][j] += h
                minus[which][j] -= h
                expected = float((mp_direct(*plus) - mp_direct(*minus)) / (2 * h))
                assert grad[j] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    # chain rule against the (nu, sign) parameterisation for a stable A
    A = np.array([0.9, -0.7, 0.3])
    params = {"nu": np.log(-np.log(np.abs(A))), "sign": np.sign(A), "B": B[:3], "C": C[:3]}
    loss_p, grads = loss_and_grad(params, target, "real")
    loss_d, dA, dB, dC = direct_loss_grad(A, B[:3], C[:3], target)
    assert loss_p == pytest.approx(loss_d, rel=1e-13)
    np.testing.assert_allclose(grads["B"], dB, rtol=1e-12)
    np.testing.assert_allclose(grads["nu"], dA * A * np.log(np.abs(A)), rtol=1e-10)


def test_impulse_follows_the_output_convention():
    cfg = config("complex", output="2re")
    params = scaled_params(cfg)
    paper = impulse(params, 7, "complex", "re")
    code = impulse(params, 7, "complex", "2re")
    np.testing.assert_allclose(code, 2 * paper, rtol=1e-15)
    a = np.exp(-np.exp(params["nu"])) * np.exp(1j * params["theta"])
    direct = [np.real(np.sum(params["C"] * params["B"] * a**k)) for k in range(7)]
    np.testing.assert_allclose(paper, direct, rtol=1e-12, atol=1e-18)
    assert magnitude(params, "complex", "2re") == pytest.approx(2 * magnitude(params, "complex", "re"))
    real = initial_params(config("real"))
    np.testing.assert_array_equal(impulse(real, 4, "real", "2re"), impulse(real, 4, "real", "re"))


# -- initialisation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["real", "complex"])
def test_initialisation_follows_the_official_distribution(field):
    cfg = config(field, n=20000, r_min=0.99, seed=3)
    params = initial_params(cfg)
    radius = np.exp(-np.exp(params["nu"]))
    assert np.all(radius**2 >= 0.99**2 * (1 - 1e-12)) and np.all(radius <= R_MAX)
    # |A|^2 is uniform on [r_min^2, R_MAX^2]: its mean is the midpoint
    assert np.mean(radius**2) == pytest.approx((0.99**2 + R_MAX**2) / 2, abs=3e-5)
    if field == "real":
        assert set(np.unique(params["sign"])) == {-1.0, 1.0}
        assert abs(np.mean(params["sign"])) < 0.05
        assert np.std(params["B"]) == pytest.approx(1e-3, rel=0.05)
    else:
        assert np.all((params["theta"] >= 0) & (params["theta"] < 2 * np.pi))
        # modulus |N(0, s^2)|: E|B| = s sqrt(2/pi); uniform phase: E[B] ~ 0
        assert np.mean(np.abs(params["B"])) == pytest.approx(1e-3 * math.sqrt(2 / math.pi), rel=0.05)
        assert abs(np.mean(params["C"])) < 5e-5
    again = initial_params(cfg)
    for key in params:
        np.testing.assert_array_equal(params[key], again[key])
    other = initial_params(config(field, n=20000, r_min=0.99, seed=4))
    assert not np.array_equal(params["B"], other["B"])


def test_random_target_and_initialisation_use_independent_streams():
    cfg = config("real", n=200, t=200, r_min=0.0, task="random")
    u = (np.exp(-2 * np.exp(initial_params(cfg)["nu"]))) / R_MAX**2  # the uniform draws behind |A|^2
    target = np.random.default_rng(cfg.seed).uniform(-1, 1, size=200)
    assert abs(np.corrcoef(u, target)[0, 1]) < 0.3


# -- configuration ----------------------------------------------------------------------------------


def test_config_key_is_stable_and_resolves_defaults():
    a = config("real", optimizer="adamw")
    assert a.key() == config("real", optimizer="adamw", weight_decay=0.01).key()
    assert a.key() == config("real", optimizer="adamw", record_every=1, output="re").key()  # steps 40 -> 1
    assert a.key() != config("real", optimizer="adamw", accumulate_gradients=True).key()
    assert a.key() != config("real", optimizer="adam").key()
    assert config("complex").key() != config("complex", output="re").key()
    assert a.as_dict()["weight_decay"] == 0.01 and config().as_dict()["weight_decay"] == 0.0
    assert TrainConfig.from_dict(a.as_dict()).key() == a.key()


@pytest.mark.parametrize("changes, name", [
    (dict(field="quaternion"), "field"), (dict(task="copy"), "task"), (dict(n=0), "n"), (dict(t=0), "t"),
    (dict(optimizer="sgd"), "optimizer"), (dict(lr=0.0), "lr"), (dict(lr=math.nan), "lr"),
    (dict(r_min=1.0), "r_min"), (dict(steps=0), "steps"), (dict(seed=-1), "seed"), (dict(dtype="float16"), "dtype"),
    (dict(output="3re"), "output"), (dict(weight_decay=-1.0), "weight_decay"), (dict(schedule="linear"), "schedule"),
    (dict(record_every=0), "record_every"), (dict(bc_std=0.0), "bc_std"), (dict(accumulate_gradients=1), "accumulate"),
])
def test_bad_configuration_is_refused_naming_the_argument(changes, name):
    with pytest.raises(InputError, match=name):
        config(**changes)


def test_bad_parameters_and_targets_are_refused():
    params = initial_params(config())
    with pytest.raises(InputError, match="params"):
        loss_and_grad({"nu": params["nu"]}, np.ones(3), "real")
    with pytest.raises(InputError, match="params"):
        loss_and_grad({**params, "B": np.full(params["B"].size, np.nan)}, np.ones(3), "real")
    with pytest.raises(InputError, match="target"):
        loss_and_grad(params, np.array([1.0, np.inf]), "real")
    with pytest.raises(InputError, match="field"):
        loss_and_grad(params, np.ones(3), "octonion")
    with pytest.raises(InputError, match="A"):
        direct_loss_grad(np.array([0.5j]), np.ones(1), np.ones(1), np.ones(2))
    with pytest.raises(InputError, match="lengths"):
        direct_loss_grad(np.ones(2), np.ones(1), np.ones(1), np.ones(2))
    with pytest.raises(InputError, match="config"):
        train("not a config")


# -- training ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["real", "complex"])
def test_training_records_and_running_minimum(field, tmp_path):
    cfg = config(field, n=12, t=6, steps=600, record_every=50, lr=1e-2, task="delay")
    result = train(cfg)
    assert list(result.steps) == list(range(0, 600, 50)) + [599]
    assert result.loss[0] == pytest.approx(1.0, abs=1e-3)  # small B, C: nearly the zero mapping
    assert np.all(np.diff(result.running_min) <= 0)
    assert np.all(result.running_min <= result.loss)
    assert result.best_loss <= result.running_min[-1] and result.best_loss < 0.5
    best = impulse(result.best_params, cfg.t, field, cfg.output)
    target = target_values(cfg)
    assert np.sum((best - target) ** 2) == pytest.approx(result.best_loss, rel=1e-9)
    assert result.best_eps_l1 == pytest.approx(np.sum(np.abs(best - target)) / np.sum(np.abs(target)))
    assert result.eps_l1[0] == pytest.approx(1.0, abs=1e-2)
    assert result.min_eps_l1 <= np.min(result.eps_l1) and result.min_eps_l1 <= result.best_eps_l1 + 1e-12
    assert result.magnitude[0] == pytest.approx(magnitude(initial_params(cfg), field, cfg.output))
    assert result.best_magnitude == pytest.approx(magnitude(result.best_params, field, cfg.output))
    result.to_files(tmp_path / "run")
    loaded = TrainResult.load(tmp_path / "run")
    assert loaded.config == cfg and loaded.best_loss == result.best_loss
    np.testing.assert_array_equal(loaded.loss, result.loss)
    for key in result.params:
        np.testing.assert_array_equal(loaded.params[key], result.params[key])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json", "run.npz"]


def test_overflow_stops_the_run_and_is_flagged():
    result = train(config(dtype="float32", lr=1e20, steps=5, record_every=1))
    assert result.diverged and result.final_loss == math.inf
    assert list(result.steps) == [0] and math.isfinite(result.best_loss)


def test_accumulated_gradients_change_the_run_and_float32_stores_float32():
    plain = train(config(steps=30, record_every=1))
    quirk = train(config(steps=30, record_every=1, accumulate_gradients=True))
    assert plain.loss[1] == quirk.loss[1]  # identical until the second gradient is summed in
    assert plain.loss[2] != quirk.loss[2]
    single = train(config(steps=30, record_every=1, dtype="float32"))
    assert single.params["nu"].dtype == np.float32
    np.testing.assert_allclose(single.loss, plain.loss, rtol=1e-4)


def assert_identical_runs(got: TrainResult, expected: TrainResult):
    """Every number of two results equal, bit for bit (seconds aside)."""
    assert got.config == expected.config and got.diverged == expected.diverged
    for name in ("steps", "loss", "running_min", "magnitude", "eps_l1"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name), err_msg=name)
    for name in ("min_eps_l1", "best_loss", "best_eps_l1", "best_magnitude", "final_loss"):
        assert np.array_equal(getattr(got, name), getattr(expected, name), equal_nan=True), name
    for params in ("params", "best_params"):
        for key, value in getattr(expected, params).items():
            assert getattr(got, params)[key].dtype == value.dtype
            np.testing.assert_array_equal(getattr(got, params)[key], value, err_msg=f"{params}[{key}]")


@pytest.mark.parametrize("field", ["real", "complex"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("t", [5, 16])
def test_runs_trained_side_by_side_equal_the_runs_trained_alone(field, dtype, t):
    """Optimizers, rates, schedules, outputs, targets and accumulation differ within the batch, and one
    run diverges early (lr 1e4) while the others go on."""
    batch = [config(field, t=t, dtype=dtype, steps=120, record_every=7, task="delay", seed=0),
             config(field, t=t, dtype=dtype, steps=120, record_every=7, optimizer="radam", lr=3e-2, seed=1,
                    accumulate_gradients=True),
             config(field, t=t, dtype=dtype, steps=120, record_every=7, optimizer="adamw", lr=1e4, seed=2,
                    task="oscillation", output="re"),
             config(field, t=t, dtype=dtype, steps=120, record_every=7, optimizer="adamw", weight_decay=0.5,
                    schedule="constant", seed=3, r_min=0.0)]
    alone = [train(c) for c in batch]
    assert [r.diverged for r in alone] == [False, False, True, False]
    for size in range(1, LANES + 1):
        for got, expected in zip(train_batch(batch[-size:]), alone[-size:], strict=True):
            assert_identical_runs(got, expected)
    for got, expected in zip(train_batch(batch[::-1]), alone[::-1], strict=True):
        assert_identical_runs(got, expected)


def test_a_batch_reports_the_steps_of_each_run_and_shares_its_time():
    batch = [config(steps=300, seed=seed) for seed in range(3)]
    steps = []
    results = train_batch(batch, progress=steps.append)
    assert sum(steps) == 300
    assert len({r.seconds for r in results}) == 1 and results[0].seconds > 0


def test_a_bad_batch_is_refused_naming_the_argument():
    with pytest.raises(InputError, match="configs: expected 1 to 4 runs, got 0"):
        train_batch([])
    with pytest.raises(InputError, match="configs: expected 1 to 4 runs, got 5"):
        train_batch([config(seed=seed) for seed in range(5)])
    with pytest.raises(InputError, match="configs: entry 1 differs from entry 0"):
        train_batch([config(), config(n=7)])
    with pytest.raises(InputError, match="configs: entry 1 differs from entry 0"):
        train_batch([config(), config(field="complex")])
    with pytest.raises(InputError, match="configs: entry 0 is a dict"):
        train_batch([{"field": "real"}])


# -- against the official torch code ----------------------------------------------------------------


def torch_model(params, field, dtype):
    """Leaf tensors of the official VanillaSSM (column vectors), from our parameters."""
    torch = pytest.importorskip("torch")
    def leaf(values, grad=True):
        return torch.tensor(np.asarray(values).reshape(-1, 1), dtype=dtype, requires_grad=grad)
    if field == "real":
        angle = np.where(np.asarray(params["sign"]) > 0, 0.0, np.pi)
        return {"rad_log": leaf(params["nu"]), "angle": leaf(angle, grad=False), "B": leaf(params["B"]),
                "C": leaf(params["C"])}
    return {"rad_log": leaf(params["nu"]), "angle": leaf(params["theta"]),
            "B_real": leaf(params["B"].real), "B_imag": leaf(params["B"].imag),
            "C_real": leaf(params["C"].real), "C_imag": leaf(params["C"].imag)}


def torch_official_forward(model, t, gain):
    """VanillaSSM.forward on the impulse (theory_ssm/theory_ssm.py), sequential in time."""
    import torch
    radii = torch.exp(-torch.exp(model["rad_log"]))
    if "B" in model:
        A, B, C = radii * torch.cos(model["angle"]), model["B"], model["C"]
        h = torch.zeros(1, B.size(0), 1, dtype=B.dtype)
    else:
        A = radii * torch.cos(model["angle"]) + 1j * (radii * torch.sin(model["angle"]))
        B = model["B_real"] + 1j * model["B_imag"]
        C = model["C_real"] + 1j * model["C_imag"]
        h = torch.zeros(1, B.size(0), 1, dtype=B.dtype)
    x = torch.zeros(1, t, dtype=model["rad_log"].dtype)
    x[0, 0] = 1
    A, B = A.unsqueeze(0), B.unsqueeze(0)
    outputs = []
    for k in range(t):
        h = A * h + B * x[:, k].view(1, 1, 1)
        outputs.append(torch.real(torch.matmul(h[:, :, 0], C)).squeeze(-1))
    return gain * torch.stack(outputs, dim=1).squeeze()


@pytest.mark.parametrize("field, output", [("real", "2re"), ("complex", "2re"), ("complex", "re")])
def test_gradient_matches_torch_autograd_of_the_official_forward(field, output):
    torch = pytest.importorskip("torch")
    cfg = config(field, n=7, t=9, output=output, task="oscillation")
    params = scaled_params(cfg)
    target = target_values(cfg)
    model = torch_model(params, field, torch.float64)
    loss = torch.nn.MSELoss(reduction="sum")(torch_official_forward(model, cfg.t, cfg.gain), torch.tensor(target))
    loss.backward()
    ours, grads = loss_and_grad(params, target, cfg)
    assert ours == pytest.approx(loss.item(), rel=1e-12)
    np.testing.assert_allclose(grads["nu"], model["rad_log"].grad.numpy().ravel(), rtol=1e-9, atol=1e-14)
    if field == "real":
        np.testing.assert_allclose(grads["B"], model["B"].grad.numpy().ravel(), rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(grads["C"], model["C"].grad.numpy().ravel(), rtol=1e-9, atol=1e-14)
    else:
        np.testing.assert_allclose(grads["theta"], model["angle"].grad.numpy().ravel(), rtol=1e-9, atol=1e-14)
        for name in ("B", "C"):
            torch_grad = model[f"{name}_real"].grad.numpy().ravel() + 1j * model[f"{name}_imag"].grad.numpy().ravel()
            np.testing.assert_allclose(grads[name], torch_grad, rtol=1e-9, atol=1e-14)


def torch_official_training(cfg, dtype):
    """The training loop of train_theory.py on our initial parameters (zero_grad as configured)."""
    torch = pytest.importorskip("torch")
    model = torch_model(initial_params(cfg), cfg.field, dtype)
    trainable = [p for p in model.values() if p.requires_grad]
    kinds = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "radam": torch.optim.RAdam}
    optimizer = kinds[cfg.optimizer](trainable, lr=cfg.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg.steps)
    target = torch.tensor(target_values(cfg), dtype=dtype)
    losses = []
    for _ in range(cfg.steps):
        if not cfg.accumulate_gradients:
            optimizer.zero_grad()
        loss = torch.nn.MSELoss(reduction="sum")(torch_official_forward(model, cfg.t, cfg.gain), target)
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
    return np.array(losses), {k: v.detach().numpy().ravel() for k, v in model.items()}


@pytest.mark.parametrize("field, optimizer, accumulate", [
    ("real", "adam", False), ("real", "adamw", True), ("real", "radam", False),
    ("complex", "adam", True), ("complex", "adamw", False), ("complex", "radam", True)])
def test_training_matches_the_official_torch_loop(field, optimizer, accumulate):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    cfg = config(field, optimizer=optimizer, accumulate_gradients=accumulate, steps=12, record_every=1,
                 lr=3e-2, n=5, t=6, task="delay")
    losses, final = torch_official_training(cfg, torch.float64)
    result = train(cfg)
    np.testing.assert_allclose(result.loss, losses, rtol=1e-10)
    np.testing.assert_allclose(result.params["nu"], final["rad_log"], rtol=1e-10)
    if field == "real":
        np.testing.assert_allclose(result.params["B"], final["B"], rtol=1e-9)
    else:
        np.testing.assert_allclose(result.params["theta"], final["angle"], rtol=1e-10)
        np.testing.assert_allclose(result.params["C"], final["C_real"] + 1j * final["C_imag"], rtol=1e-9)


def test_float32_training_follows_the_official_float32_loop():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    cfg = config("complex", steps=12, record_every=1, lr=3e-2, n=5, t=6, task="delay", dtype="float32")
    losses, final = torch_official_training(cfg, torch.float32)
    result = train(cfg)
    np.testing.assert_allclose(result.loss, losses, rtol=2e-5)
    np.testing.assert_allclose(result.params["nu"], final["rad_log"], rtol=2e-5)
