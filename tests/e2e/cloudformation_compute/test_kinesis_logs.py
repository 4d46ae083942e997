"""AWS::Kinesis::Stream, ::StreamConsumer, AWS::Logs::LogGroup and ::LogStream through a
stack.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-stream.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer


def _stream(**props: Any) -> dict[str, Any]:
    return {"Resources": {
        "S": {"Type": "AWS::Kinesis::Stream", "Properties": props},
        "C": {"Type": "AWS::Kinesis::StreamConsumer", "Properties": {
            "ConsumerName": "reader", "StreamARN": {"Fn::GetAtt": ["S", "Arn"]}}}},
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["S", "Arn"]}},
                    "Consumer": {"Value": {"Ref": "C"}}}}


def test_stream_updates_in_place_and_is_deleted(server: RunningServer, kinesis: Any) -> None:
    """The stream is ACTIVE when the stack is; shard count, retention and tags update the
    same stream; a consumer's Ref is its ARN; delete removes both."""
    stack = deploy(server, _stream(ShardCount=1, Tags=[{"Key": "a", "Value": "1"}]))
    name = stack.physical("S")
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert (summary["StreamStatus"], summary["OpenShardCount"]) == ("ACTIVE", 1)
    assert stack.outputs["Arn"] == summary["StreamARN"]
    consumer = kinesis.describe_stream_consumer(ConsumerARN=stack.outputs["Consumer"])
    assert consumer["ConsumerDescription"]["ConsumerStatus"] == "ACTIVE"
    updated = deploy(server, _stream(ShardCount=2, RetentionPeriodHours=48,
                                     Tags=[{"Key": "b", "Value": "2"}]),
                     name=stack.name, update=True)
    assert updated.physical("S") == name
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert (summary["OpenShardCount"], summary["RetentionPeriodHours"]) == (2, 48)
    tags = kinesis.list_tags_for_stream(StreamName=name)["Tags"]
    assert tags == [{"Key": "b", "Value": "2"}]
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream_summary(StreamName=name)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_log_group_retention_arn_and_stream(server: RunningServer, logs: Any) -> None:
    """Ref is the group's name, Arn ends in ':*'; RetentionInDays updates in place; a
    LogStream is created in the group."""
    def template(days: int) -> dict[str, Any]:
        return {"Resources": {
            "G": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": days}},
            "S": {"Type": "AWS::Logs::LogStream", "Properties": {
                "LogGroupName": {"Ref": "G"}, "LogStreamName": "main"}}},
            "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["G", "Arn"]}}}}

    stack = deploy(server, template(7))
    group = stack.physical("G")
    assert stack.outputs["Arn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:*"
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0][
        "retentionInDays"] == 7
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["main"]
    deploy(server, template(30), name=stack.name, update=True)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0][
        "retentionInDays"] == 30
    remove(server, stack.name)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"] == []
