"""``cloudlet logs --startTime`` reads the framework's time forms."""

from __future__ import annotations

import datetime

import pytest

from cloudlet.cli.functions import parse_start_time

NOW = 1_800_000_000.0


@pytest.mark.parametrize(("text", "expected"), [
    ("30m", int((NOW - 1800) * 1000)),
    ("2h", int((NOW - 7200) * 1000)),
    ("1d", int((NOW - 86400) * 1000)),
    ("1469705761", 1469705761000),
    ("1469705761000", 1469705761000),
    ("2026-12-01", int(datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC).timestamp() * 1000)),
    ("2026-12-01T10:00:00+01:00",
     int(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC).timestamp() * 1000)),
])
def test_start_time_forms(text: str, expected: int) -> None:
    assert parse_start_time(text, NOW) == expected


def test_start_time_that_is_not_a_time_is_refused() -> None:
    with pytest.raises(ValueError, match="not a time"):
        parse_start_time("yesterday-ish", NOW)
