"""The console's browser tests: one headless Chromium per test worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.e2e.console.browser import start_browser
from tests.server import RunningServer


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    yield from start_browser()


@pytest.fixture
def console(server: RunningServer, browser: WebDriver) -> WebDriver:
    """The browser with its cookies cleared, for a test against the session's server."""
    browser.delete_all_cookies()
    return browser
