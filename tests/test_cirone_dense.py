"""Tests of Theorem 4.1 / B.13, Lemma B.8 and Proposition B.10 of Cirone et al. 2024
(theory/cirone/dense.py, verify/checks/cirone/dense.py).

The proofs are complete and quick, and fail when fed a wrong construction (left multiplication,
truncation one level early, ``K_M`` under the kernel's integral); the exact B.13 solver agrees with the
float64 Linear CDE solver of numerics.paths.cde on the same matrices; the cell polynomials of the
kernel check end at the next knot's signature; the arb readout of Proposition B.10 agrees with the
float64 solver; the checks reach their verdicts on the quick tier and every mutation flips them.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy
from flint import arb, fmpq, fmpq_mat

from numerics.paths.cde import solve_linear_cde
from numerics.paths.signatures import exact_signature
from theory import registry
from theory.cirone import dense
from theory.statement import STEP_KINDS
from verify import registry as verify_registry
from verify.checks.cirone import dense as checks
from verify.mutation import run_mutation
from verify.runner import run_check
from conftest import timed_proofs

TOP_LEVEL = ["cirone.thm4_1", "cirone.lemmaB_8", "cirone.propB_10"]
PROVED = ["cirone.thm4_1.right_multiplication", "cirone.lemmaB_8.one_segment", "cirone.propB_10.tail"]


def test_registered_with_sources_and_hypotheses():
    top = [s.name for s in registry.top_level()]
    assert [n for n in top if n in TOP_LEVEL] == TOP_LEVEL
    for name in TOP_LEVEL + PROVED:
        statement = registry.get(name)
        assert statement.source.startswith(("Theorem 4.1", "Lemma B.8", "Proposition B.10"))
        assert statement.hypotheses, name
    assert [s.name for s in registry.get("cirone.thm4_1").steps] == ["cirone.thm4_1.right_multiplication"]
    assert registry.get("cirone.propB_10").conclusion.has(sympy.factorial)


def test_proofs_are_complete_and_quick():
    for name, (proof, seconds) in timed_proofs(PROVED).items():
        assert proof.complete and proof.verdict == "proved", [s.claim for s in proof.steps if not s.holds]
        assert seconds < 10, name
        assert all(step.kind in STEP_KINDS for step in proof.steps)
        assert any(step.kind in ("sympy", "z3") for step in proof.steps), name
        assert all(step.scope for step in proof.steps if step.kind == "premise")


def _left(d, level, letter):
    basis = dense.tensor_words(d, level)
    index = {w: i for i, w in enumerate(basis)}
    matrix = sympy.zeros(len(basis))
    for w in basis:
        if len(w) < level:
            matrix[index[(letter,) + w], index[w]] = 1
    return matrix


def _early(d, level, letter):
    matrix = dense.right_multiplication(d, level, letter)
    basis = dense.tensor_words(d, level)
    for j, w in enumerate(basis):
        if len(w) == level - 1:
            matrix[:, j] = sympy.zeros(len(basis), 1)
    return matrix


@pytest.mark.parametrize("wrong", [_left, _early])
def test_segment_proof_fails_for_a_wrong_construction(wrong):
    steps = dense.segment_steps(sizes=((2, 2),), multiplication=wrong)
    nilpotent, chen = steps[0], steps[1]
    assert nilpotent.holds            # still nilpotent: the failure is the order/truncation of the words
    assert not chen.holds


def test_kernel_proof_fails_off_by_one_level():
    assert all(s.holds for s in dense.one_segment_kernel_steps(levels=(1, 2)))
    assert not any(s.holds for s in dense.one_segment_kernel_steps(levels=(1, 2), integrand_shift=0))


def test_dimension_formula():
    for d, level in [(2, 3), (3, 2), (4, 3)]:
        assert len(dense.tensor_words(d, level)) == (d ** (level + 1) - 1) // (d - 1)


def test_exact_b13_solver_agrees_with_the_float_solver():
    rng = np.random.default_rng(3)
    construction = checks.b13_construction(1, 2, 1, 3)
    N = construction["N"]
    omega, xi = checks.rational_path(rng, 4, 2), checks.rational_path(rng, 4, 1)
    z0 = construction["C"] * fmpq_mat([[fmpq(3, 4)]])
    states, terms = checks.solve_exactly(construction, z0, omega, xi)
    assert terms <= construction["level"] + 1
    A = np.array([[[float(Ak[r, c]) for c in range(N)] for r in range(N)] for Ak in construction["A"]])
    B = np.array([[float(construction["B"][r, 0])] for r in range(N)])
    floats = solve_linear_cde(A, B, np.array([float(z0[r, 0]) for r in range(N)]),
                              np.array([[[float(x) for x in p] for p in omega]]),
                              xi=np.array([[[float(x) for x in p] for p in xi]]), method="exact")[0]
    assert np.allclose([float(states[-1][r, 0]) for r in range(N)], floats, atol=1e-12)


def test_signature_form_is_the_truncated_signature():
    # Z_0 = e_(): the state at the end is (1, Sig^(<=M)) word by word
    omega = [[fmpq(0), fmpq(0)], [fmpq(1, 2), fmpq(-1, 4)], [fmpq(1, 4), fmpq(1)]]
    construction = checks.b13_construction(0, 2, 0, 3)
    z0 = fmpq_mat(construction["N"], 1)
    z0[0, 0] = 1
    states, _ = checks.solve_exactly(construction, z0, omega, [[] for _ in omega])
    sig = exact_signature(omega, 3)
    for word, i in construction["index"].items():
        assert states[-1][i, 0] == (sig[word] if word else 1)


def test_word_structure_detects_left_multiplication():
    construction = checks.b13_construction(1, 2, 1, 3)
    assert checks.word_structure(construction, False)["holds"]
    construction["A"] = [checks.left_multiplication_matrix(4, 3, 1 + k) for k in range(2)]
    assert not checks.word_structure(construction, False)["holds"]


def test_kernel_cells_and_symmetry():
    record = checks.kernel_instance(1, d0=1, d_omega=2, d_xi=1, level=2, lengths=(3, 3))
    assert record["holds"] and record["cell_polynomials_end_at_next_knot"]
    fx = {(): fmpq(1), (0,): fmpq(1, 2), (2,): fmpq(1, 3)}
    fy = {(): fmpq(1), (0,): fmpq(-1), (2,): fmpq(2)}
    assert checks.kernel_value(fx, fy, [fmpq(2)], [fmpq(3)], 2, 1, 1) == \
        checks.kernel_value(fy, fx, [fmpq(3)], [fmpq(2)], 2, 1, 1) == 6 * (1 - fmpq(1, 2)) + fmpq(2, 3)


def test_series_tail_matches_mpmath():
    for x, start in [(fmpq(3, 4), 0), (fmpq(5, 2), 3), (fmpq(1, 8), 5)]:
        ball = checks.series_tail(arb(x), start)
        ratio = mpmath.mpf(int(x.p)) / int(x.q)
        exact = mpmath.nsum(lambda m: ratio ** m / mpmath.factorial(m), [start, mpmath.inf])
        assert abs(float(ball.mid()) - float(exact)) < 1e-12 * max(1.0, float(exact))


def test_tail_readout_agrees_with_float_solver():
    record = checks.tail_instance(0, N=1, d0=1, d_omega=1, d_xi=0, length=3, levels=3, tight=True)
    low, high = record["readout"]
    assert low <= 65 / 64 * math.exp(3 / 4) <= high + 1e-15
    assert record["hypothesis |v^T A_I .| <= lambda^|I| on the computed words"]
    assert all(row["holds"] for row in record["levels"])


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_checks_reach_their_verdicts_and_mutations_flip(name):
    check = verify_registry.get(name)
    result = run_check(check, "quick")
    assert result.verdict == check.expected == "certified", result.summary
    assert result.seconds < 5
    assert len(check.mutations) >= 2
    for description, _ in check.mutations:
        outcome = run_mutation(check, description)
        assert outcome.flipped and outcome.error is None, description
