"""Run checks and turn their outcomes into report rows."""
from __future__ import annotations

import time
import traceback

from tqdm import tqdm

from theory import registry as theory_registry

from .registry import Check
from .verdict import CheckResult, Outcome


def run_check(check: Check, tier: str) -> CheckResult:
    """Run one check; an exception inside it becomes an ``open`` verdict carrying the error."""
    start = time.perf_counter()
    try:
        outcome = check.run(tier)
    except Exception as error:  # a crashing check must show in the report, not hide the others
        outcome = Outcome("open", None, "the check raised an exception",
                          {"error": f"{type(error).__name__}: {error}",
                           "traceback": traceback.format_exc(limit=5)})
    return CheckResult(name=check.name, statement=check.statement,
                       source=theory_registry.get(check.statement).source, verdict=outcome.verdict,
                       expected=check.expected_on(tier), margin=outcome.margin, margin_note=outcome.margin_note,
                       evidence=outcome.evidence, counterexample=outcome.counterexample,
                       erratum=outcome.erratum, summary=outcome.summary, seconds=round(time.perf_counter() - start, 3),
                       tier=tier, margin_from=outcome.margin_from,
                       premises=tuple(outcome.premises))


def run_checks(checks: list[Check], tier: str, progress: bool = True) -> list[CheckResult]:
    results = []
    # disable=None: no bar when stderr is not a terminal (CI logs), or when progress is off
    bar = tqdm(checks, desc="verify", unit="check", disable=None if progress else True, leave=False)
    for check in bar:
        bar.set_postfix_str(check.name)
        results.append(run_check(check, tier))
    return results
