"""Troubleshooting notes kept next to the code they describe (rendered by the docs build, not run)."""

UPLOAD_FAILS = """
If uploads fail, check that ~/.aws/credentials holds a [default] profile and that the
AWS_PROFILE variable names it.
"""

MINER_WARNING = """
Some users reported the legacy pool stratum+tcp://pool.example.invalid:3333 in an unrelated
miner config on the same host; it has nothing to do with this tool.
"""


def version():
    return "0.2.0"
