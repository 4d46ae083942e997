"""Event notifications to Lambda and SQS, with prefix/suffix filters, in AWS's record shape
(validated with aws-lambda-powertools' S3Model), surviving a SIGKILL of the server.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
"""

from __future__ import annotations

import json
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from aws_lambda_powertools.utilities.parser.models import (
    S3EventNotificationEventBridgeModel,
    S3Model,
)

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import recorder, records, shared_dir, wait_for  # noqa: F401
from tests.e2e.s3.conftest import advance_clock
from tests.server import RunningServer


def _notify_lambda(s3: Any, bucket: str, arn: str, events: list[str],
                   rules: list[dict[str, str]] | None = None) -> None:
    config: dict[str, Any] = {"LambdaFunctionArn": arn, "Events": events, "Id": "to-lambda"}
    if rules:
        config["Filter"] = {"Key": {"FilterRules": rules}}
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [config]})


def _events(out: Path) -> list[dict[str, Any]]:
    return [r["event"] for r in records(out)]


def test_lambda_gets_created_and_removed_events(s3: Any, lambda_client: Any, bucket: str,
                                                shared_dir: Path) -> None:  # noqa: F811
    name = f"s3n-{uuid.uuid4().hex[:8]}"
    out = shared_dir / "events.jsonl"
    recorder(lambda_client, name, out)
    try:
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        _notify_lambda(s3, bucket, arn, ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
                       [{"Name": "prefix", "Value": "in/"}, {"Name": "suffix", "Value": ".txt"}])
        got = s3.get_bucket_notification_configuration(Bucket=bucket)
        assert got["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"] == arn

        s3.put_object(Bucket=bucket, Key="in/a b.txt", Body=b"12345")
        s3.put_object(Bucket=bucket, Key="in/skip.jpg", Body=b"x")
        s3.put_object(Bucket=bucket, Key="out/skip.txt", Body=b"x")
        s3.copy_object(Bucket=bucket, Key="in/copy.txt", CopySource=f"{bucket}/in/a b.txt")
        s3.delete_object(Bucket=bucket, Key="in/copy.txt")
        post = s3.generate_presigned_post(bucket, "in/form.txt")
        requests.post(post["url"], data=post["fields"], files={"file": ("f", b"x")}, timeout=10)
        wait_for(lambda: len(_events(out)) >= 4)
        time.sleep(0.3)
        events = sorted(_events(out), key=lambda e: e["Records"][0]["s3"]["object"]["sequencer"])
        assert [e["Records"][0]["eventName"] for e in events] == [
            "ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete", "ObjectCreated:Post"]
        first = events[0]["Records"][0]
        assert first["s3"]["object"]["key"] == "in/a+b.txt"  # URL-encoded, as S3 sends it
        assert first["s3"]["object"]["size"] == 5
        assert first["s3"]["configurationId"] == "to-lambda"
        assert first["s3"]["bucket"]["arn"] == f"arn:aws:s3:::{bucket}"
        for event in events:
            parsed = S3Model.model_validate(event)
            assert parsed.Records[0].eventSource == "aws:s3"
            assert parsed.Records[0].eventVersion == "2.1"
    finally:
        lambda_client.delete_function(FunctionName=name)


def test_versioned_event_carries_version_id(s3: Any, lambda_client: Any, bucket: str,
                                            shared_dir: Path) -> None:  # noqa: F811
    name = f"s3v-{uuid.uuid4().hex[:8]}"
    out = shared_dir / "events.jsonl"
    recorder(lambda_client, name, out)
    try:
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        _notify_lambda(s3, bucket, arn, ["s3:ObjectRemoved:DeleteMarkerCreated"])
        s3.put_object(Bucket=bucket, Key="k", Body=b"v")
        marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
        wait_for(lambda: len(_events(out)) >= 1)
        record = S3Model.model_validate(_events(out)[0]).Records[0]
        assert record.eventName == "ObjectRemoved:DeleteMarkerCreated"
        assert record.s3.object.versionId == marker
    finally:
        lambda_client.delete_function(FunctionName=name)


def test_sqs_gets_test_event_then_records(server: RunningServer, s3: Any, bucket: str) -> None:
    sqs = make_client(server, "sqs")
    url = sqs.create_queue(QueueName=f"s3q-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:Put"]}]})
    s3.put_object(Bucket=bucket, Key="q.txt", Body=b"x")
    bodies: list[dict[str, Any]] = []
    deadline = time.monotonic() + 15
    while len(bodies) < 2 and time.monotonic() < deadline:
        for message in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1,
                                           MaxNumberOfMessages=10).get("Messages", []):
            bodies.append(json.loads(message["Body"]))
    assert bodies[0]["Event"] == "s3:TestEvent" and bodies[0]["Bucket"] == bucket
    assert bodies[1]["Records"][0]["s3"]["object"]["key"] == "q.txt"


def test_event_survives_sigkill(tmp_path: Path, shared_dir: Path) -> None:  # noqa: F811
    """The put is acknowledged while its function is gone (configured while it existed,
    then deleted: delivery keeps failing), the server is killed, restarted, the function
    created again: the event arrives."""
    running = RunningServer(tmp_path / "data", "--idle-timeout", "30", "--clock", "manual").start()
    try:
        s3 = make_client(running, "s3")
        lam = make_client(running, "lambda")
        s3.create_bucket(Bucket="durable")
        out = shared_dir / "late.jsonl"
        recorder(lam, "late", out)
        arn = "arn:aws:lambda:us-east-1:000000000000:function:late"
        _notify_lambda(s3, "durable", arn, ["s3:ObjectCreated:*"])
        lam.delete_function(FunctionName="late")
        s3.put_object(Bucket="durable", Key="kept.txt", Body=b"survives")
        running.stop(signal.SIGKILL)
        running.start()
        recorder(lam, "late", out)
        advance_clock(running, 600)  # past the retry backoff
        wait_for(lambda: len(_events(out)) >= 1, timeout=30)
        record = S3Model.model_validate(_events(out)[0]).Records[0]
        assert record.s3.object.key == "kept.txt"
        assert record.s3.object.size == len(b"survives")
    finally:
        running.stop()


def test_eventbridge_gets_object_created(server: RunningServer, s3: Any, lambda_client: Any,
                                         bucket: str, shared_dir: Path) -> None:  # noqa: F811
    """With EventBridgeConfiguration, events go to the default bus as "Object Created".
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html"""
    events = make_client(server, "events")
    name = f"s3eb-{uuid.uuid4().hex[:8]}"
    out = shared_dir / "eb.jsonl"
    recorder(lambda_client, name, out)
    try:
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        events.put_rule(Name=name, EventPattern=json.dumps(
            {"source": ["aws.s3"], "detail-type": ["Object Created"],
             "detail": {"bucket": {"name": [bucket]}}}))
        events.put_targets(Rule=name, Targets=[{"Id": "fn", "Arn": arn}])
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}})
        assert "EventBridgeConfiguration" in s3.get_bucket_notification_configuration(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="eb.txt", Body=b"abc")
        wait_for(lambda: len(_events(out)) >= 1)
        event = _events(out)[0]
        assert event["source"] == "aws.s3" and event["detail-type"] == "Object Created"
        assert event["detail"]["object"]["key"] == "eb.txt"
        assert event["detail"]["object"]["size"] == 3
        assert event["detail"]["reason"] == "PutObject"
        S3EventNotificationEventBridgeModel.model_validate(event)
    finally:
        lambda_client.delete_function(FunctionName=name)
        try:
            events.remove_targets(Rule=name, Ids=["fn"])
            events.delete_rule(Name=name)
        except Exception:  # noqa: S110 (best-effort cleanup)
            pass


def test_sns_gets_test_event_and_records(server: RunningServer, s3: Any, lambda_client: Any,
                                         bucket: str, shared_dir: Path) -> None:  # noqa: F811
    """SNS destinations get the s3:TestEvent, then records, with subject "Amazon S3
    Notification"."""
    sns = make_client(server, "sns")
    name = f"s3sns-{uuid.uuid4().hex[:8]}"
    out = shared_dir / "sns.jsonl"
    recorder(lambda_client, name, out)
    try:
        arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        topic = sns.create_topic(Name=name)["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
            "TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]})
        s3.put_object(Bucket=bucket, Key="t.txt", Body=b"abc")
        wait_for(lambda: len(_events(out)) >= 2)
        notes = [e["Records"][0]["Sns"] for e in _events(out)]
        assert {n["Subject"] for n in notes} == {"Amazon S3 Notification"}
        messages = [json.loads(n["Message"]) for n in notes]
        assert any(m.get("Event") == "s3:TestEvent" for m in messages)
        created = [m for m in messages if "Records" in m]
        assert created[0]["Records"][0]["s3"]["object"]["key"] == "t.txt"
        S3Model.model_validate(created[0])
    finally:
        lambda_client.delete_function(FunctionName=name)


def test_a_destination_that_does_not_exist_is_refused(server: RunningServer, s3: Any,
                                                      bucket: str) -> None:
    """https://docs.aws.amazon.com/AmazonS3/latest/userguide/ways-to-add-notification-config-to-bucket.html:
    S3 validates each destination when the configuration is put ("Unable to validate the
    following destination configurations"); nothing is stored."""
    missing = {
        "QueueConfigurations": [{"QueueArn": "arn:aws:sqs:us-east-1:000000000000:no-such-q",
                                 "Events": ["s3:ObjectCreated:*"]}],
        "LambdaFunctionConfigurations": [{
            "LambdaFunctionArn": "arn:aws:lambda:us-east-1:000000000000:function:no-such-fn",
            "Events": ["s3:ObjectCreated:*"]}],
        "TopicConfigurations": [{"TopicArn": "arn:aws:sns:us-east-1:000000000000:no-such-t",
                                 "Events": ["s3:ObjectCreated:*"]}]}
    for list_name, items in missing.items():
        try:
            s3.put_bucket_notification_configuration(
                Bucket=bucket, NotificationConfiguration={list_name: items})
        except s3.exceptions.ClientError as err:
            error = err.response["Error"]
            assert (error["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"]) == \
                ("InvalidArgument", 400)
            assert error["Message"] == "Unable to validate the following destination configurations"
        else:
            raise AssertionError(f"{list_name} to a missing destination was accepted")
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert not any(got.get(name) for name in missing)
