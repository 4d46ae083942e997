"""PutMetricData and GetMetricStatistics refuse bad input as CloudWatch words it
(``InvalidParameterValue``, ``InvalidParameterCombination``, ``MissingParameter``: the
query codes, which the SDKs report for this query-compatible JSON service)."""

from __future__ import annotations

from typing import Any

from tests.e2e.cloudwatch.conftest import error_of, window


def test_more_than_1000_metrics(cw: Any, namespace: str) -> None:
    data = [{"MetricName": "m", "Value": 1}] * 1001
    assert error_of(cw.put_metric_data, Namespace=namespace, MetricData=data) == (
        "InvalidParameterValue", 400,
        "The collection MetricData must not have a size greater than 1000.")


def test_values_and_counts_of_different_sizes(cw: Any, namespace: str) -> None:
    code, status, message = error_of(cw.put_metric_data, Namespace=namespace, MetricData=[
        {"MetricName": "m", "Values": [1, 2], "Counts": [1]}])
    assert (code, status) == ("InvalidParameterValue", 400)
    assert message == ("The parameters MetricData.member.1.Values and "
                       "MetricData.member.1.Counts must be of the same size.")


def test_value_and_statistic_values_together(cw: Any, namespace: str) -> None:
    code, _, message = error_of(cw.put_metric_data, Namespace=namespace, MetricData=[
        {"MetricName": "m", "Value": 1, "StatisticValues": {
            "SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}}])
    assert code == "InvalidParameterCombination"
    assert message == ("The parameters MetricData.member.1.Value and "
                       "MetricData.member.1.StatisticValues are mutually exclusive and you "
                       "have specified both.")


def test_no_value_at_all(cw: Any, namespace: str) -> None:
    code, _, message = error_of(cw.put_metric_data, Namespace=namespace,
                                MetricData=[{"MetricName": "m"}])
    assert code == "InvalidParameterCombination"
    assert message.startswith("At least one of the parameters MetricData.member.1.Value")


def test_more_than_150_values(cw: Any, namespace: str) -> None:
    code, _, message = error_of(cw.put_metric_data, Namespace=namespace, MetricData=[
        {"MetricName": "m", "Values": [1.0] * 151}])
    assert (code, message) == ("InvalidParameterValue", "The collection MetricData.member.1."
                               "Values must not have a size greater than 150.")


def test_aws_namespaces_are_reserved(cw: Any) -> None:
    assert error_of(cw.put_metric_data, Namespace="AWS/Lambda",
                    MetricData=[{"MetricName": "m", "Value": 1}])[0] == "InvalidParameterValue"


def test_more_than_30_dimensions_fails_validation(cw: Any, namespace: str) -> None:
    dims = [{"Name": f"d{i}", "Value": "v"} for i in range(31)]
    code, status, message = error_of(cw.put_metric_data, Namespace=namespace, MetricData=[
        {"MetricName": "m", "Value": 1, "Dimensions": dims}])
    assert (code, status) == ("ValidationError", 400) and "dimensions" in message.lower()


def test_period_not_a_multiple_of_60(cw: Any, namespace: str) -> None:
    assert error_of(cw.get_metric_statistics, Namespace=namespace, MetricName="m", Period=90,
                    Statistics=["Sum"], **window()) == (
        "InvalidParameterValue", 400, "The parameter Period must be a multiple of 60.")


def test_too_many_datapoints(cw: Any, namespace: str) -> None:
    code, _, message = error_of(cw.get_metric_statistics, Namespace=namespace, MetricName="m",
                                Period=60, Statistics=["Sum"], **window(1500))
    assert code == "InvalidParameterCombination"
    assert message.startswith("You have requested up to 1,501 datapoints, which exceeds the "
                              "limit of 1,440.")


def test_start_after_end(cw: Any, namespace: str) -> None:
    times = window()
    assert error_of(cw.get_metric_statistics, Namespace=namespace, MetricName="m", Period=60,
                    Statistics=["Sum"], StartTime=times["EndTime"],
                    EndTime=times["StartTime"])[0] == "InvalidParameterValue"


def test_no_statistics(cw: Any, namespace: str) -> None:
    assert error_of(cw.get_metric_statistics, Namespace=namespace, MetricName="m", Period=60,
                    **window())[0] == "MissingParameter"
