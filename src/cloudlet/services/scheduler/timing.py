"""When a schedule fires next: its expression's next occurrence, shifted into its
flexible time window.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html
- Mode OFF: the target is invoked at the occurrence.
- Mode FLEXIBLE with MaximumWindowInMinutes W: at some point within W minutes after the
  occurrence. cloudlet picks the point from a random generator seeded with the schedule's
  ARN and the occurrence, so the same schedule fires at the same offsets on every run
  (tests can rely on it) while different schedules spread out.

The expressions themselves (``at``, ``rate``, ``cron``, time zones, StartDate/EndDate)
are ``cloudlet.schedule_expressions``'. A rate counts from StartDate, or else from when the
schedule was created or last updated: ``rate(5 minutes)`` created at 12:00:30 fires at
12:05:30, 12:10:30, ...
"""

from __future__ import annotations

import random
from typing import Any

from cloudlet.schedule_expressions import Schedule as Expression
from cloudlet.schedule_expressions import ScheduleError, parse_schedule
from cloudlet.services.scheduler.errors import ValidationException

# Where a rate without StartDate counts from: when the schedule was created or last
# updated (kept in its settings under this key, never answered).
ANCHOR = "_anchor"


def expression(doc: dict[str, Any]) -> Expression:
    """The parsed schedule expression of a schedule's settings; ValidationException with
    the parser's message when it is not valid."""
    start = doc.get("StartDate")
    try:
        return parse_schedule(doc["ScheduleExpression"],
                              doc.get("ScheduleExpressionTimezone") or "UTC",
                              doc.get(ANCHOR) if start is None else start, doc.get("EndDate"))
    except ScheduleError as err:
        raise ValidationException(err.scheduler_message) from None


def is_one_time(doc: dict[str, Any]) -> bool:
    return str(doc["ScheduleExpression"]).strip().startswith("at(")


def window_span(doc: dict[str, Any]) -> float:
    """The flexible window's length in seconds (0 when it is OFF)."""
    window = doc.get("FlexibleTimeWindow") or {}
    if window.get("Mode") != "FLEXIBLE":
        return 0.0
    return 60.0 * int(window.get("MaximumWindowInMinutes") or 0)


def window_offset(arn: str, scheduled: float, doc: dict[str, Any]) -> float:
    """Seconds after the occurrence the target is invoked (0 when the window is OFF)."""
    span = window_span(doc)
    return random.Random(f"{arn}|{scheduled:.3f}").uniform(0.0, span) if span else 0.0


def next_firing(arn: str, doc: dict[str, Any], after: float) -> tuple[float | None, float | None]:
    """(occurrence, delivery time) of the first occurrence after ``after``; (None, None)
    when the schedule is disabled or has no more."""
    if doc.get("State", "ENABLED") != "ENABLED":
        return None, None
    scheduled = expression(doc).next_after(after)
    if scheduled is None:
        return None, None
    return scheduled, scheduled + window_offset(arn, scheduled, doc)

