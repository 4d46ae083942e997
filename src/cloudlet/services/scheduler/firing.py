"""The ``scheduler.fire`` worker: sleeps on the server's clock until the next schedule is
due, then queues its delivery and plans its next firing, in one transaction.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
- Each firing queues one delivery (``delivery.py`` invokes the target) carrying a fresh
  execution id and the occurrence's time.
- A one-time (``at``) schedule, or a recurring one past its EndDate, has no next firing
  after its last; with ActionAfterCompletion DELETE the schedule is deleted then.
- Occurrences are not caught up in bursts: when a recurring schedule fires later than
  its next occurrence (the clock jumped, the server was busy) it fires once and its next
  firing is planned after now. When the worker starts (server start, or a restart after
  a crash) a recurring schedule whose firing passed while nothing ran is moved on to its
  next occurrence without firing; a one-time schedule that came due then fires once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.clock import new_id
from cloudlet.server.errors import ServiceError
from cloudlet.services.scheduler.registry import service, store_of
from cloudlet.services.scheduler.store import Schedule, Store
from cloudlet.services.scheduler.timing import is_one_time, next_firing, window_span

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

# Longest sleep between looks at the table (a change wakes the worker sooner).
IDLE_S = 60.0


def delivery(schedule: Schedule, scheduled: float) -> bytes:
    """What a firing queues: everything the delivery needs, even if the schedule is
    changed or deleted before it runs."""
    job: dict[str, Any] = {
        "account": schedule.account, "region": schedule.region,
        "schedule_arn": schedule.arn, "target": schedule.doc["Target"],
        "scheduled": scheduled, "execution_id": new_id(),
    }
    return orjson.dumps(job)


def _after_firing(schedule: Schedule, now: float) -> tuple[float | None, float | None]:
    """The next firing after the one due now: the next occurrence, unless that one too has
    passed (by more than the flexible window): then the first after now."""
    assert schedule.scheduled is not None
    span = window_span(schedule.doc)
    upcoming, fire_at = next_firing(schedule.arn, schedule.doc, schedule.scheduled)
    if upcoming is not None and upcoming <= now - span:
        upcoming, fire_at = next_firing(schedule.arn, schedule.doc, now - span)
    return upcoming, fire_at


def fire_due(store: Store, now: float) -> int:
    """Queue a delivery for every schedule due at ``now``; how many fired."""
    fired = 0
    for schedule in store.due(now):
        assert schedule.scheduled is not None
        try:
            upcoming, fire_at = _after_firing(schedule, now)
        except ServiceError:  # settings that no longer parse: stop it, not the worker
            log.exception("schedule %s cannot be planned; it will not fire", schedule.arn)
            store.move(schedule, None, None)
            continue
        remove = upcoming is None and schedule.doc.get("ActionAfterCompletion") == "DELETE"
        store.fired(schedule, delivery(schedule, schedule.scheduled), {"attempts": 0},
                    upcoming, fire_at, remove=remove)
        fired += 1
    return fired


def resume(store: Store, now: float) -> None:
    """Move recurring schedules whose firing passed while nothing ran to their next
    occurrence (one-time schedules keep theirs and fire once)."""
    for schedule in store.overdue(now):
        if not is_one_time(schedule.doc):
            store.move(schedule, *next_firing(schedule.arn, schedule.doc, now))


@service.worker("scheduler.fire")
async def fire(state: ServerState) -> None:
    store = store_of(state)
    clock = state.clock
    resume(store, clock.now())
    while True:
        store.changed.clear()
        while fire_due(store, clock.now()):
            pass
        idle = clock.now() + IDLE_S
        upcoming = store.next_fire_at()
        await clock.wait_until(store.changed, idle if upcoming is None else min(idle, upcoming))
