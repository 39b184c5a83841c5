"""Ran-Milo et al. 2024, "Provable Benefits of Complex Parameterizations for Structured State Space
Models": its statements as sympy objects, with their symbolic proofs.

Importing this package registers (see :mod:`theory.registry`):

* ``ranmilo.lti`` -- Section 2.3, an SSM is the convolution with its impulse response (:mod:`.lti`);
* ``ranmilo.prop1``, ``ranmilo.prop2`` -- Propositions 1 and 2, universality (:mod:`.universality`);
* ``ranmilo.thm1`` -- Theorem 1, real SSMs need dimension about t/9, with the steps of its printed
  proof, ``ranmilo.remark1``, ``ranmilo.lemma1``, ``ranmilo.lemma2``, ``ranmilo.cor4``,
  ``ranmilo.lemma4``, ``ranmilo.lemma5`` and the repaired chain ``ranmilo.thm1_repaired``
  (:mod:`.theorem1`);
* ``ranmilo.prop3`` -- Proposition 3, the complex construction (:mod:`.complex_construction`);
* ``ranmilo.appendix_c`` -- the Appendix C identity for the loss (:mod:`.loss`);
* ``ranmilo.lemma7`` -- Lemma 7, the d-th forward difference (:mod:`.differences`);
* ``ranmilo.lemma6``, ``ranmilo.lemma8`` ... ``ranmilo.lemma13`` -- the other Appendix E lemmas
  (:mod:`.appendix_e`);
* ``ranmilo.thm2`` (as printed, refuted) and ``ranmilo.thm2_corrected`` -- Theorem 2 (:mod:`.theorem2`);
* ``ranmilo.cor1``, ``ranmilo.cor2``, ``ranmilo.cor3`` -- Corollaries 1-3, and
  ``ranmilo.cor1_corrected_proof`` ... ``ranmilo.cor3_corrected_proof``, their proofs from the
  corrected Theorem 2 (:mod:`.corollaries`);
* ``ranmilo.lemma3``, ``ranmilo.prop4``, ``ranmilo.prop5`` (with the refuted step
  ``ranmilo.prop5.density_step`` and ``ranmilo.prop5_corrected_proof``) -- Section 3.3's
  learnability statements (:mod:`.learnability`).
"""
# Imported in the order of the paper, which is the order of registry.top_level().
from . import lti, universality, theorem1, complex_construction, loss, differences  # noqa: F401  (registers)
from . import appendix_e, theorem2, corollaries, learnability  # noqa: F401  (registers)
from . import appendix_a  # noqa: F401  (registers Appendix A.1-A.3: ranmilo.appendix_a1*, _a2, _a3.*)
from . import scifar  # noqa: F401  (registers Section 4.2's empirical claim: ranmilo.scifar)
from . import selectivity  # noqa: F401  (registers Section 4.3's empirical claims: ranmilo.selectivity_*)
