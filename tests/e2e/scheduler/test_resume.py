"""What the firing worker does with firings that passed while it was not running (an
in-process check of ``firing.resume``: a real server's manual clock starts at the real
time again after a restart, so a test through HTTP cannot put the downtime in the past).

https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
"""

from __future__ import annotations

from pathlib import Path

from cloudlet.clock import ManualClock
from cloudlet.services.scheduler.firing import fire_due, resume
from cloudlet.services.scheduler.store import DELIVERIES, Schedule, Store, schedule_arn
from cloudlet.services.scheduler.timing import ANCHOR, next_firing

T0 = 1_900_000_000.0
TARGET = {"Arn": "arn:aws:sqs:us-east-1:000000000000:q", "RoleArn": "r"}


def _schedule(store: Store, name: str, expression: str) -> None:
    doc = {"ScheduleExpression": expression, "State": "ENABLED", "Target": TARGET,
           "FlexibleTimeWindow": {"Mode": "OFF"}, "ActionAfterCompletion": "NONE", ANCHOR: T0}
    arn = schedule_arn("000000000000", "us-east-1", "default", name)
    store.insert(Schedule("000000000000", "us-east-1", "default", name, doc, T0, T0, None,
                          *next_firing(arn, doc, T0)))


def test_resume_skips_missed_recurring_firings_and_keeps_one_time(tmp_path: Path) -> None:
    clock = ManualClock(T0)
    store = Store(tmp_path / "scheduler.sqlite", clock)
    _schedule(store, "rate", "rate(5 minutes)")
    _schedule(store, "once", "at(2030-03-17T18:36:40)")  # T0 + 3000 s
    clock.set(T0 + 7200 + 10)  # the worker was down for two hours

    resume(store, clock.now())
    assert fire_due(store, clock.now()) == 1
    assert fire_due(store, clock.now()) == 0
    [message] = store.queues.lease(DELIVERIES, max_count=10)
    assert message.target.endswith("/once")
    rate = store.find("000000000000", "us-east-1", "default", "rate")
    assert rate is not None and rate.scheduled == T0 + 7500
    store.close()
