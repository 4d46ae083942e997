"""Stack CRUD through boto3: create, describe, list, events, delete; outputs and
conditions; ids and describability after delete."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, failure_reasons, remove, wait_settled
from tests.server import RunningServer

TOPIC = {"Type": "AWS::SNS::Topic"}


@pytest.fixture(scope="module")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


def test_create_describe_delete(server: RunningServer, cfn: Any) -> None:
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {"Topic": TOPIC,
                      "Extra": {**TOPIC, "Condition": "IsProd"}},
        "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}},
                    "Name": {"Value": {"Fn::GetAtt": ["Topic", "TopicName"]}},
                    "Env": {"Value": {"Fn::Sub": "${Env}-${AWS::Region}"}}},
    }
    stack = deploy(server, template)
    assert stack.description["StackId"].startswith(
        f"arn:aws:cloudformation:us-east-1:000000000000:stack/{stack.name}/")
    assert set(stack.resources) == {"Topic"}
    arn = stack.physical("Topic")
    assert stack.outputs["TopicArn"] == arn
    assert arn.endswith(":" + stack.outputs["Name"])
    assert stack.outputs["Env"] == "dev-us-east-1"
    assert stack.description["Parameters"] == [{"ParameterKey": "Env", "ParameterValue": "dev"}]
    sns = make_client(server, "sns")
    sns.get_topic_attributes(TopicArn=arn)
    listed = cfn.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]
    assert stack.name in [s["StackName"] for s in listed]

    stack_id = stack.description["StackId"]
    remove(server, stack.name)
    with pytest.raises(ClientError) as missing:
        sns.get_topic_attributes(TopicArn=arn)
    assert missing.value.response["Error"]["Code"] == "NotFound"
    with pytest.raises(ClientError) as gone:
        cfn.describe_stacks(StackName=stack.name)
    assert gone.value.response["Error"]["Message"] == f"Stack with id {stack.name} does not exist"
    by_id = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
    assert by_id["StackStatus"] == "DELETE_COMPLETE"
    assert "DeletionTime" in by_id


def test_events_in_order(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {"A": TOPIC, "B": {**TOPIC, "DependsOn": "A"}}},
                   ClientRequestToken="tok-1")
    events = cfn.describe_stack_events(StackName=stack.name)["StackEvents"]
    seen = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events)]
    assert seen == [(stack.name, "CREATE_IN_PROGRESS"), ("A", "CREATE_IN_PROGRESS"),
                    ("A", "CREATE_COMPLETE"), ("B", "CREATE_IN_PROGRESS"),
                    ("B", "CREATE_COMPLETE"), (stack.name, "CREATE_COMPLETE")]
    assert events[-1]["ResourceStatusReason"] == "User Initiated"
    assert events[-1]["ResourceType"] == "AWS::CloudFormation::Stack"
    assert all(e["ClientRequestToken"] == "tok-1" for e in events)
    resource = cfn.describe_stack_resource(StackName=stack.name, LogicalResourceId="B")
    assert resource["StackResourceDetail"]["ResourceStatus"] == "CREATE_COMPLETE"
    described = cfn.describe_stack_resources(PhysicalResourceId=stack.physical("A"))
    assert [r["LogicalResourceId"] for r in described["StackResources"]] == ["A"]
    remove(server, stack.name)
    events = cfn.describe_stack_events(StackName=stack.description["StackId"])["StackEvents"]
    order = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events)]
    assert order.index(("B", "DELETE_COMPLETE")) < order.index(("A", "DELETE_IN_PROGRESS"))


def test_already_exists_and_missing(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {"T": TOPIC}})
    with pytest.raises(ClientError) as again:
        cfn.create_stack(StackName=stack.name, TemplateBody='{"Resources": {"T": '
                         '{"Type": "AWS::SNS::Topic"}}}')
    assert again.value.response["Error"]["Code"] == "AlreadyExistsException"
    assert again.value.response["Error"]["Message"] == f"Stack [{stack.name}] already exists"
    with pytest.raises(ClientError) as missing:
        cfn.describe_stacks(StackName="no-such-stack")
    assert missing.value.response["Error"]["Code"] == "ValidationError"
    cfn.delete_stack(StackName="no-such-stack")  # deleting nothing succeeds, as on AWS
    remove(server, stack.name)


def test_unknown_and_unsupported_types_fail_before_create(server: RunningServer,
                                                          cfn: Any) -> None:
    with pytest.raises(ClientError) as unknown:
        cfn.create_stack(StackName="bad-types", TemplateBody='{"Resources": {"X": '
                         '{"Type": "AWS::Foo::Bar"}, "T": {"Type": "AWS::SNS::Topic"}}}')
    assert unknown.value.response["Error"]["Message"] == \
        "Template format error: Unrecognized resource types: [AWS::Foo::Bar]"
    with pytest.raises(ClientError) as unsupported:
        cfn.create_stack(StackName="bad-types", TemplateBody='{"Resources": {"X": '
                         '{"Type": "AWS::EC2::VPC"}, "Y": {"Type": "AWS::RDS::DBInstance"}}}')
    assert unsupported.value.response["Error"]["Message"] == \
        "not supported by cloudlet: AWS::EC2::VPC, AWS::RDS::DBInstance"
    with pytest.raises(ClientError):
        cfn.describe_stacks(StackName="bad-types")


def test_unsupported_property_fails_the_resource(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"T": {"Type": "AWS::SNS::Topic",
                                                "Properties": {"Bogus": 1}}}},
                   expect="ROLLBACK_COMPLETE")
    assert "T: Encountered unsupported property Bogus" in failure_reasons(server, stack.name)


def test_describe_stacks_lists_live_ones(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {"T": TOPIC}})
    names = [s["StackName"] for s in cfn.describe_stacks()["Stacks"]]
    assert stack.name in names
    remove(server, stack.name)
    names = [s["StackName"] for s in cfn.describe_stacks()["Stacks"]]
    assert stack.name not in names
    assert wait_settled(server, stack.description["StackId"]).status == "DELETE_COMPLETE"


def test_events_published_to_notification_arns(server: RunningServer,
                                               unique_name: str) -> None:
    sns, sqs = make_client(server, "sns"), make_client(server, "sqs")
    topic = sns.create_topic(Name=unique_name)["TopicArn"]
    url = sqs.create_queue(QueueName=unique_name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                  Attributes={"RawMessageDelivery": "true"})
    stack = deploy(server, {"Resources": {"T": TOPIC}}, NotificationARNs=[topic])
    assert stack.description["NotificationARNs"] == [topic]
    bodies: list[str] = []
    for _ in range(20):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        bodies += [m["Body"] for m in got.get("Messages", [])]
        if any(f"LogicalResourceId='{stack.name}'\n" in b and
               "ResourceStatus='CREATE_COMPLETE'" in b for b in bodies):
            break
    else:
        raise AssertionError(bodies)
    assert any("LogicalResourceId='T'\n" in b for b in bodies)
    assert all(b.startswith(f"StackId='{stack.description['StackId']}'\n") for b in bodies)
    remove(server, stack.name)
