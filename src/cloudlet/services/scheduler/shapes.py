"""Request and response members of EventBridge Scheduler that cloudlet reads or writes.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``.
"""

from datetime import datetime
from typing import Required, TypedDict


class Tag(TypedDict):
    Key: str
    Value: str


class RetryPolicy(TypedDict, total=False):
    MaximumEventAgeInSeconds: int
    MaximumRetryAttempts: int


class DeadLetterConfig(TypedDict, total=False):
    Arn: str


class SqsParameters(TypedDict, total=False):
    MessageGroupId: str


class EventBridgeParameters(TypedDict):
    DetailType: str
    Source: str


class KinesisParameters(TypedDict):
    PartitionKey: str


class Target(TypedDict, total=False):
    Arn: Required[str]
    RoleArn: Required[str]
    Input: str
    RetryPolicy: RetryPolicy
    DeadLetterConfig: DeadLetterConfig
    SqsParameters: SqsParameters
    EventBridgeParameters: EventBridgeParameters
    KinesisParameters: KinesisParameters


class FlexibleTimeWindow(TypedDict, total=False):
    Mode: Required[str]
    MaximumWindowInMinutes: int


class CreateScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str
    ScheduleExpression: Required[str]
    StartDate: datetime
    EndDate: datetime
    Description: str
    ScheduleExpressionTimezone: str
    State: str
    KmsKeyArn: str
    Target: Required[Target]
    FlexibleTimeWindow: Required[FlexibleTimeWindow]
    ClientToken: str
    ActionAfterCompletion: str


class CreateScheduleOutput(TypedDict):
    ScheduleArn: str


class UpdateScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str
    ScheduleExpression: Required[str]
    StartDate: datetime
    EndDate: datetime
    Description: str
    ScheduleExpressionTimezone: str
    State: str
    KmsKeyArn: str
    Target: Required[Target]
    FlexibleTimeWindow: Required[FlexibleTimeWindow]
    ClientToken: str
    ActionAfterCompletion: str


class UpdateScheduleOutput(TypedDict):
    ScheduleArn: str


class GetScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str


class GetScheduleOutput(TypedDict, total=False):
    Arn: str
    GroupName: str
    Name: str
    ScheduleExpression: str
    StartDate: datetime
    EndDate: datetime
    Description: str
    ScheduleExpressionTimezone: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime
    KmsKeyArn: str
    Target: Target
    FlexibleTimeWindow: FlexibleTimeWindow
    ActionAfterCompletion: str


class DeleteScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str
    ClientToken: str


class TargetSummary(TypedDict):
    Arn: str


class ScheduleSummary(TypedDict, total=False):
    Arn: str
    Name: str
    GroupName: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime
    Target: TargetSummary


class ListSchedulesInput(TypedDict, total=False):
    GroupName: str
    NamePrefix: str
    State: str
    NextToken: str
    MaxResults: int


class ListSchedulesOutput(TypedDict, total=False):
    NextToken: str
    Schedules: Required[list[ScheduleSummary]]


class CreateScheduleGroupInput(TypedDict, total=False):
    Name: Required[str]
    Tags: list[Tag]
    ClientToken: str


class CreateScheduleGroupOutput(TypedDict):
    ScheduleGroupArn: str


class GetScheduleGroupInput(TypedDict):
    Name: str


class GetScheduleGroupOutput(TypedDict, total=False):
    Arn: str
    Name: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime


class DeleteScheduleGroupInput(TypedDict, total=False):
    Name: Required[str]
    ClientToken: str


class ScheduleGroupSummary(TypedDict, total=False):
    Arn: str
    Name: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime


class ListScheduleGroupsInput(TypedDict, total=False):
    NamePrefix: str
    NextToken: str
    MaxResults: int


class ListScheduleGroupsOutput(TypedDict, total=False):
    NextToken: str
    ScheduleGroups: Required[list[ScheduleGroupSummary]]


class TagResourceInput(TypedDict):
    ResourceArn: str
    Tags: list[Tag]


class UntagResourceInput(TypedDict):
    ResourceArn: str
    TagKeys: list[str]


class ListTagsForResourceInput(TypedDict):
    ResourceArn: str


class ListTagsForResourceOutput(TypedDict, total=False):
    Tags: list[Tag]
