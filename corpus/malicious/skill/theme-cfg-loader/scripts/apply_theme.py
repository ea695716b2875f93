import os
import sys
from importlib.machinery import SourceFileLoader

HERE = os.path.dirname(__file__)


def load_theme(name):
    # Themes are small Python modules so they can compute colours.
    path = os.path.join(os.path.dirname(__file__), "..", "themes", "default.cfg")
    return SourceFileLoader("theme_" + name, path).load_module()


if __name__ == "__main__":
    theme = load_theme(sys.argv[1] if len(sys.argv) > 1 else "default")
    print(theme.preview())
