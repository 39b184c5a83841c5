"""Tests of the statements of Cirone et al. 2024 (theory.cirone) and of their sympy proofs.

Besides checking that every proof is complete (each step machine-checked or a cited premise, no
finite step), the tests feed the proof helpers a wrong claim (the latest letter acting first in the
expansion, general instead of diagonal matrices, a wrong zero-order-hold formula, a label word
outside the odd-multiplicity hypothesis, a dropped bound on the 1-variation, K < 0) and check that
the proof then fails; they check that the records carry the hypotheses their proofs use; they
evaluate the bound expressions against hand formulas; and they test the word combinatorics
(shuffles, symmetrisation, time relations) against signatures computed by numerics.paths.signatures.
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from flint import fmpq
from hypothesis import given, settings, strategies as st

from numerics.errors import InputError
from numerics.paths.signatures import signature, time_augment, word_index
from theory import registry
from theory.cirone import chaining, diagonal, lti, signature_expansion, words, zoh
from theory.statement import STEP_KINDS
from verify.mutation import patched
from conftest import timed_proofs

TOP_LEVEL = ["cirone.thm4_1", "cirone.lemmaB_8", "cirone.propB_10", "cirone.thm4_2", "cirone.lti_symmetry",
             "cirone.thm4_3", "cirone.cor4_4", "cirone.prop4_5", "cirone.appendixC1", "cirone.appendixC2_1",
             "cirone.prop4_6", "cirone.thmE_1", "cirone.thmE_2", "cirone.thmE_6", "cirone.prop5_1", "cirone.lemmaA_8", "cirone.propA_4",
             "cirone.propB_18", "cirone.appendixF", "cirone.fig1_s4_linear", "cirone.fig1_mamba_stacking",
             "cirone.fig1_nonlinearity", "cirone.fig1_lcde_area", "cirone.a5"]
WITHOUT_PROOF = {"cirone.a5", "cirone.a5.dense_solves", "cirone.a5.one_diagonal_layer_on_a5", "cirone.a5.figure2",
                 "cirone.fig1_s4_linear", "cirone.fig1_mamba_stacking", "cirone.fig1_nonlinearity",
                 "cirone.fig1_lcde_area", "cirone.appendixC1", "cirone.appendixC2_1", "cirone.thmE_1", "cirone.thmE_2", "cirone.thmE_6",
                 "cirone.cor4_4", "cirone.cor4_4.readout_splits", "cirone.cor4_4.cross_terms_outside",
                 "cirone.prop5_1", "cirone.prop5_1.construction", "cirone.prop5_1.linear_readout",
                 "cirone.prop5_1.linear_readout_corrected", "cirone.thm4_1", "cirone.lemmaB_8", "cirone.propB_10", "cirone.thm4_2", "cirone.thm4_2.random_word_gram", "cirone.thm4_3", "cirone.thm4_3.volume_outside_span",
                 "cirone.thm4_3.area_in_span", "cirone.prop4_5", "cirone.prop4_6", "cirone.propA_4", "cirone.propB_18"}
ALL = sorted({s.name for name in TOP_LEVEL for s in registry.get(name).walk()})


def test_registered_in_the_papers_order():
    order = [s.name for s in registry.top_level() if s.name.startswith("cirone.")]
    assert order == TOP_LEVEL
    for name in ALL:
        assert registry.get(name).source.startswith(("Theorem", "Proposition", "Lemma", "Corollary", "Section", "Appendix"))


def test_every_proof_is_complete_and_quick():
    provable = [n for n in ALL if n not in WITHOUT_PROOF]
    assert all(registry.get(n).prove is not None for n in provable)
    for name, (proof, seconds) in timed_proofs(provable).items():
        assert proof.complete, [s.claim for s in proof.steps if not s.holds]
        assert seconds < 10, name
        # every step says what it rests on; premises are cited; nothing is a finite case check
        assert all(step.kind in STEP_KINDS for step in proof.steps), name
        assert proof.verdict == "proved" and not proof.finite_scopes, name
        assert all(step.scope for step in proof.steps if step.kind == "premise"), name
        assert any(step.kind in ("sympy", "z3") for step in proof.steps), name
        # z3 steps keep their query and solver version
        assert all(step.query and "z3" in step.method for step in proof.steps if step.kind == "z3"), name


#: Statements whose proofs or decisions use hypotheses: their records must carry them.
WITH_HYPOTHESES = ["cirone.thm4_2", "cirone.thm4_2.gram_second_moments", "cirone.thm4_2.random_word_gram",
                   "cirone.lti_symmetry", "cirone.lti_symmetry.time_signature", "cirone.lti_symmetry.data_law",
                   "cirone.lti_symmetry.zero_covariance", "cirone.lti_symmetry.best_affine", "cirone.thm4_3",
                   "cirone.thm4_3.symmetrised_words", "cirone.thm4_3.volume_outside_span", "cirone.thm4_3.area_in_span",
                   "cirone.prop4_5", "cirone.prop4_5.volume_two_layers", "cirone.prop4_6", "cirone.prop4_6.tail_bound",
                   "cirone.propA_4", "cirone.propB_18", "cirone.propB_18.algebra", "cirone.appendixF",
                   "cirone.appendixF.series"]


def test_records_carry_their_hypotheses():
    for name in WITH_HYPOTHESES:
        assert registry.get(name).hypotheses, name
    assert lti.HYPOTHESES[0] in registry.get("cirone.lti_symmetry").hypotheses          # omega_t = t
    assert zoh.PRINTED_FORM_HYPOTHESIS in registry.get("cirone.appendixF").hypotheses  # det AA != 0
    assert diagonal.COMMUTING in registry.get("cirone.thm4_3.volume_outside_span").hypotheses


def test_zero_order_hold_proof_computes_the_derivative():
    # A wrong closed form of Phi (the factor AA^-1 dropped) fails the summation, the derivative (sympy.diff)
    # and the limit steps: the derivative is not written by hand.
    with patched(zoh, "printed_phi", lambda a: (sympy.exp(a * zoh.delta) - 1) * zoh.delta):
        failed = [s.claim for s in zoh.series_steps() if not s.holds]
    assert any(c.startswith("AA != 0: Z(Delta)") and "sympy.diff" in c for c in failed)
    assert any(c.startswith("Phi(Delta) = sum_k") for c in failed)
    assert all(s.holds for s in zoh.series_steps())
    proof = registry.get("cirone.appendixF").prove()
    assert any("Picard-Lindelof" in p for p in proof.premises)


def test_lti_symmetry_needs_an_odd_multiplicity_witness():
    # Sig^(1,1) (no channel c != c' of odd multiplicity) and Sig^(1,1,2) (channel 1 has none) leave the proof open.
    for word in ((0, 0), (0, 0, 1)):
        with patched(lti, "LABELS", {**lti.LABELS, "outside": (word, 2)}):
            proof = registry.get("cirone.lti_symmetry").prove()
        assert proof.verdict == "open", word
        assert all("outside" in s.claim for s in proof.steps if not s.holds)
    assert registry.get("cirone.lti_symmetry").prove().verdict == "proved"


def test_error_propagation_needs_the_variation_bound():
    premise, step = chaining.error_steps()
    assert premise.kind == "premise" and step.kind == "z3" and step.holds
    without = chaining.error_steps(())[1]          # V <= M dropped: z3 finds V > M
    assert not without.holds and "sat: a counterexample" in without.method


def test_tail_bound_quotient_needs_K_nonnegative():
    assert signature_expansion.quotient_step(0).holds
    edge = signature_expansion.quotient_step(-2)       # just outside K >= 0 (K = -1 still gives q_j = 1)
    assert not edge.holds and "K = -2" in edge.method


def test_expansion_order_matters():
    # The paper's A_I = A_(i_n) ... A_(i_1) satisfies the Picard recursion; the reverse does not at level >= 2.
    assert all(s.holds for s in signature_expansion.wronskian_steps("earliest_first"))
    wrong = signature_expansion.wronskian_steps("latest_first")
    assert wrong[0].holds and not any(s.holds for s in wrong[1:])


def test_symmetrised_words_need_commuting_matrices():
    assert all(s.holds for s in diagonal.commuting_steps(diagonal=True))
    assert not any(s.holds for s in diagonal.commuting_steps(diagonal=False, levels=(2,)))


def test_tail_bound_expression():
    statement = registry.get("cirone.prop4_6")
    values = {"z0_norm": 2, "beta": Fraction(3, 2), "M": Fraction(1, 2), "L": 3, "K": 4}
    x = 0.5 * 3
    expected = (2 + 1.5 / 0.5) * x ** 5 * math.exp(x) / math.factorial(5)
    ball = statement.evaluate_bound(values)
    assert ball.contains(mpmath.mpf(expected)) or abs(float(ball.mid()) - expected) < 1e-12 * expected
    # the exact tail sum_(m>K) x^m/m! lies below the Lagrange form
    tail = math.exp(x) - sum(x ** m / math.factorial(m) for m in range(5))
    assert 3.5 * tail < float(ball.mid())


def test_factorial_bound_is_exact_for_rationals():
    statement = registry.get("cirone.propA_4")
    assert statement.evaluate_bound({"L": fmpq(3, 2), "k": 3}, system="exact") == fmpq(27, 8) / 6


def test_gram_bound_shape():
    bound = registry.get("cirone.thm4_2.random_word_gram").bound
    values = {"c_M": 1, "N": 100, "p": 1, "q": 2}
    value = float(bound.subs({s: values[s.name] for s in bound.free_symbols}))
    assert value == pytest.approx(0.1 * 2 ** 1.5 * 3)      # 3!! = 3


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 2), max_size=3), st.lists(st.integers(0, 2), max_size=3))
def test_shuffle_counts_and_symmetry(u, v):
    u, v = tuple(u), tuple(v)
    product = words.shuffle_words(u, v)
    assert product == words.shuffle_words(v, u)
    assert sum(product.values()) == math.comb(len(u) + len(v), len(u))
    assert all(sorted(w) == sorted(u + v) for w in product)


def test_symmetrised_and_prefixed():
    assert words.symmetrised((1, 1, 2)) == {(1, 1, 2): 1, (1, 2, 1): 1, (2, 1, 1): 1}
    assert words.prefixed(0, {(1,): Fraction(2)}) == {(0, 1): Fraction(2)}
    with pytest.raises(InputError, match="combinations"):
        words.as_rows([{(5,): Fraction(1)}], words.words_up_to(2, 1))


def _evaluate(combination, sig, d):
    return sum(float(c) * (1.0 if not w else sig[..., word_index(w, d)]) for w, c in combination.items())


def test_shuffle_identity_and_time_relations_on_signatures():
    rng = np.random.default_rng(3)
    paths = np.cumsum(rng.normal(0, 0.3, (4, 12, 2)), axis=1)
    omega = time_augment(paths)
    sig = signature(omega, 3)
    # Sig^u Sig^v = Sig^(u ⧢ v)
    lhs = sig[:, word_index((1,), 3)] * sig[:, word_index((2, 0), 3)]
    assert np.allclose(lhs, _evaluate(words.shuffle_words((1,), (2, 0)), sig, 3), atol=1e-13)
    # every time relation vanishes on time-augmented paths, and the symmetrised sums are products
    for relation in words.time_relations(3, 3, time=0):
        assert np.allclose(_evaluate(relation, sig, 3), 0, atol=1e-12)
    increments = omega[:, -1] - omega[:, 0]
    product = increments[:, 1] * increments[:, 2] * increments[:, 0]
    assert np.allclose(_evaluate(words.symmetrised((0, 1, 2)), sig, 3), product, atol=1e-13)


def test_diagonal_generators_count():
    generators = words.diagonal_generators(4, 3)
    assert len(generators) == 35 + 4 * 15          # multisets of size <= 3, and j . sym(I) with |I| <= 2
    assert {(1, 2): Fraction(1)} in words.diagonal_generators(3, 2)     # Area = 1 . sym(2)
