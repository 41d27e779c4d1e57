"""chromium — what the browser tests share: Debian's headless Chromium through chromedriver, its console kept, and
their one line per finding ("ok WHAT" / "not ok WHAT")."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def say(ok, what):
    print(("ok " if ok else "not ok ") + what, flush=True)


def start(work):
    """A headless Chromium with its profile under WORK, its console log kept (SEVERE: script errors, CSP)."""
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
              "--user-data-dir=" + os.path.join(work, "chromium")):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(30)
    return driver


def severe(driver):
    """The console's errors since last asked."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
