"""Coloured terminal output."""
