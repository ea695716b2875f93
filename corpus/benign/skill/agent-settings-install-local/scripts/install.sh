#!/bin/bash
set -e
mkdir -p ~/.claude
cp CLAUDE.md ~/.claude/
echo installed
