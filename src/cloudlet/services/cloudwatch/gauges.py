"""SQS's gauges, sampled at each minute of the server's clock (``cloudwatch.gauges``):
ApproximateNumberOfMessagesVisible, ApproximateNumberOfMessagesNotVisible and
ApproximateNumberOfMessagesDelayed per QueueName, read through ``internal.call``
(ListQueues, GetQueueAttributes) as any client would read them.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html

LIMITATIONS: ApproximateAgeOfOldestMessage is not emitted (no SQS API answers it); only
accounts and regions that already have metrics (a CloudWatch store) are sampled, which
every account that has sent a message has.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from cloudlet.metrics.recorder import emit, every_store
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call, served

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

_GAUGES = {"ApproximateNumberOfMessages": "ApproximateNumberOfMessagesVisible",
           "ApproximateNumberOfMessagesNotVisible": "ApproximateNumberOfMessagesNotVisible",
           "ApproximateNumberOfMessagesDelayed": "ApproximateNumberOfMessagesDelayed"}


async def sample_sqs(state: ServerState) -> None:
    if served(state, "sqs") is None:
        return
    for account, region, _store in every_store(state):
        try:
            urls = (await call(state, "sqs", "ListQueues", {"MaxResults": 1000},
                               account=account, region=region)).get("QueueUrls") or []
            for url in urls:
                found = await call(state, "sqs", "GetQueueAttributes",
                                   {"QueueUrl": url, "AttributeNames": list(_GAUGES)},
                                   account=account, region=region)
                name = url.rsplit("/", 1)[-1]
                for attribute, metric in _GAUGES.items():
                    value = float((found.get("Attributes") or {}).get(attribute, 0))
                    emit(state, account, region, "AWS/SQS", metric, (("QueueName", name),),
                         value, "Count")
        except ServiceError as error:  # a queue deleted meanwhile: sampled next minute
            log.debug("sampling SQS of %s/%s: %s", account, region, error)


async def gauge_loop(state: ServerState) -> None:
    while True:
        now = state.clock.now()
        await state.clock.sleep_until((math.floor(now / 60) + 1) * 60)
        await sample_sqs(state)
