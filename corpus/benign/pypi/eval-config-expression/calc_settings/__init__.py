"""Settings whose numeric values may be simple arithmetic written by the user."""
import ast

DEFAULTS = {"timeout": "30 * 2", "retries": "3"}


def value(name):
    return ast.literal_eval(DEFAULTS[name]) if DEFAULTS[name].isdigit() else eval(DEFAULTS[name], {"__builtins__": {}})


SCALE = eval("60 * 60")
