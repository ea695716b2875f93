"""Build script for a package with a small native extension built by CMake."""
import os
import subprocess
from setuptools import setup
from setuptools.command.build_ext import build_ext


class CMakeBuild(build_ext):
    def run(self):
        os.makedirs("build/native", exist_ok=True)
        # Reference tables are fetched and unpacked as data; nothing downloaded is run.
        subprocess.run(
            ["curl", "-fsSL", "https://downloads.example.invalid/tables/unicode-15.tar.gz", "-o", "build/tables.tar.gz"],
            check=True,
        )
        subprocess.run(["tar", "-xzf", "build/tables.tar.gz", "-C", "build"], check=True)
        subprocess.run(["cmake", "-S", ".", "-B", "build/native", "-DCMAKE_BUILD_TYPE=Release"], check=True)
        subprocess.run(["cmake", "--build", "build/native", "--parallel"], check=True)
        subprocess.run(["ctest", "--test-dir", "build/native"], check=True)


setup(
    name="fastwidth",
    version="0.9.1",
    py_modules=[],
    cmdclass={"build_ext": CMakeBuild},
)
