"""Metric data: PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
- At most 1,000 metrics per request and 150 values per metric; Value, Values and
  StatisticValues are exclusive; Values and Counts have the same size; namespaces
  beginning with ``AWS/`` are reserved. A PutMetricData is committed before it is answered.
- Data is kept per minute (StorageResolution 1 is accepted and stored per minute), 15 days.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
- Period is a multiple of 60 (1, 5, 10 and 30 are high-resolution periods: "not
  supported"); at most 1,440 datapoints; Statistics and/or ExtendedStatistics (pNN.NN).

LIMITATIONS: metric math expressions in GetMetricData ("not supported: metric math");
EntityMetricData is accepted and its MetricData stored without the entity; cross-account
reads (AccountId, IncludeLinkedAccounts) answer for the caller's account only;
LabelOptions.Timezone is ignored.
"""

from __future__ import annotations

import base64
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.metrics.aggregate import Aggregate
from cloudlet.metrics.recorder import flush
from cloudlet.metrics.stats import STATISTICS, percentile_of, periods, statistic
from cloudlet.metrics.store import Batch, Dims, MetricStore
from cloudlet.server.errors import not_supported
from cloudlet.server.service import NoOutput
from cloudlet.services.cloudwatch.errors import (
    InvalidNextToken,
    InvalidParameterCombinationException,
    InvalidParameterValueException,
    MissingRequiredParameterException,
)
from cloudlet.services.cloudwatch.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_METRICS = 1000
MAX_VALUES = 150
MAX_DATAPOINTS = 1440
MAX_QUERIES = 500
DEFAULT_MAX_DATAPOINTS = 100_800
LIST_PAGE = 500
RECENT_S = 3 * 3600


def dims_of(dimensions: list[dict[str, str]] | None) -> Dims:
    return tuple(sorted((d["Name"], d["Value"]) for d in dimensions or ()))


def dimension_list(dims: Dims) -> list[dict[str, str]]:
    return [{"Name": n, "Value": v} for n, v in dims]


def epoch(value: datetime) -> float:
    return value.timestamp()


def _datum(batch: Batch, namespace: str, datum: dict[str, Any], where: str, now: float
           ) -> None:
    has = [k for k in ("Value", "StatisticValues", "Values") if datum.get(k) is not None]
    if "Values" in has and not datum["Values"]:
        has.remove("Values")
    if not has:
        raise InvalidParameterCombinationException(
            f"At least one of the parameters {where}.Value and {where}.StatisticValues "
            "must be specified.")
    if len(has) > 1:
        raise InvalidParameterCombinationException(
            f"The parameters {where}.{has[0]} and {where}.{has[1]} are mutually exclusive "
            "and you have specified both.")
    values = datum.get("Values") or []
    counts = datum.get("Counts")
    if len(values) > MAX_VALUES:
        raise InvalidParameterValueException(
            f"The collection {where}.Values must not have a size greater than {MAX_VALUES}.")
    if counts is not None and len(counts) != len(values):
        raise InvalidParameterValueException(
            f"The parameters {where}.Values and {where}.Counts must be of the same size.")
    when = epoch(datum["Timestamp"]) if datum.get("Timestamp") else now
    if when < now - 14 * 86400 or when > now + 2 * 3600:
        raise InvalidParameterValueException(
            f"The parameter {where}.Timestamp must specify a time no more than two weeks in "
            "the past or two hours in the future.")
    key = (namespace, datum["MetricName"], dims_of(datum.get("Dimensions")), datum.get("Unit", "None"),
           int(when // 60))
    agg = batch.get(key)
    if agg is None:
        agg = batch[key] = Aggregate()
    if "Value" in has:
        agg.add(float(datum["Value"]))
    elif "StatisticValues" in has:
        s = datum["StatisticValues"]
        if s["SampleCount"] <= 0 or s["Minimum"] > s["Maximum"]:
            raise InvalidParameterValueException(
                f"The parameter {where}.StatisticValues is invalid: SampleCount must be "
                "positive and Minimum not greater than Maximum.")
        agg.add_set(s["SampleCount"], s["Sum"], s["Minimum"], s["Maximum"])
    else:
        for i, value in enumerate(values):
            count = 1.0 if counts is None else float(counts[i])
            if count > 0:
                agg.add(float(value), count)


@service.operation("PutMetricData")
def put_metric_data(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Store datapoints (see the module docstring); committed before the answer."""
    namespace = req["Namespace"]
    if namespace.startswith("AWS/"):
        raise InvalidParameterValueException(
            f"The value {namespace} for parameter Namespace is invalid.")
    data = list(req.get("MetricData") or [])
    for entity in req.get("EntityMetricData") or []:
        data.extend(entity.get("MetricData") or [])
    if not data:
        raise MissingRequiredParameterException(
            "The parameter MetricData is required.")
    if len(data) > MAX_METRICS:
        raise InvalidParameterValueException(
            f"The collection MetricData must not have a size greater than {MAX_METRICS}.")
    now = ctx.state.clock.now()
    batch: Batch = {}
    for i, datum in enumerate(data, 1):
        _datum(batch, namespace, datum, f"MetricData.member.{i}", now)
    store(ctx).write(batch, now)
    return {}


def _period(period: int, name: str = "Period") -> None:
    if period in (1, 5, 10, 30):
        raise not_supported(f"high-resolution periods ({period} seconds); data is kept per "
                            "minute")
    if period % 60:
        raise InvalidParameterValueException(f"The parameter {name} must be a multiple of 60.")


def _range(req: dict[str, Any]) -> tuple[float, float]:
    start, end = epoch(req["StartTime"]), epoch(req["EndTime"])
    if start >= end:
        raise InvalidParameterValueException(
            "The parameter StartTime must be less than the parameter EndTime.")
    return start, end


def _extended(stats: list[str]) -> None:
    for stat in stats:
        if percentile_of(stat) is None:
            raise InvalidParameterValueException(
                f"The value {stat} for parameter ExtendedStatistics is not supported.")


@service.operation("GetMetricStatistics")
def get_metric_statistics(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Statistics per period for one metric with exactly the given dimensions."""
    stats, extended = req.get("Statistics") or [], req.get("ExtendedStatistics") or []
    if not stats and not extended:
        raise MissingRequiredParameterException(
            "Must specify either Statistics or ExtendedStatistics.")
    _extended(extended)
    _period(req["Period"])
    start, end = _range(req)
    if math.ceil((end - start) / req["Period"]) > MAX_DATAPOINTS:
        count = math.ceil((end - start) / req["Period"])
        raise InvalidParameterCombinationException(
            f"You have requested up to {count:,} datapoints, which exceeds the limit of "
            f"{MAX_DATAPOINTS:,}. You may reduce the datapoints requested by increasing "
            "Period, or decreasing the time range.")
    flush(ctx.state)
    metrics = store(ctx)
    found = metrics.series_id(req["Namespace"], req["MetricName"], dims_of(req.get("Dimensions")))
    points = [] if found is None else periods(metrics, [found], start, end, req["Period"],
                                               req.get("Unit"))
    out = []
    for point in points:
        datapoint: dict[str, Any] = {"Timestamp": datetime.fromtimestamp(point.timestamp, UTC),
                                     "Unit": point.unit}
        for stat in stats:
            datapoint[stat] = statistic(point.data, stat)
        if extended:
            datapoint["ExtendedStatistics"] = {
                s: v for s in extended if (v := statistic(point.data, s)) is not None}
        out.append(datapoint)
    return {"Label": req["MetricName"], "Datapoints": out}


def _query_series(metrics: MetricStore, query: dict[str, Any]) -> list[int]:
    metric = query["MetricStat"]["Metric"]
    found = metrics.series_id(metric.get("Namespace", ""), metric.get("MetricName", ""),
                              dims_of(metric.get("Dimensions")))
    return [] if found is None else [found]


def _check_stat(stat: str) -> None:
    if stat not in STATISTICS and percentile_of(stat) is None:
        raise InvalidParameterValueException(
            f"The value {stat} for parameter MetricDataQueries.member.1.MetricStat.Stat "
            "is not supported.")


@service.operation("GetMetricData")
def get_metric_data(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """MetricStat queries: one result per query with ReturnData (default true), newest
    first unless ScanBy is TimestampAscending; paged by MaxDatapoints."""
    queries = req["MetricDataQueries"]
    if len(queries) > MAX_QUERIES:
        raise InvalidParameterValueException(
            f"The collection MetricDataQueries must not have a size greater than {MAX_QUERIES}.")
    start, end = _range(req)
    ids = [q["Id"] for q in queries]
    if len(set(ids)) != len(ids):
        raise InvalidParameterValueException("The value of an Id must be unique.")
    flush(ctx.state)
    metrics = store(ctx)
    results = []
    for query in queries:
        if query.get("Expression") is not None:
            raise not_supported("metric math (GetMetricData Expression)")
        if query.get("MetricStat") is None:
            raise InvalidParameterCombinationException(
                "Exactly one of the parameters MetricStat and Expression must be specified.")
        stat = query["MetricStat"]
        _check_stat(stat["Stat"])
        _period(stat["Period"], "MetricStat.Period")
        points = periods(metrics, _query_series(metrics, query), start, end, stat["Period"],
                         stat.get("Unit"))
        pairs = [(p.timestamp, v) for p in points if (v := statistic(p.data, stat["Stat"]))
                 is not None]
        if req.get("ScanBy", "TimestampDescending") == "TimestampDescending":
            pairs.reverse()
        if query.get("ReturnData", True):
            label = query.get("Label") or stat["Metric"].get("MetricName", query["Id"])
            results.append((query["Id"], label, pairs))
    offset = _token(req.get("NextToken"))
    budget = req.get("MaxDatapoints") or DEFAULT_MAX_DATAPOINTS
    out, position, more = [], 0, False
    for query_id, label, pairs in results:
        taken = pairs[max(0, offset - position):]
        position += len(pairs)
        taken, rest = taken[:budget], taken[budget:]
        budget -= len(taken)
        more = more or bool(rest)
        out.append({"Id": query_id, "Label": label,
                    "Timestamps": [datetime.fromtimestamp(t, UTC) for t, _ in taken],
                    "Values": [v for _, v in taken],
                    "StatusCode": "PartialData" if rest else "Complete"})
    answer: dict[str, Any] = {"MetricDataResults": out, "Messages": []}
    if more:
        answer["NextToken"] = base64.b64encode(
            str(offset + sum(len(r["Values"]) for r in out)).encode()).decode()
    return answer


def _token(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.b64decode(token, validate=True).decode())
    except ValueError:
        raise InvalidNextToken() from None


def _matches(dims: Dims, filters: list[dict[str, str]]) -> bool:
    have = dict(dims)
    for wanted in filters:
        if wanted["Name"] not in have:
            return False
        if wanted.get("Value") is not None and have[wanted["Name"]] != wanted["Value"]:
            return False
    return True


@service.operation("ListMetrics")
def list_metrics(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Metrics by namespace, name and dimension filters (a filter without Value matches any
    value); RecentlyActive=PT3H keeps those with data in the last three hours. Pages of 500."""
    flush(ctx.state)
    since = ctx.state.clock.now() - RECENT_S if req.get("RecentlyActive") == "PT3H" else None
    filters = req.get("Dimensions") or []
    found = [{"Namespace": ns, "MetricName": name, "Dimensions": dimension_list(dims)}
             for _id, ns, name, dims in store(ctx).series(req.get("Namespace"),
                                                          req.get("MetricName"), since)
             if _matches(dims, filters)]
    offset = _token(req.get("NextToken"))
    page = found[offset:offset + LIST_PAGE]
    out: dict[str, Any] = {"Metrics": page}
    if offset + LIST_PAGE < len(found):
        out["NextToken"] = base64.b64encode(str(offset + LIST_PAGE).encode()).decode()
    return out
