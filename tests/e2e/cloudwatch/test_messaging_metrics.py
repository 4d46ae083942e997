"""SNS's and EventBridge's own metrics (AWS/SNS, AWS/Events) after publishes, puts and
deliveries, and what S3 requests, SNS publishes and custom events cost in the estimate
(priced per tier and per 64 KB chunk, as AWS bills them).

https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.cloudwatch.conftest import window
from tests.server import RunningServer

ACCOUNT = "444455556666"


def _sum(cw: Any, namespace: str, name: str, dims: list[dict[str, str]],
         stat: str = "Sum") -> float:
    points = cw.get_metric_statistics(Namespace=namespace, MetricName=name, Dimensions=dims,
                                      Period=3600, Statistics=[stat], **window())["Datapoints"]
    return float(points[0][stat]) if points else 0.0


def _eventually(read: Any, want: float, seconds: float = 10.0) -> float:
    deadline = time.monotonic() + seconds
    found = read()
    while found < want and time.monotonic() < deadline:
        time.sleep(0.1)
        found = read()
    return float(found)


def _queue(server: RunningServer, name: str, access_key: str = "test") -> tuple[str, str]:
    sqs = make_client(server, "sqs", access_key=access_key)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return url, arn["QueueArn"]


def test_sns_published_and_delivered(server: RunningServer, cw: Any, unique_name: str) -> None:
    sns = make_client(server, "sns")
    topic = sns.create_topic(Name=unique_name)["TopicArn"]
    _url, queue_arn = _queue(server, unique_name)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    sns.publish(TopicArn=topic, Message="one")
    sns.publish(TopicArn=topic, Message="two!")
    sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": str(i), "Message": "x" * 10} for i in range(3)])
    dims = [{"Name": "TopicName", "Value": unique_name}]
    assert _sum(cw, "AWS/SNS", "NumberOfMessagesPublished", dims) == 5
    assert _sum(cw, "AWS/SNS", "PublishSize", dims, "Maximum") == 10
    delivered = _eventually(
        lambda: _sum(cw, "AWS/SNS", "NumberOfNotificationsDelivered", dims), 5)
    assert delivered == 5
    assert _sum(cw, "AWS/SNS", "NumberOfNotificationsFailed", dims) == 0


def test_events_matched_triggered_and_invoked(server: RunningServer, cw: Any,
                                              unique_name: str) -> None:
    events = make_client(server, "events")
    bus = events.create_event_bus(Name=unique_name)["EventBusArn"]
    _url, queue_arn = _queue(server, unique_name)
    events.put_rule(Name="orders", EventBusName=unique_name,
                    EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders", EventBusName=unique_name,
                       Targets=[{"Id": "q", "Arn": queue_arn}])
    entries = [{"Source": source, "DetailType": "t", "Detail": "{}", "EventBusName": bus}
               for source in ("shop", "shop", "elsewhere")]
    assert events.put_events(Entries=entries)["FailedEntryCount"] == 0
    rule = [{"Name": "EventBusName", "Value": unique_name}, {"Name": "RuleName",
                                                             "Value": "orders"}]
    assert _sum(cw, "AWS/Events", "TriggeredRules", rule) == 2
    assert _sum(cw, "AWS/Events", "MatchedEvents",
                [{"Name": "EventBusName", "Value": unique_name}]) == 2
    invoked = _eventually(lambda: _sum(cw, "AWS/Events", "Invocations", rule), 2)
    assert invoked == 2
    assert _sum(cw, "AWS/Events", "FailedInvocations", rule) == 0


def _cost(server: RunningServer, cwd: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "cloudlet", "cost", "--json", "--endpoint-url",
                           server.url], capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1",
                               "AWS_ACCESS_KEY_ID": ACCOUNT})
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _line(found: dict[str, Any], service: str, item: str) -> dict[str, Any]:
    lines: list[dict[str, Any]] = [x for x in found["lines"]
                                    if x["service"] == service and x["item"] == item]
    assert len(lines) == 1, lines
    return lines[0]


def test_s3_sns_and_custom_events_are_priced(server: RunningServer, tmp_path: Path) -> None:
    s3 = make_client(server, "s3", access_key=ACCOUNT)
    s3.create_bucket(Bucket="priced-requests")  # Tier1
    for key in ("a", "b"):
        s3.put_object(Bucket="priced-requests", Key=key, Body=b"data")  # Tier1 x2
    for _ in range(3):
        s3.get_object(Bucket="priced-requests", Key="a")["Body"].read()  # Tier2 x3
    s3.head_object(Bucket="priced-requests", Key="b")  # Tier2
    s3.list_objects_v2(Bucket="priced-requests")  # Tier1
    s3.delete_object(Bucket="priced-requests", Key="b")  # free
    sns = make_client(server, "sns", access_key=ACCOUNT)
    topic = sns.create_topic(Name="priced")["TopicArn"]
    sns.publish(TopicArn=topic, Message="x" * 70_000)  # two 64 KB chunks
    sns.publish(TopicArn=topic, Message="small")
    events = make_client(server, "events", access_key=ACCOUNT)
    events.put_events(Entries=[{"Source": "shop", "DetailType": "t", "Detail": "{}"}] * 3)

    found = _cost(server, tmp_path)
    first = _line(found, "S3", "PUT, COPY, POST and LIST requests")
    assert first["quantity"] == 4 and first["cost"] == pytest.approx(4 * 0.000005)
    assert _line(found, "S3", "GET and other requests")["quantity"] == 4
    published = _line(found, "SNS", "publish requests (64 KB chunks)")
    assert published["quantity"] == 3 and published["cost"] == pytest.approx(3 * 0.0000005)
    custom = _line(found, "EventBridge", "custom events (64 KB chunks)")
    assert custom["quantity"] == 3
    assert "S3 requests" not in found["unrecorded"]
    again = _cost(server, tmp_path)  # the estimate's own listing of the bucket is not billed
    assert _line(again, "S3", "PUT, COPY, POST and LIST requests")["quantity"] == 4
