"""Drift detection (DetectStackDrift, DetectStackResourceDrift,
DescribeStackDriftDetectionStatus, DescribeStackResourceDrifts): resources changed out of
band through their own APIs, one deleted, one untouched and one of a type without drift
support, against a real server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/cloudlet-test"
CODE = "def handler(event, context):\n    return event\n"
TEMPLATE = {"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter",
              "Properties": {"Type": "String", "Value": "v1", "Description": "first"}},
    "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30,
                                                         "DelaySeconds": 0}},
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "Role": ROLE, "MemorySize": 128,
        "Timeout": 3, "Code": {"ZipFile": CODE},
        "Environment": {"Variables": {"MODE": "prod"}}}},
    "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "alerts"}},
    "Group": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
    "Stream": {"Type": "AWS::Logs::LogStream", "Properties": {"LogGroupName": {"Ref": "Group"}}},
}}


@pytest.fixture(scope="module")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


def _drifts(cfn: Any, name: str, **kwargs: Any) -> dict[str, dict[str, Any]]:
    found = cfn.describe_stack_resource_drifts(StackName=name, **kwargs)["StackResourceDrifts"]
    return {d["LogicalResourceId"]: d for d in found}


def _paths(drift: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {d["PropertyPath"]: (d["ExpectedValue"], d["ActualValue"], d["DifferenceType"])
            for d in drift["PropertyDifferences"]}


def test_out_of_band_changes_are_detected(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, TEMPLATE)
    make_client(server, "ssm").put_parameter(Name=stack.physical("Param"), Value="v2",
                                             Type="String", Overwrite=True)
    make_client(server, "sqs").set_queue_attributes(
        QueueUrl=stack.physical("Queue"), Attributes={"VisibilityTimeout": "45"})
    lam = make_client(server, "lambda")
    lam.update_function_configuration(FunctionName=stack.physical("Fn"), MemorySize=256,
                                      Environment={"Variables": {"MODE": "prod", "EXTRA": "1"}})
    make_client(server, "sns").delete_topic(TopicArn=stack.physical("Topic"))

    detection = cfn.detect_stack_drift(StackName=stack.name)["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert status["DetectionStatus"] == "DETECTION_COMPLETE"
    assert status["StackDriftStatus"] == "DRIFTED"
    assert status["DriftedStackResourceCount"] == 4
    assert status["StackId"] == stack.description["StackId"]

    drifts = _drifts(cfn, stack.name)
    assert {k: d["StackResourceDriftStatus"] for k, d in drifts.items()} == {
        "Param": "MODIFIED", "Queue": "MODIFIED", "Fn": "MODIFIED", "Topic": "DELETED",
        "Group": "IN_SYNC", "Stream": "NOT_CHECKED"}
    assert _paths(drifts["Param"]) == {"/Value": ("v1", "v2", "NOT_EQUAL")}
    assert _paths(drifts["Queue"]) == {"/VisibilityTimeout": ("30", "45", "NOT_EQUAL")}
    assert _paths(drifts["Fn"]) == {"/MemorySize": ("128", "256", "NOT_EQUAL"),
                                    "/Environment/Variables/EXTRA": ("null", "1", "ADD")}
    expected = json.loads(drifts["Fn"]["ExpectedProperties"])
    actual = json.loads(drifts["Fn"]["ActualProperties"])
    assert expected["MemorySize"] == 128 and actual["MemorySize"] == 256
    assert "Code" not in expected  # not read back, so not compared
    assert drifts["Group"]["PropertyDifferences"] == []
    assert json.loads(drifts["Group"]["ActualProperties"]) == {"RetentionInDays": 7}
    assert "ActualProperties" not in drifts["Topic"]

    only = _drifts(cfn, stack.name, StackResourceDriftStatusFilters=["DELETED"])
    assert set(only) == {"Topic"}
    info = cfn.describe_stacks(StackName=stack.name)["Stacks"][0]["DriftInformation"]
    assert info["StackDriftStatus"] == "DRIFTED" and "LastCheckTimestamp" in info
    resource = cfn.describe_stack_resource(StackName=stack.name, LogicalResourceId="Queue")
    assert resource["StackResourceDetail"]["DriftInformation"][
        "StackResourceDriftStatus"] == "MODIFIED"
    remove(server, stack.name)


def test_resource_drift_after_a_fix(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {"Queue": TEMPLATE["Resources"]["Queue"]}})
    sqs = make_client(server, "sqs")
    sqs.set_queue_attributes(QueueUrl=stack.physical("Queue"),
                             Attributes={"DelaySeconds": "5"})
    one = cfn.detect_stack_resource_drift(StackName=stack.name, LogicalResourceId="Queue")
    assert one["StackResourceDrift"]["StackResourceDriftStatus"] == "MODIFIED"
    assert _paths(one["StackResourceDrift"]) == {"/DelaySeconds": ("0", "5", "NOT_EQUAL")}
    sqs.set_queue_attributes(QueueUrl=stack.physical("Queue"),
                             Attributes={"DelaySeconds": "0"})
    again = cfn.detect_stack_resource_drift(StackName=stack.name, LogicalResourceId="Queue")
    assert again["StackResourceDrift"]["StackResourceDriftStatus"] == "IN_SYNC"
    assert _drifts(cfn, stack.name)["Queue"]["StackResourceDriftStatus"] == "IN_SYNC"
    with pytest.raises(ClientError) as missing:
        cfn.detect_stack_resource_drift(StackName=stack.name, LogicalResourceId="Nope")
    assert missing.value.response["Error"]["Code"] == "ValidationError"
    remove(server, stack.name)


def test_drift_free_stack_is_in_sync(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PROVISIONED",
            "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3},
            "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
            "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": True}}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "quiet"}},
        "Param": TEMPLATE["Resources"]["Param"]}})
    assert cfn.describe_stacks(StackName=stack.name)["Stacks"][0]["DriftInformation"] == {
        "StackDriftStatus": "NOT_CHECKED"}
    detection = cfn.detect_stack_drift(StackName=stack.name)["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert (status["StackDriftStatus"], status["DriftedStackResourceCount"]) == ("IN_SYNC", 0)
    drifts = _drifts(cfn, stack.name)
    assert {d["StackResourceDriftStatus"] for d in drifts.values()} == {"IN_SYNC"}
    table = json.loads(drifts["Table"]["ActualProperties"])
    assert table["ProvisionedThroughput"] == {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3}
    summary = cfn.list_stack_resources(StackName=stack.name)["StackResourceSummaries"]
    assert {s["DriftInformation"]["StackResourceDriftStatus"] for s in summary} == {"IN_SYNC"}
    remove(server, stack.name)
