"""Fixtures for the DynamoDB Streams tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import create_table


@pytest.fixture
def stream_table(ddb: Any) -> Callable[..., tuple[str, str]]:
    """Create a table (pk S, sk N) with a stream; return (table name, stream ARN)."""

    def make(view: str = "NEW_AND_OLD_IMAGES", **kwargs: Any) -> tuple[str, str]:
        name = create_table(ddb, range_key="sk", range_type="N", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": view}, **kwargs)
        arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        return name, arn

    return make


def read_all(streams: Any, arn: str, iterator_type: str = "TRIM_HORIZON",
             **kwargs: Any) -> list[dict[str, Any]]:
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType=iterator_type,
                                          **kwargs)["ShardIterator"]
    return streams.get_records(ShardIterator=iterator)["Records"]  # type: ignore[no-any-return]
