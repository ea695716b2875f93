import os
import sys
from setuptools import setup

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "tidyfmt"))
from config import DOCS, HOME

print("docs: " + DOCS)

setup(name="tidyfmt", version="0.3.1", packages=["tidyfmt"], url=HOME, project_urls={"Documentation": DOCS})
