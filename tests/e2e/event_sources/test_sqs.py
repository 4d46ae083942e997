"""SQS queue -> function: event shape, deletion, batching window, partial batch
responses, FIFO order, filters.

https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import SqsModel
from botocore.exceptions import ClientError

from tests.e2e.event_sources.conftest import batches
from tests.e2e.lambda_.conftest import wait_for


@pytest.fixture
def queue(sqs: Any, unique_name: str) -> Any:
    """Create a queue: (url, arn)."""
    made: list[str] = []

    def make(suffix: str = "", **attributes: str) -> tuple[str, str]:
        name = f"{unique_name}{len(made)}{suffix}"
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        made.append(url)
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        return url, arn["Attributes"]["QueueArn"]

    yield make
    for url in made:
        sqs.delete_queue(QueueUrl=url)


def bodies(out: Path) -> list[str]:
    return [r["body"] for b in batches(out) for r in b]


def backlog(sqs: Any, url: str) -> int:
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(
        attrs["ApproximateNumberOfMessagesNotVisible"])


def test_messages_reach_the_function_and_are_deleted(sqs: Any, queue: Any, batch_function: Any,
                                                     esm: Any) -> None:
    """Messages arrive in Lambda's SQS event shape (SqsModel) and a successful batch is
    deleted from the queue."""
    url, arn = queue()
    fn, out = batch_function()
    mapping = esm(EventSourceArn=arn, FunctionName=fn)
    assert mapping["BatchSize"] == 10 and "StartingPosition" not in mapping
    assert mapping["StateTransitionReason"] == "USER_INITIATED"
    sqs.send_message(QueueUrl=url, MessageBody="hello", MessageAttributes={
        "color": {"DataType": "String", "StringValue": "red"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}})
    wait_for(lambda: bodies(out) == ["hello"])
    event = json.loads(out.read_text().splitlines()[0])
    parsed = SqsModel.model_validate(event)
    record = parsed.Records[0]
    assert record.eventSource == "aws:sqs" and record.eventSourceARN == arn
    assert record.messageAttributes["color"].stringValue == "red"
    assert event["Records"][0]["messageAttributes"]["blob"]["binaryValue"] == "AAE="
    assert event["Records"][0]["attributes"]["ApproximateReceiveCount"] == "1"
    wait_for(lambda: backlog(sqs, url) == 0)


def test_batching_window_gathers_more_than_ten(sqs: Any, queue: Any, batch_function: Any,
                                               esm: Any) -> None:
    """With MaximumBatchingWindowInSeconds, a batch may hold up to BatchSize (> 10)."""
    url, arn = queue()
    fn, out = batch_function()
    for start in range(0, 30, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "MessageBody": f"m{i}"} for i in range(start, start + 10)])
    esm(EventSourceArn=arn, FunctionName=fn, BatchSize=100, MaximumBatchingWindowInSeconds=1)
    wait_for(lambda: len(bodies(out)) == 30)
    assert max(len(b) for b in batches(out)) > 10
    assert sorted(bodies(out)) == sorted(f"m{i}" for i in range(30))


def test_report_batch_item_failures_redelivers_only_failed(
        sqs: Any, queue: Any, batch_function: Any, esm: Any) -> None:
    """Only the messages named in batchItemFailures stay in the queue and come back."""
    url, arn = queue(VisibilityTimeout="1")
    fn, out = batch_function("report")
    sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": str(i), "MessageBody": body} for i, body in enumerate(["a", "poison", "c"])])
    esm(EventSourceArn=arn, FunctionName=fn, FunctionResponseTypes=["ReportBatchItemFailures"])
    wait_for(lambda: bodies(out).count("poison") == 2)
    assert sorted(bodies(out)) == ["a", "c", "poison", "poison"]
    wait_for(lambda: backlog(sqs, url) == 0)


def test_function_error_leaves_messages_for_the_dead_letter_queue(
        sqs: Any, queue: Any, batch_function: Any, esm: Any) -> None:
    """A failing batch is not deleted; after maxReceiveCount receives the queue's
    RedrivePolicy moves it to the dead-letter queue."""
    dlq_url, dlq_arn = queue()
    url, arn = queue(VisibilityTimeout="1", RedrivePolicy=json.dumps(
        {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}))
    fn, out = batch_function("fail")
    esm(EventSourceArn=arn, FunctionName=fn)
    sqs.send_message(QueueUrl=url, MessageBody="doomed")
    wait_for(lambda: backlog(sqs, dlq_url) == 1)
    assert bodies(out) == ["doomed", "doomed"]


def test_fifo_keeps_each_group_in_order(sqs: Any, queue: Any, batch_function: Any,
                                        esm: Any) -> None:
    """FIFO queues: one group's messages reach the function in order."""
    url, arn = queue(".fifo", FifoQueue="true", ContentBasedDeduplication="true")
    fn, out = batch_function()
    for i in range(6):
        for group in ("g1", "g2"):
            sqs.send_message(QueueUrl=url, MessageBody=f"{group}-{i}", MessageGroupId=group)
    esm(EventSourceArn=arn, FunctionName=fn, BatchSize=3)
    wait_for(lambda: len(bodies(out)) == 12)
    for group in ("g1", "g2"):
        assert [b for b in bodies(out) if b.startswith(group)] == [f"{group}-{i}" for i in range(6)]


def test_filtered_out_messages_are_deleted_without_invoking(
        sqs: Any, queue: Any, batch_function: Any, esm: Any) -> None:
    """FilterCriteria see the body parsed as JSON; the others are deleted.
    https://docs.aws.amazon.com/lambda/latest/dg/with-sqs-filtering.html
    """
    url, arn = queue()
    fn, out = batch_function()
    esm(EventSourceArn=arn, FunctionName=fn, FilterCriteria={"Filters": [
        {"Pattern": json.dumps({"body": {"color": ["red"]}})}]})
    for color in ("blue", "red", "green"):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"color": color}))
    sqs.send_message(QueueUrl=url, MessageBody="not json")
    wait_for(lambda: backlog(sqs, url) == 0)
    assert bodies(out) == [json.dumps({"color": "red"})]


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"BatchSize": 11}, "Maximum batch window in seconds must be greater than 0"),
    ({"StartingPosition": "LATEST"}, "StartingPosition"),
    ({"MaximumRetryAttempts": 1}, "MaximumRetryAttempts"),
])
def test_sqs_settings_lambda_refuses(lambda_client: Any, queue: Any, batch_function: Any,
                                     kwargs: dict[str, Any], fragment: str) -> None:
    _, arn = queue()
    fn, _ = batch_function()
    with pytest.raises(ClientError) as err:
        lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn, **kwargs)
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert fragment in err.value.response["Error"]["Message"]


def test_duplicate_sqs_mapping_is_a_conflict(lambda_client: Any, queue: Any,
                                             batch_function: Any, esm: Any) -> None:
    _, arn = queue()
    fn, _ = batch_function()
    first = esm(EventSourceArn=arn, FunctionName=fn)
    with pytest.raises(ClientError) as err:
        lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn)
    assert err.value.response["Error"]["Code"] == "ResourceConflictException"
    assert err.value.response["Error"]["Message"] == (
        f'An event source mapping with SQS arn (" {arn} ") and function (" {fn} ") already '
        f"exists. Please update or delete the existing mapping with UUID {first['UUID']}")


def test_missing_queue_is_refused(lambda_client: Any, sqs: Any, batch_function: Any) -> None:
    fn, _ = batch_function()
    with pytest.raises(ClientError) as err:
        lambda_client.create_event_source_mapping(
            EventSourceArn="arn:aws:sqs:us-east-1:000000000000:nope", FunctionName=fn)
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"

