"""Bounded concurrent load on loopback: many clients at once keep every answer right.

Counts and times are small and fixed (they stop by themselves); speed is measured in
bench/, not here."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

THREADS = 8
PER_THREAD = 60

COUNTER = """
import boto3, os

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])

def handler(event, context):
    out = table.update_item(Key={"pk": "counter"}, UpdateExpression="ADD n :one",
                            ExpressionAttributeValues={":one": 1}, ReturnValues="UPDATED_NEW")
    return int(out["Attributes"]["n"])
"""


def test_concurrent_writers_lose_no_update_and_readers_see_whole_items(
        server: RunningServer, unique_name: str) -> None:
    ddb = make_client(server, "dynamodb")
    ddb.create_table(TableName=unique_name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])
    errors: list[str] = []

    def worker(n: int) -> None:
        client = make_client(server, "dynamodb", max_pool_connections=2)
        for i in range(PER_THREAD):
            key = {"pk": {"S": f"w{n}"}, "sk": {"N": str(i)}}
            client.put_item(TableName=unique_name, Item={**key, "v": {"S": "x" * 100}})
            client.update_item(TableName=unique_name, Key={"pk": {"S": "total"}, "sk": {"N": "0"}},
                               UpdateExpression="ADD n :one",
                               ExpressionAttributeValues={":one": {"N": "1"}})
            got = client.get_item(TableName=unique_name, Key=key, ConsistentRead=True)
            if got.get("Item", {}).get("v") != {"S": "x" * 100}:
                errors.append(f"w{n}/{i}: {got.get('Item')}")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, range(THREADS)))

    assert errors == []
    total = ddb.get_item(TableName=unique_name, Key={"pk": {"S": "total"}, "sk": {"N": "0"}})
    assert total["Item"]["n"] == {"N": str(THREADS * PER_THREAD)}
    for n in range(THREADS):
        page = ddb.query(TableName=unique_name, KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": f"w{n}"}}, Select="COUNT")
        assert page["Count"] == PER_THREAD


def test_concurrent_invokes_of_a_function_that_writes_dynamodb(server: RunningServer,
                                                               unique_name: str) -> None:
    ddb = make_client(server, "dynamodb")
    ddb.create_table(TableName=unique_name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    lam = make_client(server, "lambda")
    lam.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", Code={"ZipFile": python_zip(COUNTER)}, Timeout=30,
                        Environment={"Variables": {"TABLE": unique_name}})
    function_ready(lam, unique_name)
    results: list[Any] = []
    lock = threading.Lock()

    def caller(_: int) -> None:
        client = make_client(server, "lambda")
        for _ in range(10):
            resp = client.invoke(FunctionName=unique_name, Payload=b"{}")
            body = json.loads(resp["Payload"].read())
            with lock:
                results.append((resp.get("FunctionError"), body))

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(caller, range(6)))

    assert [r for r in results if r[0]] == []
    assert sorted(body for _, body in results) == list(range(1, 61))
