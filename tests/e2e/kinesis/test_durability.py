"""Acknowledged writes survive a crash: a server killed with SIGKILL and started again
on the same data directory has every stream, shard and record it acknowledged, and goes
on numbering records after them.

https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html (records are stored
durably for the retention period)
"""

from __future__ import annotations

import signal
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.kinesis.conftest import read_shard, wait_active
from tests.server import RunningServer


def test_records_survive_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = RunningServer(data).start()
    try:
        client = make_client(server, "kinesis")
        client.create_stream(StreamName="durable", ShardCount=2)
        wait_active(client, "durable")
        client.split_shard(StreamName="durable", ShardToSplit="shardId-000000000000",
                           NewStartingHashKey=str(2**125))
        wait_active(client, "durable")
        client.add_tags_to_stream(StreamName="durable", Tags={"k": "v"})
        puts = [client.put_record(StreamName="durable", Data=f"r{i}".encode(),
                                  PartitionKey="same") for i in range(3)]
        batch = client.put_records(StreamName="durable", Records=[
            {"Data": b"b", "PartitionKey": "same"}] * 3)["Records"]
        shards = client.list_shards(StreamName="durable")["Shards"]
    finally:
        server.stop(signal.SIGKILL)
    again = RunningServer(data).start()
    try:
        client = make_client(again, "kinesis")
        assert client.list_shards(StreamName="durable")["Shards"] == shards
        assert client.list_tags_for_stream(StreamName="durable")["Tags"] == [
            {"Key": "k", "Value": "v"}]
        shard = puts[0]["ShardId"]
        records = read_shard(client, "durable", shard)
        assert [r["SequenceNumber"] for r in records] == [
            p["SequenceNumber"] for p in puts + batch]
        assert [r["Data"] for r in records] == [b"r0", b"r1", b"r2", b"b", b"b", b"b"]
        later = client.put_record(StreamName="durable", Data=b"later", PartitionKey="same")
        assert int(later["SequenceNumber"]) > int(batch[-1]["SequenceNumber"])
    finally:
        again.stop()
