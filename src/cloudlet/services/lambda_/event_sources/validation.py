"""What CreateEventSourceMapping and UpdateEventSourceMapping accept, per source type.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html

The model checks the ranges (BatchSize 1..10,000, ParallelizationFactor 1..10,
MaximumRetryAttempts -1..10,000, ScalingConfig.MaximumConcurrency 2..1000, ...); this
module checks what depends on the source:
- SQS: BatchSize defaults to 10 and may exceed 10 (up to 10,000) only with a
  MaximumBatchingWindowInSeconds above 0 (FIFO queues: at most 10). StartingPosition and
  the stream settings are refused.
- DynamoDB streams and Kinesis: BatchSize defaults to 100 (up to 10,000);
  StartingPosition is required (AT_TIMESTAMP, with StartingPositionTimestamp, only for
  Kinesis); MaximumRecordAgeInSeconds is -1 (forever) or 60..604,800; OnFailure is an
  SQS queue or SNS topic ARN (no OnSuccess); ScalingConfig is SQS only.
- FilterCriteria: at most 5 filters, each a JSON event pattern.
- MetricsConfig, ProvisionedPollerConfig and KMSKeyArn are kept and answered as given
  (cloudlet publishes no metrics, polls the same way whatever the pollers, and keeps the
  filters in clear).

LIMITATIONS: Kafka, Amazon MQ and DocumentDB sources are refused ("not supported").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.services.lambda_.errors import InvalidParameterValueException
from cloudlet.services.lambda_.event_sources.filtering import compile_filter

SQS, DYNAMODB, KINESIS = "sqs", "dynamodb", "kinesis"
STREAM_ONLY = ("ParallelizationFactor", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds",
               "BisectBatchOnFunctionError", "DestinationConfig", "TumblingWindowInSeconds",
               "StartingPositionTimestamp")
# Members a mapping keeps from the request, as given (the rest are derived).
SETTINGS = ("BatchSize", "MaximumBatchingWindowInSeconds", "FilterCriteria", "ScalingConfig",
            "FunctionResponseTypes", "StartingPosition", "StartingPositionTimestamp",
            "ParallelizationFactor", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds",
            "BisectBatchOnFunctionError", "DestinationConfig", "TumblingWindowInSeconds",
            "MetricsConfig", "ProvisionedPollerConfig", "KMSKeyArn")
MAX_FILTERS = 5


def source_kind(arn: str) -> str:
    """``sqs``, ``dynamodb`` (a table's stream) or ``kinesis`` (a data stream)."""
    parts = arn.split(":", 5)
    service = parts[2] if len(parts) == 6 else ""
    if service == SQS:
        return SQS
    if service == DYNAMODB and "/stream/" in parts[5]:
        return DYNAMODB
    if service == KINESIS and parts[5].startswith("stream/"):
        return KINESIS
    raise InvalidParameterValueException(
        f"not supported: event source {arn} (cloudlet maps SQS queues, DynamoDB streams "
        "and Kinesis streams)")


def defaults(kind: str) -> dict[str, Any]:
    """The settings Lambda answers for a new mapping of this kind."""
    if kind == SQS:
        return {"BatchSize": 10, "MaximumBatchingWindowInSeconds": 0, "FunctionResponseTypes": []}
    return {"BatchSize": 100, "MaximumBatchingWindowInSeconds": 0, "ParallelizationFactor": 1,
            "DestinationConfig": {"OnFailure": {}}, "MaximumRecordAgeInSeconds": -1,
            "BisectBatchOnFunctionError": False, "MaximumRetryAttempts": -1,
            "TumblingWindowInSeconds": 0, "FunctionResponseTypes": []}


def check(kind: str, source_arn: str, given: Mapping[str, Any], merged: Mapping[str, Any],
          creating: bool) -> None:
    """Raise InvalidParameterValueException for settings ``kind`` does not take.

    ``given`` is the request; ``merged`` the settings the mapping would have.
    """
    if kind == SQS:
        _check_sqs(source_arn, given, merged)
    else:
        _check_stream(kind, source_arn, given, merged, creating)
    check_filters(given.get("FilterCriteria"))


def _check_sqs(source_arn: str, given: Mapping[str, Any], merged: Mapping[str, Any]) -> None:
    if given.get("StartingPosition") is not None:
        raise InvalidParameterValueException(
            "StartingPosition is not valid for SQS event sources.")
    for name in STREAM_ONLY:
        if given.get(name) is not None:
            raise InvalidParameterValueException(
                f"Unsupported parameter for SQS event source mapping: {name}")
    batch, window = merged["BatchSize"], merged.get("MaximumBatchingWindowInSeconds") or 0
    if source_arn.endswith(".fifo") and batch > 10:
        raise InvalidParameterValueException(
            "BatchSize must be between 1 and 10 for FIFO queues.")
    if batch > 10 and window == 0:
        raise InvalidParameterValueException(
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
            "greater than 10")


def _check_stream(kind: str, source_arn: str, given: Mapping[str, Any],
                  merged: Mapping[str, Any], creating: bool) -> None:
    position = merged.get("StartingPosition")
    if creating and position is None:
        raise InvalidParameterValueException(
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
            "constraint: Member must not be null.")
    if position == "AT_TIMESTAMP":
        if kind != KINESIS:
            raise InvalidParameterValueException(
                f"Unsupported starting position for arn type: {source_arn}")
        if merged.get("StartingPositionTimestamp") is None:
            raise InvalidParameterValueException(
                "StartingPositionTimestamp must be provided when StartingPosition is AT_TIMESTAMP.")
    if given.get("ScalingConfig") is not None:
        raise InvalidParameterValueException(
            "Unsupported parameter for stream event source mapping: ScalingConfig")
    age = merged.get("MaximumRecordAgeInSeconds", -1)
    if age != -1 and not 60 <= age <= 604_800:
        raise InvalidParameterValueException(
            f"1 validation error detected: Value '{age}' at 'maximumRecordAgeInSeconds' failed "
            "to satisfy constraint: Member must have value greater than or equal to 60")
    destinations = given.get("DestinationConfig") or {}
    if destinations.get("OnSuccess"):
        raise InvalidParameterValueException(
            "Unsupported DestinationConfig parameter for given event source mapping type.")
    target = (destinations.get("OnFailure") or {}).get("Destination")
    if target is not None and target.split(":")[2:3] not in (["sqs"], ["sns"]):
        raise InvalidParameterValueException(
            f"The provided destination config DestinationConfig(onSuccess=null, "
            f"onFailure=OnFailure(destination={target})) is invalid.")


def check_filters(criteria: Mapping[str, Any] | None) -> None:
    """At most 5 filters, each an event pattern (a JSON object)."""
    if not criteria:
        return
    filters = criteria.get("Filters") or []
    if len(filters) > MAX_FILTERS:
        raise InvalidParameterValueException(
            "1 validation error detected: Value '...' at 'filterCriteria.filters' failed to "
            f"satisfy constraint: Member must have length less than or equal to {MAX_FILTERS}")
    for item in filters:
        compile_filter(item.get("Pattern") or "")
