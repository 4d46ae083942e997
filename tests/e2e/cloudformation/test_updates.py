"""UpdateStack by diff: in place, replacement, added and removed resources, parameters,
"No updates are to be performed.", and a failed update rolled back to a working stack."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, failure_reasons, remove, wait_settled
from tests.server import RunningServer

BAD_TOPIC = {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "not a valid name!"}}


def queue(**props: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": props}


def visibility(server: RunningServer, url: str) -> str:
    sqs = make_client(server, "sqs")
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
    return str(attrs["Attributes"]["VisibilityTimeout"])


def queue_exists(server: RunningServer, url: str) -> bool:
    sqs = make_client(server, "sqs")
    try:
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    except ClientError:
        return False
    return True


@pytest.fixture(scope="module")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


def test_in_place_replacement_add_remove(server: RunningServer, cfn: Any,
                                         unique_name: str) -> None:
    first = {"Resources": {"Q": queue(VisibilityTimeout=30),
                           "R": queue(QueueName=f"{unique_name}-a"),
                           "Gone": queue()},
             "Outputs": {"R": {"Value": {"Fn::GetAtt": ["R", "QueueName"]}}}}
    stack = deploy(server, first)
    q, r, gone = stack.physical("Q"), stack.physical("R"), stack.physical("Gone")
    second = {"Resources": {"Q": queue(VisibilityTimeout=60),
                            "R": queue(QueueName=f"{unique_name}-b"),
                            "New": queue()},
              "Outputs": {"R": {"Value": {"Fn::GetAtt": ["R", "QueueName"]}}}}
    updated = deploy(server, second, name=stack.name, update=True)
    assert updated.physical("Q") == q
    assert visibility(server, q) == "60"
    assert updated.physical("R") != r and updated.outputs["R"] == f"{unique_name}-b"
    assert not queue_exists(server, r)
    assert not queue_exists(server, gone)
    assert set(updated.resources) == {"Q", "R", "New"}
    events = cfn.describe_stack_events(StackName=stack.name)["StackEvents"]
    statuses = [e["ResourceStatus"] for e in events if e["LogicalResourceId"] == stack.name]
    assert statuses[:3] == ["UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                            "UPDATE_IN_PROGRESS"]
    replacing = [e for e in events if e["LogicalResourceId"] == "R"
                 and e["ResourceStatus"] == "UPDATE_IN_PROGRESS"]
    assert replacing[0]["ResourceStatusReason"].startswith(
        "Requested update requires the creation of a new physical resource")
    old_deleted = [e for e in events if e["LogicalResourceId"] == "R"
                   and e["ResourceStatus"] == "DELETE_COMPLETE"]
    assert old_deleted[0]["PhysicalResourceId"] == r
    with pytest.raises(ClientError) as same:
        cfn.update_stack(StackName=stack.name, UsePreviousTemplate=True)
    assert same.value.response["Error"]["Message"] == "No updates are to be performed."
    remove(server, stack.name)


def test_failed_update_rolls_back(server: RunningServer, cfn: Any, unique_name: str) -> None:
    first = {"Resources": {"Q": queue(VisibilityTimeout=30),
                           "R": queue(QueueName=f"{unique_name}-a")},
             "Outputs": {"Timeout": {"Value": "30"}}}
    stack = deploy(server, first)
    q, r = stack.physical("Q"), stack.physical("R")
    second = {"Resources": {"Q": queue(VisibilityTimeout=45),
                            "R": queue(QueueName=f"{unique_name}-b"),
                            "Added": queue(),
                            "Bad": {**BAD_TOPIC, "DependsOn": ["Q", "R", "Added"]}},
              "Outputs": {"Timeout": {"Value": "45"}}}
    after = deploy(server, second, name=stack.name, update=True,
                   expect="UPDATE_ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any(x.startswith("Bad: ") for x in reasons), reasons
    stack_reason = [x for x in reasons if x.startswith(stack.name)]
    assert not stack_reason  # the stack itself is UPDATE_ROLLBACK_COMPLETE, not failed
    assert after.physical("Q") == q and visibility(server, q) == "30"
    assert after.physical("R") == r and queue_exists(server, r)
    assert set(after.resources) == {"Q", "R"}
    assert after.outputs == {"Timeout": "30"}
    sqs = make_client(server, "sqs")
    names = [u.rsplit("/", 1)[-1] for u in
             sqs.list_queues(QueueNamePrefix=unique_name).get("QueueUrls", [])]
    assert names == [f"{unique_name}-a"]
    status = cfn.describe_stacks(StackName=stack.name)["Stacks"][0]
    assert status["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    # The old stack keeps working: it can be updated again.
    deploy(server, {**first, "Outputs": {"Timeout": {"Value": "31"}}}, name=stack.name,
           update=True)
    remove(server, stack.name)


def test_parameters_and_use_previous_value(server: RunningServer, cfn: Any) -> None:
    template = {"Parameters": {"Timeout": {"Type": "Number"}, "Tag": {"Type": "String"}},
                "Resources": {"Q": queue(VisibilityTimeout={"Ref": "Timeout"})},
                "Outputs": {"Tag": {"Value": {"Ref": "Tag"}}}}
    stack = deploy(server, template, parameters={"Timeout": "20", "Tag": "one"})
    cfn.update_stack(StackName=stack.name, UsePreviousTemplate=True,
                     Parameters=[{"ParameterKey": "Timeout", "UsePreviousValue": True},
                                 {"ParameterKey": "Tag", "ParameterValue": "two"}])
    after = wait_settled(server, stack.name)
    assert after.status == "UPDATE_COMPLETE"
    assert after.outputs == {"Tag": "two"}
    assert visibility(server, stack.physical("Q")) == "20"
    remove(server, stack.name)


def test_failed_create_rolls_back(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {"Q": queue(), "Bad": {**BAD_TOPIC,
                                                               "DependsOn": "Q"}}},
                   expect="ROLLBACK_COMPLETE")
    events = cfn.describe_stack_events(StackName=stack.name)["StackEvents"]
    top = [e for e in events if e["LogicalResourceId"] == stack.name]
    assert [e["ResourceStatus"] for e in top] == ["ROLLBACK_COMPLETE", "ROLLBACK_IN_PROGRESS",
                                                  "CREATE_IN_PROGRESS"]
    assert top[1]["ResourceStatusReason"] == (
        "The following resource(s) failed to create: [Bad]. Rollback requested by user.")
    q_events = [e["ResourceStatus"] for e in events if e["LogicalResourceId"] == "Q"]
    assert q_events[0] == "DELETE_COMPLETE"
    with pytest.raises(ClientError):
        cfn.update_stack(StackName=stack.name, UsePreviousTemplate=True)
    remove(server, stack.name)


def test_disable_rollback_keeps_resources(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"Q": queue(), "Bad": {**BAD_TOPIC,
                                                               "DependsOn": "Q"}}},
                   expect="CREATE_FAILED", DisableRollback=True)
    assert queue_exists(server, stack.physical("Q"))
    remove(server, stack.name)
    assert not queue_exists(server, stack.physical("Q"))


def test_on_failure_delete(server: RunningServer, cfn: Any, unique_name: str) -> None:
    stack_id = cfn.create_stack(StackName=unique_name, OnFailure="DELETE",
                                TemplateBody=json.dumps({"Resources": {"Bad": BAD_TOPIC}}))
    assert wait_settled(server, stack_id["StackId"]).status == "DELETE_COMPLETE"
    with pytest.raises(ClientError):
        cfn.describe_stacks(StackName=unique_name)


def test_replacement_flows_to_dependents(server: RunningServer, unique_name: str) -> None:
    def template(topic: str) -> dict[str, Any]:
        return {"Resources": {
            "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": topic}},
            "Q": queue(),
            "S": {"Type": "AWS::SNS::Subscription", "Properties": {
                "TopicArn": {"Ref": "T"}, "Protocol": "sqs",
                "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}}}}}

    stack = deploy(server, template(f"{unique_name}-1"))
    updated = deploy(server, template(f"{unique_name}-2"), name=stack.name, update=True)
    new_topic = updated.physical("T")
    assert new_topic.endswith(f":{unique_name}-2")
    sns = make_client(server, "sns")
    subs = sns.list_subscriptions_by_topic(TopicArn=new_topic)["Subscriptions"]
    assert [s["SubscriptionArn"] for s in subs] == [updated.physical("S")]
    with pytest.raises(ClientError):
        sns.get_topic_attributes(TopicArn=stack.physical("T"))
    remove(server, stack.name)


def test_rollback_stack_after_disable_rollback(server: RunningServer, cfn: Any) -> None:
    first = {"Resources": {"Q": queue(VisibilityTimeout=30)}}
    stack = deploy(server, first)
    url = stack.physical("Q")
    failing = {"Resources": {"Q": queue(VisibilityTimeout=45),
                             "Bad": {**BAD_TOPIC, "DependsOn": "Q"}}}
    deploy(server, failing, name=stack.name, update=True, expect="UPDATE_FAILED",
           DisableRollback=True)
    assert visibility(server, url) == "45"  # left as the failure found it
    cfn.rollback_stack(StackName=stack.name)
    assert wait_settled(server, stack.name).status == "UPDATE_ROLLBACK_COMPLETE"
    assert visibility(server, url) == "30"
    remove(server, stack.name)

    created = deploy(server, failing, expect="CREATE_FAILED", DisableRollback=True)
    cfn.rollback_stack(StackName=created.name)
    assert wait_settled(server, created.name).status == "ROLLBACK_COMPLETE"
    assert not queue_exists(server, created.physical("Q"))
    with pytest.raises(ClientError) as settled:
        cfn.rollback_stack(StackName=created.name)
    assert settled.value.response["Error"]["Code"] == "ValidationError"
    remove(server, created.name)
