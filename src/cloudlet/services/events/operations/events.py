"""PutEvents: events onto buses, and into the delivery queue of every matching rule.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
- Each entry is checked on its own (``envelope.build_event``); a failing entry has
  ErrorCode/ErrorMessage in ``Entries`` at its position and counts in FailedEntryCount.
- An entry naming a bus that does not exist fails with ResourceNotFoundException.
- An entry may name another account's bus by ARN; its rules get the event (whose
  ``account`` stays the sender's). cloudlet does not check that bus's policy.
- Sources starting ``aws.`` are reserved for AWS services (NotAuthorizedForSourceException).
- The deliveries of every accepted entry are queued durably, in one transaction, before
  the answer: an acknowledged event reaches its targets even if the server is killed.
"""

from __future__ import annotations

from typing import Any

from cloudlet.metrics import standard
from cloudlet.server.context import RequestContext
from cloudlet.services.events.envelope import (
    MAX_REQUEST_BYTES,
    EntryError,
    build_event,
    entry_size,
    event_time,
)
from cloudlet.services.events.errors import ValidationException
from cloudlet.services.events.members import Request
from cloudlet.services.events.names import Arn, bus_name
from cloudlet.services.events.registry import events_db, service, store_for, store_of
from cloudlet.services.events.routing import Routed, enqueue, matching_rules
from cloudlet.services.events.store import EventsStore


def _bus(ctx: RequestContext, value: str | None) -> tuple[EventsStore, str]:
    """The store and name of the bus an entry names: the caller's, or the account and
    region of the bus ARN it gives (another account's bus)."""
    arn = Arn.parse(value) if value and value.startswith("arn:") else None
    if arn is not None and (arn.account, arn.region) != (ctx.account, ctx.region):
        return store_for(ctx.state, arn.account, arn.region), bus_name(value)
    return store_of(ctx), bus_name(value)


@service.operation("PutEvents")
def put_events(ctx: RequestContext, req: Request) -> dict[str, Any]:
    entries = req["Entries"]
    if sum(entry_size(e) for e in entries) > MAX_REQUEST_BYTES:
        raise ValidationException("Total size of the entries in the request is over the limit.")
    trusted = ctx.caller.kind == "service"
    now = ctx.state.clock.now()
    answers: list[dict[str, str]] = []
    routed: list[Routed] = []
    billed = 0  # custom events, in 64 KB chunks (events from AWS services are free)
    for entry in entries:
        try:
            if str(entry.get("Source", "")).startswith("aws.") and not trusted:
                raise EntryError("NotAuthorizedForSourceException", "Not authorized for the source.")
            event = build_event(entry, account=ctx.account, region=ctx.region, now=now)
            store, bus = _bus(ctx, entry.get("EventBusName"))
            if store.find_bus(bus) is None:
                raise EntryError("ResourceNotFoundException", f"Event bus {bus} does not exist.")
        except EntryError as err:
            answers.append({"ErrorCode": err.code, "ErrorMessage": err.message})
            continue
        rules = matching_rules(store, bus, event)
        routed.append(Routed(store, event, rules, bus, event_time(entry, now)))
        answers.append({"EventId": event["id"]})
        standard.events_matched(ctx.state, store.account, store.region, bus,
                                [rule.name for rule in rules])
        if not trusted:
            billed += standard.chunks(entry_size(entry))
    enqueue(events_db(ctx.state), routed)
    if billed:
        standard.request(ctx.state, ctx.account, ctx.region, "EventBridge", billed)
    failed = sum(1 for a in answers if "ErrorCode" in a)
    return {"FailedEntryCount": failed, "Entries": answers}
