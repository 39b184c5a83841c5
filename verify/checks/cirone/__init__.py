"""Checks of Cirone et al. 2024, *Theoretical Foundations of Deep Selective State-Space Models*."""
