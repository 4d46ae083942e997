"""DynamoDB error classes: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html"""

from cloudlet.server import errors as server_errors
from cloudlet.services.dynamodb import errors


def test_codes_statuses_and_defaults() -> None:
    assert errors.ValidationException is server_errors.ValidationException
    err = errors.ConditionalCheckFailedException()
    assert (err.code, err.status, err.message) == (
        "ConditionalCheckFailedException",
        400,
        "The conditional request failed",
    )
    assert errors.ResourceNotFoundException().message == "Requested resource not found"
    assert errors.InternalServerError.status == 500
    for name in (
        "ResourceInUseException",
        "TransactionCanceledException",
        "TransactionConflictException",
        "IdempotentParameterMismatchException",
        "ItemCollectionSizeLimitExceededException",
        "LimitExceededException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "TransactionInProgressException",
    ):
        cls = getattr(errors, name)
        assert cls.code == name and cls.status == 400
