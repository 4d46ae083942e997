"""Lambda's asynchronous invocation policy on top of the event queue.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
- A function error is retried twice (``MaximumRetryAttempts``, 0..2, from
  PutFunctionEventInvokeConfig), after about 1 and 2 minutes. cloudlet waits
  ``CLOUDLET_LAMBDA_RETRY_DELAYS`` seconds (comma-separated; default ``60,120``).
- A throttle is not a failed attempt: the event waits and tries again, until it is older
  than ``MaximumEventAgeInSeconds`` (default 6 hours).
- When retries run out or the event is too old, the invocation record goes to the
  OnFailure destination and the event to the DeadLetterConfig target; on success the
  record goes to the OnSuccess destination (``destinations``: SQS, SNS, EventBridge,
  Lambda).
- A deleted function's queued events are dropped.
"""

from __future__ import annotations

import json
import logging
import os
from typing import TYPE_CHECKING, Any

from cloudlet.services.lambda_.arns import LATEST, parse_function_name
from cloudlet.services.lambda_.async_queue import EventQueue, QueuedEvent, Retry
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.configuration import timestamp
from cloudlet.services.lambda_.destinations import send_dead_letter, send_record
from cloudlet.services.lambda_.errors import (
    ResourceConflictException,
    ResourceNotFoundException,
    ServiceException,
    TooManyRequestsException,
)

if TYPE_CHECKING:
    from cloudlet.runtime.spec import InvokeResult
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.backend import LambdaBackend

log = logging.getLogger("cloudlet")

QUEUE_KEY = "lambda.events"
DEFAULT_DELAYS = (60.0, 120.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_AGE_S = 21_600
THROTTLE_DELAY_S = 0.5


def retry_delays() -> tuple[float, ...]:
    raw = os.environ.get("CLOUDLET_LAMBDA_RETRY_DELAYS", "")
    try:
        delays = tuple(float(x) for x in raw.split(",") if x.strip())
    except ValueError:
        log.warning("CLOUDLET_LAMBDA_RETRY_DELAYS=%r is not a list of seconds; using 60,120", raw)
        delays = ()
    return delays or DEFAULT_DELAYS


def queue(state: ServerState) -> EventQueue:
    found = state.extras.get(QUEUE_KEY)
    if found is None:
        found = state.extras[QUEUE_KEY] = EventQueue(
            state.data_dir / "lambda-events.sqlite", Policy(state).deliver, state.clock)
    return found


def enqueue(state: ServerState, backend: LambdaBackend, name: str, qualifier: str,
            payload: bytes, request_id: str) -> None:
    queue(state).put(QueuedEvent(request_id, backend.account, backend.region, name, qualifier,
                                 payload, 0, state.clock.now()))


class Policy:
    """Decides, after each attempt, whether an event is done or when it runs again."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.delays = retry_delays()

    async def deliver(self, event: QueuedEvent) -> Retry | None:
        from cloudlet.services.lambda_.invoker import Invoker
        from cloudlet.services.lambda_.operations.invoke import INVOKER_KEY

        backend = backends.get(self.state, event.account, event.region)
        try:
            fn = backend.function(event.name)
            version = backend.runnable(event.name, event.qualifier)
        except ResourceNotFoundException:
            log.info("dropping event %s: function %s is gone", event.id, event.name)
            return None
        except ResourceConflictException:  # Pending: a moment later
            return Retry(THROTTLE_DELAY_S, counts=False)
        settings = fn.event_configs.get(event.qualifier) or fn.event_configs.get(LATEST) or {}
        max_age = settings.get("MaximumEventAgeInSeconds", DEFAULT_MAX_AGE_S)
        if self.state.clock.now() - event.enqueued > max_age:
            await self._destination(backend, event, settings, None, "EventAgeExceeded")
            return None
        invoker = self.state.extras.get(INVOKER_KEY)
        if invoker is None:
            invoker = self.state.extras[INVOKER_KEY] = Invoker(self.state)
        try:
            result = await invoker.invoke(backend, fn, version, event.payload, event.id)
        except TooManyRequestsException:
            return Retry(THROTTLE_DELAY_S, counts=False)
        except ServiceException:
            return Retry(THROTTLE_DELAY_S, counts=False)
        if result.function_error is None:
            await self._destination(backend, event, settings, result, None)
            return None
        max_retries = settings.get("MaximumRetryAttempts", DEFAULT_MAX_RETRIES)
        if event.attempts >= max_retries:
            await self._destination(backend, event, settings, result, "RetriesExhausted")
            return None
        return Retry(self.delays[min(event.attempts, len(self.delays) - 1)], counts=True)

    async def _destination(self, backend: LambdaBackend, event: QueuedEvent,
                           settings: dict[str, Any], result: InvokeResult | None,
                           condition: str | None) -> None:
        """Send the invocation record to OnSuccess / OnFailure, and a failed event to the
        function's dead-letter queue, where they are set."""
        destinations = settings.get("DestinationConfig") or {}
        kind = "OnSuccess" if condition is None else "OnFailure"
        target = (destinations.get(kind) or {}).get("Destination")
        if condition is not None:
            fn = backend.functions.get(event.name)
            dlq = (fn.latest.config.get("DeadLetterConfig") or {}).get("TargetArn") if fn else None
            if dlq:
                await send_dead_letter(self.state, dlq, event.payload, event.id,
                                       200 if result is not None else 429,
                                       _error_message(result, condition))
            elif not target:
                log.info("asynchronous invocation %s of %s failed (%s)", event.id, event.name,
                         condition)
        if not target:
            return
        record = _record(backend, event, result, condition or "Success")
        if ":lambda:" not in target:
            await send_record(self.state, target, record, success=condition is None)
            return
        ref = parse_function_name(target)
        try:
            version = backend.version(ref.name, ref.qualifier)
        except ResourceNotFoundException:
            log.warning("destination %s of %s does not exist", target, event.name)
            return
        enqueue(self.state, backend, ref.name, version.config["Version"],
                json.dumps(record).encode(), f"{event.id}-{condition or 'Success'}")


def _error_message(result: InvokeResult | None, condition: str) -> str:
    """What failed, for a dead-letter message: the function's errorMessage, else the
    condition that ended the retries."""
    if result is not None and result.payload:
        try:
            error = json.loads(result.payload)
        except ValueError:
            return result.payload.decode("utf-8", "replace")
        if isinstance(error, dict) and error.get("errorMessage"):
            return str(error["errorMessage"])
    return condition


def _record(backend: LambdaBackend, event: QueuedEvent, result: InvokeResult | None,
            condition: str) -> dict[str, Any]:
    """The invocation record Lambda sends to destinations."""
    try:
        request_payload: Any = json.loads(event.payload)
    except ValueError:
        request_payload = event.payload.decode("utf-8", "replace")
    record: dict[str, Any] = {
        "version": "1.0",
        "timestamp": timestamp(backend.state.clock.now()).replace("+0000", "Z"),
        "requestContext": {
            "requestId": event.id,
            "functionArn": backend.arn(event.name, event.qualifier),
            "condition": condition,
            "approximateInvokeCount": event.attempts + (1 if result is not None else 0),
        },
        "requestPayload": request_payload,
    }
    if result is not None:
        response: dict[str, Any] = {"statusCode": 200, "executedVersion": event.qualifier}
        if result.function_error:
            response["functionError"] = result.function_error
        record["responseContext"] = response
        try:
            record["responsePayload"] = json.loads(result.payload) if result.payload else None
        except ValueError:
            record["responsePayload"] = result.payload.decode("utf-8", "replace")
    return record
