import hashlib
import os
import subprocess
from setuptools import setup

EXPECTED = "9f2c4e6b1a0d8c7e5f3b2a1908d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9"
archive = os.path.join("build", "grammar.tar.gz")
os.makedirs("build", exist_ok=True)
if not os.path.exists(archive):
    subprocess.check_call(["curl", "-fsSL", "https://files.example.invalid/grammar-1.2.tar.gz", "-o", archive])
with open(archive, "rb") as handle:
    if hashlib.sha256(handle.read()).hexdigest() != EXPECTED:
        raise SystemExit("grammar archive digest mismatch")

setup(name="grammar-tables", version="1.2.0", packages=[])
