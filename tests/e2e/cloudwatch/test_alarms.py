"""Metric alarms evaluated on the server's clock (``--clock manual``), with an SNS action.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.cloudwatch.conftest import error_of
from tests.server import RunningServer, serving

DIMS = [{"Name": "Queue", "Value": "orders"}]


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "cloudwatch-clock", "--clock", "manual")


def _alarm(cw: Any, name: str, namespace: str, **kwargs: Any) -> None:
    args = {"AlarmName": name, "Namespace": namespace, "MetricName": "Depth",
            "Dimensions": DIMS, "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 1,
            "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold", **kwargs}
    cw.put_metric_alarm(**args)


def _state_after(cw: Any, name: str, wanted: str, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        [alarm] = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"]
        if alarm["StateValue"] == wanted or time.monotonic() > deadline:
            return dict(alarm)
        time.sleep(0.05)


def test_alarm_goes_to_alarm_then_ok_and_notifies_sns(manual: RunningServer) -> None:
    cw, sns, sqs = (make_client(manual, s) for s in ("cloudwatch", "sns", "sqs"))
    queue_url = sqs.create_queue(QueueName="alarm-notes")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    topic = sns.create_topic(Name="alarms")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"RawMessageDelivery": "true"})
    _alarm(cw, "depth-high", "App/Queues", AlarmActions=[topic], OKActions=[topic])
    [alarm] = cw.describe_alarms(AlarmNames=["depth-high"])["MetricAlarms"]
    assert alarm["StateValue"] == "INSUFFICIENT_DATA"

    cw.put_metric_data(Namespace="App/Queues", MetricData=[
        {"MetricName": "Depth", "Dimensions": DIMS, "Value": 80}])
    manual.advance_clock(60)
    alarm = _state_after(cw, "depth-high", "ALARM")
    assert alarm["StateValue"] == "ALARM"
    assert alarm["StateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints [80.0")
    assert json.loads(alarm["StateReasonData"])["recentDatapoints"] == [80.0]

    got = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)["Messages"]
    note = json.loads(got[0]["Body"])
    assert (note["AlarmName"], note["NewStateValue"], note["OldStateValue"]) == (
        "depth-high", "ALARM", "INSUFFICIENT_DATA")
    assert note["Trigger"]["MetricName"] == "Depth" and note["Trigger"]["Threshold"] == 50.0

    cw.put_metric_data(Namespace="App/Queues", MetricData=[
        {"MetricName": "Depth", "Dimensions": DIMS, "Value": 3}])
    manual.advance_clock(60)
    assert _state_after(cw, "depth-high", "OK")["StateValue"] == "OK"


def test_treat_missing_data_as_breaching(manual: RunningServer) -> None:
    cw = make_client(manual, "cloudwatch")
    _alarm(cw, "silent", "App/Nothing", TreatMissingData="breaching")
    manual.advance_clock(60)
    assert _state_after(cw, "silent", "ALARM")["StateValue"] == "ALARM"


def test_missing_data_is_insufficient(manual: RunningServer) -> None:
    cw = make_client(manual, "cloudwatch")
    _alarm(cw, "nothing", "App/Nothing", TreatMissingData="missing")
    cw.set_alarm_state(AlarmName="nothing", StateValue="OK", StateReason="by hand")
    assert _state_after(cw, "nothing", "OK")["StateReason"] == "by hand"
    manual.advance_clock(60)
    assert _state_after(cw, "nothing", "INSUFFICIENT_DATA")["StateValue"] == "INSUFFICIENT_DATA"


def test_datapoints_to_alarm_m_out_of_n(manual: RunningServer) -> None:
    cw = make_client(manual, "cloudwatch")
    _alarm(cw, "two-of-three", "App/MofN", EvaluationPeriods=3, DatapointsToAlarm=2)
    cw.put_metric_data(Namespace="App/MofN", MetricData=[
        {"MetricName": "Depth", "Dimensions": DIMS, "Value": 90}])
    manual.advance_clock(60)
    assert _state_after(cw, "two-of-three", "OK")["StateValue"] == "OK"
    cw.put_metric_data(Namespace="App/MofN", MetricData=[
        {"MetricName": "Depth", "Dimensions": DIMS, "Value": 95}])
    manual.advance_clock(60)
    assert _state_after(cw, "two-of-three", "ALARM")["StateValue"] == "ALARM"


def test_describe_enable_disable_tags_and_delete(manual: RunningServer) -> None:
    cw = make_client(manual, "cloudwatch")
    _alarm(cw, "listed-1", "App/List", Tags=[{"Key": "team", "Value": "core"}])
    _alarm(cw, "listed-2", "App/List")
    names = [a["AlarmName"] for a in cw.describe_alarms(AlarmNamePrefix="listed-")["MetricAlarms"]]
    assert names == ["listed-1", "listed-2"]
    page = cw.describe_alarms(AlarmNamePrefix="listed-", MaxRecords=1)
    assert len(page["MetricAlarms"]) == 1 and page["NextToken"]
    for_metric = cw.describe_alarms_for_metric(Namespace="App/List", MetricName="Depth")
    assert len(for_metric["MetricAlarms"]) == 2
    cw.disable_alarm_actions(AlarmNames=["listed-1"])
    [one] = cw.describe_alarms(AlarmNames=["listed-1"])["MetricAlarms"]
    assert one["ActionsEnabled"] is False
    assert cw.list_tags_for_resource(ResourceARN=one["AlarmArn"])["Tags"] == [
        {"Key": "team", "Value": "core"}]
    cw.delete_alarms(AlarmNames=["listed-1", "listed-2"])
    assert cw.describe_alarms(AlarmNamePrefix="listed-")["MetricAlarms"] == []
    assert error_of(cw.list_tags_for_resource, ResourceARN=one["AlarmArn"])[:2] == (
        "ResourceNotFoundException", 404)


def test_bad_alarms(manual: RunningServer) -> None:
    cw = make_client(manual, "cloudwatch")
    assert error_of(cw.set_alarm_state, AlarmName="nope", StateValue="OK",
                    StateReason="x")[:2] == ("ResourceNotFound", 404)
    code, _, message = error_of(cw.put_metric_alarm, AlarmName="long", Namespace="A",
                                MetricName="m", Statistic="Sum", Period=3600,
                                EvaluationPeriods=25, Threshold=1.0,
                                ComparisonOperator="GreaterThanThreshold")
    assert code == "InvalidParameterValue" and "more than a day" in message
    assert error_of(cw.put_metric_alarm, AlarmName="both", Namespace="A", MetricName="m",
                    Statistic="Sum", ExtendedStatistic="p99", Period=60, EvaluationPeriods=1,
                    Threshold=1.0, ComparisonOperator="GreaterThanThreshold")[0] == \
        "InvalidParameterCombination"
