"""Putting deliveries on the durable queue: one message per subscription, in the caller's
transaction, so a Publish is answered only once every delivery is stored.

A standard topic's deliveries share ``sns.delivery``; a FIFO topic's go to
``sns.delivery.fifo``, delivered one at a time in publish order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.clock import new_id
from cloudlet.services.sns.messages import Envelope, iso_timestamp
from cloudlet.services.sns.registry import DELIVERY_QUEUE, FIFO_DELIVERY_QUEUE

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.sns.store import SnsStore, Subscription

_CONFIRMATION_TEXT = {
    "SubscriptionConfirmation": (
        "You have chosen to subscribe to the topic {topic}.\n"
        "To confirm the subscription, visit the SubscribeURL included in this message."),
    "UnsubscribeConfirmation": (
        "You have chosen to deactivate subscription {sub}.\n"
        "To cancel this operation and restore the subscription, visit the SubscribeURL"
        " included in this message."),
}


def enqueue(found: SnsStore, sub: Subscription, env: Envelope, *, fifo: bool) -> None:
    queue = FIFO_DELIVERY_QUEUE if fifo else DELIVERY_QUEUE
    group = f"{sub.arn}|{env.group}" if fifo else None
    found.queues.put(queue, env.dump(), target=sub.arn, group=group,
                     attributes={"attempts": 0})


def enqueue_confirmation(state: ServerState, found: SnsStore, sub: Subscription,
                         kind: str) -> None:
    """Send a (un)subscribe confirmation to an http/https endpoint, or record the
    confirmation email."""
    text = _CONFIRMATION_TEXT[kind].format(topic=sub.topic_arn, sub=sub.arn)
    env = Envelope(kind, new_id(), sub.topic_arn, text, iso_timestamp(state.clock.now()),
                   token=sub.token, endpoint=sub.endpoint, protocol=sub.protocol)
    enqueue(found, sub, env, fifo=False)
