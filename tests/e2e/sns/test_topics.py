"""Topics: CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes and tags.
https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html
https://docs.aws.amazon.com/sns/latest/api/API_TagResource.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.sns.conftest import error_of
from tests.server import RunningServer


def test_create_topic_answers_its_arn_and_is_idempotent(sns: Any, unique_name: str) -> None:
    arn = sns.create_topic(Name=unique_name)["TopicArn"]
    assert arn == f"arn:aws:sns:us-east-1:000000000000:{unique_name}"
    assert sns.create_topic(Name=unique_name)["TopicArn"] == arn
    sns.delete_topic(TopicArn=arn)


def test_create_topic_with_different_attributes_is_invalid(sns: Any, topic: str) -> None:
    name = topic.rsplit(":", 1)[1]
    sns.create_topic(Name=name, Attributes={"DisplayName": ""})
    with pytest.raises(ClientError) as err:
        sns.create_topic(Name=name, Attributes={"DisplayName": "other"})
    code, status, message = error_of(err)
    assert (code, status) == ("InvalidParameter", 400)
    assert message == "Invalid parameter: Attributes Reason: Topic already exists with different attributes"


@pytest.mark.parametrize("name", ["has space", "a" * 257, "dots.not.allowed", ""])
def test_invalid_topic_names_are_rejected(sns: Any, name: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.create_topic(Name=name)
    code, status, _ = error_of(err)
    assert status == 400
    assert code in ("InvalidParameter", "ValidationError")


def test_fifo_topic_needs_fifo_name_and_attribute(sns: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.create_topic(Name=unique_name, Attributes={"FifoTopic": "true"})
    assert error_of(err)[:2] == ("InvalidParameter", 400)
    with pytest.raises(ClientError) as err:
        sns.create_topic(Name=unique_name + ".fifo")
    assert error_of(err)[:2] == ("InvalidParameter", 400)
    arn = sns.create_topic(Name=unique_name + ".fifo",
                           Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"}
                           )["TopicArn"]
    attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attrs["FifoTopic"] == "true"
    assert attrs["ContentBasedDeduplication"] == "true"
    sns.delete_topic(TopicArn=arn)


def test_content_based_deduplication_only_on_fifo_topics(sns: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.create_topic(Name=unique_name, Attributes={"ContentBasedDeduplication": "true"})
    assert error_of(err)[:2] == ("InvalidParameter", 400)


def test_default_attributes(sns: Any, topic: str) -> None:
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["TopicArn"] == topic
    assert attrs["Owner"] == "000000000000"
    assert attrs["DisplayName"] == ""
    assert attrs["SubscriptionsConfirmed"] == "0"
    assert attrs["SubscriptionsPending"] == "0"
    assert attrs["SubscriptionsDeleted"] == "0"
    policy = json.loads(attrs["Policy"])
    assert policy["Id"] == "__default_policy_ID"
    statement = policy["Statement"][0]
    assert statement["Resource"] == topic
    assert "SNS:Publish" in statement["Action"]
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceOwner": "000000000000"}}
    delivery = json.loads(attrs["EffectiveDeliveryPolicy"])
    assert delivery["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 3
    assert "FifoTopic" not in attrs


def test_set_topic_attributes(sns: Any, topic: str) -> None:
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Hi")
    policy = json.dumps({"http": {"defaultHealthyRetryPolicy": {"numRetries": 5}}})
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DeliveryPolicy", AttributeValue=policy)
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["DisplayName"] == "Hi"
    assert json.loads(attrs["DeliveryPolicy"]) == json.loads(policy)
    with pytest.raises(ClientError) as err:
        sns.set_topic_attributes(TopicArn=topic, AttributeName="Nope", AttributeValue="x")
    assert error_of(err) == ("InvalidParameter", 400, "Invalid parameter: AttributeName")
    with pytest.raises(ClientError) as err:
        sns.set_topic_attributes(TopicArn=topic, AttributeName="FifoTopic", AttributeValue="true")
    assert error_of(err)[:2] == ("InvalidParameter", 400)


def test_missing_topic_is_not_found(sns: Any) -> None:
    arn = "arn:aws:sns:us-east-1:000000000000:nope-nothing-here"
    with pytest.raises(ClientError) as err:
        sns.get_topic_attributes(TopicArn=arn)
    assert error_of(err) == ("NotFound", 404, "Topic does not exist")
    with pytest.raises(ClientError) as err:
        sns.get_topic_attributes(TopicArn="not-an-arn")
    assert error_of(err)[:2] == ("InvalidParameter", 400)


def test_delete_topic_removes_it_and_is_idempotent(sns: Any, unique_name: str) -> None:
    arn = sns.create_topic(Name=unique_name)["TopicArn"]
    sns.delete_topic(TopicArn=arn)
    sns.delete_topic(TopicArn=arn)
    listed = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    assert arn not in listed


def test_list_topics_pages_by_100(tmp_path: Any) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        client = make_client(running, "sns")
        made = [client.create_topic(Name=f"t{i:03d}")["TopicArn"] for i in range(105)]
        first = client.list_topics()
        assert len(first["Topics"]) == 100
        second = client.list_topics(NextToken=first["NextToken"])
        assert "NextToken" not in second
        assert [t["TopicArn"] for t in first["Topics"] + second["Topics"]] == made
        paged = [t for page in client.get_paginator("list_topics").paginate()
                 for t in page["Topics"]]
        assert len(paged) == 105
    finally:
        running.stop()


def test_topics_belong_to_their_account_and_region(server: RunningServer, unique_name: str) -> None:
    mine = make_client(server, "sns", access_key="111111111111")
    other = make_client(server, "sns", access_key="222222222222", region="eu-west-1")
    arn = mine.create_topic(Name=unique_name)["TopicArn"]
    assert arn == f"arn:aws:sns:us-east-1:111111111111:{unique_name}"
    assert arn not in [t["TopicArn"] for t in other.list_topics()["Topics"]]
    mine.delete_topic(TopicArn=arn)


def test_tags(sns: Any, unique_name: str) -> None:
    arn = sns.create_topic(Name=unique_name, Tags=[{"Key": "a", "Value": "1"}])["TopicArn"]
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}])
    tags = {t["Key"]: t["Value"] for t in sns.list_tags_for_resource(ResourceArn=arn)["Tags"]}
    assert tags == {"a": "3", "b": "2"}
    sns.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(ClientError) as err:
        sns.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert error_of(err)[:2] == ("TagLimitExceeded", 400)
    with pytest.raises(ClientError) as err:
        sns.list_tags_for_resource(ResourceArn=arn + "x")
    assert error_of(err)[:2] == ("ResourceNotFound", 404)
    with pytest.raises(ClientError) as err:
        sns.create_topic(Name=unique_name, Tags=[{"Key": "b", "Value": "other"}])
    assert error_of(err) == ("InvalidParameter", 400,
                           "Invalid parameter: Tags Reason: Topic already exists with different tags")
    sns.delete_topic(TopicArn=arn)


def test_maximum_message_size_limits_publish(sns: Any, topic: str) -> None:
    """https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (MaximumMessageSize,
    1024 to 1048576 bytes, 262144 by default)"""
    sns.set_topic_attributes(TopicArn=topic, AttributeName="MaximumMessageSize",
                             AttributeValue="2048")
    sns.publish(TopicArn=topic, Message="x" * 2048)
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="x" * 2049)
    assert error_of(err) == ("InvalidParameter", 400, "Invalid parameter: Message too long")
    with pytest.raises(ClientError) as err:
        sns.set_topic_attributes(TopicArn=topic, AttributeName="MaximumMessageSize",
                                 AttributeValue="10")
    assert error_of(err)[:2] == ("InvalidParameter", 400)


def test_health_lists_sns_and_its_delivery_workers(server: RunningServer) -> None:
    health = server.health()
    assert "sns" in health["services"]
    assert health["workers"]["sns.delivery"]["state"] == "running"
    assert health["workers"]["sns.delivery.fifo"]["state"] == "running"
    assert health["sns"]["recorded_url"].endswith("/_cloudlet/sns/messages")
    assert set(health["sns"]["deliveries"]["sns.delivery"]) == {"visible", "in_flight", "delayed"}
