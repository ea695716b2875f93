"""Maintainer tool: downloads the current width table into the source tree (run by hand)."""
import urllib.request

TABLE_URL = "https://data.example.invalid/unicode/15.1/EastAsianWidth.txt"

if __name__ == "__main__":
    urllib.request.urlretrieve(TABLE_URL, "widthtab/EastAsianWidth.txt")
    print("saved widthtab/EastAsianWidth.txt")
