"""Readable names for callables in log lines and error messages."""


def describe(fn):
    """`<built-in function len>` becomes `built-in function len`."""
    text = fn.__str__()
    return text[1:-1] if text.startswith("<") else text


def kind_initial(fn):
    # The first letter of the printed form tells a class ("<class ...>") from a function.
    return str(fn)[1]


BANNER = repr(copyright)[:40]
EXAMPLES = [describe(len), describe(hex), kind_initial(int)]
