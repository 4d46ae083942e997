"""Rules: PutRule, DescribeRule, ListRules, DeleteRule, Enable/DisableRule,
ListRuleNamesByTarget, TestEventPattern.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.events.conftest import error

PATTERN = json.dumps({"source": ["app.orders"], "detail": {"total": [{"numeric": [">", 10]}]}})
EVENT = {"id": "1", "account": "000000000000", "source": "app.orders",
         "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
         "detail-type": "OrderPlaced", "detail": {"total": 20}}


def test_put_and_describe_rule(events: Any, bus: str) -> None:
    arn = events.put_rule(Name="orders", EventBusName=bus, EventPattern=PATTERN,
                          Description="big orders")["RuleArn"]
    rule = events.describe_rule(Name="orders", EventBusName=bus)
    assert rule["Arn"] == arn == f"arn:aws:events:us-east-1:000000000000:rule/{bus}/orders"
    assert rule["State"] == "ENABLED"
    assert rule["EventBusName"] == bus
    assert json.loads(rule["EventPattern"]) == json.loads(PATTERN)
    assert rule["Description"] == "big orders"


def test_put_rule_again_updates_it(events: Any, bus: str) -> None:
    events.put_rule(Name="r", EventBusName=bus, EventPattern=PATTERN)
    events.put_rule(Name="r", EventBusName=bus, EventPattern=PATTERN, State="DISABLED")
    assert events.describe_rule(Name="r", EventBusName=bus)["State"] == "DISABLED"


def test_invalid_pattern_is_refused(events: Any, bus: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_rule(Name="bad", EventBusName=bus, EventPattern='{"source": "x"}')
    assert error(err) == ("InvalidEventPatternException", 400)
    assert err.value.response["Error"]["Message"].startswith("Event pattern is not valid.")


def test_rule_needs_a_pattern_or_a_schedule(events: Any, bus: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_rule(Name="empty", EventBusName=bus)
    assert error(err) == ("ValidationException", 400)


def test_schedules_only_on_the_default_bus(events: Any, bus: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_rule(Name="tick", EventBusName=bus, ScheduleExpression="rate(5 minutes)")
    assert error(err) == ("ValidationException", 400)


def test_invalid_schedule_is_refused(events: Any, rule_name: str) -> None:
    with pytest.raises(ClientError) as err:
        events.put_rule(Name=rule_name, ScheduleExpression="rate(5 fortnights)")
    assert error(err) == ("ValidationException", 400)


def test_describe_missing_rule(events: Any, bus: str) -> None:
    with pytest.raises(ClientError) as err:
        events.describe_rule(Name="nope", EventBusName=bus)
    assert error(err) == ("ResourceNotFoundException", 400)
    assert err.value.response["Error"]["Message"] == f"Rule nope does not exist on EventBus {bus}."


def test_list_rules_by_prefix_and_pages(events: Any, bus: str) -> None:
    for name in ("a1", "a2", "a3", "b1"):
        events.put_rule(Name=name, EventBusName=bus, EventPattern=PATTERN)
    first = events.list_rules(EventBusName=bus, NamePrefix="a", Limit=2)
    second = events.list_rules(EventBusName=bus, NamePrefix="a", Limit=2,
                               NextToken=first["NextToken"])
    assert [r["Name"] for r in first["Rules"] + second["Rules"]] == ["a1", "a2", "a3"]
    assert "NextToken" not in second


def test_delete_rule_fails_while_it_has_targets(events: Any, bus: str) -> None:
    events.put_rule(Name="r", EventBusName=bus, EventPattern=PATTERN)
    events.put_targets(Rule="r", EventBusName=bus, Targets=[
        {"Id": "1", "Arn": "arn:aws:sqs:us-east-1:000000000000:q"}])
    with pytest.raises(ClientError) as err:
        events.delete_rule(Name="r", EventBusName=bus)
    assert error(err) == ("ValidationException", 400)
    events.remove_targets(Rule="r", EventBusName=bus, Ids=["1"])
    events.delete_rule(Name="r", EventBusName=bus)
    with pytest.raises(ClientError):
        events.describe_rule(Name="r", EventBusName=bus)


def test_enable_and_disable(events: Any, bus: str) -> None:
    events.put_rule(Name="r", EventBusName=bus, EventPattern=PATTERN)
    events.disable_rule(Name="r", EventBusName=bus)
    assert events.describe_rule(Name="r", EventBusName=bus)["State"] == "DISABLED"
    events.enable_rule(Name="r", EventBusName=bus)
    assert events.describe_rule(Name="r", EventBusName=bus)["State"] == "ENABLED"
    with pytest.raises(ClientError) as err:
        events.enable_rule(Name="missing", EventBusName=bus)
    assert error(err) == ("ResourceNotFoundException", 400)


def test_list_rule_names_by_target(events: Any, bus: str) -> None:
    queue = "arn:aws:sqs:us-east-1:000000000000:shared"
    for name in ("x", "y", "z"):
        events.put_rule(Name=name, EventBusName=bus, EventPattern=PATTERN)
    for name in ("x", "z"):
        events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "q", "Arn": queue}])
    names = events.list_rule_names_by_target(TargetArn=queue, EventBusName=bus)["RuleNames"]
    assert names == ["x", "z"]


def test_test_event_pattern(events: Any) -> None:
    assert events.test_event_pattern(EventPattern=PATTERN, Event=json.dumps(EVENT))["Result"]
    small = {**EVENT, "detail": {"total": 5}}
    assert not events.test_event_pattern(EventPattern=PATTERN, Event=json.dumps(small))["Result"]


def test_test_event_pattern_needs_a_whole_event(events: Any) -> None:
    partial = {k: v for k, v in EVENT.items() if k != "id"}
    with pytest.raises(ClientError) as err:
        events.test_event_pattern(EventPattern=PATTERN, Event=json.dumps(partial))
    assert error(err) == ("ValidationException", 400)
    with pytest.raises(ClientError) as err:
        events.test_event_pattern(EventPattern="[1]", Event=json.dumps(EVENT))
    assert error(err) == ("InvalidEventPatternException", 400)
