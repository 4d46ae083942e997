"""GetLogEvents: newest first page by default, startFromHead, forward and backward tokens.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.logs.conftest import put


def test_default_returns_the_newest_events_in_order(logs_client: Any, group: str, stream: str) -> None:
    put(logs_client, group, stream, [f"m{i}" for i in range(10)])
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream, limit=3)
    assert [e["message"] for e in resp["events"]] == ["m7", "m8", "m9"]


def test_start_from_head_returns_the_oldest_events(logs_client: Any, group: str, stream: str) -> None:
    put(logs_client, group, stream, [f"m{i}" for i in range(10)])
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream, limit=3,
                                      startFromHead=True)
    assert [e["message"] for e in resp["events"]] == ["m0", "m1", "m2"]
    assert all(e["ingestionTime"] >= e["timestamp"] - 60_000 for e in resp["events"])


def test_forward_token_pages_to_the_end_then_comes_back_unchanged(
        logs_client: Any, group: str, stream: str) -> None:
    put(logs_client, group, stream, [f"m{i}" for i in range(5)])
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream, limit=2,
                                      startFromHead=True)
    seen = [e["message"] for e in resp["events"]]
    token = resp["nextForwardToken"]
    while True:
        resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream, limit=2,
                                          nextToken=token)
        if resp["nextForwardToken"] == token:
            assert resp["events"] == []
            break
        seen += [e["message"] for e in resp["events"]]
        token = resp["nextForwardToken"]
    assert seen == ["m0", "m1", "m2", "m3", "m4"]


def test_forward_token_sees_events_put_later(logs_client: Any, group: str, stream: str) -> None:
    stamps = put(logs_client, group, stream, ["first"])
    token = logs_client.get_log_events(logGroupName=group, logStreamName=stream)["nextForwardToken"]
    put(logs_client, group, stream, ["second"], start=stamps[-1] + 1)
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream, nextToken=token)
    assert [e["message"] for e in resp["events"]] == ["second"]


def test_backward_token_pages_towards_older_events(logs_client: Any, group: str, stream: str) -> None:
    put(logs_client, group, stream, [f"m{i}" for i in range(6)])
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream, limit=2)
    assert [e["message"] for e in resp["events"]] == ["m4", "m5"]
    older = logs_client.get_log_events(logGroupName=group, logStreamName=stream, limit=2,
                                       nextToken=resp["nextBackwardToken"])
    assert [e["message"] for e in older["events"]] == ["m2", "m3"]


def test_time_window_is_start_inclusive_end_exclusive(logs_client: Any, group: str, stream: str) -> None:
    stamps = put(logs_client, group, stream, ["a", "b", "c", "d"])
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream,
                                      startTime=stamps[1], endTime=stamps[3], startFromHead=True)
    assert [e["message"] for e in resp["events"]] == ["b", "c"]


def test_empty_stream_returns_tokens_and_no_events(logs_client: Any, group: str, stream: str) -> None:
    resp = logs_client.get_log_events(logGroupName=group, logStreamName=stream)
    assert resp["events"] == []
    assert resp["nextForwardToken"].startswith("f/")
    assert resp["nextBackwardToken"].startswith("b/")
