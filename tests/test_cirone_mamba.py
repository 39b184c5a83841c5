"""Corollary 4.4 / B.20 of Cirone et al. 2024 (theory/cirone/mamba.py, verify/checks/cirone/mamba.py):
the proof of the channel separation, the exact machinery of the checks against independent computations,
the verdicts and their mutations."""
from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np
from flint import fmpq

from numerics.paths.cde import solve_linear_cde
from numerics.paths.signatures import exact_signature
from theory import registry
from theory.cirone import mamba as theory_mamba
from theory.statement import STEP_KINDS
from verify import registry as verify_registry
from verify.checks.cirone import mamba
from verify.mutation import patched, run_mutation
from verify.runner import run_check

NAMES = ["cirone.cor4_4", "cirone.cor4_4.channel_separation", "cirone.cor4_4.readout_splits",
         "cirone.cor4_4.cross_terms_outside"]


def test_statements_are_registered_with_source_and_hypotheses():
    top = registry.get("cirone.cor4_4")
    assert [s.name for s in top.walk()] == NAMES
    for name in NAMES:
        statement = registry.get(name)
        assert statement.source.startswith("Corollary 4.4") and statement.hypotheses
        assert theory_mamba.CHANNEL_WISE[0] in statement.hypotheses


def test_channel_separation_proof_is_complete_and_quick():
    start = time.perf_counter()
    proof = registry.get("cirone.cor4_4.channel_separation").prove()
    assert time.perf_counter() - start < 10
    assert proof.complete and proof.verdict == "proved" and not proof.finite_scopes
    assert all(step.kind in STEP_KINDS for step in proof.steps)
    assert {"sympy", "z3", "premise"} <= {step.kind for step in proof.steps}
    assert all(step.query and "z3" in step.method for step in proof.steps if step.kind == "z3")
    assert any("Proposition 4.6" in p for p in proof.premises)


def test_separation_needs_channel_wise_blocks():
    # Theorem 4.3's diagonal model (A_i on every coordinate, B dense): every vanishing claim fails
    assert all(step.holds for step in theory_mamba.mixing_steps(channel_wise=True))
    assert not any(step.holds for step in theory_mamba.mixing_steps(channel_wise=False))


def test_mixing_words_vanish_exactly_only_when_channel_wise():
    rng = np.random.default_rng(3)
    for model, mixing in ((mamba.channel_wise_model, False), (mamba.coupled_model, True),
                          (mamba.everywhere_diagonal_model, True)):
        A, B, z0, v = model(rng)
        coefficients = mamba.full_readout_coefficients(A, B, z0, v, mamba.CHANNELS, 3)
        assert any(c != 0 for w, c in coefficients.items() if len(set(w)) > 1) == mixing, model.__name__


def _float_model(A, B, z0, v):
    A_float = np.array([[[float(x) for x in row] for row in matrix] for matrix in A])
    B_float = np.array([[float(x) for x in column] for column in B]).T          # columns B_j -> (N, d)
    return A_float, B_float, np.array([float(x) for x in z0]), np.array([float(x) for x in v])


def test_truncated_readout_converges_to_the_solved_cde():
    # independent: the float64 solver of numerics.paths.cde (exact exponentials per segment) on the dense form
    rng = np.random.default_rng(5)
    A, B, z0, v = mamba.channel_wise_model(rng)
    path = [[fmpq(0), fmpq(0), fmpq(0)], [fmpq(1, 16), fmpq(-1, 32), fmpq(1, 24)], [fmpq(1, 32), fmpq(1, 16), fmpq(0)]]
    level = 8       # tail <= (M L)^9 / 9! with M L < 1/4
    coefficients = mamba.full_readout_coefficients(A, B, z0, v, mamba.CHANNELS, level)
    sig = exact_signature(path, level)
    sig[()] = fmpq(1)
    truncated = float(sum((c * sig[w] for w, c in coefficients.items()), fmpq(0)))
    Af, Bf, zf, vf = _float_model(A, B, z0, v)
    points = np.array([[[float(x) for x in p] for p in path]])
    solved = float(solve_linear_cde(Af, Bf, zf, points)[0] @ vf)
    assert abs(truncated - solved) < 1e-9
    # and the one-channel readouts have the closed forms e^(a dX) z0 + b (e^(a dX) - 1)/a per coordinate
    ones = sum(float(mamba.one_channel_readout(A, B, z0, v, i, exact_signature([[p[i]] for p in path], level),
                                               level)) for i in range(mamba.CHANNELS))
    closed = 0.0
    for i in range(mamba.CHANNELS):
        dx = float(path[-1][i] - path[0][i])
        for n in range(i * mamba.BLOCK, (i + 1) * mamba.BLOCK):
            a = Af[i, n, n]
            closed += vf[n] * (math.exp(a * dx) * zf[n] + Bf[n, i] * math.expm1(a * dx) / a)
    assert abs(ones - closed) < 1e-9 and abs(ones - solved) < 1e-9


def test_channel_wise_generators_are_one_letter_words():
    generators = mamba.channel_wise_generators(2, 3)
    assert {w for g in generators for w in g} == {(), (0,), (0, 0), (0, 0, 0), (1,), (1, 1), (1, 1, 1)}


def test_increment_certificates():
    record = mamba.increment_certificates(3)
    assert record["holds"] and record["area_on_pair"] == ["1", "0"] and record["cross_term_alternating_sum"] == "2"
    with patched(mamba, "GENERATORS", mamba.diagonal_generators):
        broken = mamba.increment_certificates(3)
    assert not broken["pair_generators_agree"] and not broken["rectangle_generator_sums_zero"]


def test_cross_term_decisions():
    for target in mamba.TARGETS.values():
        assert mamba.word_rank_decision(target, 3)["outside"]
        assert mamba.evaluation_decision(target, 3)["outside"]
    # a one-channel target is inside
    assert not mamba.word_rank_decision({(0, 0): Fraction(1)}, 3)["outside"]


def test_checks_reach_their_verdicts_and_mutations_flip():
    for name in ("cirone.cor4_4.readout_splits", "cirone.cor4_4.cross_terms_outside",
                 "cirone.cor4_4.channel_separation"):
        check = verify_registry.get(name)
        result = run_check(check, "quick")
        assert result.verdict == check.expected, (name, result.summary)
        assert result.seconds < 5
        assert check.mutations
        for description, _ in check.mutations:
            mutated = run_mutation(check, description)
            assert mutated.flipped and mutated.error is None, (name, description)
