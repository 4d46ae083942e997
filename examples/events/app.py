"""Events: every trigger that runs a function, built with boto3 as against AWS.

``deploy`` makes one DynamoDB table (``activity``) and six functions from one package
(``src/handlers.py``), then wires each to its source exactly as on AWS:

- an S3 bucket whose notification configuration sends ``s3:ObjectCreated:*`` under
  ``uploads/`` to ``on_upload`` (with the Lambda permission for s3.amazonaws.com);
- an SNS topic with a ``lambda`` subscription to ``on_alert``;
- an SQS queue (with a dead-letter queue after 2 receives) polled by an event source
  mapping into ``on_order``, which reports the bad orders as batch item failures;
- a Kinesis stream of two shards polled by an event source mapping into ``on_click``;
- an EventBridge Scheduler one-time schedule (``at(...)``, deleted after it runs) that
  runs ``tick``;
- ``always_fails``, invoked asynchronously with no retries and a dead-letter queue, so
  the failed event lands in SQS with Lambda's RequestID / ErrorCode / ErrorMessage.

``play`` then uploads, publishes, sends, puts records and invokes, and reads back what
each function recorded and what reached the dead-letter queues.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SRC = Path(__file__).parent / "src"
ROLE = "arn:aws:iam::000000000000:role/events-example"
HANDLERS = ("on_upload", "on_alert", "on_order", "on_click", "tick", "always_fails")


class Deployed:
    """What ``deploy`` made (a plain class: the app is loaded from its file, not imported)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.table = f"{prefix}-activity"
        self.bucket = f"{prefix}-uploads"
        self.functions: dict[str, str] = {}  # handler -> function ARN
        self.topic_arn = ""
        self.orders_url = ""
        self.orders_dlq_url = ""
        self.failed_url = ""
        self.stream = f"{prefix}-clicks"
        self.schedule = f"{prefix}-tick"


def package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(SRC / "handlers.py", "handlers.py")
    return buffer.getvalue()


def wait(check: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise TimeoutError(f"gave up waiting for {what}")


def deploy(session: Any, prefix: str = "events") -> Deployed:
    d = Deployed(prefix)
    lam, ddb = session.client("lambda"), session.client("dynamodb")
    s3, sns, sqs = session.client("s3"), session.client("sns"), session.client("sqs")
    kinesis, scheduler = session.client("kinesis"), session.client("scheduler")

    ddb.create_table(TableName=d.table, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "source", "AttributeType": "S"},
                                           {"AttributeName": "at", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "source", "KeyType": "HASH"},
                                {"AttributeName": "at", "KeyType": "RANGE"}])
    code = package()
    failed = sqs.create_queue(QueueName=f"{prefix}-failed-jobs")["QueueUrl"]
    d.failed_url = failed
    failed_arn = sqs.get_queue_attributes(QueueUrl=failed, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    for handler in HANDLERS:
        extra: dict[str, Any] = {}
        if handler == "always_fails":
            extra["DeadLetterConfig"] = {"TargetArn": failed_arn}
        fn = lam.create_function(
            FunctionName=f"{prefix}-{handler.replace('_', '-')}", Runtime="python3.12", Role=ROLE,
            Handler=f"handlers.{handler}", Code={"ZipFile": code}, Timeout=10,
            Environment={"Variables": {"ACTIVITY_TABLE": d.table}}, **extra)
        d.functions[handler] = fn["FunctionArn"]
    for arn in d.functions.values():
        lam.get_waiter("function_active_v2").wait(FunctionName=arn)
    account = d.functions["on_upload"].split(":")[4]

    # S3 -> on_upload
    s3.create_bucket(Bucket=d.bucket)
    lam.add_permission(FunctionName=d.functions["on_upload"], StatementId="s3-uploads",
                       Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceArn=f"arn:aws:s3:::{d.bucket}", SourceAccount=account)
    s3.put_bucket_notification_configuration(Bucket=d.bucket, NotificationConfiguration={
        "LambdaFunctionConfigurations": [{
            "LambdaFunctionArn": d.functions["on_upload"], "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "uploads/"}]}}}]})

    # SNS -> on_alert
    d.topic_arn = sns.create_topic(Name=f"{prefix}-alerts")["TopicArn"]
    lam.add_permission(FunctionName=d.functions["on_alert"], StatementId="sns-alerts",
                       Action="lambda:InvokeFunction", Principal="sns.amazonaws.com",
                       SourceArn=d.topic_arn)
    sns.subscribe(TopicArn=d.topic_arn, Protocol="lambda", Endpoint=d.functions["on_alert"])

    # SQS (with a DLQ) -> on_order
    d.orders_dlq_url = sqs.create_queue(QueueName=f"{prefix}-orders-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=d.orders_dlq_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    d.orders_url = sqs.create_queue(QueueName=f"{prefix}-orders", Attributes={
        "VisibilityTimeout": "1",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})})["QueueUrl"]
    orders_arn = sqs.get_queue_attributes(QueueUrl=d.orders_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    lam.create_event_source_mapping(FunctionName=d.functions["on_order"], EventSourceArn=orders_arn,
                                    BatchSize=10, FunctionResponseTypes=["ReportBatchItemFailures"])

    # Kinesis -> on_click
    kinesis.create_stream(StreamName=d.stream, ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=d.stream,
                                             WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    stream_arn = kinesis.describe_stream_summary(StreamName=d.stream)[
        "StreamDescriptionSummary"]["StreamARN"]
    lam.create_event_source_mapping(FunctionName=d.functions["on_click"], EventSourceArn=stream_arn,
                                    StartingPosition="TRIM_HORIZON", BatchSize=100)

    # A one-time schedule -> tick, a few seconds from now
    when = (datetime.now(UTC) + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%S")
    scheduler.create_schedule(
        Name=d.schedule, ScheduleExpression=f"at({when})", FlexibleTimeWindow={"Mode": "OFF"},
        ActionAfterCompletion="DELETE",
        Target={"Arn": d.functions["tick"], "RoleArn": ROLE,
                "Input": json.dumps({"detail-type": "one-time schedule", "time": when})})

    # always_fails: no retries, then its dead-letter queue
    lam.put_function_event_invoke_config(FunctionName=d.functions["always_fails"],
                                         MaximumRetryAttempts=0)
    return d


def activity(session: Any, d: Deployed, source: str) -> list[dict[str, Any]]:
    items = session.client("dynamodb").query(
        TableName=d.table, KeyConditionExpression="#s = :s",
        ExpressionAttributeNames={"#s": "source"},
        ExpressionAttributeValues={":s": {"S": source}})["Items"]
    return [{"at": float(i["at"]["S"]), "what": i["what"]["S"]} for i in items]


def play(session: Any, d: Deployed) -> list[str]:
    """Trigger every source; answer what each function saw and how long it took."""
    s3, sns, sqs = session.client("s3"), session.client("sns"), session.client("sqs")
    kinesis, lam = session.client("kinesis"), session.client("lambda")
    sent: dict[str, float] = {}
    expected = {"s3": 1, "sns": 1, "sqs": 2, "kinesis": 3, "schedule": 1}

    sent["s3"] = time.time()
    s3.put_object(Bucket=d.bucket, Key="uploads/cat.jpg", Body=b"\xff\xd8 not really a jpeg")
    s3.put_object(Bucket=d.bucket, Key="elsewhere/ignored.txt", Body=b"no notification")
    sent["sns"] = time.time()
    sns.publish(TopicArn=d.topic_arn, Subject="disk almost full", Message="93% used on /data")
    sent["sqs"] = time.time()
    sqs.send_message_batch(QueueUrl=d.orders_url, Entries=[
        {"Id": str(i), "MessageBody": json.dumps({"id": f"o-{i}", "quantity": q})}
        for i, q in enumerate((2, 0, 5))])
    sent["kinesis"] = time.time()
    kinesis.put_records(StreamName=d.stream, Records=[
        {"Data": json.dumps({"page": page}).encode(), "PartitionKey": page}
        for page in ("/home", "/pricing", "/docs")])
    sent["schedule"] = time.time()
    lam.invoke(FunctionName=d.functions["always_fails"], InvocationType="Event",
               Payload=json.dumps({"job": "resize-42"}).encode())

    transcript = []
    for source, count in expected.items():
        seen = wait(lambda s=source, n=count: (lambda got: got if len(got) >= n else None)(
            activity(session, d, s)), f"{source} events")
        for item in sorted(seen, key=lambda i: i["at"]):
            lag = "" if source == "schedule" else f" ({(item['at'] - sent[source]) * 1000:.0f} ms)"
            transcript.append(f"{source:>8} -> {item['what']}{lag}")

    def one_message(url: str) -> Any:
        got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], WaitTimeSeconds=1)
        return got.get("Messages", [None])[0]

    dead = wait(lambda: one_message(d.failed_url), "the failed job in its dead-letter queue")
    attrs = {k: v["StringValue"] for k, v in dead.get("MessageAttributes", {}).items()}
    transcript.append(f"     dlq -> {dead['Body']} failed: {attrs.get('ErrorMessage')}"
                      f" (ErrorCode {attrs.get('ErrorCode')})")
    bad = wait(lambda: one_message(d.orders_dlq_url), "the bad order in the orders DLQ")
    transcript.append(f"     dlq -> order {json.loads(bad['Body'])['id']} after 2 receives")
    return transcript


def demo(session: Any, prefix: str) -> list[str]:
    deployed = deploy(session, prefix)
    return [f"table {deployed.table}, bucket {deployed.bucket}, topic {deployed.topic_arn}",
            f"functions: {', '.join(a.rsplit(':', 1)[-1] for a in deployed.functions.values())}",
            *play(session, deployed)]
