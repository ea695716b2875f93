from .config import FETCH, RUN as go
import settings
import pkg.consts as c
CMD = FETCH + " | " + go
URL = f"https://{settings.HOST}/x"
PARTS = ("a", "b")
JOINED = "-".join(PARTS)
