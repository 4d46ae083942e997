"""State machines in the console (Chromium): an execution's graph coloured by what each
state did, a state's input and output, an execution started from the page and read back
with boto3, the status filter, Redrive."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/states-role"
DEFINITION = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Result": {"go": "boom"}, "Next": "Fan"},
        "Fan": {"Type": "Parallel", "Next": "Route", "OutputPath": "$[0]", "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}}]},
        "Route": {"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.go", "StringEquals": "boom", "Next": "Boom"}]},
        "Boom": {"Type": "Fail", "Error": "Exploded", "Cause": "the route said boom"},
        "Done": {"Type": "Succeed"},
    },
}
CHOOSING = {  # succeeds unless the input asks for the Fail state
    "StartAt": "Route",
    "States": {
        "Route": {"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.fail", "IsPresent": True, "Next": "Boom"}]},
        "Boom": {"Type": "Fail", "Error": "Asked", "Cause": "the input said fail"},
        "Done": {"Type": "Pass", "End": True},
    },
}


@pytest.fixture
def sfn(server: RunningServer) -> Any:
    return make_client(server, "stepfunctions")


def machine(sfn: Any, definition: dict[str, Any]) -> tuple[str, str]:
    name = "sm-" + uuid.uuid4().hex[:10]
    arn = sfn.create_state_machine(name=name, definition=json.dumps(definition),
                                   roleArn=ROLE)["stateMachineArn"]
    return name, str(arn)


def finished(sfn: Any, arn: str) -> dict[str, Any]:
    def settled(_driver: Any) -> dict[str, Any] | None:
        out = sfn.describe_execution(executionArn=arn)
        return dict(out) if out["status"] != "RUNNING" else None
    found: dict[str, Any] = WebDriverWait(None, 10, poll_frequency=0.1).until(settled)
    return found


def state_class(driver: WebDriver, name: str) -> str:
    box = driver.find_element(By.CSS_SELECTOR, f'#graph g.state[data-state="{name}"]')
    return str(box.get_attribute("class"))


def test_an_execution_graph_colours_each_state_and_shows_the_failure(
        server: RunningServer, console: WebDriver, sfn: Any) -> None:
    name, arn = machine(sfn, DEFINITION)
    run = sfn.start_execution(stateMachineArn=arn, name="run-1", input='{"n": 1}')
    assert finished(sfn, run["executionArn"])["status"] == "FAILED"

    console.get(f"{server.url}/_cloudlet/console/states")
    console.find_element(By.LINK_TEXT, name).click()
    wait_for(console, "#graph")
    assert {"Prepare", "Fan", "Left", "Right", "Route", "Boom", "Done"} <= {
        e.get_attribute("data-state") for e in console.find_elements(By.CSS_SELECTOR, "#graph [data-state]")}
    console.find_element(By.LINK_TEXT, "run-1").click()
    wait_text(console, "#execution-status", "FAILED")
    for state in ("Prepare", "Fan", "Left", "Right", "Route"):
        assert "succeeded" in state_class(console, state), state
    assert "failed" in state_class(console, "Boom")
    assert "not-reached" in state_class(console, "Done")
    assert "Exploded" in console.find_element(By.ID, "execution-error").text
    # a state's input and output, and the failed one's error (htmx fragments)
    console.find_element(By.CSS_SELECTOR, '#graph g.state[data-state="Prepare"]').click()
    wait_text(console, "#state-name", "Prepare")
    assert json.loads(console.find_element(By.CSS_SELECTOR, "#state-detail .state-input").text) == {"n": 1}
    assert json.loads(console.find_element(By.CSS_SELECTOR, "#state-detail .state-output").text) == {"go": "boom"}
    console.find_element(By.CSS_SELECTOR, '#graph g.state[data-state="Boom"]').click()
    wait_text(console, "#state-name", "Boom")
    error = console.find_element(By.CSS_SELECTOR, "#state-detail .state-error").text
    assert "Exploded" in error and "the route said boom" in error
    assert console.find_element(By.ID, "state-status").text == "failed"
    types = [row.find_elements(By.TAG_NAME, "td")[1].text
             for row in console.find_elements(By.CSS_SELECTOR, "#history tbody tr")]
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionFailed"
    shot(console, "states-execution")


def test_start_an_execution_from_the_page_filter_and_redrive(
        server: RunningServer, console: WebDriver, sfn: Any) -> None:
    name, arn = machine(sfn, CHOOSING)
    console.get(f"{server.url}/_cloudlet/console/states/{name}")
    box = wait_for(console, "#execution-input")
    box.clear()
    box.send_keys('{"fail": "yes"}')
    console.find_element(By.ID, "execution-name").send_keys("from-the-page")
    console.find_element(By.ID, "start").click()
    wait_text(console, "#execution-status", "FAILED")
    assert "/executions/from-the-page" in console.current_url
    execution = f"{arn.replace(':stateMachine:', ':execution:')}:from-the-page"
    described = sfn.describe_execution(executionArn=execution)
    assert json.loads(described["input"]) == {"fail": "yes"}
    assert described["status"] == "FAILED"
    shot(console, "states-started")

    # Redrive: the service's RedriveExecution, read back with boto3
    console.find_element(By.ID, "redrive").click()
    wait_text(console, ".notice", "Redrive started")
    assert finished(sfn, execution)["redriveCount"] == 1

    sfn.start_execution(stateMachineArn=arn, name="fine", input="{}")
    finished(sfn, f"{arn.replace(':stateMachine:', ':execution:')}:fine")
    console.get(f"{server.url}/_cloudlet/console/states/{name}?status=SUCCEEDED")
    names = [a.text for a in console.find_elements(By.CSS_SELECTOR, "#executions tbody a")]
    assert names == ["fine"]
    console.get(f"{server.url}/_cloudlet/console/states/{name}?status=FAILED")
    names = [a.text for a in console.find_elements(By.CSS_SELECTOR, "#executions tbody a")]
    assert names == ["from-the-page"]

    # input that is not JSON: the API's own error, the form kept
    console.get(f"{server.url}/_cloudlet/console/states/{name}")
    box = wait_for(console, "#execution-input")
    box.clear()
    box.send_keys("{not json")
    console.find_element(By.ID, "start").click()
    assert "InvalidExecutionInput" in wait_for(console, ".error").text
    assert console.find_element(By.ID, "execution-input").get_attribute("value") == "{not json"


def test_an_unknown_machine_shows_the_apis_error(server: RunningServer, console: WebDriver) -> None:
    console.get(f"{server.url}/_cloudlet/console/states/no-such-machine")
    assert "StateMachineDoesNotExist" in wait_for(console, ".error").text
