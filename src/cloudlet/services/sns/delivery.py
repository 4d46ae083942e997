"""Delivering queued messages to subscriptions, with retries and dead-letter queues.

https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html (functions are
invoked asynchronously with one SNS record; Lambda owns the retries from there)
https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html (the queue gets the
notification JSON, or with RawMessageDelivery the message itself with the message
attributes as SQS message attributes)
https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html (HTTP/S POSTs:
``x-amz-sns-message-type``, ``-message-id``, ``-topic-arn``, ``-subscription-arn``)
https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html (an answer outside
200-4xx, or none within about 15 seconds, is a failed attempt; a 4xx ends the delivery)
https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (after the last retry,
or at once for a client-side error, the message goes to the RedrivePolicy's queue)

Email, email-json and SMS deliveries are recorded in the store (``GET
/_cloudlet/sns/messages``), never sent.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.metrics import standard
from cloudlet.queue import Later, Message, consume
from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.sns.attributes import effective_http_policy
from cloudlet.services.sns.http_post import DeliveryFailed, post
from cloudlet.services.sns.messages import Envelope, lambda_event, notification_json
from cloudlet.services.sns.registry import (
    DELIVERY_QUEUE,
    FIFO_DELIVERY_QUEUE,
    service,
    store_of,
)
from cloudlet.services.sns.retries import MANAGED, RetryPolicy
from cloudlet.services.sns.store import Subscription

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.sns.store import SnsStore

log = logging.getLogger("cloudlet")

SNS_PRINCIPAL = "sns.amazonaws.com"


class ClientSideError(Exception):
    """A delivery that retrying cannot fix (a deleted function or queue)."""


class _Delivery:
    """One message to one subscription."""

    def __init__(self, state: ServerState, found: SnsStore, sub: Subscription,
                 env: Envelope) -> None:
        self.state = state
        self.found = found
        self.sub = sub
        self.env = env
        self.endpoint_url = state.config.endpoint_url
        topic = found.topic(sub.topic_arn)
        self.version = topic.attributes.get("SignatureVersion", "1") if topic else "1"

    def document(self) -> dict[str, Any]:
        return notification_json(self.env, endpoint_url=self.endpoint_url,
                                 subscription_arn=self.sub.arn, signature=self.found.signer.sign,
                                 version=self.version)

    def body(self) -> str:
        """What a queue or HTTP endpoint receives: the JSON document, or the bare message."""
        if self.sub.raw and self.env.kind == "Notification":
            return self.env.message
        return orjson.dumps(self.document()).decode()

    async def send(self) -> None:
        protocol = self.sub.protocol
        if protocol == "lambda":
            await self._invoke()
        elif protocol == "sqs":
            await send_to_queue(self.state, self.sub.endpoint, self.body(),
                                self.sqs_extra(self.sub.endpoint))
        elif protocol in ("http", "https"):
            await self._post()
        else:
            self._record()

    async def _invoke(self) -> None:
        arn = self.sub.endpoint
        event = lambda_event(self.env, endpoint_url=self.endpoint_url,
                             subscription_arn=self.sub.arn, signature=self.found.signer.sign,
                             version=self.version)
        await _call(self.state, "lambda", "Invoke", {
            "FunctionName": arn, "InvocationType": "Event", "Payload": orjson.dumps(event)},
            account=arn.split(":")[4], region=arn.split(":")[3])

    def sqs_extra(self, queue_arn: str) -> dict[str, Any]:
        """SendMessage's members beside the body: message attributes (raw delivery), and
        the group and deduplication id for a FIFO queue."""
        extra: dict[str, Any] = {}
        if self.sub.raw and self.env.attributes:
            extra["MessageAttributes"] = {
                name: ({"DataType": a["Type"], "BinaryValue": a["Value"]}
                       if a["Type"].startswith("Binary")
                       else {"DataType": a["Type"], "StringValue": a["Value"]})
                for name, a in self.env.attributes.items()}
        if queue_arn.endswith(".fifo"):
            extra["MessageGroupId"] = self.env.group
            extra["MessageDeduplicationId"] = self.env.dedup or self.env.message_id
        elif self.env.group:
            extra["MessageGroupId"] = self.env.group
        return extra

    async def _post(self) -> None:
        headers = [("Content-Type", "text/plain; charset=UTF-8"),
                   ("User-Agent", "Amazon Simple Notification Service Agent"),
                   ("x-amz-sns-message-type", self.env.kind),
                   ("x-amz-sns-message-id", self.env.message_id),
                   ("x-amz-sns-topic-arn", self.env.topic_arn)]
        if self.env.kind == "Notification":
            headers.append(("x-amz-sns-subscription-arn", self.sub.arn))
            if self.sub.raw:
                headers.append(("x-amz-sns-rawdelivery", "true"))
        status = await post(self.sub.endpoint, self.body().encode(), headers)
        if 400 <= status < 500:
            log.warning("SNS: %s answered %d to %s (not retried)", self.sub.endpoint, status,
                        self.env.message_id)
        elif not 200 <= status < 300:
            raise DeliveryFailed(f"{self.sub.endpoint} answered {status}")

    def _record(self) -> None:
        protocol = self.sub.protocol
        if protocol == "sms" or (protocol == "email" and self.env.kind == "Notification"):
            text = self.env.message
        else:
            text = orjson.dumps(self.document()).decode()
        self.found.record(self.sub.account, self.sub.region, protocol, self.sub.endpoint,
                          self.env.kind, text, subject=self.env.subject,
                          subscription_arn=self.sub.arn, topic_arn=self.env.topic_arn)

    def retry_policy(self) -> RetryPolicy:
        if self.sub.protocol in ("http", "https"):
            topic = self.found.topic(self.sub.topic_arn)
            return RetryPolicy.from_http(effective_http_policy(self.sub, topic)
                                         ["healthyRetryPolicy"])
        return MANAGED


async def _call(state: ServerState, service_name: str, operation: str, params: dict[str, Any],
                *, account: str, region: str) -> dict[str, Any]:
    """``internal.call`` as SNS's service principal; a sender-fault error other than
    throttling (429) is client-side."""
    try:
        return await call(state, service_name, operation, params,
                          principal=Principal.service(account, SNS_PRINCIPAL), region=region)
    except ServiceError as error:
        if error.sender_fault and error.status != 429 and "Throttl" not in error.error_code:
            raise ClientSideError(f"{error.error_code}: {error.message}") from None
        raise


async def send_to_queue(state: ServerState, queue_arn: str, body: str,
                        extra: dict[str, Any]) -> None:
    """SendMessage to the SQS queue named by ``queue_arn``."""
    _, _, _, region, account, name = queue_arn.split(":", 5)
    found = await _call(state, "sqs", "GetQueueUrl",
                        {"QueueName": name, "QueueOwnerAWSAccountId": account},
                        account=account, region=region)
    await _call(state, "sqs", "SendMessage",
                {"QueueUrl": found["QueueUrl"], "MessageBody": body, **extra},
                account=account, region=region)


async def _dead_letter(delivery: _Delivery, reason: str) -> None:
    policy = delivery.sub.attributes.get("RedrivePolicy")
    target = orjson.loads(policy).get("deadLetterTargetArn") if policy else None
    if not target:
        log.warning("SNS gave up delivering %s to %s: %s", delivery.env.message_id,
                    delivery.sub.arn, reason)
        return
    try:
        await send_to_queue(delivery.state, target, delivery.body(), delivery.sqs_extra(target))
    except Exception as error:  # the message is lost, as on AWS when the DLQ is unusable
        log.warning("SNS could not move %s to its dead-letter queue %s: %s",
                    delivery.env.message_id, target, error)


def _subscription_for(found: SnsStore, message: Message, env: Envelope) -> Subscription | None:
    sub = found.subscription(message.target)
    if sub is None and env.kind == "UnsubscribeConfirmation":
        topic = found.topic(env.topic_arn)
        account = topic.account if topic else env.topic_arn.split(":")[4]
        region = topic.region if topic else env.topic_arn.split(":")[3]
        sub = Subscription(message.target, env.topic_arn, account, region, account,
                           env.protocol or "http", env.endpoint or "", token="")
    return sub


def _ended(delivery: _Delivery, delivered: bool) -> None:
    """NumberOfNotificationsDelivered/Failed of the topic (notifications only)."""
    env = delivery.env
    if env.kind == "Notification":
        _, _, _, region, account, name = env.topic_arn.split(":", 5)
        standard.sns_notification(delivery.state, account, region, name, delivered)


async def handle(state: ServerState, message: Message) -> Later | None:
    """Deliver one queued message; ``Later`` to try again per the retry policy."""
    found = store_of(state)
    env = Envelope.load(message.payload)
    sub = _subscription_for(found, message, env)
    if sub is None:
        return None  # unsubscribed (or its topic deleted) since: nothing to deliver
    delivery = _Delivery(state, found, sub, env)
    try:
        await delivery.send()
    except ClientSideError as error:
        _ended(delivery, False)
        await _dead_letter(delivery, str(error))
        return None
    except (DeliveryFailed, ServiceError) as error:
        attempts = int(message.attributes.get("attempts", 0)) + 1
        delay = delivery.retry_policy().delay(attempts)
        if delay is None:
            _ended(delivery, False)
            await _dead_letter(delivery, str(error))
            return None
        return Later(delay, {**message.attributes, "attempts": attempts})
    _ended(delivery, True)
    return None


@service.worker(DELIVERY_QUEUE)
async def deliver(state: ServerState) -> None:
    await consume(store_of(state).queues, DELIVERY_QUEUE, functools.partial(handle, state))


@service.worker(FIFO_DELIVERY_QUEUE)
async def deliver_fifo(state: ServerState) -> None:
    """FIFO topics' deliveries: each subscription's message group in publish order."""
    await consume(store_of(state).queues, FIFO_DELIVERY_QUEUE, functools.partial(handle, state),
                  fifo=True)
