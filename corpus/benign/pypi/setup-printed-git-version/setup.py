from setuptools import setup

# Shows the checkout's version while building; the output is only printed.
print(__import__("subprocess").getoutput("git describe --tags --always --dirty"))

setup(
    name="shelfnote",
    version="0.7",
    description="Bookshelf notes",
    packages=["shelfnote"],
)
