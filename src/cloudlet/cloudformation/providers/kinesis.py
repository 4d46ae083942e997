"""Kinesis Data Streams resources: AWS::Kinesis::Stream and AWS::Kinesis::StreamConsumer.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-stream.html
- ``Ref`` is the stream's name; ``Fn::GetAtt Arn`` its ARN. A generated name is
  ``{stack}-{logical id}-{suffix}``; a changed ``Name`` replaces the stream.
- The stream is usable (ACTIVE) before the resource is CREATE_COMPLETE, and each update
  step waits for ACTIVE again, as the next Kinesis call needs it.
- In place: ShardCount (UpdateShardCount, uniform scaling), StreamModeDetails
  (UpdateStreamMode), RetentionPeriodHours (Increase/DecreaseStreamRetentionPeriod),
  StreamEncryption (Start/StopStreamEncryption), DesiredShardLevelMetrics
  (Enable/DisableEnhancedMonitoring) and Tags.
- A provisioned stream without ShardCount gets one shard. MaxRecordSizeInKiB is set at
  creation; changing it later is not supported (cloudlet's Kinesis cannot).
- CloudFormation's ``aws:cloudformation:*`` tags are not written: cloudlet's Kinesis
  refuses ``aws:`` keys, as it does for users.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-streamconsumer.html
- ``Ref`` and ``ConsumerARN`` are the consumer's ARN; it is ACTIVE before CREATE_COMPLETE;
  every change replaces it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    ignore_missing,
    provider,
    settled,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes


async def _wait_active(ctx: ResourceContext, describe_op: str, params: dict[str, Any],
                       status_of: str) -> dict[str, Any]:
    """Poll ``describe`` until the thing it describes is ACTIVE; its description."""
    async def describe() -> dict[str, Any]:
        out = await ctx.call("kinesis", describe_op, params)
        described: dict[str, Any] = next(iter(out.values()))
        return described

    return await settled(describe, lambda d: bool(d[status_of] == "ACTIVE"),
                         lambda d: f"{ctx.logical_id} still {d[status_of]}")


def _iso(moment: Any) -> str:
    """A timestamp (``datetime`` or epoch seconds) as ISO 8601 text."""
    if isinstance(moment, int | float):
        moment = datetime.fromtimestamp(moment, UTC)
    return str(moment.isoformat()) if hasattr(moment, "isoformat") else str(moment)


def _settings(summary: dict[str, Any]) -> dict[str, Any]:
    """What DescribeStreamSummary says of the settings ``Stream._apply`` manages, in the
    template's terms (so an update converges on the stream as it is)."""
    settings: dict[str, Any] = {"RetentionPeriodHours": summary["RetentionPeriodHours"]}
    if summary.get("EncryptionType") == "KMS":
        settings["StreamEncryption"] = {"EncryptionType": "KMS", "KeyId": summary.get("KeyId")}
    monitoring = summary.get("EnhancedMonitoring") or [{}]
    settings["DesiredShardLevelMetrics"] = list(monitoring[0].get("ShardLevelMetrics") or ())
    return settings


def _mode(props: dict[str, Any]) -> str:
    return str((props.get("StreamModeDetails") or {}).get("StreamMode") or "PROVISIONED")


@provider
class Stream(Provider):
    """A data stream (CreateStream, then the settings CreateStream does not take)."""

    type_name = "AWS::Kinesis::Stream"
    properties = frozenset({"Name", "ShardCount", "StreamModeDetails", "RetentionPeriodHours",
                            "StreamEncryption", "Tags", "DesiredShardLevelMetrics",
                            "MaxRecordSizeInKiB"})

    async def _active(self, ctx: ResourceContext, name: str) -> dict[str, Any]:
        return await _wait_active(ctx, "DescribeStreamSummary", {"StreamName": name},
                                  "StreamStatus")

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("Name") or ctx.physical_name(128)
        params: dict[str, Any] = {"StreamName": name,
                                  "StreamModeDetails": {"StreamMode": _mode(props)}}
        tags = resource_tags(ctx, props.get("Tags"), system=False)
        if tags:
            params["Tags"] = tags
        if _mode(props) == "PROVISIONED":
            params["ShardCount"] = props.get("ShardCount") or 1
        if props.get("MaxRecordSizeInKiB"):
            params["MaxRecordSizeInKiB"] = props["MaxRecordSizeInKiB"]
        await ctx.call("kinesis", "CreateStream", params)
        await self._active(ctx, name)
        await self._apply(ctx, name, props, {"RetentionPeriodHours": 24})
        summary = await self._active(ctx, name)
        return Outcome(name, {"Arn": summary["StreamARN"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        props, old = ctx.properties, ctx.previous or {}
        if props.get("MaxRecordSizeInKiB") != old.get("MaxRecordSizeInKiB"):
            raise ProviderError("not supported: changing MaxRecordSizeInKiB of a stream")
        summary = await self._active(ctx, name)
        arn = summary["StreamARN"]
        if _mode(props) != summary["StreamModeDetails"]["StreamMode"]:
            await ctx.call("kinesis", "UpdateStreamMode",
                           {"StreamARN": arn, "StreamModeDetails": {"StreamMode": _mode(props)}})
            summary = await self._active(ctx, name)
        wanted = props.get("ShardCount") or 1
        if _mode(props) == "PROVISIONED" and wanted != summary["OpenShardCount"]:
            await ctx.call("kinesis", "UpdateShardCount",
                           {"StreamName": name, "TargetShardCount": wanted,
                            "ScalingType": "UNIFORM_SCALING"})
            await self._active(ctx, name)
        await self._apply(ctx, name, props, _settings(summary))
        listed = await ctx.call("kinesis", "ListTagsForStream", {"StreamName": name})
        managed = {*resource_tags(ctx, old.get("Tags"), system=False),
                   *resource_tags(ctx, props.get("Tags"), system=False)}
        actual = {t["Key"]: t.get("Value", "") for t in listed.get("Tags") or ()
                  if t["Key"] in managed}
        to_set, to_remove = tag_changes(actual,
                                        resource_tags(ctx, props.get("Tags"), system=False))
        if to_remove:
            await ctx.call("kinesis", "RemoveTagsFromStream",
                           {"StreamName": name, "TagKeys": to_remove})
        if to_set:
            await ctx.call("kinesis", "AddTagsToStream", {"StreamName": name, "Tags": to_set})
        await self._active(ctx, name)
        return Outcome(name, {"Arn": arn})

    async def _apply(self, ctx: ResourceContext, name: str, props: dict[str, Any],
                     old: dict[str, Any]) -> None:
        """Retention, encryption and shard-level metrics from ``old`` to ``props``."""
        hours = props.get("RetentionPeriodHours") or 24
        if hours != old.get("RetentionPeriodHours"):
            op = ("IncreaseStreamRetentionPeriod" if hours > old["RetentionPeriodHours"]
                  else "DecreaseStreamRetentionPeriod")
            await ctx.call("kinesis", op, {"StreamName": name, "RetentionPeriodHours": hours})
            await self._active(ctx, name)
        encryption, before = props.get("StreamEncryption"), old.get("StreamEncryption")
        if encryption != before:
            if before:
                await ctx.call("kinesis", "StopStreamEncryption", {"StreamName": name, **before})
                await self._active(ctx, name)
            if encryption:
                await ctx.call("kinesis", "StartStreamEncryption",
                               {"StreamName": name, **encryption})
                await self._active(ctx, name)
        metrics = set(props.get("DesiredShardLevelMetrics") or ())
        had = set(old.get("DesiredShardLevelMetrics") or ())
        if had - metrics:
            await ctx.call("kinesis", "DisableEnhancedMonitoring",
                           {"StreamName": name, "ShardLevelMetrics": sorted(had - metrics)})
        if metrics - had:
            await ctx.call("kinesis", "EnableEnhancedMonitoring",
                           {"StreamName": name, "ShardLevelMetrics": sorted(metrics - had)})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call(
            "kinesis", "DeleteStream",
            {"StreamName": ctx.physical_id, "EnforceConsumerDeletion": True}))


@provider
class StreamConsumer(Provider):
    """An enhanced fan-out consumer (RegisterStreamConsumer); replaced on any change."""

    type_name = "AWS::Kinesis::StreamConsumer"
    properties = frozenset({"ConsumerName", "StreamARN", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {"StreamARN": props["StreamARN"],
                                  "ConsumerName": props["ConsumerName"]}
        tags = resource_tags(ctx, props.get("Tags"), system=False)
        if tags:
            params["Tags"] = tags
        out = await ctx.call("kinesis", "RegisterStreamConsumer", params)
        arn = out["Consumer"]["ConsumerARN"]
        consumer = await _wait_active(ctx, "DescribeStreamConsumer", {"ConsumerARN": arn},
                                      "ConsumerStatus")
        return Outcome(arn, {
            "ConsumerARN": arn, "ConsumerName": consumer["ConsumerName"],
            "ConsumerStatus": consumer["ConsumerStatus"], "StreamARN": props["StreamARN"],
            "ConsumerCreationTimestamp": _iso(consumer["ConsumerCreationTimestamp"])})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("kinesis", "DeregisterStreamConsumer",
                                              {"ConsumerARN": ctx.physical_id}))
