"""AWS::SQS::Queue, ::QueuePolicy and ::QueueInlinePolicy deployed through the stack engine.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cloudformation_messaging.conftest import allow_all, error_code
from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer


def attributes(sqs: Any, url: str) -> dict[str, str]:
    return dict(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"])


def queue_template(**props: Any) -> dict[str, Any]:
    return {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": props}},
            "Outputs": {"Url": {"Value": {"Ref": "Q"}},
                        "Arn": {"Value": {"Fn::GetAtt": ["Q", "Arn"]}},
                        "Name": {"Value": {"Fn::GetAtt": ["Q", "QueueName"]}},
                        "QueueUrl": {"Value": {"Fn::GetAtt": ["Q", "QueueUrl"]}}}}


def test_queue_ref_is_url_and_attributes_are_set(server: RunningServer, sqs: Any) -> None:
    """A generated name is stack-logical-suffix; Ref is the URL; attributes apply, a
    RedrivePolicy object names its dead-letter queue; the stack's tags are on the queue."""
    template = {"Resources": {
        "Dlq": {"Type": "AWS::SQS::Queue"},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {
            "VisibilityTimeout": 45, "DelaySeconds": 2, "MessageRetentionPeriod": 3600,
            "ReceiveMessageWaitTimeSeconds": 5,
            "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]},
                              "maxReceiveCount": 3},
            "Tags": [{"Key": "team", "Value": "blue"}]}}},
        "Outputs": {"Url": {"Value": {"Ref": "Q"}},
                    "Arn": {"Value": {"Fn::GetAtt": ["Q", "Arn"]}},
                    "Name": {"Value": {"Fn::GetAtt": ["Q", "QueueName"]}}}}
    stack = deploy(server, template)
    url, name = stack.outputs["Url"], stack.outputs["Name"]
    assert stack.physical("Q") == url
    assert name.startswith(f"{stack.name}-Q-") and url.endswith("/" + name)
    found = attributes(sqs, url)
    assert found["QueueArn"] == stack.outputs["Arn"]
    assert (found["VisibilityTimeout"], found["DelaySeconds"], found["MessageRetentionPeriod"],
            found["ReceiveMessageWaitTimeSeconds"]) == ("45", "2", "3600", "5")
    redrive = json.loads(found["RedrivePolicy"])
    assert redrive["maxReceiveCount"] == 3
    assert redrive["deadLetterTargetArn"].endswith(":" + stack.physical("Dlq").rsplit("/", 1)[1])
    tags = sqs.list_queue_tags(QueueUrl=url)["Tags"]
    assert tags["team"] == "blue" and tags["aws:cloudformation:logical-id"] == "Q"
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        sqs.get_queue_attributes(QueueUrl=url)
    assert error_code(err) in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")


def test_fifo_queue_gets_a_fifo_name(server: RunningServer, sqs: Any) -> None:
    """FifoQueue without a name: the generated name ends in .fifo; dedup by content."""
    stack = deploy(server, queue_template(FifoQueue=True, ContentBasedDeduplication=True))
    assert stack.outputs["Name"].endswith(".fifo")
    found = attributes(sqs, stack.outputs["Url"])
    assert found["FifoQueue"] == "true" and found["ContentBasedDeduplication"] == "true"
    remove(server, stack.name)


def test_attribute_change_updates_in_place(server: RunningServer, sqs: Any) -> None:
    """A changed VisibilityTimeout keeps the queue (same URL, messages kept); a removed
    DelaySeconds goes back to 0; a changed tag is retagged."""
    stack = deploy(server, queue_template(VisibilityTimeout=40, DelaySeconds=5,
                                          Tags=[{"Key": "a", "Value": "1"}]))
    url = stack.outputs["Url"]
    sqs.send_message(QueueUrl=url, MessageBody="kept")
    updated = deploy(server, queue_template(VisibilityTimeout=90,
                                            Tags=[{"Key": "b", "Value": "2"}]),
                     name=stack.name, update=True)
    assert updated.outputs["Url"] == url
    found = attributes(sqs, url)
    assert (found["VisibilityTimeout"], found["DelaySeconds"]) == ("90", "0")
    assert found["ApproximateNumberOfMessages"] == "1" or \
        found["ApproximateNumberOfMessagesDelayed"] == "1"
    tags = sqs.list_queue_tags(QueueUrl=url)["Tags"]
    assert tags.get("b") == "2" and "a" not in tags
    remove(server, stack.name)


def test_queue_name_change_replaces(server: RunningServer, sqs: Any, unique_name: str) -> None:
    """QueueName is create-only: a new name makes a new queue and deletes the old one."""
    stack = deploy(server, queue_template(QueueName=unique_name + "a"))
    old = stack.outputs["Url"]
    updated = deploy(server, queue_template(QueueName=unique_name + "b"), name=stack.name,
                     update=True)
    assert updated.outputs["Name"] == unique_name + "b"
    assert updated.outputs["Url"] != old
    with pytest.raises(ClientError):
        sqs.get_queue_attributes(QueueUrl=old)
    remove(server, stack.name)


def test_queue_policy_sets_and_removes_policy(server: RunningServer, sqs: Any) -> None:
    """QueuePolicy writes the queue's Policy attribute (and its Ref is an id); deleting
    the policy resource on update removes it."""
    with_policy = {"Resources": {
        "Q": {"Type": "AWS::SQS::Queue"},
        "P": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
            "Queues": [{"Ref": "Q"}],
            "PolicyDocument": allow_all("sns.amazonaws.com", {"Fn::GetAtt": ["Q", "Arn"]})}},
        "I": {"Type": "AWS::SQS::QueueInlinePolicy", "Properties": {
            "Queue": {"Ref": "Other"},
            "PolicyDocument": allow_all("s3.amazonaws.com", "*")}},
        "Other": {"Type": "AWS::SQS::Queue"}},
        "Outputs": {"Id": {"Value": {"Fn::GetAtt": ["P", "Id"]}}}}
    stack = deploy(server, with_policy)
    url, other = stack.physical("Q"), stack.physical("Other")
    policy = json.loads(attributes(sqs, url)["Policy"])
    assert policy["Statement"][0]["Principal"] == {"Service": "sns.amazonaws.com"}
    assert stack.outputs["Id"] == stack.physical("P")
    assert json.loads(attributes(sqs, other)["Policy"])["Statement"][0]["Resource"] == "*"
    without = {"Resources": {"Q": {"Type": "AWS::SQS::Queue"},
                             "Other": {"Type": "AWS::SQS::Queue"}}}
    deploy(server, without, name=stack.name, update=True)
    assert "Policy" not in attributes(sqs, url)
    assert "Policy" not in attributes(sqs, other)
    remove(server, stack.name)


def test_invalid_attribute_fails_with_sqs_message(server: RunningServer) -> None:
    """An out-of-range attribute fails the create with SQS's own reason, rolled back."""
    stack = deploy(server, queue_template(VisibilityTimeout=99999), expect="ROLLBACK_COMPLETE")
    assert "Q: Invalid value for the parameter VisibilityTimeout." in failure_reasons(
        server, stack.name)


def test_failed_update_rolls_queue_attributes_back(server: RunningServer, sqs: Any) -> None:
    """An update whose other resource fails is rolled back: the queue's changed
    attribute is set back in place (same URL)."""
    stack = deploy(server, queue_template(VisibilityTimeout=40))
    url = stack.outputs["Url"]
    broken = queue_template(VisibilityTimeout=50)
    broken["Resources"]["Bad"] = {"Type": "AWS::SQS::Queue", "DependsOn": "Q",
                                  "Properties": {"DelaySeconds": 5000}}
    rolled = deploy(server, broken, name=stack.name, update=True,
                    expect="UPDATE_ROLLBACK_COMPLETE")
    assert rolled.outputs["Url"] == url
    assert attributes(sqs, url)["VisibilityTimeout"] == "40"
    remove(server, stack.name)
