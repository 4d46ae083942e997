"""PutTargets, RemoveTargets, ListTargetsByRule.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quotas.html (5 targets per rule)
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.events.conftest import error

QUEUE = "arn:aws:sqs:us-east-1:000000000000:q"
PATTERN = '{"source": ["app.orders"]}'


@pytest.fixture
def rule(events: Any, bus: str) -> str:
    events.put_rule(Name="r", EventBusName=bus, EventPattern=PATTERN)
    return "r"


def test_put_list_and_remove_targets(events: Any, bus: str, rule: str) -> None:
    target = {"Id": "q", "Arn": QUEUE, "InputPath": "$.detail",
              "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 60},
              "DeadLetterConfig": {"Arn": "arn:aws:sqs:us-east-1:000000000000:dlq"}}
    out = events.put_targets(Rule=rule, EventBusName=bus, Targets=[target])
    assert out["FailedEntryCount"] == 0
    assert events.list_targets_by_rule(Rule=rule, EventBusName=bus)["Targets"] == [target]
    events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "q", "Arn": QUEUE}])
    assert events.list_targets_by_rule(Rule=rule, EventBusName=bus)["Targets"] == [
        {"Id": "q", "Arn": QUEUE}]
    events.remove_targets(Rule=rule, EventBusName=bus, Ids=["q"])
    assert events.list_targets_by_rule(Rule=rule, EventBusName=bus)["Targets"] == []


def test_targets_of_a_missing_rule(events: Any, bus: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_targets(Rule="missing", EventBusName=bus, Targets=[{"Id": "q", "Arn": QUEUE}])
    assert error(err) == ("ResourceNotFoundException", 400)
    with pytest.raises(ClientError) as err:
        events.list_targets_by_rule(Rule="missing", EventBusName=bus)
    assert error(err) == ("ResourceNotFoundException", 400)


def test_at_most_five_targets(events: Any, bus: str, rule: str) -> None:
    targets = [{"Id": str(i), "Arn": f"{QUEUE}{i}"} for i in range(5)]
    events.put_targets(Rule=rule, EventBusName=bus, Targets=targets)
    with pytest.raises(ClientError) as err:
        events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "6", "Arn": QUEUE}])
    assert error(err) == ("LimitExceededException", 400)


def test_input_settings_exclude_each_other(events: Any, bus: str, rule: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_targets(Rule=rule, EventBusName=bus, Targets=[
            {"Id": "q", "Arn": QUEUE, "Input": "{}", "InputPath": "$.detail"}])
    assert error(err) == ("ValidationException", 400)


def test_input_must_be_json(events: Any, bus: str, rule: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_targets(Rule=rule, EventBusName=bus, Targets=[
            {"Id": "q", "Arn": QUEUE, "Input": "not json"}])
    assert error(err) == ("ValidationException", 400)


def test_fifo_queue_needs_a_message_group(events: Any, bus: str, rule: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_targets(Rule=rule, EventBusName=bus, Targets=[
            {"Id": "q", "Arn": QUEUE + ".fifo"}])
    assert error(err) == ("ValidationException", 400)
    out = events.put_targets(Rule=rule, EventBusName=bus, Targets=[
        {"Id": "q", "Arn": QUEUE + ".fifo", "SqsParameters": {"MessageGroupId": "g"}}])
    assert out["FailedEntryCount"] == 0


def test_unsupported_target_kind_is_a_failed_entry(events: Any, bus: str, rule: str) -> None:
    """Targets cloudlet cannot deliver to come back in FailedEntries; the rest are put."""
    out = events.put_targets(Rule=rule, EventBusName=bus, Targets=[
        {"Id": "k", "Arn": "arn:aws:kinesis:us-east-1:000000000000:stream/s"},
        {"Id": "q", "Arn": QUEUE}])
    assert out["FailedEntryCount"] == 1
    assert out["FailedEntries"][0]["TargetId"] == "k"
    assert out["FailedEntries"][0]["ErrorMessage"].startswith("not supported")
    ids = [t["Id"] for t in events.list_targets_by_rule(Rule=rule, EventBusName=bus)["Targets"]]
    assert ids == ["q"]
