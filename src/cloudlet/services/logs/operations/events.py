"""Log events: put, get (one stream, forward and backward tokens), filter (a group).

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.services.logs import service, tokens
from cloudlet.services.logs.backend import stores
from cloudlet.services.logs.errors import InvalidParameterException
from cloudlet.services.logs.filter_pattern import compile_pattern
from cloudlet.services.logs.names import group_of
from cloudlet.services.logs.shapes import (
    FilterLogEventsRequest,
    FilterLogEventsResponse,
    GetLogEventsRequest,
    GetLogEventsResponse,
    OutputLogEvent,
    PutLogEventsRequest,
    PutLogEventsResponse,
    RejectedLogEventsInfo,
)
from cloudlet.services.logs.store import DAY_MS, Event

MAX_SPAN_MS = DAY_MS
TOO_OLD_MS = 14 * DAY_MS
TOO_NEW_MS = 2 * 3_600_000
DEFAULT_LIMIT = 10_000


@service.operation("PutLogEvents")
def put_log_events(ctx: RequestContext, req: PutLogEventsRequest) -> PutLogEventsResponse:
    """Append a batch of events to a stream.

    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
    - Events must be in chronological order and span at most 24 hours
      (InvalidParameterException).
    - Events more than 2 hours in the future, more than 14 days old or older than the
      group's retention are not stored; ``rejectedLogEventsInfo`` says which
      (``tooOldLogEventEndIndex`` is exclusive, ``tooNewLogEventStartIndex`` inclusive).
    - The sequence token is ignored, as AWS now does; one is still returned.
    """
    group, stream = req["logGroupName"], req["logStreamName"]
    events = [(int(e["timestamp"]), str(e["message"])) for e in req["logEvents"]]
    stamps = [ts for ts, _ in events]
    if any(b < a for a, b in zip(stamps, stamps[1:], strict=False)):
        raise InvalidParameterException(
            "Log events in a single PutLogEvents request must be in chronological order.")
    if stamps[-1] - stamps[0] > MAX_SPAN_MS:
        raise InvalidParameterException(
            "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
    store = stores.of(ctx)
    info = store.group(group)
    now = store.now_ms()
    too_old = sum(1 for ts in stamps if ts < now - TOO_OLD_MS)
    expired = 0
    if info["retention"]:
        expired = sum(1 for ts in stamps if ts < now - info["retention"] * DAY_MS)
    too_new_from = next((i for i, ts in enumerate(stamps) if ts > now + TOO_NEW_MS), len(stamps))
    first = max(too_old, expired)
    store.put_events(group, stream, events[first:too_new_from] if first < too_new_from else [])
    out: PutLogEventsResponse = {"nextSequenceToken": f"{now:056d}"}
    rejected: RejectedLogEventsInfo = {}
    if too_old:
        rejected["tooOldLogEventEndIndex"] = too_old
    if expired:
        rejected["expiredLogEventEndIndex"] = expired
    if too_new_from < len(stamps):
        rejected["tooNewLogEventStartIndex"] = too_new_from
    if rejected:
        out["rejectedLogEventsInfo"] = rejected
    return out


def _output_event(event: Event) -> OutputLogEvent:
    return {"timestamp": event.timestamp, "message": event.message,
            "ingestionTime": event.ingestion_time}


@service.operation("GetLogEvents")
def get_log_events(ctx: RequestContext, req: GetLogEventsRequest) -> GetLogEventsResponse:
    """Read one stream: the newest ``limit`` events by default, the oldest with
    ``startFromHead``; then page with the returned tokens.

    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
    - ``nextForwardToken`` reads the events after this page; when there are none yet,
      the same token comes back (so a tailing reader knows it has reached the end).
    - ``nextBackwardToken`` reads the events before this page, likewise.
    - ``startTime`` is inclusive, ``endTime`` exclusive.
    """
    group = group_of(req)
    limit = req.get("limit", DEFAULT_LIMIT)
    token = req.get("nextToken")
    after = before = None
    if token:
        direction, position = tokens.parse_stream_token(token)
        if direction == "f":
            after = position
        else:
            before = position
    found = stores.of(ctx).stream_events(
        group, req["logStreamName"], start=req.get("startTime"), end=req.get("endTime"),
        after=after, before=before, from_head=bool(req.get("startFromHead")), limit=limit)
    if found:
        forward_token = tokens.forward(found[-1].position)
        backward_token = tokens.backward(found[0].position)
    elif after is not None:
        forward_token, backward_token = str(token), tokens.backward(after)
    elif before is not None:
        forward_token, backward_token = tokens.forward(before), str(token)
    else:
        forward_token = tokens.forward((0, 0))
        backward_token = tokens.backward((0, 0))
    return {"events": [_output_event(e) for e in found],
            "nextForwardToken": forward_token, "nextBackwardToken": backward_token}


@service.operation("FilterLogEvents")
def filter_log_events(ctx: RequestContext, req: FilterLogEventsRequest) -> FilterLogEventsResponse:
    """Events of a group matching ``filterPattern``, in time order across its streams.

    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
    - ``logStreamNames`` or ``logStreamNamePrefix`` (not both) narrow the streams.
    - ``startTime`` and ``endTime`` are both inclusive here.
    - ``nextToken`` is returned while more events may match (a page may be short or
      empty when a long stretch did not match).
    """
    group = group_of(req)
    names = req.get("logStreamNames")
    prefix = req.get("logStreamNamePrefix")
    if names and prefix:
        raise InvalidParameterException(
            "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
    matcher = compile_pattern(req.get("filterPattern"))
    after = tokens.decode_position(req["nextToken"]) if req.get("nextToken") else None
    page = stores.of(ctx).filter_events(
        group, streams=names, prefix=prefix, start=req.get("startTime"), end=req.get("endTime"),
        after=after, matcher=matcher, limit=req.get("limit", DEFAULT_LIMIT))
    out: FilterLogEventsResponse = {"events": [
        {"logStreamName": e.stream, "timestamp": e.timestamp, "message": e.message,
         "ingestionTime": e.ingestion_time, "eventId": tokens.event_id(*e.position)}
        for e in page.events]}
    if page.next_position is not None:
        out["nextToken"] = tokens.encode_position(page.next_position)
    return out
