"""PutLogEvents.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.logs.conftest import now_ms


def test_put_returns_a_sequence_token(logs_client: Any, group: str, stream: str) -> None:
    resp = logs_client.put_log_events(logGroupName=group, logStreamName=stream,
                                      logEvents=[{"timestamp": now_ms(), "message": "hello"}])
    assert resp["nextSequenceToken"]
    assert "rejectedLogEventsInfo" not in resp


def test_events_must_be_in_chronological_order(logs_client: Any, group: str, stream: str) -> None:
    t = now_ms()
    with pytest.raises(ClientError) as err:
        logs_client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
            {"timestamp": t, "message": "b"}, {"timestamp": t - 10, "message": "a"}])
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "chronological order" in err.value.response["Error"]["Message"]


def test_missing_stream_is_resource_not_found(logs_client: Any, group: str) -> None:
    with pytest.raises(ClientError) as err:
        logs_client.put_log_events(logGroupName=group, logStreamName="nope",
                                   logEvents=[{"timestamp": now_ms(), "message": "x"}])
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert err.value.response["Error"]["Message"] == "The specified log stream does not exist."


def test_too_old_events_are_rejected_and_not_stored(logs_client: Any, group: str, stream: str) -> None:
    t = now_ms()
    hour = 3_600_000
    resp = logs_client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
        {"timestamp": t - 14 * 24 * hour - 2 * hour, "message": "old"},
        {"timestamp": t - 14 * 24 * hour - hour, "message": "old too"},
        {"timestamp": t - 14 * 24 * hour + hour, "message": "kept"},
    ])
    assert resp["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 2}
    events = logs_client.get_log_events(logGroupName=group, logStreamName=stream,
                                        startFromHead=True)["events"]
    assert [e["message"] for e in events] == ["kept"]


def test_events_over_two_hours_ahead_are_rejected(logs_client: Any, group: str, stream: str) -> None:
    t = now_ms()
    resp = logs_client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
        {"timestamp": t, "message": "now"},
        {"timestamp": t + 3 * 3_600_000, "message": "future"},
    ])
    assert resp["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 1}
    events = logs_client.get_log_events(logGroupName=group, logStreamName=stream)["events"]
    assert [e["message"] for e in events] == ["now"]


def test_a_batch_cannot_span_more_than_a_day(logs_client: Any, group: str, stream: str) -> None:
    t = now_ms()
    with pytest.raises(ClientError) as err:
        logs_client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
            {"timestamp": t - 25 * 3_600_000, "message": "a"}, {"timestamp": t, "message": "b"}])
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
