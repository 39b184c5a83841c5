"""Ran-Milo et al. 2024, "Provable Benefits of Complex Parameterizations for Structured State Space
Models": its statements as sympy objects, with their symbolic proofs.

Importing this package registers (see :mod:`theory.registry`):

* ``ranmilo.lti`` -- Section 2.3, an SSM is the convolution with its impulse response (:mod:`.lti`);
* ``ranmilo.prop1``, ``ranmilo.prop2`` -- Propositions 1 and 2, universality (:mod:`.universality`);
* ``ranmilo.prop3`` -- Proposition 3, the complex construction (:mod:`.complex_construction`);
* ``ranmilo.appendix_c`` -- the Appendix C identity for the loss (:mod:`.loss`);
* ``ranmilo.lemma7`` -- Lemma 7, the d-th forward difference (:mod:`.differences`).
"""
# Imported in the order of the paper, which is the order of registry.top_level().
from . import lti, universality, complex_construction, loss, differences  # noqa: F401  (registers)
