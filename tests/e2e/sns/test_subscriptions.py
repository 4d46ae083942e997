"""Subscriptions: Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions(ByTopic),
Get/SetSubscriptionAttributes.
https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html
https://docs.aws.amazon.com/sns/latest/api/API_SetSubscriptionAttributes.html
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography.exceptions import InvalidSignature

from tests.e2e.sns.conftest import (
    Endpoint,
    confirm_by_url,
    error_of,
    recorded,
    verify_signature,
    wait_for,
)
from tests.server import RunningServer

FN = "arn:aws:lambda:us-east-1:000000000000:function:whatever"


def test_lambda_subscription_is_confirmed_at_once(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN)["SubscriptionArn"]
    assert arn.startswith(topic + ":")
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attrs["PendingConfirmation"] == "false"
    assert attrs["Protocol"] == "lambda"
    assert attrs["Endpoint"] == FN
    assert attrs["TopicArn"] == topic
    assert attrs["RawMessageDelivery"] == "false"
    topic_attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert topic_attrs["SubscriptionsConfirmed"] == "1"


def test_subscribing_twice_returns_the_same_subscription(sns: Any, topic: str) -> None:
    first = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN)["SubscriptionArn"]
    assert sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN)["SubscriptionArn"] == first
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN,
                      Attributes={"FilterPolicy": json.dumps({"a": ["b"]})})
    assert error_of(err)[:2] == ("InvalidParameter", 400)


@pytest.mark.parametrize(("protocol", "endpoint"), [
    ("carrier-pigeon", "x"), ("lambda", "not-an-arn"), ("sqs", "arn:aws:lambda:x"),
    ("http", "https://127.0.0.1/x"), ("email", "nobody"),
])
def test_invalid_protocol_or_endpoint_is_invalid_parameter(
        sns: Any, topic: str, protocol: str, endpoint: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint)
    assert error_of(err)[:2] == ("InvalidParameter", 400)


def test_subscribe_to_missing_topic_is_not_found(sns: Any) -> None:
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn="arn:aws:sns:us-east-1:000000000000:missing-topic",
                      Protocol="lambda", Endpoint=FN)
    assert error_of(err)[:2] == ("NotFound", 404)


def test_http_subscription_is_pending_until_the_subscribe_url_is_visited(
        sns: Any, topic: str, endpoint: Endpoint) -> None:
    resp = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url)
    assert resp["SubscriptionArn"] == "pending confirmation"
    pending = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url,
                            ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert pending.startswith(topic + ":")
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["SubscriptionArn"] for s in listed] == ["PendingConfirmation"]
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsPending"] == "1"

    confirmation = endpoint.wait("SubscriptionConfirmation")[0]
    doc = confirmation.json()
    assert confirmation.headers["x-amz-sns-topic-arn"] == topic
    assert confirmation.headers["x-amz-sns-message-id"] == doc["MessageId"]
    assert doc["Type"] == "SubscriptionConfirmation"
    assert doc["TopicArn"] == topic
    assert doc["Token"]
    answer = confirm_by_url(confirmation)
    assert pending in answer and "ConfirmSubscriptionResponse" in answer

    attrs = sns.get_subscription_attributes(SubscriptionArn=pending)["Attributes"]
    assert attrs["PendingConfirmation"] == "false"
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["SubscriptionArn"] for s in listed] == [pending]


def test_confirm_subscription_with_the_token(sns: Any, topic: str, endpoint: Endpoint) -> None:
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url)
    token = endpoint.wait("SubscriptionConfirmation")[0].json()["Token"]
    with pytest.raises(ClientError) as err:
        sns.confirm_subscription(TopicArn=topic, Token="wrong")
    assert error_of(err)[:2] == ("InvalidParameter", 400)
    arn = sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"][
        "PendingConfirmation"] == "false"


def test_confirmation_is_signed_with_the_served_certificate(
        server: RunningServer, sns: Any, topic: str, endpoint: Endpoint) -> None:
    """https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html"""
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url)
    doc = endpoint.wait("SubscriptionConfirmation")[0].json()
    assert doc["SigningCertURL"].startswith(server.url)
    verify_signature(doc)
    doc["Token"] = doc["Token"][::-1]
    with pytest.raises(InvalidSignature):
        verify_signature(doc)


def test_email_subscription_records_the_confirmation(
        server: RunningServer, sns: Any, topic: str, unique_name: str) -> None:
    address = f"{unique_name}@example.com"
    arn = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=address,
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    mail = wait_for(lambda: recorded(server, address))[0]
    assert mail["type"] == "SubscriptionConfirmation"
    url = json.loads(mail["body"])["SubscribeURL"]
    with urllib.request.urlopen(url) as r:
        r.read()
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"][
        "PendingConfirmation"] == "false"


def test_unsubscribe_removes_and_counts_it(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["SubscriptionsDeleted"] == "1"
    assert attrs["SubscriptionsConfirmed"] == "0"
    with pytest.raises(ClientError) as err:
        sns.get_subscription_attributes(SubscriptionArn=arn)
    assert error_of(err)[:2] == ("NotFound", 404)
    sns.unsubscribe(SubscriptionArn=arn)


def test_http_unsubscribe_sends_an_unsubscribe_confirmation(
        sns: Any, topic: str, endpoint: Endpoint) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url,
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=arn)
    doc = endpoint.wait("UnsubscribeConfirmation")[0].json()
    assert doc["TopicArn"] == topic
    assert "SubscribeURL" in doc


def test_list_subscriptions_pages_by_100(sns: Any, topic: str) -> None:
    made = [sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=f"{FN}{i}")["SubscriptionArn"]
            for i in range(101)]
    first = sns.list_subscriptions_by_topic(TopicArn=topic)
    assert len(first["Subscriptions"]) == 100
    second = sns.list_subscriptions_by_topic(TopicArn=topic, NextToken=first["NextToken"])
    assert [s["SubscriptionArn"] for s in first["Subscriptions"] + second["Subscriptions"]] == made
    everywhere = [s["SubscriptionArn"] for page in sns.get_paginator("list_subscriptions").paginate()
                  for s in page["Subscriptions"]]
    assert set(made) <= set(everywhere)


def test_set_subscription_attributes(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN)["SubscriptionArn"]
    policy = json.dumps({"color": ["red"]})
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy",
                                    AttributeValue=policy)
    redrive = json.dumps({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:dlq"})
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RedrivePolicy",
                                    AttributeValue=redrive)
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attrs["FilterPolicy"] == policy
    assert attrs["FilterPolicyScope"] == "MessageAttributes"
    assert attrs["RedrivePolicy"] == redrive
    with pytest.raises(ClientError) as err:
        sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RawMessageDelivery",
                                        AttributeValue="true")
    assert error_of(err)[:2] == ("InvalidParameter", 400)
    with pytest.raises(ClientError) as err:
        sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicyScope",
                                        AttributeValue="Elsewhere")
    assert error_of(err)[:2] == ("InvalidParameter", 400)
    with pytest.raises(ClientError) as err:
        sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy",
                                        AttributeValue=json.dumps({"n": [{"numeric": [">"]}]}))
    assert error_of(err)[:2] == ("InvalidParameter", 400)


def test_invalid_filter_policy_on_subscribe(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FN,
                      Attributes={"FilterPolicy": "{not json"})
    code, status, _ = error_of(err)
    assert (code, status) == ("InvalidParameter", 400)
    assert err.value.response["Error"]["Message"].startswith("Invalid parameter: Attributes Reason:")


def test_fifo_topic_accepts_only_sqs(sns: Any, unique_name: str) -> None:
    arn = sns.create_topic(Name=unique_name + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=arn, Protocol="lambda", Endpoint=FN)
    assert error_of(err)[:2] == ("InvalidParameter", 400)
    sns.delete_topic(TopicArn=arn)


def test_application_protocol_is_not_supported(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=topic, Protocol="application",
                      Endpoint="arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/x")
    assert "not supported" in err.value.response["Error"]["Message"]


def test_deleting_a_topic_deletes_its_subscriptions(sns: Any, unique_name: str) -> None:
    arn = sns.create_topic(Name=unique_name)["TopicArn"]
    sub = sns.subscribe(TopicArn=arn, Protocol="lambda", Endpoint=FN)["SubscriptionArn"]
    sns.delete_topic(TopicArn=arn)
    with pytest.raises(ClientError) as err:
        sns.get_subscription_attributes(SubscriptionArn=sub)
    assert error_of(err)[:2] == ("NotFound", 404)
