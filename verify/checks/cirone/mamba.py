"""Checks of Corollary 4.4 / B.20 of Cirone et al. 2024 (Mamba: channel-wise diagonal Linear CDEs reach
only sums of one-channel maps); the statements and the proof are in :mod:`theory.cirone.mamba`.

* ``cirone.cor4_4.channel_separation`` (proved*): the symbolic proof, run by the registry's automatic
  check.
* ``cirone.cor4_4.readout_splits`` (certified, exact): a channel-wise diagonal Linear CDE with
  ``CHANNELS`` channels, ``BLOCK`` state coordinates per channel, rational parameters drawn from
  ``SEED`` and ``omega = xi = X``: its truncated expansion (Proposition 4.6, words of level <= M) is
  evaluated on rational piecewise-linear paths with exact signatures (python-flint ``fmpq``) and
  compared, exactly, with the sum of the ``CHANNELS`` one-channel Linear CDEs (block ``i`` alone,
  driven by the one-dimensional path ``X^i``), at every level M <= ``LEVELS[tier]``.  Mutations: a
  cross-channel coupling (an off-diagonal entry feeding block 0 into block 1) and ``A_i`` diagonal on
  every coordinate (Theorem 4.3's model) make the two sides differ.
* ``cirone.cor4_4.cross_terms_outside`` (certified, exact): in two channels with ``omega = xi = X``,
  the channel-wise readouts of level <= M span ``e_()`` and the one-letter words; the cross term
  ``Sig^{(0,1)} + Sig^{(1,0)} = Delta X^0 Delta X^1`` and the Area ``Sig^{(0,1)}`` (paper's ``X^1,
  X^2``) are outside: (i) exact rank over Q of the word rows, (ii) premise-free, exact rank of the
  evaluations on rational paths, (iii) at every level: two paths with the same increments and
  different Area, and a rectangle of increments where every generator's alternating sum is 0 and the
  cross term's is not.  Mutation: Theorem 4.3's diagonal (not channel-wise) generators, which reach both.
"""
from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
from flint import fmpq, fmpq_mat

from numerics.paths.signatures import exact_signature
from theory.cirone import mamba as mamba_theory  # noqa: F401  (registers the statements)
from theory.cirone.words import as_rows, diagonal_generators, words_up_to

from ...mutation import patched
from ...registry import check
from ...verdict import Outcome

SEED = 0
CHANNELS, BLOCK = 3, 2          # readout_splits: 3 channels, 2 state coordinates each (N = 6)
LEVELS = {"quick": 4, "full": 6}
PATHS = {"quick": 6, "full": 12}
SEGMENTS = 4
CROSS_LETTERS = 2               # cross_terms_outside: two channels
CERTIFICATE_PATHS = 40


def _q(value) -> fmpq:
    value = Fraction(value)
    return fmpq(value.numerator, value.denominator)


def _small(rng) -> fmpq:
    """A rational in [-1, 1] with denominator 4 (nonzero)."""
    value = 0
    while value == 0:
        value = int(rng.integers(-4, 5))
    return fmpq(value, 4)


def channel_wise_model(rng):
    """Rational ``A_i`` (N x N, diagonal, supported on block ``i``), ``B`` columns on block ``i``, ``Z_0``, ``v``."""
    N = CHANNELS * BLOCK
    A = []
    for i in range(CHANNELS):
        matrix = [[fmpq(0)] * N for _ in range(N)]
        for n in range(i * BLOCK, (i + 1) * BLOCK):
            matrix[n][n] = _small(rng)
        A.append(matrix)
    B = [[_small(rng) if n // BLOCK == j else fmpq(0) for n in range(N)] for j in range(CHANNELS)]
    z0 = [_small(rng) for _ in range(N)]
    v = [_small(rng) for _ in range(N)]
    return A, B, z0, v


def coupled_model(rng):
    """Mutation: the channel-wise model plus an off-diagonal entry of ``A_0`` feeding block 0 into block 1."""
    A, B, z0, v = channel_wise_model(rng)
    A[0][BLOCK][0] = fmpq(1, 2)
    return A, B, z0, v


def everywhere_diagonal_model(rng):
    """Mutation: ``A_i`` diagonal on every coordinate (Theorem 4.3's model, not channel-wise)."""
    A, B, z0, v = channel_wise_model(rng)
    for i in range(CHANNELS):
        for n in range(CHANNELS * BLOCK):
            if A[i][n][n] == 0:
                A[i][n][n] = fmpq(1, 3)
    return A, B, z0, v


#: The model the splitting check draws (the mutations patch it).
MODEL = channel_wise_model


def channel_wise_generators(letters: int, level: int) -> list:
    """Level <= ``level`` words one channel-wise layer with ``omega = xi = X`` reaches: the constant and,
    per channel ``i``, ``sym(i^k) = e_{i^k}`` (from ``Z_0``) and ``i . sym(i^(k-1)) = e_{i^k}`` (from ``xi^i``)."""
    return [{(): Fraction(1)}] + [{(i,) * k: Fraction(1)} for i in range(letters) for k in range(1, level + 1)]


#: What one channel-wise layer reaches, (letters, level) -> word combinations (the mutation patches it).
GENERATORS = channel_wise_generators


def _matvec(matrix, vector):
    return [sum((row[c] * vector[c] for c in range(len(vector))), fmpq(0)) for row in matrix]


def _dot(a, b) -> fmpq:
    return sum((x * y for x, y in zip(a, b)), fmpq(0))


def full_readout_coefficients(A, B, z0, v, letters: int, level: int) -> dict:
    """Proposition 4.6 with ``xi = omega``: the coefficient of each word of level <= ``level`` in
    ``<v, Z_t>`` -- ``<v, A_I Z_0>`` for ``I`` plus ``<v, A_I B_j>`` for ``(j, I)``."""
    vectors = {(): z0}
    fed = {(j,): B[j] for j in range(letters)}
    coefficients = {(): _dot(v, z0)}
    for word in words_up_to(letters, level)[1:]:
        vectors[word] = _matvec(A[word[-1]], vectors[word[:-1]])
        coefficients[word] = _dot(v, vectors[word])
        if len(word) >= 2:
            fed[word] = _matvec(A[word[-1]], fed[word[:-1]])
        coefficients[word] += _dot(v, fed[word])
    return coefficients


def one_channel_readout(A, B, z0, v, channel: int, signature_1d: dict, level: int) -> fmpq:
    """Block ``channel`` alone, driven by the one-dimensional path ``X^channel``: its truncated
    expansion ``sum_k <v_i, a_i^k z_(0,i)> S_k + sum_k <v_i, a_i^k b_i> S_(k+1)``."""
    block = range(channel * BLOCK, (channel + 1) * BLOCK)
    a = [A[channel][n][n] for n in block]
    z = [z0[n] for n in block]
    b = [B[channel][n] for n in block]
    w = [v[n] for n in block]
    total = _dot(w, z)
    for k_ in range(1, level + 1):
        powers = [x ** k_ for x in a]
        total += _dot(w, [p * y for p, y in zip(powers, z)]) * signature_1d[(0,) * k_]
        total += _dot(w, [x ** (k_ - 1) * y for x, y in zip(a, b)]) * signature_1d[(0,) * k_]
    return total


def rational_paths(rng, count: int, letters: int, segments: int = SEGMENTS):
    """Piecewise-linear paths with integer points (integer steps in [-3, 3], start at the origin)."""
    paths = []
    for _ in range(count):
        steps = rng.integers(-3, 4, (segments, letters))
        values = np.concatenate([np.zeros((1, letters), dtype=np.int64), np.cumsum(steps, axis=0)])
        paths.append([[fmpq(int(x)) for x in row] for row in values])
    return paths


def splitting_instance(level: int, n_paths: int, seed: int = SEED) -> dict:
    """Exact comparison, at every truncation level <= ``level``, of the channel-wise model's readout
    with the sum of its one-channel readouts on ``n_paths`` rational paths."""
    rng = np.random.default_rng(seed)
    A, B, z0, v = MODEL(rng)
    coefficients = full_readout_coefficients(A, B, z0, v, CHANNELS, level)
    mixing_nonzero = sum(1 for w, c in coefficients.items() if len(set(w)) > 1 and c != 0)
    rows = []
    for path in rational_paths(rng, n_paths, CHANNELS):
        sig = exact_signature(path, level)
        sig[()] = fmpq(1)
        ones = [exact_signature([[p[i]] for p in path], level) for i in range(CHANNELS)]
        for M in range(1, level + 1):
            full = sum((c * sig[w] for w, c in coefficients.items() if len(w) <= M), fmpq(0))
            split = sum((one_channel_readout(A, B, z0, v, i, ones[i], M) for i in range(CHANNELS)), fmpq(0))
            rows.append({"level": M, "full": str(full), "sum_of_channels": str(split), "equal": full == split})
    return {"channels": CHANNELS, "block": BLOCK, "level": level, "paths": n_paths, "segments": SEGMENTS,
            "seed": seed, "model": MODEL.__name__, "mixing_words_with_nonzero_coefficient": mixing_nonzero,
            "comparisons": len(rows), "all_equal": all(r["equal"] for r in rows),
            "first_difference": next((r for r in rows if not r["equal"]), None),
            "system": "exact signatures and coefficients (python-flint fmpq)"}


@check("cirone.cor4_4.readout_splits", statement="cirone.cor4_4.readout_splits", expected="certified",
       mutations={"cross-channel coupling: an off-diagonal entry of A_0 feeds block 0 into block 1":
                      lambda: patched(sys.modules[__name__], "MODEL", coupled_model),
                  "A_i diagonal on every coordinate (Theorem 4.3's model, not channel-wise)":
                      lambda: patched(sys.modules[__name__], "MODEL", everywhere_diagonal_model)})
def readout_splits(tier: str) -> Outcome:
    """Corollary 4.4: a channel-wise diagonal LCDE's truncated readout = the sum of its one-channel readouts (exact)."""
    record = splitting_instance(LEVELS[tier], PATHS[tier])
    summary = (f"{record['channels']} channels x {record['block']} coordinates, omega = xi = X, {record['paths']} rational "
               f"paths, levels 1..{record['level']}: {record['comparisons']} exact comparisons, "
               f"{'all equal' if record['all_equal'] else 'a difference found'}; mixing words with a nonzero "
               f"coefficient: {record['mixing_words_with_nonzero_coefficient']}")
    if not record["all_equal"]:
        return Outcome("open", None, "the readout differs from the sum of one-channel readouts", {"instance": record},
                       summary=summary)
    return Outcome("certified", 0.0, "largest |full - sum of channels| over the comparisons (exact; 0 = equal)",
                   {"instance": record}, summary=summary)


# ---------------------------------------------------------------------------------------------
# cross-channel targets

CROSS_TERM = {(0, 1): Fraction(1), (1, 0): Fraction(1)}     # Delta X^0 Delta X^1
AREA = {(0, 1): Fraction(1)}                                  # Sig^(0,1)
TARGETS = {"cross term Delta X^1 Delta X^2": CROSS_TERM, "Area Sig^(1,2)": AREA}


def _rank(rows) -> int:
    return fmpq_mat([[_q(x) if not isinstance(x, fmpq) else x for x in row] for row in rows]).rank()


def _evaluate(combination, sig) -> fmpq:
    return sum((_q(c) * sig[w] for w, c in combination.items()), fmpq(0))


def _signature(points, level):
    sig = exact_signature(points, level)
    sig[()] = fmpq(1)
    return sig


def word_rank_decision(target, level: int) -> dict:
    basis = words_up_to(CROSS_LETTERS, level)
    rows = as_rows(GENERATORS(CROSS_LETTERS, level), basis)
    base, extended = _rank(rows), _rank(rows + as_rows([target], basis))
    return {"level": level, "basis_words": len(basis), "rank_span": base, "rank_with_target": extended,
            "outside": extended > base}


def evaluation_decision(target, level: int, seed: int = SEED) -> dict:
    """Premise-free: the rank of the generators' evaluations on rational paths rises when the target is added."""
    rng = np.random.default_rng(seed)
    signatures = [_signature(p, level) for p in rational_paths(rng, CERTIFICATE_PATHS, CROSS_LETTERS)]
    rows = [[_evaluate(g, s) for s in signatures] for g in GENERATORS(CROSS_LETTERS, level)]
    base, extended = _rank(rows), _rank(rows + [[_evaluate(target, s) for s in signatures]])
    return {"level": level, "paths": CERTIFICATE_PATHS, "segments": SEGMENTS, "seed": seed,
            "rank_of_evaluations": base, "rank_with_target": extended, "outside": extended > base}


def increment_certificates(level: int) -> dict:
    """At every level: (a) two paths with increments (1, 1) (right then up, up then right): every generator
    agrees on them, the Area does not; (b) the straight paths with increments (a, b) in {1, 2} x {1, 3}: every
    generator's alternating sum is 0, the cross term's is (2 - 1)(3 - 1) = 2."""
    right_up = _signature([[0, 0], [1, 0], [1, 1]], level)
    up_right = _signature([[0, 0], [0, 1], [1, 1]], level)
    generators = GENERATORS(CROSS_LETTERS, level)
    pair_agree = all(_evaluate(g, right_up) == _evaluate(g, up_right) for g in generators)
    area_values = (_evaluate(AREA, right_up), _evaluate(AREA, up_right))
    corners = {(a, b): _signature([[0, 0], [a, b]], level) for a in (1, 2) for b in (1, 3)}

    def alternating(combination):
        return (_evaluate(combination, corners[(1, 1)]) - _evaluate(combination, corners[(1, 3)])
                - _evaluate(combination, corners[(2, 1)]) + _evaluate(combination, corners[(2, 3)]))
    generator_sums_zero = all(alternating(g) == 0 for g in generators)
    cross_sum = alternating(CROSS_TERM)
    return {"level_of_generators_tested": level, "pair_generators_agree": pair_agree,
            "area_on_pair": [str(x) for x in area_values], "area_differs": area_values[0] != area_values[1],
            "rectangle_generator_sums_zero": generator_sums_zero, "cross_term_alternating_sum": str(cross_sum),
            "holds": pair_agree and area_values[0] != area_values[1] and generator_sums_zero and cross_sum != 0,
            "reason_at_every_level": "with omega = xi = X every channel-wise readout is f_1(Delta X^1) + f_2(Delta X^2) "
                                     "(cirone.cor4_4.channel_separation), so it agrees on the pair and has alternating "
                                     "sum 0 on the rectangle at every level; the generators above are checked too"}


@check("cirone.cor4_4.cross_terms_outside", statement="cirone.cor4_4.cross_terms_outside", expected="certified",
       mutations={"hypothesis dropped: Theorem 4.3's diagonal generators (A_i diagonal, not channel-wise)":
                      lambda: patched(sys.modules[__name__], "GENERATORS", diagonal_generators)})
def cross_terms_outside(tier: str) -> Outcome:
    """Corollary 4.4: Delta X^1 Delta X^2 and the Area are outside the channel-wise span (exact ranks, certificates)."""
    levels = range(2, LEVELS[tier] + 1)
    decisions = {name: {"words": [word_rank_decision(target, level) for level in levels],
                        "evaluations": evaluation_decision(target, min(LEVELS[tier], 4))}
                 for name, target in TARGETS.items()}
    certificates = increment_certificates(LEVELS[tier])
    outside = all(d["outside"] for item in decisions.values() for d in item["words"] + [item["evaluations"]])
    summary = ("; ".join(f"{name}: word rank {item['words'][-1]['rank_span']} -> {item['words'][-1]['rank_with_target']}"
                         f" at level <= {item['words'][-1]['level']}, evaluation rank "
                         f"{item['evaluations']['rank_of_evaluations']} -> {item['evaluations']['rank_with_target']} on "
                         f"{item['evaluations']['paths']} rational paths" for name, item in decisions.items())
               + f"; two-path and rectangle certificates {'hold' if certificates['holds'] else 'fail'}")
    evidence = {"decisions": decisions, "certificates": certificates, "generators": GENERATORS.__name__,
                "system": "exact ranks over Q and exact signatures (python-flint fmpq)"}
    if not (outside and certificates["holds"]):
        return Outcome("open", None, "a target is in the span or a certificate failed", evidence, summary=summary)
    increase = min(d["rank_with_target"] - d.get("rank_span", d.get("rank_of_evaluations"))
                   for item in decisions.values() for d in item["words"] + [item["evaluations"]])
    return Outcome("certified", float(increase), "smallest rank increase when a target is added (exact)", evidence,
                   summary=summary)
