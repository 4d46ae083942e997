"""CloudWatch Logs resources: AWS::Logs::LogGroup and AWS::Logs::LogStream.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
- ``Ref`` is the log group's name; ``Fn::GetAtt Arn`` is
  ``arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`` (with the trailing ``:*``, as
  CloudFormation gives it, unlike DescribeLogGroups' ``logGroupArn``).
- A generated name is ``{stack}-{logical id}-{suffix}``; a changed name replaces.
- RetentionInDays, Tags and LogGroupClass update in place; ``KmsKeyId`` is kept as data.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-logstream.html
- ``Ref`` is the stream's name; every change replaces it.

LIMITATIONS: SubscriptionFilter, MetricFilter, Destination and ResourcePolicy are not
registered (cloudlet's Logs has no such APIs), so the engine refuses them as not supported;
DataProtectionPolicy, FieldIndexPolicies, DeletionProtectionEnabled and
BearerTokenAuthenticationEnabled are not supported properties.
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes


def _group_arn(ctx: ResourceContext, name: str) -> str:
    return f"arn:aws:logs:{ctx.region}:{ctx.account}:log-group:{name}:*"


@provider
class LogGroup(Provider):
    """A log group (CreateLogGroup, PutRetentionPolicy, TagResource)."""

    type_name = "AWS::Logs::LogGroup"
    properties = frozenset({"LogGroupName", "RetentionInDays", "Tags", "KmsKeyId",
                            "LogGroupClass"})
    replaces = frozenset({"LogGroupClass"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("LogGroupName") or ctx.physical_name(512)
        params: dict[str, object] = {"logGroupName": name,
                                     "tags": resource_tags(ctx, props.get("Tags"))}
        if props.get("LogGroupClass"):
            params["logGroupClass"] = props["LogGroupClass"]
        if props.get("KmsKeyId"):
            params["kmsKeyId"] = props["KmsKeyId"]
        await ctx.call("logs", "CreateLogGroup", params)
        if props.get("RetentionInDays") is not None:
            await ctx.call("logs", "PutRetentionPolicy",
                           {"logGroupName": name, "retentionInDays": props["RetentionInDays"]})
        return Outcome(name, {"Arn": _group_arn(ctx, name)})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        props, old = ctx.properties, ctx.previous or {}
        if props.get("RetentionInDays") != old.get("RetentionInDays"):
            if props.get("RetentionInDays") is None:
                await ctx.call("logs", "DeleteRetentionPolicy", {"logGroupName": name})
            else:
                await ctx.call("logs", "PutRetentionPolicy",
                               {"logGroupName": name,
                                "retentionInDays": props["RetentionInDays"]})
        to_set, to_remove = tag_changes(resource_tags(ctx, old.get("Tags")),
                                        resource_tags(ctx, props.get("Tags")))
        arn = _group_arn(ctx, name)[: -len(":*")]
        if to_remove:
            await ctx.call("logs", "UntagResource", {"resourceArn": arn, "tagKeys": to_remove})
        if to_set:
            await ctx.call("logs", "TagResource", {"resourceArn": arn, "tags": to_set})
        return Outcome(name, {"Arn": _group_arn(ctx, name)})

    readable = frozenset({"LogGroupName", "RetentionInDays", "KmsKeyId", "LogGroupClass"})

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """DescribeLogGroups (by prefix): the group of that exact name."""
        listed = await ctx.call("logs", "DescribeLogGroups", {"logGroupNamePrefix": physical_id})
        for group in listed.get("logGroups") or ():
            if group.get("logGroupName") == physical_id:
                out: dict[str, Any] = {"LogGroupName": physical_id,
                                       "LogGroupClass": group.get("logGroupClass", "STANDARD")}
                if group.get("retentionInDays") is not None:
                    out["RetentionInDays"] = group["retentionInDays"]
                if group.get("kmsKeyId"):
                    out["KmsKeyId"] = group["kmsKeyId"]
                return out
        return None

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("logs", "DeleteLogGroup",
                                              {"logGroupName": ctx.physical_id}))


@provider
class LogStream(Provider):
    """A log stream in a group (CreateLogStream); replaced on any change."""

    type_name = "AWS::Logs::LogStream"
    properties = frozenset({"LogGroupName", "LogStreamName"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        group = ctx.properties["LogGroupName"]
        name = ctx.properties.get("LogStreamName") or ctx.physical_name(512)
        await ctx.call("logs", "CreateLogStream", {"logGroupName": group, "logStreamName": name})
        return Outcome(name)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call(
            "logs", "DeleteLogStream",
            {"logGroupName": ctx.properties["LogGroupName"], "logStreamName": ctx.physical_id}))
