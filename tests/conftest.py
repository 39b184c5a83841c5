"""Shared hypothesis strategies: small SSMs with dyadic parameters, whose exact path is cheap."""
import time

import numpy as np
from hypothesis import settings, strategies as st
from threadpoolctl import threadpool_limits

from numerics import DiagonalSSM
from theory import registry

# One BLAS thread: the suite runs on 2 cores, where threaded BLAS calls fight each other (and
# the sweep tests' worker processes) and make timings erratic.
threadpool_limits(1)

settings.register_profile("ssmcheck", deadline=None, max_examples=40, derandomize=True)
settings.load_profile("ssmcheck")

#: Dyadic rationals p / 2^10 in (-1, 1) and in [-4, 4]: exact as float64 and cheap as fmpq.
poles = st.integers(-1023, 1023).map(lambda p: p / 1024)
coefficients = st.integers(-4096, 4096).map(lambda p: p / 1024)


@st.composite
def real_ssms(draw, max_n: int = 5):
    n = draw(st.integers(1, max_n))
    return DiagonalSSM(np.array(draw(st.lists(poles, min_size=n, max_size=n))),
                       np.array(draw(st.lists(coefficients, min_size=n, max_size=n))),
                       np.array(draw(st.lists(coefficients, min_size=n, max_size=n))), field="real")


@st.composite
def complex_ssms(draw, max_n: int = 4):
    n = draw(st.integers(1, max_n))

    def vector(parts):
        re = draw(st.lists(parts, min_size=n, max_size=n))
        im = draw(st.lists(parts, min_size=n, max_size=n))
        return np.array(re) + 1j * np.array(im)
    A = vector(st.integers(-724, 724).map(lambda p: p / 1024))  # |A| < 1 since 724*sqrt(2) < 1024
    return DiagonalSSM(A, vector(coefficients), vector(coefficients), field="complex")


ssms = st.one_of(real_ssms(), complex_ssms())


def timed_proofs(names) -> dict:
    """``name -> (Proof, seconds its prove() took)`` for the statements ``names``."""
    found = {}
    for name in names:
        start = time.perf_counter()
        proof = registry.get(name).prove()
        found[name] = (proof, time.perf_counter() - start)
    return found
