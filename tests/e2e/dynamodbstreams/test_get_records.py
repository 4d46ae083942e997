"""GetRecords: https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetRecords.html
Record shape: https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_Record.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodbstreams.conftest import read_all

KEY = {"pk": {"S": "a"}, "sk": {"N": "1"}}


def _changes(ddb: Any, name: str) -> None:
    ddb.put_item(TableName=name, Item={**KEY, "v": {"N": "1"}})
    ddb.update_item(TableName=name, Key=KEY, UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"N": "2"}})
    ddb.delete_item(TableName=name, Key=KEY)


def test_insert_modify_remove_records(ddb: Any, streams: Any,
                                      stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table()
    _changes(ddb, name)
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    first = records[0]
    assert first["eventVersion"] == "1.1" and first["eventSource"] == "aws:dynamodb"
    assert first["awsRegion"] == "us-east-1" and len(first["eventID"]) == 32
    body = first["dynamodb"]
    assert body["Keys"] == KEY
    assert body["NewImage"] == {**KEY, "v": {"N": "1"}} and "OldImage" not in body
    assert body["StreamViewType"] == "NEW_AND_OLD_IMAGES" and body["SizeBytes"] > 0
    assert body["ApproximateCreationDateTime"]
    modify = records[1]["dynamodb"]
    assert modify["OldImage"]["v"] == {"N": "1"} and modify["NewImage"]["v"] == {"N": "2"}
    assert records[2]["dynamodb"]["OldImage"]["v"] == {"N": "2"}
    seqs = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


@pytest.mark.parametrize(("view", "new", "old"), [
    ("KEYS_ONLY", False, False),
    ("NEW_IMAGE", True, False),
    ("OLD_IMAGE", False, True),
    ("NEW_AND_OLD_IMAGES", True, True),
])
def test_view_types(ddb: Any, streams: Any, stream_table: Callable[..., tuple[str, str]],
                    view: str, new: bool, old: bool) -> None:
    name, arn = stream_table(view)
    _changes(ddb, name)
    modify = read_all(streams, arn)[1]["dynamodb"]
    assert ("NewImage" in modify) is new
    assert ("OldImage" in modify) is old
    assert modify["Keys"] == KEY and modify["StreamViewType"] == view


def test_unchanged_put_writes_no_record(ddb: Any, streams: Any,
                                        stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table()
    ddb.put_item(TableName=name, Item={**KEY, "v": {"N": "1"}})
    ddb.put_item(TableName=name, Item={**KEY, "v": {"N": "1"}})
    ddb.delete_item(TableName=name, Key={"pk": {"S": "none"}, "sk": {"N": "0"}})
    assert [r["eventName"] for r in read_all(streams, arn)] == ["INSERT"]


def test_records_of_a_transaction_and_batch(ddb: Any, streams: Any,
                                            stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table("KEYS_ONLY")
    ddb.batch_write_item(RequestItems={name: [
        {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(i)}}}} for i in range(3)]})
    ddb.transact_write_items(TransactItems=[
        {"Delete": {"TableName": name, "Key": {"pk": {"S": "b"}, "sk": {"N": "0"}}}}])
    events = [(r["eventName"], r["dynamodb"]["Keys"]["sk"]["N"]) for r in read_all(streams, arn)]
    assert events == [("INSERT", "0"), ("INSERT", "1"), ("INSERT", "2"), ("REMOVE", "0")]


def test_limit_and_next_iterator(ddb: Any, streams: Any,
                                 stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table("KEYS_ONLY")
    for i in range(5):
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": str(i)}})
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    seen = []
    for _ in range(4):
        resp = streams.get_records(ShardIterator=iterator, Limit=2)
        seen += [r["dynamodb"]["Keys"]["sk"]["N"] for r in resp["Records"]]
        iterator = resp["NextShardIterator"]
    assert seen == ["0", "1", "2", "3", "4"]


def test_closed_shard_ends_without_next_iterator(
        ddb: Any, streams: Any, stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table("KEYS_ONLY")
    ddb.put_item(TableName=name, Item=KEY)
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    ddb.put_item(TableName=name, Item={**KEY, "x": {"S": "not streamed"}})
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    resp = streams.get_records(ShardIterator=iterator)
    assert len(resp["Records"]) == 1
    end = streams.get_records(ShardIterator=resp["NextShardIterator"])
    assert end["Records"] == [] and "NextShardIterator" not in end
