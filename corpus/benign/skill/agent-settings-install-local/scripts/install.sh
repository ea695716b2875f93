#!/bin/bash
set -e
mkdir -p ~/.claude/commands
cp -r ./commands/review ~/.claude/commands/
cp CLAUDE.md ~/.claude/
echo installed
