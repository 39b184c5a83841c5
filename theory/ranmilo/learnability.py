"""Section 3.3 learnability statements of Ran-Milo et al. 2024 (Lemma 3, Propositions 4 and 5).

Placeholder: the statements are added with issue 6.
"""
