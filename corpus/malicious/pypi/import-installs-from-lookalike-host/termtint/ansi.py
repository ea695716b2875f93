class _Codes:
    def __init__(self, base):
        for i, name in enumerate(["BLACK", "RED", "GREEN", "YELLOW", "BLUE", "MAGENTA", "CYAN", "WHITE"]):
            setattr(self, name, f"\033[{base + i}m")


Fore = _Codes(30)
Back = _Codes(40)
Style = type("Style", (), {"RESET_ALL": "\033[0m"})
