"""Grid layout helpers."""
