"""A headless Chromium driven by selenium, and helpers the console tests share.

Debian's ``chromium`` and ``chromium-driver`` (the Makefile installs them); started with
the flags a closed network needs (no background networking, no component updates), a
fresh profile, and a 1400x1000 window. ``shot(driver, name)`` saves a screenshot under
``test-artifacts/console/`` (``CLOUDLET_TEST_ARTIFACTS`` moves it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = Path(os.environ.get("CLOUDLET_TEST_ARTIFACTS",
                                Path(__file__).resolve().parents[3] / "test-artifacts")) / "console"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def start_browser() -> Iterator[WebDriver]:
    profile = tempfile.mkdtemp(prefix="cloudlet-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def shot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for(driver: WebDriver, css: str, timeout: float = 10) -> WebElement:
    found: WebElement = WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))
    return found


def wait_text(driver: WebDriver, css: str, text: str, timeout: float = 10) -> Any:
    """Until the element at ``css`` contains ``text`` (htmx swaps land asynchronously)."""
    return WebDriverWait(driver, timeout).until(
        expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
