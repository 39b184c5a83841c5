"""The registry of statements: every statement and proof step, by name.

Names are dotted and start with the paper: ``ranmilo.prop3``, ``ranmilo.prop3.roots_of_unity``.
"""
from __future__ import annotations

from .statement import Statement

_STATEMENTS: dict[str, Statement] = {}


def register(statement: Statement) -> Statement:
    """Add ``statement`` and its proof steps to the registry; names must be unique."""
    for item in statement.walk():
        if item.name in _STATEMENTS and _STATEMENTS[item.name] is not item:
            raise ValueError(f"statement name {item.name!r} is registered twice")
        _STATEMENTS[item.name] = item
    return statement


def _load() -> None:
    # Importing the paper modules registers their statements.
    from . import ranmilo, cirone  # noqa: F401


def get(name: str) -> Statement:
    """The statement called ``name``; an unknown name raises ``KeyError`` naming it."""
    _load()
    try:
        return _STATEMENTS[name]
    except KeyError:
        raise KeyError(f"unknown statement {name!r}; `python -m theory list` lists them") from None


def names() -> list[str]:
    """All registered statement names, top-level statements and proof steps alike."""
    _load()
    return sorted(_STATEMENTS)


def corrections_of(name: str) -> list[Statement]:
    """The corrected forms (errata) registered for the printed statement ``name``."""
    _load()
    return [s for s in _STATEMENTS.values() if s.corrects == name]


def top_level() -> list[Statement]:
    """The statements that are not a step of another statement, in registration order."""
    _load()
    steps = {step.name for s in _STATEMENTS.values() for step in s.steps}
    return [s for s in _STATEMENTS.values() if s.name not in steps]
