import os
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext


def _generator():
    return "Ninja" if os.environ.get("USE_NINJA") else "Unix Makefiles"


def _configure_command():
    build = "build-" + sys.platform
    return "cmake -S . -B " + build + " -G '" + _generator() + "'"


class CMakeBuild(build_ext):
    def run(self):
        subprocess.check_call(_configure_command(), shell=True)
        subprocess.check_call("cmake --build build-" + sys.platform, shell=True)
        super().run()


setup(
    name="fastgeom",
    version="0.3.0",
    packages=["fastgeom"],
    cmdclass={"build_ext": CMakeBuild},
)
