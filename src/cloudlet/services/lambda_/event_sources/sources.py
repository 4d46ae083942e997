"""Reading DynamoDB streams and Kinesis data streams through their own APIs, and their
records as Lambda hands them to a function.

https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html (event shape: the GetRecords
record plus ``eventSourceARN``; ``ApproximateCreationDateTime`` in epoch seconds)
https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (event shape: ``kinesis``
with ``kinesisSchemaVersion`` "1.0", ``partitionKey``, ``sequenceNumber``, base64 ``data``,
``approximateArrivalTimestamp``; ``eventID`` "shardId:sequenceNumber";
``invokeIdentityArn`` the function's execution role)

Each source answers the shards of the stream, a shard iterator (after a checkpoint, or
at the mapping's StartingPosition), and pages of records as ``StreamRecord``s.

A Kinesis mapping whose source is a stream consumer (enhanced fan-out,
https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#services-kinesis-configure)
reads the consumer's stream the same way (cloudlet gives every reader the same
throughput); its records and batch info name the stream.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cloudlet.services.lambda_.arns import parse_function_name
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.event_sources import filtering
from cloudlet.services.lambda_.event_sources.delivery import source_call

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.event_sources.store import Mapping


@dataclass(slots=True)
class StreamRecord:
    seq: str
    arrival: float
    event: dict[str, Any]
    # What FilterCriteria patterns are matched against.
    view: dict[str, Any]
    size: int
    # What ParallelizationFactor spreads records by: the partition key or the item key.
    key: str = ""


@dataclass(frozen=True, slots=True)
class Shard:
    id: str
    # A shard is read only after its parents are read to their end (resharding).
    parents: tuple[str, ...]


def _shard(raw: dict[str, Any]) -> Shard:
    parents = (raw.get("ParentShardId"), raw.get("AdjacentParentShardId"))
    return Shard(raw["ShardId"], tuple(p for p in parents if p))


def epoch(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return float(value or 0)


class StreamSource:
    """What the shard poller needs of a stream."""

    service = ""
    info_key = ""

    def __init__(self, state: ServerState, mapping: Mapping) -> None:
        self.state = state
        self.mapping = mapping
        # The stream read (a Kinesis consumer ARN names its stream).
        self.arn: str = stream_of(mapping.config["EventSourceArn"])

    async def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return await source_call(self.state, self.mapping, self.service, operation, params)

    async def shards(self) -> list[Shard]:
        """The stream's shards, oldest first."""
        raise NotImplementedError

    async def iterator(self, shard: str, after: str | None, since: float | None = None) -> str:
        """An iterator after the sequence number ``after``, else from the time ``since``
        (Kinesis: AT_TIMESTAMP; DynamoDB: TRIM_HORIZON, the poller skipping older
        records), else at the mapping's StartingPosition."""
        raise NotImplementedError

    async def read(self, shard: str, iterator: str, limit: int) -> tuple[list[StreamRecord], str | None]:
        raise NotImplementedError


class DynamoDBSource(StreamSource):
    service = "dynamodbstreams"
    info_key = "DDBStreamBatchInfo"

    async def shards(self) -> list[Shard]:
        out = await self._call("DescribeStream", {"StreamArn": self.arn})
        return [_shard(s) for s in out["StreamDescription"].get("Shards", [])]

    async def iterator(self, shard: str, after: str | None, since: float | None = None) -> str:
        params: dict[str, Any] = {"StreamArn": self.arn, "ShardId": shard}
        if after is not None:
            params.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=after)
        elif since is not None:
            params["ShardIteratorType"] = "TRIM_HORIZON"
        else:
            params["ShardIteratorType"] = self.mapping.config["StartingPosition"]
        return str((await self._call("GetShardIterator", params))["ShardIterator"])

    async def read(self, shard: str, iterator: str, limit: int) -> tuple[list[StreamRecord], str | None]:
        out = await self._call("GetRecords", {"ShardIterator": iterator, "Limit": min(limit, 1000)})
        found = []
        for raw in out.get("Records", []):
            event = lambda_record(raw, self.arn)
            body = dict(event["dynamodb"])
            body["ApproximateCreationDateTime"] = epoch(body.get("ApproximateCreationDateTime"))
            event["dynamodb"] = body
            found.append(StreamRecord(body["SequenceNumber"], body["ApproximateCreationDateTime"],
                                      event, event, int(body.get("SizeBytes") or 0),
                                      json.dumps(body.get("Keys"), sort_keys=True)))
        return found, out.get("NextShardIterator")


class KinesisSource(StreamSource):
    service = "kinesis"
    info_key = "KinesisBatchInfo"

    def __init__(self, state: ServerState, mapping: Mapping) -> None:
        super().__init__(state, mapping)
        ref = parse_function_name(mapping.config["FunctionArn"])
        backend = backends.get(state, mapping.account, mapping.region)
        try:
            self.role = str(backend.resolve(ref.name, ref.qualifier).config.get("Role", ""))
        except Exception:  # the function is gone: invocations will say so
            self.role = ""

    async def shards(self) -> list[Shard]:
        shards: list[Shard] = []
        params: dict[str, Any] = {"StreamARN": self.arn}
        while True:
            out = await self._call("ListShards", params)
            shards.extend(_shard(s) for s in out.get("Shards", []))
            token = out.get("NextToken")
            if not token:
                return shards
            params = {"NextToken": token}

    async def iterator(self, shard: str, after: str | None, since: float | None = None) -> str:
        params: dict[str, Any] = {"StreamARN": self.arn, "ShardId": shard}
        config = self.mapping.config
        if after is not None:
            params.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=after)
        elif since is not None:
            params.update(ShardIteratorType="AT_TIMESTAMP", Timestamp=since)
        elif config["StartingPosition"] == "AT_TIMESTAMP":
            params.update(ShardIteratorType="AT_TIMESTAMP",
                          Timestamp=epoch(config["StartingPositionTimestamp"]))
        else:
            params["ShardIteratorType"] = config["StartingPosition"]
        return str((await self._call("GetShardIterator", params))["ShardIterator"])

    async def read(self, shard: str, iterator: str, limit: int) -> tuple[list[StreamRecord], str | None]:
        out = await self._call("GetRecords", {"ShardIterator": iterator, "Limit": limit,
                                              "StreamARN": self.arn})
        found = []
        for raw in out.get("Records", []):
            data = raw.get("Data") or b""
            if isinstance(data, str):
                data = data.encode()
            arrival = epoch(raw.get("ApproximateArrivalTimestamp"))
            event = {
                "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": raw["PartitionKey"],
                            "sequenceNumber": raw["SequenceNumber"],
                            "data": base64.b64encode(data).decode("ascii"),
                            "approximateArrivalTimestamp": arrival},
                "eventSource": "aws:kinesis", "eventVersion": "1.0",
                "eventID": f"{shard}:{raw['SequenceNumber']}",
                "eventName": "aws:kinesis:record", "invokeIdentityArn": self.role,
                "awsRegion": self.mapping.region, "eventSourceARN": self.arn,
            }
            found.append(StreamRecord(raw["SequenceNumber"], arrival, event,
                                      filtering.kinesis_view(event), len(data),
                                      raw["PartitionKey"]))
        return found, out.get("NextShardIterator")


def stream_of(arn: str) -> str:
    """The stream of a Kinesis stream consumer's ARN (``.../stream/NAME/consumer/C:T``,
    an enhanced fan-out mapping), else ``arn`` itself."""
    return arn.split("/consumer/", 1)[0] if arn.split(":")[2:3] == ["kinesis"] else arn


def source_for(state: ServerState, mapping: Mapping) -> StreamSource:
    if mapping.config["EventSourceArn"].split(":")[2] == "kinesis":
        return KinesisSource(state, mapping)
    return DynamoDBSource(state, mapping)


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as a Lambda event record (DynamoDB event source mapping):
    ``eventSourceARN`` added, ``userIdentity`` members in lower camel case.

    https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
    """
    out = dict(record)
    out["eventSourceARN"] = stream_arn
    identity = record.get("userIdentity")
    if identity is not None:
        out["userIdentity"] = {"type": identity["Type"], "principalId": identity["PrincipalId"]}
    return out
