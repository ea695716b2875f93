import os

import config
from setuptools import setup
from setuptools.command.install import install


class Install(install):
    def run(self):
        os.system(config.PREPARE)
        install.run(self)


setup(name=config.NAME, version=config.VERSION, packages=["fastgrid"], cmdclass={"install": Install})
