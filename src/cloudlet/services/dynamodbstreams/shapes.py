"""Request and response members of dynamodbstreams that cloudlet reads or writes.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``.
"""

from typing import Any, Required, TypedDict


class DescribeStreamInput(TypedDict, total=False):
    StreamArn: Required[str]
    ExclusiveStartShardId: str
    Limit: int


class SequenceNumberRange(TypedDict, total=False):
    StartingSequenceNumber: str
    EndingSequenceNumber: str


class Shard(TypedDict, total=False):
    ShardId: str
    SequenceNumberRange: SequenceNumberRange


class StreamDescription(TypedDict, total=False):
    StreamArn: str
    StreamLabel: str
    StreamStatus: str
    StreamViewType: str
    CreationRequestDateTime: float
    TableName: str
    KeySchema: list[dict[str, Any]]
    Shards: list[Shard]


class DescribeStreamOutput(TypedDict, total=False):
    StreamDescription: StreamDescription


class GetRecordsInput(TypedDict, total=False):
    ShardIterator: Required[str]
    Limit: int


class GetRecordsOutput(TypedDict, total=False):
    Records: list[dict[str, Any]]
    NextShardIterator: str


class GetShardIteratorInput(TypedDict, total=False):
    StreamArn: Required[str]
    ShardId: Required[str]
    ShardIteratorType: Required[str]
    SequenceNumber: str


class GetShardIteratorOutput(TypedDict, total=False):
    ShardIterator: str


class ListStreamsInput(TypedDict, total=False):
    TableName: str
    Limit: int
    ExclusiveStartStreamArn: str


class Stream(TypedDict, total=False):
    StreamArn: str
    TableName: str
    StreamLabel: str


class ListStreamsOutput(TypedDict, total=False):
    Streams: list[Stream]
    LastEvaluatedStreamArn: str

