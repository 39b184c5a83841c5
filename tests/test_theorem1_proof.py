"""Theorem 1's proof (Ran-Milo et al., Appendix D.2): the statements of its steps and lemmas, their
sympy proofs, and the exact re-check of every counterexample the refuted steps report."""
import sympy
from flint import fmpq

from numerics.realfit.balancing import alternation_length, balancing_number, fewest_alternations, labels, shift_test
from theory import registry
from theory.steps import identity_step
from verify import registry as checks
from verify.checks.ranmilo import theorem1_proof as proof_checks

STEPS = ["arg_range", "double_angle", "balancing_of_square", "odd_restriction", "magnitude", "alternation",
         "sign_changes", "disagreements", "final_inequality"]
LEMMAS = ["ranmilo.remark1", "ranmilo.lemma1", "ranmilo.lemma2", "ranmilo.cor4", "ranmilo.lemma5", "ranmilo.lemma4"]


def _angle(text: str) -> sympy.Expr:
    return sympy.sympify(text)


def test_theorem1_keeps_its_statement_and_lists_the_steps_in_proof_order():
    thm1 = registry.get("ranmilo.thm1")
    t, epsilon = sympy.Symbol("t", integer=True, positive=True), sympy.Symbol("epsilon", nonnegative=True)
    assert sympy.simplify(thm1.bound - (sympy.floor(t / 9) - 1 - 4 * epsilon)) == 0
    assert [s.name for s in thm1.steps] == [f"ranmilo.thm1.{name}" for name in STEPS]


def test_every_step_lemma_and_correction_has_a_check():
    names = {c.name: c for c in checks.all_checks()}
    wanted = [s.name for s in registry.get("ranmilo.thm1").walk()][1:] + LEMMAS + [
        s.name for s in registry.get("ranmilo.thm1_repaired").walk()]
    for name in wanted:
        assert name in names, name
    for printed in ("ranmilo.thm1.double_angle", "ranmilo.thm1.balancing_of_square", "ranmilo.thm1.alternation",
                    "ranmilo.thm1.disagreements", "ranmilo.lemma4", "ranmilo.lemma1.choice_of_k"):
        assert names[printed].expected == "refuted"
        assert registry.corrections_of(printed), printed


def test_symbolic_steps_are_complete_proofs():
    for name in ("ranmilo.thm1.arg_range", "ranmilo.thm1.magnitude", "ranmilo.thm1.odd_restriction",
                 "ranmilo.thm1.final_inequality", "ranmilo.thm1_repaired.final_inequality",
                 "ranmilo.thm1_repaired.double_angle", "ranmilo.thm1.sign_changes", "ranmilo.lemma4_corrected",
                 "ranmilo.remark1"):
        assert registry.get(name).prove().complete, name


def test_arcsin_of_one_fifth_exceeds_pi_over_16():
    # the fact behind arg_range, here with sympy's exact comparison of algebraic numbers
    assert sympy.sin(sympy.pi / 16) < sympy.Rational(1, 5) < sympy.sin(sympy.pi / 15)


def test_double_angle_counterexample_rechecks():
    found = proof_checks.double_angle("quick").counterexample
    theta = _angle(found["arg_A"])
    assert abs(sympy.sin(theta)) >= sympy.Rational(1, 5)
    doubled = sympy.Mod(2 * theta, sympy.pi)
    assert not (sympy.pi / 4 <= doubled <= 3 * sympy.pi / 4)


def test_balancing_of_square_counterexamples_recheck():
    outcome = proof_checks.balancing_of_square("quick")
    assert outcome.verdict == "refuted"
    # arg A = pi/2: at b = pi/2 the points b + j pi are in neither region, for every p
    assert all(label == 0 for label in labels(sympy.pi, 3 * sympy.pi / 2, 30))
    finite = outcome.counterexample["finite"]
    theta = _angle(finite["arg_A"])
    assert abs(sympy.sin(theta)) >= sympy.Rational(1, 5)
    assert finite["beta_A_squared"] > 9
    for p in range(1, 10):  # every p <= 9 fails for some b: recount that b with labels()
        test = shift_test(2 * theta, p)
        assert not test.balanced
        name = min(test.least, key=lambda n: test.least[n])
        c = test.worst_shift[name]
        b = 2 * sympy.pi * sympy.Rational(int(c.p), int(c.q))
        found = labels(2 * theta, b + 2 * theta, p)  # b + j (2 theta), j = 1..p
        assert 6 * min(found.count(1), found.count(-1)) < p


def test_alternation_counterexample_rechecks_under_both_readings_of_the_index_range():
    found = proof_checks.alternation("quick").counterexample
    theta = _angle(found["arg_A"])
    assert abs(sympy.sin(theta)) >= sympy.Rational(1, 5)
    assert balancing_number(2 * theta, p_max=9) == found["beta_A_squared"] <= 9
    t, claimed = found["t"], found["claimed"]
    assert claimed == t // 9 - 1
    reported = found["alternations"]
    for reading, K in (("floor(t/2)", t // 2), ("ceil(t/2)", (t + 1) // 2)):
        length = alternation_length(labels(2 * theta, _angle(found["arg_BC"]), K))
        assert reported[reading]["K"] == K
        assert length == reported[reading]["alternations_at_arg_BC"] < claimed, reading


def test_alternation_claim_is_refuted_at_t_108_not_at_t_99_under_the_odd_index_reading():
    """At t = 99 the printed range K = 49 fails but K = ceil(99/2) = 50 reaches floor(99/9) - 1 = 10 at
    every phase; t = 108 (K = 54 in both readings) fails: 10 < 11 at arg(B C) = 5pi/14."""
    step = 2 * sympy.pi * 2 / 21  # arg A^2, arg A = 2pi/21
    least = fewest_alternations(step, [49, 50, 54])
    assert least[49][0] == 9 < 10 == least[50][0]
    assert least[54][0] == 10 < 108 // 9 - 1
    assert alternation_length(labels(step, 5 * sympy.pi / 14, 54)) == 10
    outcome = proof_checks.alternation("quick")
    assert outcome.counterexample["t"] == 108
    assert outcome.evidence["first_failing_t"]["pi/10"] == 144  # the second example the texts quote


def test_disagreement_and_lemma_counterexamples_recheck():
    found = proof_checks.disagreements("quick").counterexample
    assert sum(y * z <= 0 for y, z in zip(found["y_signs"], found["z_signs"])) < found["L"] - found["n_R"]
    assert alternation_length(found["z_signs"]) == found["L"]
    # the sign pattern: Z|1 of A = 99i/100, B C = 1 is (-(99/100)^2)^(k-1); Y|1 of A_R = 99/100 is positive
    assert "sign_pattern_realised_by" in found and "realised_by" not in found
    z = [(-fmpq(99, 100) ** 2) ** k for k in range(3)]
    assert [1 if v > 0 else -1 for v in z] == found["z_signs"]
    # ... and, as the note says, in that SSM the whole odd sequence alternates, so over all k <= floor(t/2)
    # the printed count floor(t/9) - n_R - 1 is met (the SSM realises the pattern, not the failure)
    for t in range(2, 400):
        whole = [(-fmpq(99, 100) ** 2) ** k for k in range(t // 2)]
        assert sum(v <= 0 for v in whole) >= t // 9 - found["n_R"] - 1
    found = proof_checks.lemma1_choice_of_k("quick").counterexample
    assert (found["p"], found["theta"], found["k"]) == (4, "pi/2", 5)
    assert fmpq(0) ** 1 == 0 and fmpq(0) ** 2 == 0  # Lemma 4: f(x) = 0^x, n = 1, has zeros
    assert proof_checks.lemma4("quick").verdict == "refuted"
    assert sympy.pi / 2 + 2 * sympy.pi / 8 <= sympy.pi <= 4 * sympy.pi / 3  # theta = pi in the proof's interval
    assert proof_checks.lemma1_case2_interval("quick").verdict == "refuted"


def test_alternation_counterexample_through_the_complex_response():
    """The same counts (both readings of the index range) from the odd-index response Re(B C A^(2k-2)) of
    the complex SSM, computed in acb with |A| = 199/200 >= 0.5^(1/t) and |B C| = 1, labelled by Remark 1
    (Re z >= |z|/2 or <= -|z|/2)."""
    from flint import acb, arb, ctx
    found = proof_checks.alternation("quick").counterexample
    t = found["t"]
    theta, b = _angle(found["arg_A"]) / sympy.pi, _angle(found["arg_BC"]) / sympy.pi
    with ctx.workprec(128):
        radius = arb(fmpq(199, 200))
        assert radius >= arb(fmpq(1, 2)) ** (arb(1) / t)
        A = radius * acb(arb(fmpq(int(theta.p), int(theta.q)))).exp_pi_i()
        BC = acb(arb(fmpq(int(b.p), int(b.q)))).exp_pi_i()
        assert (A.arg() / arb.pi()).overlaps(arb(fmpq(int(theta.p), int(theta.q))))
        signs = []
        for k in range(1, (t + 1) // 2 + 1):
            z = BC * A ** (2 * k - 2)
            half = abs(z) / 2
            assert not z.real.overlaps(half) and not z.real.overlaps(-half)  # decided by the balls
            label = 1 if z.real > half else -1 if z.real < -half else 0
            if label:
                assert abs(z.real) >= arb(1) / 4  # step 5 (magnitude)
            signs.append(label)
    for reading, K in (("floor(t/2)", t // 2), ("ceil(t/2)", (t + 1) // 2)):
        assert alternation_length(signs[:K]) == found["alternations"][reading]["alternations_at_arg_BC"] < t // 9 - 1


def test_the_l1_split_is_proved_for_symbolic_length_and_a_wrong_split_is_not():
    from theory.ranmilo import theorem1
    steps = theorem1.l1_split_steps()
    assert all(step.holds for step in steps)
    assert sum(theorem1.M in step.expression.free_symbols for step in steps) >= 4  # symbolic M, not one instance
    x, j, M = theorem1.X, theorem1.j, theorem1.M
    wrong = identity_step("off by one", sympy.Sum(sympy.Abs(x[j]), (j, 1, 2 * M)) +
                          sympy.Sum(sympy.Abs(x[j]), (j, 2 * M + 2, 2 * M + 3)),
                          sympy.Sum(sympy.Abs(x[j]), (j, 1, 2 * M + 2)))
    assert not wrong.holds


def test_repaired_theorem_states_every_hypothesis_it_uses():
    thm = registry.get("ranmilo.thm1_repaired")
    names = {str(symbol) for symbol in thm.symbols}
    assert {"theta", "|A|", "|B C|", "p", "t", "epsilon"} <= names

    def holds(theta, modulus_A, modulus_BC, t=40, p=9, eps=0, error=0):
        given = {"theta": theta, "|A|": modulus_A, "|B C|": modulus_BC, "t": t, "p": p, "epsilon": eps,
                 "||Y - Z||_1": error}
        values = {s: given[str(s)] for h in thm.hypotheses for s in h.free_symbols}
        return [bool(h.subs(values)) for h in thm.hypotheses]

    assert all(holds(sympy.pi / 4, 1, 1))  # 2 arg A mod pi = pi/2
    assert not all(holds(sympy.pi / 2, 1, 1))  # 2 arg A mod pi = 0: outside [pi/4, 3pi/4]
    assert not all(holds(sympy.pi / 16, 1, 1))  # pi/8 < 2pi/8
    assert not all(holds(sympy.pi / 4, sympy.Rational(1, 2), 1))  # |A| < 0.5^(1/40)
    assert not all(holds(sympy.pi / 4, 1, sympy.Rational(1, 2)))  # |B C| < 1
    assert not all(holds(sympy.pi / 4, 1, 1, t=16))  # ceil(t/2) = 8 < p = 9
    assert not all(holds(sympy.pi / 4, 1, 1, eps=sympy.Rational(1, 10), error=sympy.Rational(1, 5)))  # not eps-close


def test_every_statement_records_the_hypotheses_its_proof_uses():
    """The records carry the hypotheses their checks and proofs use (issue 11, item 3)."""
    def mentions(name, text):
        return any(text in str(h) for h in registry.get(name).hypotheses)

    assert mentions("ranmilo.thm1", "Abs(sin(theta))") and mentions("ranmilo.thm1", "|B C|")
    assert mentions("ranmilo.thm1", "|A|") and mentions("ranmilo.thm1", "||Y - Z||_1")
    assert mentions("ranmilo.cor4", "Mod(theta, pi)")  # the interval hypothesis, missing before
    assert mentions("ranmilo.lemma4_corrected", "a[i] > 0") and mentions("ranmilo.lemma4_corrected", "Ne(a[i], a[i'])")
    assert mentions("ranmilo.lemma4_corrected", "alpha[i] >= 0")
    assert mentions("ranmilo.thm1.magnitude", "|B C|") and mentions("ranmilo.thm1.magnitude", "|A|")
    assert mentions("ranmilo.thm1.odd_restriction", "||Y - Z||_1")
    assert mentions("ranmilo.thm1.alternation", "Abs(sin(theta))")
    assert mentions("ranmilo.thm1_repaired.alternation", "beta(2*theta)")
    assert mentions("ranmilo.thm1_repaired.disagreements", "n_R >= 1")
    assert registry.get("ranmilo.lemma1").hypotheses and registry.get("ranmilo.remark1").hypotheses


def test_proofs_say_what_they_rest_on():
    """No prose join: every proof step is sympy, z3, finite or a cited premise, and the premises are the
    classical results named in the module (issue 11, item 1)."""
    from theory.ranmilo import theorem1
    cited = {theorem1.MVT, theorem1.INDUCTION, theorem1.IVT, theorem1.DESCARTES}
    kinds = {}
    for name in ("ranmilo.remark1", "ranmilo.thm1.arg_range", "ranmilo.thm1_repaired.double_angle",
                 "ranmilo.thm1.odd_restriction", "ranmilo.thm1.magnitude", "ranmilo.thm1.final_inequality",
                 "ranmilo.thm1_repaired.final_inequality", "ranmilo.lemma4_corrected", "ranmilo.thm1.sign_changes"):
        proof = registry.get(name).prove()
        assert proof.verdict == "proved", name
        for step in proof.steps:
            kinds[step.kind] = kinds.get(step.kind, 0) + 1
            if step.kind == "premise":
                assert step.scope in cited, step.scope
            if step.kind == "z3":
                assert step.query and "z3" in step.method
    assert kinds["z3"] >= 10 and kinds["premise"] >= 5
    assert registry.get("ranmilo.thm1.final_inequality").prove().premises == ()
    assert any("Mean value theorem" in p for p in registry.get("ranmilo.thm1.magnitude").prove().premises)


def test_no_identity_step_compares_an_expression_with_itself():
    from theory.ranmilo import theorem1
    for steps in (theorem1.remark1_steps(), theorem1.arg_range_steps(), theorem1.double_angle_repaired_steps(),
                  theorem1.odd_restriction_steps(), theorem1.magnitude_steps(), theorem1.lemma4_corrected_steps(),
                  theorem1.sign_changes_steps(), theorem1.repaired_join_steps()):
        for step in steps:
            if step.kind == "sympy" and "lhs - rhs" in step.method:
                assert step.expression != 0, step.claim  # sympy did not cancel the two sides on construction


def test_the_z3_steps_fail_on_a_wrong_conclusion():
    """The bound constants are read when the proof runs: a wrong one is refused by z3."""
    from theory.ranmilo import theorem1
    from verify.mutation import patched
    with patched(theorem1, "FINAL_EPS_FACTOR", 3):
        assert registry.get("ranmilo.thm1.final_inequality").prove().verdict == "open"
    with patched(theorem1, "MAGNITUDE", sympy.Rational(3, 10)):
        assert registry.get("ranmilo.thm1.magnitude").prove().verdict == "open"
    with patched(theorem1, "ARG_FLOOR", sympy.pi / 15):  # arcsin 0.2 < pi/15: the claim would be false
        assert registry.get("ranmilo.thm1.arg_range").prove().verdict == "open"
    assert registry.get("ranmilo.thm1.arg_range").prove().verdict == "proved"


def test_report_numbers_are_computed():
    """The decimals in arg_range's summary and the balancing numbers quoted in the statements are computed."""
    summary = registry.get("ranmilo.thm1.arg_range").summary
    assert "arcsin 0.2 = 0.2014 > pi/16 = 0.1963" in summary  # asin(1/5) = 0.20135..., pi/16 = 0.19634...
    assert "(|sin| = 0.295)" in registry.get("ranmilo.thm1.alternation").summary  # sin(2pi/21) = 0.29476...
    assert "pi/15 gives beta(A^2) = 12" in registry.get("ranmilo.thm1.balancing_of_square").summary
    assert balancing_number(2 * sympy.pi / 15, p_max=20) == 12
    assert balancing_number(2 * sympy.pi / 10, p_max=20) == 9  # 'less than 9' fails at arg A = pi/10
    assert abs(sympy.sin(sympy.pi / 10)) >= sympy.Rational(1, 5)
    found = proof_checks.double_angle("quick").counterexample["also"]
    assert found["sin_arg_A"] == "0.2079 >= 0.2" and found["rechecks"]  # sin(pi/15) = 0.20791...


def test_grid_checks_try_each_hypothesis_just_outside():
    """Every grid check runs candidates just outside its hypotheses; the needed ones fail there."""
    def needed(outcome, key="outside_hypotheses"):
        return {name for name, entry in outcome.evidence[key].items() if entry["needed"]}

    assert needed(proof_checks.lemma5("quick")) == {"p theta >= 2pi"}
    assert needed(proof_checks.lemma1_case1("quick")) == {"2pi/p <= theta", "theta <= 2pi/3"}
    assert needed(proof_checks.lemma1_case2("quick")) == {"pi + 2pi/(p-1) <= theta"}
    cor4 = proof_checks.corollary4("quick")
    assert needed(cor4) == {"arg mod pi in [2pi/(p-1), pi - 2pi/(p-1)]"}
    assert cor4.evidence["outside_hypotheses"]["arg mod pi in [2pi/(p-1), pi - 2pi/(p-1)]"]["example"]["theta"] == "pi"
    assert needed(proof_checks.balancing_of_square_corrected("quick")) == {
        "2 arg A mod pi in [2pi/(p-1), pi - 2pi/(p-1)]"}
    assert needed(proof_checks.lemma1_choice_of_k_corrected("quick")) >= {"2pi/p <= theta"}
    assert needed(proof_checks.alternation_corrected("quick")) == {"K >= beta(A^2)"}
    assert needed(proof_checks.theorem1_sign_changes("quick")) == {"odd indices only (poles (A_R)_jj^2 >= 0)"}
    lemma4 = proof_checks.lemma4_corrected("quick")
    assert needed(lemma4, "outside_hypotheses_a") == {"distinct bases", "positive bases", "weights not all 0"}
    assert needed(lemma4, "outside_hypotheses_b") == {"alpha_j >= 0"}


def test_lemma4_without_distinct_positive_bases_is_refuted():
    """Part (a) without distinct bases or positive bases: f vanishes identically on x > 0."""
    from verify.mutation import patched
    one_half = fmpq(1, 2)
    assert proof_checks.real_zeros((one_half, one_half), (fmpq(1), fmpq(-1))) == float("inf")
    assert proof_checks.real_zeros((fmpq(0),), (fmpq(1),)) == float("inf")
    # f(x) = 1 - 3 (2^x) + 2 (4^x) = (2^x - 1)(2 (2^x) - 1): zeros x = 0 and x = -1, n - 1 = 2 allowed
    assert proof_checks.real_zeros((fmpq(1), fmpq(2), fmpq(4)), (fmpq(1), fmpq(-3), fmpq(2))) == 2
    for name in ("distinct bases", "positive bases"):
        with patched(proof_checks.LEMMA4A_HYPOTHESES, name, lambda a, b: True):
            outcome = proof_checks.lemma4_corrected("quick")
        assert outcome.verdict == "refuted" and outcome.counterexample["part"] == "(a) zeros"
    assert proof_checks.lemma4_corrected("quick").verdict == "proved"


def test_the_repaired_chain_is_certified_on_its_range_with_the_premises_listed():
    outcome = proof_checks.theorem1_repaired("quick")
    assert outcome.verdict == "certified"
    assert len(outcome.evidence["finite_scopes"]) == 4
    assert any("Descartes" in p for p in outcome.evidence["premises"])
    assert set(outcome.evidence["links"].values()) <= {"proved", "certified"}
    scope, covered = proof_checks.chain_scope("quick")
    assert covered and scope in outcome.summary
    kinds = [step["kind"] for step in outcome.evidence["proof_steps"]]
    assert kinds[-1] == "z3" and kinds.count("finite") == 4
