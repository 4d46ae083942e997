"""Delivering queued events to their targets, with retries and dead-letter queues.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
- A failed delivery is tried again, up to ``RetryPolicy.MaximumRetryAttempts`` times
  (default 185) while the event is younger than ``MaximumEventAgeInSeconds`` (default
  86,400). cloudlet waits 1 s before the first retry, doubling up to 5 minutes, on the
  server's clock.
- Errors that retrying cannot mend (the target does not exist, a 4xx answer, a target
  kind cloudlet does not support) are not retried.
- An event that is not delivered goes to the target's ``DeadLetterConfig`` queue (SQS)
  with the message attributes RULE_ARN, TARGET_ARN, ERROR_CODE and ERROR_MESSAGE; without
  one it is dropped (and logged).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.metrics import standard
from cloudlet.queue import Later, Message, consume
from cloudlet.server.errors import ServiceError
from cloudlet.services.events.names import Arn
from cloudlet.services.events.registry import events_db, service
from cloudlet.services.events.routing import DELIVERY_QUEUE
from cloudlet.services.events.targets import send, send_to_queue

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

DEFAULT_MAX_RETRIES = 185
DEFAULT_MAX_AGE_S = 86_400
FIRST_RETRY_S = 1.0
MAX_RETRY_S = 300.0
_RETRIED_CODES = frozenset({"ThrottlingException", "TooManyRequestsException",
                            "ServiceUnavailable", "ServiceException", "InternalFailure"})


def retriable(error: Exception) -> bool:
    if isinstance(error, ServiceError):
        return error.error_code in _RETRIED_CODES or (error.status >= 500 and error.status != 501)
    return True


def _region(item: dict[str, Any]) -> str:
    return str(item.get("region") or item["rule_arn"].split(":")[3])


@service.worker("events.delivery")
async def deliver_events(state: ServerState) -> None:
    db = events_db(state)

    async def handle(message: Message) -> Later | None:
        item: dict[str, Any] = orjson.loads(message.payload)
        attempts = int(message.attributes.get("attempts", 0))
        target = item["target"]
        try:
            await send(state, item["account"], target, item["event"], item["input"])
            standard.events_invocation(state, item["account"], _region(item), item["rule_arn"],
                                       failed=False)
            return None
        except Exception as error:  # noqa: BLE001 (any failure is the target's failure)
            policy = target.get("RetryPolicy") or {}
            max_retries = policy.get("MaximumRetryAttempts", DEFAULT_MAX_RETRIES)
            max_age = policy.get("MaximumEventAgeInSeconds", DEFAULT_MAX_AGE_S)
            young = state.clock.now() - message.sent < max_age
            if retriable(error) and attempts < max_retries and young:
                delay = min(MAX_RETRY_S, FIRST_RETRY_S * 2 ** attempts)
                return Later(delay, {"attempts": attempts + 1})
            standard.events_invocation(state, item["account"], _region(item), item["rule_arn"],
                                       failed=True)
            await dead_letter(state, item, error)
            return None

    await consume(db.queues, DELIVERY_QUEUE, handle)


async def dead_letter(state: ServerState, item: dict[str, Any], error: Exception) -> None:
    """Send the undelivered event to the target's dead-letter queue (or log it)."""
    target = item["target"]
    code = error.error_code if isinstance(error, ServiceError) else type(error).__name__
    text = error.message if isinstance(error, ServiceError) else str(error)
    dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
    log.warning("EventBridge: event %s not delivered to %s (%s: %s)%s", item["event"]["id"],
                target["Arn"], code, text, f"; sent to {dlq}" if dlq else "")
    arn = Arn.parse(dlq) if dlq else None
    if arn is None:
        return
    attributes = {name: {"DataType": "String", "StringValue": value[:256] or "-"}
                  for name, value in (("RULE_ARN", item["rule_arn"]),
                                      ("TARGET_ARN", target["Arn"]),
                                      ("ERROR_CODE", code), ("ERROR_MESSAGE", text))}
    try:
        await send_to_queue(state, item["account"], arn,
                            {"MessageBody": orjson.dumps(item["event"]).decode(),
                             "MessageAttributes": attributes})
    except Exception:
        log.exception("EventBridge: dead-letter queue %s refused event %s", dlq,
                      item["event"]["id"])
