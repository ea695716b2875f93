import os

BODY = "[envprobe]\ncolor = true\n"


def init_config():
    """Called by `envprobe init`: writes a starter config for the user."""
    dest_dir = os.path.join(os.path.expanduser("~"), ".config", "envprobe")
    os.makedirs(dest_dir, exist_ok=True)
    dest = os.path.join(dest_dir, "config.ini")
    if not os.path.exists(dest):
        with open(dest, "w") as fh:
            fh.write(BODY)
