"""Items answered as stored: GetItem, BatchGetItem, Query and Scan without a projection or a
filter write an item's stored JSON into the body as it is (``protocols.base.FRAGMENTS``).
The body must stay the JSON AWS answers, with the same content, over plain HTTP and
through boto3; calls made in-process (``internal.call``, the console) still get values."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from cloudlet.testing import RunningServer

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0")


def _raw(server: RunningServer, operation: str, body: dict[str, Any]) -> tuple[bytes, Any]:
    """The answer's bytes and their JSON, over plain HTTP."""
    request = urllib.request.Request(server.url + "/", data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": f"DynamoDB_20120810.{operation}",
        "Authorization": AUTH,
    })
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        assert int(response.headers["Content-Length"]) == len(raw)
    return raw, json.loads(raw)


def _item(i: int) -> dict[str, Any]:
    return {"pk": {"S": "p"}, "sk": {"N": str(i)}, "text": {"S": "naïve \u2603 \"quoted\"\n"},
            "nested": {"M": {"l": {"L": [{"N": "1.5"}, {"BOOL": True}, {"NULL": True}]},
                             "b": {"B": "AAEC"}, "ss": {"SS": ["a", "b"]}}}}


def test_reads_answer_the_items_as_put(server: RunningServer, ddb: Any,
                                       sorted_table: str) -> None:
    items = [_item(i) for i in range(5)]
    for item in items:
        _raw(server, "PutItem", {"TableName": sorted_table, "Item": item})
    key = {"pk": items[2]["pk"], "sk": items[2]["sk"]}

    _, got = _raw(server, "GetItem", {"TableName": sorted_table, "Key": key})
    assert got == {"Item": items[2]}
    _, got = _raw(server, "Query", {"TableName": sorted_table,
                                    "KeyConditionExpression": "pk = :p",
                                    "ExpressionAttributeValues": {":p": {"S": "p"}}})
    assert got == {"Items": items, "Count": 5, "ScannedCount": 5}
    _, got = _raw(server, "Scan", {"TableName": sorted_table})
    assert got == {"Items": items, "Count": 5, "ScannedCount": 5}
    _, got = _raw(server, "BatchGetItem", {"RequestItems": {sorted_table: {"Keys": [key]}}})
    assert got == {"Responses": {sorted_table: [items[2]]}, "UnprocessedKeys": {}}
    # boto3 reads the same answers (blobs decoded, numbers as text)
    found = ddb.get_item(TableName=sorted_table, Key=key)["Item"]
    assert found["nested"]["M"]["b"]["B"] == b"\x00\x01\x02"
    assert found["text"]["S"] == "naïve \u2603 \"quoted\"\n"


def test_a_page_ends_with_its_last_key_and_capacity(server: RunningServer,
                                                    sorted_table: str) -> None:
    items = [_item(i) for i in range(5)]
    for item in items:
        _raw(server, "PutItem", {"TableName": sorted_table, "Item": item})
    query = {"TableName": sorted_table, "KeyConditionExpression": "pk = :p",
             "ExpressionAttributeValues": {":p": {"S": "p"}}, "Limit": 2,
             "ReturnConsumedCapacity": "TOTAL"}
    _, got = _raw(server, "Query", query)
    assert got["Items"] == items[:2]
    assert (got["Count"], got["ScannedCount"]) == (2, 2)
    assert got["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "1"}}
    assert got["ConsumedCapacity"] == {"TableName": sorted_table, "CapacityUnits": 0.5}
    _, got = _raw(server, "Query", {**query, "ExclusiveStartKey": got["LastEvaluatedKey"],
                                    "Limit": 10, "Select": "COUNT"})
    assert got == {"Count": 3, "ScannedCount": 3,
                   "ConsumedCapacity": {"TableName": sorted_table, "CapacityUnits": 0.5}}
    _, got = _raw(server, "GetItem", {"TableName": sorted_table,
                                      "Key": {"pk": {"S": "p"}, "sk": {"N": "9"}}})
    assert got == {}
