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


def test_expiry_follows_the_servers_clock(tmp_path: Any) -> None:
    """TTL deletion runs on the server's clock: on a manual clock an item due in an hour
    stays until the clock is moved past its expiry."""
    from tests.conftest import make_client
    from tests.server import RunningServer

    running = RunningServer(tmp_path / "data", "--clock", "manual",
                            env={"CLOUDLET_DYNAMODB_TTL_INTERVAL": "0.05"}).start()
    try:
        client = make_client(running, "dynamodb")
        client.create_table(TableName="ttl", BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        client.update_time_to_live(TableName="ttl", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        now = running.clock_now()
        client.put_item(TableName="ttl", Item={"pk": {"S": "a"}, "expires": {"N": str(int(now) + 3600)}})

        for _ in range(5):  # well past several sweep intervals of clock time, short of expiry
            running.advance_clock(60)
            time.sleep(0.02)
        assert "Item" in client.get_item(TableName="ttl", Key={"pk": {"S": "a"}})
        running.advance_clock(3600)
        deadline = time.monotonic() + 10
        while "Item" in client.get_item(TableName="ttl", Key={"pk": {"S": "a"}}):
            assert time.monotonic() < deadline, "the expired item was not deleted"
            running.advance_clock(1)
            time.sleep(0.02)
    finally:
        running.stop()
