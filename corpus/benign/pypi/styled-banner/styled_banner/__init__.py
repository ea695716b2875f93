"""Prints a banner in bold mathematical letters (styled text in strings only)."""

# 𝐁𝐚𝐧𝐧𝐞𝐫 text, kept in a string so terminals show it in bold.
BANNER = "𝐒𝐭𝐲𝐥𝐞𝐝 𝐁𝐚𝐧𝐧𝐞𝐫 ｖ１"


def show() -> None:
    print(BANNER)
