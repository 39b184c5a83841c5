"""Theorem 1 refuted (verify/checks/ranmilo/theorem1_counterexample.py): the counterexample holds up
when re-checked independently, and the check flips when the bound or eps is made wrong."""
import mpmath
from flint import fmpq

from verify import registry
from verify.checks.ranmilo import theorem1_counterexample as module
from verify.mutation import run_mutation

from test_cluster import _mp_error


def test_the_counterexample_refutes_and_survives_an_independent_recheck():
    outcome = module.theorem1_counterexample("quick")
    assert outcome.verdict == "refuted" and outcome.margin < 0
    config = module.COUNTEREXAMPLE
    t, eps, n = config["t"], config["eps"], config["n"]
    # exact comparison with the printed bound, and every hypothesis of Theorem 1 holds (|sin arg A| = 0.2)
    assert fmpq(n) < fmpq(t // 9 - 1) - 4 * eps
    target = module.target(config)
    assert target.satisfies_hypotheses() and target.q == 1 and target.p == 0
    witness = module._witness(t, config["g"], eps, n, config["alpha"], config["kappa"], config["prec"]).ssm
    assert witness.n == n and all(0 < a < 1 for a in witness.A)
    assert outcome.evidence["witness_sha256"] == module._digest(witness)
    # the l1 error re-evaluated without flint (mpmath), at enough digits for the weights' cancellation
    dps = outcome.evidence["largest_weight_log2"] * 31 // 100 + 80
    independent = _mp_error(witness, t, 1, config["g"], dps)
    assert independent <= mpmath.mpf(int(eps.p)) / int(eps.q)
    assert abs(independent - outcome.evidence["error_upper"]) < 1e-9


def test_the_mutations_leave_the_counterexample_open():
    check = registry.get("ranmilo.thm1")
    for description, _ in check.mutations:
        result = run_mutation(check, description)
        assert result.verdict == "open", description
    assert module.COUNTEREXAMPLE["eps"] == fmpq(249, 500) and module.printed_bound(18, fmpq(0)) == 1
