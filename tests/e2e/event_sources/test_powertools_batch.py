"""A handler built on aws-lambda-powertools' batch processing utility (``BatchProcessor``,
``process_partial_response``) behind SQS and Kinesis mappings with
``FunctionResponseTypes: ["ReportBatchItemFailures"]``: only what it reports as failed
comes back.

https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
https://docs.powertools.aws.dev/lambda/python/latest/utilities/batch/

Functions run on the server's interpreter, so the package installed beside cloudlet is
importable by the handler, as a layer would make it on Lambda.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import records, wait_for
from tests.server import RunningServer

# Appends each record's text to $OUT; a record whose text holds "fail" raises the first
# time it is seen (so its retry succeeds).
POWERTOOLS_HANDLER = """
    import json, os
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor, EventType, process_partial_response)

    KIND = os.environ["KIND"]
    processor = BatchProcessor(event_type=getattr(EventType, KIND))

    def text(record):
        return record.body if KIND == "SQS" else record.kinesis.data_as_text()

    def record_handler(record):
        body = text(record)
        seen = open(os.environ["OUT"]).read().count(json.dumps(body)) if os.path.exists(
            os.environ["OUT"]) else 0
        with open(os.environ["OUT"], "a") as f:
            f.write(json.dumps({"text": body, "request": os.environ["REQUEST"]}) + "\\n")
        if "fail" in body and seen == 0:
            raise ValueError("failing " + body)

    def handler(event, context):
        os.environ["REQUEST"] = context.aws_request_id
        return process_partial_response(event=event, record_handler=record_handler,
                                        processor=processor, context=context)
"""


@pytest.fixture
def powertools_function(create_function: Callable[..., str],
                        shared_dir: Path) -> Callable[[str], tuple[str, Path]]:
    def make(kind: str) -> tuple[str, Path]:
        out = shared_dir / f"powertools-{kind}.jsonl"
        name = create_function(POWERTOOLS_HANDLER, Timeout=10, Environment={
            "Variables": {"OUT": str(out), "KIND": kind}})
        return name, out

    return make


def invocations(out: Path) -> list[list[str]]:
    """The record texts each invocation handled, in order."""
    grouped: dict[str, list[str]] = {}
    for line in records(out):
        grouped.setdefault(line["request"], []).append(line["text"])
    return list(grouped.values())


def test_sqs_only_the_reported_messages_come_back(
        sqs: Any, powertools_function: Any, esm: Any, unique_name: str) -> None:
    """The handler fails one message of three: powertools answers batchItemFailures with
    its messageId, Lambda deletes the other two, and only the failed one is received
    again (after the visibility timeout) and then deleted."""
    url = sqs.create_queue(QueueName=unique_name, Attributes={"VisibilityTimeout": "1"})[
        "QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": str(i), "MessageBody": body} for i, body in enumerate(["ok1", "fail2", "ok3"])])
    fn, out = powertools_function("SQS")
    esm(EventSourceArn=arn, FunctionName=fn, BatchSize=10,
        FunctionResponseTypes=["ReportBatchItemFailures"])
    wait_for(lambda: len(invocations(out)) >= 2)
    first, second = invocations(out)[:2]
    assert sorted(first) == ["fail2", "ok1", "ok3"]
    assert second == ["fail2"]

    def drained() -> bool:
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        return attrs == {"ApproximateNumberOfMessages": "0",
                         "ApproximateNumberOfMessagesNotVisible": "0"}

    wait_for(drained)
    assert len(invocations(out)) == 2
    sqs.delete_queue(QueueUrl=url)


def test_kinesis_retries_from_the_reported_record(
        server: RunningServer, powertools_function: Any, esm: Any, unique_name: str) -> None:
    """The handler fails the second record of three: powertools answers its sequence
    number, Lambda checkpoints the first and retries the batch from the failed record
    (that record and the ones after it, in order), never the first again."""
    kinesis = make_client(server, "kinesis")
    kinesis.create_stream(StreamName=unique_name, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=unique_name,
                                             WaiterConfig={"Delay": 0.1, "MaxAttempts": 100})
    arn = kinesis.describe_stream_summary(StreamName=unique_name)[
        "StreamDescriptionSummary"]["StreamARN"]
    kinesis.put_records(StreamName=unique_name, Records=[
        {"Data": body.encode(), "PartitionKey": "p"} for body in ["ok1", "fail2", "ok3"]])
    fn, out = powertools_function("KinesisDataStreams")
    esm(EventSourceArn=arn, FunctionName=fn, StartingPosition="TRIM_HORIZON", BatchSize=10,
        FunctionResponseTypes=["ReportBatchItemFailures"])
    wait_for(lambda: len(invocations(out)) >= 2)
    kinesis.put_record(StreamName=unique_name, Data=b"ok4", PartitionKey="p")
    wait_for(lambda: "ok4" in json.dumps(invocations(out)))
    assert invocations(out) == [["ok1", "fail2", "ok3"], ["fail2", "ok3"], ["ok4"]]
    kinesis.delete_stream(StreamName=unique_name)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=unique_name,
                                                 WaiterConfig={"Delay": 0.1, "MaxAttempts": 100})
