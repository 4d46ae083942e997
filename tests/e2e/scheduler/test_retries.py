"""Failed invocations: retries with the RetryPolicy, then the dead-letter queue.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-retry-policy.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.e2e.lambda_.conftest import wait_for
from tests.e2e.scheduler.conftest import nothing_arrives, queue_arn, receive
from tests.server import RunningServer

ATTEMPT = json.dumps({"attempt": "<aws.scheduler.attempt-number>",
                      "id": "<aws.scheduler.execution-id>"})


def test_failed_invocation_is_retried(sched_server: RunningServer, sqs: Any,
                                      schedules: Callable[..., str], unique_name: str) -> None:
    """A target that fails (its queue does not exist yet) is tried again a minute later,
    with the same execution id and the next attempt number."""
    name = f"{unique_name}-late"
    schedules(unique_name, "rate(1 hour)", {"Arn": queue_arn(name), "Input": ATTEMPT})
    sched_server.advance_clock(3600)  # attempt 1 fails: no such queue
    # until the failed delivery waits for its retry (the health summary counts it)
    wait_for(lambda: sched_server.health()["scheduler"]["deliveries"]["delayed"] >= 1, 10)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert nothing_arrives(sqs, url, 0.3)
        sched_server.advance_clock(60)
        [body] = [json.loads(m["Body"]) for m in receive(sqs, url, 1)]
        assert body["attempt"] == "2"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_retries_exhausted_go_to_the_dead_letter_queue(
        sched_server: RunningServer, sqs: Any, queue: tuple[str, str],
        schedules: Callable[..., str], unique_name: str) -> None:
    """After MaximumRetryAttempts retries the event goes to the DLQ: the input as the
    target would have had it, and attributes naming the error, schedule and target."""
    dlq_url, dlq_arn = queue
    target = queue_arn(f"{unique_name}-missing")
    schedule_arn = schedules(unique_name, "rate(1 hour)", {
        "Arn": target, "Input": ATTEMPT, "DeadLetterConfig": {"Arn": dlq_arn},
        "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 86400}})
    sched_server.advance_clock(3600)  # attempt 1
    assert nothing_arrives(sqs, dlq_url, 0.3)
    sched_server.advance_clock(60)  # attempt 2 (first retry)
    assert nothing_arrives(sqs, dlq_url, 0.3)
    sched_server.advance_clock(120)  # attempt 3 (second and last retry)
    [message] = receive(sqs, dlq_url, 1)
    assert json.loads(message["Body"])["attempt"] == "3"
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["SCHEDULE_ARN"] == schedule_arn
    assert attributes["TARGET_ARN"] == target
    assert attributes["EXECUTION_ID"] == json.loads(message["Body"])["id"]
    assert attributes["ERROR_CODE"]
    assert attributes["ERROR_MESSAGE"]
    assert attributes["SCHEDULED_TIME"].endswith("Z")


def test_no_retries_goes_to_the_dead_letter_queue_at_once(
        sched_server: RunningServer, sqs: Any, queue: tuple[str, str],
        schedules: Callable[..., str], unique_name: str) -> None:
    """MaximumRetryAttempts 0: the first failure goes to the DLQ."""
    dlq_url, dlq_arn = queue
    schedules(unique_name, "rate(1 hour)", {
        "Arn": queue_arn(f"{unique_name}-missing"), "Input": ATTEMPT,
        "DeadLetterConfig": {"Arn": dlq_arn}, "RetryPolicy": {"MaximumRetryAttempts": 0}})
    sched_server.advance_clock(3600)
    assert [json.loads(m["Body"])["attempt"] for m in receive(sqs, dlq_url, 1)] == ["1"]


def test_event_age_limit_ends_retries(sched_server: RunningServer, sqs: Any, queue: tuple[str, str],
                                      schedules: Callable[..., str], unique_name: str) -> None:
    """No retry is made past MaximumEventAgeInSeconds (60 s: one retry, a minute on)."""
    dlq_url, dlq_arn = queue
    schedules(unique_name, "rate(1 hour)", {
        "Arn": queue_arn(f"{unique_name}-missing"), "Input": ATTEMPT,
        "DeadLetterConfig": {"Arn": dlq_arn},
        "RetryPolicy": {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 60}})
    sched_server.advance_clock(3600)
    assert nothing_arrives(sqs, dlq_url, 0.3)
    sched_server.advance_clock(60)
    assert [json.loads(m["Body"])["attempt"] for m in receive(sqs, dlq_url, 1)] == ["2"]


def test_unsupported_target_goes_to_the_dead_letter_queue(
        sched_server: RunningServer, sqs: Any, queue: tuple[str, str],
        schedules: Callable[..., str], unique_name: str) -> None:
    """A target cloudlet has no service for fails at once ("not supported"), unretried."""
    dlq_url, dlq_arn = queue
    schedules(unique_name, "rate(1 hour)", {
        "Arn": "arn:aws:scheduler:::aws-sdk:noservice:doThing", "Input": "{}",
        "DeadLetterConfig": {"Arn": dlq_arn}})
    sched_server.advance_clock(3600)
    [message] = receive(sqs, dlq_url, 1)
    assert "not supported" in message["MessageAttributes"]["ERROR_MESSAGE"]["StringValue"]
