"""Truncated path signatures of piecewise-linear paths (Cirone et al. 2024, Section 4.5, App. A).

For a path ``X : [0, 1] -> R^d`` and a word ``I = (i_1, ..., i_k)`` of 0-based channel indices,

    Sig(X)^I_{s,t} = int_{s < u_1 < ... < u_k < t} dX^{i_1}_{u_1} ... dX^{i_k}_{u_k},

so the *first letter is the earliest time* (the paper's convention, Section 2.4 of the digest;
it is also that of signax, roughpy and iisignature).  The Area and Volume targets of Section 6 are
``Sig^{(0,1)}`` and ``Sig^{(0,1,2)}`` in 0-based letters.

Layout.  :func:`signature` returns levels 1..m flattened one after the other; level ``k`` holds
its ``d**k`` words in lexicographic order, the word ``(i_1..i_k)`` at position
``i_1 d^(k-1) + ... + i_k`` inside the level; :func:`word_index` gives the position in the flat
vector (level offset included).  The empty word (always 1) is not stored.

Algorithm (float64).  A path given by points ``x_0..x_{L-1}`` is the concatenation of the linear
segments ``delta_j = x_{j+1} - x_j``; a linear segment has signature ``exp(delta)`` in the tensor
algebra (level k = ``delta^{(x)k} / k!``), and Chen's identity ``Sig(X * Y) = Sig(X) (x) Sig(Y)``
gives the signature of the concatenation.  One segment is absorbed with the Horner form

    S_k <- S_k + (... ((delta/k + S_1) (x) delta/(k-1) + S_2) (x) delta/(k-2) ... + S_{k-1}) (x) delta,

levels updated from the top down so that each uses the old lower levels (the scheme of
iisignature and signatory).  The loop is a numba kernel: written by hand because the well-kept
libraries that do it (roughpy, iisignature, esig) are heavy compiled dependencies with their own
layouts; roughpy (a test-only dependency) is the independent oracle in the tests.  Cost per
segment: ``d + d^2 + ... + d^k`` multiply-adds for level k.

Exact path.  :func:`exact_signature` computes the same quantity for a path with rational points
in python-flint ``fmpq``, by a separate code path (dictionaries of words, Chen's identity written
as the full convolution ``sum_j S_j (x) delta^{(x)(k-j)}/(k-j)!``), so the tests can compare the
two implementations, not one implementation with itself.

Time augmentation and restriction.  :func:`time_augment` prepends the channel ``t`` (default
``linspace(0, 1, L)``, the official code's implicit grid).  :func:`restrict` is Definition A.7:
``X_[s,t](u) = X_{t ^ u} - X_{s ^ u}``, by *time* on the grid ``times``; its signature over
[0, 1] is ``Sig(X)_{s,t}``.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import product
from numbers import Integral, Rational

import numba
import numpy as np
from flint import fmpq, fmpz

from ..errors import InputError

#: The largest truncation level (the issue asks for levels up to 4; higher levels work but their
#: size d**m grows fast, so the cap guards against a typo allocating gigabytes).
MAX_LEVEL = 8


def _check_level(level) -> int:
    if isinstance(level, bool) or not isinstance(level, Integral) or not 1 <= level <= MAX_LEVEL:
        raise InputError(f"level: expected an integer in [1, {MAX_LEVEL}], got {level!r}")
    return int(level)


def signature_size(d: int, level: int) -> int:
    """Number of stored words of levels 1..level over ``d`` letters: ``d + d^2 + ... + d^level``."""
    return sum(d ** k for k in range(1, level + 1))


def _as_paths(paths, name: str = "paths") -> tuple[np.ndarray, bool]:
    """``(batch, length, d)`` float64 C-contiguous array and whether a single path was given."""
    try:
        array = np.asarray(paths, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InputError(f"{name}: not a numeric array ({error})") from None
    single = array.ndim == 2
    if single:
        array = array[None]
    if array.ndim != 3:
        raise InputError(f"{name}: expected shape (batch, length, d) or (length, d), got {np.shape(paths)}")
    if array.shape[1] < 1 or array.shape[2] < 1:
        raise InputError(f"{name}: need at least one point and one channel, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise InputError(f"{name}: contains non-finite values")
    return np.ascontiguousarray(array), single


@numba.njit(cache=True)
def _signature_kernel(paths, level, out):
    """Chen/Horner recursion over the segments of each path; ``out`` (batch, size) is zeroed."""
    batch, length, d = paths.shape
    offsets = np.zeros(level + 1, dtype=np.int64)  # offsets[k]: start of level k (offsets[1] = 0)
    for k in range(2, level + 1):
        offsets[k] = offsets[k - 1] + d ** (k - 1)
    top = d ** level
    acc = np.empty(top)
    nxt = np.empty(top)
    delta = np.empty(d)
    for b in range(batch):
        s = out[b]
        for j in range(length - 1):
            for i in range(d):
                delta[i] = paths[b, j + 1, i] - paths[b, j, i]
            for k in range(level, 0, -1):
                # acc <- delta / k, then for m = 2..k: acc <- (acc + S_{m-1}) (x) delta / (k-m+1)
                for i in range(d):
                    acc[i] = delta[i] / k
                size = d
                for m in range(2, k + 1):
                    scale = 1.0 / (k - m + 1)
                    base = offsets[m - 1]
                    for a in range(size):
                        v = (acc[a] + s[base + a]) * scale
                        for i in range(d):
                            nxt[a * d + i] = v * delta[i]
                    size *= d
                    for a in range(size):
                        acc[a] = nxt[a]
                base = offsets[k]
                for a in range(size):
                    s[base + a] += acc[a]


def signature(paths, level) -> np.ndarray:
    """Levels 1..``level`` of the signature of piecewise-linear paths, flattened (float64).

    ``paths``: ``(batch, length, d)`` (or one path ``(length, d)``), the points of each path;
    returns ``(batch, d + d^2 + ... + d^level)`` (or ``(size,)``).  A path of one point has
    signature 0 in every level.
    """
    level = _check_level(level)
    array, single = _as_paths(paths)
    out = np.zeros((array.shape[0], signature_size(array.shape[2], level)))
    _signature_kernel(array, level, out)
    return out[0] if single else out


def signature_levels(paths, level) -> list[np.ndarray]:
    """The same as :func:`signature`, split into levels: level k has shape ``(batch,) + (d,)*k``."""
    level = _check_level(level)
    array, single = _as_paths(paths)
    flat = signature(array, level)
    d = array.shape[2]
    levels, start = [], 0
    for k in range(1, level + 1):
        block = flat[:, start:start + d ** k].reshape((array.shape[0],) + (d,) * k)
        levels.append(block[0] if single else block)
        start += d ** k
    return levels


def word_index(word, d) -> int:
    """Position of ``word`` (0-based letters) in the flat vector of :func:`signature`."""
    if isinstance(d, bool) or not isinstance(d, Integral) or d < 1:
        raise InputError(f"d: expected a positive integer, got {d!r}")
    word = tuple(word)
    if not word:
        raise InputError("word: the empty word is not stored (its signature term is 1)")
    for letter in word:
        if isinstance(letter, bool) or not isinstance(letter, Integral) or not 0 <= letter < d:
            raise InputError(f"word: letter {letter!r} is not a channel index in [0, {d})")
    index = signature_size(d, len(word) - 1)
    position = 0
    for letter in word:
        position = position * d + int(letter)
    return index + position


def words(d: int, level: int) -> list[tuple[int, ...]]:
    """All stored words in the order of the flat vector (levels 1..level, lexicographic)."""
    level = _check_level(level)
    return [w for k in range(1, level + 1) for w in product(range(d), repeat=k)]


def _to_fmpq(x, name: str) -> fmpq:
    if isinstance(x, fmpq):
        return x
    if isinstance(x, (bool, np.bool_)):
        raise InputError(f"{name}: {x!r} is not a rational number")
    if isinstance(x, (fmpz, Integral, np.integer)):
        return fmpq(int(x))
    if isinstance(x, Rational):  # Fraction and friends
        return fmpq(int(x.numerator), int(x.denominator))
    if isinstance(x, (float, np.floating)) and np.isfinite(x):
        f = Fraction(float(x))  # a float64 is a dyadic rational: taken exactly
        return fmpq(f.numerator, f.denominator)
    raise InputError(f"{name}: {x!r} is not a finite rational number")


def exact_signature(points, level) -> dict[tuple[int, ...], fmpq]:
    """Exact signature (levels 1..``level``) of the piecewise-linear path through ``points``.

    ``points``: a sequence of points, each a sequence of d rationals (fmpq, int, Fraction, or a
    float64 taken as its exact dyadic value).  Returns ``{word: fmpq}`` for every word of length
    1..level (0-based letters).  Chen's identity, segment by segment, in exact arithmetic.
    """
    level = _check_level(level)
    rows = [list(p) for p in points]
    if not rows:
        raise InputError("points: need at least one point")
    d = len(rows[0])
    if d < 1 or any(len(r) != d for r in rows):
        raise InputError("points: every point must have the same positive number of coordinates")
    pts = [[_to_fmpq(x, "points") for x in r] for r in rows]
    all_words = words(d, level)
    sig = {w: fmpq(0) for w in all_words}
    factorial = [fmpq(1)]
    for k in range(1, level + 1):
        factorial.append(factorial[-1] * k)
    for a, b in zip(pts[:-1], pts[1:]):
        delta = [y - x for x, y in zip(a, b)]

        def segment(w):  # level-|w| term of exp(delta): prod delta^{w_i} / |w|!
            value = fmpq(1)
            for letter in w:
                value *= delta[letter]
            return value / factorial[len(w)]

        new = {}
        for w in all_words:
            value = segment(w)
            for split in range(1, len(w)):
                value += sig[w[:split]] * segment(w[split:])
            new[w] = sig[w] + value
        sig = new
    return sig


def _check_times(times, length: int, name: str = "times") -> np.ndarray:
    if times is None:
        return np.linspace(0.0, 1.0, length)
    try:
        t = np.asarray(times, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InputError(f"{name}: not a numeric array ({error})") from None
    if t.shape != (length,):
        raise InputError(f"{name}: expected shape ({length},), got {t.shape}")
    if not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise InputError(f"{name}: must be finite and strictly increasing")
    return t


def time_augment(paths, times=None) -> np.ndarray:
    """Paths with the time ``t`` prepended as channel 0 (default ``times = linspace(0, 1, L)``)."""
    array, single = _as_paths(paths)
    t = _check_times(times, array.shape[1])
    clock = np.broadcast_to(t[None, :, None], (array.shape[0], array.shape[1], 1))
    out = np.concatenate([clock, array], axis=2)
    return out[0] if single else out


def restrict(paths, s, t, *, times=None) -> np.ndarray:
    """Definition A.7 restriction ``X_[s,t](u) = X_{t ^ u} - X_{s ^ u}``, by time.

    The path ``X`` is piecewise linear through its points at ``times`` (default
    ``linspace(0, 1, L)``); ``s <= t`` are times in ``[times[0], times[-1]]``.  Returns the points
    of ``X_[s,t]`` at the grid times together with ``s`` and ``t`` (sorted, duplicates dropped), so
    the result is again a piecewise-linear path (zero before ``s``, frozen after ``t``) and
    ``signature(restrict(X, s, t), m)`` is ``Sig(X)_{s,t}`` truncated at level m.
    """
    array, single = _as_paths(paths)
    grid = _check_times(times, array.shape[1])
    try:
        s, t = float(s), float(t)
    except (TypeError, ValueError):
        raise InputError(f"s, t: expected real numbers, got {s!r}, {t!r}") from None
    if not (np.isfinite(s) and np.isfinite(t)) or not grid[0] <= s <= t <= grid[-1]:
        raise InputError(f"s, t: need {grid[0]} <= s <= t <= {grid[-1]}, got s={s}, t={t}")
    knots = np.union1d(grid, [s, t])

    def value_at(u):  # piecewise-linear interpolation of every path at the times u
        j = np.clip(np.searchsorted(grid, u, side="right") - 1, 0, grid.size - 2) if grid.size > 1 else 0
        if grid.size == 1:
            return np.repeat(array[:, :1, :], len(u), axis=1)
        w = ((u - grid[j]) / (grid[j + 1] - grid[j]))[None, :, None]
        return array[:, j, :] * (1.0 - w) + array[:, j + 1, :] * w

    out = value_at(np.minimum(knots, t)) - value_at(np.minimum(knots, s))
    return out[0] if single else out
