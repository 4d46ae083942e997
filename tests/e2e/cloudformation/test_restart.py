"""Durability: a server killed (SIGKILL) in the middle of a create and of an update
rolls both back when it starts again; completed stacks, their resources and events
survive the restart."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, wait_settled
from tests.server import RunningServer

# A wait condition nobody signals keeps its stack in progress until the kill.
WAITING = {
    "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
    "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
             "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "600"}},
}


def queue(**props: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": props}


def wait_for_resource(cfn: Any, stack: str, logical_id: str, status: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = {r["LogicalResourceId"]: r["ResourceStatus"] for r in
                 cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]}
        if found.get(logical_id) == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"{stack}.{logical_id} never reached {status}")


def queue_attr(sqs: Any, url: str) -> str | None:
    try:
        return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
                   ["Attributes"]["VisibilityTimeout"])
    except ClientError:
        return None


def test_sigkill_mid_operation_rolls_back_on_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        cfn = make_client(first, "cloudformation")
        done = deploy(first, {"Resources": {"Q": queue()}}, name="done")
        updating = deploy(first, {"Resources": {"Q": queue(VisibilityTimeout=30)}},
                          name="updating")
        cfn.update_stack(StackName="updating", TemplateBody=json.dumps(
            {"Resources": {"Q": queue(VisibilityTimeout=90), **WAITING}}))
        cfn.create_stack(StackName="creating", TemplateBody=json.dumps(
            {"Resources": {"Q": queue(), **WAITING}}))
        wait_for_resource(cfn, "creating", "Wait", "CREATE_IN_PROGRESS")
        wait_for_resource(cfn, "updating", "Wait", "CREATE_IN_PROGRESS")
        created_queue = next(
            r["PhysicalResourceId"] for r in
            cfn.list_stack_resources(StackName="creating")["StackResourceSummaries"]
            if r["LogicalResourceId"] == "Q")
        assert queue_attr(make_client(first, "sqs"), updating.physical("Q")) == "90"
    finally:
        first.stop(signal.SIGKILL)

    second = RunningServer(data).start()
    try:
        cfn, sqs = make_client(second, "cloudformation"), make_client(second, "sqs")
        created = wait_settled(second, "creating")
        assert created.status == "ROLLBACK_COMPLETE"
        assert queue_attr(sqs, created_queue) is None
        updated = wait_settled(second, "updating")
        assert updated.status == "UPDATE_ROLLBACK_COMPLETE"
        assert set(updated.resources) == {"Q"}
        assert queue_attr(sqs, updated.physical("Q")) == "30"
        survivor = wait_settled(second, "done")
        assert survivor.status == "CREATE_COMPLETE"
        assert queue_attr(sqs, survivor.physical("Q")) is not None
        events = cfn.describe_stack_events(StackName="done")["StackEvents"]
        assert [e["ResourceStatus"] for e in events][0] == "CREATE_COMPLETE"
        assert done.description["StackId"] == survivor.description["StackId"]
        # The rolled-back stacks work as usual afterwards.
        deploy(second, {"Resources": {"Q": queue(VisibilityTimeout=31)}}, name="updating",
               update=True)
    finally:
        second.stop()
