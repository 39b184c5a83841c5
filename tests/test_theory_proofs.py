"""Tests of the statements of Ran-Milo et al. 2024 (theory.ranmilo) and of their sympy proofs.

Besides checking that every proof is complete, the tests feed the same proof functions a wrong
ingredient (a wrong sign, binomial, index or exponent) and check that the proof then fails, so
that a proof machinery that "proves" anything would be caught.
"""
from __future__ import annotations


import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from theory import registry
from theory.ranmilo import complex_construction, differences, loss, lti, universality
from theory.statement import Proof, Statement
from conftest import timed_proofs

TOP_LEVEL_SOURCES = {
    "ranmilo.lti": "Section 2.3 (LTI systems), Ran-Milo et al. 2024",
    "ranmilo.prop1": "Proposition 1, Ran-Milo et al. 2024 (Section 3.1; proof in Appendix D.1)",
    "ranmilo.prop2": "Proposition 2, Ran-Milo et al. 2024 (Section 3.2)",
    "ranmilo.prop3": "Proposition 3, Ran-Milo et al. 2024 (Section 3.3.3; proof in Appendix D.7)",
    "ranmilo.appendix_c": "Appendix C (Eq. 7), Ran-Milo et al. 2024",
    "ranmilo.lemma7": "Lemma 7, Ran-Milo et al. 2024 (Appendix E)",
}
REQUIRED_STEPS = {
    "ranmilo.prop1": {"ranmilo.prop1.vandermonde_system", "ranmilo.prop1.vandermonde_determinant"},
    "ranmilo.prop2": {"ranmilo.prop2.split", "ranmilo.prop2.padding", "ranmilo.prop2.copy", "ranmilo.prop2.sums",
                      "ranmilo.prop2.real_values"},
    "ranmilo.prop3": {"ranmilo.prop3.roots_of_unity", "ranmilo.prop3.match",
                      "ranmilo.prop3.plancherel", "ranmilo.prop3.alpha", "ranmilo.prop3.norms"},
}
binomial = sympy.binomial
ALL_NAMES = sorted({item.name for name in TOP_LEVEL_SOURCES for item in registry.get(name).walk()})
#: Proposition 1 as a whole has no sympy proof (its determinant step is proved for t <= 6 only).
WITHOUT_PROOF = {"ranmilo.prop1"}
PROVABLE = [name for name in ALL_NAMES if name not in WITHOUT_PROOF]


def _holds(steps) -> list[bool]:
    return [step.holds for step in steps]


@pytest.fixture(scope="module")
def proofs() -> dict[str, tuple[Proof, float]]:
    """Every statement's proof, with the seconds its ``prove()`` took; computed once."""
    return timed_proofs(PROVABLE)


# ---------------------------------------------------------------------------------------------
# Registration.

@pytest.mark.parametrize("name", sorted(TOP_LEVEL_SOURCES))
def test_top_level_statement_is_registered_with_its_source(name):
    statement = registry.get(name)
    assert isinstance(statement, Statement)
    assert statement.name == name
    assert statement.source == TOP_LEVEL_SOURCES[name]
    assert statement in registry.top_level()


def test_top_level_statements_come_in_the_order_of_the_paper():
    names = [s.name for s in registry.top_level() if s.name in TOP_LEVEL_SOURCES]
    assert names == list(TOP_LEVEL_SOURCES)


@pytest.mark.parametrize("name", sorted(REQUIRED_STEPS))
def test_required_steps_are_steps_of_their_statement(name):
    assert REQUIRED_STEPS[name] <= {step.name for step in registry.get(name).steps}


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_step_is_reachable_by_name(name):
    statement = registry.get(name)
    assert statement.name == name
    assert name in registry.names()
    for step in statement.steps:
        assert registry.get(step.name) is step
        assert step.name.startswith(name + ".")


def test_unknown_name_raises_key_error():
    with pytest.raises(KeyError, match="ranmilo.prop9"):
        registry.get("ranmilo.prop9")


@pytest.mark.parametrize("name", ALL_NAMES)
def test_statement_fields_are_sympy_objects_that_did_not_collapse(name):
    statement = registry.get(name)
    assert statement.summary and statement.source
    assert statement.symbols and all(isinstance(s, sympy.Symbol) for s in statement.symbols)
    assert (statement.prove is None) == (name in WITHOUT_PROOF)
    for item in (*statement.hypotheses, statement.conclusion):
        assert isinstance(item, sympy.Basic)
        assert item not in (sympy.true, sympy.false)


def test_prop3_bound_and_conclusion():
    statement = registry.get("ranmilo.prop3")
    symbols = {s.name: s for s in statement.symbols}
    phi_norm, B_norm, C_norm, t = symbols["phi_norm"], symbols["B_norm"], symbols["C_norm"], symbols["t"]
    assert phi_norm.is_positive and t.is_integer and t.is_positive
    assert statement.bound == 2 * phi_norm
    assert statement.conclusion == sympy.And(sympy.Le(B_norm, 2 * phi_norm), sympy.Le(C_norm, 1))
    assert any("sign convention" in remark and "fft" in remark for remark in statement.remarks)


def test_appendix_c_has_no_bound_and_lemma7_records_the_notation_clash():
    assert registry.get("ranmilo.appendix_c").bound is None
    assert any("letter n" in remark for remark in registry.get("ranmilo.lemma7").remarks)


def test_vandermonde_determinant_says_which_sizes_are_proved():
    summary = registry.get("ranmilo.prop1.vandermonde_determinant").summary
    assert "t = 1..6 only" in summary


# ---------------------------------------------------------------------------------------------
# The proofs.

@pytest.mark.parametrize("name", PROVABLE)
def test_every_proof_is_complete(proofs, name):
    proof, _ = proofs[name]
    assert isinstance(proof, Proof)
    assert proof.statement == name
    failed = [step.claim for step in proof.steps if not step.holds]
    assert proof.complete, f"steps sympy did not establish: {failed}"
    assert all(type(step.holds) is bool for step in proof.steps)


@pytest.mark.parametrize("name", sorted(set(TOP_LEVEL_SOURCES) - WITHOUT_PROOF))
def test_top_level_proof_chains_the_proofs_of_its_steps(proofs, name):
    # compared without the z3 queries, whose auxiliary names (k!0, k!1, ...) z3 numbers per process
    def key(step):
        return step.claim, step.kind, step.holds, step.scope
    chained = [key(step) for part in registry.get(name).steps for step in proofs[part.name][0].steps]
    assert [key(step) for step in proofs[name][0].steps] == chained


def test_the_whole_set_of_proofs_is_fast(proofs):
    assert sum(proofs[name][1] for name in TOP_LEVEL_SOURCES if name not in WITHOUT_PROOF) < 40


def test_an_incomplete_proof_is_not_complete():
    wrong = differences.induction_steps(lambda order, index: (-1) ** index * binomial(order, index))
    assert not Proof(statement="ranmilo.lemma7.induction", steps=tuple(wrong)).complete
    assert not Proof(statement="empty", steps=()).complete


# ---------------------------------------------------------------------------------------------
# Wrong ingredients are not proved.


def test_lemma7_with_sign_minus_one_to_the_j_fails_for_odd_orders_only():
    def wrong(order, index):
        return (-1) ** index * binomial(order, index)

    assert not all(_holds(differences.base_steps(wrong)))
    assert not all(_holds(differences.induction_steps(wrong)))
    assert not any(_holds(differences.explicit_steps(wrong, orders=[1, 3, 5])))
    assert all(_holds(differences.explicit_steps(wrong, orders=[0, 2, 4])))  # (-1)^j = (-1)^(d-j) for even d


def test_lemma7_with_binomial_d_plus_one_fails():
    def wrong(order, index):
        return (-1) ** (order - index) * binomial(order + 1, index)

    induction = differences.induction_steps(wrong)
    assert not all(_holds(differences.base_steps(wrong)))
    last_coefficient = next(s for s in induction if s.claim.startswith("coefficient of S_{i+d+1}"))
    assert not last_coefficient.holds  # the coefficient of S_{i+d+1}: d + 1 != d + 2
    assert not any(_holds(differences.explicit_steps(wrong, orders=[1, 2, 3])))


def test_prop3_match_with_the_opposite_dft_sign_fails():
    symbolic = complex_construction.match_steps(sign=+1)
    failed = [step.claim for step in symbolic if not step.holds]
    assert any(claim.startswith("r < t") for claim in failed)
    assert any("vanishes exactly" in claim for claim in failed)
    assert not symbolic[-1].holds  # summing the Kronecker delta gives phit_{2-k}, not phi_k
    assert not all(_holds(complex_construction.match_explicit_steps(sign=+1, sizes=[3])))
    assert not all(_holds(complex_construction.match_explicit_steps(sign=+1, sizes=[4])))


def test_appendix_c_with_index_t_minus_j_fails():
    def wrong(index):
        return loss.t - index

    assert not all(_holds(loss.kronecker_steps(wrong)))
    assert not any(_holds(loss.gaussian_steps(wrong, sizes=[1, 2])))


def test_lti_with_a_wrong_power_of_a_fails():
    assert not all(_holds(lti.state_steps(lambda time, source: time - source + 1)))


def test_vandermonde_determinant_with_the_factors_reversed_fails():
    def reversed_factor(lower, higher):
        return lower - higher

    assert _holds(universality.vandermonde_determinant_steps(reversed_factor, sizes=[2, 3])) == [False, False]


# ---------------------------------------------------------------------------------------------
# Numerical cross-checks of the formulas that the proofs are about.

def test_prop3_input_is_numpy_fft_of_phit():
    for size in range(1, 7):
        rng = np.random.default_rng(size)
        values = rng.normal(size=size)
        alpha_value = 0.5 ** (1 / max(size - 1, 1))
        numbers = {complex_construction.alpha: alpha_value}
        numbers.update({complex_construction.phi[index + 1]: values[index] for index in range(size)})
        symbolic = [complex(sum(complex_construction.input_term(jj, index, size=size)
                                for index in range(1, size + 1)).subs(numbers).evalf())
                    for jj in range(1, size + 1)]
        phit = values / alpha_value ** np.arange(size)
        np.testing.assert_allclose(symbolic, np.fft.fft(phit) / np.sqrt(size), rtol=1e-12, atol=1e-12)
        assert np.linalg.norm(symbolic) <= 2 * np.linalg.norm(values) * (1 + 1e-12)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=12), st.data())
def test_lemma7_closed_form_agrees_with_numpy_diff(values, data):
    order = data.draw(st.integers(0, len(values) - 1))
    expected = np.diff(np.array(values, dtype=object), n=order)
    for start, entry in enumerate(expected):
        closed = sum(values[start + index] * (-1) ** (order - index) * int(binomial(order, index))
                     for index in range(order + 1))
        assert closed == entry
