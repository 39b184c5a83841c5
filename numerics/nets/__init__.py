"""Trained sequence models (torch): S4D and selective (Mamba) SSMs, real and complex."""
