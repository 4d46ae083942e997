"""The stack pages in a real browser: the list, a deployed stack's resources (linking to
their pages), events (live while in progress), outputs, parameters, template and drift."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.e2e.stacks import deploy
from tests.server import RunningServer

CONSOLE = "/_cloudlet/console"

TEMPLATE = {
    "Description": "console stack test",
    "Parameters": {"Colour": {"Type": "String", "Default": "red"}},
    "Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}},
        "Queue": {"Type": "AWS::SQS::Queue"},
    },
    "Outputs": {"TableName": {"Value": {"Ref": "Table"}, "Description": "the table"},
                "Colour": {"Value": {"Ref": "Colour"}}},
}


def test_a_deployed_stack_shows_resources_events_and_outputs(
        server: RunningServer, console: WebDriver) -> None:
    stack = deploy(server, TEMPLATE, parameters={"Colour": "green"})
    table = stack.physical("Table")

    console.get(f"{server.url}{CONSOLE}/stacks")
    row = wait_for(console, f'#stacks tr[data-stack="{stack.name}"]')
    assert "CREATE_COMPLETE" in row.text
    shot(console, "stacks-list")
    row.find_element(By.LINK_TEXT, stack.name).click()

    resource = wait_for(console, '#resources tr[data-logical="Table"]')
    assert "AWS::DynamoDB::Table" in resource.text and "CREATE_COMPLETE" in resource.text
    assert table in resource.text
    shot(console, "stacks-resources")

    console.find_element(By.ID, "tab-events").click()
    events = wait_for(console, "#events")
    texts = [e.text for e in events.find_elements(By.CSS_SELECTOR, "tr.event")]
    assert stack.name in texts[0] and "CREATE_COMPLETE" in texts[0]  # newest first
    assert any("Table" in t and "CREATE_IN_PROGRESS" in t for t in texts)
    assert console.find_elements(By.CSS_SELECTOR, "#events-live[data-live]") == []
    shot(console, "stacks-events")

    console.find_element(By.ID, "tab-outputs").click()
    assert wait_for(console, '#outputs tr[data-output="TableName"] .value').text == table
    assert console.find_element(By.CSS_SELECTOR, '#outputs tr[data-output="Colour"] .value').text == "green"
    console.find_element(By.ID, "tab-parameters").click()
    assert wait_for(console, '#parameters tr[data-parameter="Colour"] .value').text == "green"
    console.find_element(By.ID, "tab-template").click()
    assert json.loads(wait_for(console, "#template").text)["Outputs"]["Colour"]["Value"] == {"Ref": "Colour"}

    console.find_element(By.ID, "tab-drift").click()
    wait_for(console, "#detect").click()
    assert wait_for(console, "#drift-status").text == "IN_SYNC"
    assert "IN_SYNC" in console.find_element(By.CSS_SELECTOR, '#drifts tr[data-logical="Table"]').text

    # a resource links to its console page
    console.find_element(By.ID, "tab-resources").click()
    wait_for(console, '#resources tr[data-logical="Table"] a.resource-link').click()
    wait_for(console, "#items")
    assert f"/tables/{table}" in console.current_url


def test_events_are_live_while_the_stack_is_in_progress(
        server: RunningServer, console: WebDriver) -> None:
    cfn = make_client(server, "cloudformation")
    name = f"live-{uuid.uuid4().hex[:8]}"
    cfn.create_stack(StackName=name, TemplateBody=json.dumps({"Resources": {
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
        "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
                 "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "60"}}}}))
    handle = ""
    deadline = time.monotonic() + 20
    while not handle and time.monotonic() < deadline:
        for r in cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]:
            if r["LogicalResourceId"] == "Handle" and r.get("PhysicalResourceId"):
                handle = r["PhysicalResourceId"]
        time.sleep(0.1)
    assert handle

    console.get(f"{server.url}{CONSOLE}/stacks/{name}?tab=events")
    wait_for(console, "#events-live[data-live]")
    assert console.find_element(By.ID, "events-status").text == "CREATE_IN_PROGRESS"
    shot(console, "stacks-events-live")
    signal = json.dumps({"Status": "SUCCESS", "UniqueId": "one", "Data": "ok", "Reason": "done"})
    urllib.request.urlopen(urllib.request.Request(handle, data=signal.encode(), method="PUT"),
                           timeout=10).read()
    wait_text(console, "#events-status", "CREATE_COMPLETE", timeout=15)  # htmx polled it
    assert "Wait" in console.find_element(By.ID, "events").text
    assert console.find_elements(By.CSS_SELECTOR, "#events-live[data-live]") == []


def test_a_missing_stack(server: RunningServer, console: WebDriver) -> None:
    console.get(f"{server.url}{CONSOLE}/stacks/no-such-stack-{uuid.uuid4().hex[:6]}")
    error = wait_for(console, ".error").text
    assert "ValidationError" in error and "does not exist" in error
