"""Custom resources backed by a Lambda function or an SNS topic, answering through the
response URL cloudlet serves (the cfn-response protocol).
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.conftest import make_client
from tests.e2e.cloudformation_custom.conftest import ROLE, received
from tests.e2e.stacks import deploy, failure_reasons, remove, wait_settled
from tests.server import RunningServer

# The handler reports each event to the inbox queue, then answers as cfn-response does:
# a PUT of the JSON response with an empty content type.
HANDLER = """
import json, os, urllib.request
import boto3

def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["INBOX"], MessageBody=json.dumps(event))
    props = event["ResourceProperties"]
    if props.get("Silent") == "true":
        return
    body = json.dumps({
        "Status": "SUCCESS", "Reason": "ok",
        "PhysicalResourceId": "greeter-" + props.get("Name", "x"),
        "StackId": event["StackId"], "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"], "NoEcho": False,
        "Data": {"Greeting": "hello " + props.get("Name", ""), "Count": props.get("Count")},
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"content-type": "", "content-length": str(len(body))})
    urllib.request.urlopen(request, timeout=10).read()
"""


# The same through the cfnresponse module CloudFormation puts beside inline (ZipFile) code.
FAILING_HANDLER = """
import cfnresponse

def handler(event, context):
    if event["RequestType"] == "Delete":
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {})
    else:
        reason = "boom: " + event["ResourceProperties"]["Name"]
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, reason=reason)
"""


def respond(url: str, body: bytes) -> None:
    """PUT a response as the cfn-response module does."""
    request = urllib.request.Request(url, data=body, method="PUT", headers={"content-type": ""})
    urllib.request.urlopen(request, timeout=10).read()


def template(inbox: str, code: str = HANDLER, **props: Any) -> dict[str, Any]:
    return {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "index.handler", "Role": ROLE,
                "Timeout": 30, "Code": {"ZipFile": code},
                "Environment": {"Variables": {"INBOX": inbox}}}},
            "Greeter": {"Type": "Custom::Greeter", "Properties": {
                "ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}, **props}},
        },
        "Outputs": {"Greeting": {"Value": {"Fn::GetAtt": ["Greeter", "Greeting"]}},
                    "Physical": {"Value": {"Ref": "Greeter"}}},
    }


def test_lambda_custom_resource_lifecycle(server: RunningServer, sqs: Any, inbox: str) -> None:
    """Create, Update (with a new physical id, so the old one gets a Delete) and Delete
    requests reach the function with every field CloudFormation sends; Data becomes the
    resource's attributes; scalars arrive as strings."""
    stack = deploy(server, template(inbox, Name="ann", Count=3, Tags=["a", True]))
    assert stack.outputs == {"Greeting": "hello ann", "Physical": "greeter-ann"}
    assert stack.physical("Greeter") == "greeter-ann"
    [create] = received(sqs, inbox, 1)
    assert create["RequestType"] == "Create"
    assert create["ResourceType"] == "Custom::Greeter"
    assert create["LogicalResourceId"] == "Greeter"
    assert create["StackId"] == stack.description["StackId"]
    assert create["ServiceToken"].startswith("arn:aws:lambda:us-east-1:")
    assert create["ResponseURL"].startswith(server.url + "/_cloudlet/cloudformation/")
    assert create["ResourceProperties"] == {"ServiceToken": create["ServiceToken"],
                                            "Name": "ann", "Count": "3", "Tags": ["a", "true"]}
    assert "PhysicalResourceId" not in create and "OldResourceProperties" not in create

    stack = deploy(server, template(inbox, Name="bob", Count=3, Tags=["a", True]),
                   name=stack.name, update=True)
    assert stack.outputs["Greeting"] == "hello bob"
    update, old_delete = received(sqs, inbox, 2)
    assert update["RequestType"] == "Update"
    assert update["PhysicalResourceId"] == "greeter-ann"
    assert update["OldResourceProperties"]["Name"] == "ann"
    assert update["ResourceProperties"]["Name"] == "bob"
    assert (old_delete["RequestType"], old_delete["PhysicalResourceId"]) == (
        "Delete", "greeter-ann")

    remove(server, stack.name)
    [delete] = received(sqs, inbox, 1)
    assert (delete["RequestType"], delete["PhysicalResourceId"]) == ("Delete", "greeter-bob")
    assert delete["ResourceProperties"]["Name"] == "bob"


def test_failed_response_fails_the_resource_with_its_reason(
        server: RunningServer, inbox: str) -> None:
    """A FAILED response (sent with the cfnresponse module) fails the resource; the stack
    rolls back, and the event says "Received response status [FAILED] from custom
    resource. Message returned: ..."."""
    stack = deploy(server, template(inbox, FAILING_HANDLER, Name="eve"),
                   expect="ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any(r.startswith("Greeter: Received response status [FAILED] from custom resource. "
                            "Message returned: boom: eve (RequestId: ") for r in reasons), reasons


def test_no_response_within_service_timeout(server: RunningServer, inbox: str) -> None:
    """A function that never answers fails the resource after ServiceTimeout seconds."""
    stack = deploy(server, template(inbox, Name="zed", Silent=True, ServiceTimeout=2),
                   expect="ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any("did not receive a response from your Custom Resource" in r
               for r in reasons), reasons


def test_sns_backed_custom_resource(server: RunningServer, sqs: Any, inbox: str) -> None:
    """With an SNS topic as ServiceToken the request is published to the topic; whoever
    reads it answers on the ResponseURL (here the test itself, subscribed by SQS)."""
    queue_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sns_client = make_client(server, "sns")
    topic = sns_client.create_topic(Name=f"cr-{inbox.rsplit('/', 1)[1]}")["TopicArn"]
    sns_client.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                         Attributes={"RawMessageDelivery": "true"})
    body = {"Resources": {"Thing": {"Type": "AWS::CloudFormation::CustomResource",
                                    "Properties": {"ServiceToken": topic, "Size": 2}}},
            "Outputs": {"Answer": {"Value": {"Fn::GetAtt": ["Thing", "Answer"]}}}}
    cfn = make_client(server, "cloudformation")
    name = f"sns-cr-{inbox.rsplit('/', 1)[1]}"
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(body))
    [request] = received(sqs, inbox, 1)
    assert request["RequestType"] == "Create"
    assert request["ResourceType"] == "AWS::CloudFormation::CustomResource"
    answer = json.dumps({"Status": "SUCCESS", "PhysicalResourceId": "thing-1",
                         "StackId": request["StackId"], "RequestId": request["RequestId"],
                         "LogicalResourceId": "Thing", "Data": {"Answer": "42"}}).encode()
    respond(request["ResponseURL"], answer)
    stack = wait_settled(server, name)
    assert stack.status == "CREATE_COMPLETE", failure_reasons(server, name)
    assert stack.outputs == {"Answer": "42"}
    assert stack.physical("Thing") == "thing-1"
    cfn.delete_stack(StackName=name)
    [delete] = received(sqs, inbox, 1)
    assert delete["RequestType"] == "Delete"
    done = json.dumps({"Status": "SUCCESS", "PhysicalResourceId": "thing-1",
                       "StackId": delete["StackId"], "RequestId": delete["RequestId"],
                       "LogicalResourceId": "Thing"}).encode()
    respond(delete["ResponseURL"], done)
    assert wait_settled(server, stack.description["StackId"]).status == "DELETE_COMPLETE"


NODE_HANDLER = """
const response = require("cfn-response");
exports.handler = async (event, context) => {
  const name = event.ResourceProperties.Name;
  await response.send(event, context, response.SUCCESS, {Greeting: "hi " + name}, "node-" + name);
};
"""


def test_nodejs_function_answers_with_cfn_response(server: RunningServer, inbox: str) -> None:
    """A Node.js function answering with the cfn-response module (inline code)."""
    body = template(inbox, NODE_HANDLER, Name="nod")
    body["Resources"]["Fn"]["Properties"]["Runtime"] = "nodejs20.x"
    stack = deploy(server, body)
    assert stack.outputs == {"Greeting": "hi nod", "Physical": "node-nod"}
    remove(server, stack.name)
