"""ListStreams: https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_ListStreams.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table


def test_list_streams_of_a_table(streams: Any,
                                 stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table()
    listed = streams.list_streams(TableName=name)["Streams"]
    assert len(listed) == 1
    assert listed[0]["StreamArn"] == arn and listed[0]["TableName"] == name
    assert arn.endswith("/stream/" + listed[0]["StreamLabel"])


def test_list_streams_paginates(server: Any) -> None:
    ddb = make_client(server, "dynamodb", region="ap-south-2")
    client = make_client(server, "dynamodbstreams", region="ap-south-2")
    for i in range(3):
        create_table(ddb, f"streamed{i}", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    first = client.list_streams(Limit=2)
    assert len(first["Streams"]) == 2
    rest = client.list_streams(Limit=2, ExclusiveStartStreamArn=first["LastEvaluatedStreamArn"])
    assert len(rest["Streams"]) == 1 and "LastEvaluatedStreamArn" not in rest
