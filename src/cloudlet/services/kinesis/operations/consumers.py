"""Enhanced fan-out consumers, as data: RegisterStreamConsumer, DescribeStreamConsumer,
ListStreamConsumers, DeregisterStreamConsumer.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html

A consumer is CREATING for a moment, then ACTIVE. LIMITATIONS: SubscribeToShard (the
HTTP/2 event stream a consumer reads with) is not supported; consumers read with
GetRecords like any other reader.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.paging import offset_page
from cloudlet.server.service import NoOutput
from cloudlet.services.kinesis import lookup
from cloudlet.services.kinesis.errors import (
    InvalidArgumentException,
    LimitExceededException,
    ResourceInUseException,
)
from cloudlet.services.kinesis.registry import service
from cloudlet.services.kinesis.shapes import (
    DeregisterStreamConsumerInput,
    DescribeStreamConsumerInput,
    ListStreamConsumersInput,
    RegisterStreamConsumerInput,
)
from cloudlet.services.kinesis.tagging import check_tags

MAX_CONSUMERS = 20


@service.operation("RegisterStreamConsumer")
def register_stream_consumer(ctx: RequestContext,
                             req: RegisterStreamConsumerInput) -> dict[str, Any]:
    """Register a consumer (at most 20 per stream); it is CREATING, then ACTIVE.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html
    - A name already registered on the stream: ResourceInUseException.
    """
    stream = lookup.stream(ctx, req)
    name = req["ConsumerName"]
    if name in stream.consumers:
        raise ResourceInUseException(
            f"Consumer {name} under stream {stream.arn} already exists for account "
            f"{ctx.account}.")
    if len(stream.consumers) >= MAX_CONSUMERS:
        raise LimitExceededException(
            f"Stream {stream.arn} already has {MAX_CONSUMERS} registered consumers.")
    tags = req.get("Tags", {})
    check_tags(tags, {})
    consumer = lookup.store(ctx).add_consumer(stream, name, tags)
    return {"Consumer": consumer.describe(ctx.state.clock.now())}


@service.operation("DescribeStreamConsumer")
def describe_stream_consumer(ctx: RequestContext,
                             req: DescribeStreamConsumerInput) -> dict[str, Any]:
    """A consumer by ConsumerARN, or by StreamARN and ConsumerName.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamConsumer.html
    """
    stream, consumer = lookup.consumer(ctx, req)
    out = consumer.describe(ctx.state.clock.now())
    out["StreamARN"] = stream.arn
    return {"ConsumerDescription": out}


@service.operation("ListStreamConsumers")
def list_stream_consumers(ctx: RequestContext, req: ListStreamConsumersInput) -> dict[str, Any]:
    """A stream's consumers in registration order, MaxResults (default 100) at a time.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html
    """
    stream = lookup.stream(ctx, req)
    token = req.get("NextToken")
    start = 0
    if token is not None:
        if not token.isdigit():
            raise InvalidArgumentException(f"Invalid NextToken: {token}")
        start = int(token)
    now = ctx.state.clock.now()
    page, following = offset_page(list(stream.consumers.values()), start,
                                  req.get("MaxResults", 100))
    out: dict[str, Any] = {"Consumers": [c.describe(now) for c in page]}
    if following is not None:
        out["NextToken"] = str(following)
    return out


@service.operation("DeregisterStreamConsumer")
def deregister_stream_consumer(ctx: RequestContext,
                               req: DeregisterStreamConsumerInput) -> NoOutput:
    """Remove a consumer (at once: it is never seen DELETING).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeregisterStreamConsumer.html
    """
    stream, consumer = lookup.consumer(ctx, req)
    lookup.store(ctx).remove_consumer(stream, consumer)
    return {}
