"""PutMetricData read back by GetMetricStatistics, GetMetricData and ListMetrics.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.cloudwatch.conftest import error_of, window

DIMS = [{"Name": "Service", "Value": "checkout"}]


def _stats(cw: Any, namespace: str, name: str, **kwargs: Any) -> list[dict[str, Any]]:
    args: dict[str, Any] = {"Namespace": namespace, "MetricName": name, "Dimensions": DIMS,
                            "Period": 3600, "Statistics": ["SampleCount", "Sum", "Average",
                                                           "Minimum", "Maximum"], **window()}
    args.update(kwargs)
    return list(cw.get_metric_statistics(**args)["Datapoints"])


def test_values_and_counts_aggregate_into_one_datapoint(cw: Any, namespace: str) -> None:
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Latency", "Dimensions": DIMS, "Unit": "Milliseconds",
         "Values": [10, 20, 30], "Counts": [1, 2, 1]},
        {"MetricName": "Latency", "Dimensions": DIMS, "Unit": "Milliseconds", "Value": 40},
    ])
    [point] = _stats(cw, namespace, "Latency")
    assert point["SampleCount"] == 5 and point["Sum"] == 120
    assert point["Average"] == 24 and point["Minimum"] == 10 and point["Maximum"] == 40
    assert point["Unit"] == "Milliseconds"


def test_statistic_sets_add_up(cw: Any, namespace: str) -> None:
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Bytes", "Dimensions": DIMS, "StatisticValues": {
            "SampleCount": 3, "Sum": 11, "Minimum": 2, "Maximum": 5}, "Unit": "Bytes"}])
    [point] = _stats(cw, namespace, "Bytes")
    assert (point["SampleCount"], point["Sum"], point["Minimum"], point["Maximum"]) == (3, 11, 2, 5)


def test_percentiles_are_within_one_percent(cw: Any, namespace: str) -> None:
    values = [float(v) for v in range(1, 1001)]
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Lat", "Dimensions": DIMS, "Values": values[i:i + 150]}
        for i in range(0, 1000, 150)])
    [point] = cw.get_metric_statistics(
        Namespace=namespace, MetricName="Lat", Dimensions=DIMS, Period=3600,
        ExtendedStatistics=["p50", "p90", "p99", "p99.9"], **window())["Datapoints"]
    got = point["ExtendedStatistics"]
    for name, expected in (("p50", 500), ("p90", 900), ("p99", 990), ("p99.9", 999)):
        assert got[name] == pytest.approx(expected, rel=0.01), name


def test_dimensions_must_match_exactly(cw: Any, namespace: str) -> None:
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Hits", "Dimensions": DIMS, "Value": 1}])
    assert _stats(cw, namespace, "Hits", Dimensions=[]) == []
    assert len(_stats(cw, namespace, "Hits")) == 1


def test_period_splits_datapoints_per_minute(cw: Any, namespace: str) -> None:
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Hits", "Dimensions": DIMS, "Value": 1}])
    points = _stats(cw, namespace, "Hits", Period=60)
    assert len(points) == 1 and points[0]["Timestamp"].second == 0


def test_get_metric_data_answers_each_query(cw: Any, namespace: str) -> None:
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Hits", "Dimensions": DIMS, "Values": [1, 2, 3]}])
    metric = {"Namespace": namespace, "MetricName": "Hits", "Dimensions": DIMS}
    out = cw.get_metric_data(MetricDataQueries=[
        {"Id": "total", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"},
         "Label": "All hits"},
        {"Id": "top", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Maximum"}},
        {"Id": "hidden", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"},
         "ReturnData": False},
    ], **window())
    results = {r["Id"]: r for r in out["MetricDataResults"]}
    assert set(results) == {"total", "top"}
    assert results["total"]["Values"] == [6] and results["total"]["Label"] == "All hits"
    assert results["top"]["Values"] == [3] and results["top"]["StatusCode"] == "Complete"


def test_get_metric_data_metric_math_is_not_supported(cw: Any) -> None:
    code, status, message = error_of(
        cw.get_metric_data, MetricDataQueries=[{"Id": "e", "Expression": "SUM(METRICS())"}],
        **window())
    assert (code, status) == ("ValidationException", 400) and "not supported" in message


def test_list_metrics_filters_by_dimension(cw: Any, namespace: str) -> None:
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "A", "Dimensions": DIMS, "Value": 1},
        {"MetricName": "A", "Dimensions": [{"Name": "Other", "Value": "x"}], "Value": 1},
        {"MetricName": "B", "Value": 1}])
    every = cw.list_metrics(Namespace=namespace)["Metrics"]
    assert sorted(m["MetricName"] for m in every) == ["A", "A", "B"]
    by_name = cw.list_metrics(Namespace=namespace, Dimensions=[{"Name": "Service"}])["Metrics"]
    assert by_name == [{"Namespace": namespace, "MetricName": "A", "Dimensions": DIMS}]
    recent = cw.list_metrics(Namespace=namespace, MetricName="B", RecentlyActive="PT3H")
    assert [m["MetricName"] for m in recent["Metrics"]] == ["B"]


def test_get_metric_data_pages_by_max_datapoints(cw: Any, namespace: str) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Hits", "Timestamp": now - timedelta(minutes=m), "Value": m}
        for m in range(3)])
    query = [{"Id": "h", "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": "Hits"},
                                        "Period": 60, "Stat": "Sum"}}]
    args = {"MetricDataQueries": query, "ScanBy": "TimestampAscending", "MaxDatapoints": 2,
            **window()}
    first = cw.get_metric_data(**args)
    assert first["MetricDataResults"][0]["Values"] == [2, 1]
    assert first["MetricDataResults"][0]["StatusCode"] == "PartialData"
    second = cw.get_metric_data(**args, NextToken=first["NextToken"])
    assert second["MetricDataResults"][0]["Values"] == [0]
    assert "NextToken" not in second
    newest_first = cw.get_metric_data(MetricDataQueries=query, **window())
    assert newest_first["MetricDataResults"][0]["Values"] == [0, 1, 2]
