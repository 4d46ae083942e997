"""GetQueueAttributes and SetQueueAttributes.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sqs.conftest import error_of, fresh_name


def test_a_new_queue_has_the_documented_defaults(sqs: Any, queue: str) -> None:
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "30"
    assert attrs["MaximumMessageSize"] == "1048576"
    assert attrs["MessageRetentionPeriod"] == "345600"
    assert attrs["DelaySeconds"] == "0"
    assert attrs["ReceiveMessageWaitTimeSeconds"] == "0"
    assert attrs["SqsManagedSseEnabled"] == "true"
    assert attrs["QueueArn"].startswith("arn:aws:sqs:us-east-1:000000000000:")
    assert abs(int(attrs["CreatedTimestamp"]) - time.time()) < 60
    assert "FifoQueue" not in attrs and "RedrivePolicy" not in attrs


def test_get_names_only_the_attributes_asked_for(sqs: Any, queue: str) -> None:
    got = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["VisibilityTimeout"])
    assert got["Attributes"] == {"VisibilityTimeout": "30"}


def test_set_queue_attributes_changes_them(sqs: Any, queue: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={
        "VisibilityTimeout": "45", "KmsMasterKeyId": "alias/aws/sqs",
        "Policy": json.dumps({"Version": "2012-10-17", "Statement": []})})
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "45"
    assert attrs["KmsMasterKeyId"] == "alias/aws/sqs"
    assert attrs["KmsDataKeyReusePeriodSeconds"] == "300"
    assert attrs["SqsManagedSseEnabled"] == "false"
    assert json.loads(attrs["Policy"])["Version"] == "2012-10-17"


@pytest.mark.parametrize(("name", "value"), [
    ("VisibilityTimeout", "43201"), ("MessageRetentionPeriod", "59"),
    ("MaximumMessageSize", "1023"), ("DelaySeconds", "-1"),
    ("ReceiveMessageWaitTimeSeconds", "21"), ("Policy", "{not json"),
])
def test_out_of_range_values_are_invalid_attribute_value(sqs: Any, queue: str, name: str,
                                                         value: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as err:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={name: value})
    assert error_of(err) == ("InvalidAttributeValue", 400)
    assert err.value.response["Error"]["Message"] == f"Invalid value for the parameter {name}."


@pytest.mark.parametrize("name", ["QueueArn", "Bogus", "ContentBasedDeduplication"])
def test_unknown_or_read_only_names_are_invalid_attribute_name(sqs: Any, queue: str,
                                                               name: str) -> None:
    """Read-only attributes, unknown ones and FIFO-only ones on a standard queue."""
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as err:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={name: "true"})
    assert error_of(err) == ("InvalidAttributeName", 400)
    with pytest.raises(sqs.exceptions.InvalidAttributeName):
        sqs.create_queue(QueueName=fresh_name(), Attributes={name: "true"})


def test_redrive_policy_needs_an_existing_queue_of_the_same_type(sqs: Any, queue: str,
                                                                 fifo_queue: str) -> None:
    fifo_arn = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["QueueArn"])
    for target in ("arn:aws:sqs:us-east-1:000000000000:missing",
                   fifo_arn["Attributes"]["QueueArn"]):
        policy = json.dumps({"deadLetterTargetArn": target, "maxReceiveCount": 3})
        with pytest.raises(ClientError) as err:
            sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})
        assert error_of(err) == ("InvalidParameterValue", 400)


def test_redrive_allow_policy_is_checked_and_kept(sqs: Any, queue: str) -> None:
    allow = json.dumps({"redrivePermission": "denyAll"})
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedriveAllowPolicy": allow})
    got = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["RedriveAllowPolicy"])
    assert json.loads(got["Attributes"]["RedriveAllowPolicy"]) == {"redrivePermission": "denyAll"}
    with pytest.raises(ClientError) as err:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={
            "RedriveAllowPolicy": json.dumps({"redrivePermission": "sometimes"})})
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_redrive_allow_policy_limits_who_may_use_the_dlq(sqs: Any, queue: str) -> None:
    """denyAll: no source may name the queue; byQueue: only the listed sources."""
    dlq = sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq,
                                       AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source_arn = sqs.get_queue_attributes(QueueUrl=queue,
                                          AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={
        "RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
    with pytest.raises(ClientError) as err:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})
    assert error_of(err) == ("InvalidParameterValue", 400)
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps(
        {"redrivePermission": "byQueue", "sourceQueueArns": [source_arn]})})
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})
    got = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["RedrivePolicy"])
    assert json.loads(got["Attributes"]["RedrivePolicy"])["deadLetterTargetArn"] == dlq_arn


def test_redrive_policy_reads_back_compact_with_a_numeric_count(sqs: Any) -> None:
    """The CLI's create-queue/get-queue-attributes examples: a RedrivePolicy sent with
    ``"maxReceiveCount":"1000"`` reads back ``{"deadLetterTargetArn":...,"maxReceiveCount":1000}``;
    CreateQueue again with the same text is still the same queue.
    https://docs.aws.amazon.com/cli/latest/reference/sqs/get-queue-attributes.html"""
    dlq = sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq,
                                       AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sent = {"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn,
                                         "maxReceiveCount": "1000"}),
            "MessageRetentionPeriod": "259200"}
    name = fresh_name()
    url = sqs.create_queue(QueueName=name, Attributes=sent)["QueueUrl"]
    got = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
    assert got["Attributes"]["RedrivePolicy"] == (
        '{"deadLetterTargetArn":"' + dlq_arn + '","maxReceiveCount":1000}')
    assert sqs.create_queue(QueueName=name, Attributes=sent)["QueueUrl"] == url
