"""UpdateTimeToLive, DescribeTimeToLive and the deletion of expired items.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.e2e.dynamodb.support import validation_message


def test_describe_ttl_disabled_by_default(ddb: Any, table: str) -> None:
    resp = ddb.describe_time_to_live(TableName=table)
    assert resp["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_enable_ttl(ddb: Any, table: str) -> None:
    resp = ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    assert resp["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    desc = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert desc == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    message = validation_message(ddb.update_time_to_live, TableName=table,
                                 TimeToLiveSpecification={"Enabled": True,
                                                          "AttributeName": "expires"})
    assert message == "TimeToLive is already enabled"


def test_expired_items_are_deleted_as_service_removals(
        ddb: Any, streams: Any, make_table: Callable[..., str]) -> None:
    name = make_table(StreamSpecification={"StreamEnabled": True,
                                           "StreamViewType": "NEW_AND_OLD_IMAGES"})
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    now = int(time.time())
    ddb.put_item(TableName=name, Item={"pk": {"S": "old"}, "expires": {"N": str(now - 60)}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "future"}, "expires": {"N": str(now + 3600)}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "text"}, "expires": {"S": "0"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "ancient"},
                                       "expires": {"N": str(now - 6 * 365 * 86400)}})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "old"}}):
            break
        time.sleep(0.2)
    remaining = sorted(i["pk"]["S"] for i in ddb.scan(TableName=name)["Items"])
    assert remaining == ["ancient", "future", "text"]

    arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    removal = records[-1]
    assert removal["eventName"] == "REMOVE"
    assert removal["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
    assert removal["dynamodb"]["Keys"] == {"pk": {"S": "old"}}
    assert removal["dynamodb"]["OldImage"]["expires"] == {"N": str(now - 60)}
    assert all("userIdentity" not in r for r in records[:-1])
