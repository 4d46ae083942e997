"""DynamoDB stream -> function: order, event shape, retries, bisection, filters.

https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.parser.models import DynamoDBStreamModel

from tests.e2e.event_sources.conftest import batches, keys, put
from tests.e2e.lambda_.conftest import wait_for


def all_keys(out: Path) -> list[str]:
    return [k for batch in batches(out) for k in keys(batch)]


def test_stream_records_reach_the_function_in_order(ddb: Any, stream_table: Any,
                                                    batch_function: Any, esm: Any) -> None:
    """Records of one shard are delivered in order, in Lambda's DynamoDB event shape.
    https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-ddb-example
    """
    table, stream = stream_table()
    fn, out = batch_function()
    mapping = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST",
                  BatchSize=5)
    assert mapping["State"] == "Creating"
    for i in range(12):
        put(ddb, table, f"k{i:02d}", v="x")
    wait_for(lambda: len(all_keys(out)) == 12)
    assert all_keys(out) == [f"k{i:02d}" for i in range(12)]
    assert all(len(b) <= 5 for b in batches(out))
    event = json.loads(out.read_text().splitlines()[0])
    parsed = DynamoDBStreamModel.model_validate(event)
    first = parsed.Records[0]
    assert first.eventSource == "aws:dynamodb" and first.eventName == "INSERT"
    assert first.eventSourceARN == stream
    raw = event["Records"][0]
    assert raw["eventVersion"] == "1.1"
    assert isinstance(raw["dynamodb"]["ApproximateCreationDateTime"], (int, float))
    assert raw["dynamodb"]["NewImage"] == {"pk": {"S": "k00"}, "v": {"S": "x"}}


def test_trim_horizon_reads_records_written_before_the_mapping(
        ddb: Any, stream_table: Any, batch_function: Any, esm: Any) -> None:
    """TRIM_HORIZON starts at the oldest record in the stream."""
    table, stream = stream_table()
    put(ddb, table, "early")
    fn, out = batch_function()
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="TRIM_HORIZON")
    put(ddb, table, "late")
    wait_for(lambda: all_keys(out) == ["early", "late"])


def test_filter_criteria_skip_records_without_invoking(
        ddb: Any, stream_table: Any, batch_function: Any, esm: Any) -> None:
    """Only records matching a filter are sent; the others are skipped.
    https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-filtering.html
    """
    table, stream = stream_table()
    fn, out = batch_function()
    pattern = {"dynamodb": {"NewImage": {"color": {"S": ["red"]}}}}
    esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST",
        FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]})
    put(ddb, table, "a", color="blue")
    put(ddb, table, "b", color="red")
    put(ddb, table, "c", color="green")
    put(ddb, table, "d", color="red")
    wait_for(lambda: all_keys(out) == ["b", "d"])
