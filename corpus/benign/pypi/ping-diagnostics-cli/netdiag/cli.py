"""`netdiag HOST`: pings the host the user names and writes a local report."""
import getpass
import subprocess
import sys


def main():
    target = sys.argv[1]
    result = subprocess.run(["ping", "-c", "3", target], capture_output=True, text=True)
    # Who ran the check goes into the local report file only.
    with open("netdiag-report.txt", "w") as report:
        report.write("run by %s\n" % getpass.getuser())
        report.write(result.stdout)
    subprocess.run(["echo", "report written for", getpass.getuser()])
    return result.returncode
