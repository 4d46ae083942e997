"""From an event to its deliveries: the rules of the bus whose pattern matches it, and one
durable queue message per (event, target), all put in one transaction before PutEvents
(or the schedule) answers.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from cloudlet.services.events.matching import matches
from cloudlet.services.events.store import EventsDb, EventsStore, Rule
from cloudlet.services.events.transform import target_input
from cloudlet.storage import transaction

DELIVERY_QUEUE = "events.delivery"


def matching_rules(store: EventsStore, bus: str, event: dict[str, Any]) -> list[Rule]:
    return [rule for rule in store.rules(bus)
            if rule.enabled and rule.pattern is not None and matches(rule.pattern, event)]


@dataclass(slots=True)
class Routed:
    """An event, the rules it goes to (in ``store``, the account and region of their
    bus) and, for an event put on a bus, the bus and the event's time (for the bus's
    archives)."""

    store: EventsStore
    event: dict[str, Any]
    rules: list[Rule]
    bus: str | None = None
    at: float = 0.0


def enqueue(db: EventsDb, routed: list[Routed]) -> int:
    """Queue a delivery of each event to each target of its rules, and archive the events
    put on a bus, in one transaction; how many deliveries were queued."""
    count = 0
    with transaction(db.conn):
        for item in routed:
            event, store = item.event, item.store
            if item.bus is not None:
                store.archives.keep(item.bus, event, item.at)
            for rule in item.rules:
                for target in store.targets(rule.bus, rule.name):
                    payload = {
                        "account": store.account, "region": store.region,
                        "rule_arn": rule.arn, "event": event, "target": target,
                        "input": target_input(target, event, rule.arn, rule.name),
                    }
                    db.queues.put(DELIVERY_QUEUE, orjson.dumps(payload),
                                        target=target["Arn"], attributes={"attempts": 0})
                    count += 1
    return count
