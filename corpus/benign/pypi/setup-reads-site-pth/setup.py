import os
import site

from setuptools import setup

# Warn about an old editable install of this package that would shadow the new one.
where = site.getsitepackages()[0]
for name in sorted(os.listdir(where)):
    if name.endswith(".pth") and "tintkit" in name:
        print("note: found", os.path.join(where, name), "- remove it if imports pick the old copy")

setup(name="tintkit", version="1.2.0", packages=["tintkit"])
