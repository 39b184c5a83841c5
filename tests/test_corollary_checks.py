"""Pieces of the corollary checks: rational eps brackets, state splitting, the decision rule."""
import csv

from flint import arb, ctx, fmpq

from figures import theorem2_tightness
from numerics import DiagonalSSM, impulse_response, make_target
from numerics.realfit.theorem2 import weight_size
from verify.checks.ranmilo.corollaries import decide, rational_brackets, split_states


def test_rational_brackets_enclose_an_irrational_eps():
    with ctx.workprec(128):
        eps = 1 / (8 * arb(32).sqrt())
        down, up = rational_brackets(eps)
        assert arb(down) < eps < arb(up)
        assert up - down < fmpq(1, 2**36)


def test_split_states_keeps_the_response_and_spreads_the_weight():
    ssm = DiagonalSSM([fmpq(1, 2), fmpq(-1, 3), fmpq(0)], [fmpq(7), fmpq(-1, 5), fmpq(2)], [1, 1, 1])
    split = split_states(ssm, 100)
    assert list(impulse_response(split, 10, system="exact")) == list(impulse_response(ssm, 10, system="exact"))
    total = sum(abs(b) for b in ssm.B)
    # n max|w| <= ||w||_1 (1 + n_old / copies): far below the unsplit 3 * 7 = 21
    assert weight_size(split) <= total * (1 + fmpq(3, 100)) < weight_size(ssm)


def test_decision_rule_on_a_known_value():
    """delay at t = 8, eps = 0: truth = 56 (Markov's coefficient of x^3 in T_7)."""
    phi = list(make_target("delay", 8).values("exact"))
    assert decide(phi, fmpq(0), fmpq(0), arb(50), 8)["decision"] == "holds"
    failing = decide(phi, fmpq(0), fmpq(0), arb(60), 8)
    assert failing["decision"] == "fails"
    witness = failing["counterexample"]
    assert witness["t"] == 8 and fmpq(*map(int, (witness["lhs"] + "/1").split("/")[:2])) < 60


def test_tightness_figure_writes_the_plotted_csv(tmp_path):
    rows = theorem2_tightness.compute(ts=[8, 12])
    paths = theorem2_tightness.draw(rows, tmp_path)
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"]
    with (tmp_path / "theorem2_tightness.csv").open() as handle:
        written = list(csv.DictReader(handle))
    assert [float(r["truth_lower"]) for r in written] == [r["truth_lower"] for r in rows]
    for r in rows:
        assert r["corrected_bound"] <= r["truth_lower"] <= r["truth_upper"]
        assert r["complex_prop3_n_max_abs_CB"] < r["truth_lower"]


# ---------------------------------------------------------------------------------------------
# The verdict is no stronger than what was decided (issue 11).

from verify.checks.ranmilo import corollaries as checks  # noqa: E402


def _record(t, decision):
    record = {"t": t, "decision": decision, "bound_lower": 1.0, "bound_upper": 1.0, "truth_lower": 2.0,
              "truth_upper": 2.0}
    if decision == "holds":
        record["truth_over_bound"] = 2.0
    return record


def test_undecided_t_values_make_the_corollary_open_and_are_reported():
    outcome = checks._verdict([_record(9, "holds"), _record(10, "undecided"), _record(11, "undecided")],
                              "ranmilo.cor1", checks.NOTE)
    assert outcome.verdict == "open" and outcome.margin is None
    assert outcome.evidence["undecided_t"] == [10, 11] and "undecided at t in [10, 11]" in outcome.summary


def test_a_proved_corollary_has_no_float_margin_and_lists_its_premises():
    outcome = checks._verdict([_record(9, "holds"), _record(10, "holds")], "ranmilo.cor1", checks.NOTE)
    assert outcome.verdict == "proved" and outcome.margin is None
    assert outcome.evidence["smallest_certified_slack"] <= 0.5  # 1 - 1/2, rounded down
    assert outcome.premises and outcome.premises == outcome.evidence["premises"]
