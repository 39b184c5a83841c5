"""The A5 word problem of Figure 2 of Cirone et al. (2024), Section 6 (after Merrill et al. 2024), generated
here (no download), and the exact dense Linear CDE that solves it.

**The group.**  :data:`ELEMENTS` holds the 60 even permutations of the five points ``0..4`` in one-line
notation (``p[i]`` is the image of ``i``), in lexicographic order of that notation; the identity
``(0, 1, 2, 3, 4)`` is therefore element 0.  A token is an element's index.

**Composition convention.**  The product ``g . h`` means "``g`` first, then ``h``":
``(g . h)(i) = h(g(i))``.  :data:`TABLE` is the multiplication table, ``TABLE[g, h] = index(g . h)``.
The target at position ``k`` is the index of the running product ``pi_k = x_1 . x_2 . ... . x_k``
(so ``pi_k = pi_(k-1) . x_k``), as the official data's ``acc = op(acc, x)`` scan
(github.com/jopetty/word-problem, ``src/generate_data.py``); whether that library's ``op`` composes
in this or the opposite order is not stated there.  The opposite convention is the same task up to the
anti-automorphism ``g -> g^(-1)``, so the difficulty of the task does not depend on it.

**Data** (:func:`word_problem`): ``samples`` distinct sequences of ``length`` tokens drawn uniformly
with a ``numpy`` generator seeded by ``seed`` (all ``60^length`` sequences, in a seeded order, when
``samples`` is at least half of them), targets by the scan above; :func:`split` takes the first 80 %
as training and the last 20 % as validation data (the official 80/20 split after a seeded shuffle).
The official files hold all 3 600 pairs at length 2, all 216 000 triples at length 3 and 1 000 000
random distinct sequences at every length 4..20 (read off the sizes of the Git LFS objects: 66 018,
5 184 018, 35 333 790 bytes at lengths 2, 3, 5).  :func:`auxiliary_pairs` is the length-2 set that
the official training loops add to every step (all 3 600 pairs, seeded order).

**The dense Linear CDE** (:func:`dense_cde_states`).  Let ``P_g`` be the 5 x 5 permutation matrix
``P_g e_i = e_(g(i))``; then ``P_(g . h) = P_h P_g``.  The token-driven Linear CDE of the official
A5 code's fixed-step scan, ``Z_k = Z_(k-1) + sum_i A~_i Z_(k-1) Delta omega^i_k`` with the one-hot
control increments ``Delta omega_k = e_(x_k)`` and the dense matrices ``A~_i = P_i - I`` (state
dimension 5), is ``Z_k = P_(x_k) Z_(k-1)``, and its Wronskian (Proposition 4.6's ``A_I``, the earliest
letter acting first) is ``W_k = P_(x_k) ... P_(x_1) = P_(pi_k)``: the state after ``k`` tokens is the
running product, at every length.  With ``Z_0 = (0, 1, 2, 3, 4)`` the state is ``(P_pi Z_0)_j =
pi^(-1)(j)``, the one-line notation of ``pi_k^(-1)``, from which :func:`read_state` reads the index of
``pi_k`` exactly.  Everything is integer (``int64``; entries stay in ``{0, 1}`` or ``0..4``), so the
comparison with the targets is exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations, product

import numpy as np

from ..errors import InputError, check_int

#: Points the permutations act on.
POINTS = 5


def _parity(p) -> int:
    """0 for an even permutation, 1 for an odd one (number of inversions mod 2)."""
    return sum(1 for i in range(len(p)) for j in range(i + 1, len(p)) if p[i] > p[j]) % 2


#: The 60 even permutations of 0..4 in lexicographic order of their one-line notation (identity first).
ELEMENTS: tuple[tuple[int, ...], ...] = tuple(p for p in permutations(range(POINTS)) if _parity(p) == 0)
ORDER = len(ELEMENTS)
IDENTITY = 0
_INDEX = {p: n for n, p in enumerate(ELEMENTS)}


def index_of(permutation) -> int:
    """The index of an even permutation given in one-line notation."""
    key = tuple(int(x) for x in permutation)
    if key not in _INDEX:
        raise InputError(f"permutation: {permutation!r} is not an even permutation of 0..{POINTS - 1}")
    return _INDEX[key]


def compose(g, h) -> tuple[int, ...]:
    """``g . h`` in one-line notation: ``g`` first, then ``h``, ``(g . h)(i) = h(g(i))``."""
    return tuple(h[g[i]] for i in range(POINTS))


def inverse(g) -> tuple[int, ...]:
    result = [0] * POINTS
    for i, image in enumerate(g):
        result[image] = i
    return tuple(result)


#: ``TABLE[g, h]`` = index of ``g . h``.
TABLE = np.array([[_INDEX[compose(g, h)] for h in ELEMENTS] for g in ELEMENTS], dtype=np.int64)


def permutation_matrix(g) -> np.ndarray:
    """``P_g`` with ``P_g e_i = e_(g(i))`` (integer 5 x 5)."""
    matrix = np.zeros((POINTS, POINTS), dtype=np.int64)
    for i, image in enumerate(g):
        matrix[image, i] = 1
    return matrix


#: ``MATRICES[n] = P_(ELEMENTS[n])``, shape (60, 5, 5), int64.
MATRICES = np.stack([permutation_matrix(g) for g in ELEMENTS])
#: The dense Linear CDE's matrices ``A~_i = P_i - I`` (one per token).
CDE_MATRICES = MATRICES - np.eye(POINTS, dtype=np.int64)[None]
#: The initial state ``Z_0 = (0, 1, 2, 3, 4)``.
Z0 = np.arange(POINTS, dtype=np.int64)


def check_tokens(tokens, name: str = "tokens") -> np.ndarray:
    """``tokens`` as an int64 array of shape (n, L), L >= 1, entries in 0..59, or an InputError naming ``name``."""
    array = np.asarray(tokens)
    if array.ndim != 2 or array.shape[1] < 1 or not np.issubdtype(array.dtype, np.integer):
        raise InputError(f"{name}: expected an integer array of shape (n, length), got shape {array.shape} "
                         f"and dtype {array.dtype}")
    if array.size and (array.min() < 0 or array.max() >= ORDER):
        raise InputError(f"{name}: token indices must lie in 0..{ORDER - 1}")
    return array.astype(np.int64)


def running_products(tokens) -> np.ndarray:
    """The targets: ``out[:, k]`` = index of ``x_1 . ... . x_(k+1)`` (the multiplication table, scanned)."""
    tokens = check_tokens(tokens)
    out = np.empty_like(tokens)
    out[:, 0] = tokens[:, 0]
    for k in range(1, tokens.shape[1]):
        out[:, k] = TABLE[out[:, k - 1], tokens[:, k]]
    return out


@dataclass(frozen=True, eq=False)
class WordProblem:
    """Sequences of one length with their targets; ``seed`` and ``samples`` are what drew them."""

    tokens: np.ndarray
    targets: np.ndarray
    length: int
    seed: int
    exhaustive: bool

    def __len__(self) -> int:
        return self.tokens.shape[0]


def _distinct_sequences(rng, samples: int, length: int) -> tuple[np.ndarray, bool]:
    total = ORDER ** length
    if samples * 2 >= total:
        every = np.array(list(product(range(ORDER), repeat=length)), dtype=np.int64)
        return every[rng.permutation(total)[:min(samples, total)]], samples >= total
    found = np.empty((0, length), dtype=np.int64)
    while found.shape[0] < samples:
        draw = rng.integers(0, ORDER, (2 * (samples - found.shape[0]) + 16, length), dtype=np.int64)
        merged = np.concatenate([found, draw])
        _, first = np.unique(merged, axis=0, return_index=True)
        found = merged[np.sort(first)]
    return found[:samples], False


def word_problem(length: int, samples: int, seed: int) -> WordProblem:
    """``samples`` distinct random sequences of ``length`` tokens and their running products (module docstring).

    ``length`` must be at least 2 (the official task has lengths 2..20)."""
    check_int("length", length, 2)
    check_int("samples", samples, 1)
    check_int("seed", seed, 0)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(length,)))
    tokens, exhaustive = _distinct_sequences(rng, samples, length)
    return WordProblem(tokens=tokens, targets=running_products(tokens), length=length, seed=seed,
                       exhaustive=exhaustive)


def split(problem: WordProblem, fraction: float = 0.8) -> tuple[WordProblem, WordProblem]:
    """(training, validation): the first ``fraction`` of the (already random) sequences and the rest."""
    if not isinstance(problem, WordProblem):
        raise InputError(f"problem: expected a WordProblem, got {type(problem).__name__}")
    if not 0 < fraction < 1:
        raise InputError(f"fraction: must lie strictly between 0 and 1, got {fraction!r}")
    cut = int(fraction * len(problem))
    parts = []
    for rows in (slice(0, cut), slice(cut, None)):
        parts.append(WordProblem(problem.tokens[rows], problem.targets[rows], problem.length, problem.seed, False))
    return parts[0], parts[1]


def auxiliary_pairs(seed: int) -> WordProblem:
    """All 3 600 length-2 sequences in a seeded order: the official auxiliary length-2 training set."""
    return word_problem(2, ORDER ** 2, seed)


# ---------------------------------------------------------------------------------------------
# the dense Linear CDE


def dense_cde_states(tokens, z0=Z0) -> np.ndarray:
    """States ``Z_1..Z_L`` (shape (n, L, 5), int64) of ``Z_k = Z_(k-1) + A~_(x_k) Z_(k-1)`` -- the
    Linear CDE with one-hot control increments, whose sum over ``i`` picks the token's matrix."""
    tokens = check_tokens(tokens)
    state = np.broadcast_to(np.asarray(z0, dtype=np.int64), (tokens.shape[0], POINTS)).copy()
    states = np.empty(tokens.shape + (POINTS,), dtype=np.int64)
    for k in range(tokens.shape[1]):
        state = state + np.einsum("npq,nq->np", CDE_MATRICES[tokens[:, k]], state)
        states[:, k] = state
    return states


def dense_wronskians(tokens) -> np.ndarray:
    """Wronskians ``W_k = P_(x_k) ... P_(x_1)`` (shape (n, L, 5, 5), int64): the state with ``Z_0 = I``."""
    tokens = check_tokens(tokens)
    current = np.broadcast_to(np.eye(POINTS, dtype=np.int64), (tokens.shape[0], POINTS, POINTS)).copy()
    out = np.empty(tokens.shape + (POINTS, POINTS), dtype=np.int64)
    for k in range(tokens.shape[1]):
        current = np.einsum("npq,nqr->npr", MATRICES[tokens[:, k]], current)
        out[:, k] = current
    return out


_CODES = np.full(POINTS ** POINTS, -1, dtype=np.int64)
for _n, _g in enumerate(ELEMENTS):
    _CODES[sum(v * POINTS ** i for i, v in enumerate(inverse(_g)))] = _n


def read_state(states) -> np.ndarray:
    """The element index each state encodes: a state ``(P_pi Z_0)`` with ``Z_0 = (0..4)`` is the one-line
    notation of ``pi^(-1)``; -1 where a state is no such vector."""
    states = np.asarray(states, dtype=np.int64)
    if states.shape[-1] != POINTS:
        raise InputError(f"states: the last axis must have length {POINTS}, got shape {states.shape}")
    valid = np.all((states >= 0) & (states < POINTS), axis=-1)
    codes = np.sum(np.clip(states, 0, POINTS - 1) * POINTS ** np.arange(POINTS), axis=-1)
    return np.where(valid, _CODES[codes], -1)
