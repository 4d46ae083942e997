"""AWS::Scheduler::Schedule and ::ScheduleGroup deployed through the stack engine; the
firing test runs on a server with a manual clock (``--clock manual``), so a schedule fires
when the test moves time.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedule.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedulegroup.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.cloudformation_messaging.conftest import bodies, error_code, receive
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer, serving

ROLE = "arn:aws:iam::000000000000:role/scheduler-role"


@pytest.fixture(scope="module")
def clocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "cfn-scheduler",
                       "--clock", "manual", "--idle-timeout", "30")


def schedule_template(input_doc: dict[str, Any], *, group: bool = False,
                      tags: list[dict[str, str]] | None = None,
                      **props: Any) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "ScheduleExpression": "rate(5 minutes)", "FlexibleTimeWindow": {"Mode": "OFF"},
        "Description": "every five minutes",
        "Target": {"Arn": {"Fn::GetAtt": ["Q", "Arn"]}, "RoleArn": ROLE,
                   "Input": json.dumps(input_doc),
                   "RetryPolicy": {"MaximumRetryAttempts": 3}}, **props}
    resources: dict[str, Any] = {"Q": {"Type": "AWS::SQS::Queue"},
                                 "S": {"Type": "AWS::Scheduler::Schedule",
                                       "Properties": schedule}}
    if group:
        resources["G"] = {"Type": "AWS::Scheduler::ScheduleGroup",
                          "Properties": {"Tags": tags or []}}
        schedule["GroupName"] = {"Ref": "G"}
    outputs = {"Arn": {"Value": {"Fn::GetAtt": ["S", "Arn"]}}}
    if group:
        outputs["GroupArn"] = {"Value": {"Fn::GetAtt": ["G", "Arn"]}}
        outputs["GroupState"] = {"Value": {"Fn::GetAtt": ["G", "State"]}}
    return {"Resources": resources, "Outputs": outputs}


def test_schedule_fires_and_updates_in_place(clocked: RunningServer) -> None:
    """A rate schedule fires into its queue when the clock passes its period; a changed
    Input updates the same schedule (UpdateSchedule), the next firing carries it; the
    stack's deletion removes the schedule."""
    sqs, scheduler = make_client(clocked, "sqs"), make_client(clocked, "scheduler")
    stack = deploy(clocked, schedule_template({"v": 1}))
    name, url = stack.physical("S"), stack.physical("Q")
    assert name.startswith(f"{stack.name}-S-")
    assert stack.outputs["Arn"].endswith(f":schedule/default/{name}")
    found = scheduler.get_schedule(Name=name)
    assert (found["Description"], found["Target"]["RetryPolicy"]["MaximumRetryAttempts"]) == (
        "every five minutes", 3)
    clocked.advance_clock(300)
    assert bodies(receive(sqs, url)) == [{"v": 1}]
    updated = deploy(clocked, schedule_template({"v": 2}), name=stack.name, update=True)
    assert updated.outputs["Arn"] == stack.outputs["Arn"]
    clocked.advance_clock(300)
    assert bodies(receive(sqs, url)) == [{"v": 2}]
    remove(clocked, stack.name)
    with pytest.raises(ClientError) as err:
        scheduler.get_schedule(Name=name)
    assert error_code(err) == "ResourceNotFoundException"


def test_schedule_group_with_tags(server: RunningServer) -> None:
    """A ScheduleGroup: Ref its name, Arn/State attributes, tags retagged in place; a
    schedule in it moves to a new group by replacement (no firing: the session's server)."""
    clocked = server
    scheduler = make_client(clocked, "scheduler")
    stack = deploy(clocked, schedule_template({"v": 1}, group=True, State="DISABLED",
                                              tags=[{"Key": "team", "Value": "a"}]))
    group = stack.physical("G")
    assert stack.outputs["GroupArn"].endswith(f":schedule-group/{group}")
    assert stack.outputs["GroupState"] == "ACTIVE"
    name = stack.physical("S")
    assert scheduler.get_schedule(Name=name, GroupName=group)["State"] == "DISABLED"

    def tags() -> dict[str, str]:
        listed = scheduler.list_tags_for_resource(ResourceArn=stack.outputs["GroupArn"])
        return {t["Key"]: t["Value"] for t in listed["Tags"]}

    assert tags()["team"] == "a"
    deploy(clocked, schedule_template({"v": 1}, group=True, State="DISABLED",
                                      tags=[{"Key": "team", "Value": "b"}]),
           name=stack.name, update=True)
    assert tags()["team"] == "b"
    moved = deploy(clocked, schedule_template({"v": 1}, State="DISABLED"), name=stack.name,
                   update=True)
    assert scheduler.get_schedule(Name=moved.physical("S"))["GroupName"] == "default"
    with pytest.raises(ClientError):
        scheduler.get_schedule_group(Name=group)
    remove(clocked, stack.name)
