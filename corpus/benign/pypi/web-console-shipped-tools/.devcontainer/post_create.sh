#!/bin/bash
# Runs once when a developer opens the repository in its dev container.
set -e
pip install -e ".[dev]"
echo "export PIP_CONSTRAINT=/workspace/constraints.txt" >> ~/.bashrc
