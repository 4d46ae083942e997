"""The ``scheduler.deliver`` worker: invokes the targets of queued firings, retries
failed invocations and hands what still fails to the dead-letter queue.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html
- The target's Input (``{}`` when the schedule has none) has its context attributes
  replaced on every attempt: ``<aws.scheduler.schedule-arn>``,
  ``<aws.scheduler.scheduled-time>`` (the occurrence, ISO 8601 UTC, e.g.
  ``2026-01-01T00:05:00Z``), ``<aws.scheduler.execution-id>`` (one id per firing, the
  same on every attempt) and ``<aws.scheduler.attempt-number>`` (1, 2, ...).
https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-retry-policy.html
- A failed attempt is retried (after 60 s, doubling up to 15 minutes) until
  RetryPolicy.MaximumRetryAttempts retries were made (185 by default) or the next one
  would come more than MaximumEventAgeInSeconds (86400 by default) after the firing.
https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
- Then, or at once for a failure a retry cannot mend, the event goes to the target's
  DeadLetterConfig SQS queue if it has one: the body is the input as the target would
  have had it, the message attributes ERROR_CODE, ERROR_MESSAGE, EXECUTION_ID,
  SCHEDULE_ARN, SCHEDULED_TIME and TARGET_ARN say what failed. Without a DLQ the event
  is dropped (and logged).

Deliveries are ``cloudlet.queue`` messages in the scheduler's database: a firing
queued before a crash is delivered after the restart (at least once).

LIMITATIONS: ERROR_CODE is the target service's own error code (``ResourceNotFoundException``),
not AWS's ``AWS.Scheduler.*`` codes; IAM execution roles are not assumed (the
call is made as ``scheduler.amazonaws.com``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.queue import Later, Message, consume
from cloudlet.services.scheduler.registry import service, store_of
from cloudlet.services.scheduler.settings import retry_policy
from cloudlet.services.scheduler.store import DELIVERIES
from cloudlet.services.scheduler.targets import Invocation, TargetFailure, invoke, queue_url

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

FIRST_RETRY_S = 60.0
MAX_RETRY_S = 900.0


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(job: dict[str, Any], attempt: int) -> str:
    """The target's input with its context attributes replaced."""
    text: str = job["target"].get("Input") or "{}"
    for key, value in (("schedule-arn", job["schedule_arn"]),
                       ("scheduled-time", iso(job["scheduled"])),
                       ("execution-id", job["execution_id"]),
                       ("attempt-number", str(attempt))):
        text = text.replace(f"<aws.scheduler.{key}>", value)
    return text


def retry_after(attempt: int) -> float:
    """Seconds before the retry that follows failed attempt ``attempt``."""
    return float(min(MAX_RETRY_S, FIRST_RETRY_S * 2.0 ** (attempt - 1)))


async def dead_letter(invocation: Invocation, job: dict[str, Any],
                      failure: TargetFailure) -> None:
    """Send the failed event to the target's DLQ (logged and dropped without one)."""
    arn = (invocation.target.get("DeadLetterConfig") or {}).get("Arn")
    if not arn:
        log.warning("schedule %s: dropping event %s after %s: %s", job["schedule_arn"],
                    job["execution_id"], failure.code, failure.message)
        return
    attributes = {"ERROR_CODE": failure.code, "ERROR_MESSAGE": failure.message,
                  "EXECUTION_ID": job["execution_id"], "SCHEDULE_ARN": job["schedule_arn"],
                  "SCHEDULED_TIME": iso(job["scheduled"]), "TARGET_ARN": invocation.arn}
    try:
        await invocation.call("sqs", "SendMessage", {
            "QueueUrl": await queue_url(invocation, arn), "MessageBody": invocation.text,
            "MessageAttributes": {k: {"DataType": "String", "StringValue": v or "-"}
                                  for k, v in attributes.items()}})
    except TargetFailure as err:
        log.warning("schedule %s: dead-letter queue %s failed (%s: %s); event %s dropped",
                    job["schedule_arn"], arn, err.code, err.message, job["execution_id"])


async def deliver(state: ServerState, message: Message) -> Later | None:
    """One attempt at a queued firing; ``Later`` when it is to be tried again."""
    job = orjson.loads(message.payload)
    attempt = int(message.attributes.get("attempts", 0)) + 1
    invocation = Invocation(state, job, render(job, attempt))
    try:
        await invoke(invocation)
        return None
    except TargetFailure as err:
        failure = err
    except Exception as err:  # a bug of ours must not retry forever without counting
        log.exception("schedule %s: invoking %s failed", job["schedule_arn"], invocation.arn)
        failure = TargetFailure("InternalServerException", str(err))
    max_retries, max_age = retry_policy(invocation.target)
    delay = retry_after(attempt)
    if (failure.retryable and attempt <= max_retries
            and state.clock.now() + delay - message.sent <= max_age):
        return Later(delay, {"attempts": attempt})
    await dead_letter(invocation, job, failure)
    return None


@service.worker("scheduler.deliver")
async def deliver_firings(state: ServerState) -> None:
    store = store_of(state)

    async def handle(message: Message) -> Later | None:
        return await deliver(state, message)

    await consume(store.queues, DELIVERIES, handle)
