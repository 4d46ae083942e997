"""Request members of kinesis that cloudlet reads.

Each TypedDict is named after its botocore shape and declares the members the handlers
may read (``StreamId``, ``DryRun`` and the warm-throughput members are left out);
``Required`` marks the members the model requires. Checked against the model by
``tests/unit/server/test_typed_shapes.py``. Outputs are plain dicts built by
``model.py``'s ``describe`` methods and the handlers.
"""

from datetime import datetime
from typing import Required, TypedDict


class AddTagsToStreamInput(TypedDict, total=False):
    StreamName: str
    Tags: Required[dict[str, str]]
    StreamARN: str


class StreamModeDetails(TypedDict, total=False):
    StreamMode: Required[str]


class CreateStreamInput(TypedDict, total=False):
    StreamName: Required[str]
    ShardCount: int
    StreamModeDetails: StreamModeDetails
    Tags: dict[str, str]
    MaxRecordSizeInKiB: int


class DecreaseStreamRetentionPeriodInput(TypedDict, total=False):
    StreamName: str
    RetentionPeriodHours: Required[int]
    StreamARN: str


class DeleteStreamInput(TypedDict, total=False):
    StreamName: str
    EnforceConsumerDeletion: bool
    StreamARN: str


class DeregisterStreamConsumerInput(TypedDict, total=False):
    StreamARN: str
    ConsumerName: str
    ConsumerARN: str


class DescribeStreamInput(TypedDict, total=False):
    StreamName: str
    Limit: int
    ExclusiveStartShardId: str
    StreamARN: str


class DescribeStreamConsumerInput(TypedDict, total=False):
    StreamARN: str
    ConsumerName: str
    ConsumerARN: str


class DescribeStreamSummaryInput(TypedDict, total=False):
    StreamName: str
    StreamARN: str


class DisableEnhancedMonitoringInput(TypedDict, total=False):
    StreamName: str
    ShardLevelMetrics: Required[list[str]]
    StreamARN: str


class EnableEnhancedMonitoringInput(TypedDict, total=False):
    StreamName: str
    ShardLevelMetrics: Required[list[str]]
    StreamARN: str


class GetRecordsInput(TypedDict, total=False):
    ShardIterator: Required[str]
    Limit: int
    StreamARN: str


class GetShardIteratorInput(TypedDict, total=False):
    StreamName: str
    ShardId: Required[str]
    ShardIteratorType: Required[str]
    StartingSequenceNumber: str
    Timestamp: datetime
    StreamARN: str


class IncreaseStreamRetentionPeriodInput(TypedDict, total=False):
    StreamName: str
    RetentionPeriodHours: Required[int]
    StreamARN: str


class ShardFilter(TypedDict, total=False):
    Type: Required[str]
    ShardId: str
    Timestamp: datetime


class ListShardsInput(TypedDict, total=False):
    StreamName: str
    NextToken: str
    ExclusiveStartShardId: str
    MaxResults: int
    StreamCreationTimestamp: datetime
    ShardFilter: ShardFilter
    StreamARN: str


class ListStreamConsumersInput(TypedDict, total=False):
    StreamARN: Required[str]
    NextToken: str
    MaxResults: int
    StreamCreationTimestamp: datetime


class ListStreamsInput(TypedDict, total=False):
    Limit: int
    ExclusiveStartStreamName: str
    NextToken: str


class ListTagsForResourceInput(TypedDict, total=False):
    ResourceARN: Required[str]


class ListTagsForStreamInput(TypedDict, total=False):
    StreamName: str
    ExclusiveStartTagKey: str
    Limit: int
    StreamARN: str


class MergeShardsInput(TypedDict, total=False):
    StreamName: str
    ShardToMerge: Required[str]
    AdjacentShardToMerge: Required[str]
    StreamARN: str


class PutRecordInput(TypedDict, total=False):
    StreamName: str
    Data: Required[bytes]
    PartitionKey: str
    ExplicitHashKey: str
    SequenceNumberForOrdering: str
    StreamARN: str


class PutRecordsRequestEntry(TypedDict, total=False):
    Data: Required[bytes]
    ExplicitHashKey: str
    PartitionKey: str


class PutRecordsInput(TypedDict, total=False):
    Records: Required[list[PutRecordsRequestEntry]]
    StreamName: str
    StreamARN: str


class RegisterStreamConsumerInput(TypedDict, total=False):
    StreamARN: Required[str]
    ConsumerName: Required[str]
    Tags: dict[str, str]


class RemoveTagsFromStreamInput(TypedDict, total=False):
    StreamName: str
    TagKeys: Required[list[str]]
    StreamARN: str


class SplitShardInput(TypedDict, total=False):
    StreamName: str
    ShardToSplit: Required[str]
    NewStartingHashKey: Required[str]
    StreamARN: str


class StartStreamEncryptionInput(TypedDict, total=False):
    StreamName: str
    EncryptionType: Required[str]
    KeyId: Required[str]
    StreamARN: str


class StopStreamEncryptionInput(TypedDict, total=False):
    StreamName: str
    EncryptionType: Required[str]
    KeyId: Required[str]
    StreamARN: str


class TagResourceInput(TypedDict, total=False):
    Tags: Required[dict[str, str]]
    ResourceARN: Required[str]


class UntagResourceInput(TypedDict, total=False):
    TagKeys: Required[list[str]]
    ResourceARN: Required[str]


class UpdateShardCountInput(TypedDict, total=False):
    StreamName: str
    TargetShardCount: Required[int]
    ScalingType: Required[str]
    StreamARN: str


class UpdateStreamModeInput(TypedDict, total=False):
    StreamARN: Required[str]
    StreamModeDetails: Required[StreamModeDetails]
