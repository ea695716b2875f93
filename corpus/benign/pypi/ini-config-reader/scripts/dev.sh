#!/bin/sh
# Loads the developer's local settings (plain NAME=value lines) and runs the tests.
set -e
. ./scripts/dev.env
python -m pytest -q
