"""Firing on the server's clock: rate, cron in a time zone, one-time at() with
ActionAfterCompletion, flexible windows, disabled schedules, context attributes.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError

from tests.e2e.scheduler.conftest import nothing_arrives, receive
from tests.server import RunningServer

ATTRIBUTES = json.dumps({
    "arn": "<aws.scheduler.schedule-arn>", "time": "<aws.scheduler.scheduled-time>",
    "id": "<aws.scheduler.execution-id>", "attempt": "<aws.scheduler.attempt-number>"})


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def bodies(messages: list[dict[str, Any]]) -> list[Any]:
    return [json.loads(m["Body"]) for m in messages]


def test_rate_schedule_fires_every_period(sched_server: RunningServer, sqs: Any,
                                          queue: tuple[str, str], schedules: Callable[..., str],
                                          unique_name: str) -> None:
    """rate(5 minutes) fires 5, 10, ... minutes after creation, each time with the
    occurrence's time, the schedule's ARN, a new execution id and attempt 1 in its input."""
    url, arn = queue
    t0 = sched_server.clock_now()
    schedule_arn = schedules(unique_name, "rate(5 minutes)", {"Arn": arn, "Input": ATTRIBUTES})
    sched_server.advance_clock(299)
    assert nothing_arrives(sqs, url, 0.3)
    sched_server.advance_clock(1)
    first = bodies(receive(sqs, url, 1))
    assert first == [{"arn": schedule_arn, "time": iso(t0 + 300), "id": first[0]["id"],
                      "attempt": "1"}]
    sched_server.advance_clock(300)
    second = bodies(receive(sqs, url, 1))
    assert [b["time"] for b in second] == [iso(t0 + 600)]
    assert second[0]["id"] != first[0]["id"]
    assert nothing_arrives(sqs, url, 0.3)


def test_cron_schedule_fires_in_its_time_zone(sched_server: RunningServer, sqs: Any,
                                              queue: tuple[str, str], schedules: Callable[..., str],
                                              unique_name: str) -> None:
    """cron(30 9 * * ? *) in America/New_York fires at 09:30 New York time (14:30 UTC in
    winter)."""
    url, arn = queue
    zone = ZoneInfo("America/New_York")
    now = datetime.fromtimestamp(sched_server.clock_now(), zone)
    day = (now + timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    sched_server.set_clock(day.timestamp())
    schedules(unique_name, "cron(30 9 * * ? *)", {"Arn": arn, "Input": ATTRIBUTES},
              ScheduleExpressionTimezone="America/New_York")
    expected = day.replace(hour=9, minute=30).timestamp()
    sched_server.set_clock(expected - 1)
    assert nothing_arrives(sqs, url, 0.3)
    sched_server.set_clock(expected)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [iso(expected)]
    sched_server.set_clock(expected + 86400)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [
        iso(day.replace(hour=9, minute=30) .timestamp() + 86400)]


def _at(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("at(%Y-%m-%dT%H:%M:%S)")


def test_one_time_schedule_with_delete_fires_once_and_goes(
        sched_server: RunningServer, scheduler: Any, sqs: Any, queue: tuple[str, str],
        schedules: Callable[..., str], unique_name: str) -> None:
    """at() fires once; with ActionAfterCompletion DELETE the schedule is deleted after."""
    url, arn = queue
    when = int(sched_server.clock_now()) + 600
    schedules(unique_name, _at(when), {"Arn": arn, "Input": ATTRIBUTES},
              ActionAfterCompletion="DELETE")
    sched_server.advance_clock(300)
    assert nothing_arrives(sqs, url, 0.3)
    assert scheduler.get_schedule(Name=unique_name)["ActionAfterCompletion"] == "DELETE"
    sched_server.set_clock(when)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [iso(when)]
    with pytest.raises(ClientError) as err:
        scheduler.get_schedule(Name=unique_name)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    sched_server.advance_clock(3600)
    assert nothing_arrives(sqs, url, 0.3)


def test_one_time_schedule_without_delete_stays(sched_server: RunningServer, scheduler: Any,
                                                sqs: Any, queue: tuple[str, str],
                                                schedules: Callable[..., str],
                                                unique_name: str) -> None:
    """With ActionAfterCompletion NONE a finished one-time schedule is kept, and does not
    fire again."""
    url, arn = queue
    when = int(sched_server.clock_now()) + 60
    schedules(unique_name, _at(when), {"Arn": arn, "Input": "once"})
    sched_server.set_clock(when)
    assert [m["Body"] for m in receive(sqs, url, 1)] == ["once"]
    sched_server.advance_clock(86400)
    assert nothing_arrives(sqs, url, 0.3)
    assert scheduler.get_schedule(Name=unique_name)["Name"] == unique_name


def test_at_in_a_time_zone(sched_server: RunningServer, sqs: Any, queue: tuple[str, str],
                           schedules: Callable[..., str], unique_name: str) -> None:
    """at() is read in ScheduleExpressionTimezone."""
    url, arn = queue
    zone = ZoneInfo("Asia/Tokyo")
    when = int(sched_server.clock_now()) + 120
    wall = datetime.fromtimestamp(when, zone).strftime("at(%Y-%m-%dT%H:%M:%S)")
    schedules(unique_name, wall, {"Arn": arn, "Input": "tokyo"},
              ScheduleExpressionTimezone="Asia/Tokyo")
    sched_server.set_clock(when - 1)
    assert nothing_arrives(sqs, url, 0.3)
    sched_server.set_clock(when)
    assert [m["Body"] for m in receive(sqs, url, 1)] == ["tokyo"]


def test_flexible_window_fires_within_the_window(sched_server: RunningServer, sqs: Any,
                                                 queue: tuple[str, str],
                                                 schedules: Callable[..., str],
                                                 unique_name: str) -> None:
    """With a 10-minute flexible window, the target is invoked at some point in the 10
    minutes after each occurrence; scheduled-time is still the occurrence."""
    url, arn = queue
    t0 = sched_server.clock_now()
    schedules(unique_name, "rate(1 hour)", {"Arn": arn, "Input": ATTRIBUTES},
              FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 10})
    sched_server.set_clock(t0 + 3600 - 1)
    assert nothing_arrives(sqs, url, 0.2)
    arrived_at = None
    for step in range(0, 601, 30):
        now = sched_server.set_clock(t0 + 3600 + step)
        got = receive(sqs, url, 1, timeout=0.3)
        if got:
            assert bodies(got)[0]["time"] == iso(t0 + 3600)
            arrived_at = now
            break
    assert arrived_at is not None
    assert t0 + 3600 <= arrived_at <= t0 + 3600 + 600


def test_disabled_schedule_does_not_fire(sched_server: RunningServer, scheduler: Any, sqs: Any,
                                         queue: tuple[str, str], schedules: Callable[..., str],
                                         unique_name: str) -> None:
    """A DISABLED schedule does not fire; enabled again (UpdateSchedule) it does."""
    url, arn = queue
    schedules(unique_name, "rate(1 minute)", {"Arn": arn, "Input": "tick"}, State="DISABLED")
    sched_server.advance_clock(120)
    assert nothing_arrives(sqs, url, 0.3)
    scheduler.update_schedule(Name=unique_name, ScheduleExpression="rate(1 minute)",
                              FlexibleTimeWindow={"Mode": "OFF"},
                              Target={"Arn": arn, "RoleArn": scheduler.get_schedule(
                                  Name=unique_name)["Target"]["RoleArn"], "Input": "tick"})
    sched_server.advance_clock(60)
    assert [m["Body"] for m in receive(sqs, url, 1)] == ["tick"]


def test_start_and_end_dates_bound_a_rate(sched_server: RunningServer, sqs: Any,
                                          queue: tuple[str, str], schedules: Callable[..., str],
                                          unique_name: str) -> None:
    """A rate counts from StartDate and stops after EndDate."""
    url, arn = queue
    start = int(sched_server.clock_now()) + 3600
    schedules(unique_name, "rate(10 minutes)", {"Arn": arn, "Input": ATTRIBUTES},
              StartDate=datetime.fromtimestamp(start, UTC),
              EndDate=datetime.fromtimestamp(start + 900, UTC))
    sched_server.set_clock(start - 1)
    assert nothing_arrives(sqs, url, 0.3)
    sched_server.set_clock(start)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [iso(start)]
    sched_server.set_clock(start + 600)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [iso(start + 600)]
    sched_server.set_clock(start + 3600)
    assert nothing_arrives(sqs, url, 0.3)


def test_a_jump_of_the_clock_fires_once_not_a_burst(sched_server: RunningServer, sqs: Any,
                                                    queue: tuple[str, str],
                                                    schedules: Callable[..., str],
                                                    unique_name: str) -> None:
    """Occurrences are not caught up in bursts: an hour passing at once fires a
    rate(1 minute) schedule once, then it keeps its phase."""
    url, arn = queue
    t0 = sched_server.clock_now()
    schedules(unique_name, "rate(1 minute)", {"Arn": arn, "Input": ATTRIBUTES})
    sched_server.set_clock(t0 + 3600 + 30)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [iso(t0 + 60)]
    assert nothing_arrives(sqs, url, 0.3)
    sched_server.set_clock(t0 + 3660)
    assert [b["time"] for b in bodies(receive(sqs, url, 1))] == [iso(t0 + 3660)]
