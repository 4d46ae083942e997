"""DescribeKinesisStreamingDestination:
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeKinesisStreamingDestination.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of


def test_table_has_no_kinesis_streaming_destinations(ddb: Any, table: str) -> None:
    resp = ddb.describe_kinesis_streaming_destination(TableName=table)
    assert resp["TableName"] == table
    assert resp["KinesisDataStreamDestinations"] == []


def test_kinesis_streaming_destination_of_unknown_table(ddb: Any) -> None:
    code, message, status = error_of(ddb.describe_kinesis_streaming_destination,
                                     TableName="nothere")
    assert (code, status) == ("ResourceNotFoundException", 400)
    assert message == "Requested resource not found: Table: nothere not found"
