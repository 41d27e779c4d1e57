#!/usr/bin/env python3
"""web_pages — loa's page in Debian's headless Chromium (python3-selenium, chromium-driver): the login form typed
in, each page of the role opened, the overview's live counts following the queue (the one thing that needs
JavaScript), and, with --screenshots DIR, each page at phone width (390 px) and desktop width.

Usage: web_pages.py BASE USER PASSWORD WORKDIR [--screenshots DIR]
Prints one line per finding ("ok WHAT" / "not ok WHAT"); WORKDIR/ready is written when the counts were read,
and the script then waits for WORKDIR/go (the test has queued a message) before watching them change."""
import os
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from chromium import say, severe, start

base, user, password, work = sys.argv[1:5]
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None

driver = start(work)
try:
    driver.get(base + "/")
    say(driver.current_url.endswith("/login"), "without a session the browser lands on /login")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    try:   # the answer to the form is a redirect: wait for the page it leads to
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "queue"))
    except Exception:
        pass
    say(driver.current_url.rstrip("/") == base, "the login form leads to the overview")
    cookies = driver.get_cookies()
    say(any(c["name"] == "loa_session" and c["httpOnly"] for c in cookies), "the session cookie is HttpOnly")
    errors = severe(driver)
    say(not errors, "no script error or CSP violation on the overview" + (": %s" % errors if errors else ""))
    cell = 'tr[data-state="queued"] td.n'
    before = driver.find_element(By.CSS_SELECTOR, cell).text
    open(os.path.join(work, "ready"), "w").write(before + "\n")
    for _ in range(600):
        if os.path.exists(os.path.join(work, "go")):
            break
        time.sleep(0.1)
    after = before
    for _ in range(300):   # the script refreshes every 15 s: wait for it, at most 30 s
        after = driver.find_element(By.CSS_SELECTOR, cell).text
        if after != before:
            break
        time.sleep(0.1)
    say(after == str(int(before) + 1), "the queued count follows the queue without a reload (%s -> %s)" % (before, after))
    if shots:
        os.makedirs(shots, exist_ok=True)
        for path, name in (("/", "tong-quan"), ("/inbox", "hop-thu"), ("/broadcast", "phat-thanh"),
                           ("/campaigns", "chien-dich")):
            for width, tag in ((390, "phone"), (1280, "desktop")):
                driver.set_window_size(width, 900)
                driver.get(base + path)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(max(height, 600), 4000))
                driver.save_screenshot(os.path.join(shots, "%s-%s.png" % (name, tag)))
        say(True, "screenshots written to " + shots)
finally:
    driver.quit()
