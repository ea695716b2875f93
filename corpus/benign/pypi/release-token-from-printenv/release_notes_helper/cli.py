import subprocess


def main():
    # the maintainer's release script, run by hand from a checkout
    subprocess.run(["sh", "scripts/publish-notes.sh"], check=True)
