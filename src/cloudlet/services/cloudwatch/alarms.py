"""Metric alarms: evaluation and state changes, run by the ``cloudwatch.alarms`` worker
at each minute of the server's clock (``--clock manual`` moves it).

https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
- The last EvaluationPeriods periods (of Period seconds, ending at the current minute)
  are read; an alarm goes to ALARM when at least DatapointsToAlarm of them breach the
  threshold, to OK when enough datapoints exist and too few breach.
- TreatMissingData: ``missing`` (default; no datapoint at all is INSUFFICIENT_DATA),
  ``breaching``, ``notBreaching``, ``ignore`` (no datapoint keeps the current state).
- On a change of state with ActionsEnabled, each action of the new state runs: an SNS
  topic ARN is published the alarm's JSON message through ``internal.call``.

LIMITATIONS: metric math alarms (``Metrics`` with an expression), anomaly detection
thresholds (ThresholdMetricId), composite alarms and actions other than SNS topics
(logged, not run); EvaluateLowSampleCountPercentile is stored only; alarm history is not kept.
"""

from __future__ import annotations

import logging
import math
import operator
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.metrics.aggregate import Aggregate
from cloudlet.metrics.recorder import every_store, flush
from cloudlet.metrics.stats import statistic
from cloudlet.server.internal import call, served

if TYPE_CHECKING:
    from cloudlet.metrics.store import MetricStore
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

COMPARISONS: dict[str, tuple[Callable[[float, float], bool], str]] = {
    "GreaterThanOrEqualToThreshold": (operator.ge, "greater than or equal to"),
    "GreaterThanThreshold": (operator.gt, "greater than"),
    "LessThanThreshold": (operator.lt, "less than"),
    "LessThanOrEqualToThreshold": (operator.le, "less than or equal to"),
}
_ACTIONS = {"ALARM": "AlarmActions", "OK": "OKActions",
            "INSUFFICIENT_DATA": "InsufficientDataActions"}


def metric_of(doc: dict[str, Any]) -> tuple[str, str, list[dict[str, str]], int, str, str | None]:
    """(namespace, name, dimensions, period, statistic, unit) the alarm watches."""
    if doc.get("Metrics"):
        stat = next(q["MetricStat"] for q in doc["Metrics"] if q.get("MetricStat"))
        metric = stat["Metric"]
        return (metric.get("Namespace", ""), metric.get("MetricName", ""),
                metric.get("Dimensions") or [], stat["Period"], stat["Stat"], stat.get("Unit"))
    return (doc["Namespace"], doc["MetricName"], doc.get("Dimensions") or [], doc["Period"],
            doc.get("Statistic") or doc["ExtendedStatistic"], doc.get("Unit"))


def _window(metrics: MetricStore, doc: dict[str, Any], end: float
            ) -> tuple[str, int, list[tuple[float, float | None]]]:
    namespace, name, dimensions, period, stat, unit = metric_of(doc)
    count = doc["EvaluationPeriods"]
    start = end - count * period
    dims = tuple(sorted((d["Name"], d["Value"]) for d in dimensions))
    found = metrics.series_id(namespace, name, dims)
    buckets: list[Aggregate | None] = [None] * count
    if found is not None:
        for minute, _unit, agg in metrics.minutes([found], math.floor(start / 60),
                                                  math.ceil(end / 60), unit):
            index = int((minute * 60 - start) // period)
            if 0 <= index < count:
                held = buckets[index]
                if held is None:
                    buckets[index] = agg
                else:
                    held.merge(agg)
    return stat, period, [(start + i * period, None if b is None else statistic(b, stat))
                          for i, b in enumerate(buckets)]


def _stamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%d/%m/%y %H:%M:%S")


def evaluate(metrics: MetricStore, doc: dict[str, Any], now: float
             ) -> tuple[str, str, str] | None:
    """The alarm's new (state, reason, reason data), or None to keep its state."""
    end = math.floor(now / 60) * 60
    stat, period, points = _window(metrics, doc, end)
    threshold = doc["Threshold"]
    compare, words = COMPARISONS[doc["ComparisonOperator"]]
    treat = doc.get("TreatMissingData", "missing")
    present = [(t, v) for t, v in points if v is not None]
    missing = len(points) - len(present)
    needed = doc.get("DatapointsToAlarm") or doc["EvaluationPeriods"]
    breaching = sum(1 for _, v in present if compare(v, threshold))
    if treat == "breaching":
        breaching += missing
    if not present and treat in ("missing", "ignore"):
        if treat == "ignore":
            return None
        reason = (f"Insufficient Data: {len(points)} datapoint"
                  f"{'s were' if len(points) != 1 else ' was'} unknown.")
        new = "INSUFFICIENT_DATA"
    else:
        new = "ALARM" if breaching >= needed else "OK"
        shown = ", ".join(f"{v} ({_stamp(t)})" for t, v in reversed(present))
        verb = "was" if breaching == 1 else "were"
        if new == "ALARM":
            reason = (f"Threshold Crossed: {breaching} out of the last {len(points)} datapoints "
                      f"[{shown}] {verb} {words} the threshold ({threshold}) (minimum {needed} "
                      f"datapoint{'s' if needed != 1 else ''} for OK -> ALARM transition).")
        else:
            reason = (f"Threshold Crossed: {len(present) - breaching} out of the last "
                      f"{len(points)} datapoints [{shown}] {'was' if len(present) - breaching == 1 else 'were'} "
                      f"not {words} the threshold ({threshold}) (minimum 1 datapoint for "
                      "ALARM -> OK transition).")
    data = {"version": "1.0", "queryDate": datetime.fromtimestamp(now, UTC).isoformat(),
            "startDate": datetime.fromtimestamp(end - len(points) * period, UTC).isoformat(),
            "statistic": stat, "period": period,
            "recentDatapoints": [v for _, v in reversed(present)], "threshold": threshold,
            "evaluatedDatapoints": [{"timestamp": datetime.fromtimestamp(t, UTC).isoformat(),
                                     **({"value": v} if v is not None else {})}
                                    for t, v in reversed(points)]}
    return new, reason[:1023], orjson.dumps(data).decode()[:4000]


def transition(doc: dict[str, Any], state_value: str, reason: str, data: str | None,
               now: float) -> bool:
    """Set the alarm's state; whether it changed."""
    old = doc.get("StateValue")
    doc["StateReason"] = reason
    if data is not None:
        doc["StateReasonData"] = data
    doc["StateUpdatedTimestamp"] = now
    if old == state_value:
        return False
    doc["StateValue"] = state_value
    doc["StateTransitionedTimestamp"] = now
    return True


def message(doc: dict[str, Any], old: str, account: str, region: str, now: float
            ) -> dict[str, Any]:
    """The JSON an SNS action publishes (as AWS's alarm notifications)."""
    namespace, name, dimensions, period, stat, unit = metric_of(doc)
    return {
        "AlarmName": doc["AlarmName"], "AlarmDescription": doc.get("AlarmDescription"),
        "AWSAccountId": account, "AlarmConfigurationUpdatedTimestamp": datetime.fromtimestamp(
            doc["AlarmConfigurationUpdatedTimestamp"], UTC).isoformat(),
        "NewStateValue": doc["StateValue"], "NewStateReason": doc.get("StateReason", ""),
        "StateChangeTime": datetime.fromtimestamp(now, UTC).isoformat(),
        "Region": region, "AlarmArn": doc["AlarmArn"], "OldStateValue": old,
        "OKActions": doc.get("OKActions", []), "AlarmActions": doc.get("AlarmActions", []),
        "InsufficientDataActions": doc.get("InsufficientDataActions", []),
        "Trigger": {"MetricName": name, "Namespace": namespace,
                    "StatisticType": "Statistic" if doc.get("Statistic") else "ExtendedStatistic",
                    "Statistic": stat.upper() if doc.get("Statistic") else stat,
                    "Unit": unit, "Dimensions": [{"value": d["Value"], "name": d["Name"]}
                                                 for d in dimensions],
                    "Period": period, "EvaluationPeriods": doc["EvaluationPeriods"],
                    "DatapointsToAlarm": doc.get("DatapointsToAlarm", doc["EvaluationPeriods"]),
                    "ComparisonOperator": doc["ComparisonOperator"],
                    "Threshold": doc["Threshold"],
                    "TreatMissingData": doc.get("TreatMissingData", "missing"),
                    "EvaluateLowSampleCountPercentile": doc.get(
                        "EvaluateLowSampleCountPercentile", "")},
    }


async def run_actions(state: ServerState, doc: dict[str, Any], old: str, account: str,
                      region: str, now: float) -> None:
    """Run the actions of the alarm's (new) state, if its actions are enabled."""
    if not doc.get("ActionsEnabled", True):
        return
    for arn in doc.get(_ACTIONS[doc["StateValue"]], []):
        if arn.split(":")[2:3] != ["sns"] or served(state, "sns") is None:
            log.warning("alarm %s: not supported: alarm action %s", doc["AlarmName"], arn)
            continue
        body = message(doc, old, account, region, now)
        subject = f'{doc["StateValue"]}: "{doc["AlarmName"]}" in {region}'
        try:
            await call(state, "sns", "Publish",
                       {"TopicArn": arn, "Subject": subject[:100],
                        "Message": orjson.dumps(body).decode()},
                       account=arn.split(":")[4], region=arn.split(":")[3])
        except Exception as error:  # the alarm's state stands; AWS records a failed action
            log.warning("alarm %s: action %s failed: %s", doc["AlarmName"], arn, error)


async def evaluate_all(state: ServerState) -> None:
    """Evaluate every alarm of every account and region once, now."""
    flush(state)
    now = state.clock.now()
    for account, region, metrics in every_store(state):
        for listed in metrics.alarms():
            doc = metrics.alarm(listed["AlarmName"])  # as it is now, after earlier awaits
            if doc is None:
                continue
            if doc.get("Metrics") and any(q.get("Expression") for q in doc["Metrics"]):
                continue
            found = evaluate(metrics, doc, now)
            if found is None or found[0] == doc["StateValue"]:
                continue  # the state, its reason and timestamps stand until it changes
            old = doc["StateValue"]
            transition(doc, *found, now)
            metrics.put_alarm(doc)
            await run_actions(state, doc, old, account, region, now)


async def alarm_loop(state: ServerState) -> None:
    while True:
        now = state.clock.now()
        await state.clock.sleep_until((math.floor(now / 60) + 1) * 60)
        await evaluate_all(state)
