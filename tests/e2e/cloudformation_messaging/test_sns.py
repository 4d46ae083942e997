"""AWS::SNS::Topic, ::Subscription, ::TopicPolicy and ::TopicInlinePolicy deployed through
the stack engine, proved by publishing.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cloudformation_messaging.conftest import allow_all, bodies, error_code, receive
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/sns-feedback"


def fan_out(raw: bool = True, filter_policy: Any = None, **topic: Any) -> dict[str, Any]:
    """A topic, a queue, the queue's policy letting the topic send, a subscription."""
    sub: dict[str, Any] = {"TopicArn": {"Ref": "T"}, "Protocol": "sqs",
                           "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]},
                           "RawMessageDelivery": raw}
    if filter_policy is not None:
        sub["FilterPolicy"] = filter_policy
    return {"Resources": {
        "T": {"Type": "AWS::SNS::Topic", "Properties": topic},
        "Q": {"Type": "AWS::SQS::Queue"},
        "P": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
            "Queues": [{"Ref": "Q"}],
            "PolicyDocument": allow_all("sns.amazonaws.com", {"Fn::GetAtt": ["Q", "Arn"]})}},
        "S": {"Type": "AWS::SNS::Subscription", "Properties": sub}},
        "Outputs": {"Topic": {"Value": {"Ref": "T"}},
                    "TopicArn": {"Value": {"Fn::GetAtt": ["T", "TopicArn"]}},
                    "TopicName": {"Value": {"Fn::GetAtt": ["T", "TopicName"]}},
                    "Sub": {"Value": {"Ref": "S"}},
                    "SubArn": {"Value": {"Fn::GetAtt": ["S", "Arn"]}}}}


def test_queue_receives_what_the_topic_publishes(server: RunningServer, sns: Any,
                                                 sqs: Any) -> None:
    """Topic + QueuePolicy + raw Subscription with a FilterPolicy object: a matching
    message reaches the queue as sent, a non-matching one does not; deleting the stack
    removes topic and subscription."""
    stack = deploy(server, fan_out(filter_policy={"kind": ["order"]}, DisplayName="Orders"))
    topic, url = stack.outputs["Topic"], stack.physical("Q")
    assert topic == stack.outputs["TopicArn"] == stack.physical("T")
    assert topic.endswith(":" + stack.outputs["TopicName"])
    assert stack.outputs["Sub"] == stack.outputs["SubArn"] == stack.physical("S")
    assert stack.outputs["Sub"].startswith(topic + ":")
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["DisplayName"] == "Orders"
    sub = sns.get_subscription_attributes(SubscriptionArn=stack.outputs["Sub"])["Attributes"]
    assert json.loads(sub["FilterPolicy"]) == {"kind": ["order"]}
    sns.publish(TopicArn=topic, Message="skip me", MessageAttributes={
        "kind": {"DataType": "String", "StringValue": "refund"}})
    sns.publish(TopicArn=topic, Message="hello", MessageAttributes={
        "kind": {"DataType": "String", "StringValue": "order"}})
    assert [m["Body"] for m in receive(sqs, url)] == ["hello"]
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        sns.get_topic_attributes(TopicArn=topic)
    assert error_code(err) == "NotFound"


def test_subscription_attributes_update_in_place(server: RunningServer, sns: Any,
                                                 sqs: Any) -> None:
    """RawMessageDelivery false -> the SNS envelope; the subscription ARN is kept."""
    stack = deploy(server, fan_out(raw=True))
    sub = stack.outputs["Sub"]
    updated = deploy(server, fan_out(raw=False), name=stack.name, update=True)
    assert updated.outputs["Sub"] == sub
    sns.publish(TopicArn=updated.outputs["Topic"], Message="wrapped")
    envelope = bodies(receive(sqs, updated.physical("Q")))[0]
    assert envelope["Type"] == "Notification" and envelope["Message"] == "wrapped"
    remove(server, stack.name)


def test_topic_attributes_and_inline_subscriptions(server: RunningServer, sns: Any,
                                                   sqs: Any) -> None:
    """DisplayName changes in place; the topic's Subscription list subscribes the queue
    and dropping it unsubscribes; tags are retagged."""
    def template(display: str, subscribed: bool) -> dict[str, Any]:
        props: dict[str, Any] = {"DisplayName": display, "Tags": [{"Key": "v", "Value": display}]}
        if subscribed:
            props["Subscription"] = [{"Protocol": "sqs",
                                      "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}}]
        return {"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": props},
                              "Q": {"Type": "AWS::SQS::Queue"}}}

    stack = deploy(server, template("one", True))
    topic = stack.physical("T")
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["Protocol"] for s in listed] == ["sqs"]
    updated = deploy(server, template("two", False), name=stack.name, update=True)
    assert updated.physical("T") == topic
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"] == "two"
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    tags = {t["Key"]: t["Value"] for t in sns.list_tags_for_resource(ResourceArn=topic)["Tags"]}
    assert tags["v"] == "two"
    remove(server, stack.name)


def test_fifo_topic_and_name_change_replaces(server: RunningServer, sns: Any,
                                             unique_name: str) -> None:
    """FifoTopic: a generated .fifo name, DeliveryStatusLogging as the SQS feedback
    attributes; a new TopicName replaces the topic."""
    fifo = deploy(server, {"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {
        "FifoTopic": True, "ContentBasedDeduplication": True,
        "DeliveryStatusLogging": [{"Protocol": "sqs", "SuccessFeedbackSampleRate": "50",
                                   "FailureFeedbackRoleArn": ROLE}]}}}})
    arn = fifo.physical("T")
    assert arn.endswith(".fifo")
    attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attrs["FifoTopic"] == "true" and attrs["ContentBasedDeduplication"] == "true"
    assert (attrs["SQSSuccessFeedbackSampleRate"], attrs["SQSFailureFeedbackRoleArn"]) == (
        "50", ROLE)
    remove(server, fifo.name)

    def named(name: str) -> dict[str, Any]:
        return {"Resources": {"T": {"Type": "AWS::SNS::Topic",
                                    "Properties": {"TopicName": name}}}}
    stack = deploy(server, named(unique_name + "a"))
    old = stack.physical("T")
    updated = deploy(server, named(unique_name + "b"), name=stack.name, update=True)
    assert updated.physical("T").endswith(":" + unique_name + "b")
    with pytest.raises(ClientError):
        sns.get_topic_attributes(TopicArn=old)
    remove(server, stack.name)


def test_topic_policy_sets_and_restores_default(server: RunningServer, sns: Any) -> None:
    """TopicPolicy replaces the topic's Policy; removing it gives SNS's default back.
    TopicInlinePolicy does the same for one topic."""
    def template(with_policy: bool) -> dict[str, Any]:
        resources: dict[str, Any] = {"T": {"Type": "AWS::SNS::Topic"},
                                     "U": {"Type": "AWS::SNS::Topic"}}
        if with_policy:
            resources["P"] = {"Type": "AWS::SNS::TopicPolicy", "Properties": {
                "Topics": [{"Ref": "T"}],
                "PolicyDocument": allow_all("events.amazonaws.com", {"Ref": "T"})}}
            resources["I"] = {"Type": "AWS::SNS::TopicInlinePolicy", "Properties": {
                "TopicArn": {"Ref": "U"},
                "PolicyDocument": allow_all("s3.amazonaws.com", {"Ref": "U"})}}
        return {"Resources": resources}

    def policy(arn: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(
            sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])
        return found

    stack = deploy(server, template(True))
    topic, other = stack.physical("T"), stack.physical("U")
    assert policy(topic)["Statement"][0]["Principal"] == {"Service": "events.amazonaws.com"}
    assert policy(other)["Statement"][0]["Principal"] == {"Service": "s3.amazonaws.com"}
    deploy(server, template(False), name=stack.name, update=True)
    assert policy(topic)["Id"] == "__default_policy_ID"
    assert policy(other)["Id"] == "__default_policy_ID"
    remove(server, stack.name)
