#!/bin/sh
# Fetches the published schema documentation the tests compare against, and reports the test run's
# fixed status line to the project's own CI dashboard.
set -eu
cd "$(dirname "$0")"
curl -fsSL https://docs.loomcfg.example.invalid/schema/v4.html -o fixtures/schema-v4.html
curl -fsS -X POST https://ci.loomcfg.example.invalid/api/status -d '{"suite": "fixtures", "state": "fetched"}'
