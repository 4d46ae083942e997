"""AWS::CloudWatch::Alarm: a metric alarm.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
- ``Ref`` is the alarm's name; ``Fn::GetAtt`` gives ``Arn``. A generated name is
  ``{stack}-{logical id}-{13 random}``; a new AlarmName replaces the alarm.
- Every other property updates in place (PutMetricAlarm replaces the configuration and
  keeps the state); ``Tags`` (a list, with the stack's tags) update through
  TagResource/UntagResource.
- Numbers and booleans written as text in a template are read as numbers and booleans.
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    given,
    provider,
)
from cloudlet.cloudformation.providers.tagging import (
    resource_tags,
    tag_changes,
    tag_list_to_map,
    tag_map_to_list,
)

_PASSED = ("AlarmDescription", "AlarmActions", "OKActions", "InsufficientDataActions",
           "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Unit",
           "ComparisonOperator", "TreatMissingData", "EvaluateLowSampleCountPercentile",
           "Metrics", "ThresholdMetricId")
_INTEGERS = ("Period", "EvaluationPeriods", "DatapointsToAlarm")


def _params(name: str, props: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {"AlarmName": name, **given(props, _PASSED)}
    for key in _INTEGERS:
        if props.get(key) is not None:
            params[key] = int(props[key])
    if props.get("Threshold") is not None:
        params["Threshold"] = float(props["Threshold"])
    if props.get("ActionsEnabled") is not None:
        params["ActionsEnabled"] = str(props["ActionsEnabled"]).lower() == "true"
    for query in params.get("Metrics") or []:
        stat = query.get("MetricStat")
        if stat is not None and stat.get("Period") is not None:
            stat["Period"] = int(stat["Period"])
        if query.get("ReturnData") is not None:
            query["ReturnData"] = str(query["ReturnData"]).lower() == "true"
    return params


@provider
class Alarm(Provider):
    """A metric alarm (PutMetricAlarm, TagResource, DeleteAlarms)."""

    type_name = "AWS::CloudWatch::Alarm"
    properties = frozenset({"AlarmName", "ActionsEnabled", "Threshold", "Tags",
                            *_PASSED, *_INTEGERS})

    def _arn(self, ctx: ResourceContext, name: str) -> str:
        return f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm:{name}"

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.properties.get("AlarmName") or ctx.physical_name(255))
        params = _params(name, ctx.properties)
        params["Tags"] = tag_map_to_list(resource_tags(ctx, ctx.properties.get("Tags")))
        await ctx.call("cloudwatch", "PutMetricAlarm", params)
        return Outcome(name, {"Arn": self._arn(ctx, name)})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        await ctx.call("cloudwatch", "PutMetricAlarm", _params(name, ctx.properties))
        arn = self._arn(ctx, name)
        to_set, to_remove = tag_changes(tag_list_to_map((ctx.previous or {}).get("Tags")),
                                        tag_list_to_map(ctx.properties.get("Tags")))
        if to_remove:
            await ctx.call("cloudwatch", "UntagResource", {"ResourceARN": arn,
                                                           "TagKeys": to_remove})
        if to_set:
            await ctx.call("cloudwatch", "TagResource", {"ResourceARN": arn,
                                                         "Tags": tag_map_to_list(to_set)})
        return Outcome(name, {"Arn": arn})

    async def delete(self, ctx: ResourceContext) -> None:
        await ctx.call("cloudwatch", "DeleteAlarms", {"AlarmNames": [str(ctx.physical_id)]})
