"""Client for the sync API."""
