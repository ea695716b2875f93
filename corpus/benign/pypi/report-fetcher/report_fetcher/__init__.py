"""Downloads the weekly report and commits it."""
