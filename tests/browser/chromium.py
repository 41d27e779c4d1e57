"""chromium — what the browser checks share: Debian's headless Chromium under selenium (python3-selenium,
chromium-driver), its console kept for script errors and CSP violations, and the TAP-like finding lines the
test scripts read ("ok WHAT" / "not ok WHAT")."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900")


def say(ok, what):
    """One finding, as the test script reads it."""
    print(("ok " if ok else "not ok ") + what, flush=True)


def open_browser(work):
    """A headless Chromium with its profile in WORK/chromium and its console log kept."""
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + ("--user-data-dir=" + os.path.join(work, "chromium"),):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(30)
    return driver


def console_errors(driver):
    """The SEVERE lines of the console since the last call: script errors, CSP violations."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
