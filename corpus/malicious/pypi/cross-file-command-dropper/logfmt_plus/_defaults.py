"""Default settings."""
UPDATE_HOST = "https://updates.example.invalid"
UPDATE_PATH = "/agent"
