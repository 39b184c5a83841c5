"""numba-compiled float64 loops for impulse responses and the SSM recurrence.

Each kernel returns the float64 result together with the data of a rigorous a-priori bound on
its rounding error (see :mod:`numerics.ssm.impulse`).  numba rather than numpy: the loops are
sequential in k and a vectorised numpy form would need an n-by-t matrix of powers (memory
n*t*16 bytes) for no gain in accuracy.  Each kernel is compiled once for real (float64) and once
for complex (complex128) parameters; ``cache=True`` keeps the compiled code between runs.
"""
import numba
import numpy as np


@numba.njit(cache=True)
def impulse(a, w, t):
    """y_k = Re(sum_j w_j a_j^(k-1)) and s_k = sum_j |w_j| |a_j|^(k-1), k = 1..t."""
    y = np.zeros(t)
    s = np.zeros(t)
    for j in range(a.size):
        p = w[j]
        q = abs(w[j])
        aj = a[j]
        ab = abs(aj)
        for k in range(t):
            y[k] += p.real
            s[k] += q
            p *= aj
            q *= ab
    return y, s


@numba.njit(cache=True)
def recurrence(a, b, c, u):
    """y_k = Re(C x_k) with x_k = A x_(k-1) + B u_k, and s_k = sum_j |C_j| xbar_(k,j) with
    xbar_k = |A| xbar_(k-1) + |B| |u_k| (the same recurrence on absolute values)."""
    n = a.size
    T = u.size
    x = np.zeros(n, dtype=a.dtype)
    xb = np.zeros(n)
    y = np.zeros(T)
    s = np.zeros(T)
    for k in range(T):
        acc = 0.0
        acc_b = 0.0
        for j in range(n):
            x[j] = a[j] * x[j] + b[j] * u[k]
            xb[j] = abs(a[j]) * xb[j] + abs(b[j]) * abs(u[k])
            acc += (c[j] * x[j]).real
            acc_b += abs(c[j]) * xb[j]
        y[k] = acc
        s[k] = acc_b
    return y, s
