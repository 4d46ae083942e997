"""PutEvents: entry checks, the event envelope, delivery to a function.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from botocore.exceptions import ClientError

from tests.e2e.events.conftest import Recorder, entry, error, received, rule_to


def test_event_reaches_a_function_in_eventbridge_shape(events: Any, bus: str,
                                                       recorder: Recorder) -> None:
    """A matching rule's Lambda target gets the whole event, in the documented envelope."""
    arn, out = recorder()
    rule_to(events, "r", arn, EventBusName=bus)
    resp = events.put_events(Entries=[entry({"id": 7}, EventBusName=bus,
                                            Resources=["arn:aws:s3:::b"])])
    assert resp["FailedEntryCount"] == 0
    (event,) = received(out)
    parsed = EventBridgeModel.model_validate(event)
    assert parsed.id == resp["Entries"][0]["EventId"]
    assert (parsed.source, parsed.detail_type, parsed.detail) == ("app.orders", "OrderPlaced",
                                                                  {"id": 7})
    assert (event["version"], event["account"], event["region"]) == ("0", "000000000000",
                                                                      "us-east-1")
    assert event["resources"] == ["arn:aws:s3:::b"]
    assert event["time"].endswith("Z")


def test_only_matching_rules_deliver(events: Any, bus: str, recorder: Recorder) -> None:
    arn, out = recorder()
    rule_to(events, "big", arn, {"source": ["app.orders"], "detail": {"n": [{"numeric": [">", 5]}]}},
            EventBusName=bus)
    events.put_events(Entries=[entry({"n": 1}, EventBusName=bus),
                               entry({"n": 9}, EventBusName=bus)])
    (event,) = received(out)
    assert event["detail"] == {"n": 9}


def test_disabled_rule_does_not_deliver(events: Any, bus: str, recorder: Recorder) -> None:
    first, first_out = recorder()
    second, second_out = recorder()
    rule_to(events, "off", first, EventBusName=bus)
    rule_to(events, "on", second, EventBusName=bus)
    events.disable_rule(Name="off", EventBusName=bus)
    events.put_events(Entries=[entry(EventBusName=bus)])
    received(second_out)
    assert not first_out.exists()


def test_invalid_entries_fail_alone(events: Any, bus: str) -> None:
    """Each failing entry has its ErrorCode at its position; the others are put."""
    resp = events.put_events(Entries=[
        entry(EventBusName=bus),
        {"DetailType": "x", "Detail": "{}", "EventBusName": bus},
        {"Source": "a", "DetailType": "x", "Detail": "[1]", "EventBusName": bus},
        {"Source": "a", "DetailType": "x", "Detail": "{", "EventBusName": bus},
        entry(EventBusName="no-such-bus"),
        {"Source": "aws.s3", "DetailType": "x", "Detail": "{}", "EventBusName": bus},
    ])
    codes = [e.get("ErrorCode") for e in resp["Entries"]]
    assert codes == [None, "InvalidArgument", "MalformedDetail", "MalformedDetail",
                     "ResourceNotFoundException", "NotAuthorizedForSourceException"]
    assert resp["FailedEntryCount"] == 5
    assert "EventId" in resp["Entries"][0]
    assert resp["Entries"][1]["ErrorMessage"] == (
        "Parameter Source is not valid. Reason: Source is a required argument.")


def test_request_over_256_kb_is_refused(events: Any) -> None:
    big = json.dumps({"blob": "x" * 140_000})
    with pytest.raises(ClientError) as err:
        events.put_events(Entries=[entry(Detail=big), entry(Detail=big)])
    assert error(err) == ("ValidationException", 400)


def test_at_most_ten_entries(events: Any) -> None:
    with pytest.raises(ClientError) as err:
        events.put_events(Entries=[entry() for _ in range(11)])
    assert error(err) == ("ValidationException", 400)
