"""The architecture as the README draws it: arrows point down only.

figures -> verify -> theory -> numerics; inside numerics every subpackage builds on the ground
floor ``numerics/ssm`` (and the top-level ``errors``/``outputs``/``engine``), and only the edges listed in
``NUMERICS_EDGES`` join subpackages; ``theory/ranmilo`` and ``theory/cirone`` do not import each
other.  Read from the source with :mod:`ast`, so a lazy import inside a function counts too.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("figures", "verify", "theory", "numerics")        # top to bottom
NUMERICS_EDGES = {"ssm": set(), "realfit": {"ssm"}, "paths": {"ssm"}, "learning": {"ssm"},
                  "nets": {"ssm", "learning", "paths"}}     # nets runs its grids on learning.sweep; toy paths


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def _edges():
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            yield _module_name(path), _imports(path)


EDGES = list(_edges())


def test_the_layout_has_the_documented_folders():
    for folder in ("numerics/ssm", "numerics/realfit", "numerics/learning", "numerics/paths", "numerics/nets",
                   "verify/checks/ranmilo", "verify/checks/cirone", "theory/ranmilo", "theory/cirone"):
        assert (ROOT / folder / "__init__.py").is_file(), folder
    assert not list((ROOT / "verify/checks").glob("[!_]*.py")), "checks belong in a paper's subpackage"
    assert {p.name for p in (ROOT / "numerics").glob("*.py")} == {"__init__.py", "engine.py", "errors.py", "outputs.py"}


@pytest.mark.parametrize("module, imports", EDGES, ids=[name for name, _ in EDGES])
def test_arrows_point_down(module, imports):
    rank = LAYERS.index(module.split(".")[0])
    upward = {name for name in imports if name.split(".")[0] in LAYERS[:rank]}
    assert not upward, f"{module} imports a layer above it: {sorted(upward)}"


@pytest.mark.parametrize("module, imports", EDGES, ids=[name for name, _ in EDGES])
def test_papers_and_numerics_subpackages_keep_to_their_edges(module, imports):
    parts = module.split(".")
    for paper, other in (("ranmilo", "cirone"), ("cirone", "ranmilo")):
        if parts[0] in ("theory", "verify") and paper in parts[:3]:
            crossing = {name for name in imports if f".{other}" in name and name.split(".")[0] in ("theory", "verify")}
            assert not crossing, f"{module} ({paper}) imports {sorted(crossing)}"
    if parts[0] == "numerics" and len(parts) > 2:
        allowed = NUMERICS_EDGES[parts[1]] | {parts[1]}
        reached = {name.split(".")[1] for name in imports if name.startswith("numerics.") and
                   name.split(".")[1] in NUMERICS_EDGES}
        assert reached <= allowed, f"{module} reaches numerics subpackages {sorted(reached - allowed)}"
