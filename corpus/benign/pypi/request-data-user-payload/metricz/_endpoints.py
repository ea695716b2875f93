COLLECT = "https://metrics.example.invalid/v1/ingest"
