import json
import os


def export_history(path="session-history.json"):
    """Write every input cell of this session to `path`, for the user to keep or diff."""
    shell = get_ipython()  # noqa: F821 - provided by IPython
    cells = list(shell.history_manager.input_hist_raw)
    with open(os.path.abspath(path), "w", encoding="utf-8") as handle:
        json.dump({"cells": cells}, handle, indent=2)
    return len(cells)
