"""AWS::Lambda::EventSourceMapping from a DynamoDB stream and a Kinesis stream made in
the same stack: records written to the source reach the function.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html
"""

from __future__ import annotations

from typing import Any

from tests.conftest import make_client
from tests.e2e.cloudformation_compute.support import (
    scan_count,
    sink_function,
    sink_table,
)
from tests.e2e.lambda_.conftest import wait_for
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer


def test_dynamodb_stream_mapping_delivers_changes(server: RunningServer, dynamodb: Any,
                                                  lam: Any) -> None:
    """A table's StreamArn mapped to a function: each put reaches it; Ref is the UUID;
    BatchSize updates in place."""
    def template(batch: int) -> dict[str, Any]:
        return {"Resources": {
            "Sink": sink_table(), "Fn": sink_function(),
            "Source": {"Type": "AWS::DynamoDB::Table", "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "StreamSpecification": {"StreamViewType": "NEW_IMAGE"}}},
            "Map": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                "FunctionName": {"Ref": "Fn"}, "StartingPosition": "TRIM_HORIZON",
                "EventSourceArn": {"Fn::GetAtt": ["Source", "StreamArn"]},
                "BatchSize": batch, "MaximumBatchingWindowInSeconds": 0}}},
            "Outputs": {"Map": {"Value": {"Ref": "Map"}}}}

    stack = deploy(server, template(10))
    uuid = stack.outputs["Map"]
    mapping = lam.get_event_source_mapping(UUID=uuid)
    assert mapping["BatchSize"] == 10 and mapping["State"] == "Enabled"
    dynamodb.put_item(TableName=stack.physical("Source"), Item={"id": {"S": "1"}})
    sink = stack.physical("Sink")
    wait_for(lambda: scan_count(dynamodb, sink) >= 1)
    updated = deploy(server, template(5), name=stack.name, update=True)
    assert updated.outputs["Map"] == uuid
    assert lam.get_event_source_mapping(UUID=uuid)["BatchSize"] == 5
    remove(server, stack.name)
    assert all(m["UUID"] != uuid for m in lam.list_event_source_mappings()["EventSourceMappings"])


def test_kinesis_stream_mapping_delivers_records(server: RunningServer, dynamodb: Any,
                                                 kinesis: Any) -> None:
    """A stack's Kinesis stream (Ref = name, Arn attribute) mapped to a function."""
    stack = deploy(server, {"Resources": {
        "Sink": sink_table(), "Fn": sink_function(),
        "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
        "Map": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
            "FunctionName": {"Ref": "Fn"}, "StartingPosition": "TRIM_HORIZON",
            "EventSourceArn": {"Fn::GetAtt": ["Stream", "Arn"]}, "BatchSize": 10}}}})
    kinesis.put_record(StreamName=stack.physical("Stream"), Data=b"hello", PartitionKey="k")
    wait_for(lambda: scan_count(dynamodb, stack.physical("Sink")) >= 1)
    remove(server, stack.name)


def test_sqs_queue_mapping_updates_and_disables(server: RunningServer, dynamodb: Any,
                                                lam: Any, unique_name: str) -> None:
    """An SQS mapping delivers messages; Enabled: false updates the same mapping (State
    Disabled) and its tags follow the template."""
    sqs = make_client(server, "sqs")
    url = sqs.create_queue(QueueName=f"cfc-{unique_name}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]

    def template(enabled: bool, tags: dict[str, str]) -> dict[str, Any]:
        return {"Resources": {
            "Sink": sink_table(), "Fn": sink_function(),
            "Map": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                "FunctionName": {"Ref": "Fn"}, "EventSourceArn": arn, "BatchSize": 1,
                "Enabled": enabled,
                "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}}}}

    stack = deploy(server, template(True, {"a": "1"}))
    sqs.send_message(QueueUrl=url, MessageBody="hi")
    wait_for(lambda: scan_count(dynamodb, stack.physical("Sink")) >= 1)
    uuid = stack.physical("Map")
    deploy(server, template(False, {"b": "2"}), name=stack.name, update=True)
    mapping = lam.get_event_source_mapping(UUID=uuid)
    assert mapping["State"] == "Disabled"
    assert lam.list_tags(Resource=mapping["EventSourceMappingArn"])["Tags"] == {"b": "2"}
    remove(server, stack.name)
