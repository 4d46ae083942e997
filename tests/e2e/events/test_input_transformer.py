"""What a target receives: Input, InputPath and InputTransformer.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.events.conftest import Recorder, entry, error, received

DETAIL = {"instance-id": "i-0123", "state": "RUNNING", "count": 3, "tags": ["a", "b"]}


def deliver(events: Any, bus: str, recorder: Recorder, targets: list[dict[str, Any]]) -> dict[
        str, Any]:
    """Put one event through a rule whose targets are ``targets`` (all one recording
    function); what each target Id received."""
    arn, out = recorder()
    events.put_rule(Name="t", EventBusName=bus, EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="t", EventBusName=bus,
                       Targets=[{"Arn": arn, "Id": f"t{i}", **t} for i, t in enumerate(targets)])
    event_id = events.put_events(Entries=[entry(DETAIL, EventBusName=bus)])["Entries"][0]["EventId"]
    got = received(out, len(targets))
    assert len(got) == len(targets)
    return {"event_id": event_id, "got": got}


def test_input_and_input_path(events: Any, bus: str, recorder: Recorder) -> None:
    out = deliver(events, bus, recorder, [{"Input": '{"fixed": true}'},
                                          {"InputPath": "$.detail"},
                                          {"InputPath": "$.detail.tags[1]"}])
    got = out["got"]
    assert {"fixed": True} in got
    assert DETAIL in got
    assert "b" in got


def test_json_template(events: Any, bus: str, recorder: Recorder) -> None:
    """In a JSON template a bare <var> is the value as JSON; inside quotes, its text."""
    template = ('{"instance": <instance>, "state": [9, <state>, true], "n": <count>,'
                ' "text": "instance <instance> is <state>", "missing": <missing>}')
    transformer = {"InputPathsMap": {"instance": "$.detail.instance-id",
                                     "state": "$.detail.state", "count": "$.detail.count",
                                     "missing": "$.detail.nothing"},
                   "InputTemplate": template}
    (got,) = deliver(events, bus, recorder, [{"InputTransformer": transformer}])["got"]
    assert got == {"instance": "i-0123", "state": [9, "RUNNING", True], "n": 3,
                   "text": "instance i-0123 is RUNNING", "missing": None}


def test_string_template(events: Any, bus: str, recorder: Recorder) -> None:
    transformer = {"InputPathsMap": {"instance": "$.detail.instance-id",
                                     "state": "$.detail.state"},
                   "InputTemplate": '"instance <instance> is in <state>"'}
    (got,) = deliver(events, bus, recorder, [{"InputTransformer": transformer}])["got"]
    assert got == "instance i-0123 is in RUNNING"


def test_reserved_variables(events: Any, bus: str, recorder: Recorder) -> None:
    """aws.events.event is the event without its detail; aws.events.event.json all of it."""
    template = ('{"rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>,'
                ' "event": <aws.events.event>, "json": <aws.events.event.json>,'
                ' "at": <aws.events.event.ingestion-time>}')
    out = deliver(events, bus, recorder, [{"InputTransformer": {"InputTemplate": template}}])
    (got,) = out["got"]
    assert got["rule"] == "t"
    assert got["arn"].endswith(f":rule/{bus}/t")
    assert got["event"]["id"] == got["json"]["id"] == out["event_id"]
    assert "detail" not in got["event"]
    assert got["json"]["detail"] == DETAIL
    assert got["at"] == got["event"]["time"]


def test_reserved_names_cannot_be_path_variables(events: Any, bus: str) -> None:
    events.put_rule(Name="t", EventBusName=bus, EventPattern='{"source": ["app.orders"]}')
    with pytest.raises(ClientError) as err:
        events.put_targets(Rule="t", EventBusName=bus, Targets=[{
            "Id": "1", "Arn": "arn:aws:sqs:us-east-1:000000000000:q",
            "InputTransformer": {"InputPathsMap": {"aws.events.rule-name": "$.source"},
                                 "InputTemplate": "<aws.events.rule-name>"}}])
    assert error(err) == ("ValidationException", 400)
