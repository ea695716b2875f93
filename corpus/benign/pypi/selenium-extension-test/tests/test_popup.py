import os

from selenium import webdriver

EXTENSION = os.path.join(os.path.dirname(__file__), "..", "build", "extension")


def test_popup_opens():
    options = webdriver.ChromeOptions()
    options.add_argument("--load-extension=" + EXTENSION)
    options.add_argument("--headless=new")
    driver = webdriver.Chrome(options=options)
    try:
        driver.get("chrome://extensions")
    finally:
        driver.quit()
