"""The query protocol (older SDKs, the aws CLI v1) and gzip-compressed bodies.

botocore's model lists ``query`` beside ``json``; a client built on that protocol alone
speaks it, as older botocore releases did.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
import botocore.loaders
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.e2e.cloudwatch.conftest import window
from tests.server import RunningServer


@pytest.fixture(scope="module")
def query_cw(server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    data = copy.deepcopy(botocore.loaders.create_loader().load_service_model(
        "cloudwatch", "service-2"))
    data["metadata"]["protocol"] = "query"
    data["metadata"]["protocols"] = ["query"]
    root = tmp_path_factory.mktemp("models")
    folder = root / "cloudwatch" / data["metadata"]["apiVersion"]
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(data))
    core = botocore.session.get_session()
    core.get_component("data_loader").search_paths.insert(0, str(root))
    return boto3.Session(botocore_session=core).client(
        "cloudwatch", endpoint_url=server.url, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}))


def test_query_client_puts_and_reads(query_cw: Any, cw: Any, namespace: str) -> None:
    assert query_cw.meta.service_model.protocol == "query"
    query_cw.put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Q", "Dimensions": [{"Name": "d", "Value": "v"}], "Values": [1, 3]}])
    [point] = query_cw.get_metric_statistics(
        Namespace=namespace, MetricName="Q", Dimensions=[{"Name": "d", "Value": "v"}],
        Period=60, Statistics=["Sum", "SampleCount"], **window())["Datapoints"]
    assert (point["Sum"], point["SampleCount"]) == (4, 2)
    listed = cw.list_metrics(Namespace=namespace)["Metrics"]  # the JSON client sees it too
    assert [m["MetricName"] for m in listed] == ["Q"]


def test_query_errors_carry_the_query_code(query_cw: Any) -> None:
    with pytest.raises(ClientError) as err:
        query_cw.put_metric_data(Namespace="AWS/EC2", MetricData=[{"MetricName": "m", "Value": 1}])
    assert err.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_large_put_is_sent_compressed_and_read(cw: Any, namespace: str) -> None:
    sent: list[Any] = []

    def note(request: Any, **_: Any) -> None:
        sent.append(request.headers.get("Content-Encoding", b""))

    cw.meta.events.register("before-send.cloudwatch.PutMetricData", note)
    data = [{"MetricName": f"m{i}", "Values": [float(v) for v in range(100)]}
            for i in range(20)]
    try:
        cw.put_metric_data(Namespace=namespace, MetricData=data)
    finally:
        cw.meta.events.unregister("before-send.cloudwatch.PutMetricData", note)
    assert sent and b"gzip" in (sent[0] if isinstance(sent[0], bytes) else sent[0].encode())
    assert len(cw.list_metrics(Namespace=namespace)["Metrics"]) == 20
