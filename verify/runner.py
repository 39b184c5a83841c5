"""Run checks and turn their outcomes into report rows.

:func:`run_checks` runs the checks in this process, one after another (``workers=1``, the default),
or as one Dask task per check (:mod:`numerics.engine`): ``workers=N`` on a LocalCluster of N worker
processes, ``scheduler=ADDRESS`` (or ``$SSMCHECK_SCHEDULER``) on a running cluster.  A task names its
check (each worker imports the registry and looks it up), runs it exactly as :func:`run_check` does
here and ships the :class:`~verify.verdict.CheckResult` back; the results are returned in the order of
``checks``, so the report is the serial one apart from the ``seconds`` each check took (every check
runs with one BLAS/OpenMP thread, here or on a worker: :func:`numerics.engine.single_threaded`).  A check that
raises becomes an ``open`` verdict wherever it runs; a worker that dies has its checks run again
elsewhere (Dask's ``allowed-failures``); Ctrl-C cancels the checks not yet finished.  Checks that read
or write caches below ``out/`` do so on the workers' file system: on a cluster of several machines,
point ``SSMCHECK_OUT`` at a shared folder.
"""
from __future__ import annotations

import dataclasses
import json
import time
import traceback

from tqdm import tqdm

from numerics.engine import run_tasks, session, single_threaded
from numerics.errors import InputError, check_int
from theory import registry as theory_registry

from . import registry
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


def _run_named(name: str, tier: str) -> CheckResult:
    """The task of one check on a worker.  Its evidence and counterexample travel back as the JSON the
    reports make of them (``json.dumps(..., default=str)``, read back), so objects that do not pickle
    cannot lose a result, and the reports are those of the serial run."""
    result = run_check(registry.get(name), tier)
    return dataclasses.replace(result, evidence=_as_json(result.evidence),
                               counterexample=_as_json(result.counterexample))


def _as_json(value):
    return json.loads(json.dumps(value, default=str))


def run_checks(checks: list[Check], tier: str, progress: bool = True, *, workers: int = 1,
               scheduler: str | None = None) -> list[CheckResult]:
    """The results of ``checks`` on ``tier``, in their order; ``workers`` / ``scheduler`` as in the
    module docstring (the checks must be registered: a task looks its check up by name)."""
    workers = check_int("workers", workers, 1)
    # disable=None: no bar when stderr is not a terminal (CI logs), or when progress is off
    bar = tqdm(total=len(checks), desc="verify", unit="check", disable=None if progress else True, leave=False)
    try:
        with session(workers=min(workers, max(1, len(checks))), scheduler=scheduler) as client:
            if client is None:
                results = []
                for check in checks:
                    bar.set_postfix_str(check.name)
                    with single_threaded():
                        results.append(run_check(check, tier))
                    bar.update(1)
                return results
            for check in checks:
                try:
                    registered = registry.get(check.name)
                except KeyError:
                    registered = None
                if registered is not check:
                    raise InputError(f"checks: {check.name!r} is not the registered check of that name")
            gathered: list[CheckResult | None] = [None] * len(checks)

            def store(index: int, result: CheckResult) -> None:
                gathered[index] = result
                bar.set_postfix_str(result.name)
                bar.update(1)
            run_tasks(client, _run_named, [(check.name, tier) for check in checks], store)
            return gathered
    finally:
        bar.close()
