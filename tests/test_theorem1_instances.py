"""The Theorem 1 checks on a small grid: verdict logic, counts, witnesses that re-verify exactly."""
from fractions import Fraction

import pytest
from flint import fmpq

from numerics import DiagonalSSM, impulse_response
from numerics.ssm.complex_target import ComplexOscillator, admissible_angle
from numerics.realfit import verify_witness
from verify.checks.ranmilo import theorem1_instances as module


def _rational(text: str) -> fmpq:
    value = Fraction(text)
    return fmpq(value.numerator, value.denominator)


@pytest.fixture
def small_grid(monkeypatch):
    monkeypatch.setitem(module.TIMES, "quick", (18, 27))
    monkeypatch.setitem(module.POSITIONS, "quick", (fmpq(0), fmpq(1, 2), fmpq(1)))
    monkeypatch.setitem(module.PHASES, "quick", (fmpq(1, 3),))
    module.instances.cache_clear()
    yield
    module.instances.cache_clear()


def test_bound_arithmetic():
    assert module.printed_bound(45, fmpq(1, 20)) == fmpq(19, 5)
    assert module.largest_refuting_dimension(fmpq(19, 5)) == 3
    assert module.largest_refuting_dimension(fmpq(3)) == 2
    assert module.largest_refuting_dimension(fmpq(0)) == -1


def test_theorem1_check_on_small_grid(small_grid):
    outcome = module.theorem1_instances("quick")
    rows = module.instances("quick")
    assert len(rows) == 2 * 3 * 1 * 3
    assert outcome.verdict == "certified" and outcome.margin >= 0
    assert outcome.evidence["counts_per_t"] == {"18": {"proved": 9, "refuted": 0, "open": 0},
                                                "27": {"proved": 9, "refuted": 0, "open": 0}}
    for row in rows:
        bracket, target, eps = row["_bracket"], row["_target"], row["_eps"]
        assert target.satisfies_hypotheses()
        assert row["n_lo"] >= module.printed_bound(row["t"], eps)
        if bracket.witness.has_ball_parameters:
            # an exact SSM inside the balls matches phi: every difference ball contains 0
            response = impulse_response(bracket.witness, row["t"], system="arb", prec=bracket.prec)
            assert all((a - b).contains(0) for a, b in zip(response, target.values(bracket.prec)))
        else:
            ok, error, _ = verify_witness(bracket.witness, target.values(256), eps, prec=256)
            assert ok and error <= eps


def test_refuted_path_reports_a_rechecking_counterexample(small_grid, monkeypatch):
    # pretend the printed bound were t - 1: the verified witnesses below it must refute it
    monkeypatch.setattr(module, "printed_bound", lambda t, eps: fmpq(t - 1))
    module.instances.cache_clear()
    outcome = module.theorem1_instances("quick")
    assert outcome.verdict == "refuted" and outcome.margin < 0
    found = outcome.counterexample
    witness = found["witness"]
    ssm = DiagonalSSM([_rational(a) for a in witness["A"]], [_rational(b) for b in witness["B"]],
                      [_rational(c) for c in witness["C"]], field="real")
    assert ssm.n == found["n_hi"] < found["t"] - 1
    target = ComplexOscillator(found["t"], *admissible_angle(0), g=fmpq(1, 3))
    assert target.describe() == found["target"]
    ok, _, _ = verify_witness(ssm, target.values(), _rational(found["eps"]))
    assert ok
    listed = outcome.evidence["refuted_instances"]
    assert len(listed) == sum(c["refuted"] for c in outcome.evidence["counts_per_t"].values())


def test_prop2_dimension_embeds_witnesses_exactly(small_grid):
    outcome = module.prop2_dimension("quick")
    assert outcome.verdict == "certified" and outcome.evidence["witnesses_embedded"] >= 1
    row = next(r for r in module.instances("quick") if not r["_bracket"].witness.has_ball_parameters)
    from numerics.ssm.constructions import embed_in_complex
    real = row["_bracket"].witness
    embedded = embed_in_complex(real, real.n)
    assert embedded.n == real.n and embedded.is_complex
    assert list(impulse_response(embedded, row["t"], system="exact")) == list(
        impulse_response(real, row["t"], system="exact"))


def test_figure_rows_and_files(tmp_path):
    import csv
    from figures import theorem1_dimension
    rows = theorem1_dimension.compute("quick", ts=[18])
    assert len(rows) == len(theorem1_dimension.ANGLES)
    for row in rows:
        assert 1 <= row["n_lo"] <= row["n_hi"] <= 17 and row["printed_bound"] == 0.8 and row["complex_dimension"] == 1
    paths = theorem1_dimension.draw(rows, tmp_path)
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"]
    with open(tmp_path / "theorem1_dimension.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [int(r["n_lo"]) for r in written] == [r["n_lo"] for r in rows]
    assert [int(r["n_hi"]) for r in written] == [r["n_hi"] for r in rows]


def test_each_hypothesis_is_tried_outside_and_needed(small_grid):
    """arg A = 0 and |B C| = 1/1000 (t = 27, eps = 1/20): fewer states than the bound suffice, so Theorem 1
    without either hypothesis is refuted; the witnesses re-verify exactly."""
    outcome = module.theorem1_instances("quick")
    assert outcome.verdict == "certified"
    edges = outcome.evidence["outside_hypotheses"]
    assert set(edges) == set(module.HYPOTHESES) == {"|sin arg A| >= 0.2", "|B C| >= 1"}
    assert all(entry["without_it_refuted"] for entry in edges.values())
    for row in module.outside_instances("quick"):
        target = row["_target"]
        assert not target.satisfies_hypotheses() and not module.HYPOTHESES[row["outside"]](target)
        assert row["n_hi"] < module.printed_bound(row["t"], row["_eps"])
        witness = row["_bracket"].witness
        if not witness.has_ball_parameters:
            ok, _, _ = verify_witness(witness, target.values(256), row["_eps"], prec=256)
            assert ok
    with pytest.raises(ValueError):
        module.instance(27, fmpq(0), fmpq(0), fmpq(1, 20), p=fmpq(0), q=fmpq(0))  # outside: refused by default


def test_mutations_of_the_instance_grid_flip_and_restore():
    from verify import registry
    from verify.mutation import run_mutation
    check = registry.get("ranmilo.thm1.instances")
    assert len(check.mutations) == 3
    for description, _ in check.mutations:
        assert run_mutation(check, description).verdict == "refuted", description
    assert module.TIMES["quick"] == (18, 27, 45) and module.printed_bound(45, fmpq(0)) == 4
    assert all(holds is not None for holds in module.HYPOTHESES.values())
    assert module.HYPOTHESES["|B C| >= 1"](module.ComplexOscillator(27, fmpq(1, 2), beta=fmpq(1, 2))) is False
