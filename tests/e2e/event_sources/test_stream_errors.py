"""Stream mappings when the function fails: retries, OnFailure, bisection, item failures.

https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-errors.html
https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-ddb-batchfailurereporting
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.event_sources.conftest import batches, keys, put
from tests.e2e.lambda_.conftest import wait_for
from tests.server import RunningServer


@pytest.fixture
def failure_topic(server: RunningServer, lambda_client: Any,
                  batch_function: Callable[..., tuple[str, Path]]) -> tuple[str, Path]:
    """An SNS topic whose messages a recording function receives: (topic ARN, its file)."""
    sns = make_client(server, "sns")
    topic = sns.create_topic(Name=f"failures-{id(sns)}")["TopicArn"]
    fn, out = batch_function()
    arn = lambda_client.get_function(FunctionName=fn)["Configuration"]["FunctionArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)
    return topic, out


def failure_records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(r["Sns"]["Message"]) for batch in batches(out) for r in batch]


def test_retries_then_on_failure_destination(ddb: Any, stream_table: Any, batch_function: Any,
                                             esm: Any, failure_topic: tuple[str, Path]) -> None:
    """MaximumRetryAttempts 2: three invocations, then the batch is described to the
    OnFailure destination (DDBStreamBatchInfo) and skipped; the shard moves on."""
    topic, failures = failure_topic
    table, stream = stream_table()
    fn, out = batch_function("fail")
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST",
        MaximumRetryAttempts=2, DestinationConfig={"OnFailure": {"Destination": topic}})
    put(ddb, table, "a")
    wait_for(lambda: len(failure_records(failures)) == 1)
    assert [keys(b) for b in batches(out)] == [["a"], ["a"], ["a"]]
    record = failure_records(failures)[0]
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["responseContext"]["functionError"] == "Unhandled"
    info = record["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["streamArn"] == stream
    assert info["startSequenceNumber"] == info["endSequenceNumber"]
    put(ddb, table, "b")
    wait_for(lambda: len(failure_records(failures)) == 2)
    assert [keys(b) for b in batches(out)][3:] == [["b"], ["b"], ["b"]]


def test_bisect_isolates_a_poison_record(ddb: Any, stream_table: Any, batch_function: Any,
                                         esm: Any, failure_topic: tuple[str, Path]) -> None:
    """BisectBatchOnFunctionError halves a failing batch until the failing record is
    alone; only it goes to the OnFailure destination."""
    topic, failures = failure_topic
    table, stream = stream_table()
    for pk in ("a", "b", "poison", "d"):
        put(ddb, table, pk)
    fn, out = batch_function("poison")
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        BatchSize=10, MaximumRetryAttempts=0, BisectBatchOnFunctionError=True,
        DestinationConfig={"OnFailure": {"Destination": topic}})
    wait_for(lambda: len(failure_records(failures)) == 1)
    wait_for(lambda: "d" in keys(batches(out)[-1]))
    assert [keys(b) for b in batches(out)] == [
        ["a", "b", "poison", "d"], ["a", "b"], ["poison", "d"], ["poison"], ["d"]]
    info = failure_records(failures)[0]["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1


def test_report_batch_item_failures_retries_from_the_failed_record(
        ddb: Any, stream_table: Any, batch_function: Any, esm: Any) -> None:
    """With ReportBatchItemFailures, records before the lowest failed sequence number are
    checkpointed and the batch is retried from it (one retry here, then skipped)."""
    table, stream = stream_table()
    for pk in ("a", "poison", "c"):
        put(ddb, table, pk)
    fn, out = batch_function("report")
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        MaximumRetryAttempts=1, FunctionResponseTypes=["ReportBatchItemFailures"])
    wait_for(lambda: len(batches(out)) == 2)
    put(ddb, table, "e")
    wait_for(lambda: len(batches(out)) == 3)
    assert [keys(b) for b in batches(out)] == [["a", "poison", "c"], ["poison", "c"], ["e"]]


def test_on_failure_sqs_destination(ddb: Any, sqs: Any, stream_table: Any, batch_function: Any,
                                    esm: Any, unique_name: str) -> None:
    """An SQS OnFailure destination gets the invocation record (SendMessage)."""
    url = sqs.create_queue(QueueName=f"{unique_name}-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    table, stream = stream_table()
    fn, out = batch_function("fail")
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST",
        MaximumRetryAttempts=2, DestinationConfig={"OnFailure": {"Destination": arn}})
    put(ddb, table, "a")
    messages: list[dict[str, Any]] = []

    def received() -> bool:
        messages.extend(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []))
        return bool(messages)

    wait_for(received)
    record = json.loads(messages[0]["Body"])
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["DDBStreamBatchInfo"]["batchSize"] == 1
    assert len(batches(out)) == 3
    sqs.delete_queue(QueueUrl=url)
