"""EventBridge Scheduler resources: AWS::Scheduler::Schedule and ::ScheduleGroup.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedule.html
- ``Ref`` is the schedule name; ``Fn::GetAtt Arn`` its ARN. A generated name is
  ``{stack}-{logical id}-{suffix}`` (64). The schedule lives in ``GroupName`` (``default``
  when absent).
- Every change but a new Name or GroupName is applied in place with UpdateSchedule,
  which replaces all settings (a removed one takes the service's default again).
  StartDate/EndDate are ISO 8601 text; the Target (Arn, RoleArn, Input, RetryPolicy,
  DeadLetterConfig, SqsParameters, EventBridgeParameters, ...) is passed as given.
  KmsKeyArn is kept by the service as data.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedulegroup.html
- ``Ref`` is the group name; ``Fn::GetAtt`` gives ``Arn``, ``CreationDate``,
  ``LastModificationDate`` and ``State``. Tags change in place; deleting the group
  deletes its schedules, as on AWS.
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    given,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes, tag_map_to_list

DEFAULT_GROUP = "default"
_SETTINGS = ("ScheduleExpression", "ScheduleExpressionTimezone", "FlexibleTimeWindow",
             "Target", "State", "StartDate", "EndDate", "Description", "KmsKeyArn")


def _group(props: dict[str, Any]) -> str:
    return str(props.get("GroupName") or DEFAULT_GROUP)


@provider
class Schedule(Provider):
    """A schedule (CreateSchedule / UpdateSchedule)."""

    type_name = "AWS::Scheduler::Schedule"
    properties = frozenset({"Name", "GroupName", *_SETTINGS})
    replaces = frozenset({"GroupName"})

    @staticmethod
    def _params(props: dict[str, Any], name: str) -> dict[str, Any]:
        return {"Name": name, "GroupName": _group(props),
                **given(props, _SETTINGS)}

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.properties.get("Name") or ctx.physical_name(64))
        out = await ctx.call("scheduler", "CreateSchedule", self._params(ctx.properties, name))
        return Outcome(name, {"Arn": out["ScheduleArn"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        out = await ctx.call("scheduler", "UpdateSchedule", self._params(ctx.properties, name))
        return Outcome(name, {"Arn": out["ScheduleArn"]})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("scheduler", "DeleteSchedule", {
            "Name": ctx.physical_id, "GroupName": _group(ctx.properties)}))


@provider
class ScheduleGroup(Provider):
    """A schedule group (CreateScheduleGroup)."""

    type_name = "AWS::Scheduler::ScheduleGroup"
    properties = frozenset({"Name", "Tags"})

    async def _outcome(self, ctx: ResourceContext, name: str) -> Outcome:
        group = await ctx.call("scheduler", "GetScheduleGroup", {"Name": name})
        return Outcome(name, {"Arn": group["Arn"], "State": group["State"],
                              "CreationDate": _iso(group["CreationDate"]),
                              "LastModificationDate": _iso(group["LastModificationDate"])})

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.properties.get("Name") or ctx.physical_name(64))
        tags = resource_tags(ctx, ctx.properties.get("Tags"))
        await ctx.call("scheduler", "CreateScheduleGroup",
                       {"Name": name, "Tags": tag_map_to_list(tags)})
        return await self._outcome(ctx, name)

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        arn = str(ctx.attributes.get("Arn") or (await self._outcome(ctx, name)).attributes["Arn"])
        to_set, to_remove = tag_changes(resource_tags(ctx, (ctx.previous or {}).get("Tags")),
                                        resource_tags(ctx, ctx.properties.get("Tags")))
        if to_remove:
            await ctx.call("scheduler", "UntagResource",
                           {"ResourceArn": arn, "TagKeys": to_remove})
        if to_set:
            await ctx.call("scheduler", "TagResource",
                           {"ResourceArn": arn, "Tags": tag_map_to_list(to_set)})
        return await self._outcome(ctx, name)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("scheduler", "DeleteScheduleGroup",
                                              {"Name": ctx.physical_id}))


def _iso(moment: Any) -> str:
    """A timestamp as ISO 8601 text (GetAtt answers text)."""
    return str(moment.isoformat()) if hasattr(moment, "isoformat") else str(moment)
