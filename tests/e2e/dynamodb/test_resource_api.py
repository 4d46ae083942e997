"""boto3's resource API (Table, conditions, batch_writer) and numbers as Decimal.
https://boto3.amazonaws.com/v1/documentation/api/latest/guide/dynamodb.html"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config

from tests.e2e.dynamodb.support import create_table


def _resource(server: Any) -> Any:
    return boto3.resource("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test",
                          config=Config(retries={"max_attempts": 1}))


def test_table_put_get_query(server: Any, ddb: Any) -> None:
    name = create_table(ddb, range_key="sk", range_type="N")
    table = _resource(server).Table(name)
    assert table.table_status == "ACTIVE"
    with table.batch_writer() as batch:
        for i in range(30):
            batch.put_item(Item={"pk": "user", "sk": i, "score": Decimal("1.5") * i,
                                 "tags": {"a", "b"}})
    item = table.get_item(Key={"pk": "user", "sk": 3})["Item"]
    assert item == {"pk": "user", "sk": Decimal(3), "score": Decimal("4.5"), "tags": {"a", "b"}}
    resp = table.query(KeyConditionExpression=Key("pk").eq("user") & Key("sk").between(10, 12),
                       FilterExpression=Attr("score").gt(15))
    assert [i["sk"] for i in resp["Items"]] == [11, 12]
    table.update_item(Key={"pk": "user", "sk": 3}, UpdateExpression="ADD score :d",
                      ExpressionAttributeValues={":d": Decimal("0.25")})
    assert table.get_item(Key={"pk": "user", "sk": 3})["Item"]["score"] == Decimal("4.75")
    table.delete_item(Key={"pk": "user", "sk": 3})
    assert table.scan(Select="COUNT")["Count"] == 29
