"""Schedules and their queued deliveries survive a crash of the server (SIGKILL).

https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
- After a restart a one-time schedule that came due while the server was down fires
  once; a recurring one does not fire a burst of the occurrences it missed: once, then
  at its regular times.
- A delivery queued before the crash (here: waiting for a retry) is made after it.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.scheduler.conftest import ROLE, manual_server, nothing_arrives, queue_arn
from tests.e2e.scheduler.conftest import receive as receive_all


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def at(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).strftime("at(%Y-%m-%dT%H:%M:%S)")


def _create(scheduler: Any, name: str, expression: str, target: str, text: str,
            **kwargs: Any) -> None:
    scheduler.create_schedule(Name=name, ScheduleExpression=expression,
                              FlexibleTimeWindow={"Mode": "OFF"},
                              Target={"Arn": target, "RoleArn": ROLE, "Input": text}, **kwargs)


def test_restart_resumes_schedules_without_a_burst(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = manual_server(data)
    try:
        sqs, scheduler = make_client(server, "sqs"), make_client(server, "scheduler")
        url = sqs.create_queue(QueueName="out")["QueueUrl"]
        t0 = server.clock_now()
        _create(scheduler, "every5", "rate(5 minutes)", queue_arn("out"),
                "<aws.scheduler.scheduled-time>")
        # Fires at t0 + 300 into a queue that is missing: its retry is due at t0 + 360.
        _create(scheduler, "late", at(t0 + 300), queue_arn("late"),
                "attempt <aws.scheduler.attempt-number>")
        server.advance_clock(300)
        assert [m["Body"] for m in receive_all(sqs, url, 1)] == [iso(t0 + 300)]
        server.stop(signal.SIGKILL)

        server = manual_server(data)
        sqs, scheduler = make_client(server, "sqs"), make_client(server, "scheduler")
        late_url = sqs.create_queue(QueueName="late")["QueueUrl"]
        assert sorted(s["Name"] for s in scheduler.list_schedules()["Schedules"]) == [
            "every5", "late"]
        server.set_clock(t0 + 7200 + 10)  # two hours on: 23 occurrences of the rate passed
        assert len(receive_all(sqs, url, 30, timeout=1.5)) <= 1
        assert [m["Body"] for m in receive_all(sqs, late_url, 2, timeout=1.5)] == ["attempt 2"]
        server.set_clock(t0 + 7500)  # the rate's regular phase: t0 + 25 * 300
        assert [m["Body"] for m in receive_all(sqs, url, 1)] == [iso(t0 + 7500)]
        assert nothing_arrives(sqs, url, 0.3)
    finally:
        server.stop()


def test_one_time_schedule_due_while_down_fires_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = manual_server(data)
    try:
        sqs, scheduler = make_client(server, "sqs"), make_client(server, "scheduler")
        url = sqs.create_queue(QueueName="out")["QueueUrl"]
        when = int(server.clock_now()) + 600
        _create(scheduler, "once", at(when), queue_arn("out"), "fired")
        server.stop(signal.SIGKILL)

        server = manual_server(data)
        sqs = make_client(server, "sqs")
        server.set_clock(when + 3600)
        assert [m["Body"] for m in receive_all(sqs, url, 2, timeout=1.5)] == ["fired"]
    finally:
        server.stop()
