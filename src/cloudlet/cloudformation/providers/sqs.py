"""SQS resources: AWS::SQS::Queue, ::QueuePolicy and ::QueueInlinePolicy.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
- ``Ref`` is the queue URL; ``Fn::GetAtt`` gives ``Arn``, ``QueueName`` and ``QueueUrl``.
  A generated name is ``{stack}-{logical id}-{suffix}`` (80 characters), ending in
  ``.fifo`` for a FIFO queue. A changed QueueName or FifoQueue replaces the queue.
- Every other property is a queue attribute, set in place (SetQueueAttributes); a
  property removed from the template goes back to SQS's default. RedrivePolicy and
  RedriveAllowPolicy may be objects or JSON text. KmsMasterKeyId is stored by SQS as
  data (cloudlet does not encrypt messages).
- Tags: the template's, the stack's and CloudFormation's ``aws:cloudformation:*`` ones.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queuepolicy.html
- QueuePolicy sets the ``Policy`` attribute of every queue (URL) in ``Queues``; its
  ``Ref`` and ``Id`` are a generated id. Deleting it (or dropping a queue from the list)
  removes the policy from the queue. QueueInlinePolicy does the same for one ``Queue``;
  its ``Ref`` is the queue URL.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    ignore_missing,
    provider,
    unless_missing,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes

MISSING_QUEUE = ("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue")
# SQS's defaults, which a property removed from the template returns to.
_DEFAULTS = {"VisibilityTimeout": "30", "MaximumMessageSize": "1048576",
             "MessageRetentionPeriod": "345600", "DelaySeconds": "0",
             "ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true",
             "KmsDataKeyReusePeriodSeconds": "300", "ContentBasedDeduplication": "false",
             "DeduplicationScope": "queue", "FifoThroughputLimit": "perQueue",
             "RedrivePolicy": "", "RedriveAllowPolicy": "", "KmsMasterKeyId": ""}
_ATTRIBUTES = frozenset(_DEFAULTS) | {"FifoQueue"}


def attribute_text(value: Any) -> str:
    """A template value as an attribute's text: booleans lower-case, objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _attributes(props: dict[str, Any]) -> dict[str, str]:
    return {k: attribute_text(v) for k, v in props.items() if k in _ATTRIBUTES}


def queue_name_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


@provider
class Queue(Provider):
    """A queue (CreateQueue with its attributes and tags)."""

    type_name = "AWS::SQS::Queue"
    properties = frozenset({"QueueName", "Tags", *_ATTRIBUTES})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        fifo = attribute_text(props.get("FifoQueue", False)) == "true"
        name = props.get("QueueName") or (ctx.physical_name(75) + ".fifo" if fifo
                                          else ctx.physical_name(80))
        params: dict[str, Any] = {"QueueName": name, "Attributes": _attributes(props)}
        tags = resource_tags(ctx, props.get("Tags"))
        if tags:
            params["tags"] = tags
        url = (await ctx.call("sqs", "CreateQueue", params))["QueueUrl"]
        return await self._outcome(ctx, url)

    async def _outcome(self, ctx: ResourceContext, url: str) -> Outcome:
        out = await ctx.call("sqs", "GetQueueAttributes",
                             {"QueueUrl": url, "AttributeNames": ["QueueArn"]})
        return Outcome(url, {"Arn": out["Attributes"]["QueueArn"],
                             "QueueName": queue_name_of(url), "QueueUrl": url})

    async def update(self, ctx: ResourceContext) -> Outcome:
        url = str(ctx.physical_id)
        new, old = _attributes(ctx.properties), _attributes(ctx.previous or {})
        changed = {k: v for k, v in new.items() if old.get(k) != v and k != "FifoQueue"}
        for name in old.keys() - new.keys() - {"FifoQueue"}:
            changed[name] = _DEFAULTS[name]
        if changed:
            await ctx.call("sqs", "SetQueueAttributes", {"QueueUrl": url, "Attributes": changed})
        to_set, to_remove = tag_changes(resource_tags(ctx, (ctx.previous or {}).get("Tags")),
                                        resource_tags(ctx, ctx.properties.get("Tags")))
        if to_remove:
            await ctx.call("sqs", "UntagQueue", {"QueueUrl": url, "TagKeys": to_remove})
        if to_set:
            await ctx.call("sqs", "TagQueue", {"QueueUrl": url, "Tags": to_set})
        return await self._outcome(ctx, url)

    readable = frozenset({"QueueName", *_ATTRIBUTES})

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """GetQueueAttributes (All): the attributes as the template writes them (the
        redrive policies as objects; FifoQueue false for a standard queue)."""
        got = await unless_missing(lambda: ctx.call("sqs", "GetQueueAttributes", {
            "QueueUrl": physical_id, "AttributeNames": ["All"]}), *MISSING_QUEUE)
        if got is None:
            return None
        attributes = got.get("Attributes") or {}
        out: dict[str, Any] = {"QueueName": queue_name_of(physical_id), "FifoQueue": "false"}
        for name in _ATTRIBUTES:
            value = attributes.get(name)
            if value:
                out[name] = json.loads(value) if name.startswith("Redrive") else value
        return out

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("sqs", "DeleteQueue",
                                              {"QueueUrl": ctx.physical_id}), *MISSING_QUEUE)


async def _set_policy(ctx: ResourceContext, url: str, policy: Any) -> None:
    await ctx.call("sqs", "SetQueueAttributes",
                   {"QueueUrl": url, "Attributes": {"Policy": attribute_text(policy)}})


async def _clear_policy(ctx: ResourceContext, url: str) -> None:
    await ignore_missing(lambda: _set_policy(ctx, url, ""), *MISSING_QUEUE)


@provider
class QueuePolicy(Provider):
    """The access policy of a list of queues."""

    type_name = "AWS::SQS::QueuePolicy"
    properties = frozenset({"Queues", "PolicyDocument"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        for url in ctx.properties["Queues"]:
            await _set_policy(ctx, url, ctx.properties["PolicyDocument"])
        policy_id = ctx.physical_id or ctx.physical_name()
        return Outcome(policy_id, {"Id": policy_id})

    async def update(self, ctx: ResourceContext) -> Outcome:
        for url in set((ctx.previous or {}).get("Queues", [])) - set(ctx.properties["Queues"]):
            await _clear_policy(ctx, url)
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        for url in ctx.properties.get("Queues", []):
            await _clear_policy(ctx, url)


@provider
class QueueInlinePolicy(Provider):
    """The access policy of one queue; a new Queue replaces the resource."""

    type_name = "AWS::SQS::QueueInlinePolicy"
    properties = frozenset({"Queue", "PolicyDocument"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        await _set_policy(ctx, ctx.properties["Queue"], ctx.properties["PolicyDocument"])
        return Outcome(str(ctx.properties["Queue"]))

    async def update(self, ctx: ResourceContext) -> Outcome:
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await _clear_policy(ctx, str(ctx.properties["Queue"]))
