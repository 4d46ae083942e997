"""Archives and replays: Create/Describe/List/Update/DeleteArchive,
StartReplay/DescribeReplay/ListReplays/CancelReplay.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html
(see ``archives.py`` for what is kept and how a replay runs)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.events.errors import IllegalStatusException, ValidationException
from cloudlet.services.events.listing import page
from cloudlet.services.events.matching import check_pattern, matches
from cloudlet.services.events.members import Request
from cloudlet.services.events.names import bus_name
from cloudlet.services.events.registry import service, store_of
from cloudlet.services.events.routing import Routed, enqueue


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, dt.datetime) else float(value)


@service.operation("CreateArchive")
def create_archive(ctx: RequestContext, req: Request) -> dict[str, Any]:
    store = store_of(ctx)
    bus = bus_name(req["EventSourceArn"])
    store.bus(bus)
    if req.get("EventPattern"):
        check_pattern(req["EventPattern"])
    archive = store.archives.create(req["ArchiveName"], bus, req["EventSourceArn"], req)
    return {"ArchiveArn": archive.arn, "State": "ENABLED", "CreationTime": archive.created}


@service.operation("DescribeArchive")
def describe_archive(ctx: RequestContext, req: Request) -> dict[str, Any]:
    archives = store_of(ctx).archives
    archive = archives.get(req["ArchiveName"])
    out = {**archive.summary(*archives.stats(archive)), "ArchiveArn": archive.arn}
    if archive.description is not None:
        out["Description"] = archive.description
    if archive.pattern is not None:
        out["EventPattern"] = archive.pattern
    return out


@service.operation("ListArchives")
def list_archives(ctx: RequestContext, req: Request) -> dict[str, Any]:
    archives = store_of(ctx).archives
    found = [a for a in archives.all(req.get("NamePrefix") or "")
             if req.get("EventSourceArn") in (None, a.source_arn)
             and req.get("State") in (None, "ENABLED")]
    listed, more = page(found, req)
    return {"Archives": [a.summary(*archives.stats(a)) for a in listed], **more}


@service.operation("UpdateArchive")
def update_archive(ctx: RequestContext, req: Request) -> dict[str, Any]:
    if req.get("EventPattern"):
        check_pattern(req["EventPattern"])
    archive = store_of(ctx).archives.update(req["ArchiveName"], req)
    return {"ArchiveArn": archive.arn, "State": "ENABLED", "CreationTime": archive.created}


@service.operation("DeleteArchive")
def delete_archive(ctx: RequestContext, req: Request) -> NoOutput:
    store_of(ctx).archives.delete(req["ArchiveName"])
    return {}


@service.operation("StartReplay")
def start_replay(ctx: RequestContext, req: Request) -> dict[str, Any]:
    """Replay the archived events of the time range to the archive's bus, now."""
    store = store_of(ctx)
    archives = store.archives
    archive = archives.get(req["EventSourceArn"].rsplit("/", 1)[-1])
    start, end = _epoch(req["EventStartTime"]), _epoch(req["EventEndTime"])
    if start >= end:
        raise ValidationException("Parameter EventStartTime is not valid. Reason: "
                                  "EventStartTime must be before EventEndTime.")
    destination = req["Destination"]
    if bus_name(destination["Arn"]) != archive.bus:
        raise ValidationException("Parameter Destination.Arn is not valid. Reason: "
                                  "Cross event bus replay is not permitted.")
    now = ctx.state.clock.now()
    name = req["ReplayName"]
    doc: dict[str, Any] = {
        "ReplayName": name, "ReplayArn": archives.arn("replay", name),
        "EventSourceArn": archive.arn, "Destination": destination, "EventStartTime": start,
        "EventEndTime": end, "ReplayStartTime": now, "State": "STARTING",
    }
    if req.get("Description"):
        doc["Description"] = req["Description"]
    archives.add_replay(name, doc)
    only = set(destination.get("FilterArns") or [])
    rules = [r for r in store.rules(archive.bus)
             if r.enabled and r.pattern and (not only or r.arn in only)]
    routed = []
    for event in archives.events(archive, start, end):
        replayed = {**event, "replay-name": name}
        routed.append(Routed(store, replayed,
                             [r for r in rules if matches(str(r.pattern), replayed)]))
    enqueue(store.db, routed)
    archives.set_replay(name, {**doc, "State": "COMPLETED", "ReplayEndTime": now,
                               **({"EventLastReplayedTime": now} if routed else {})})
    return {"ReplayArn": doc["ReplayArn"], "State": "STARTING", "ReplayStartTime": now}


@service.operation("DescribeReplay")
def describe_replay(ctx: RequestContext, req: Request) -> dict[str, Any]:
    return store_of(ctx).archives.replay(req["ReplayName"])


_SUMMARY = ("ReplayName", "EventSourceArn", "State", "StateReason", "EventStartTime",
            "EventEndTime", "EventLastReplayedTime", "ReplayStartTime", "ReplayEndTime")


@service.operation("ListReplays")
def list_replays(ctx: RequestContext, req: Request) -> dict[str, Any]:
    found = [r for r in store_of(ctx).archives.replays(req.get("NamePrefix") or "")
             if req.get("EventSourceArn") in (None, r["EventSourceArn"])
             and req.get("State") in (None, r["State"])]
    listed, more = page(found, req)
    return {"Replays": [{k: r[k] for k in _SUMMARY if k in r} for r in listed], **more}


@service.operation("CancelReplay")
def cancel_replay(ctx: RequestContext, req: Request) -> dict[str, Any]:
    """cloudlet's replays complete when they start: there is never one to cancel."""
    replay = store_of(ctx).archives.replay(req["ReplayName"])
    raise IllegalStatusException(
        f"Replay {replay['ReplayName']} is not in a state that it can be cancelled.")
