"""A table's stream records, newest first: DescribeStream, then for each of the stream's
newest shards GetShardIterator (TRIM_HORIZON) and GetRecords until the shard is read or
``most`` records have come, as a stream reader would.

LIMITATIONS: reads at most ``SHARDS`` shards (the newest) and ``PAGES`` GetRecords pages
per shard, so a stream with more history shows its newest shards' records only.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.console.view import View

SHARDS = 10
PAGES = 10


async def _shard_records(view: View, arn: str, shard: str) -> list[dict[str, Any]]:
    out = await view.call("dynamodbstreams", "GetShardIterator", {
        "StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"})
    iterator = out.get("ShardIterator")
    records: list[dict[str, Any]] = []
    for _ in range(PAGES):
        if not iterator:
            break
        got = await view.call("dynamodbstreams", "GetRecords",
                              {"ShardIterator": iterator, "Limit": 1000})
        records.extend(got.get("Records") or [])
        if not got.get("Records"):
            break
        iterator = got.get("NextShardIterator")
    return records


async def newest_records(view: View, arn: str, most: int = 50,
                         ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The stream's description and its newest ``most`` records, newest first (``Failed``
    on an API error)."""
    described = (await view.call("dynamodbstreams", "DescribeStream",
                                 {"StreamArn": arn}))["StreamDescription"]
    shards = [s["ShardId"] for s in described.get("Shards") or []][-SHARDS:]
    found = await asyncio.gather(*(_shard_records(view, arn, s) for s in shards))
    records = [r for listed in found for r in listed]
    records.sort(key=lambda r: r["dynamodb"].get("SequenceNumber", "").zfill(40), reverse=True)
    return described, records[:most]
