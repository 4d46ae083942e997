"""Request and response members of logs that cloudlet reads or writes.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``.
"""

from typing import Required, TypedDict


class CreateLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]
    tags: dict[str, str]
    logGroupClass: str


class CreateLogStreamRequest(TypedDict, total=False):
    logGroupName: Required[str]
    logStreamName: Required[str]


class DeleteLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]


class DeleteLogStreamRequest(TypedDict, total=False):
    logGroupName: Required[str]
    logStreamName: Required[str]


class DeleteRetentionPolicyRequest(TypedDict, total=False):
    logGroupName: Required[str]


class DescribeLogGroupsRequest(TypedDict, total=False):
    logGroupNamePrefix: str
    logGroupNamePattern: str
    nextToken: str
    limit: int
    logGroupIdentifiers: list[str]


class LogGroup(TypedDict, total=False):
    logGroupName: str
    creationTime: int
    retentionInDays: int
    metricFilterCount: int
    arn: str
    storedBytes: int
    logGroupClass: str
    logGroupArn: str


class DescribeLogGroupsResponse(TypedDict, total=False):
    logGroups: list[LogGroup]
    nextToken: str


class DescribeLogStreamsRequest(TypedDict, total=False):
    logGroupName: str
    logGroupIdentifier: str
    logStreamNamePrefix: str
    orderBy: str
    descending: bool
    nextToken: str
    limit: int


class LogStream(TypedDict, total=False):
    logStreamName: str
    creationTime: int
    firstEventTimestamp: int
    lastEventTimestamp: int
    lastIngestionTime: int
    uploadSequenceToken: str
    arn: str
    storedBytes: int


class DescribeLogStreamsResponse(TypedDict, total=False):
    logStreams: list[LogStream]
    nextToken: str


class FilterLogEventsRequest(TypedDict, total=False):
    logGroupName: str
    logGroupIdentifier: str
    logStreamNames: list[str]
    logStreamNamePrefix: str
    startTime: int
    endTime: int
    filterPattern: str
    nextToken: str
    limit: int


class FilteredLogEvent(TypedDict, total=False):
    logStreamName: str
    timestamp: int
    message: str
    ingestionTime: int
    eventId: str


class FilterLogEventsResponse(TypedDict, total=False):
    events: list[FilteredLogEvent]
    nextToken: str


class GetLogEventsRequest(TypedDict, total=False):
    logGroupName: str
    logGroupIdentifier: str
    logStreamName: Required[str]
    startTime: int
    endTime: int
    nextToken: str
    limit: int
    startFromHead: bool


class OutputLogEvent(TypedDict, total=False):
    timestamp: int
    message: str
    ingestionTime: int


class GetLogEventsResponse(TypedDict, total=False):
    events: list[OutputLogEvent]
    nextForwardToken: str
    nextBackwardToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    tags: dict[str, str]


class ListTagsLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]


class ListTagsLogGroupResponse(TypedDict, total=False):
    tags: dict[str, str]


class InputLogEvent(TypedDict, total=False):
    timestamp: Required[int]
    message: Required[str]


class PutLogEventsRequest(TypedDict, total=False):
    logGroupName: Required[str]
    logStreamName: Required[str]
    logEvents: Required[list[InputLogEvent]]


class RejectedLogEventsInfo(TypedDict, total=False):
    tooNewLogEventStartIndex: int
    tooOldLogEventEndIndex: int
    expiredLogEventEndIndex: int


class PutLogEventsResponse(TypedDict, total=False):
    nextSequenceToken: str
    rejectedLogEventsInfo: RejectedLogEventsInfo


class PutRetentionPolicyRequest(TypedDict, total=False):
    logGroupName: Required[str]
    retentionInDays: Required[int]


class TagLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]
    tags: Required[dict[str, str]]


class TagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tags: Required[dict[str, str]]


class UntagLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]
    tags: Required[list[str]]


class UntagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tagKeys: Required[list[str]]

