"""The console's event bus pages in a real browser: a rule with its target, an event put
in the browser that the rule routes to a queue, and a pattern tested (match, no match)."""

from __future__ import annotations

import json
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import make_client
from tests.e2e.console.browser import shot, wait_for, wait_text
from tests.server import RunningServer


def test_an_event_put_in_the_browser_reaches_the_rules_queue(server: RunningServer,
                                                             console: WebDriver) -> None:
    events, sqs = make_client(server, "events"), make_client(server, "sqs")
    bus = f"console-bus-{uuid.uuid4().hex[:8]}"
    events.create_event_bus(Name=bus)
    url = sqs.create_queue(QueueName=f"{bus}-q")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    pattern = {"source": ["console.test"], "detail": {"colour": ["blue"]}}
    events.put_rule(Name="blue", EventBusName=bus, EventPattern=json.dumps(pattern))
    events.put_targets(Rule="blue", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])

    console.get(f"{server.url}/_cloudlet/console/buses")
    wait_for(console, f'tr[data-bus="{bus}"] a').click()
    rule = wait_for(console, 'tr[data-rule="blue"]')
    assert queue_arn in rule.text and "console.test" in rule.text
    console.find_element(By.ID, "source").send_keys("console.test")
    console.find_element(By.ID, "detail_type").send_keys("Painted")
    detail = console.find_element(By.ID, "detail")
    detail.clear()
    detail.send_keys('{"colour": "blue"}')
    console.find_element(By.ID, "put-button").click()
    wait_text(console, ".notice", "Put event")
    shot(console, "buses-bus")

    got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)
    event = json.loads(got["Messages"][0]["Body"])
    assert event["source"] == "console.test" and event["detail-type"] == "Painted"
    assert event["detail"] == {"colour": "blue"}


def test_a_pattern_tested_in_the_browser_matches_or_not(server: RunningServer,
                                                        console: WebDriver) -> None:
    events = make_client(server, "events")
    bus = f"console-bus-{uuid.uuid4().hex[:8]}"
    events.create_event_bus(Name=bus)
    events.put_rule(Name="apps", EventBusName=bus, EventPattern=json.dumps(
        {"source": ["my.app"], "detail": {"state": ["ready"]}}))
    console.get(f"{server.url}/_cloudlet/console/buses/{bus}?rule=apps")
    assert '"ready"' in str(wait_for(console, "#pattern").get_attribute("value"))
    console.find_element(By.ID, "test-button").click()  # the sample event: my.app, ready
    assert wait_for(console, "#result").text == "The event matches the pattern."
    shot(console, "buses-test-pattern")
    event = console.find_element(By.ID, "event")
    sample = json.loads(str(event.get_attribute("value")))
    event.clear()
    event.send_keys(json.dumps({**sample, "detail": {"state": "stopped"}}))
    console.find_element(By.ID, "test-button").click()
    assert wait_for(console, "#result").text == "The event does not match the pattern."
    event = console.find_element(By.ID, "event")
    event.clear()
    event.send_keys('{"source": "my.app"}')  # members TestEventPattern needs are missing
    console.find_element(By.ID, "test-button").click()
    assert "Parameter Event is not valid." in wait_for(console, ".error").text
