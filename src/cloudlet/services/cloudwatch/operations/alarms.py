"""Metric alarms: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms,
SetAlarmState, EnableAlarmActions, DisableAlarmActions.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
- A new alarm starts in INSUFFICIENT_DATA and is evaluated at each minute of the server's
  clock (``alarms.py``); PutMetricAlarm on an existing name replaces its configuration
  and keeps its state.
- Statistic, ExtendedStatistic and Metrics are exclusive; EvaluationPeriods times Period
  is at most one day; DatapointsToAlarm is at most EvaluationPeriods.
- SetAlarmState sets the state until the next evaluation, running the state's actions.

LIMITATIONS: composite and log alarms (PutCompositeAlarm, AlarmTypes other than
MetricAlarm, ChildrenOfAlarmName, ParentsOfAlarmName: "not supported"); metric math in
``Metrics``; DeleteAlarms ignores names that do not exist.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.errors import not_supported
from cloudlet.server.service import NoOutput
from cloudlet.services.cloudwatch.alarms import COMPARISONS, metric_of, run_actions, transition
from cloudlet.services.cloudwatch.errors import (
    InvalidFormatFault,
    InvalidNextToken,
    InvalidParameterCombinationException,
    InvalidParameterValueException,
    MissingRequiredParameterException,
    ResourceNotFound,
)
from cloudlet.services.cloudwatch.operations.data import dims_of
from cloudlet.services.cloudwatch.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_CONFIG = ("AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
           "InsufficientDataActions", "MetricName", "Namespace", "Statistic",
           "ExtendedStatistic", "Dimensions", "Period", "Unit", "EvaluationPeriods",
           "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
           "EvaluateLowSampleCountPercentile", "Metrics")
_TREAT = ("breaching", "notBreaching", "ignore", "missing")
_TIMES = ("AlarmConfigurationUpdatedTimestamp", "StateUpdatedTimestamp",
          "StateTransitionedTimestamp")
PAGE = 50


def alarm_arn(ctx: RequestContext, name: str) -> str:
    return f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm:{name}"


def _required(req: dict[str, Any], *names: str) -> None:
    for name in names:
        if req.get(name) is None:
            raise MissingRequiredParameterException(f"The parameter {name} is required.")


def _check(req: dict[str, Any]) -> None:
    for unsupported in ("ThresholdMetricId", "EvaluationCriteria", "EvaluationWindow",
                        "WarmUpConfiguration"):
        if req.get(unsupported) is not None:
            raise not_supported(f"PutMetricAlarm {unsupported}")
    chosen = [k for k in ("Statistic", "ExtendedStatistic", "Metrics") if req.get(k)]
    if len(chosen) > 1:
        raise InvalidParameterCombinationException(
            f"The parameters {chosen[0]} and {chosen[1]} are mutually exclusive and you have "
            "specified both.")
    _required(req, "EvaluationPeriods", "ComparisonOperator", "Threshold")
    if not chosen:
        raise MissingRequiredParameterException(
            "One of the parameters Statistic, ExtendedStatistic or Metrics must be specified.")
    if req.get("Metrics"):
        stats = [q for q in req["Metrics"] if q.get("MetricStat")]
        if any(q.get("Expression") for q in req["Metrics"]) or len(stats) != 1:
            raise not_supported("metric math alarms (Metrics with an Expression)")
        period = stats[0]["MetricStat"]["Period"]
    else:
        _required(req, "MetricName", "Namespace", "Period")
        period = req["Period"]
    if req["ComparisonOperator"] not in COMPARISONS:
        raise not_supported(f"ComparisonOperator {req['ComparisonOperator']} (anomaly "
                            "detection)")
    if period % 60 and period not in (10, 30):
        raise InvalidParameterValueException(
            "The parameter Period must be 10, 30 or a multiple of 60.")
    if period * req["EvaluationPeriods"] > 86400:
        raise InvalidParameterValueException(
            "Metrics cannot be checked across more than a day (EvaluationPeriods * Period "
            "must be <= 86400).")
    if req.get("DatapointsToAlarm", 0) > req["EvaluationPeriods"]:
        raise InvalidParameterValueException(
            "DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
    if req.get("TreatMissingData", "missing") not in _TREAT:
        raise InvalidParameterValueException(
            f"The value {req['TreatMissingData']} for parameter TreatMissingData is invalid.")


@service.operation("PutMetricAlarm")
def put_metric_alarm(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Create or replace a metric alarm (see the module docstring)."""
    _check(req)
    metrics = store(ctx)
    now = ctx.state.clock.now()
    old = metrics.alarm(req["AlarmName"]) or {
        "StateValue": "INSUFFICIENT_DATA", "StateReason": "Unchecked: Initial alarm creation",
        "StateUpdatedTimestamp": now, "StateTransitionedTimestamp": now}
    doc: dict[str, Any] = {k: old[k] for k in ("StateValue", "StateReason", "StateReasonData",
                               "StateUpdatedTimestamp", "StateTransitionedTimestamp") if k in old}
    doc.update({k: req[k] for k in _CONFIG if req.get(k) is not None})
    doc.setdefault("ActionsEnabled", True)
    for key in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        doc.setdefault(key, [])
    doc["Dimensions"] = doc.get("Dimensions", []) if not req.get("Metrics") else []
    doc["AlarmArn"] = alarm_arn(ctx, req["AlarmName"])
    doc["AlarmConfigurationUpdatedTimestamp"] = now
    metrics.put_alarm(doc)
    if req.get("Tags"):
        current = metrics.tags(doc["AlarmArn"])
        metrics.set_tags(doc["AlarmArn"], {**current, **{t["Key"]: t["Value"]
                                                          for t in req["Tags"]}})
    return {}


def view(doc: dict[str, Any]) -> dict[str, Any]:
    """The MetricAlarm shape of a stored alarm."""
    out = {k: v for k, v in doc.items() if k not in _TIMES}
    for key in _TIMES:
        if key in doc:
            out[key] = doc[key]
    if not doc.get("Metrics"):
        out.pop("Metrics", None)
    return out


def _page(items: list[dict[str, Any]], req: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    start = 0
    if req.get("NextToken"):
        try:
            start = int(base64.b64decode(req["NextToken"], validate=True).decode())
        except ValueError:
            raise InvalidNextToken() from None
    size = req.get("MaxRecords") or PAGE
    page = items[start:start + size]
    more = start + size < len(items)
    return page, base64.b64encode(str(start + size).encode()).decode() if more else None


@service.operation("DescribeAlarms")
def describe_alarms(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Alarms by names, name prefix, state and action prefix; pages of MaxRecords (50)."""
    if req.get("ChildrenOfAlarmName") or req.get("ParentsOfAlarmName"):
        raise not_supported("composite alarms")
    if req.get("AlarmNames") and req.get("AlarmNamePrefix"):
        raise InvalidParameterCombinationException(
            "The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you "
            "have specified both.")
    types = req.get("AlarmTypes") or ["MetricAlarm"]
    found = store(ctx).alarms() if "MetricAlarm" in types else []
    if req.get("AlarmNames"):
        names = set(req["AlarmNames"])
        found = [a for a in found if a["AlarmName"] in names]
    if req.get("AlarmNamePrefix"):
        found = [a for a in found if a["AlarmName"].startswith(req["AlarmNamePrefix"])]
    if req.get("StateValue"):
        found = [a for a in found if a["StateValue"] == req["StateValue"]]
    if req.get("ActionPrefix"):
        prefix = req["ActionPrefix"]
        found = [a for a in found if any(x.startswith(prefix) for k in
                                         ("OKActions", "AlarmActions", "InsufficientDataActions")
                                         for x in a.get(k, []))]
    page, token = _page(found, req)
    out: dict[str, Any] = {"MetricAlarms": [view(a) for a in page], "CompositeAlarms": []}
    if token:
        out["NextToken"] = token
    return out


@service.operation("DescribeAlarmsForMetric")
def describe_alarms_for_metric(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The alarms on one metric (and statistic, period, unit and dimensions, when given)."""
    dims = dims_of(req.get("Dimensions"))
    out = []
    for doc in store(ctx).alarms():
        namespace, name, dimensions, period, stat, unit = metric_of(doc)
        if (namespace, name) != (req["Namespace"], req["MetricName"]):
            continue
        if req.get("Dimensions") is not None and dims_of(dimensions) != dims:
            continue
        wanted = req.get("Statistic") or req.get("ExtendedStatistic")
        if (wanted and wanted != stat) or (req.get("Period") and req["Period"] != period) \
                or (req.get("Unit") and req["Unit"] != unit):
            continue
        out.append(view(doc))
    return {"MetricAlarms": out}


@service.operation("DeleteAlarms")
def delete_alarms(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    store(ctx).delete_alarms(req["AlarmNames"])
    return {}


@service.operation("SetAlarmState")
async def set_alarm_state(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Set an alarm's state now (until its next evaluation) and run that state's actions."""
    metrics = store(ctx)
    doc = metrics.alarm(req["AlarmName"])
    if doc is None:
        raise ResourceNotFound(f"Alarm {req['AlarmName']} not found")
    data = req.get("StateReasonData")
    if data is not None:
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError:
            raise InvalidFormatFault("StateReasonData is not valid JSON.") from None
    now = ctx.state.clock.now()
    old = doc["StateValue"]
    changed = transition(doc, req["StateValue"], req["StateReason"], data, now)
    metrics.put_alarm(doc)
    if changed:
        await run_actions(ctx.state, doc, old, ctx.account, ctx.region, now)
    return {}


def _actions(ctx: RequestContext, names: list[str], enabled: bool) -> None:
    metrics = store(ctx)
    for name in names:
        doc = metrics.alarm(name)
        if doc is not None:
            doc["ActionsEnabled"] = enabled
            metrics.put_alarm(doc)


@service.operation("EnableAlarmActions")
def enable_alarm_actions(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    _actions(ctx, req["AlarmNames"], True)
    return {}


@service.operation("DisableAlarmActions")
def disable_alarm_actions(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    _actions(ctx, req["AlarmNames"], False)
    return {}
