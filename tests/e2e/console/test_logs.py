"""The console's Logs pages in a real browser: groups by prefix, a group's streams, its
events filtered by a CloudWatch filter pattern, and the live tail."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.e2e.console.test_functions import click_and_load
from tests.server import RunningServer


def put(logs: Any, group: str, stream: str, *messages: str) -> None:
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
        {"timestamp": now + i, "message": m} for i, m in enumerate(messages)])


@pytest.fixture
def group(server: RunningServer) -> Iterator[str]:
    logs = make_client(server, "logs")
    name = f"/console/test-{uuid.uuid4().hex[:8]}/app"
    logs.create_log_group(logGroupName=name)
    for stream in ("first", "second"):
        logs.create_log_stream(logGroupName=name, logStreamName=stream)
    put(logs, name, "first", "INFO starting up", "ERROR disk full on /dev/sda",
        '{"level": "error", "code": 507}')
    put(logs, name, "second", "INFO all good", "WARN slow request")
    yield name
    logs.delete_log_group(logGroupName=name)


def events(driver: WebDriver) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#log-events pre.message")]


def test_groups_by_prefix_then_a_filter_pattern_finds_the_lines(
        server: RunningServer, console: WebDriver, group: str) -> None:
    prefix = group.rsplit("/", 1)[0]
    console.get(f"{server.url}/_cloudlet/console/logs")
    box = wait_for(console, "#prefix")
    box.send_keys(prefix)
    click_and_load(console, "apply-prefix")
    row = wait_for(console, f'tr[data-group="{group}"]')
    assert len(console.find_elements(By.CSS_SELECTOR, "#log-groups tr[data-group]")) == 1
    row.find_element(By.LINK_TEXT, group).click()
    wait_for(console, "#log-events")
    assert len(events(console)) == 5
    assert "first" in console.find_element(By.ID, "streams").text

    console.find_element(By.ID, "pattern").send_keys("ERROR disk")
    click_and_load(console, "apply-filter")
    wait_for(console, "#log-events")
    assert events(console) == ["ERROR disk full on /dev/sda"]
    assert "pattern=ERROR+disk" in console.current_url  # a shareable URL
    shot(console, "logs-filtered")

    pattern = console.find_element(By.ID, "pattern")
    pattern.clear()
    pattern.send_keys('{ $.level = "error" }')
    click_and_load(console, "apply-filter")
    wait_for(console, "#log-events")
    assert events(console) == ['{"level": "error", "code": 507}']

    pattern = console.find_element(By.ID, "pattern")
    pattern.clear()
    pattern.send_keys("?WARN ?INFO")
    console.find_element(By.CSS_SELECTOR, "#stream option[value=second]").click()
    click_and_load(console, "apply-filter")
    wait_for(console, "#log-events")
    assert events(console) == ["INFO all good", "WARN slow request"]


def test_an_unsupported_pattern_shows_the_apis_error(
        server: RunningServer, console: WebDriver, group: str) -> None:
    console.get(f"{server.url}/_cloudlet/console/logs/{group.replace('/', '%2F')}"
                "?pattern=%5Bip%2C+user%5D")
    assert "InvalidParameterException" in wait_for(console, ".error").text


def test_live_tail_shows_new_events(
        server: RunningServer, console: WebDriver, group: str) -> None:
    console.get(f"{server.url}/_cloudlet/console/logs/{group.replace('/', '%2F')}?live=1")
    wait_for(console, "#log-events")
    marker = "tail-" + uuid.uuid4().hex
    put(make_client(server, "logs"), group, "second", f"INFO {marker}")
    wait_text(console, "#events-box", marker, timeout=10)
    shot(console, "logs-live")
