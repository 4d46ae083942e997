"""CloudWatch errors (400, sender fault, unless noted).

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html

CloudWatch speaks JSON but is ``awsQueryCompatible``: a JSON error carries the model's
shape name in ``__type`` and the query API's code in the ``x-amzn-query-error`` header
(``InvalidParameterValue;Sender``), which the SDKs report as the code. ``query_code`` is
that code; the query API (``query_api.py``) writes it into its XML.
"""

from __future__ import annotations

from cloudlet.server.errors import QueryCompatibleError


class CloudWatchError(QueryCompatibleError):
    """This service's errors."""


class InvalidParameterValueException(CloudWatchError):
    code = "InvalidParameterValueException"
    query_code = "InvalidParameterValue"


class InvalidParameterCombinationException(CloudWatchError):
    code = "InvalidParameterCombinationException"
    query_code = "InvalidParameterCombination"


class MissingRequiredParameterException(CloudWatchError):
    code = "MissingRequiredParameterException"
    query_code = "MissingParameter"


class InvalidNextToken(CloudWatchError):
    code = "InvalidNextToken"
    default_message = "The service cannot return the next page of results."


class ResourceNotFound(CloudWatchError):
    code = "ResourceNotFound"
    status = 404


class ResourceNotFoundException(CloudWatchError):
    code = "ResourceNotFoundException"
    status = 404


class LimitExceededFault(CloudWatchError):
    code = "LimitExceededFault"
    query_code = "LimitExceeded"


class InvalidFormatFault(CloudWatchError):
    code = "InvalidFormatFault"
    query_code = "InvalidFormat"


class ValidationError(CloudWatchError):
    """What a request the model rejects is answered with ("1 validation error detected")."""

    code = "ValidationError"
