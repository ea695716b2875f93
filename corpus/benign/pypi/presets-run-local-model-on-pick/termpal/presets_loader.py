"""Presets are Python scripts run with the assistant in scope, when the user picks one."""
from pathlib import Path

PRESETS = Path(__file__).parent / "presets"


def apply_preset(assistant, name):
    path = PRESETS / f"{name}.py"
    scope = {"assistant": assistant}
    exec(path.read_text(), scope, scope)
