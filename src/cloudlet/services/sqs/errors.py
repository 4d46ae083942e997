"""Amazon SQS errors, named after their codes (400, sender fault, unless noted).

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html

SQS speaks JSON but is ``awsQueryCompatible``: a JSON error carries the model's shape name
in ``__type`` and the code the old query API answered in the ``x-amzn-query-error`` header
(``AWS.SimpleQueueService.NonExistentQueue;Sender``), which the SDKs report as the code.
``query_code`` is that code; the query API (``query_api.py``) writes it into its XML.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.errors import QueryCompatibleError


class SqsError(QueryCompatibleError):
    """This service's errors."""


class QueueDoesNotExist(SqsError):
    code = "QueueDoesNotExist"
    query_code = "AWS.SimpleQueueService.NonExistentQueue"
    default_message = "The specified queue does not exist."


class QueueNameExists(SqsError):
    code = "QueueNameExists"
    query_code = "QueueAlreadyExists"


class QueueDeletedRecently(SqsError):
    code = "QueueDeletedRecently"
    query_code = "AWS.SimpleQueueService.QueueDeletedRecently"
    default_message = ("You must wait 60 seconds after deleting a queue before you can create "
                       "another with the same name.")


class PurgeQueueInProgress(SqsError):
    code = "PurgeQueueInProgress"
    query_code = "AWS.SimpleQueueService.PurgeQueueInProgress"


class InvalidAttributeName(SqsError):
    code = "InvalidAttributeName"


class InvalidAttributeValue(SqsError):
    code = "InvalidAttributeValue"


class InvalidParameterValue(SqsError):
    """Not modelled (AWS calls it a common error); its code is its name in both APIs."""

    code = "InvalidParameterValue"


class MissingParameter(SqsError):
    code = "MissingParameter"


class InvalidMessageContents(SqsError):
    code = "InvalidMessageContents"


class ReceiptHandleIsInvalid(SqsError):
    code = "ReceiptHandleIsInvalid"


class MessageNotInflight(SqsError):
    code = "MessageNotInflight"
    query_code = "AWS.SimpleQueueService.MessageNotInflight"
    default_message = "The message referred to isn't in flight."


class EmptyBatchRequest(SqsError):
    code = "EmptyBatchRequest"
    query_code = "AWS.SimpleQueueService.EmptyBatchRequest"


class TooManyEntriesInBatchRequest(SqsError):
    code = "TooManyEntriesInBatchRequest"
    query_code = "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"


class BatchEntryIdsNotDistinct(SqsError):
    code = "BatchEntryIdsNotDistinct"
    query_code = "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"


class BatchRequestTooLong(SqsError):
    code = "BatchRequestTooLong"
    query_code = "AWS.SimpleQueueService.BatchRequestTooLong"


class InvalidBatchEntryId(SqsError):
    code = "InvalidBatchEntryId"
    query_code = "AWS.SimpleQueueService.InvalidBatchEntryId"
    default_message = ("A batch entry id can only contain alphanumeric characters, hyphens and "
                       "underscores. It can be at most 80 letters long.")


class OverLimit(SqsError):
    code = "OverLimit"
    status = 403


class UnsupportedOperation(SqsError):
    code = "UnsupportedOperation"
    query_code = "AWS.SimpleQueueService.UnsupportedOperation"


class ResourceNotFoundException(SqsError):
    code = "ResourceNotFoundException"


class InvalidAddress(SqsError):
    code = "InvalidAddress"
    status = 404


def invalid_parameter(name: str, value: Any, reason: str) -> InvalidParameterValue:
    """``Value X for parameter Name is invalid. Reason: ...``, AWS's usual wording."""
    return InvalidParameterValue(f"Value {value} for parameter {name} is invalid. Reason: {reason}")


NOT_FOR_QUEUE_TYPE = "The request include parameter that is not valid for this queue type."
