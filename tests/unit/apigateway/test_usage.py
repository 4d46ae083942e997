"""Quota periods and usage records (gateway/usage.py) against a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cloudlet.services.apigateway.gateway.usage import period_start, record, used_since
from cloudlet.services.apigateway.store import Store

DAY = dt.date(2026, 12, 3)  # a Thursday


def test_a_day_quota_period_is_the_day() -> None:
    assert period_start(DAY, "DAY") == DAY


def test_a_week_quota_period_starts_on_monday() -> None:
    assert period_start(DAY, "WEEK") == dt.date(2026, 11, 30)


def test_a_month_quota_period_starts_on_the_first() -> None:
    assert period_start(DAY, "MONTH") == dt.date(2026, 12, 1)


def test_usage_is_recorded_per_plan_key_and_day(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    record(store, "plan1", "key1", DAY)
    record(store, "plan1", "key1", DAY)
    record(store, "plan1", "key1", DAY - dt.timedelta(days=1))
    record(store, "plan1", "key2", DAY)

    assert store.get("usage", "", "plan1/key1/2026-12-03") == {"used": 2}
    assert used_since(store, "plan1", "key1", DAY, DAY) == 2
    assert used_since(store, "plan1", "key1", DAY - dt.timedelta(days=6), DAY) == 3


def test_recording_usage_keeps_other_members_and_the_store_generation(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    store.put("usage", "", "p/k/2026-12-03", {"used": 5, "note": "x"})
    generation = store.generation

    record(store, "p", "k", DAY)

    assert store.get("usage", "", "p/k/2026-12-03") == {"used": 6, "note": "x"}
    assert store.generation == generation
