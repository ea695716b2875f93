"""Adds the tray app to the user's logon items, only when the user runs `login-item enable`."""
import sys
import winreg

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def main():
    if sys.argv[1:] != ["enable"]:
        print("usage: login-item enable")
        return 2
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        winreg.SetValueEx(key, "TrayApp", 0, winreg.REG_SZ, sys.executable + " -m tray_app")
    print("TrayApp will start at logon; remove it under Settings > Apps > Startup.")
    return 0
