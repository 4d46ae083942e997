"""An acknowledged write survives SIGKILL of the server (SQLite WAL, committed per request)."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table
from tests.server import RunningServer


def test_writes_survive_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        ddb: Any = make_client(first, "dynamodb")
        create_table(ddb, "durable", range_key="sk", range_type="N",
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        for i in range(20):
            ddb.put_item(TableName="durable", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}})
        ddb.delete_item(TableName="durable", Key={"pk": {"S": "p"}, "sk": {"N": "0"}})
    finally:
        first.stop(signal.SIGKILL)
    second = RunningServer(data).start()
    try:
        ddb = make_client(second, "dynamodb")
        resp = ddb.query(TableName="durable", KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": "p"}})
        assert [int(i["sk"]["N"]) for i in resp["Items"]] == list(range(1, 20))
        streams = make_client(second, "dynamodbstreams")
        arn = ddb.describe_table(TableName="durable")["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        assert len(streams.get_records(ShardIterator=iterator)["Records"]) == 21
    finally:
        second.stop()
