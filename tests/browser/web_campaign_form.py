#!/usr/bin/env python3
"""web_campaign_form — Soạn chiến dịch in Debian's headless Chromium (python3-selenium, chromium-driver): the SMS
text's live character, part and cost count (the one thing of the form that needs JavaScript) follows what is typed
and the diacritics box, with no script error or CSP violation; the form then saved by its button.

Usage: web_campaign_form.py BASE USER PASSWORD WORKDIR EXPECT [--screenshots DIR]
EXPECT: a file of lines "diacritics TEXT-FILE CHARS PARTS" (what `loa sms count` says of that text).
Prints one line per finding ("ok WHAT" / "not ok WHAT")."""
import os
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from chromium import say, severe, start

base, user, password, work, expect = sys.argv[1:6]
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None

driver = start(work)


def count_is(chars, parts):
    """Wait (at most 10 s) until the count shows CHARS and PARTS; returns what it shows."""
    out = driver.find_element(By.ID, "sms-count")
    for _ in range(100):
        if out.get_attribute("data-chars") == str(chars) and out.get_attribute("data-parts") == str(parts):
            break
        time.sleep(0.1)
    return out.get_attribute("data-chars"), out.get_attribute("data-parts"), out.text


try:
    driver.get(base + "/login")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.TAG_NAME, "nav"))
    driver.get(base + "/compose")
    box = driver.find_element(By.ID, "sms_text")
    marks = driver.find_element(By.ID, "diacritics")
    typed = ""
    for line in open(expect, encoding="utf-8"):
        diacritics, textfile, chars, parts = line.split()
        text = open(textfile, encoding="utf-8").read().rstrip("\n")
        if marks.is_selected() != (diacritics == "1"):
            marks.click()
        if text.startswith(typed) and typed:   # typed on from what is there, as she types
            box.send_keys(text[len(typed):])
        else:
            box.clear()
            box.send_keys(text)
        typed = text
        got = count_is(chars, parts)
        say(got[:2] == (chars, parts), "typing %d characters %s marks, the count shows %s characters, %s parts (%s)"
            % (len(text), "with" if diacritics == "1" else "without", chars, parts, got[2]))
        say("đ" in got[2], "with the cost in đồng (%s)" % got[2])
    errors = severe(driver)
    say(not errors, "no script error or CSP violation on the form" + (": %s" % errors if errors else ""))
    if shots:
        os.makedirs(shots, exist_ok=True)
        for width, tag in ((390, "phone"), (1280, "desktop")):
            driver.set_window_size(width, 900)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(max(height, 600), 4000))
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(os.path.join(shots, "soan-chien-dich-%s.png" % tag))
        say(True, "screenshots written to " + shots)
    driver.find_element(By.NAME, "id").send_keys("thu-trinh-duyet")
    driver.find_element(By.NAME, "title").send_keys("Thử từ trình duyệt")
    driver.find_element(By.NAME, "sms_at").send_keys("2026-12-01 10:00")
    driver.find_element(By.ID, "save").click()
    WebDriverWait(driver, 20).until(lambda d: "/compose/saved" in d.current_url or d.find_elements(By.ID, "errors"))
    say("/compose/saved?id=thu-trinh-duyet" in driver.current_url, "the form saves from the browser (%s)" % driver.current_url)
finally:
    driver.quit()
