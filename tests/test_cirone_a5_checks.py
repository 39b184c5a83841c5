"""theory.cirone.a5 and verify.checks.cirone.a5: the proof of the one-diagonal-layer statement, the exact
checks, their mutations, the experiment check from recorded runs, and figures.cirone_a5."""
import csv
import json

import numpy as np
import sympy
from sympy import Function

import figures.cirone_a5 as figure
import verify.checks.cirone.a5 as checks
from numerics.nets import a5 as group
from numerics.nets.a5_study import A5Result, blocks_needed, tier_config, write_records
from theory.cirone import a5 as theory
from theory.steps import perturbed
from verify.mutation import patched


def test_the_proof_is_complete_without_finite_steps_and_fails_when_perturbed():
    proof = theory.one_diagonal_layer.prove()
    assert proof.complete and proof.verdict == "proved" and not proof.finite_scopes
    assert {s.kind for s in proof.steps} >= {"sympy", "z3", "premise"}
    with perturbed():
        assert theory.one_diagonal_layer.prove().verdict == "open"
    assert [s.name for s in theory.a5.walk()] == ["cirone.a5", "cirone.a5.dense_solves", "cirone.a5.one_diagonal_layer",
                                                  "cirone.a5.one_diagonal_layer_on_a5", "cirone.a5.figure2"]


def test_non_commuting_transitions_break_the_g_independence():
    # the same recurrence with non-commuting transitions A(x): the difference depends on x_1
    A = Function("A", commutative=False)
    beta = Function("beta", commutative=False)
    g, g2, a, b, h0 = sympy.symbols("g g' a b h_0", commutative=False)

    def h(x1, x2, x3):
        state = h0
        for x in (x1, x2, x3):
            state = A(x) * state + beta(x)
        return sympy.expand(state)
    difference = h(g, a, b) - h(g, b, a)
    assert sympy.expand(difference - difference.subs(g, g2)) != 0


def test_dense_check_and_its_mutations():
    outcome = checks.dense_solves("quick")
    assert outcome.verdict == "certified" and outcome.margin == 0.0
    assert outcome.evidence["instances"][2]["sequences"] == 216_000
    for mutation in (checks._reversed_order, checks._transposed):
        with patched(checks, "CONSTRUCTION", mutation), patched(checks, "EXHAUSTIVE_UP_TO", 2):
            assert checks.dense_solves("quick").verdict == "open"


def test_diagonal_certificate_check_and_its_mutation():
    outcome = checks.one_diagonal_layer_on_a5("quick")
    assert outcome.verdict == "certified" and outcome.margin >= 0.25
    pairs = sum(1 for a in range(60) for b in range(60) if group.TABLE[a, b] != group.TABLE[b, a])
    assert outcome.evidence["certified"] == pairs > 0
    assert outcome.evidence["first_pair"]["ranks"]["outside"]
    # a commuting pair has no certificate: the target's difference does not depend on g there
    assert checks.certificate(0, 0, 5) is None
    with patched(checks, "KEYS", checks.ordered_keys):
        assert checks.one_diagonal_layer_on_a5("quick").verdict == "open"


def _runs(blocks_of):
    """Fake full-tier runs: each model needs blocks_of[model][length] blocks (None: never solved)."""
    def runner(configs):
        out = []
        for c in configs:
            need = blocks_of[c.model][c.length]
            solved = need is not None and c.depth >= need
            out.append(A5Result(config=c, accuracy=0.95 if solved else 0.3, solved=solved, steps=10,
                                eval_steps=np.array([0, 10]), eval_accuracy=np.array([0.0, 0.95 if solved else 0.3])))
        return out
    return runner


def test_experiment_check_is_open_until_recorded_then_reads_the_record(tmp_path):
    missing = tmp_path / "none.json"
    with patched(checks, "RECORDED", missing):
        assert checks.figure2("quick").verdict == "open"
    lengths = (3, 4, 5, 6)
    claim = {"rnn": {L: 1 for L in lengths}, "lcde": {L: 1 for L in lengths},
             "s4": dict(zip(lengths, (1, 1, 2, 4))), "mamba": dict(zip(lengths, (1, 2, None, None))),
             "transformer": dict(zip(lengths, (1, 1, 1, 2)))}
    recorded = tmp_path / "runs.json"
    write_records(blocks_needed("full", runner=_runs(claim))["runs"], recorded)
    with patched(checks, "RECORDED", recorded):
        outcome = checks.figure2("quick")
        assert outcome.verdict == "checked", outcome.summary
        assert outcome.evidence["blocks"]["mamba"][5] is None and outcome.evidence["blocks"]["s4"][6] == 4
    against = dict(claim, rnn=dict(zip(lengths, (1, 1, 2, 2))))
    write_records(blocks_needed("full", runner=_runs(against))["runs"], recorded)
    with patched(checks, "RECORDED", recorded):
        outcome = checks.figure2("quick")
        assert outcome.verdict == "refuted"
        assert [m["model"] for m in outcome.counterexample["disagreeing_models"]] == ["rnn"]
    # the mutation contradicts the expected verdict whichever it is
    with patched(checks, "_study", checks._contradicting_runs):
        assert checks.figure2("quick").verdict == "checked"
    with patched(checks, "EXPECTED", "checked"), patched(checks, "_study", checks._contradicting_runs):
        assert checks.figure2("quick").verdict == "refuted"
    assert json.loads(recorded.read_text())[0]["fields"]["hidden"] == tier_config("full", "rnn", 3, 1).hidden


def test_figure_draws_ours_beside_the_paper(tmp_path):
    needs = {m: {3: 1, 4: 2, 5: None} for m in ("rnn", "lcde", "s4", "mamba", "transformer")}
    with patched(figure, "blocks_needed", lambda tier, device, runner: blocks_needed(tier, runner=_runs(needs))):
        data = figure.compute("quick")
    paths = figure.draw(data, tmp_path)
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".png"] and all(p.stat().st_size for p in paths)
    rows = list(csv.DictReader((tmp_path / "cirone_a5.csv").read_text().splitlines()))
    ours = [r for r in rows if r["source"] == "ours"]
    assert len(ours) == 15 and {r["blocks"] for r in ours} == {"1", "2", ""}
    paper = {(r["model"], r["length"]): r["blocks"] for r in rows if r["source"] == "paper"}
    assert paper[("mamba", "4")] == "2" and paper[("s4", "20")] == "" and len(paper) == 70
