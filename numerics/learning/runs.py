"""What every kind of training-run configuration shares: its cache key and its dict round trip.

A run configuration (a frozen dataclass taken by :func:`numerics.learning.sweep.run_sweep`) mixes in
:class:`RunConfig` and sets two class attributes, ``KIND`` (a name unique to the kind of run) and
``CACHE_VERSION`` (bumped whenever a change alters the result of a run, so that cached results are
recomputed); it defines ``as_dict()`` (the configuration with its defaults resolved) itself.  The cache
key is the first 24 hex digits of the SHA-256 of the JSON of ``{"kind": KIND, "cache_version":
CACHE_VERSION, **as_dict()}`` with sorted keys: equal configurations share a key, and kinds never
collide.

:func:`write_summaries` / :func:`read_summaries`: a study's results as one JSON file (the full tiers'
records that the quick tier of ``python -m verify`` re-reads).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..outputs import text_writer, write_files_atomically


class RunConfig:
    """Mixin for run configurations (module docstring)."""

    def key(self) -> str:
        """A stable hex hash of ``as_dict()``, ``KIND`` and ``CACHE_VERSION``: the run's cache key."""
        text = json.dumps({"kind": self.KIND, "cache_version": self.CACHE_VERSION, **self.as_dict()}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    @classmethod
    def from_dict(cls, record: dict):
        """The configuration of ``record`` (an ``as_dict()``)."""
        return cls(**record)


def write_summaries(results, path) -> Path:
    """Write the ``summary()`` of each result (without arrays, and without a ``"config"`` object: its
    ``"fields"`` hold the configuration) to the JSON file ``path``, atomically; :func:`read_summaries`
    reads it back.  The record of a study that a quick-tier check re-reads."""
    path = Path(path)
    records = [{key: value for key, value in r.summary().items() if key != "config"} for r in results]
    write_files_atomically({path: text_writer(json.dumps(records, indent=1, sort_keys=True) + "\n")})
    return path


def read_summaries(path, config_type) -> list[dict]:
    """The records of :func:`write_summaries`, each with ``config`` rebuilt as a ``config_type``."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return [{**record, "config": config_type.from_dict(record["fields"])} for record in records]
