"""What every kind of training-run configuration shares: its cache key and its dict round trip.

A run configuration (a frozen dataclass taken by :func:`numerics.learning.sweep.run_sweep`) mixes in
:class:`RunConfig` and sets two class attributes, ``KIND`` (a name unique to the kind of run) and
``CACHE_VERSION`` (bumped whenever a change alters the result of a run, so that cached results are
recomputed); it defines ``as_dict()`` (the configuration with its defaults resolved) itself.  The cache
key is the first 24 hex digits of the SHA-256 of the JSON of ``{"kind": KIND, "cache_version":
CACHE_VERSION, **as_dict()}`` with sorted keys: equal configurations share a key, and kinds never
collide.
"""
from __future__ import annotations

import hashlib
import json


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
