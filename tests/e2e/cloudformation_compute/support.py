"""Template pieces the compute provider tests share."""

from __future__ import annotations

import json
from typing import Any

ROLE = "arn:aws:iam::000000000000:role/cloudlet-test"

# A handler that records every event record it gets into the table named by $SINK.
SINK_HANDLER = """\
import os
import boto3

def handler(event, context):
    table = boto3.resource("dynamodb").Table(os.environ["SINK"])
    for record in event.get("Records", []):
        key = (record.get("eventID") or record.get("messageId")
               or record["kinesis"]["sequenceNumber"])
        table.put_item(Item={"pk": key, "source": record.get("eventSource", "")})
    return {"seen": len(event.get("Records", []))}
"""


def python_function(source: str, **props: Any) -> dict[str, Any]:
    """An AWS::Lambda::Function resource with inline Python code."""
    return {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "Role": ROLE,
        "Code": {"ZipFile": source}, **props}}


def sink_table() -> dict[str, Any]:
    return {"Type": "AWS::DynamoDB::Table", "Properties": {
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}}


def sink_function() -> dict[str, Any]:
    return python_function(SINK_HANDLER, Timeout=30,
                           Environment={"Variables": {"SINK": {"Ref": "Sink"}}})


def invoke(lam: Any, name: str, payload: Any = None) -> Any:
    out = lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}).encode())
    body = json.loads(out["Payload"].read())
    assert "FunctionError" not in out, body
    return body


def scan_count(dynamodb: Any, table: str) -> int:
    return int(dynamodb.scan(TableName=table, Select="COUNT")["Count"])
