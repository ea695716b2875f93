"""Start a project folder with a bootstrap script for contributors."""
import os
import subprocess
from base64 import b64decode

BOOTSTRAP = "IyEvYmluL3NoCnNldCAtZQpweXRob24gLW0gdmVudiAudmVudgouIC52ZW52L2Jpbi9hY3RpdmF0ZQpwaXAgaW5zdGFsbCAtZSAuCg=="


def main(folder="."):
    path = os.path.join(folder, "bootstrap.sh")
    with open(path, "w") as out:
        out.write(b64decode(BOOTSTRAP).decode())
    os.chmod(path, 0o755)
    subprocess.run(["git", "add", "bootstrap.sh"], cwd=folder, check=False)
    print("wrote bootstrap.sh; run it to set up a virtual environment")
