"""Issue 17's workshop flow in a real browser: deploy the Mafia example, open its newGame
function, create a test event, press Test, see the result and the log lines, then open the
players table and see the players."""

from __future__ import annotations

import json
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.e2e.console.test_functions import click_and_load
from tests.e2e.examples.deployed_app import deployed, unique_stage
from tests.server import RunningServer


def test_the_mafia_workshop_in_the_console(server: RunningServer, console: WebDriver,
                                            tmp_path: Path) -> None:
    stage = unique_stage()
    with deployed(server, tmp_path, "mafia", "--stage", stage) as app:
        function = app.functions["newGame"]
        console.get(f"{server.url}/_cloudlet/console/functions")
        wait_for(console, f'tr[data-function="{function}"]').find_element(
            By.LINK_TEXT, function).click()
        wait_for(console, "#event-form")

        click_and_load(console, "new-event")
        wait_for(console, "#event-name").send_keys("new-game")
        box = console.find_element(By.ID, "event")
        box.clear()
        box.send_keys(json.dumps({"httpMethod": "POST", "path": "/new-game", "body": None}))
        click_and_load(console, "save-event")
        wait_text(console, ".notice", "Saved the test event new-game")

        console.find_element(By.ID, "test-button").click()
        wait_text(console, "#test-status", "succeeded", timeout=60)
        result = json.loads(console.find_element(By.ID, "test-payload").text)
        assert result["statusCode"] == 200
        game = json.loads(result["body"])
        assert game["Message"][0] == "A new game with 7 players begins"
        log = console.find_element(By.ID, "test-log").text
        assert "START RequestId:" in log and "REPORT RequestId:" in log
        shot(console, "workshop-test")

        table = f"mafia-{stage}-players"
        console.get(f"{server.url}/_cloudlet/console/tables/{table}")
        WebDriverWait(console, 15).until(
            lambda d: all(name in d.find_element(By.TAG_NAME, "main").text
                          for name in game["Players"]))
        shot(console, "workshop-players")
