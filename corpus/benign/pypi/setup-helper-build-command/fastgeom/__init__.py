"""Geometry kernels."""
