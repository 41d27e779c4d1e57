#!/usr/bin/env python3
"""web_reports — the Báo cáo page in Debian's headless Chromium (python3-selenium, chromium-driver): the list with no
script error or CSP violation; the remake's confirmation box holding the form back until ticked (the browser's own
check: no script); the print view with its inline style applied under its policy, the line leading back hidden when
printed, and printed to PDF on A4 paper; with --screenshots DIR, the page at phone and desktop width and the print
view.

Usage: web_reports.py BASE USER PASSWORD WORKDIR PERIOD [--screenshots DIR]
Prints one line per finding ("ok WHAT" / "not ok WHAT"); PERIOD (2026-11) must be made already. WORKDIR/print.pdf
is the print view as the browser prints it."""
import base64
import os
import re
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from chromium import say, severe, start

base, user, password, work, period = sys.argv[1:6]
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
driver = start(work)
row = 'tr[data-period="%s"]' % period
try:
    driver.get(base + "/login")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    WebDriverWait(driver, 20).until(lambda d: not d.current_url.endswith("/login"))
    driver.get(base + "/reports")
    errors = severe(driver)
    say(not errors, "no script error or CSP violation on the reports page" + (": %s" % errors if errors else ""))
    say(driver.find_element(By.CSS_SELECTOR, row).get_attribute("data-state") == "made", period + " is listed as made")

    # the remake: not sent while its box is unticked (the browser keeps the form back), sent once ticked
    form = driver.find_element(By.CSS_SELECTOR, row + " form.remake")
    form.find_element(By.CSS_SELECTOR, "button.remake").click()
    held = driver.execute_script("return arguments[0].checkValidity()", form) is False
    say(held and driver.current_url == base + "/reports", "an unticked remake is held back by the browser")
    form = driver.find_element(By.CSS_SELECTOR, row + " form.remake")
    form.find_element(By.NAME, "confirm").click()
    form.find_element(By.CSS_SELECTOR, "button.remake").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "reports"))
    say(driver.current_url == base + "/reports", "ticked, the remake goes and leads back to the list")

    if shots:
        os.makedirs(shots, exist_ok=True)
        for width, tag in ((390, "phone"), (1280, "desktop")):
            driver.set_window_size(width, 900)
            driver.get(base + "/reports")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(max(height, 600), 4000))
            driver.save_screenshot(os.path.join(shots, "bao-cao-%s.png" % tag))
        driver.set_window_size(1280, 900)

    # the print view: the official document with its own style, under the policy that lets only that in
    driver.get(base + "/reports/%s/print" % period)
    errors = severe(driver)
    say(not errors, "no CSP violation on the print view" + (": %s" % errors if errors else ""))
    font = driver.execute_script("return getComputedStyle(document.body).fontFamily")
    say("Times New Roman" in font, "its inline style applies (font %s)" % font)
    bar = driver.find_element(By.CSS_SELECTOR, "p.loa-bar")
    say(bar.is_displayed(), "on screen, a line leads back to the list")
    if shots:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(max(height, 600), 4000))
        driver.save_screenshot(os.path.join(shots, "ban-in-bao-cao-desktop.png"))
        driver.set_window_size(1280, 900)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = driver.execute_script("return getComputedStyle(document.querySelector('p.loa-bar')).display") == "none"
    say(hidden, "printed, that line is hidden")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    open(os.path.join(work, "print.pdf"), "wb").write(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    a4 = bool(boxes) and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)
    say(a4, "printed on A4 paper, as its @page says (%d pages: %s)" % (len(boxes), boxes[:1]))
    if shots:
        say(True, "screenshots written to " + shots)
finally:
    driver.quit()
