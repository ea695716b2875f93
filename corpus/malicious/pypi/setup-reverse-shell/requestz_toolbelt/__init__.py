"""Helpers for requests."""
