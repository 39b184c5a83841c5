"""Statements of the papers as sympy objects, and their symbolic proofs."""
