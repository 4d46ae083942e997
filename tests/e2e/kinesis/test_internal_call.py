"""What Lambda's event source mappings use: the Kinesis operations run through
``server.internal.call`` with blobs as bytes, and ``signals.changed(stream_arn)`` wakes a
poller when records arrive.

https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (a mapping reads each shard
with GetShardIterator and GetRecords)
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from cloudlet import signals
from cloudlet.config import Config
from cloudlet.server.internal import call
from cloudlet.server.state import ServerState
from cloudlet.services.kinesis import service


def test_poller_operations_through_internal_call(tmp_path: Path) -> None:
    state = ServerState(Config(data_dir=tmp_path), {"kinesis": service})

    async def scenario() -> None:
        await call(state, "kinesis", "CreateStream", {"StreamName": "s", "ShardCount": 2})
        await asyncio.sleep(0.5)
        summary = (await call(state, "kinesis", "DescribeStreamSummary",
                              {"StreamName": "s"}))["StreamDescriptionSummary"]
        assert summary["StreamStatus"] == "ACTIVE" and summary["OpenShardCount"] == 2
        arn = summary["StreamARN"]
        shards = (await call(state, "kinesis", "ListShards", {"StreamARN": arn}))["Shards"]
        shard = shards[0]["ShardId"]
        iterator = (await call(state, "kinesis", "GetShardIterator", {
            "StreamARN": arn, "ShardId": shard, "ShardIteratorType": "LATEST"}))["ShardIterator"]
        woken = signals.changed(arn)
        assert not woken.is_set()
        await call(state, "kinesis", "PutRecord", {
            "StreamARN": arn, "Data": b"\x00raw\xff", "PartitionKey": "k",
            "ExplicitHashKey": "0"})
        assert woken.is_set()
        assert not signals.changed(arn).is_set()
        out = await call(state, "kinesis", "GetRecords", {"ShardIterator": iterator})
        assert [r["Data"] for r in out["Records"]] == [b"\x00raw\xff"]
        wired = await call(state, "kinesis", "GetRecords", {"ShardIterator": iterator},
                           wire=True)
        assert wired["Records"][0]["Data"] == "AHJhd/8="
        assert isinstance(wired["Records"][0]["ApproximateArrivalTimestamp"], float)

    asyncio.run(scenario())
