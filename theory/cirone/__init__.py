"""Cirone et al. 2024, "Theoretical Foundations of Deep Selective State-Space Models": its
statements as sympy objects (added with issue 5)."""
