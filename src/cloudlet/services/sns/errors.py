"""Amazon SNS errors, named after their AWS codes (the model's error shapes).

https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class InvalidParameter(ClientError):
    code = "InvalidParameter"


class InvalidParameterValue(ClientError):
    code = "ParameterValueInvalid"


class NotFound(ClientError):
    code = "NotFound"
    status = 404


class TopicNotFound(NotFound):
    default_message = "Topic does not exist"


class SubscriptionNotFound(NotFound):
    default_message = "Subscription does not exist"


class ResourceNotFound(ClientError):
    code = "ResourceNotFound"
    status = 404
    default_message = "Resource does not exist"


class TagLimitExceeded(ClientError):
    code = "TagLimitExceeded"
    default_message = "Could not complete request: tag quota of per resource exceeded"


class EmptyBatchRequest(ClientError):
    code = "EmptyBatchRequest"
    default_message = "The batch request doesn't contain any entries."


class TooManyEntriesInBatchRequest(ClientError):
    code = "TooManyEntriesInBatchRequest"
    default_message = "The batch request contains more entries than permissible."


class BatchEntryIdsNotDistinct(ClientError):
    code = "BatchEntryIdsNotDistinct"
    default_message = "Two or more batch entries in the request have the same Id."


class InvalidBatchEntryId(ClientError):
    code = "InvalidBatchEntryId"
    default_message = ("A batch entry id can only contain alphanumeric characters, hyphens and"
                       " underscores. It can be at most 80 letters long.")


class BatchRequestTooLong(ClientError):
    code = "BatchRequestTooLong"
    default_message = "The length of all the messages put together is more than the limit."


def invalid(what: str) -> InvalidParameter:
    """AWS's ``Invalid parameter: <what>`` InvalidParameter error."""
    return InvalidParameter(f"Invalid parameter: {what}")
