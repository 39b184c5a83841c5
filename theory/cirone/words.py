"""Words, the shuffle product, and the span of signature words that one diagonal layer reaches.

A *word* is a tuple of 0-based channel indices; a *word combination* is a dict ``word -> Fraction``
(a linear functional on the signature: ``<c, Sig> = sum_I c_I Sig^I``).  The first letter of a
word is the earliest time (Section 4.5 of Cirone et al. 2024).

Used by Theorem 4.3 (:mod:`.diagonal`): with commuting ``A_i`` the expansion of Proposition 4.6
sees, from ``Z_0``, the symmetrised words ``sym(I) = sum of the distinct permutations of I`` and,
from ``xi = omega``, the words ``j . sym(I)`` (``int_0^t Sig^I_{s,t} d omega^j_s = Sig^{(j, I)}_{0,t}``).
When channel ``time`` of ``omega`` is ``t`` itself, ``Sig^{(time)} = 1`` and the shuffle identity
``Sig^u Sig^v = Sig^{u ⧢ v}`` make ``(e_time - e_()) ⧢ p`` vanish as a function of the path for
every word ``p``: these are the relations between signature words on time-augmented paths.

Written by hand (a few lines of combinatorics, exact in :class:`fractions.Fraction`); the
signature libraries do not expose word-level shuffle products on sparse combinations.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import permutations, product

from numerics.errors import InputError

Word = tuple[int, ...]
Combination = dict[Word, Fraction]


def words(letters: int, level: int) -> list[Word]:
    """All words over ``range(letters)`` of length ``level``, in lexicographic order."""
    return list(product(range(letters), repeat=level))


def words_up_to(letters: int, level: int) -> list[Word]:
    """All words of length ``0 .. level``, shortest first."""
    return [w for k in range(level + 1) for w in words(letters, k)]


def add(target: Combination, source: Combination, scale=1) -> Combination:
    """``target += scale * source`` (in place; zero coefficients dropped); returns ``target``."""
    for word, coefficient in source.items():
        value = target.get(word, Fraction(0)) + Fraction(scale) * coefficient
        if value:
            target[word] = value
        else:
            target.pop(word, None)
    return target


def shuffle_words(u: Word, v: Word) -> Combination:
    """The shuffle product ``u ⧢ v`` of two words (all interleavings, with multiplicity)."""
    if not u:
        return {v: Fraction(1)}
    if not v:
        return {u: Fraction(1)}
    result: Combination = {}
    add(result, {(u[0],) + w: c for w, c in shuffle_words(u[1:], v).items()})
    add(result, {(v[0],) + w: c for w, c in shuffle_words(u, v[1:]).items()})
    return result


def shuffle(a: Combination, b: Combination) -> Combination:
    """The shuffle product of two word combinations (bilinear extension)."""
    result: Combination = {}
    for u, cu in a.items():
        for v, cv in b.items():
            add(result, shuffle_words(u, v), cu * cv)
    return result


def symmetrised(word: Word) -> Combination:
    """``sym(I)``: the sum of the distinct permutations of ``word`` (each with coefficient 1)."""
    return {w: Fraction(1) for w in set(permutations(word))}


def prefixed(letter: int, combination: Combination) -> Combination:
    """``j . c``: every word of ``c`` with ``letter`` put in front (the earliest letter)."""
    return {(letter,) + w: c for w, c in combination.items()}


def multisets(letters: int, level: int) -> list[Word]:
    """One sorted representative word per multiset of ``level`` letters."""
    return sorted({tuple(sorted(w)) for w in words(letters, level)})


def diagonal_generators(letters: int, level: int) -> list[Combination]:
    """Word combinations of signature level <= ``level`` that one diagonal layer's readout reaches
    (Proposition B.14 / Theorem 4.3, with ``omega = xi`` on ``letters`` channels and ``Z_0`` free):
    ``sym(I)`` for ``|I| <= level`` (from ``Z_0``) and ``j . sym(I)`` for ``|I| <= level - 1``
    (from ``xi``).  The empty word is the constant."""
    generators = [symmetrised(m) for k in range(level + 1) for m in multisets(letters, k)]
    generators += [prefixed(j, symmetrised(m)) for k in range(level) for m in multisets(letters, k)
                   for j in range(letters)]
    return generators


def time_relations(letters: int, level: int, time: int) -> list[Combination]:
    """``(e_time - e_()) ⧢ p`` for every word ``|p| <= level - 1``: combinations of level <= ``level``
    that vanish identically on paths whose channel ``time`` is ``t`` on [0, 1] (``Sig^{(time)} = 1``).
    Together they span all relations of level <= ``level`` (see :mod:`.diagonal`)."""
    unit = {(time,): Fraction(1), (): Fraction(-1)}
    return [shuffle(unit, {p: Fraction(1)}) for p in words_up_to(letters, level - 1)]


def as_rows(combinations: list[Combination], basis: list[Word]) -> list[list[Fraction]]:
    """The coefficient rows of ``combinations`` in the word ``basis`` (a word outside it raises)."""
    index = {w: i for i, w in enumerate(basis)}
    rows = []
    for combination in combinations:
        row = [Fraction(0)] * len(basis)
        for word, coefficient in combination.items():
            if word not in index:
                raise InputError(f"combinations: word {word} is outside the basis")
            row[index[word]] = coefficient
        rows.append(row)
    return rows
