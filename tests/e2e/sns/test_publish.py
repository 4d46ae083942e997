"""Publish and PublishBatch: validation, and delivery to Lambda, HTTP and email.
https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import SnsModel
from botocore.exceptions import ClientError

from tests.e2e.lambda_.conftest import recorder, records
from tests.e2e.sns.conftest import (
    Endpoint,
    confirm_by_url,
    error_of,
    recorded,
    verify_signature,
    wait_for,
)
from tests.server import RunningServer


def _http_subscription(sns: Any, topic: str, endpoint: Endpoint, protocol: str = "http",
                       **attributes: str) -> str:
    sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint.url, Attributes=attributes)
    confirm_by_url(endpoint.wait("SubscriptionConfirmation")[0])
    arn: str = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"][0]["SubscriptionArn"]
    return arn


def test_publish_without_subscribers_answers_a_message_id(sns: Any, topic: str) -> None:
    resp = sns.publish(TopicArn=topic, Message="hello")
    assert len(resp["MessageId"]) == 36
    assert "SequenceNumber" not in resp


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"Message": ""}, "Invalid parameter: Empty message"),
    ({"Message": "x" * 262_145}, "Invalid parameter: Message too long"),
    ({"Message": "x", "Subject": "a\nb"}, "Invalid parameter: Subject"),
    ({"Message": "not json", "MessageStructure": "json"},
     "Invalid parameter: Message Structure - JSON message body failed to parse"),
    ({"Message": '{"sqs": "x"}', "MessageStructure": "json"},
     "Invalid parameter: Message Structure - No default entry in JSON message body"),
    ({"Message": "x", "MessageDeduplicationId": "d"},
     "Invalid parameter: MessageDeduplicationId Reason: The request includes"
     " MessageDeduplicationId parameter that is not valid for this topic type"),
])
def test_invalid_publish_is_invalid_parameter(sns: Any, topic: str, kwargs: dict[str, Any],
                                              message: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, **kwargs)
    assert error_of(err) == ("InvalidParameter", 400, message)


def test_message_of_exactly_256_kib_is_accepted(sns: Any, topic: str) -> None:
    sns.publish(TopicArn=topic, Message="x" * 262_144)


@pytest.mark.parametrize(("name", "attribute", "message"), [
    ("a", {"DataType": "Strange", "StringValue": "x"},
     "The message attribute 'a' has an invalid message attribute type, the set of supported"
     " type prefixes is Binary, Number, and String."),
    ("a", {"DataType": "Number", "StringValue": "abc"},
     "Could not cast message attribute 'a' value to number."),
    ("a", {"DataType": "String", "StringValue": ""},
     "The message attribute 'a' must contain non-empty message attribute value for message"
     " attribute type 'String'."),
    ("a", {"DataType": "Binary", "StringValue": "x"},
     "The message attribute 'a' with type 'Binary' must use field 'Binary'."),
    (".a", {"DataType": "String", "StringValue": "x"},
     "Invalid message attribute name starting with character '.' was found."),
    ("a..b", {"DataType": "String", "StringValue": "x"},
     "Message attribute name can not have successive '.' character."),
    ("a b", {"DataType": "String", "StringValue": "x"},
     "Invalid non-alphanumeric character '#x20' was found in the message attribute name. Can"
     " only include alphanumeric characters, hyphens, underscores, or dots."),
])
def test_invalid_message_attributes(sns: Any, topic: str, name: str, attribute: dict[str, str],
                                    message: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="m", MessageAttributes={name: attribute})
    assert error_of(err) == ("ParameterValueInvalid", 400, message)


def test_invalid_string_array_attribute(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="m", MessageAttributes={
            "a": {"DataType": "String.Array", "StringValue": "[not json"}})
    assert error_of(err)[:2] == ("ParameterValueInvalid", 400)


def test_too_many_message_attributes(sns: Any, topic: str) -> None:
    attributes = {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="m", MessageAttributes=attributes)
    assert "exceeds the allowed maximum [10]" in error_of(err)[2]


def test_custom_attribute_types_are_accepted(sns: Any, topic: str, endpoint: Endpoint) -> None:
    _http_subscription(sns, topic, endpoint)
    sns.publish(TopicArn=topic, Message="m", MessageAttributes={
        "price": {"DataType": "Number.float", "StringValue": "1.25"},
        "name": {"DataType": "String.utf8", "StringValue": "x"}})
    assert endpoint.wait("Notification")[0].json()["MessageAttributes"] == {
        "price": {"Type": "Number.float", "Value": "1.25"},
        "name": {"Type": "String.utf8", "Value": "x"}}


def test_publish_to_missing_topic_is_not_found(sns: Any) -> None:
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:no-such-topic", Message="m")
    assert error_of(err)[:2] == ("NotFound", 404)


def test_target_arn_names_a_topic(sns: Any, topic: str, endpoint: Endpoint) -> None:
    _http_subscription(sns, topic, endpoint)
    sns.publish(TargetArn=topic, Message="by target")
    assert endpoint.wait("Notification")[0].json()["Message"] == "by target"


def test_http_delivery_carries_aws_headers_and_document(
        server: RunningServer, sns: Any, topic: str, endpoint: Endpoint) -> None:
    sub = _http_subscription(sns, topic, endpoint)
    resp = sns.publish(TopicArn=topic, Message="hi", Subject="greeting", MessageAttributes={
        "color": {"DataType": "String", "StringValue": "red"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "list": {"DataType": "String.Array", "StringValue": '["a", 1]'}})
    got = endpoint.wait("Notification")[0]
    assert got.headers["x-amz-sns-message-id"] == resp["MessageId"]
    assert got.headers["x-amz-sns-topic-arn"] == topic
    assert got.headers["x-amz-sns-subscription-arn"] == sub
    assert got.headers["content-type"].startswith("text/plain")
    doc = got.json()
    assert doc["Type"] == "Notification"
    assert doc["MessageId"] == resp["MessageId"]
    assert (doc["Message"], doc["Subject"], doc["TopicArn"]) == ("hi", "greeting", topic)
    assert doc["MessageAttributes"] == {"color": {"Type": "String", "Value": "red"},
                                        "blob": {"Type": "Binary", "Value": "AAE="},
                                        "list": {"Type": "String.Array", "Value": '["a", 1]'}}
    assert doc["UnsubscribeURL"].startswith(server.url)
    assert doc["Timestamp"].endswith("Z")
    verify_signature(doc)


def test_raw_message_delivery_to_http(sns: Any, topic: str, endpoint: Endpoint) -> None:
    _http_subscription(sns, topic, endpoint, RawMessageDelivery="true")
    sns.publish(TopicArn=topic, Message="just this")
    got = endpoint.wait("Notification")[0]
    assert got.body == b"just this"
    assert got.headers["x-amz-sns-rawdelivery"] == "true"


def test_message_structure_json_sends_each_protocol_its_text(
        server: RunningServer, sns: Any, topic: str, endpoint: Endpoint, unique_name: str) -> None:
    _http_subscription(sns, topic, endpoint)
    phone = "+15555550123"
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=phone)
    sns.publish(TopicArn=topic, MessageStructure="json",
                Message=json.dumps({"default": "plain", "http": "for http"}))
    assert endpoint.wait("Notification")[0].json()["Message"] == "for http"
    assert wait_for(lambda: recorded(server, phone))[-1]["body"] == "plain"


def test_unsubscribe_url_unsubscribes(sns: Any, topic: str, endpoint: Endpoint) -> None:
    import urllib.request

    _http_subscription(sns, topic, endpoint)
    sns.publish(TopicArn=topic, Message="one")
    doc = endpoint.wait("Notification")[0].json()
    with urllib.request.urlopen(doc["UnsubscribeURL"]) as r:
        assert b"UnsubscribeResponse" in r.read()
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []


def test_email_notifications_are_recorded(server: RunningServer, sns: Any, topic: str,
                                          unique_name: str) -> None:
    address = f"{unique_name}@example.com"
    sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint=address)
    confirmation = wait_for(lambda: recorded(server, address))[0]
    token = json.loads(confirmation["body"])["Token"]
    sns.confirm_subscription(TopicArn=topic, Token=token)
    sns.publish(TopicArn=topic, Message="mail me", Subject="Hello")
    mails = wait_for(lambda: [m for m in recorded(server, address) if m["type"] == "Notification"])
    assert mails[0]["subject"] == "Hello"
    assert json.loads(mails[0]["body"])["Message"] == "mail me"


def test_publish_to_a_phone_number_records_an_sms(server: RunningServer, sns: Any) -> None:
    resp = sns.publish(PhoneNumber="+15555550199", Message="code 1234")
    assert resp["MessageId"]
    assert recorded(server, "+15555550199")[-1]["body"] == "code 1234"


def test_lambda_subscriber_gets_an_sns_event(
        sns: Any, topic: str, lambda_client: Any, unique_name: str, shared_dir: Path) -> None:
    out = shared_dir / "out.jsonl"
    recorder(lambda_client, unique_name, out)
    fn_arn = lambda_client.get_function(FunctionName=unique_name)["Configuration"]["FunctionArn"]
    try:
        sub = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn_arn)["SubscriptionArn"]
        resp = sns.publish(TopicArn=topic, Message="to lambda", MessageAttributes={
            "n": {"DataType": "Number", "StringValue": "5"}})
        wait_for(lambda: records(out), timeout=30)
        event = records(out)[0]["event"]
        SnsModel.model_validate(event)
        record = event["Records"][0]
        assert record["EventSource"] == "aws:sns"
        assert record["EventSubscriptionArn"] == sub
        assert record["Sns"]["MessageId"] == resp["MessageId"]
        assert record["Sns"]["Message"] == "to lambda"
        assert record["Sns"]["Subject"] is None
        assert record["Sns"]["MessageAttributes"] == {"n": {"Type": "Number", "Value": "5"}}
    finally:
        lambda_client.delete_function(FunctionName=unique_name)


def test_failing_function_still_gets_the_event(
        sns: Any, topic: str, lambda_client: Any, unique_name: str, shared_dir: Path) -> None:
    """SNS hands the event to Lambda asynchronously; Lambda owns the retries from there."""
    out = shared_dir / "out.jsonl"
    recorder(lambda_client, unique_name, out)
    lambda_client.put_function_event_invoke_config(FunctionName=unique_name,
                                                   MaximumRetryAttempts=0)
    fn_arn = lambda_client.get_function(FunctionName=unique_name)["Configuration"]["FunctionArn"]
    try:
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn_arn)
        sns.publish(TopicArn=topic, Message=json.dumps({"fail": True}))
        wait_for(lambda: records(out), timeout=30)
        assert json.loads(records(out)[0]["event"]["Records"][0]["Sns"]["Message"]) == {"fail": True}
    finally:
        lambda_client.delete_function(FunctionName=unique_name)


def test_filter_policy_on_attributes(sns: Any, topic: str, endpoint: Endpoint) -> None:
    """https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html"""
    _http_subscription(sns, topic, endpoint,
                       FilterPolicy=json.dumps({"color": ["red"], "size": [{"numeric": [">", 3]}]}))
    sns.publish(TopicArn=topic, Message="blue", MessageAttributes={
        "color": {"DataType": "String", "StringValue": "blue"},
        "size": {"DataType": "Number", "StringValue": "5"}})
    sns.publish(TopicArn=topic, Message="small", MessageAttributes={
        "color": {"DataType": "String", "StringValue": "red"},
        "size": {"DataType": "Number", "StringValue": "1"}})
    sns.publish(TopicArn=topic, Message="match", MessageAttributes={
        "color": {"DataType": "String", "StringValue": "red"},
        "size": {"DataType": "Number", "StringValue": "4"}})
    sns.publish(TopicArn=topic, Message="last")  # no attributes: filtered out
    got = endpoint.wait("Notification")
    sns.publish(TopicArn=topic, Message="after", MessageAttributes={
        "color": {"DataType": "String", "StringValue": "red"},
        "size": {"DataType": "Number", "StringValue": "9"}})
    endpoint.wait("Notification", 2)
    got = endpoint.of_type("Notification")
    assert [r.json()["Message"] for r in got] == ["match", "after"]


def test_filter_policy_on_message_body(sns: Any, topic: str, endpoint: Endpoint) -> None:
    _http_subscription(sns, topic, endpoint, FilterPolicyScope="MessageBody",
                       FilterPolicy=json.dumps({"order": {"status": [{"prefix": "ship"}]}}))
    sns.publish(TopicArn=topic, Message=json.dumps({"order": {"status": "cancelled"}}))
    sns.publish(TopicArn=topic, Message="not json at all")
    sns.publish(TopicArn=topic, Message=json.dumps({"order": {"status": "shipped"}}))
    endpoint.wait("Notification")
    sns.publish(TopicArn=topic, Message=json.dumps({"order": {"status": "shipping"}}))
    endpoint.wait("Notification", 2)
    got = [json.loads(r.json()["Message"])["order"]["status"] for r in endpoint.of_type("Notification")]
    assert got == ["shipped", "shipping"]


def test_publish_batch(sns: Any, topic: str, endpoint: Endpoint) -> None:
    _http_subscription(sns, topic, endpoint)
    resp = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "one", "Message": "first"},
        {"Id": "two", "Message": ""},
        {"Id": "three", "Message": "third", "Subject": "s"}])
    assert [e["Id"] for e in resp["Successful"]] == ["one", "three"]
    assert resp["Failed"] == [{"Id": "two", "Code": "InvalidParameter",
                               "Message": "Invalid parameter: Empty message", "SenderFault": True}]
    got = endpoint.wait("Notification", 2)
    assert sorted(r.json()["Message"] for r in got) == ["first", "third"]
    ids = {e["MessageId"] for e in resp["Successful"]}
    assert {r.json()["MessageId"] for r in got} == ids


@pytest.mark.parametrize(("entries", "code"), [
    ([], "EmptyBatchRequest"),
    ([{"Id": f"i{i}", "Message": "m"} for i in range(11)], "TooManyEntriesInBatchRequest"),
    ([{"Id": "same", "Message": "m"}, {"Id": "same", "Message": "m"}], "BatchEntryIdsNotDistinct"),
    ([{"Id": "bad id!", "Message": "m"}], "InvalidBatchEntryId"),
    ([{"Id": f"i{i}", "Message": "x" * 30_000} for i in range(10)], "BatchRequestTooLong"),
])
def test_publish_batch_request_errors(sns: Any, topic: str, entries: list[dict[str, str]],
                                      code: str) -> None:
    with pytest.raises(ClientError) as err:
        sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
    assert error_of(err)[:2] == (code, 400)


def test_signature_version_2_signs_with_sha256(sns: Any, topic: str, endpoint: Endpoint) -> None:
    """https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html"""
    sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
    _http_subscription(sns, topic, endpoint)
    sns.publish(TopicArn=topic, Message="sha256 please")
    doc = endpoint.wait("Notification")[0].json()
    assert doc["SignatureVersion"] == "2"
    verify_signature(doc)


def test_https_endpoint_gets_the_notification(sns: Any, topic: str,
                                              https_endpoint: Endpoint) -> None:
    _http_subscription(sns, topic, https_endpoint, protocol="https")
    sns.publish(TopicArn=topic, Message="over tls")
    assert https_endpoint.wait("Notification")[0].json()["Message"] == "over tls"
