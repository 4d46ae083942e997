"""Rules with a ScheduleExpression, fired on the server's clock.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
- ``rate(...)`` counts from when the rule was created; ``cron(...)`` in UTC.
- Each firing sends the rule's targets ``{"source": "aws.events", "detail-type":
  "Scheduled Event", "resources": [rule ARN], "detail": {}}``.
- The event's ``time`` is the firing's scheduled time, not when cloudlet got to it.
- The next firing time is stored with the rule. When the clock jumps past several firings
  (a manual clock advanced by hours) the rule fires once (dated at the last of them), then
  waits for its next time after now. After a restart, firings that fell while the server was down are skipped
  (no burst): each rule resumes at its next time after the restart.
- A disabled rule does not fire; enabling it again schedules its next time from then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.schedule_expressions import RULE_MESSAGE, ScheduleError, parse_schedule
from cloudlet.services.events.envelope import scheduled_event
from cloudlet.services.events.errors import ValidationException
from cloudlet.services.events.registry import events_db, service, store_for
from cloudlet.services.events.routing import Routed, enqueue

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.events.store import EventsDb, Rule

_MAX_CATCH_UP = 10_000


def next_fire(expression: str, created: float, after: float) -> float | None:
    """When a schedule made at ``created`` next fires after ``after``."""
    try:
        return parse_schedule(expression, start=created).next_after(after)
    except ScheduleError:
        return None


def check_schedule(expression: str) -> None:
    """ValidationException unless ``expression`` is a rule's rate() or cron() schedule
    (``at()`` is EventBridge Scheduler's only)."""
    try:
        schedule = parse_schedule(expression)
    except ScheduleError as err:
        raise ValidationException(err.message) from None
    if schedule.kind == "at":
        raise ValidationException(RULE_MESSAGE)


def _fire(state: ServerState, rule: Rule, now: float) -> None:
    store = store_for(state, rule.account, rule.region)
    event = scheduled_event(rule.arn, account=rule.account, region=rule.region, now=now)
    enqueue(store.db, [Routed(store, event, [rule])])


def _latest_due(expression: str, created: float, due: float, now: float) -> float:
    """The last firing time at or before ``now``, from ``due`` on (what the event says)."""
    for _ in range(_MAX_CATCH_UP):
        following = next_fire(expression, created, due)
        if following is None or following > now:
            return due
        due = following
    return now


def _skip_missed(db: EventsDb, now: float) -> None:
    for rule in db.scheduled_rules():
        if rule.next_fire is not None and rule.next_fire <= now and rule.schedule:
            db.set_next_fire(rule, next_fire(rule.schedule, rule.created, now))


@service.worker("events.schedules")
async def fire_schedules(state: ServerState) -> None:
    db = events_db(state)
    _skip_missed(db, state.clock.now())
    while True:
        db.schedules_changed.clear()
        now = state.clock.now()
        upcoming: float | None = None
        for rule in db.scheduled_rules():
            assert rule.next_fire is not None
            if rule.next_fire <= now and rule.schedule:
                _fire(state, rule, _latest_due(rule.schedule, rule.created, rule.next_fire, now))
                following = next_fire(rule.schedule, rule.created, now)
                db.set_next_fire(rule, following)
                when = following
            else:
                when = rule.next_fire
            if when is not None and (upcoming is None or when < upcoming):
                upcoming = when
        if upcoming is None:
            await state.clock.wait(db.schedules_changed, None)
        else:
            await state.clock.wait_until(db.schedules_changed, upcoming)
