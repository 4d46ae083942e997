"""The services the fuzz drives: a fixture resource each, its snapshot, and how to send.

Each ``Target`` creates one resource (a table with an item, a queue, a topic, a bucket with
an object, a role, and for Lambda only names: invoking is too slow for a fuzz), names it
in every member that names such a resource, and snapshots it, so a rejected request can be
checked to have changed nothing.

JSON-protocol services get the mutated request as raw JSON (botocore's serializer would
refuse most wrong types before they reach the server); the others go through boto3 with
parameter validation off, and a request botocore cannot serialize is skipped.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config

from tests.server import RunningServer, send_raw, unsigned_authorization

# Operations that never reach the fixture (they would destroy it, or block / run code).
AWAY_FROM_FIXTURE = ("Delete", "Purge", "Invoke", "Remove", "Detach", "Untag", "Disable")


def client(server: RunningServer, service: str) -> Any:
    return boto3.client(
        service, endpoint_url=server.url, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(parameter_validation=False, retries={"max_attempts": 1},
                      read_timeout=30, connect_timeout=5, s3={"addressing_style": "path"}))


def _wire(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def send_json(server: RunningServer, boto: Any, operation: str, body: Any) -> int:
    """The status of one raw JSON-protocol request (a dropped connection raises)."""
    meta = boto.meta.service_model.metadata
    data = body if isinstance(body, bytes) else json.dumps(_wire(body)).encode()
    return send_raw(server, "/", data, {
        "X-Amz-Target": f"{meta['targetPrefix']}.{operation}",
        "Content-Type": f"application/x-amz-json-{meta['jsonVersion']}",
        "Authorization": unsigned_authorization(meta.get("signingName")
                                                or meta["endpointPrefix"])}, timeout=30)[0]


@dataclass
class Target:
    service: str
    boto: Any
    names: dict[str, Any] = field(default_factory=dict)
    snapshot: Callable[[], Any] = lambda: None


def _swallow(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as error:  # the resource may be gone: that is a state too
        return type(error).__name__


def dynamodb(server: RunningServer) -> Target:
    ddb = client(server, "dynamodb")
    name = "fuzz-" + uuid.uuid4().hex[:8]
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    ddb.put_item(TableName=name, Item={"pk": {"S": "f"}, "v": {"N": "1"}})
    item = {"pk": {"S": "f"}, "v": {"N": "2"}}
    return Target("dynamodb", ddb, {"TableName": name, "Item": item, "Key": {"pk": {"S": "f"}}},
                  lambda: _swallow(lambda: sorted(
                      json.dumps(i, sort_keys=True) for i in ddb.scan(TableName=name)["Items"])))


def sqs(server: RunningServer) -> Target:
    queue = client(server, "sqs")
    url = queue.create_queue(QueueName="fuzz-" + uuid.uuid4().hex[:8])["QueueUrl"]
    volatile = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed")

    def snapshot() -> Any:
        attrs = queue.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        return {k: v for k, v in attrs.items() if k not in volatile}

    return Target("sqs", queue, {"QueueUrl": url, "WaitTimeSeconds": 0},
                  lambda: _swallow(snapshot))


def sns(server: RunningServer) -> Target:
    topics = client(server, "sns")
    arn = topics.create_topic(Name="fuzz-" + uuid.uuid4().hex[:8])["TopicArn"]
    return Target("sns", topics, {"TopicArn": arn, "ResourceArn": arn},
                  lambda: _swallow(lambda: topics.get_topic_attributes(TopicArn=arn)["Attributes"]))


def s3(server: RunningServer) -> Target:
    buckets = client(server, "s3")
    bucket = "fuzz-" + uuid.uuid4().hex[:8]
    buckets.create_bucket(Bucket=bucket)
    buckets.put_object(Bucket=bucket, Key="k", Body=b"v")
    return Target("s3", buckets, {"Bucket": bucket, "Key": "k"}, lambda: _swallow(lambda: [
        (o["Key"], o["ETag"]) for o in buckets.list_objects_v2(Bucket=bucket).get("Contents", [])]))


def iam(server: RunningServer) -> Target:
    roles = client(server, "iam")
    role = "fuzz-" + uuid.uuid4().hex[:8]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    roles.create_role(RoleName=role, AssumeRolePolicyDocument=policy)

    def snapshot() -> Any:
        got = roles.get_role(RoleName=role)["Role"]
        return {k: v for k, v in got.items() if k != "RoleLastUsed"}

    return Target("iam", roles, {"RoleName": role}, lambda: _swallow(snapshot))


def lambda_(server: RunningServer) -> Target:
    return Target("lambda", client(server, "lambda"),
                  {"FunctionName": "fuzz-no-such-function"})


TARGETS: dict[str, Callable[[RunningServer], Target]] = {
    "dynamodb": dynamodb, "sqs": sqs, "sns": sns, "s3": s3, "iam": iam, "lambda": lambda_,
}
