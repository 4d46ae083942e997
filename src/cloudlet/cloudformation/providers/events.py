"""EventBridge resources: AWS::Events::EventBus, ::Rule and ::Archive.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbus.html
- ``Ref`` is the bus name; ``Fn::GetAtt`` gives ``Arn`` and ``Name``. Description,
  Policy (PutPermission with the whole policy) and Tags change in place; a new Name
  replaces. DeadLetterConfig, KmsKeyIdentifier and LogConfig are kept as data;
  EventSourceName (partner buses) is refused by the service as not supported.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html
- ``Ref`` is the rule name on the default bus and ``{bus name}|{rule name}`` on another
  bus, as AWS answers it; ``Fn::GetAtt Arn`` the rule's ARN. A generated name is
  ``{stack}-{logical id}-{suffix}`` (64). EventPattern may be an object or JSON text.
- Targets (with Input/InputPath/InputTransformer, RetryPolicy, DeadLetterConfig,
  SqsParameters, RoleArn, ...) are put as given; on update the rule is put again
  (PutRule keeps targets and tags), targets no longer listed are removed and new or
  changed ones put. A target the service cannot deliver to fails the resource with the
  service's FailedEntries message. A new Name or EventBusName replaces the rule.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-archive.html
- ``Ref`` is the archive name (generated when absent: 48 characters); ``Fn::GetAtt Arn``
  its ARN. Description, EventPattern and RetentionDays change in place (UpdateArchive).

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html
- One statement of a bus's policy: ``Statement`` (a whole statement, given the Sid
  StatementId) or Action/Principal/Condition (PutPermission's form). ``Ref`` is the
  statement id; delete removes that statement. Policies are stored, not enforced.

LIMITATIONS: AWS::Events::Connection and ::ApiDestination are not registered (cloudlet's
EventBridge has no connections or API destinations), so the engine refuses them as not
supported.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.sqs import attribute_text
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes, tag_map_to_list

DEFAULT_BUS = "default"


def _bus_name(value: Any) -> str:
    """A bus named by name or ARN, as its name."""
    text = str(value or DEFAULT_BUS)
    return text.split(":event-bus/", 1)[-1] if text.startswith("arn:") else text


async def _retag(ctx: ResourceContext, arn: str) -> None:
    """Bring the resource's tags from the previous properties' to the current ones'."""
    to_set, to_remove = tag_changes(resource_tags(ctx, (ctx.previous or {}).get("Tags")),
                                    resource_tags(ctx, ctx.properties.get("Tags")))
    if to_remove:
        await ctx.call("events", "UntagResource", {"ResourceARN": arn, "TagKeys": to_remove})
    if to_set:
        await ctx.call("events", "TagResource", {"ResourceARN": arn,
                                                 "Tags": tag_map_to_list(to_set)})


@provider
class EventBus(Provider):
    """A custom event bus (CreateEventBus)."""

    type_name = "AWS::Events::EventBus"
    properties = frozenset({"Name", "Description", "Policy", "Tags", "EventSourceName",
                            "DeadLetterConfig", "KmsKeyIdentifier", "LogConfig"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {"Name": props["Name"],
                                  "Tags": tag_map_to_list(resource_tags(ctx, props.get("Tags")))}
        for member in ("Description", "EventSourceName"):
            if props.get(member):
                params[member] = props[member]
        arn = (await ctx.call("events", "CreateEventBus", params))["EventBusArn"]
        if props.get("Policy"):
            await self._policy(ctx, props["Name"], props["Policy"])
        return Outcome(props["Name"], {"Arn": arn, "Name": props["Name"]})

    async def _policy(self, ctx: ResourceContext, name: str, policy: Any) -> None:
        await ctx.call("events", "PutPermission",
                       {"EventBusName": name, "Policy": attribute_text(policy)})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name, props, old = str(ctx.physical_id), ctx.properties, ctx.previous or {}
        if props.get("Description") != old.get("Description"):
            await ctx.call("events", "UpdateEventBus",
                           {"Name": name, "Description": props.get("Description") or ""})
        if props.get("Policy") != old.get("Policy"):
            if props.get("Policy"):
                await self._policy(ctx, name, props["Policy"])
            else:
                await ctx.call("events", "RemovePermission",
                               {"EventBusName": name, "RemoveAllPermissions": True})
        arn = ctx.attributes.get("Arn") or (await ctx.call(
            "events", "DescribeEventBus", {"Name": name}))["Arn"]
        await _retag(ctx, arn)
        return Outcome(name, {"Arn": arn, "Name": name})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("events", "DeleteEventBus",
                                              {"Name": ctx.physical_id}))


def _rule_params(props: dict[str, Any], bus: str, name: str) -> dict[str, Any]:
    params: dict[str, Any] = {"Name": name, "EventBusName": bus}
    if props.get("EventPattern") is not None:
        params["EventPattern"] = attribute_text(props["EventPattern"])
    for member in ("ScheduleExpression", "State", "Description", "RoleArn"):
        if props.get(member) is not None:
            params[member] = props[member]
    return params


def _targets(props: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(t["Id"]): dict(t) for t in props.get("Targets") or ()}


@provider
class Rule(Provider):
    """A rule and its targets (PutRule, PutTargets)."""

    type_name = "AWS::Events::Rule"
    properties = frozenset({"Name", "EventBusName", "EventPattern", "ScheduleExpression",
                            "State", "Description", "RoleArn", "Targets", "Tags"})
    replaces = frozenset({"EventBusName"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        bus = _bus_name(props.get("EventBusName"))
        name = str(props.get("Name") or ctx.physical_name(64))
        params = _rule_params(props, bus, name)
        tags = resource_tags(ctx, props.get("Tags"))
        if tags:
            params["Tags"] = tag_map_to_list(tags)
        arn = (await ctx.call("events", "PutRule", params))["RuleArn"]
        await self._put_targets(ctx, bus, name, list(_targets(props).values()))
        return self._outcome(bus, name, arn)

    def _outcome(self, bus: str, name: str, arn: str) -> Outcome:
        physical = name if bus == DEFAULT_BUS else f"{bus}|{name}"
        return Outcome(physical, {"Arn": arn, "RuleName": name})

    async def _put_targets(self, ctx: ResourceContext, bus: str, name: str,
                           targets: list[dict[str, Any]]) -> None:
        if not targets:
            return
        out = await ctx.call("events", "PutTargets",
                             {"Rule": name, "EventBusName": bus, "Targets": targets})
        failed = out.get("FailedEntries") or []
        if failed:
            raise ProviderError("; ".join(f"{f.get('TargetId')}: {f.get('ErrorMessage')}"
                                          for f in failed))

    @staticmethod
    def _names(physical_id: str) -> tuple[str, str]:
        bus, _, name = physical_id.rpartition("|")
        return bus or DEFAULT_BUS, name

    async def update(self, ctx: ResourceContext) -> Outcome:
        bus, name = self._names(str(ctx.physical_id))
        props = ctx.properties
        arn = (await ctx.call("events", "PutRule", _rule_params(props, bus, name)))["RuleArn"]
        new, old = _targets(props), _targets(ctx.previous or {})
        gone = sorted(old.keys() - new.keys())
        if gone:
            await ctx.call("events", "RemoveTargets",
                           {"Rule": name, "EventBusName": bus, "Ids": gone})
        await self._put_targets(ctx, bus, name,
                                [t for k, t in new.items() if old.get(k) != t])
        await _retag(ctx, arn)
        return self._outcome(bus, name, arn)

    async def delete(self, ctx: ResourceContext) -> None:
        bus, name = self._names(str(ctx.physical_id))

        async def remove() -> None:
            listed = await ctx.call("events", "ListTargetsByRule",
                                    {"Rule": name, "EventBusName": bus})
            ids = [t["Id"] for t in listed.get("Targets", [])]
            if ids:
                await ctx.call("events", "RemoveTargets",
                               {"Rule": name, "EventBusName": bus, "Ids": ids, "Force": True})
            await ctx.call("events", "DeleteRule", {"Name": name, "EventBusName": bus})

        await ignore_missing(remove)


@provider
class Archive(Provider):
    """An archive of a bus's events (CreateArchive)."""

    type_name = "AWS::Events::Archive"
    properties = frozenset({"ArchiveName", "SourceArn", "Description", "EventPattern",
                            "RetentionDays"})

    @staticmethod
    def _settings(props: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if props.get("Description") is not None:
            out["Description"] = props["Description"]
        if props.get("EventPattern") is not None:
            out["EventPattern"] = attribute_text(props["EventPattern"])
        if props.get("RetentionDays") is not None:
            out["RetentionDays"] = int(props["RetentionDays"])
        return out

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = str(props.get("ArchiveName") or ctx.physical_name(48))
        out = await ctx.call("events", "CreateArchive", {
            "ArchiveName": name, "EventSourceArn": props["SourceArn"], **self._settings(props)})
        return Outcome(name, {"Arn": out["ArchiveArn"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        # A removed Description or RetentionDays goes back to none (0: kept forever).
        settings = {"Description": "", "RetentionDays": 0, **self._settings(ctx.properties)}
        out = await ctx.call("events", "UpdateArchive", {"ArchiveName": name, **settings})
        return Outcome(name, {"Arn": out["ArchiveArn"]})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("events", "DeleteArchive",
                                              {"ArchiveName": ctx.physical_id}))


@provider
class EventBusPolicy(Provider):
    """One statement of a bus's resource policy (PutPermission / RemovePermission)."""

    type_name = "AWS::Events::EventBusPolicy"
    properties = frozenset({"EventBusName", "StatementId", "Statement", "Action", "Principal",
                            "Condition"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        bus, sid = _bus_name(props.get("EventBusName")), str(props["StatementId"])
        if props.get("Statement"):
            # Read, merge, write: EventBridge's handlers are synchronous, so no other
            # statement lands between the two calls.
            described = await ctx.call("events", "DescribeEventBus", {"Name": bus})
            policy = json.loads(described.get("Policy") or "null") or {
                "Version": "2012-10-17", "Statement": []}
            policy["Statement"] = [s for s in policy.get("Statement", []) if s.get("Sid") != sid]
            policy["Statement"].append({**props["Statement"], "Sid": sid})
            await ctx.call("events", "PutPermission",
                           {"EventBusName": bus, "Policy": json.dumps(policy)})
        else:
            params: dict[str, Any] = {"EventBusName": bus, "StatementId": sid,
                                      "Action": props.get("Action"),
                                      "Principal": props.get("Principal")}
            if props.get("Condition"):
                params["Condition"] = props["Condition"]
            await ctx.call("events", "PutPermission", params)
        return Outcome(sid)

    async def update(self, ctx: ResourceContext) -> Outcome:
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("events", "RemovePermission", {
            "EventBusName": _bus_name(ctx.properties.get("EventBusName")),
            "StatementId": ctx.physical_id}))
