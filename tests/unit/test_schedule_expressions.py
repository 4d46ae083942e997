"""Schedule expressions (cloudlet.schedule_expressions): exact fire times.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
(cron and rate expressions, with the examples used below)
https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
(time zones, daylight saving time, one-time schedules)
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from cloudlet.schedule_expressions import ScheduleError, parse_schedule


def ts(text: str) -> float:
    """Epoch seconds of an ISO time in UTC ("2026-01-01T10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M")


def fires(expr: str, after: str, count: int = 1, timezone: str = "UTC") -> list[str | None]:
    schedule = parse_schedule(expr, timezone)
    out: list[str | None] = []
    t: float | None = ts(after)
    for _ in range(count):
        t = schedule.next_after(t) if t is not None else None
        out.append(iso(t))
    return out


# 2026-01-01 is a Thursday; 2026-01-02 a Friday, 2026-01-05 a Monday.
@pytest.mark.parametrize(("expr", "after", "expected"), [
    ("cron(0 10 * * ? *)", "2026-01-01T00:00", ["2026-01-01T10:00", "2026-01-02T10:00"]),
    ("cron(15 12 * * ? *)", "2026-01-01T12:15", ["2026-01-02T12:15", "2026-01-03T12:15"]),
    ("cron(0 18 ? * MON-FRI *)", "2026-01-02T18:00", ["2026-01-05T18:00", "2026-01-06T18:00"]),
    ("cron(0 8 1 * ? *)", "2026-01-01T08:00", ["2026-02-01T08:00", "2026-03-01T08:00"]),
    ("cron(0/15 * * * ? *)", "2026-01-01T00:07", ["2026-01-01T00:15", "2026-01-01T00:30"]),
    ("cron(0/15 * * * ? *)", "2026-01-01T00:45", ["2026-01-01T01:00"]),
    ("cron(0/10 * ? * MON-FRI *)", "2026-01-02T23:55", ["2026-01-05T00:00", "2026-01-05T00:10"]),
    ("cron(0/5 8-17 ? * MON-FRI *)", "2026-01-05T17:50",
     ["2026-01-05T17:55", "2026-01-06T08:00"]),
    ("cron(0/30 20-2 ? * MON-FRI *)", "2026-01-05T02:00",
     ["2026-01-05T02:30", "2026-01-05T20:00"]),
    ("cron(0/30 20-2 ? * MON-FRI *)", "2026-01-09T23:30", ["2026-01-12T00:00"]),
    ("cron(0 12 * * ? *)", "2026-01-01T12:00", ["2026-01-02T12:00"]),
    ("cron(5,35 14 * * ? *)", "2026-01-01T14:05", ["2026-01-01T14:35", "2026-01-02T14:05"]),
    ("cron(15 10 ? * 6L 2019-2022)", "2019-01-01T00:00",
     ["2019-01-25T10:15", "2019-02-22T10:15"]),
    ("cron(15 10 ? * 6L 2019-2022)", "2022-12-30T10:15", [None]),
    ("cron(1/10 * * * ? *)", "2026-01-01T00:00", ["2026-01-01T00:01", "2026-01-01T00:11"]),
])
def test_documented_cron_examples(expr: str, after: str, expected: list[str | None]) -> None:
    assert fires(expr, after, len(expected)) == expected


@pytest.mark.parametrize(("expr", "after", "expected"), [
    ("cron(0 9 ? * 2#1 *)", "2026-01-01T00:00", ["2026-01-05T09:00", "2026-02-02T09:00"]),
    ("cron(0 0 ? * 3#2 *)", "2026-01-01T00:00", ["2026-01-13T00:00"]),
    ("cron(0 0 ? * 6#5 *)", "2026-01-01T00:00", ["2026-01-30T00:00", "2026-05-29T00:00"]),
    ("cron(0 0 L * ? *)", "2026-02-01T00:00", ["2026-02-28T00:00", "2026-03-31T00:00"]),
    ("cron(0 0 L 2 ? *)", "2027-03-01T00:00", ["2028-02-29T00:00"]),
    ("cron(0 0 LW * ? *)", "2026-01-01T00:00", ["2026-01-30T00:00", "2026-02-27T00:00"]),
    ("cron(0 0 LW 5 ? *)", "2026-01-01T00:00", ["2026-05-29T00:00"]),
    ("cron(0 0 15W 2 ? *)", "2026-01-01T00:00", ["2026-02-16T00:00"]),
    ("cron(0 0 15W 8 ? *)", "2026-01-01T00:00", ["2026-08-14T00:00"]),
    ("cron(0 0 1W 8 ? *)", "2026-01-01T00:00", ["2026-08-03T00:00"]),
    ("cron(0 0 1W 11 ? *)", "2026-01-01T00:00", ["2026-11-02T00:00"]),
    ("cron(0 0 31W 10 ? *)", "2026-01-01T00:00", ["2026-10-30T00:00"]),
    ("cron(0 0 31W * ? *)", "2026-03-31T00:00", ["2026-05-29T00:00"]),
    ("cron(0 0 ? * L *)", "2026-01-01T00:00", ["2026-01-03T00:00", "2026-01-10T00:00"]),
    ("cron(0 0 ? * 1L *)", "2026-01-01T00:00", ["2026-01-25T00:00"]),
    ("cron(0 0 ? * SUNL *)", "2026-01-01T00:00", ["2026-01-25T00:00"]),
    ("cron(0 0 ? * 1 *)", "2026-01-01T00:00", ["2026-01-04T00:00"]),
    ("cron(0 0 ? * SUN *)", "2026-01-01T00:00", ["2026-01-04T00:00"]),
    ("cron(0 0 ? * 7 *)", "2026-01-01T00:00", ["2026-01-03T00:00"]),
    ("cron(0 0 ? * FRI-MON *)", "2026-01-01T00:00",
     ["2026-01-02T00:00", "2026-01-03T00:00", "2026-01-04T00:00", "2026-01-05T00:00",
      "2026-01-09T00:00"]),
    ("cron(0 0 1 JAN,JUL ? *)", "2026-01-01T00:00", ["2026-07-01T00:00", "2027-01-01T00:00"]),
    ("cron(0 0 1 NOV-FEB ? *)", "2026-02-01T00:00", ["2026-11-01T00:00", "2026-12-01T00:00"]),
    ("cron(0 0 1 jan ? *)", "2026-01-01T00:00", ["2027-01-01T00:00"]),
    ("cron(0 0 1 1 ? 2027)", "2026-01-01T00:00", ["2027-01-01T00:00", None]),
    ("cron(0 0 1 1 ? 2025)", "2026-01-01T00:00", [None]),
    ("cron(0 0 31 2 ? *)", "2026-01-01T00:00", [None]),
    ("cron(0 0 29 2 ? *)", "2026-01-01T00:00", ["2028-02-29T00:00"]),
    ("cron(0 0-23/6 * * ? *)", "2026-01-01T00:00", ["2026-01-01T06:00", "2026-01-01T12:00"]),
    ("cron(* * * * ? *)", "2026-01-01T00:00", ["2026-01-01T00:01", "2026-01-01T00:02"]),
])
def test_special_characters(expr: str, after: str, expected: list[str | None]) -> None:
    """L, W, LW, #, nL, names (1 = SUN), wrapping ranges, years, impossible dates."""
    assert fires(expr, after, len(expected)) == expected


def test_a_time_between_minutes_fires_at_the_next_whole_minute() -> None:
    schedule = parse_schedule("cron(* * * * ? *)")
    assert iso(schedule.next_after(ts("2026-01-01T00:00") + 0.5)) == "2026-01-01T00:01"


def test_a_never_firing_cron_answers_quickly() -> None:
    started = time.monotonic()
    assert parse_schedule("cron(0 0 30 2 ? *)").next_after(ts("1970-01-01T00:00")) is None
    assert time.monotonic() - started < 2


def test_spring_forward_skips_the_missing_time() -> None:
    """New York, 2026-03-08: 02:30 does not exist, so that day's invocation is skipped."""
    expected = ["2026-03-07T07:30", "2026-03-09T06:30", "2026-03-10T06:30"]
    assert fires("cron(30 2 * * ? *)", "2026-03-06T08:00", 3, "America/New_York") == expected


def test_fall_back_runs_the_repeated_time_once() -> None:
    """New York, 2026-11-01: 01:30 happens twice (EDT, then EST); it fires once."""
    expected = ["2026-11-01T05:30", "2026-11-02T06:30"]
    assert fires("cron(30 1 * * ? *)", "2026-10-31T06:00", 2, "America/New_York") == expected


def test_hourly_cron_in_the_fall_back_hour() -> None:
    expected = ["2026-11-01T05:00", "2026-11-01T07:00", "2026-11-01T08:00"]
    assert fires("cron(0 * * * ? *)", "2026-11-01T04:30", 3, "America/New_York") == expected


def test_cron_follows_the_zone_offset_across_the_year() -> None:
    """Paris: 09:00 is 08:00 UTC in winter and 07:00 UTC from 2026-03-29."""
    assert fires("cron(0 9 * * ? *)", "2026-03-27T12:00", 3, "Europe/Paris") == [
        "2026-03-28T08:00", "2026-03-29T07:00", "2026-03-30T07:00"]


def test_rate_counts_fixed_durations_from_start() -> None:
    """rate(1 day) is 24 hours, even across a DST change in the schedule's zone."""
    start = ts("2026-03-07T17:00")
    schedule = parse_schedule("rate(1 day)", "America/New_York", start=start)
    assert iso(schedule.next_after(start)) == "2026-03-08T17:00"
    assert iso(schedule.next_after(start - 3600)) == "2026-03-07T17:00"
    assert iso(schedule.at_or_after(start)) == "2026-03-07T17:00"


@pytest.mark.parametrize(("expr", "period"), [
    ("rate(1 minute)", 60), ("rate(5 minutes)", 300), ("rate(1 hour)", 3600),
    ("rate(12 hours)", 43200), ("rate(1 day)", 86400), ("rate(2 days)", 172800),
])
def test_rate_periods(expr: str, period: int) -> None:
    start = ts("2026-01-01T00:00")
    schedule = parse_schedule(expr, start=start)
    assert schedule.kind == "rate"
    assert schedule.next_after(start) == start + period
    assert schedule.next_after(start + period) == start + 2 * period
    assert schedule.next_after(start + period - 1) == start + period


def test_rate_without_start_counts_from_the_epoch() -> None:
    schedule = parse_schedule("rate(5 minutes)")
    assert iso(schedule.next_after(ts("2026-01-01T00:01"))) == "2026-01-01T00:05"


def test_start_and_end_bound_recurring_schedules() -> None:
    """Nothing before StartDate (a fire at it counts), nothing after EndDate."""
    schedule = parse_schedule("cron(0 10 * * ? *)", start=ts("2026-01-05T10:00"),
                              end=ts("2026-01-06T10:00"))
    assert iso(schedule.next_after(ts("2026-01-01T00:00"))) == "2026-01-05T10:00"
    assert iso(schedule.next_after(ts("2026-01-05T10:00"))) == "2026-01-06T10:00"
    assert schedule.next_after(ts("2026-01-06T10:00")) is None
    rate = parse_schedule("rate(1 hour)", start=ts("2026-01-01T00:00"),
                          end=ts("2026-01-01T01:30"))
    assert iso(rate.next_after(ts("2026-01-01T00:00"))) == "2026-01-01T01:00"
    assert rate.next_after(ts("2026-01-01T01:00")) is None


def test_at_fires_once_in_its_time_zone() -> None:
    schedule = parse_schedule("at(2026-07-01T09:00:00)", "Asia/Tokyo")
    assert schedule.kind == "at"
    assert iso(schedule.next_after(ts("2026-01-01T00:00"))) == "2026-07-01T00:00"
    assert schedule.next_after(ts("2026-07-01T00:00")) is None
    utc = parse_schedule("at(2026-07-01T09:00:00)")
    assert iso(utc.next_after(0)) == "2026-07-01T09:00"


@pytest.mark.parametrize("expr", [
    "rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(-1 minutes)",
    "rate(5 seconds)", "rate(1.5 hours)", "rate( 5 minutes)", "rate(5  minutes)",
    "rate(5 Minutes)", "rate(5)", "every 5 minutes", "",
    "cron(0 10 * * ?)", "cron(0 10 * * ? * *)", "cron(0  10 * * ? *)", "cron()",
    "cron(0 10 * * * *)", "cron(0 10 ? * ? *)", "cron(60 10 * * ? *)", "cron(0 24 * * ? *)",
    "cron(0 10 32 * ? *)", "cron(0 10 0 * ? *)", "cron(0 10 * 13 ? *)", "cron(0 10 ? * 8 *)",
    "cron(0 10 ? * 0 *)", "cron(0 10 * * ? 1969)", "cron(0 10 * * ? 2200)",
    "cron(0 10 ? * 3#1,6#3 *)", "cron(0 10 ? * 6#6 *)", "cron(0 10 ? * 2#0 *)",
    "cron(0 10 L-2 * ? *)", "cron(0 10 ? * 15W *)", "cron(0 10 1#2 * ? *)",
    "cron(0 10 32W * ? *)", "cron(0 10 ? * FOO *)", "cron(0/0 10 * * ? *)",
    "cron(a 10 * * ? *)", "cron(0 10 * FOO ? *)", "cron(0 10 1,L * ? *)",
    "at(2026-13-01T00:00:00)", "at(2026-02-30T00:00:00)", "at(2026-01-01 00:00:00)",
    "at(2026-01-01T00:00)",
])
def test_invalid_expressions(expr: str) -> None:
    with pytest.raises(ScheduleError) as err:
        parse_schedule(expr)
    assert err.value.message == "Parameter ScheduleExpression is not valid."
    assert err.value.scheduler_message == f"Invalid Schedule Expression {expr}."
    assert err.value.reason


def test_unknown_time_zone() -> None:
    with pytest.raises(ScheduleError):
        parse_schedule("cron(0 10 * * ? *)", "Mars/Olympus_Mons")


def test_kinds() -> None:
    assert parse_schedule("cron(0 10 * * ? *)").kind == "cron"
    assert parse_schedule("rate(1 day)").kind == "rate"


def test_rate_is_strictly_after_on_fractional_boundaries() -> None:
    start = 1767225600.1
    schedule = parse_schedule("rate(1 minute)", start=start)
    t = start
    for _ in range(1000):
        following = schedule.next_after(t)
        assert following is not None and following > t
        t = following
    assert abs(t - (start + 60000)) < 1e-6


def test_bounds_may_be_datetimes() -> None:
    """EventBridge Scheduler's StartDate/EndDate arrive as timestamps."""
    schedule = parse_schedule("rate(1 hour)", start=datetime(2026, 1, 1, tzinfo=UTC),
                              end=datetime(2026, 1, 1, 2, tzinfo=UTC))
    assert iso(schedule.next_after(0)) == "2026-01-01T00:00"
    assert iso(schedule.next_after(ts("2026-01-01T01:00"))) == "2026-01-01T02:00"
    assert schedule.next_after(ts("2026-01-01T02:00")) is None


@pytest.mark.parametrize(("expr", "after", "expected"), [
    ("cron(0 * * * ? *)", "2026-11-01T06:30", "2026-11-01T07:00"),
    ("cron(45 1 * * ? *)", "2026-11-01T05:40", "2026-11-01T05:45"),
    ("cron(45 1 * * ? *)", "2026-11-01T05:50", "2026-11-02T06:45"),
    ("cron(15 3 * * ? *)", "2026-03-08T06:00", "2026-03-08T07:15"),
    ("cron(0 2-3 * * ? *)", "2026-03-08T06:30", "2026-03-08T07:00"),
])
def test_dst_days_in_new_york(expr: str, after: str, expected: str) -> None:
    """On the days the clocks move, wall times map to the right instants (or none)."""
    assert fires(expr, after, 1, "America/New_York") == [expected]
