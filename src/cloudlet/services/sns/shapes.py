"""Request and response members of SNS that cloudlet reads or writes.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``.
"""

from typing import Required, TypedDict


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class MessageAttributeValue(TypedDict, total=False):
    DataType: Required[str]
    StringValue: str
    BinaryValue: bytes


class CreateTopicInput(TypedDict, total=False):
    Name: Required[str]
    Attributes: dict[str, str]
    Tags: list[Tag]
    DataProtectionPolicy: str


class CreateTopicResponse(TypedDict, total=False):
    TopicArn: str


class DeleteTopicInput(TypedDict, total=False):
    TopicArn: Required[str]


class ListTopicsInput(TypedDict, total=False):
    NextToken: str


class Topic(TypedDict, total=False):
    TopicArn: str


class ListTopicsResponse(TypedDict, total=False):
    Topics: list[Topic]
    NextToken: str


class GetTopicAttributesInput(TypedDict, total=False):
    TopicArn: Required[str]


class GetTopicAttributesResponse(TypedDict, total=False):
    Attributes: dict[str, str]


class SetTopicAttributesInput(TypedDict, total=False):
    TopicArn: Required[str]
    AttributeName: Required[str]
    AttributeValue: str


class TagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[list[Tag]]


class UntagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class ListTagsForResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    Tags: list[Tag]


class SubscribeInput(TypedDict, total=False):
    TopicArn: Required[str]
    Protocol: Required[str]
    Endpoint: str
    Attributes: dict[str, str]
    ReturnSubscriptionArn: bool


class SubscribeResponse(TypedDict, total=False):
    SubscriptionArn: str


class ConfirmSubscriptionInput(TypedDict, total=False):
    TopicArn: Required[str]
    Token: Required[str]
    AuthenticateOnUnsubscribe: str


class ConfirmSubscriptionResponse(TypedDict, total=False):
    SubscriptionArn: str


class UnsubscribeInput(TypedDict, total=False):
    SubscriptionArn: Required[str]


class Subscription(TypedDict, total=False):
    SubscriptionArn: str
    Owner: str
    Protocol: str
    Endpoint: str
    TopicArn: str


class ListSubscriptionsInput(TypedDict, total=False):
    NextToken: str


class ListSubscriptionsResponse(TypedDict, total=False):
    Subscriptions: list[Subscription]
    NextToken: str


class ListSubscriptionsByTopicInput(TypedDict, total=False):
    TopicArn: Required[str]
    NextToken: str


class GetSubscriptionAttributesInput(TypedDict, total=False):
    SubscriptionArn: Required[str]


class GetSubscriptionAttributesResponse(TypedDict, total=False):
    Attributes: dict[str, str]


class SetSubscriptionAttributesInput(TypedDict, total=False):
    SubscriptionArn: Required[str]
    AttributeName: Required[str]
    AttributeValue: str


class PublishInput(TypedDict, total=False):
    TopicArn: str
    TargetArn: str
    PhoneNumber: str
    Message: Required[str]
    Subject: str
    MessageStructure: str
    MessageAttributes: dict[str, MessageAttributeValue]
    MessageDeduplicationId: str
    MessageGroupId: str


class PublishResponse(TypedDict, total=False):
    MessageId: str
    SequenceNumber: str


class PublishBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    Message: Required[str]
    Subject: str
    MessageStructure: str
    MessageAttributes: dict[str, MessageAttributeValue]
    MessageDeduplicationId: str
    MessageGroupId: str


class PublishBatchInput(TypedDict, total=False):
    TopicArn: Required[str]
    PublishBatchRequestEntries: Required[list[PublishBatchRequestEntry]]


class PublishBatchResultEntry(TypedDict, total=False):
    Id: str
    MessageId: str
    SequenceNumber: str


class BatchResultErrorEntry(TypedDict, total=False):
    Id: Required[str]
    Code: Required[str]
    Message: str
    SenderFault: Required[bool]


class PublishBatchResponse(TypedDict, total=False):
    Successful: list[PublishBatchResultEntry]
    Failed: list[BatchResultErrorEntry]


class AddPermissionInput(TypedDict, total=False):
    TopicArn: Required[str]
    Label: Required[str]
    AWSAccountId: Required[list[str]]
    ActionName: Required[list[str]]


class RemovePermissionInput(TypedDict, total=False):
    TopicArn: Required[str]
    Label: Required[str]


class GetDataProtectionPolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]


class GetDataProtectionPolicyResponse(TypedDict, total=False):
    DataProtectionPolicy: str


class PutDataProtectionPolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]
    DataProtectionPolicy: Required[str]
