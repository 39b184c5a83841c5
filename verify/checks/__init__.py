"""The checks, one module per group of statements; importing a module registers its checks."""
from . import (universality, complex_construction, loss, differences, lti, theorem2, corollaries,  # noqa: F401
               tightness)
