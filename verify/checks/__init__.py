"""The checks, one module per group of statements; importing a module registers its checks.

Every module of this package is imported (in alphabetical order; the report sorts checks by name),
so a new group of checks is added by adding its module here, nothing else.
"""
import importlib
import pkgutil

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
