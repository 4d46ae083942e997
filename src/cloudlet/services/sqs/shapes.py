"""Request members of SQS that cloudlet reads.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``. Message attribute maps stay plain
dicts (``messages.py`` walks them as sent).
"""

from typing import Any, Required, TypedDict

AttributeMap = dict[str, dict[str, Any]]


class CreateQueueRequest(TypedDict, total=False):
    QueueName: Required[str]
    Attributes: dict[str, str]
    tags: dict[str, str]


class GetQueueUrlRequest(TypedDict, total=False):
    QueueName: Required[str]
    QueueOwnerAWSAccountId: str


class ListQueuesRequest(TypedDict, total=False):
    QueueNamePrefix: str
    NextToken: str
    MaxResults: int


class DeleteQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]


class PurgeQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]


class GetQueueAttributesRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    AttributeNames: list[str]


class SetQueueAttributesRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Attributes: Required[dict[str, str]]


class ListDeadLetterSourceQueuesRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    NextToken: str
    MaxResults: int


class SendMessageRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    MessageBody: Required[str]
    DelaySeconds: int
    MessageAttributes: AttributeMap
    MessageSystemAttributes: AttributeMap
    MessageDeduplicationId: str
    MessageGroupId: str


class SendMessageBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    MessageBody: Required[str]
    DelaySeconds: int
    MessageAttributes: AttributeMap
    MessageSystemAttributes: AttributeMap
    MessageDeduplicationId: str
    MessageGroupId: str


class SendMessageBatchRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Entries: Required[list[SendMessageBatchRequestEntry]]


class ReceiveMessageRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    AttributeNames: list[str]
    MessageSystemAttributeNames: list[str]
    MessageAttributeNames: list[str]
    MaxNumberOfMessages: int
    VisibilityTimeout: int
    WaitTimeSeconds: int
    ReceiveRequestAttemptId: str


class DeleteMessageRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    ReceiptHandle: Required[str]


class DeleteMessageBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    ReceiptHandle: Required[str]


class DeleteMessageBatchRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Entries: Required[list[DeleteMessageBatchRequestEntry]]


class ChangeMessageVisibilityRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    ReceiptHandle: Required[str]
    VisibilityTimeout: Required[int]


class ChangeMessageVisibilityBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    ReceiptHandle: Required[str]
    VisibilityTimeout: int


class ChangeMessageVisibilityBatchRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Entries: Required[list[ChangeMessageVisibilityBatchRequestEntry]]


class TagQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Tags: Required[dict[str, str]]


class UntagQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    TagKeys: Required[list[str]]


class ListQueueTagsRequest(TypedDict, total=False):
    QueueUrl: Required[str]


class AddPermissionRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Label: Required[str]
    AWSAccountIds: Required[list[str]]
    Actions: Required[list[str]]


class RemovePermissionRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Label: Required[str]


class StartMessageMoveTaskRequest(TypedDict, total=False):
    SourceArn: Required[str]
    DestinationArn: str
    MaxNumberOfMessagesPerSecond: int


class ListMessageMoveTasksRequest(TypedDict, total=False):
    SourceArn: Required[str]
    MaxResults: int


class CancelMessageMoveTaskRequest(TypedDict, total=False):
    TaskHandle: Required[str]
