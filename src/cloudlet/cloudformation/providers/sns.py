"""SNS resources: AWS::SNS::Topic, ::Subscription, ::TopicPolicy and ::TopicInlinePolicy.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
- ``Ref`` is the topic ARN; ``Fn::GetAtt`` gives ``TopicArn`` and ``TopicName``. A
  generated name is ``{stack}-{logical id}-{suffix}`` (256), ending in ``.fifo`` for a FIFO
  topic. A changed TopicName or FifoTopic replaces the topic.
- DisplayName, KmsMasterKeyId (kept as data: cloudlet does not encrypt), SignatureVersion,
  TracingConfig, ContentBasedDeduplication, FifoThroughputScope, ArchivePolicy,
  MaximumMessageSize and DataProtectionPolicy are topic attributes, set in place; a
  removed one goes back to SNS's default. DeliveryStatusLogging becomes the
  ``{Protocol}SuccessFeedbackRoleArn``/``SampleRate``/``FailureFeedbackRoleArn``
  attributes (stored; cloudlet writes no delivery-status logs).
- ``Subscription`` (a list of Endpoint/Protocol) subscribes each; an update subscribes the
  new ones and unsubscribes the ones gone.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html
- ``Ref`` and ``Arn`` are the subscription ARN. FilterPolicy (object or JSON text),
  FilterPolicyScope, RawMessageDelivery, RedrivePolicy, DeliveryPolicy, ReplayPolicy and
  SubscriptionRoleArn are subscription attributes, set in place; a new Protocol,
  Endpoint or TopicArn replaces the subscription. ``Region`` (a topic in another region)
  is not supported.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html
- TopicPolicy sets the ``Policy`` of each topic in ``Topics``; its ``Ref``/``Id`` are a
  generated id. Deleting it (or dropping a topic) gives the topic SNS's default policy
  back. TopicInlinePolicy does the same for one ``TopicArn`` (its ``Ref``).
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    ignore_missing,
    provider,
    unless_missing,
)
from cloudlet.cloudformation.providers.sqs import attribute_text
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes, tag_map_to_list
from cloudlet.services.sns.attributes import default_policy

MISSING = ("NotFound", "ResourceNotFound", "ResourceNotFoundException")
# Topic properties that are attributes of the same name, with the value a removed one
# returns to.
_TOPIC_DEFAULTS = {"DisplayName": "", "KmsMasterKeyId": "", "SignatureVersion": "1",
                   "TracingConfig": "PassThrough", "ContentBasedDeduplication": "false",
                   "FifoThroughputScope": "Topic", "ArchivePolicy": "{}",
                   "MaximumMessageSize": "262144"}
# DeliveryStatusLogging's Protocol -> the attribute prefix SNS uses.
_FEEDBACK_PREFIX = {"http/s": "HTTP", "firehose": "Firehose", "lambda": "Lambda",
                    "application": "Application", "sqs": "SQS"}
_FEEDBACK_MEMBERS = ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate",
                     "FailureFeedbackRoleArn")
_SUBSCRIPTION_DEFAULTS = {"FilterPolicy": "", "FilterPolicyScope": "MessageAttributes",
                          "RawMessageDelivery": "false", "RedrivePolicy": "",
                          "DeliveryPolicy": "", "ReplayPolicy": "", "SubscriptionRoleArn": ""}


def _topic_attributes(props: dict[str, Any]) -> dict[str, str]:
    out = {k: attribute_text(props[k]) for k in _TOPIC_DEFAULTS if k in props}
    for entry in props.get("DeliveryStatusLogging") or ():
        prefix = _FEEDBACK_PREFIX.get(str(entry.get("Protocol", "")).lower(), "")
        for member in _FEEDBACK_MEMBERS:
            if member in entry:
                out[prefix + member] = attribute_text(entry[member])
    return out


def _subscriptions(props: dict[str, Any]) -> set[tuple[str, str]]:
    return {(str(s["Protocol"]).lower(), str(s["Endpoint"]))
            for s in props.get("Subscription") or ()}


@provider
class Topic(Provider):
    """A topic (CreateTopic with its attributes, tags and subscriptions)."""

    type_name = "AWS::SNS::Topic"
    properties = frozenset({"TopicName", "FifoTopic", "Subscription", "Tags",
                            "DataProtectionPolicy", "DeliveryStatusLogging", *_TOPIC_DEFAULTS})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        fifo = attribute_text(props.get("FifoTopic", False)) == "true"
        name = props.get("TopicName") or (ctx.physical_name(251) + ".fifo" if fifo
                                          else ctx.physical_name(256))
        attributes = _topic_attributes(props)
        if fifo:
            attributes["FifoTopic"] = "true"
        params: dict[str, Any] = {"Name": name, "Attributes": attributes}
        tags = resource_tags(ctx, props.get("Tags"))
        if tags:
            params["Tags"] = tag_map_to_list(tags)
        if props.get("DataProtectionPolicy"):
            params["DataProtectionPolicy"] = attribute_text(props["DataProtectionPolicy"])
        arn = (await ctx.call("sns", "CreateTopic", params))["TopicArn"]
        for protocol, endpoint in sorted(_subscriptions(props)):
            await ctx.call("sns", "Subscribe", {"TopicArn": arn, "Protocol": protocol,
                                                "Endpoint": endpoint})
        return Outcome(arn, {"TopicArn": arn, "TopicName": name})

    async def update(self, ctx: ResourceContext) -> Outcome:
        arn, props, old = str(ctx.physical_id), ctx.properties, ctx.previous or {}
        new_attrs, old_attrs = _topic_attributes(props), _topic_attributes(old)
        changed = {k: v for k, v in new_attrs.items() if old_attrs.get(k) != v}
        for name in old_attrs.keys() - new_attrs.keys():
            changed[name] = _TOPIC_DEFAULTS.get(name, "")
        for name, value in sorted(changed.items()):
            await ctx.call("sns", "SetTopicAttributes",
                           {"TopicArn": arn, "AttributeName": name, "AttributeValue": value})
        if props.get("DataProtectionPolicy") != old.get("DataProtectionPolicy"):
            await ctx.call("sns", "PutDataProtectionPolicy", {
                "ResourceArn": arn,
                "DataProtectionPolicy": attribute_text(props.get("DataProtectionPolicy") or "")})
        await self._resubscribe(ctx, arn, _subscriptions(old), _subscriptions(props))
        to_set, to_remove = tag_changes(resource_tags(ctx, old.get("Tags")),
                                        resource_tags(ctx, props.get("Tags")))
        if to_remove:
            await ctx.call("sns", "UntagResource", {"ResourceArn": arn, "TagKeys": to_remove})
        if to_set:
            await ctx.call("sns", "TagResource",
                           {"ResourceArn": arn, "Tags": tag_map_to_list(to_set)})
        return Outcome(arn, {"TopicArn": arn, "TopicName": arn.rsplit(":", 1)[-1]})

    async def _resubscribe(self, ctx: ResourceContext, arn: str, old: set[tuple[str, str]],
                           new: set[tuple[str, str]]) -> None:
        """Subscribe the new (protocol, endpoint) pairs, unsubscribe the ones gone."""
        for protocol, endpoint in sorted(new - old):
            await ctx.call("sns", "Subscribe", {"TopicArn": arn, "Protocol": protocol,
                                                "Endpoint": endpoint})
        gone = old - new
        if not gone:
            return
        listed = await ctx.call("sns", "ListSubscriptionsByTopic", {"TopicArn": arn})
        for sub in listed.get("Subscriptions", []):
            if (sub["Protocol"], sub["Endpoint"]) in gone and \
                    sub["SubscriptionArn"].startswith("arn:"):
                await ctx.call("sns", "Unsubscribe", {"SubscriptionArn": sub["SubscriptionArn"]})

    readable = frozenset({"TopicName", "FifoTopic", *_TOPIC_DEFAULTS})

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """GetTopicAttributes: the attributes the template's properties name."""
        got = await unless_missing(lambda: ctx.call("sns", "GetTopicAttributes", {
            "TopicArn": physical_id}), *MISSING)
        if got is None:
            return None
        attributes = got.get("Attributes") or {}
        out: dict[str, Any] = {"TopicName": physical_id.rsplit(":", 1)[-1],
                               "FifoTopic": attributes.get("FifoTopic", "false")}
        out.update({k: attributes[k] for k in _TOPIC_DEFAULTS if attributes.get(k)})
        return out

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("sns", "DeleteTopic",
                                              {"TopicArn": ctx.physical_id}), *MISSING)


def _subscription_attributes(props: dict[str, Any]) -> dict[str, str]:
    return {k: attribute_text(props[k]) for k in _SUBSCRIPTION_DEFAULTS if k in props}


@provider
class Subscription(Provider):
    """One subscription of an endpoint to a topic."""

    type_name = "AWS::SNS::Subscription"
    properties = frozenset({"TopicArn", "Protocol", "Endpoint", *_SUBSCRIPTION_DEFAULTS})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {"TopicArn": props["TopicArn"], "Protocol": props["Protocol"],
                                  "ReturnSubscriptionArn": True,
                                  "Attributes": _subscription_attributes(props)}
        if props.get("Endpoint"):
            params["Endpoint"] = props["Endpoint"]
        arn = (await ctx.call("sns", "Subscribe", params))["SubscriptionArn"]
        return Outcome(arn, {"Arn": arn})

    async def update(self, ctx: ResourceContext) -> Outcome:
        arn = str(ctx.physical_id)
        new = _subscription_attributes(ctx.properties)
        old = _subscription_attributes(ctx.previous or {})
        changed = {k: v for k, v in new.items() if old.get(k) != v}
        for name in old.keys() - new.keys():
            changed[name] = _SUBSCRIPTION_DEFAULTS[name]
        # A scope goes with its policy: set the scope first, then the policy it reads.
        for name in sorted(changed, key=lambda n: n != "FilterPolicyScope"):
            await ctx.call("sns", "SetSubscriptionAttributes",
                           {"SubscriptionArn": arn, "AttributeName": name,
                            "AttributeValue": changed[name]})
        return Outcome(arn, {"Arn": arn})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("sns", "Unsubscribe",
                                              {"SubscriptionArn": ctx.physical_id}), *MISSING)


async def _set_policy(ctx: ResourceContext, arn: str, policy: Any) -> None:
    await ctx.call("sns", "SetTopicAttributes", {"TopicArn": arn, "AttributeName": "Policy",
                                                 "AttributeValue": attribute_text(policy)})


async def _default_policy(ctx: ResourceContext, arn: str) -> None:
    """Give the topic SNS's default policy back (a topic already gone is fine)."""
    await ignore_missing(lambda: _set_policy(ctx, arn, default_policy(arn, ctx.account)),
                         *MISSING)


@provider
class TopicPolicy(Provider):
    """The access policy of a list of topics."""

    type_name = "AWS::SNS::TopicPolicy"
    properties = frozenset({"Topics", "PolicyDocument"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        for arn in ctx.properties["Topics"]:
            await _set_policy(ctx, arn, ctx.properties["PolicyDocument"])
        policy_id = ctx.physical_id or ctx.physical_name()
        return Outcome(policy_id, {"Id": policy_id})

    async def update(self, ctx: ResourceContext) -> Outcome:
        for arn in set((ctx.previous or {}).get("Topics", [])) - set(ctx.properties["Topics"]):
            await _default_policy(ctx, arn)
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        for arn in ctx.properties.get("Topics", []):
            await _default_policy(ctx, arn)


@provider
class TopicInlinePolicy(Provider):
    """The access policy of one topic; a new TopicArn replaces the resource."""

    type_name = "AWS::SNS::TopicInlinePolicy"
    properties = frozenset({"TopicArn", "PolicyDocument"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        await _set_policy(ctx, ctx.properties["TopicArn"], ctx.properties["PolicyDocument"])
        return Outcome(str(ctx.properties["TopicArn"]))

    async def update(self, ctx: ResourceContext) -> Outcome:
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await _default_policy(ctx, str(ctx.properties["TopicArn"]))
