"""Where Theorem 1's bound fails: one-cluster real SSMs against ``floor(t/9) - 1 - 4 eps``.

For the complex SSM at the corner of Theorem 1's hypotheses (``arg A = arcsin 0.2``,
``|A| = 0.5^(1/t)``, ``|B C| = 1``, ``arg(B C) = g pi``) and t a multiple of 9 (where ``floor(t/9)``
is largest for its size), a real SSM of n states with l1 error e refutes the theorem when
``n < floor(t/9) - 1 - 4 eps`` for some ``eps >= e``, i.e. when ``e < (floor(t/9) - 1 - n)/4``.  The
bench scans t, the phase g, the envelope base ``0.5^(alpha/t)`` and the three largest n below
``floor(t/9) - 1``, with the float64 proposal of :func:`numerics.realfit.cluster.polynomial_proposal`
(HiGHS), and prints for each (t, g, n) the best proposal error against the room ``(floor(t/9) - 1 - n)/4``.
Then it builds and verifies (arb) the counterexample of ``ranmilo.thm1``
(:data:`verify.checks.ranmilo.theorem1_counterexample.COUNTEREXAMPLE`) and times it.

The scan is a search in float64, not a proof that smaller t have no counterexample: it says where
this family stops working.  ``--witness FILE`` writes the verified witness (poles and weights as
exact rationals) as JSON, so that it can be re-checked by any exact or ball arithmetic.

    PYTHONPATH=. python bench/theorem1_counterexample_bench.py [--t 1818 1827 1836 1845]
        [--g 0 1/4 1/2 3/4] [--alpha 0 1/2 1 3/2 2 3] [--json FILE] [--witness FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fractions import Fraction  # noqa: E402

import numpy as np  # noqa: E402
from flint import fmpq  # noqa: E402

from numerics.outputs import text_writer, write_files_atomically  # noqa: E402
from numerics.realfit.cluster import polynomial_proposal  # noqa: E402
from numerics.realfit.dimension_input import float_values  # noqa: E402
from numerics.ssm.systems import fmpq_to_string  # noqa: E402
from verify.checks.ranmilo.theorem1_counterexample import COUNTEREXAMPLE, _witness, printed_bound, target  # noqa: E402


def _fraction(text: str) -> fmpq:
    value = Fraction(text)
    return fmpq(value.numerator, value.denominator)


def scan_row(t: int, g: fmpq, n: int, alphas) -> dict:
    """The best float64 proposal error over the envelopes, and the room it must stay below."""
    phi = float_values(target({"t": t, "g": g}).values(128))
    start = time.process_time()
    errors = {fmpq_to_string(alpha): polynomial_proposal(phi, n, 0.5 ** (float(alpha) / t))[1] for alpha in alphas}
    best = min(errors, key=errors.get)
    room = (t // 9 - 1 - n) / 4
    return {"t": t, "g": fmpq_to_string(g), "n": n, "room": room, "best_alpha": best, "best_error": errors[best],
            "errors": errors, "refutes": errors[best] < room,
            "seconds_per_lp": (time.process_time() - start) / len(errors)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--t", type=int, nargs="*", default=[1818, 1827, 1836, 1845])
    parser.add_argument("--g", nargs="*", default=["0", "1/4", "1/2", "3/4"], help="phases of B C (multiples of pi)")
    parser.add_argument("--alpha", nargs="*", default=["0", "1/2", "1", "3/2", "2", "3"],
                        help="envelope bases 0.5^(alpha/t)")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--witness", metavar="FILE", help="write the verified counterexample's rationals (JSON)")
    args = parser.parse_args(argv)
    bad = [t for t in args.t if t < 45]
    if bad:
        parser.error(f"--t: must be >= 45 (n ranges over floor(t/9) - 4 .. floor(t/9) - 2), got {bad}")
    alphas = [_fraction(a) for a in args.alpha]
    print(f"# Theorem 1 counterexample bench; {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"python {platform.python_version()}; process CPU seconds")
    header = f"{'t':>5} {'g':>4} {'n':>4} {'room':>6} {'best e':>8} {'alpha':>5}  refutes"
    print(header)
    print("-" * len(header))
    rows = []
    for t in args.t:
        for g in args.g:
            for n in range(t // 9 - 4, t // 9 - 1):
                row = scan_row(t, _fraction(g), n, alphas)
                rows.append(row)
                print(f"{t:>5} {g:>4} {n:>4} {row['room']:>6.2f} {row['best_error']:>8.4f} {row['best_alpha']:>5}  "
                      f"{'yes' if row['refutes'] else 'no'}", flush=True)
    found = sorted({row["t"] for row in rows if row["refutes"]})
    config = COUNTEREXAMPLE
    start = time.process_time()
    witness = _witness(config["t"], config["g"], config["eps"], config["n"], config["alpha"], config["kappa"],
                       config["prec"])
    seconds = time.process_time() - start
    bound = printed_bound(config["t"], config["eps"])
    result = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
              "smallest_t_refuting_in_scan": found[0] if found else None, "t_scanned": args.t,
              "counterexample": {"t": config["t"], "g": fmpq_to_string(config["g"]), "n": config["n"],
                                 "eps": fmpq_to_string(config["eps"]), "bound": fmpq_to_string(bound),
                                 "verified": witness.ok, "error_upper": float(witness.error) if witness.error else None,
                                 "check": witness.check, "weights_prec": witness.prec,
                                 "seconds_build_and_verify": round(seconds, 2)},
              "mean_seconds_per_lp": float(np.mean([r["seconds_per_lp"] for r in rows])) if rows else None,
              "rows": rows}
    print()
    for key in ("smallest_t_refuting_in_scan", "mean_seconds_per_lp", "counterexample"):
        print(f"{key}: {result[key]}")
    if args.json:
        write_files_atomically({args.json: text_writer(json.dumps(result, indent=1))})
    if args.witness:
        ssm = witness.ssm
        data = {"statement": "ranmilo.thm1", "target": target(config).describe(), "t": config["t"],
                "eps": fmpq_to_string(config["eps"]), "bound": fmpq_to_string(bound), "n": ssm.n,
                "verified": witness.ok, "error_upper": fmpq_to_string(witness.error) if witness.error else None,
                "response": "h_k = sum_j B_j C_j A_j^(k-1), k = 1..t",
                "A": [fmpq_to_string(a) for a in ssm.A], "B": [fmpq_to_string(b) for b in ssm.B],
                "C": [fmpq_to_string(c) for c in ssm.C]}
        write_files_atomically({args.witness: text_writer(json.dumps(data, indent=1))})
    return 0


if __name__ == "__main__":
    sys.exit(main())
