"""Create, Get, List, Update and Delete event source mappings, and what they refuse.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.event_sources.conftest import batches, keys, put
from tests.e2e.lambda_.conftest import wait_for


def error(call: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as err:
        call(**kwargs)
    resp = err.value.response
    return resp["Error"]["Code"], resp["Error"]["Message"], resp["ResponseMetadata"]["HTTPStatusCode"]


def test_create_answers_the_stream_defaults(lambda_client: Any, stream_table: Any,
                                            batch_function: Any, esm: Any) -> None:
    """A stream mapping answers BatchSize 100, MaximumRetryAttempts -1, ... and State
    Creating; Get then answers Enabled with the same settings."""
    _, stream = stream_table()
    fn, _ = batch_function()
    created = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST")
    assert created["State"] == "Creating"
    assert created["StateTransitionReason"] == "User action"
    assert created["LastProcessingResult"] == "No records processed"
    assert created["BatchSize"] == 100 and created["MaximumRetryAttempts"] == -1
    assert created["MaximumRecordAgeInSeconds"] == -1
    assert created["BisectBatchOnFunctionError"] is False
    assert created["ParallelizationFactor"] == 1
    assert created["DestinationConfig"] == {"OnFailure": {}}
    assert created["FunctionArn"].endswith(f":function:{fn}")
    assert created["EventSourceMappingArn"].endswith(f":event-source-mapping:{created['UUID']}")
    uuid.UUID(created["UUID"])
    got = lambda_client.get_event_source_mapping(UUID=created["UUID"])
    assert got["State"] == "Enabled"
    assert got["LastModified"] == created["LastModified"]


def test_duplicate_mapping_is_a_conflict(stream_table: Any, batch_function: Any,
                                         esm: Any, lambda_client: Any) -> None:
    """One mapping per source and function: ResourceConflictException (409)."""
    _, stream = stream_table()
    fn, _ = batch_function()
    first = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST")
    code, message, status = error(lambda_client.create_event_source_mapping,
                                  EventSourceArn=stream, FunctionName=fn,
                                  StartingPosition="LATEST")
    assert (code, status) == ("ResourceConflictException", 409)
    assert first["UUID"] in message


def test_update_to_an_already_mapped_function_is_a_conflict(
        stream_table: Any, batch_function: Any, esm: Any, lambda_client: Any) -> None:
    """UpdateEventSourceMapping that would map the source to a function another mapping of
    that source already uses: ResourceConflictException (409), the mapping unchanged.
    https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html#API_UpdateEventSourceMapping_Errors
    """
    _, stream = stream_table()
    fn, _ = batch_function()
    fn2, _ = batch_function()
    first = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST")
    second = esm(EventSourceArn=stream, FunctionName=fn2, StartingPosition="LATEST")
    code, message, status = error(lambda_client.update_event_source_mapping,
                                  UUID=second["UUID"], FunctionName=fn)
    assert (code, status) == ("ResourceConflictException", 409)
    assert first["UUID"] in message
    got = lambda_client.get_event_source_mapping(UUID=second["UUID"])
    assert got["FunctionArn"] == second["FunctionArn"]
    same = lambda_client.update_event_source_mapping(UUID=first["UUID"], FunctionName=fn)
    assert same["FunctionArn"] == first["FunctionArn"]


def test_metrics_and_poller_settings_are_answered_back(
        lambda_client: Any, sqs: Any, batch_function: Any, esm: Any, unique_name: str) -> None:
    """MetricsConfig and ProvisionedPollerConfig are members of
    EventSourceMappingConfiguration: Create, Get and Update answer what was set.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-MetricsConfig
    """
    url = sqs.create_queue(QueueName=unique_name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    fn, _ = batch_function()
    pollers = {"MinimumPollers": 2, "MaximumPollers": 5}
    created = esm(EventSourceArn=arn, FunctionName=fn, Enabled=False,
                  MetricsConfig={"Metrics": ["EventCount"]}, ProvisionedPollerConfig=pollers)
    assert created["MetricsConfig"] == {"Metrics": ["EventCount"]}
    assert created["ProvisionedPollerConfig"] == pollers
    got = lambda_client.get_event_source_mapping(UUID=created["UUID"])
    assert got["MetricsConfig"] == {"Metrics": ["EventCount"]}
    updated = lambda_client.update_event_source_mapping(
        UUID=created["UUID"], ProvisionedPollerConfig={"MinimumPollers": 1, "MaximumPollers": 3})
    assert updated["ProvisionedPollerConfig"] == {"MinimumPollers": 1, "MaximumPollers": 3}
    assert updated["MetricsConfig"] == {"Metrics": ["EventCount"]}
    sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({}, "startingPosition"),
    ({"StartingPosition": "LATEST", "MaximumRecordAgeInSeconds": 30}, "maximumRecordAgeInSeconds"),
    ({"StartingPosition": "AT_TIMESTAMP"}, "Unsupported starting position"),
    ({"StartingPosition": "LATEST", "ScalingConfig": {"MaximumConcurrency": 5}}, "ScalingConfig"),
    ({"StartingPosition": "LATEST",
      "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:s3:::bucket"}}},
     "destination config"),
    ({"StartingPosition": "LATEST", "FilterCriteria": {"Filters": [{"Pattern": "nope"}]}},
     "Invalid filter pattern definition."),
    ({"StartingPosition": "LATEST",
      "FilterCriteria": {"Filters": [{"Pattern": "{}"}] * 6}}, "filterCriteria.filters"),
])
def test_stream_settings_lambda_refuses(lambda_client: Any, stream_table: Any,
                                        batch_function: Any, kwargs: dict[str, Any],
                                        fragment: str) -> None:
    """Settings a DynamoDB stream mapping does not take: InvalidParameterValueException."""
    _, stream = stream_table()
    fn, _ = batch_function()
    code, message, status = error(lambda_client.create_event_source_mapping,
                                  EventSourceArn=stream, FunctionName=fn, **kwargs)
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert fragment in message


def test_unknown_function_and_mapping(lambda_client: Any, stream_table: Any) -> None:
    """A missing function: InvalidParameterValueException "Function does not exist"; a
    missing mapping: ResourceNotFoundException (404)."""
    _, stream = stream_table()
    code, message, status = error(lambda_client.create_event_source_mapping,
                                  EventSourceArn=stream, FunctionName="nope",
                                  StartingPosition="LATEST")
    assert (code, message, status) == ("InvalidParameterValueException",
                                       "Function does not exist", 400)
    for call in (lambda_client.get_event_source_mapping, lambda_client.delete_event_source_mapping):
        code, message, status = error(call, UUID=str(uuid.uuid4()))
        assert (code, status) == ("ResourceNotFoundException", 404)
        assert message == "The resource you requested does not exist."


def test_missing_stream_is_refused(lambda_client: Any, batch_function: Any) -> None:
    fn, _ = batch_function()
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000"
    code, _, status = error(lambda_client.create_event_source_mapping, EventSourceArn=arn,
                            FunctionName=fn, StartingPosition="LATEST")
    assert (code, status) == ("InvalidParameterValueException", 400)


def test_list_filters_and_pages(lambda_client: Any, stream_table: Any, batch_function: Any,
                                esm: Any) -> None:
    """ListEventSourceMappings by FunctionName or EventSourceArn, MaxItems and NextMarker."""
    _, stream = stream_table()
    _, other_stream = stream_table()
    fn, _ = batch_function()
    fn2, _ = batch_function()
    a = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST")["UUID"]
    b = esm(EventSourceArn=other_stream, FunctionName=fn, StartingPosition="LATEST")["UUID"]
    c = esm(EventSourceArn=stream, FunctionName=fn2, StartingPosition="LATEST")["UUID"]
    by_fn = lambda_client.list_event_source_mappings(FunctionName=fn)["EventSourceMappings"]
    assert [m["UUID"] for m in by_fn] == [a, b]
    by_source = lambda_client.list_event_source_mappings(EventSourceArn=stream)
    assert [m["UUID"] for m in by_source["EventSourceMappings"]] == [a, c]
    page = lambda_client.list_event_source_mappings(FunctionName=fn, MaxItems=1)
    assert [m["UUID"] for m in page["EventSourceMappings"]] == [a]
    rest = lambda_client.list_event_source_mappings(FunctionName=fn, Marker=page["NextMarker"])
    assert [m["UUID"] for m in rest["EventSourceMappings"]] == [b]
    assert "NextMarker" not in rest


def test_disable_stops_and_enable_resumes_where_it_stopped(
        lambda_client: Any, ddb: Any, stream_table: Any, batch_function: Any, esm: Any) -> None:
    """Disabled: no invocations; enabled again: the records written meanwhile arrive (the
    position is kept)."""
    table, stream = stream_table()
    fn, out = batch_function()
    mapping = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST")
    put(ddb, table, "before")
    wait_for(lambda: len(batches(out)) == 1)
    off = lambda_client.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    assert off["State"] == "Disabling"
    assert lambda_client.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Disabled"
    put(ddb, table, "while-off")
    time.sleep(0.5)
    assert len(batches(out)) == 1
    on = lambda_client.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True,
                                                   BatchSize=50)
    assert on["State"] == "Enabling" and on["BatchSize"] == 50
    wait_for(lambda: [k for b in batches(out) for k in keys(b)] == ["before", "while-off"])
    updated = lambda_client.update_event_source_mapping(UUID=mapping["UUID"], BatchSize=20)
    assert updated["State"] == "Updating"
    assert lambda_client.get_event_source_mapping(UUID=mapping["UUID"])["LastProcessingResult"] == "OK"


def test_delete_answers_deleting_and_stops_polling(
        lambda_client: Any, ddb: Any, stream_table: Any, batch_function: Any) -> None:
    table, stream = stream_table()
    fn, out = batch_function()
    mapping = lambda_client.create_event_source_mapping(
        EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST")
    gone = lambda_client.delete_event_source_mapping(UUID=mapping["UUID"])
    assert gone["State"] == "Deleting"
    code, _, status = error(lambda_client.get_event_source_mapping, UUID=mapping["UUID"])
    assert status == 404
    put(ddb, table, "after")
    time.sleep(0.5)
    assert batches(out) == []


def test_self_managed_kafka_is_not_supported(lambda_client: Any, batch_function: Any) -> None:
    """A self-managed Kafka source (SelfManagedEventSource, no EventSourceArn) answers a
    clear "not supported", not Lambda's generic "Unrecognized event source.".
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-SelfManagedEventSource
    """
    fn, _ = batch_function()
    code, message, status = error(
        lambda_client.create_event_source_mapping, FunctionName=fn, Topics=["orders"],
        StartingPosition="LATEST",
        SelfManagedEventSource={"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["localhost:9092"]}})
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message.startswith("not supported: self-managed Apache Kafka")


def test_tags_on_a_mapping(lambda_client: Any, stream_table: Any, batch_function: Any,
                           esm: Any) -> None:
    """Tags given at creation and Tag/Untag/ListTags on the mapping's ARN.
    https://docs.aws.amazon.com/lambda/latest/dg/tags-esm.html"""
    _, stream = stream_table()
    fn, _ = batch_function()
    created = esm(EventSourceArn=stream, FunctionName=fn, StartingPosition="LATEST",
                  Tags={"team": "a"})
    arn = created["EventSourceMappingArn"]
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"team": "a"}
    lambda_client.tag_resource(Resource=arn, Tags={"env": "dev"})
    lambda_client.untag_resource(Resource=arn, TagKeys=["team"])
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"env": "dev"}
    missing = arn.rsplit(":", 1)[0] + ":" + str(uuid.uuid4())
    with pytest.raises(lambda_client.exceptions.ResourceNotFoundException):
        lambda_client.list_tags(Resource=missing)
