import os
import tempfile

import requests
from PIL import Image


def thumbnail(url: str, size=(128, 128)) -> str:
    """Downloads the image the caller names, saves a thumbnail of it and returns the thumbnail's path."""
    target = os.path.join(tempfile.gettempdir(), "thumbkit-source.png")
    resp = requests.get(url, timeout=30)
    with open(target, "wb") as out:
        out.write(resp.content)
    image = Image.open(target)
    image.thumbnail(size)
    small = target.replace("-source", "-small")
    image.save(small)
    return small
