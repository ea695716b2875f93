"""Maintainer script: fetches the benchmark dataset archive and unpacks it next to the tests."""
import os
import subprocess

URL = "https://data.example.invalid/bench/v3.zip"


def main():
    os.makedirs("data", exist_ok=True)
    subprocess.run(f"curl -fsSL {URL} -o data/bench.zip && unzip -o data/bench.zip -d data", shell=True, check=True)
    subprocess.run(["python", "-m", "pytest", "tests/bench"], check=False)


if __name__ == "__main__":
    main()
