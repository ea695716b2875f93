"""Cache sync helpers."""
