"""AWS::Events::EventBus, ::Rule and ::Archive deployed through the stack engine, proved by
PutEvents.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbus.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cloudformation_messaging.conftest import allow_all, bodies, error_code, receive
from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer


def routed(targets: list[dict[str, Any]], *, bus: bool = True, pattern: Any = None,
           **rule: Any) -> dict[str, Any]:
    """A custom bus (or the default one), two queues with a policy for EventBridge, and a
    rule with ``targets`` (Ref ``A`` / ``B`` are the queues' ARNs)."""
    resources: dict[str, Any] = {
        "A": {"Type": "AWS::SQS::Queue"}, "B": {"Type": "AWS::SQS::Queue"},
        "P": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
            "Queues": [{"Ref": "A"}, {"Ref": "B"}],
            "PolicyDocument": allow_all("events.amazonaws.com", "*")}},
        "R": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": pattern or {"source": ["shop"], "detail-type": ["order"]},
            "Targets": targets, **rule}}}
    if bus:
        resources["Bus"] = {"Type": "AWS::Events::EventBus", "Properties": {
            "Name": {"Fn::Sub": "${AWS::StackName}-bus"}, "Description": "orders"}}
        resources["R"]["Properties"]["EventBusName"] = {"Ref": "Bus"}
    return {"Resources": resources,
            "Outputs": {"Rule": {"Value": {"Ref": "R"}},
                        "RuleArn": {"Value": {"Fn::GetAtt": ["R", "Arn"]}},
                        **({"BusArn": {"Value": {"Fn::GetAtt": ["Bus", "Arn"]}}} if bus else {})}}


def queue_target(queue: str, target_id: str, **extra: Any) -> dict[str, Any]:
    return {"Id": target_id, "Arn": {"Fn::GetAtt": [queue, "Arn"]}, **extra}


def put_order(events: Any, bus: str, detail: dict[str, Any]) -> None:
    out = events.put_events(Entries=[{"Source": "shop", "DetailType": "order",
                                      "Detail": json.dumps(detail), "EventBusName": bus}])
    assert out["FailedEntryCount"] == 0


def test_rule_routes_put_events_to_queue(server: RunningServer, events: Any, sqs: Any) -> None:
    """A rule on a custom bus: Ref is "bus|rule"; a matching event reaches the queue
    through an InputTransformer, a non-matching one does not."""
    transformer = {"InputPathsMap": {"id": "$.detail.id"},
                   "InputTemplate": '{"order": <id>, "via": "cfn"}'}
    stack = deploy(server, routed([queue_target("A", "a", InputTransformer=transformer,
                                                RetryPolicy={"MaximumRetryAttempts": 2})]))
    bus = stack.physical("Bus")
    assert bus == f"{stack.name}-bus"
    assert stack.outputs["BusArn"].endswith(f":event-bus/{bus}")
    ref = stack.outputs["Rule"]
    assert ref.startswith(bus + "|") and ref == stack.physical("R")
    rule_name = ref.split("|", 1)[1]
    assert rule_name.startswith(f"{stack.name}-R-")
    assert stack.outputs["RuleArn"].endswith(f":rule/{bus}/{rule_name}")
    assert events.describe_event_bus(Name=bus)["Description"] == "orders"
    events.put_events(Entries=[{"Source": "other", "DetailType": "order", "Detail": "{}",
                                "EventBusName": bus}])
    put_order(events, bus, {"id": "o-1"})
    assert bodies(receive(sqs, stack.physical("A"))) == [{"order": "o-1", "via": "cfn"}]
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        events.describe_event_bus(Name=bus)
    assert error_code(err) == "ResourceNotFoundException"


def test_targets_are_diffed_on_update(server: RunningServer, events: Any, sqs: Any) -> None:
    """Changing a rule's targets keeps the rule: the gone target is removed, the new one
    put; the pattern as JSON text changes in place too."""
    stack = deploy(server, routed([queue_target("A", "a")], bus=False,
                                  pattern={"source": ["shop"]}))
    name = stack.outputs["Rule"]
    assert "|" not in name
    updated = deploy(server, routed([queue_target("B", "b", Input='{"fixed": true}')],
                                    bus=False, pattern=json.dumps({"source": ["shop"],
                                                                   "detail-type": ["order"]})),
                     name=stack.name, update=True)
    assert updated.outputs["Rule"] == name
    targets = events.list_targets_by_rule(Rule=name)["Targets"]
    assert [t["Id"] for t in targets] == ["b"]
    assert json.loads(events.describe_rule(Name=name)["EventPattern"])["detail-type"] == [
        "order"]
    put_order(events, "default", {"id": "o-2"})
    assert bodies(receive(sqs, updated.physical("B"))) == [{"fixed": True}]
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        events.describe_rule(Name=name)
    assert error_code(err) == "ResourceNotFoundException"


def test_disabled_state_and_schedule_rule(server: RunningServer, events: Any) -> None:
    """State and ScheduleExpression are applied; a changed State updates in place."""
    def template(state: str) -> dict[str, Any]:
        return {"Resources": {"Q": {"Type": "AWS::SQS::Queue"},
                              "R": {"Type": "AWS::Events::Rule", "Properties": {
                                  "ScheduleExpression": "rate(1 hour)", "State": state,
                                  "Description": "tick",
                                  "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Q", "Arn"]}}]}}}}

    stack = deploy(server, template("DISABLED"))
    name = stack.physical("R")
    rule = events.describe_rule(Name=name)
    assert (rule["State"], rule["ScheduleExpression"], rule["Description"]) == (
        "DISABLED", "rate(1 hour)", "tick")
    deploy(server, template("ENABLED"), name=stack.name, update=True)
    assert events.describe_rule(Name=name)["State"] == "ENABLED"
    remove(server, stack.name)


def test_bad_pattern_fails_with_eventbridge_message(server: RunningServer) -> None:
    """An invalid EventPattern fails the rule with EventBridge's reason."""
    stack = deploy(server, routed([queue_target("A", "a")], bus=False,
                                  pattern={"source": "not-a-list"}), expect="ROLLBACK_COMPLETE")
    reasons = [r for r in failure_reasons(server, stack.name) if r.startswith("R:")]
    assert reasons and "Event pattern is not valid" in reasons[0]


def test_archive_of_a_bus(server: RunningServer, events: Any) -> None:
    """Archive: Ref is its name, Arn its ARN; RetentionDays changes in place."""
    def template(days: int) -> dict[str, Any]:
        return {"Resources": {
            "Bus": {"Type": "AWS::Events::EventBus",
                    "Properties": {"Name": {"Fn::Sub": "${AWS::StackName}-bus"}}},
            "Arch": {"Type": "AWS::Events::Archive", "Properties": {
                "SourceArn": {"Fn::GetAtt": ["Bus", "Arn"]}, "RetentionDays": days,
                "EventPattern": {"source": ["shop"]}}}},
            "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Arch", "Arn"]}}}}

    stack = deploy(server, template(3))
    name = stack.physical("Arch")
    assert stack.outputs["Arn"].endswith(f":archive/{name}")
    assert events.describe_archive(ArchiveName=name)["RetentionDays"] == 3
    deploy(server, template(9), name=stack.name, update=True)
    assert events.describe_archive(ArchiveName=name)["RetentionDays"] == 9
    remove(server, stack.name)
    with pytest.raises(ClientError):
        events.describe_archive(ArchiveName=name)


def test_bucket_events_reach_a_rule_through_eventbridge(server: RunningServer, s3: Any,
                                                        sqs: Any) -> None:
    """A bucket with EventBridgeConfiguration sends its object events to the default bus,
    where a rule matching ``aws.s3`` "Object Created" for that bucket routes them on."""
    template = routed([queue_target("A", "a", InputPath="$.detail.object")], bus=False,
                      pattern={"source": ["aws.s3"], "detail-type": ["Object Created"],
                               "detail": {"bucket": {"name": [{"Ref": "Bucket"}]}}})
    template["Resources"]["Bucket"] = {"Type": "AWS::S3::Bucket", "Properties": {
        "NotificationConfiguration": {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}}}
    stack = deploy(server, template)
    bucket = stack.physical("Bucket")
    s3.put_object(Bucket=bucket, Key="report.csv", Body=b"a,b")
    assert bodies(receive(sqs, stack.physical("A")))[0]["key"] == "report.csv"
    s3.delete_object(Bucket=bucket, Key="report.csv")
    remove(server, stack.name)


def test_event_bus_policy_statements(server: RunningServer, events: Any) -> None:
    """EventBusPolicy in both forms (PutPermission's and a whole Statement) adds its
    statement to the bus's policy (Ref: the statement id); removing one removes it."""
    def template(both: bool) -> dict[str, Any]:
        resources: dict[str, Any] = {
            "Bus": {"Type": "AWS::Events::EventBus",
                    "Properties": {"Name": {"Fn::Sub": "${AWS::StackName}-bus"}}},
            "Simple": {"Type": "AWS::Events::EventBusPolicy", "Properties": {
                "EventBusName": {"Ref": "Bus"}, "StatementId": "from-partner",
                "Action": "events:PutEvents", "Principal": "111122223333"}}}
        if both:
            resources["Whole"] = {"Type": "AWS::Events::EventBusPolicy", "Properties": {
                "EventBusName": {"Ref": "Bus"}, "StatementId": "org",
                "Statement": {"Effect": "Allow", "Principal": "*", "Action": "events:PutEvents",
                              "Resource": {"Fn::GetAtt": ["Bus", "Arn"]}}}}
        return {"Resources": resources}

    def sids(bus: str) -> list[str]:
        policy = json.loads(events.describe_event_bus(Name=bus)["Policy"])
        return sorted(s["Sid"] for s in policy["Statement"])

    stack = deploy(server, template(True))
    bus = stack.physical("Bus")
    assert stack.physical("Simple") == "from-partner"
    assert sids(bus) == ["from-partner", "org"]
    deploy(server, template(False), name=stack.name, update=True)
    assert sids(bus) == ["from-partner"]
    remove(server, stack.name)
