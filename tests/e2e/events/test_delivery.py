"""Deliveries to each kind of target, and the dead-letter queue of a failed one.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from tests.conftest import make_client
from tests.e2e.events.conftest import Recorder, entry, make_recorder, received, rule_to
from tests.server import RunningServer


@pytest.fixture
def sqs(server: RunningServer) -> Any:
    return make_client(server, "sqs")


def queue(sqs: Any, name: str | None = None, **attributes: str) -> tuple[str, str]:
    """A new queue: (URL, ARN)."""
    url = sqs.create_queue(QueueName=name or "q" + uuid.uuid4().hex[:12],
                           Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]
    return url, arn


def receive(sqs: Any, url: str, timeout: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1,
                                  MessageAttributeNames=["All"]).get("Messages", [])
        if got:
            return dict(got[0])
    raise AssertionError("no message arrived")


def test_sqs_target_gets_the_event(events: Any, bus: str, sqs: Any) -> None:
    url, arn = queue(sqs)
    rule_to(events, "r", arn, EventBusName=bus)
    event_id = events.put_events(Entries=[entry({"n": 1}, EventBusName=bus)])["Entries"][0][
        "EventId"]
    body = json.loads(receive(sqs, url)["Body"])
    assert EventBridgeModel.model_validate(body).id == event_id


def test_fifo_queue_target_uses_the_message_group(events: Any, bus: str, sqs: Any) -> None:
    url, arn = queue(sqs, "q" + uuid.uuid4().hex[:8] + ".fifo", FifoQueue="true")
    rule_to(events, "r", arn, EventBusName=bus, SqsParameters={"MessageGroupId": "orders"})
    events.put_events(Entries=[entry(EventBusName=bus)])
    got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10,
                              AttributeNames=["MessageGroupId"])["Messages"][0]
    assert got["Attributes"]["MessageGroupId"] == "orders"


def test_event_bus_target_forwards_the_event(events: Any, bus: str,
                                             recorder: Recorder) -> None:
    """A rule can send events on to another bus, whose own rules deliver them."""
    second = "b" + uuid.uuid4().hex[:12]
    second_arn = events.create_event_bus(Name=second)["EventBusArn"]
    try:
        arn, out = recorder()
        rule_to(events, "there", arn, EventBusName=second)
        rule_to(events, "forward", second_arn, EventBusName=bus)
        events.put_events(Entries=[entry({"hop": 1}, EventBusName=bus)])
        (event,) = received(out)
        assert (event["source"], event["detail"]) == ("app.orders", {"hop": 1})
    finally:
        events.remove_targets(Rule="there", EventBusName=second, Ids=["t1"])
        events.delete_event_bus(Name=second)


def test_log_group_target(events: Any, bus: str, logs_client: Any) -> None:
    group = "/aws/events/" + uuid.uuid4().hex[:12]
    logs_client.create_log_group(logGroupName=group)
    arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"
    rule_to(events, "r", arn, EventBusName=bus)
    event_id = events.put_events(Entries=[entry(EventBusName=bus)])["Entries"][0]["EventId"]
    deadline = time.monotonic() + 15
    found: list[Any] = []
    while time.monotonic() < deadline and not found:
        found = logs_client.filter_log_events(logGroupName=group)["events"]
        time.sleep(0.05)
    assert json.loads(found[0]["message"])["id"] == event_id


def test_sns_target(events: Any, bus: str, server: RunningServer, sqs: Any) -> None:
    sns = make_client(server, "sns")
    topic = sns.create_topic(Name="t" + uuid.uuid4().hex[:12])["TopicArn"]
    url, queue_arn = queue(sqs)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"RawMessageDelivery": "true"})
    rule_to(events, "r", topic, EventBusName=bus)
    event_id = events.put_events(Entries=[entry(EventBusName=bus)])["Entries"][0]["EventId"]
    assert json.loads(receive(sqs, url)["Body"])["id"] == event_id


def test_undeliverable_event_goes_to_the_dead_letter_queue(events: Any, bus: str,
                                                           sqs: Any) -> None:
    """A target that does not exist is not retried: the event goes to the DLQ at once,
    with the RULE_ARN, TARGET_ARN, ERROR_CODE and ERROR_MESSAGE attributes."""
    dlq_url, dlq_arn = queue(sqs)
    missing = "arn:aws:lambda:us-east-1:000000000000:function:does-not-exist"
    rule_to(events, "r", missing, EventBusName=bus, DeadLetterConfig={"Arn": dlq_arn})
    event_id = events.put_events(Entries=[entry(EventBusName=bus)])["Entries"][0]["EventId"]
    message = receive(sqs, dlq_url)
    assert json.loads(message["Body"])["id"] == event_id
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["RULE_ARN"].endswith(f":rule/{bus}/r")
    assert attributes["TARGET_ARN"] == missing
    assert attributes["ERROR_CODE"] == "ResourceNotFoundException"
    assert attributes["ERROR_MESSAGE"]


@pytest.mark.parametrize(("target", "code"), [
    ("arn:aws:events:us-east-1:000000000000:event-bus/no-such-bus", "ResourceNotFoundException"),
    ("arn:aws:states:us-east-1:000000000000:stateMachine:none", "StateMachineDoesNotExist"),
])
def test_targets_that_cannot_take_events_dead_letter(events: Any, bus: str, sqs: Any,
                                                      server: RunningServer, target: str,
                                                      code: str) -> None:
    """A missing bus or state machine is not retried."""
    dlq_url, dlq_arn = queue(sqs)
    rule_to(events, "r", target, EventBusName=bus, DeadLetterConfig={"Arn": dlq_arn})
    events.put_events(Entries=[entry(EventBusName=bus)])
    message = receive(sqs, dlq_url)
    assert message["MessageAttributes"]["ERROR_CODE"]["StringValue"] == code


def test_event_bus_in_another_account(events: Any, server: RunningServer,
                                      shared_dir: Path) -> None:
    """A rule can target another account's bus; the event keeps its sender's account."""
    other = make_client(server, "events", access_key="222233334444")
    central = "central-" + uuid.uuid4().hex[:8]
    central_arn = other.create_event_bus(Name=central)["EventBusArn"]
    lambda_other = make_client(server, "lambda", access_key="222233334444")
    name = "f" + uuid.uuid4().hex[:10]
    out_path = shared_dir / f"{name}.jsonl"
    fn = make_recorder(lambda_other, name, out_path)
    try:
        rule_to(other, "all", fn, EventBusName=central)
        events.put_events(Entries=[entry({"cross": True}, EventBusName=central_arn)])
        (event,) = received(out_path)
        assert (event["account"], event["detail"]) == ("000000000000", {"cross": True})
    finally:
        lambda_other.delete_function(FunctionName=name)
        other.remove_targets(Rule="all", EventBusName=central, Ids=["t1"])
        other.delete_event_bus(Name=central)
