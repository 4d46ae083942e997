"""Scheduled rules, on a server whose clock moves only when told to.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from tests.conftest import make_client
from tests.e2e.events.conftest import make_recorder, received
from tests.e2e.lambda_.conftest import records
from tests.server import RunningServer, serving


def quiet(out: Path, count: int, settle: float = 0.4) -> None:
    """Give a delivery that should not happen a moment to happen, then check it did not."""
    time.sleep(settle)
    assert len(records(out)) == count


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "events-clock", "--clock", "manual")


def scheduled_rule(server: RunningServer, out: Path, expression: str) -> tuple[Any, str, str]:
    """A rule on ``expression`` targeting a new recording function: (client, name, ARN)."""
    events = make_client(server, "events")
    name = "s" + uuid.uuid4().hex[:10]
    fn = make_recorder(make_client(server, "lambda"), name, out)
    arn = events.put_rule(Name=name, ScheduleExpression=expression)["RuleArn"]
    events.put_targets(Rule=name, Targets=[{"Id": "fn", "Arn": fn}])
    return events, name, arn


def test_rate_rule_fires_each_period(manual: RunningServer, shared_dir: Path) -> None:
    """rate(1 hour) fires an hour after the rule is made, with a Scheduled Event."""
    out = shared_dir / "rate.jsonl"
    _, _, rule_arn = scheduled_rule(manual, out, "rate(1 hour)")
    manual.advance_clock(3590)
    quiet(out, 0)
    manual.advance_clock(10)
    (event,) = received(out)
    parsed = EventBridgeModel.model_validate(event)
    assert (parsed.source, parsed.detail_type, parsed.detail) == ("aws.events",
                                                                  "Scheduled Event", {})
    assert parsed.resources == [rule_arn]
    manual.advance_clock(3600)
    assert len(received(out, 2)) == 2


def test_a_jump_past_many_periods_fires_once(manual: RunningServer, shared_dir: Path) -> None:
    out = shared_dir / "jump.jsonl"
    scheduled_rule(manual, out, "rate(1 minute)")
    manual.advance_clock(600)
    received(out)
    quiet(out, 1)


def test_disabled_rule_does_not_fire(manual: RunningServer, shared_dir: Path) -> None:
    out = shared_dir / "disabled.jsonl"
    events, name, _ = scheduled_rule(manual, out, "rate(5 minutes)")
    events.disable_rule(Name=name)
    manual.advance_clock(600)
    quiet(out, 0)
    events.enable_rule(Name=name)
    manual.advance_clock(300)
    received(out)


def test_cron_rule(manual: RunningServer, shared_dir: Path) -> None:
    """cron(0/15 * * * ? *) fires at every quarter hour (UTC); the event carries the
    scheduled time."""
    out = shared_dir / "cron.jsonl"
    scheduled_rule(manual, out, "cron(0/15 * * * ? *)")
    manual.advance_clock(15 * 60)
    (event,) = received(out)
    assert event["time"][14:] in ("00:00Z", "15:00Z", "30:00Z", "45:00Z")


def test_schedule_resumes_after_a_restart(tmp_path: Path, shared_dir: Path) -> None:
    """The next firing time is stored: a rule made before a restart fires after it."""
    running = RunningServer(tmp_path / "data", "--clock", "manual").start()
    out = shared_dir / "restart.jsonl"
    try:
        scheduled_rule(running, out, "rate(1 hour)")
        running.stop()
        running.start()
        running.advance_clock(3600)
        received(out)
        quiet(out, 1)
    finally:
        running.stop()
