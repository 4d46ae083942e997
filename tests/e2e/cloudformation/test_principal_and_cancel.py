"""Who a stack acts as (the caller's account; stack tags on its resources) and
CancelUpdateStack rolling back an update still in progress."""

from __future__ import annotations

import json
import time

from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import remove, wait_settled
from tests.server import RunningServer

ACCOUNT = "123456789012"


def test_stack_acts_in_callers_account_with_tags(server: RunningServer,
                                                 unique_name: str) -> None:
    cfn = make_client(server, "cloudformation", access_key=ACCOUNT)
    cfn.create_stack(StackName=unique_name, Tags=[{"Key": "team", "Value": "blue"}],
                     TemplateBody=json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}},
                                              "Outputs": {"Arn": {"Value": {
                                                  "Fn::GetAtt": ["Q", "Arn"]}}}}))
    deadline = time.monotonic() + 20
    while (described := cfn.describe_stacks(StackName=unique_name)["Stacks"][0])[
            "StackStatus"] == "CREATE_IN_PROGRESS":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert described["StackStatus"] == "CREATE_COMPLETE", described
    assert described["StackId"].split(":")[4] == ACCOUNT
    assert described["Outputs"][0]["OutputValue"].split(":")[4] == ACCOUNT
    url = cfn.describe_stack_resource(StackName=unique_name, LogicalResourceId="Q")[
        "StackResourceDetail"]["PhysicalResourceId"]
    sqs = make_client(server, "sqs", access_key=ACCOUNT)
    tags = sqs.list_queue_tags(QueueUrl=url)["Tags"]
    assert tags["team"] == "blue"
    assert tags["aws:cloudformation:stack-name"] == unique_name
    assert tags["aws:cloudformation:logical-id"] == "Q"
    other = make_client(server, "cloudformation")
    try:
        other.describe_stacks(StackName=unique_name)
        raise AssertionError("another account sees the stack")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "ValidationError"
    cfn.delete_stack(StackName=unique_name)


def test_cancel_update_rolls_back(server: RunningServer, unique_name: str) -> None:
    cfn = make_client(server, "cloudformation")
    sqs = make_client(server, "sqs")
    first = {"Resources": {"Q": {"Type": "AWS::SQS::Queue",
                                 "Properties": {"VisibilityTimeout": 30}}}}
    cfn.create_stack(StackName=unique_name, TemplateBody=json.dumps(first))
    url = wait_settled(server, unique_name).physical("Q")
    second = {"Resources": {
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 70}},
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
        "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
                 "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "600"}}}}
    cfn.update_stack(StackName=unique_name, TemplateBody=json.dumps(second))
    deadline = time.monotonic() + 20
    while True:
        found = {r["LogicalResourceId"]: r["ResourceStatus"] for r in
                 cfn.list_stack_resources(StackName=unique_name)["StackResourceSummaries"]}
        if found.get("Wait") == "CREATE_IN_PROGRESS":
            break
        assert time.monotonic() < deadline, found
        time.sleep(0.05)
    cfn.cancel_update_stack(StackName=unique_name)
    stack = wait_settled(server, unique_name)
    assert stack.status == "UPDATE_ROLLBACK_COMPLETE"
    assert set(stack.resources) == {"Q"}
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
    assert attrs["Attributes"]["VisibilityTimeout"] == "30"
    events = cfn.describe_stack_events(StackName=unique_name)["StackEvents"]
    wait_events = [(e["ResourceStatus"], e.get("ResourceStatusReason")) for e in events
                   if e["LogicalResourceId"] == "Wait"]
    assert ("CREATE_FAILED", "Resource creation cancelled") in wait_events
    try:
        cfn.cancel_update_stack(StackName=unique_name)
        raise AssertionError("cancelled a settled stack")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "ValidationError"
    remove(server, unique_name)


def test_delete_during_create_cancels_it(server: RunningServer, unique_name: str) -> None:
    cfn = make_client(server, "cloudformation")
    template = {"Resources": {
        "Q": {"Type": "AWS::SQS::Queue"},
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
        "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
                 "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "600"}}}}
    stack_id = cfn.create_stack(StackName=unique_name,
                                TemplateBody=json.dumps(template))["StackId"]
    deadline = time.monotonic() + 20
    while True:
        found = {r["LogicalResourceId"]: r for r in
                 cfn.list_stack_resources(StackName=unique_name)["StackResourceSummaries"]}
        if found.get("Wait", {}).get("ResourceStatus") == "CREATE_IN_PROGRESS":
            break
        assert time.monotonic() < deadline, found
        time.sleep(0.05)
    cfn.delete_stack(StackName=unique_name)
    assert wait_settled(server, stack_id).status == "DELETE_COMPLETE"
    sqs = make_client(server, "sqs")
    try:
        sqs.get_queue_attributes(QueueUrl=found["Q"]["PhysicalResourceId"],
                                 AttributeNames=["QueueArn"])
        raise AssertionError("the queue outlived its stack")
    except ClientError as error:
        assert "NonExistentQueue" in error.response["Error"]["Code"]
