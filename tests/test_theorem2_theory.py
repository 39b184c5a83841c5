"""Tests of the statements of Theorem 2, Lemmas 6 and 8-13, and Corollaries 1-3 of Ran-Milo et al.
2024 (theory.ranmilo.theorem2, .appendix_e, .corollaries) and of their sympy proofs.

Besides checking that every proof is complete, the tests feed the proof functions a wrong claim
(a 1-based index in Lemma 6, a halved bound in Lemma 12, a wrong sign in Corollary 3, the printed
choice under the corrected theorem) and check that the proof then fails; and they evaluate the
bound expressions at the quantities of section 7 of the digest, exactly or in arb.
"""
from __future__ import annotations

from fractions import Fraction
from math import comb, isqrt

import numpy as np
import pytest
import sympy
from sympy import Abs, Min, Rational, sqrt

from theory import registry
from theory.ranmilo import appendix_e, corollaries, theorem2
from theory.statement import Proof, Statement
from conftest import timed_proofs

TOP_LEVEL_SOURCES = {
    "ranmilo.lemma6": "Lemma 6, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.lemma8": "Lemma 8, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.lemma9": "Lemma 9, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.lemma10": "Lemma 10, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.lemma11": "Lemma 11, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.lemma12": "Lemma 12, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.lemma13": "Lemma 13, Ran-Milo et al. 2024 (Appendix E)",
    "ranmilo.thm2": "Theorem 2, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.3)",
    "ranmilo.thm2_corrected": "Theorem 2, Ran-Milo et al. 2024 (Section 3.3), corrected form (ours)",
    "ranmilo.thm2_corrected_without_stability":
        "Theorem 2, Ran-Milo et al. 2024 (Section 3.3), corrected form (ours); weakened on purpose: without |A_jj| <= 1",
    "ranmilo.cor1": "Corollary 1, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.4)",
    "ranmilo.cor1_corrected_proof":
        "Corollary 1, Ran-Milo et al. 2024 (Section 3.3): a proof from the corrected Theorem 2 (ours)",
    "ranmilo.cor2": "Corollary 2, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.5)",
    "ranmilo.cor2_corrected_proof":
        "Corollary 2, Ran-Milo et al. 2024 (Section 3.3): a proof from the corrected Theorem 2 (ours)",
    "ranmilo.cor3": "Corollary 3, Ran-Milo et al. 2024 (Section 3.3; proof in Appendix D.6)",
    "ranmilo.cor3_corrected_proof":
        "Corollary 3, Ran-Milo et al. 2024 (Section 3.3): a proof from the corrected Theorem 2 (ours)",
}
REQUIRED_STEPS = {
    "ranmilo.thm2": ["ranmilo.thm2.step1", "ranmilo.thm2.lemma9_reduction", "ranmilo.thm2.step3",
                     "ranmilo.thm2.step4", "ranmilo.thm2.step5"],
    "ranmilo.thm2_corrected": ["ranmilo.thm2.step1", "ranmilo.thm2.lemma9_reduction",
                               "ranmilo.thm2_corrected.geometric_difference", "ranmilo.thm2_corrected.state_sum",
                               "ranmilo.thm2_corrected.sup_bound", "ranmilo.thm2.step5"],
    "ranmilo.cor1": ["ranmilo.cor1.choice", "ranmilo.cor1.single_term", "ranmilo.cor1.lemma11", "ranmilo.cor1.final"],
    "ranmilo.cor2": ["ranmilo.cor2.choice", "ranmilo.cor2.density", "ranmilo.cor2.independence"],
    "ranmilo.cor3": ["ranmilo.cor3.differences", "ranmilo.cor3.choice", "ranmilo.cor3.final"],
}
#: Refuted, or resting on the refuted Theorem 2 as printed: no sympy proof.
WITHOUT_PROOF = {"ranmilo.thm2", "ranmilo.thm2.step3", "ranmilo.cor1", "ranmilo.cor2", "ranmilo.cor3",
                 "ranmilo.thm2_corrected_without_stability"}
ALL_NAMES = sorted({item.name for name in TOP_LEVEL_SOURCES for item in registry.get(name).walk()})
PROVABLE = [name for name in ALL_NAMES if name not in WITHOUT_PROOF]


def _holds(steps) -> list[bool]:
    return [step.holds for step in steps]


def _symbols(statement: Statement) -> dict:
    return {s.name: s for s in statement.bound.free_symbols}


@pytest.fixture(scope="module")
def proofs() -> dict[str, tuple[Proof, float]]:
    """Every statement's proof, with the seconds its ``prove()`` took; computed once."""
    return timed_proofs(PROVABLE)


# ---------------------------------------------------------------------------------------------
# Exact helpers: Definition 1, restrictions, and the terms of Eq. (3).

def forward_difference(sequence, order):
    for _ in range(order):
        sequence = [sequence[i + 1] - sequence[i] for i in range(len(sequence) - 1)]
    return sequence


def restrict(sequence, sigma):
    return sequence[0::2] if sigma == "odd" else sequence[1::2]


def best_term(statement_name, target, eps):
    """``max_{sigma, d, m} bound(d, m, D, eps)`` over Theorem 2's range, exactly (rational ``eps``)."""
    statement = registry.get(statement_name)
    t = len(target)
    best = None
    for sigma in ("odd", "even"):
        part = restrict(target, sigma)
        for d in range(1, t // 2):
            row = forward_difference(part, d)
            for m in range(1, t // 2 - d + 1):
                value = statement.evaluate_bound({"d": d, "m": m, "D": row[m - 1], "epsilon": eps}, system="exact")
                if best is None or value > best[0]:
                    best = (value, sigma, d, m)
    return best


def delay(t):
    target = [0] * t
    target[(t - 1) // 2] = 1
    return target


def oscillation(t):
    return [(1, 0, -1, 0)[index % 4] for index in range(t)]


# ---------------------------------------------------------------------------------------------
# Registration.

@pytest.mark.parametrize("name", sorted(TOP_LEVEL_SOURCES))
def test_top_level_statement_is_registered_with_its_source(name):
    statement = registry.get(name)
    assert isinstance(statement, Statement)
    assert statement.name == name
    assert statement.source == TOP_LEVEL_SOURCES[name]
    assert statement in registry.top_level()


@pytest.mark.parametrize("name", sorted(REQUIRED_STEPS))
def test_required_steps_in_order(name):
    assert [step.name for step in registry.get(name).steps] == REQUIRED_STEPS[name]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_statement_is_reachable_and_well_formed(name):
    statement = registry.get(name)
    assert statement.name == name and name in registry.names()
    assert statement.summary and statement.source
    assert statement.symbols and all(isinstance(s, sympy.Symbol) for s in statement.symbols)
    assert (statement.prove is None) == (name in WITHOUT_PROOF)
    for item in (*statement.hypotheses, statement.conclusion):
        assert isinstance(item, sympy.Basic)
        assert item not in (sympy.true, sympy.false)
    for step in statement.steps:
        assert registry.get(step.name) is step


def test_statements_without_proof_say_why():
    for name in WITHOUT_PROOF:
        assert registry.get(name).remarks, name


def test_corrected_theorem_is_the_erratum_of_the_printed_one():
    corrected = registry.get("ranmilo.thm2_corrected")
    assert corrected.corrects == "ranmilo.thm2"
    assert registry.corrections_of("ranmilo.thm2") == [corrected]


def test_bound_expressions_are_the_printed_ones():
    printed, corrected = registry.get("ranmilo.thm2"), registry.get("ranmilo.thm2_corrected")
    symbols = _symbols(printed)
    assert set(symbols) == {"d", "m", "D", "epsilon"}
    d, m, D, eps = symbols["d"], symbols["m"], symbols["D"], symbols["epsilon"]
    assert d.is_integer and d.is_positive and m.is_integer and m.is_positive
    assert D.is_real and eps.is_nonnegative
    assert printed.bound == 2 ** (d + 2 * Min(d, m)) * (2 ** (-d) * Abs(D) - eps)
    assert corrected.bound == 2 ** (d + 2 * Min(d, m - 1)) * (2 ** (-d) * Abs(D) - eps)

    t = _symbols(registry.get("ranmilo.cor1"))["t"]
    assert registry.get("ranmilo.cor1").bound == 2 ** (t / 2) / (32 * sqrt(t))
    assert sympy.Le(corollaries.epsilon, 1 / (8 * sqrt(t))) in registry.get("ranmilo.cor1").hypotheses
    cor2 = _symbols(registry.get("ranmilo.cor2"))
    assert registry.get("ranmilo.cor2").bound == 2 ** (cor2["t"] / 2) * cor2["alpha"] * sqrt(cor2["p"]) / (
        8 * sqrt(cor2["t"]))
    assert registry.get("ranmilo.cor3").bound == 2 ** (3 * t / 4 - 4)
    for name in ("ranmilo.cor1", "ranmilo.cor2", "ranmilo.cor3"):
        assert registry.get(name + "_corrected_proof").bound == registry.get(name).bound


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


def _signature(steps) -> list[tuple]:
    """What a step says and rests on (z3 queries name auxiliary symbols differently from run to run)."""
    return [(step.claim, step.holds, step.kind, step.scope, str(step.expression)) for step in steps]


def test_corrected_theorem_chains_the_proofs_of_its_steps(proofs):
    statement = registry.get("ranmilo.thm2_corrected")
    chained = [step for part in statement.steps for step in proofs[part.name][0].steps]
    assert _signature(proofs["ranmilo.thm2_corrected"][0].steps) == _signature(chained)


def test_corrected_proofs_of_the_corollaries_include_the_corrected_theorem(proofs):
    theorem = _signature(proofs["ranmilo.thm2_corrected"][0].steps)
    for name in ("ranmilo.cor1_corrected_proof", "ranmilo.cor2_corrected_proof", "ranmilo.cor3_corrected_proof"):
        assert _signature(proofs[name][0].steps[:len(theorem)]) == theorem


def test_the_proofs_are_fast(proofs):
    assert sum(seconds for _, seconds in proofs.values()) < 40


# ---------------------------------------------------------------------------------------------
# Wrong claims are not proved.

def test_lemma6_at_a_one_based_index_fails():
    assert all(_holds(appendix_e.lemma6_steps(first_index=0)))
    wrong = appendix_e.lemma6_steps(first_index=1)
    assert not wrong[-1].holds  # the maximum of alpha^(n-1) (1-alpha)^m is not the bound
    assert not Proof("ranmilo.lemma6", tuple(wrong)).complete


def test_lemma12_with_a_halved_bound_fails():
    wrong = appendix_e.lemma12_steps(lambda first, second: 2 ** (-2 * Min(first, second) - 1))
    assert all(_holds(wrong[:-1])) and not wrong[-1].holds


def test_step3_is_false_and_its_corrected_bound_is_not_the_printed_one():
    d, m = theorem2.d, theorem2.m
    assert sympy.simplify(theorem2.corrected_peak(d, m) - appendix_e.lemma6_bound(m, d)) != 0
    # one state, weight 1, pole 0, d = m = 1: |(Y|sigma)^(1)_1| = |0 - 1| = 1 > 1/4
    one = sympy.Integer(1)
    assert appendix_e.lemma6_bound(one, one) == Rational(1, 4)
    assert abs(forward_difference([1, 0], 1)[0]) == 1
    assert theorem2.corrected_peak(one, one) == 1


def test_cor3_difference_with_the_sign_of_m_plus_d_fails():
    def wrong(order, index):
        return (-1) ** (index + order) * 2 ** order

    assert not Proof("ranmilo.cor3.differences", tuple(corollaries.cor3_differences_steps(wrong))).complete


def test_printed_cor3_choice_under_the_corrected_theorem_fails_for_t_mod_4_in_2_3():
    verdicts = [all(_holds(corollaries.cor3_corrected_case_steps(r, corollaries.printed_cor3_m))) for r in range(4)]
    assert verdicts == [True, True, False, False]
    assert all(all(_holds(corollaries.cor3_corrected_case_steps(r))) for r in range(4))


def test_cor1_corrected_proof_does_not_prove_eight_times_the_bound():
    assert all(all(_holds(corollaries.cor1_corrected_case_steps(r, scale=4))) for r in range(8))
    assert not all(all(_holds(corollaries.cor1_corrected_case_steps(r, scale=8))) for r in range(8))


def test_cor2_corrected_proof_needs_a_margin_in_eps0():
    for factor in (1, Rational(5, 4)):  # no margin; too much failure probability at t = 12
        assert not all(all(_holds(corollaries.cor2_corrected_case_steps(r, factor))) for r in range(8))


# ---------------------------------------------------------------------------------------------
# Exact and numerical cross-checks.

def test_theorem2_counterexample_and_the_corrected_bound_at_it():
    # n_R = 1, A = 0, B = C = 1, t = 4, eps = 0: target (1, 0, 0, 0); sigma = odd, d = m = 1, D = -1
    D = forward_difference(restrict([1, 0, 0, 0], "odd"), 1)[0]
    values = {"d": 1, "m": 1, "D": D, "epsilon": 0}
    assert registry.get("ranmilo.thm2").evaluate_bound(values, system="exact") == 4
    assert registry.get("ranmilo.thm2_corrected").evaluate_bound(values, system="exact") == 1


def test_geometric_difference_against_definition1():
    rng = np.random.default_rng(0)
    for _ in range(20):
        ratio = Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 10)))
        sequence = [ratio ** index for index in range(12)]  # 1-based: X_i = ratio^(i-1)
        for order in range(1, 6):
            row = forward_difference(sequence, order)
            for m in range(1, 12 - order + 1):
                assert row[m - 1] == ratio ** (m - 1) * (ratio - 1) ** order


def test_corrected_theorem_holds_on_random_one_to_three_state_ssms():
    rng = np.random.default_rng(1)
    corrected = registry.get("ranmilo.thm2_corrected")
    for _ in range(30):
        n = int(rng.integers(1, 4))
        poles = [Fraction(int(rng.integers(-7, 8)), 8) for _ in range(n)]
        weights = [Fraction(int(rng.integers(-8, 9)), 4) for _ in range(n)]
        t = int(rng.integers(4, 13))
        response = [sum(w * a ** k for w, a in zip(weights, poles)) for k in range(t)]
        lhs = n * max(abs(w) for w in weights)
        for sigma in ("odd", "even"):
            part = restrict(response, sigma)
            for d in range(1, t // 2):
                row = forward_difference(part, d)
                for m in range(1, t // 2 - d + 1):
                    value = corrected.evaluate_bound({"d": d, "m": m, "D": row[m - 1], "epsilon": 0}, system="exact")
                    assert Fraction(int(value.p), int(value.q)) <= lhs


def test_digest_section7_values():
    cor1 = float(registry.get("ranmilo.cor1").evaluate_bound({"t": 32}).mid())
    assert abs(cor1 - 2 ** 8.5) < 1e-9 and abs(cor1 - 362.04) < 0.01
    assert abs(float(registry.get("ranmilo.cor1").evaluate_bound({"t": 64}).mid()) - 1.678e7) < 1e4
    assert abs(float(registry.get("ranmilo.cor2").evaluate_bound({"t": 32, "alpha": 1, "p": Fraction(1, 2)}).mid())
               - 1024) < 1e-9
    assert registry.get("ranmilo.cor3").evaluate_bound({"t": 32}, system="exact") == 2 ** 20
    # Corollary 1's printed choice at t = 32: k = 15, d = 8, m = 4, binomial(8, 4) = 70 >= 2^8/(4 sqrt 32)
    assert comb(8, 4) == 70 and 70 > 2 ** 8 / (4 * 32 ** 0.5)


def test_eq3_for_the_oscillation_at_t32_is_2_to_the_23_at_odd_d8_m8():
    d, m = 8, 8
    D = (-1) ** (m + d - 1) * 2 ** d  # ranmilo.cor3.differences
    assert forward_difference(restrict(oscillation(32), "odd"), d)[m - 1] == D
    term = registry.get("ranmilo.thm2").evaluate_bound({"d": d, "m": m, "D": D, "epsilon": Fraction(1, 2)},
                                                        system="exact")
    assert term == 2 ** 23
    value, sigma, best_d, best_m = best_term("ranmilo.thm2", oscillation(32), Fraction(1, 2))
    assert value == 2 ** 23 and (sigma, best_d, best_m) == ("odd", 8, 8)


def test_eq3_for_the_delay_at_t32():
    eps = Fraction(1, 8) / Fraction(isqrt(32 * 10 ** 24), 10 ** 12)  # a rational just above 1/(8 sqrt 32)
    value, sigma, d, m = best_term("ranmilo.thm2", delay(32), eps)
    assert (sigma, d, m) == ("even", 11, 5)
    assert abs(float(value) - 1.226e5) < 1e2


def test_corrected_choices_of_the_corollaries_beat_the_bounds():
    corrected = registry.get("ranmilo.thm2_corrected")
    for t in range(9, 65):  # Corollary 1: d = p = ceil(t/4), m = floor(p/2), sigma = parity of k + 1
        k = (t - 1) // 2
        sigma = "even" if (k + 1) % 2 == 0 else "odd"
        p = -(-t // 4)
        d, m = p, p // 2
        D = forward_difference(restrict(delay(t), sigma), d)[m - 1]
        assert abs(D) == comb(p, p - p // 2)
        term = corrected.evaluate_bound({"d": d, "m": m, "D": D, "epsilon": 1 / (8 * t ** 0.5)}, system="mpmath")
        bound = registry.get("ranmilo.cor1").evaluate_bound({"t": t}, system="mpmath")
        assert term >= 4 * bound
    for t in range(4, 65):  # Corollary 3: d = floor(t/4), m = floor(t/2) - floor(t/4), sigma = odd
        d, m = t // 4, t // 2 - t // 4
        D = forward_difference(restrict(oscillation(t), "odd"), d)[m - 1]
        term = corrected.evaluate_bound({"d": d, "m": m, "D": D, "epsilon": Fraction(1, 2)}, system="mpmath")
        assert term >= registry.get("ranmilo.cor3").evaluate_bound({"t": t}, system="mpmath")


def test_cor2_density_middle_step_fails_for_odd_d_and_small_m_but_the_chain_holds():
    # binomial(2m+1, m) >= 4^m / sqrt(m)  <=>  binomial(2m+1, m)^2 m >= 16^m
    assert [comb(2 * m + 1, m) ** 2 * m >= 16 ** m for m in range(1, 7)] == [False] * 4 + [True] * 2
    for t in range(8, 257):  # binomial(floor(t/4), floor(t/8)) >= 2^floor(t/4) / sqrt(t)
        assert comb(t // 4, t // 8) ** 2 * t >= 4 ** (t // 4)


# ---------------------------------------------------------------------------------------------
# Hypotheses, premises and the steps between computations (issue 11).

def test_theorem2_records_carry_the_hypotheses_its_proof_uses():
    stability, real_a = theorem2.STABILITY, theorem2.REAL_PARAMETERS[0]
    for name in ("ranmilo.thm2", "ranmilo.thm2_corrected"):
        hypotheses = registry.get(name).hypotheses
        assert stability in hypotheses and set(theorem2.REAL_PARAMETERS) <= set(hypotheses)
        assert sympy.Le(theorem2.error_l1, theorem2.epsilon) in hypotheses
    weakened = registry.get("ranmilo.thm2_corrected_without_stability")
    assert stability not in weakened.hypotheses and real_a in weakened.hypotheses
    assert weakened.bound == registry.get("ranmilo.thm2_corrected").bound
    # the hypotheses evaluate on parameters: |A| = 1 is inside, 2 and the complex i are outside "A real"
    assert stability.subs(theorem2.A_j, 1) == sympy.true and stability.subs(theorem2.A_j, 2) == sympy.false
    assert real_a.subs(theorem2.A_j, sympy.I) == sympy.false
    assert sympy.Le(Abs(appendix_e.A_[appendix_e.j]), 1) in registry.get("ranmilo.lemma9").hypotheses


def test_the_corollaries_inherit_the_hypotheses():
    for name in ("ranmilo.cor1", "ranmilo.cor2", "ranmilo.cor3", "ranmilo.cor1_corrected_proof",
                 "ranmilo.cor2_corrected_proof", "ranmilo.cor3_corrected_proof"):
        statement = registry.get(name)
        assert set(theorem2.STATE_HYPOTHESES) <= set(statement.hypotheses), name
        assert any("inherited from Theorem 2" in remark for remark in statement.remarks), name


def test_the_weakened_theorem_fails_at_a_equal_2():
    # A = 2, B = C = 1, t = 4, eps = 0: response (1, 2, 4, 8); sigma = even, d = m = 1: D = 6 > 1
    response = [2 ** index for index in range(4)]
    D = forward_difference(restrict(response, "even"), 1)[0]
    bound = registry.get("ranmilo.thm2_corrected_without_stability").evaluate_bound(
        {"d": 1, "m": 1, "D": D, "epsilon": 0}, system="exact")
    assert D == 6 and bound == 6 > 1


def test_premises_are_named_and_cited(proofs):
    premises = set(proofs["ranmilo.thm2_corrected"][0].premises)
    assert premises == {f"{claim} [{citation}]" for claim, citation in
                        (appendix_e.INDUCTION, appendix_e.FINITE_SUMS, appendix_e.MAXIMUM,
                         appendix_e.MONOTONE_FROM_DERIVATIVE)}
    cor2 = set(proofs["ranmilo.cor2_corrected_proof"][0].premises)
    for fact in (corollaries.F1_DENSITY_INTERVAL, corollaries.F2_DENSITY_OF_SUM, corollaries.F3_INDEPENDENCE):
        assert f"{fact[0]} [{fact[1]}]" in cor2
    assert not proofs["ranmilo.lemma13"][0].premises  # a proof without premises says so


def test_principles_of_reasoning_are_premises_not_prose(proofs):
    """A claim that invokes induction or monotonicity of the derivative rests on the named premise."""
    for name, (proof, _) in proofs.items():
        claims = " ".join(step.claim for step in proof.steps if step.kind != "premise")
        if "induction" in claims:
            assert any(s.kind == "premise" and s.claim == appendix_e.INDUCTION[0] for s in proof.steps), name
        for word in ("u -> 2^u increases", "u -> u^k increases", "sqrt increases", "a sum of nonnegative terms"):
            assert word not in claims, (name, word)


def test_every_proof_has_a_machine_checked_step_and_uses_z3(proofs):
    for name, (proof, _) in proofs.items():
        assert any(step.kind in ("sympy", "z3") for step in proof.steps), name
    z3_steps = [s for s in proofs["ranmilo.thm2_corrected"][0].steps if s.kind == "z3"]
    assert z3_steps and all(s.query and "z3" in s.method for s in z3_steps)


def test_no_identity_step_compares_the_printed_term_with_itself(proofs):
    claims = [step.claim for step in proofs["ranmilo.thm2_corrected"][0].steps]
    assert not any("reordered bound is the printed term" in claim for claim in claims)
    assert not any(claim.endswith("d + m = floor(t/2)") for claim in
                   (s.claim for s in proofs["ranmilo.cor2_corrected_proof"][0].steps))


def test_cor1_monotonicity_in_t_is_a_z3_step():
    """Each residue of Corollary 1's corrected proof is decided by z3 for every t of the residue (real
    a >= 0), not at its smallest t: the ratio's lower bound uses sqrt(t) and sqrt(c) as variables."""
    for residue in range(8):
        steps = corollaries.cor1_corrected_case_steps(residue)
        decisive = steps[-1]
        assert decisive.kind == "z3" and decisive.holds and "for every real a >= 0" in decisive.claim
        assert "a_r" in decisive.query
    # at scale 4.5 (the smallest ratio, t = 12, is about 4.4) z3 finds a counterexample in residue 4
    failing = corollaries.cor1_corrected_case_steps(4, scale=Rational(9, 2))[-1]
    assert not failing.holds and "sat" in failing.method
