"""Builds release notes from merged pull requests."""
