"""Logs: log groups, a group's streams, and its events filtered by a CloudWatch filter
pattern, with a live tail.

- ``/logs?prefix=&token=``: DescribeLogGroups (50 a page, ``logGroupNamePrefix``);
- ``/logs/{group}`` (the group name percent-encoded, slashes and all): the latest streams
  (DescribeLogStreams by last event time) and the latest events (FilterLogEvents with
  ``?pattern=``, ``?stream=``, ``?since=`` minutes, default 60);
- ``/logs/{group}?fragment=events``: just the events, what the live tail polls every 2 s
  (htmx) and what a function's Logs tab shows.

The newest ``SHOWN`` events of the window are shown, oldest first; at most ``MAX_CALLS``
FilterLogEvents pages are read for one view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from cloudlet.console.site import nav, page
from cloudlet.console.view import View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response

nav("Logs", "/logs", 90)

PAGE_SIZE = 50
SHOWN = 200
MAX_CALLS = 5


def group_path(group: str) -> str:
    """The console path of a log group's page."""
    return "/logs/" + quote(group, safe="")


async def latest_events(view: View, group: str, pattern: str = "", stream: str = "",
                        since_minutes: int = 60,
                        ) -> tuple[list[dict[str, Any]], bool, ServiceError | None]:
    """The newest ``SHOWN`` events of ``group`` in the last ``since_minutes`` matching
    ``pattern`` (oldest first), whether older matching ones were left out, and the error."""
    now_ms = int(view.state.clock.now() * 1000)
    params: dict[str, Any] = {"logGroupName": group,
                              "startTime": now_ms - since_minutes * 60_000, "endTime": now_ms}
    if pattern:
        params["filterPattern"] = pattern
    if stream:
        params["logStreamNames"] = [stream]
    events: list[dict[str, Any]] = []
    for _ in range(MAX_CALLS):
        out, error = await view.attempt("logs", "FilterLogEvents", params)
        if out is None:
            return events[-SHOWN:], len(events) > SHOWN, error
        events.extend(out.get("events") or [])
        if not out.get("nextToken"):
            break
        params["nextToken"] = out["nextToken"]
    events.sort(key=lambda e: (e.get("timestamp", 0), e.get("ingestionTime", 0)))
    return events[-SHOWN:], len(events) > SHOWN, None


def _since(view: View) -> int:
    try:
        return max(1, min(int(view.query.get("since", "60")), 60 * 24 * 14))
    except ValueError:
        return 60


@page("/logs")
async def groups(view: View) -> Response:
    params: dict[str, Any] = {"limit": PAGE_SIZE}
    prefix = view.query.get("prefix", "")
    if prefix:
        params["logGroupNamePrefix"] = prefix
    if view.query.get("token"):
        params["nextToken"] = view.query["token"]
    out, error = await view.attempt("logs", "DescribeLogGroups", params)
    return view.render("logs/groups.html", title="Log groups", crumbs=[], error=error,
                       groups=(out or {}).get("logGroups") or [], prefix=prefix,
                       next_token=(out or {}).get("nextToken"), group_path=group_path)


def events_context(view: View, group: str, pattern: str, stream: str, since: int,
                   found: tuple[list[dict[str, Any]], bool, ServiceError | None],
                   ) -> dict[str, Any]:
    events, more, error = found
    return {"group": group, "events": events, "more": more, "events_error": error,
            "tail_url": view.url(group_path(group), fragment="events", pattern=pattern or None,
                                 stream=stream or None, since=since)}


@page("/logs/{group*}")
async def group_page(view: View) -> Response:
    group = view.params["group"]
    pattern = view.query.get("pattern", "")
    stream = view.query.get("stream", "")
    since = _since(view)
    found = await latest_events(view, group, pattern, stream, since)
    context = events_context(view, group, pattern, stream, since, found)
    if view.query.get("fragment") == "events":
        return view.render("logs/events.html", **context)
    out, error = await view.attempt("logs", "DescribeLogStreams", {
        "logGroupName": group, "orderBy": "LastEventTime", "descending": True,
        "limit": PAGE_SIZE})
    return view.render("logs/group.html", title=group, crumbs=[("Logs", "/logs")],
                       error=error, streams=(out or {}).get("logStreams") or [],
                       pattern=pattern, stream=stream, since=since, group_path=group_path,
                       live=view.query.get("live") == "1", **context)
