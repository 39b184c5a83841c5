"""The checks, one subpackage per paper (mirroring theory/), one module per group of statements;
importing a module registers its checks.

Every module below this package is imported (in alphabetical order; the report sorts checks by
name), so a new group of checks is added by adding its module, nothing else.
"""
import importlib
import pkgutil

for _module in sorted(info.name for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}.")):
    importlib.import_module(_module)
