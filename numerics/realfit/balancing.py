"""Balancing numbers of angles: Definitions 3-5, Remark 1 and the lemmas of Appendix D.2.1
(Ran-Milo et al. 2024), and the counting facts that the proof of Theorem 1 uses.

Angles are measured in *turns* internally (``u = theta / 2pi``), so that a rational multiple of pi
is an exact rational ``fmpq`` and every set below is a finite set of rationals.

* Definition 3: ``theta`` is *mostly-positive* if ``theta mod 2pi`` lies in the closed arc
  ``[-pi/3, pi/3]`` (``[0, pi/3] u [5pi/3, 2pi]``) and *mostly-negative* if it lies in
  ``[2pi/3, 4pi/3]``; in turns ``[-1/6, 1/6]`` and ``[1/3, 2/3]`` (:data:`REGIONS`, :func:`region`).
* Remark 1: for ``x != 0``, ``arg x`` is mostly-positive iff ``Re x >= |x|/2`` and mostly-negative
  iff ``Re x <= -|x|/2`` (``cos(arg x) >= 1/2``, resp. ``<= -1/2``).
* Definition 4: a finite (multi)set of angles is *balanced* if at least a sixth of its elements
  lie in each region (:func:`is_balanced`).
* Definition 5: the *balancing number* ``beta(x)`` of ``x`` with ``arg x = theta`` is the least
  ``p`` such that ``{b + theta, ..., b + p theta}`` is balanced for every non-zero real ``b``
  (infinity if there is none) (:func:`balancing_number`).

**Why the search over b is finite.**  Write ``c = b / 2pi`` and ``x_j(c) = c + j u (mod 1)``.
Whether ``x_j`` lies in a closed arc ``[s, s + w]`` changes only when ``c`` crosses one of the
finitely many points ``s - j u`` (where ``x_j`` enters) or ``s + w - j u`` (where it leaves),
``j = 1..p`` -- the *breakpoints*.  Between two consecutive breakpoints the count of points in each
region is constant; at a breakpoint it is at least the count on either side, because the regions
are closed.  Hence the minimum over all real ``b`` of each count is its minimum over the open
arcs between consecutive breakpoints, and the p-set is balanced for every ``b`` iff
``6 min_b count >= p`` for both regions.  :func:`_least_counts` finds these minima by one sweep:
it evaluates the counts at one point strictly inside an arc, then walks the sorted breakpoints,
adding 1 at an entering and subtracting 1 at a leaving breakpoint.  The minima are attained on
open arcs, which contain non-zero ``b``, so Definition 5's "non-zero" changes nothing.

**Number systems.**  A sympy angle that is a rational multiple of pi (``sympy.pi * 3/8``) is
handled exactly (``fmpq``), ties between breakpoints included.  A float (radians) or an arb
ball, or a sympy angle such as ``asin(1/5)``, goes to arb: every comparison must be decided by
the balls -- breakpoints strictly ordered, no membership on a boundary -- or the precision is
doubled, up to ``max_prec``, after which :class:`~numerics.errors.PrecisionError` is raised (as it
must be for a ball that contains a rational multiple of pi, where breakpoints can coincide).  A
float angle other than 0 is never a rational multiple of pi, so its breakpoints are distinct and
it is decided at some precision.

A sympy angle that is not a rational multiple of pi is evaluated in arb by
:func:`numerics.ssm.symbolic.evaluate`.

The sweep is written here because no library computes it; it is a few lines over sorted lists.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import sympy
from flint import arb, ctx, fmpq

from ..errors import InputError, PrecisionError
from ..ssm.symbolic import evaluate

#: Definition 3's closed regions in turns, as (start, width): the arc is [start, start + width] mod 1.
REGIONS = {"positive": (fmpq(-1, 6), fmpq(1, 3)), "negative": (fmpq(1, 3), fmpq(1, 3))}


class _Undecided(Exception):
    """A ball comparison that the current precision cannot decide."""


# ---------------------------------------------------------------------------------------------
# Angles: exact turns (fmpq) or arb balls.

@dataclass(frozen=True)
class Turns:
    """An angle ``theta`` as ``u = theta / 2pi``: ``exact`` (an fmpq in [0, 1)) or, when
    ``exact`` is None, ``ball(prec)`` giving an arb ball containing ``u`` at working precision
    ``prec``."""

    exact: fmpq | None
    source: object

    def ball(self, prec: int) -> arb:
        if self.exact is not None:
            return arb(self.exact)
        with ctx.workprec(prec):
            value = self.source
            if isinstance(value, sympy.Basic):
                value = evaluate(value, {}, system="arb", prec=prec)
            return arb(value) / (2 * arb.pi())


def turns(theta) -> Turns:
    """The angle ``theta`` (radians) as :class:`Turns`.

    ``theta`` is a sympy expression (exact when ``theta / pi`` is rational, e.g.
    ``sympy.Rational(3, 8) * sympy.pi``), a finite float or int (radians; 0 is exact), or an arb
    ball (radians).  Plain fractions are refused because they do not say whether they count
    radians or multiples of pi.
    """
    if isinstance(theta, Turns):
        return theta
    if isinstance(theta, sympy.Basic):
        if theta.free_symbols or not theta.is_real:
            raise InputError(f"theta: {theta} is not a real number")
        ratio = sympy.simplify(theta / sympy.pi)
        if ratio.is_Rational:
            half = fmpq(int(ratio.p), 2 * int(ratio.q))
            return Turns(half - fmpq(half.floor()), theta)
        return Turns(None, theta)
    if isinstance(theta, (Fraction, fmpq)):
        raise InputError("theta: a bare fraction is ambiguous; pass sympy.Rational(a, b) * sympy.pi for an exact "
                         "multiple of pi, or a float in radians")
    if isinstance(theta, arb):
        if not theta.is_finite():
            raise InputError("theta: the ball is not finite")
        return Turns(None, theta)
    if isinstance(theta, (Real, Integral)) and not isinstance(theta, bool):
        if not math.isfinite(float(theta)):
            raise InputError(f"theta: {theta!r} is not finite")
        if theta == 0:
            return Turns(fmpq(0), theta)
        return Turns(None, float(theta) if not isinstance(theta, Integral) else int(theta))
    raise InputError(f"theta: cannot read {theta!r} as an angle")


def pi_times(a: int, b: int = 1) -> sympy.Expr:
    """The exact angle ``a pi / b`` as a sympy expression."""
    return sympy.Rational(a, b) * sympy.pi


# ---------------------------------------------------------------------------------------------
# Arithmetic on the circle R/Z, exact or with balls.

class _Exact:
    """Exact rational arithmetic: every comparison is decided."""

    @staticmethod
    def frac(x):
        return x - fmpq(x.floor())

    @staticmethod
    def less(x, y) -> bool:
        return x < y

    @staticmethod
    def equal(x, y) -> bool:
        return x == y

    @staticmethod
    def key(x):
        return x


class _Balls:
    """arb balls: a comparison the balls cannot decide raises :class:`_Undecided`."""

    @staticmethod
    def frac(x):
        floor = x.floor()
        if floor.rad() != 0:
            raise _Undecided
        return x - floor

    @staticmethod
    def less(x, y) -> bool:
        if x < y:
            return True
        if x >= y:
            return False
        raise _Undecided

    @staticmethod
    def equal(x, y) -> bool:
        if x.overlaps(y):
            raise _Undecided
        return False

    @staticmethod
    def key(x):
        return float(x.mid())


def _in_arc(x, start, width, arith) -> bool:
    """Is ``x mod 1`` in the closed arc ``[start, start + width]`` (``0 < width < 1``)?"""
    return not arith.less(width, arith.frac(x - start))


def _count(c, u, p, start, width, arith) -> int:
    """How many of ``c + j u``, ``j = 1..p``, lie in the closed arc."""
    return sum(_in_arc(c + j * u, start, width, arith) for j in range(1, p + 1))


def _least_counts(u, p: int, arith) -> dict:
    """For both regions, the least count of ``{c + j u : j = 1..p}`` in it over all real ``c``,
    with a point strictly inside an arc where it is attained: ``{name: (count, c)}``.

    The sweep of the module docstring: breakpoints sorted on the circle, the counts evaluated at
    one point inside an arc, then updated by +1 (entering) and -1 (leaving) across each breakpoint.
    """
    events = []
    for index, (start, width) in enumerate(REGIONS.values()):
        for j in range(1, p + 1):
            events.append((arith.frac(start - j * u), index, +1))
            events.append((arith.frac(start + width - j * u), index, -1))
    events.sort(key=lambda e: arith.key(e[0]))
    positions, deltas = [], []
    for position, index, delta in events:
        if positions and arith.equal(positions[-1], position):
            deltas[-1][index] += delta
            continue
        if positions and not arith.less(positions[-1], position):
            raise _Undecided  # the balls do not order the breakpoints
        positions.append(position)
        deltas.append([0, 0])
        deltas[-1][index] += delta
    if len(positions) > 1 and not arith.less(positions[-1], positions[0] + 1):
        raise _Undecided
    # arcs: arc k runs from positions[k] to positions[k+1] (the last one wraps to positions[0] + 1)
    last_arc = arith.frac((positions[-1] + positions[0] + 1) / 2)
    counts = [_count(last_arc, u, p, s, w, arith) for s, w in REGIONS.values()]
    least = {name: (counts[i], last_arc) for i, name in enumerate(REGIONS)}
    for k in range(len(positions) - 1):
        counts = [counts[i] + deltas[k][i] for i in range(2)]
        for i, name in enumerate(REGIONS):
            if counts[i] < least[name][0]:
                least[name] = (counts[i], (positions[k] + positions[k + 1]) / 2)
    return least


def _decide(theta, compute, *, prec: int, max_prec: int):
    """Run ``compute(u, arith)`` exactly or with balls, doubling the precision when undecided."""
    angle = turns(theta)
    if angle.exact is not None:
        return compute(angle.exact, _Exact)
    precision = prec
    while precision <= max_prec:
        try:
            with ctx.workprec(precision):
                return compute(angle.ball(precision), _Balls)
        except _Undecided:
            precision *= 2
    raise PrecisionError(f"theta: the comparisons stayed undecided at {max_prec} bits (a ball containing a "
                         "rational multiple of pi cannot be decided; give such an angle exactly as a sympy "
                         "multiple of pi)")


# ---------------------------------------------------------------------------------------------
# Definitions 3-5.

def region(theta, *, prec: int = 64, max_prec: int = 4096) -> str | None:
    """Definition 3: ``"positive"`` (mostly-positive), ``"negative"`` (mostly-negative) or None."""
    def compute(u, arith):
        for name, (start, width) in REGIONS.items():
            if _in_arc(u, start, width, arith):
                return name
        return None
    return _decide(theta, compute, prec=prec, max_prec=max_prec)


def is_balanced(angles) -> bool:
    """Definition 4 for a finite list of exact angles (sympy multiples of pi): at least a sixth
    of the elements lie in each region (elements counted with multiplicity)."""
    names = [region(a) for a in angles]
    if not names:
        raise InputError("angles: the set is empty")
    return all(6 * names.count(name) >= len(names) for name in REGIONS)


@dataclass(frozen=True)
class ShiftTest:
    """Whether ``{b + theta, ..., b + p theta}`` is balanced for every real ``b``.

    ``least`` maps each region to the least count over all ``b``; ``worst_shift`` maps it to a
    ``b / 2pi`` (turns; exact fmpq, or an arb ball) strictly inside an arc of ``b`` attaining it.
    """

    p: int
    balanced: bool
    least: dict
    worst_shift: dict


def shift_test(theta, p: int, *, prec: int = 64, max_prec: int = 4096) -> ShiftTest:
    """Test the p-set of Definition 5 for every real shift ``b`` (see the module docstring)."""
    if not isinstance(p, Integral) or isinstance(p, bool) or p < 1:
        raise InputError(f"p: expected an integer >= 1, got {p!r}")

    def compute(u, arith):
        least = _least_counts(u, int(p), arith)
        return ShiftTest(int(p), all(6 * count >= p for count, _ in least.values()),
                         {name: count for name, (count, _) in least.items()},
                         {name: point for name, (_, point) in least.items()})
    return _decide(theta, compute, prec=prec, max_prec=max_prec)


def balancing_number(theta, *, p_max: int = 64, prec: int = 64, max_prec: int = 4096) -> int | None:
    """Definition 5: the balancing number of any ``x`` with ``arg x = theta``, exactly.

    Returns the least ``p <= p_max`` whose p-set is balanced for every real shift, or None when
    there is none up to ``p_max`` (then ``beta > p_max``; it may be infinite).  Exact for sympy
    multiples of pi; certified with arb balls otherwise (``PrecisionError`` when undecidable).
    """
    if not isinstance(p_max, Integral) or isinstance(p_max, bool) or p_max < 1:
        raise InputError(f"p_max: expected an integer >= 1, got {p_max!r}")
    angle = turns(theta)
    for p in range(2, int(p_max) + 1):  # p = 1 is never balanced: one point cannot lie in both regions
        if shift_test(angle, p, prec=prec, max_prec=max_prec).balanced:
            return p
    return None


def balancing_at_most(theta, p: int, **kwargs) -> bool:
    """``beta(theta) <= p``: some ``p' <= p`` has its p'-set balanced for every shift."""
    return balancing_number(theta, p_max=p, **kwargs) is not None


# ---------------------------------------------------------------------------------------------
# Lemma 5, the alternation count of Theorem 1's step 3, and sign changes (Lemma 4 / step 5).

def largest_gap(theta, p: int) -> fmpq:
    """The largest circular gap (in turns) between consecutive points of ``{j theta mod 2pi}``,
    ``j = 1..p``, for an exact angle.  Rotating the set by ``b`` does not change its gaps, and a
    closed arc of length ``theta`` misses the set iff it fits strictly inside a gap, so Lemma 5's
    conclusion holds for every ``b`` iff ``largest_gap(theta, p) <= theta / 2pi``."""
    angle = turns(theta)
    if angle.exact is None:
        raise InputError("theta: largest_gap needs an exact angle (a sympy multiple of pi)")
    points = sorted({_Exact.frac(j * angle.exact) for j in range(1, p + 1)})
    gaps = [b - a for a, b in zip(points, points[1:])] + [points[0] + 1 - points[-1]]
    return max(gaps)


def labels(theta, shift, count: int) -> list[int]:
    """Region labels of ``shift + k theta``, ``k = 0..count-1``: +1 mostly-positive, -1
    mostly-negative, 0 neither.  ``theta`` and ``shift`` exact (sympy multiples of pi)."""
    u, c = turns(theta).exact, turns(shift).exact
    if u is None or c is None:
        raise InputError("theta, shift: labels needs exact angles (sympy multiples of pi)")
    start_p, width_p = REGIONS["positive"]
    start_n, width_n = REGIONS["negative"]
    return [1 if _in_arc(c + k * u, start_p, width_p, _Exact) else
            -1 if _in_arc(c + k * u, start_n, width_n, _Exact) else 0 for k in range(count)]


def alternation_length(signs) -> int:
    """The length of the longest subsequence of the non-zero entries of ``signs`` whose signs
    alternate: one more than the number of sign changes between consecutive non-zero entries
    (0 when there is none)."""
    nonzero = [s for s in signs if s != 0]
    return 0 if not nonzero else 1 + sum(a != b for a, b in zip(nonzero, nonzero[1:]))


def fewest_alternations(theta, counts) -> dict:
    """For an exact angle ``theta`` (the step of ``A^2``), the least alternation length of the
    labels of ``b + k theta``, ``k = 0..K-1``, over every real shift ``b``, for each ``K`` in
    ``counts``: ``{K: (length, worst b in turns)}``.

    Finite reduction (as for ``beta``): with ``theta / 2pi = a/q`` every breakpoint is a multiple
    of ``1/S``, ``S = lcm(q, 6)``, and more labelled points never shorten the longest alternating
    subsequence (closed regions), so the minimum over ``b`` is attained at some ``b / 2pi =
    (2i + 1) / (2S)``, ``i = 0..S-1``; these points are tested, with integer arithmetic.
    """
    u = turns(theta).exact
    if u is None:
        raise InputError("theta: fewest_alternations needs an exact angle (a sympy multiple of pi)")
    counts = sorted(set(int(k) for k in counts))
    if not counts or counts[0] < 1:
        raise InputError("counts: expected positive integers")
    q = int(u.q)
    scale = 2 * math.lcm(q, 6)  # units of 1 / (2S): breakpoints even, test points odd
    step = int(u.p) * (scale // q)
    arcs = [(int(s * scale) % scale, int(w * scale)) for s, w in REGIONS.values()]
    best = {k: (None, None) for k in counts}
    horizon = counts[-1]
    for i in range(scale // 2):
        point = 2 * i + 1
        length, last, found = 0, 0, {}
        for k in range(horizon):
            x = (point + k * step) % scale
            label = 1 if (x - arcs[0][0]) % scale <= arcs[0][1] else -1 if (x - arcs[1][0]) % scale <= arcs[1][1] else 0
            if label and label != last:
                length, last = length + 1, label
            found[k + 1] = length
        for k in counts:
            if best[k][0] is None or found[k] < best[k][0]:
                best[k] = (found[k], fmpq(point, scale))
    return best


def sign_changes(values) -> int:
    """Strict sign changes of a real sequence, zeros skipped (exact for fmpq/int entries)."""
    signs = [(v > 0) - (v < 0) for v in values]
    return max(alternation_length(signs) - 1, 0)


def fewest_disagreements(length: int, max_changes: int) -> int:
    """Theorem 1, step 4, exactly: the least number of positions ``j`` with ``y_j z_j <= 0`` when
    ``z`` is a strictly alternating sign sequence of ``length`` and ``y`` any sequence of signs
    in {-1, 0, +1} with at most ``max_changes`` strict sign changes (zeros skipped).

    Dynamic programming over positions with state (changes used, last non-zero sign of ``y``); a
    zero never helps (it disagrees and does not reset the sign), so ``y`` ranges over +-1.
    """
    if length < 0 or max_changes < 0:
        raise InputError("length, max_changes: expected non-negative integers")
    if length == 0:
        return 0
    infinity = length + 1
    # state[(c, s)] = least disagreements so far with c changes and current sign s
    state = {(0, s): int(s != 1) for s in (1, -1)}  # z_1 = +1
    for j in range(1, length):
        z = 1 if j % 2 == 0 else -1
        following = {}
        for (c, s), cost in state.items():
            for t in (1, -1):
                changes = c + (t != s)
                if changes > max_changes:
                    continue
                value = cost + int(t != z)
                if value < following.get((changes, t), infinity):
                    following[(changes, t)] = value
        state = following
    return min(state.values())
