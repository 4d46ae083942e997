"""Schedule expressions: ``rate(...)``, ``cron(...)`` and ``at(...)``, and their fire times.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html

- ``rate(value unit)``: a positive integer and ``minute``/``minutes``, ``hour``/``hours``,
  ``day``/``days``, singular exactly when the value is 1. A rate counts fixed durations (a day
  is 24 hours, whatever DST does) from ``start``: it fires at ``start``, ``start + period``,
  ... (``start`` defaults to the epoch; callers pass the creation time or StartDate).
- ``cron(Minutes Hours Day-of-month Month Day-of-week Year)``: six fields; ``, - * /`` in all,
  a range may wrap (hours ``20-2`` are 20..23 and 0..2),
  ``?`` in day-of-month or day-of-week (exactly one of the two must be ``?``), ``L`` (last day
  of the month; in day-of-week ``L`` alone is 7 and ``5L`` the month's last Thursday), ``W``
  (``15W`` the weekday nearest the 15th within the month, ``LW`` the last weekday), ``#``
  (``2#1`` the first Monday). Months are 1-12 or JAN-DEC, days of the week 1-7 (1 = SUN) or
  SUN-SAT, years 1970-2199. Evaluated in ``timezone`` (IANA; EventBridge rules use UTC):
  a wall time that DST skips does not fire, one that DST repeats fires once (the first).
- ``at(yyyy-mm-ddThh:mm:ss)``: once, in ``timezone`` (EventBridge Scheduler only; ``kind``
  tells the caller which form it got). ``start``/``end`` do not apply to it.
- ``start``/``end`` (epoch seconds, or aware datetimes) bound recurring schedules: nothing fires before ``start``
  or after ``end``.
- An invalid expression raises ``ScheduleError``: ``message`` is EventBridge PutRule's
  ValidationException text, ``scheduler_message`` EventBridge Scheduler's
  ("Invalid Schedule Expression <expr>."), ``reason`` what is wrong.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RULE_MESSAGE = "Parameter ScheduleExpression is not valid."
MIN_YEAR, MAX_YEAR = 1970, 2199
_UNITS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = {n.upper(): i for i, n in enumerate(calendar.month_abbr) if n}
_DAYS = {n: i + 1 for i, n in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"))}
_RATE = re.compile(r"rate\((\d+) (minutes?|hours?|days?)\)")
_AT = re.compile(r"at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)")
_CRON = re.compile(r"cron\(([^()]*)\)")


class ScheduleError(ValueError):
    """An invalid schedule expression (or time zone)."""

    def __init__(self, expression: str, reason: str) -> None:
        super().__init__(RULE_MESSAGE)
        self.message = RULE_MESSAGE
        self.scheduler_message = f"Invalid Schedule Expression {expression}."
        self.reason = reason
        self.expression = expression

    def __str__(self) -> str:
        return f"{self.message} ({self.reason})"


class Schedule:
    """A parsed schedule; ``next_after(t)`` is the next fire time strictly after ``t``."""

    kind = ""

    def __init__(self, expression: str, start: float | datetime | None,
                 end: float | datetime | None) -> None:
        self.expression = expression
        self.start = _epoch(start)
        self.end = _epoch(end)

    def next_after(self, t: float) -> float | None:
        if self.start is not None and t < self.start:
            when = self._first_from(self.start)
        else:
            when = self._next(t)
        if when is None or (self.end is not None and when > self.end):
            return None
        return when

    def at_or_after(self, t: float) -> float | None:
        """The first fire time at or after ``t`` (a rate schedule created at ``t`` with no
        StartDate fires at once on EventBridge Scheduler: ``at_or_after(created)``)."""
        return self.next_after(math.nextafter(t, -math.inf))

    def _first_from(self, t: float) -> float | None:
        return self._next(math.nextafter(t, -math.inf))

    def _next(self, t: float) -> float | None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.expression!r})"


def _epoch(value: float | datetime | None) -> float | None:
    """Epoch seconds of a bound given as a number or an aware datetime."""
    if isinstance(value, datetime):
        return value.timestamp()
    return None if value is None else float(value)


class RateSchedule(Schedule):
    kind = "rate"

    def __init__(self, expression: str, period: int, start: float | datetime | None,
                 end: float | datetime | None) -> None:
        super().__init__(expression, start, end)
        self.period = period
        self.anchor = 0.0 if self.start is None else self.start

    def _next(self, t: float) -> float | None:
        if t < self.anchor:
            return self.anchor
        when = self.anchor + (math.floor((t - self.anchor) / self.period) + 1) * self.period
        return when if when > t else when + self.period  # float rounding at a boundary


class AtSchedule(Schedule):
    kind = "at"

    def __init__(self, expression: str, when: float) -> None:
        super().__init__(expression, None, None)
        self.when = when

    def _next(self, t: float) -> float | None:
        return self.when if self.when > t else None


@dataclass(frozen=True)
class _Days:
    """Day-of-month or day-of-week rule: ``values`` or one special form."""

    values: frozenset[int] = frozenset()
    last: bool = False          # dom "L"
    last_weekday: bool = False  # dom "LW"
    nearest: int = 0            # dom "15W"
    last_of: int = 0            # dow "5L"
    nth: tuple[int, int] = (0, 0)  # dow "2#1": (weekday, n)


class CronSchedule(Schedule):
    kind = "cron"

    def __init__(self, expression: str, fields: list[str], zone: ZoneInfo,
                 start: float | datetime | None, end: float | datetime | None) -> None:
        super().__init__(expression, start, end)
        self.zone = zone
        fail = _failer(expression)
        minute, hour, dom, month, dow, year = fields
        self.minutes = sorted(_values(minute, 0, 59, {}, fail))
        self.hours = sorted(_values(hour, 0, 23, {}, fail))
        self.months = sorted(_values(month, 1, 12, _MONTHS, fail))
        self.years = sorted(_values(year, MIN_YEAR, MAX_YEAR, {}, fail))
        if (dom == "?") == (dow == "?"):
            fail("exactly one of day-of-month and day-of-week must be ?")
        self.dom = None if dom == "?" else _day_of_month(dom, fail)
        self.dow = None if dow == "?" else _day_of_week(dow, fail)

    def _next(self, t: float) -> float | None:
        local = datetime.fromtimestamp(t, self.zone)
        today = (local.year, local.month, local.day)
        for year in self.years:
            if year < local.year:
                continue
            for month in self.months:
                if (year, month) < today[:2]:
                    continue
                first = local.day if (year, month) == today[:2] else 1
                for day in range(first, calendar.monthrange(year, month)[1] + 1):
                    if not self._day_matches(year, month, day):
                        continue
                    # Wall times before t's are before t, unless DST moves the clock that
                    # day: then only those more than 3 hours before are.
                    earliest = (local.hour * 60 + local.minute - self._margin(local)
                                if (year, month, day) == today else -1)
                    when = self._time_on(year, month, day, t, earliest)
                    if when is not None:
                        return when
        return None

    def _margin(self, local: datetime) -> int:
        midnight = datetime(local.year, local.month, local.day, tzinfo=self.zone)
        late = midnight.replace(hour=23, minute=59)
        return 0 if midnight.utcoffset() == late.utcoffset() else 180

    def _time_on(self, year: int, month: int, day: int, t: float,
                 earliest: int) -> float | None:
        for hour in self.hours:
            if hour * 60 + 59 < earliest:
                continue
            for minute in self.minutes:
                if hour * 60 + minute < earliest:
                    continue
                wall = datetime(year, month, day, hour, minute, tzinfo=self.zone)
                utc = wall.astimezone(UTC)
                if utc.astimezone(self.zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
                    continue  # skipped by a DST jump
                when = utc.timestamp()
                if when > t:
                    return when
        return None

    def _day_matches(self, year: int, month: int, day: int) -> bool:
        length = calendar.monthrange(year, month)[1]
        if self.dom is not None:
            rule: _Days | None = self.dom
            assert rule is not None
            if rule.last:
                return day == length
            if rule.last_weekday:
                return day == _nearest_weekday(year, month, length, length)
            if rule.nearest:
                return rule.nearest <= length and day == _nearest_weekday(
                    year, month, rule.nearest, length)
            return day in rule.values
        rule = self.dow
        assert rule is not None
        weekday = _aws_weekday(year, month, day)
        if rule.last_of:
            return weekday == rule.last_of and day + 7 > length
        if rule.nth[0]:
            return weekday == rule.nth[0] and (day - 1) // 7 + 1 == rule.nth[1]
        return weekday in rule.values


def _aws_weekday(year: int, month: int, day: int) -> int:
    """1 = Sunday ... 7 = Saturday."""
    return (calendar.weekday(year, month, day) + 1) % 7 + 1


def _nearest_weekday(year: int, month: int, day: int, length: int) -> int:
    """The weekday nearest ``day`` without leaving the month (Quartz ``W``)."""
    weekday = calendar.weekday(year, month, day)  # Monday = 0
    if weekday == 5:  # Saturday
        return day - 1 if day > 1 else day + 2
    if weekday == 6:  # Sunday
        return day + 1 if day < length else day - 2
    return day


Fail = Callable[[str], NoReturn]


def _failer(expression: str) -> Fail:
    def fail(reason: str) -> NoReturn:
        raise ScheduleError(expression, reason)
    return fail


def _number(text: str, names: dict[str, int], fail: Fail) -> int:
    if text.isdigit():
        return int(text)
    value = names.get(text.upper())
    if value is None:
        fail(f"not a value: {text!r}")
    return value


def _values(field: str, low: int, high: int, names: dict[str, int], fail: Fail) -> set[int]:
    """``*``, ``a``, ``a-b`` (wrapping when a > b: hours ``20-2``), each optionally ``/step``,
    joined by commas."""
    out: set[int] = set()
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                fail(f"bad step in {part!r}")
            step = int(step_text)
        if base == "*":
            first, last = low, high
        elif "-" in base:
            a, _, b = base.partition("-")
            first, last = _number(a, names, fail), _number(b, names, fail)
        else:
            first = _number(base, names, fail)
            last = high if step_text else first
        if not (low <= first <= high and low <= last <= high):
            fail(f"{part!r} is outside {low}-{high}")
        span = list(range(first, last + 1)) if first <= last else (
            list(range(first, high + 1)) + list(range(low, last + 1)))
        out.update(span[::step])
    return out


def _day_of_month(field: str, fail: Fail) -> _Days:
    if field == "L":
        return _Days(last=True)
    if field == "LW":
        return _Days(last_weekday=True)
    if field.endswith("W"):
        day = field[:-1]
        if not day.isdigit() or not 1 <= int(day) <= 31:
            fail(f"bad day-of-month {field!r}")
        return _Days(nearest=int(day))
    return _Days(values=frozenset(_values(field, 1, 31, {}, fail)))


def _day_of_week(field: str, fail: Fail) -> _Days:
    if field == "L":
        return _Days(values=frozenset({7}))
    if field.endswith("L"):
        day = _number(field[:-1], _DAYS, fail)
        if not 1 <= day <= 7:
            fail(f"bad day-of-week {field!r}")
        return _Days(last_of=day)
    if "#" in field:
        day_text, _, nth = field.partition("#")
        day = _number(day_text, _DAYS, fail)
        if not 1 <= day <= 7 or not nth.isdigit() or not 1 <= int(nth) <= 5:
            fail(f"bad day-of-week {field!r}")
        return _Days(nth=(day, int(nth)))
    return _Days(values=frozenset(_values(field, 1, 7, _DAYS, fail)))


def parse_schedule(expr: str, timezone: str = "UTC", start: float | datetime | None = None,
                   end: float | datetime | None = None) -> Schedule:
    """Parse a schedule expression (see the module docstring)."""
    fail = _failer(expr)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"unknown time zone {timezone!r}")
    if not isinstance(expr, str):
        fail("not a string")
    rate = _RATE.fullmatch(expr)
    if rate:
        value, unit = int(rate[1]), rate[2]
        if value == 0 or (value == 1) != (not unit.endswith("s")):
            fail("the value must be positive, the unit singular exactly when it is 1")
        return RateSchedule(expr, value * _UNITS[unit.rstrip("s")], start, end)
    at = _AT.fullmatch(expr)
    if at:
        try:
            y, mo, d, h, mi, sec = (int(g) for g in at.groups())
            wall = datetime(y, mo, d, h, mi, sec, tzinfo=zone)
        except ValueError:
            fail("not a valid date and time")
        return AtSchedule(expr, wall.astimezone(UTC).timestamp())
    cron = _CRON.fullmatch(expr)
    if cron:
        fields = cron[1].split(" ")
        if len(fields) != 6 or not all(fields):
            fail("a cron expression has six fields separated by single spaces")
        return CronSchedule(expr, fields, zone, start, end)
    fail("not rate(...), cron(...) or at(...)")


__all__ = ["Schedule", "ScheduleError", "parse_schedule"]
