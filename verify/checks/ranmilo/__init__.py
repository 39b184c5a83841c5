"""Checks of Ran-Milo et al. 2024, *Provable Benefits of Complex Parameterizations for SSMs*."""
