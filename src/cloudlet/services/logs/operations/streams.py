"""Log streams: create, delete, describe.

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.logs import service, tokens
from cloudlet.services.logs.backend import stores
from cloudlet.services.logs.errors import InvalidParameterException, InvalidToken
from cloudlet.services.logs.names import group_of
from cloudlet.services.logs.shapes import (
    CreateLogStreamRequest,
    DeleteLogStreamRequest,
    DescribeLogStreamsRequest,
    DescribeLogStreamsResponse,
    LogStream,
)

DEFAULT_LIMIT = 50


@service.operation("CreateLogStream")
def create_log_stream(ctx: RequestContext, req: CreateLogStreamRequest) -> NoOutput:
    """Create a stream in an existing group.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
    """
    stores.of(ctx).create_stream(req["logGroupName"], req["logStreamName"])
    return {}


@service.operation("DeleteLogStream")
def delete_log_stream(ctx: RequestContext, req: DeleteLogStreamRequest) -> NoOutput:
    """Delete a stream and its events.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogStream.html
    """
    stores.of(ctx).delete_stream(req["logGroupName"], req["logStreamName"])
    return {}


@service.operation("DescribeLogStreams")
def describe_log_streams(ctx: RequestContext,
                         req: DescribeLogStreamsRequest) -> DescribeLogStreamsResponse:
    """List a group's streams by name (default) or by last event time, optionally
    descending; a prefix cannot be combined with ordering by LastEventTime.
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
    """
    group = group_of(req)
    prefix = req.get("logStreamNamePrefix")
    by_last_event = req.get("orderBy") == "LastEventTime"
    if prefix and by_last_event:
        raise InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.")
    limit = req.get("limit", DEFAULT_LIMIT)
    offset = 0
    if req.get("nextToken"):
        text = tokens.decode(req["nextToken"])
        if not text.isdigit():
            raise InvalidToken()
        offset = int(text)
    store = stores.of(ctx)
    rows = store.streams(group, prefix, by_last_event, bool(req.get("descending")), offset, limit)
    arn = store.arn(group)
    out: DescribeLogStreamsResponse = {"logStreams": [_describe(arn, r) for r in rows[:limit]]}
    if len(rows) > limit:
        out["nextToken"] = tokens.encode(str(offset + limit))
    return out


def _describe(group_arn: str, row: dict[str, Any]) -> LogStream:
    out: LogStream = {
        "logStreamName": row["name"],
        "creationTime": row["created"],
        "arn": f"{group_arn}:log-stream:{row['name']}",
        "storedBytes": row["stored_bytes"],
    }
    if row["first_ts"] is not None:
        out["firstEventTimestamp"] = row["first_ts"]
        out["lastEventTimestamp"] = row["last_ts"]
        out["lastIngestionTime"] = row["last_ingest"]
        out["uploadSequenceToken"] = str(row["last_ingest"])
    return out
