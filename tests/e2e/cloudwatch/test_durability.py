"""A PutMetricData answered 200 survives SIGKILL; emitted metrics survive a clean stop."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.cloudwatch.conftest import window
from tests.server import RunningServer


def _sum(running: RunningServer, namespace: str, name: str,
         dims: list[dict[str, str]]) -> float | None:
    points: list[dict[str, Any]] = make_client(running, "cloudwatch").get_metric_statistics(
        Namespace=namespace, MetricName=name, Dimensions=dims, Period=3600,
        Statistics=["Sum"], **window())["Datapoints"]
    return points[0]["Sum"] if points else None


def test_put_metric_data_survives_sigkill(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        make_client(running, "cloudwatch").put_metric_data(Namespace="Kept", MetricData=[
            {"MetricName": "Orders", "Values": [1, 2, 3]}])
        running.stop(signal.SIGKILL)
        running.start()
        assert _sum(running, "Kept", "Orders", []) == 6
    finally:
        running.stop()


def test_emitted_metrics_are_flushed_when_the_server_stops(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        ddb = make_client(running, "dynamodb")
        ddb.create_table(TableName="kept", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        ddb.put_item(TableName="kept", Item={"pk": {"S": "a"}})
        running.stop()
        running.start()
        assert _sum(running, "AWS/DynamoDB", "ConsumedWriteCapacityUnits",
                    [{"Name": "TableName", "Value": "kept"}]) == 1
    finally:
        running.stop()
