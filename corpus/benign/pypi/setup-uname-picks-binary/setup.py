import os
import subprocess
from urllib import request

from setuptools import setup

# Fetch the prebuilt formatter for this platform into the package before building the wheel.
arch = subprocess.check_output(["uname", "-m"]).decode().strip()
kernel = os.popen("uname").read().strip().lower()
url = f"https://downloads.example.invalid/fmt/1.4.0/fmt-{kernel}-{arch}.tar.gz"
if not os.path.exists("fmt_bin/fmt.tar.gz"):
    os.makedirs("fmt_bin", exist_ok=True)
    with request.urlopen(url) as response, open("fmt_bin/fmt.tar.gz", "wb") as out:
        out.write(response.read())

setup(name="fmt-bin", version="1.4.0", packages=["fmt_bin"], package_data={"fmt_bin": ["*.tar.gz"]})
