"""FilterLogEvents: patterns, stream selection, time window, pagination.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.logs.conftest import now_ms, put


@pytest.fixture
def two_streams(logs_client: Any, group: str) -> list[int]:
    base = now_ms() - 1000
    for name in ("a", "b"):
        logs_client.create_log_stream(logGroupName=group, logStreamName=name)
    stamps = put(logs_client, group, "a", ["ERROR disk full", "INFO started", "ERROR Task timed out"],
                 start=base)
    put(logs_client, group, "b", ["WARN slow", '{"level": "error", "code": 500}'], start=base + 10)
    return stamps


def _messages(resp: dict[str, Any]) -> list[str]:
    return [e["message"] for e in resp["events"]]


def test_without_a_pattern_every_event_comes_in_time_order(
        logs_client: Any, group: str, two_streams: list[int]) -> None:
    resp = logs_client.filter_log_events(logGroupName=group)
    assert _messages(resp) == ["ERROR disk full", "INFO started", "ERROR Task timed out",
                               "WARN slow", '{"level": "error", "code": 500}']
    assert {e["logStreamName"] for e in resp["events"]} == {"a", "b"}
    assert all(len(e["eventId"]) == 56 for e in resp["events"])


def test_a_term_matches_case_sensitively(logs_client: Any, group: str, two_streams: list[int]) -> None:
    assert _messages(logs_client.filter_log_events(logGroupName=group, filterPattern="ERROR")) == [
        "ERROR disk full", "ERROR Task timed out"]


def test_a_quoted_phrase_matches_exactly(logs_client: Any, group: str, two_streams: list[int]) -> None:
    resp = logs_client.filter_log_events(logGroupName=group, filterPattern='"Task timed out"')
    assert _messages(resp) == ["ERROR Task timed out"]


def test_optional_and_excluded_terms(logs_client: Any, group: str, two_streams: list[int]) -> None:
    either = logs_client.filter_log_events(logGroupName=group, filterPattern="?WARN ?INFO")
    assert _messages(either) == ["INFO started", "WARN slow"]
    excluded = logs_client.filter_log_events(logGroupName=group, filterPattern="ERROR -disk")
    assert _messages(excluded) == ["ERROR Task timed out"]


def test_json_pattern_matches_a_field(logs_client: Any, group: str, two_streams: list[int]) -> None:
    resp = logs_client.filter_log_events(logGroupName=group, filterPattern='{ $.code = 500 }')
    assert _messages(resp) == ['{"level": "error", "code": 500}']


def test_stream_names_narrow_the_search(logs_client: Any, group: str, two_streams: list[int]) -> None:
    resp = logs_client.filter_log_events(logGroupName=group, logStreamNames=["b"])
    assert _messages(resp) == ["WARN slow", '{"level": "error", "code": 500}']


def test_time_window(logs_client: Any, group: str, two_streams: list[int]) -> None:
    resp = logs_client.filter_log_events(logGroupName=group, startTime=two_streams[1],
                                         endTime=two_streams[2])
    assert _messages(resp) == ["INFO started", "ERROR Task timed out"]


def test_pages_with_next_token(logs_client: Any, group: str, two_streams: list[int]) -> None:
    pages = logs_client.get_paginator("filter_log_events").paginate(
        logGroupName=group, PaginationConfig={"PageSize": 2})
    assert len([m for p in pages for m in _messages(p)]) == 5
    first = logs_client.filter_log_events(logGroupName=group, limit=2)
    assert first["nextToken"]


def test_missing_group_is_resource_not_found(logs_client: Any) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.filter_log_events(logGroupName="/no/such/group")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
