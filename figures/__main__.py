"""``python -m figures``: regenerate the figures (PDF, PNG and CSV each).

    python -m figures [NAME ...] [--out DIR] [--tier quick|full] [--list]

Output goes to ``out/figures`` unless ``--out`` says otherwise.  Exit status 2 on bad usage
(an unknown figure name, say); nothing is written then.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from numerics.errors import InputError
from numerics.outputs import out_dir

from . import registry


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="figures to make (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default out/figures)")
    parser.add_argument("--tier", choices=("quick", "full"), default="quick")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    args = parser.parse_args(argv)
    try:
        modules = {name: registry.get(name) for name in (args.names or registry.names())}
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    if args.list:
        for name, module in modules.items():
            print(f"{name:<24} {module.__doc__.strip().splitlines()[0]}")
        return 0
    target = args.out or out_dir() / "figures"
    for name, module in modules.items():
        try:
            paths = module.draw(module.compute(tier=args.tier), target)
        except (InputError, OSError) as error:
            print(f"error: {name}: {error}", file=sys.stderr)
            return 2
        print(f"{name}: " + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
