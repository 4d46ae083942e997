"""Log streams: CreateLogStream, DescribeLogStreams, DeleteLogStream.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.logs.conftest import now_ms, put


def test_stream_in_a_missing_group_is_resource_not_found(logs_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.create_log_stream(logGroupName="/no/such", logStreamName="s")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_creating_an_existing_stream_fails(logs_client: Any, group: str, stream: str) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.create_log_stream(logGroupName=group, logStreamName=stream)
    assert err.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"


def test_new_stream_has_no_event_times(logs_client: Any, group: str, stream: str) -> None:
    found = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"] for s in found] == ["main"]
    assert "lastEventTimestamp" not in found[0]
    assert found[0]["arn"].endswith(f"log-group:{group}:log-stream:main")


def test_stream_records_first_and_last_event_times(logs_client: Any, group: str, stream: str) -> None:
    stamps = put(logs_client, group, stream, ["a", "b", "c"])
    found = logs_client.describe_log_streams(logGroupName=group)["logStreams"][0]
    assert found["firstEventTimestamp"] == stamps[0]
    assert found["lastEventTimestamp"] == stamps[-1]
    assert found["lastIngestionTime"] >= stamps[-1] - 5000


def test_order_by_last_event_time_descending(logs_client: Any, group: str) -> None:
    base = now_ms() - 10_000
    for i, name in enumerate(["b", "c", "a"]):
        logs_client.create_log_stream(logGroupName=group, logStreamName=name)
        put(logs_client, group, name, ["x"], start=base + i * 100)
    found = logs_client.describe_log_streams(
        logGroupName=group, orderBy="LastEventTime", descending=True)["logStreams"]
    assert [s["logStreamName"] for s in found] == ["a", "c", "b"]
    by_name = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"] for s in by_name] == ["a", "b", "c"]


def test_prefix_cannot_be_combined_with_last_event_time_order(logs_client: Any, group: str) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.describe_log_streams(logGroupName=group, logStreamNamePrefix="a",
                                         orderBy="LastEventTime")
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_prefix_and_pagination(logs_client: Any, group: str) -> None:
    for name in ["app-1", "app-2", "app-3", "other"]:
        logs_client.create_log_stream(logGroupName=group, logStreamName=name)
    pages = logs_client.get_paginator("describe_log_streams").paginate(
        logGroupName=group, logStreamNamePrefix="app-", PaginationConfig={"PageSize": 2})
    assert [s["logStreamName"] for p in pages for s in p["logStreams"]] == ["app-1", "app-2", "app-3"]


def test_deleted_stream_is_gone(logs_client: Any, group: str, stream: str) -> None:
    logs_client.delete_log_stream(logGroupName=group, logStreamName=stream)
    assert logs_client.describe_log_streams(logGroupName=group)["logStreams"] == []


def test_group_can_be_named_by_arn(logs_client: Any, group: str, stream: str) -> None:
    arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"
    found = logs_client.describe_log_streams(logGroupIdentifier=arn)["logStreams"]
    assert [s["logStreamName"] for s in found] == [stream]
