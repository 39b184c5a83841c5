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

On a cluster the checks are submitted longest first, by the seconds each took in a serial run on the
reference machine (:data:`SECONDS_HINTS`, ``verify/check_seconds.json``; a check it does not list comes
after those it does, in the given order), so that the last checks to finish are short ones.  The hints
only order the submissions; ``python -m verify --update-seconds-hints`` rewrites them from a serial run.

``recorded_experiments=True`` runs the experiments (:attr:`verify.registry.Check.experiment`) on their
quick tier whatever ``tier`` is: they re-read the recorded runs of their full tier instead of training
them (their result rows then say tier ``quick``).
"""
from __future__ import annotations

import dataclasses
import json
import time
import traceback
from pathlib import Path

from tqdm import tqdm

from numerics.engine import run_tasks, session, single_threaded
from numerics.errors import InputError, check_int
from numerics.outputs import text_writer, write_files_atomically
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


#: Seconds per check and tier from a serial run (module docstring).
SECONDS_HINTS = Path(__file__).with_name("check_seconds.json")


def seconds_hints(tier: str) -> dict:
    """``{check name: seconds}`` of :data:`SECONDS_HINTS` for ``tier`` (empty when it has none)."""
    if not SECONDS_HINTS.exists():
        return {}
    return json.loads(SECONDS_HINTS.read_text(encoding="utf-8")).get(tier, {})


def update_seconds_hints(results: list[CheckResult]) -> Path:
    """Replace the hints of the tiers of ``results`` (serial runs only: on a cluster a check's seconds
    include its wait for its instances) by the seconds of ``results``; written atomically."""
    hints = json.loads(SECONDS_HINTS.read_text(encoding="utf-8")) if SECONDS_HINTS.exists() else {}
    for result in results:
        hints.setdefault(result.tier, {})[result.name] = round(result.seconds, 1)
    hints = {tier: dict(sorted(values.items())) for tier, values in sorted(hints.items())}
    write_files_atomically({SECONDS_HINTS: text_writer(json.dumps(hints, indent=1) + "\n")})
    return SECONDS_HINTS


def longest_first(names: list[str], tiers: list[str]) -> list[int]:
    """The indices of the checks ``names`` (run on ``tiers``) in submission order: by the hinted
    seconds, longest first; checks without a hint last, in their order."""
    hints = {tier: seconds_hints(tier) for tier in set(tiers)}
    return sorted(range(len(names)), key=lambda i: -hints[tiers[i]].get(names[i], -1.0))


def _as_json(value):
    return json.loads(json.dumps(value, default=str))


def run_checks(checks: list[Check], tier: str, progress: bool = True, *, workers: int = 1,
               scheduler: str | None = None, recorded_experiments: bool = False) -> list[CheckResult]:
    """The results of ``checks`` on ``tier``, in their order; ``workers``, ``scheduler`` and
    ``recorded_experiments`` as in the module docstring (the checks must be registered: a task looks
    its check up by name)."""
    workers = check_int("workers", workers, 1)
    tiers = [check.tier_for(tier, recorded_experiments) for check in checks]
    # disable=None: no bar when stderr is not a terminal (CI logs), or when progress is off
    bar = tqdm(total=len(checks), desc="verify", unit="check", disable=None if progress else True, leave=False)
    try:
        with session(workers=min(workers, max(1, len(checks))), scheduler=scheduler) as client:
            if client is None:
                results = []
                for check, check_tier in zip(checks, tiers):
                    bar.set_postfix_str(check.name)
                    with single_threaded():
                        results.append(run_check(check, check_tier))
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
            order = longest_first([check.name for check in checks], tiers)
            run_tasks(client, _run_named, [(checks[i].name, tiers[i]) for i in order],
                      lambda position, result: store(order[position], result))
            return gathered
    finally:
        bar.close()
