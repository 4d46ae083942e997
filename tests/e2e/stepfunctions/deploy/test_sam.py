"""AWS::Serverless::StateMachine deployed through CreateStack (the engine runs SAM's
transform): its definition inline or from S3 with substitutions, its Policies, and the
events that start it: Api (API Gateway's ``states:action/StartExecution`` integration),
EventBridgeRule and Schedule."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import wait_for
from tests.e2e.stacks import deploy, remove
from tests.e2e.stepfunctions.conftest import finished
from tests.server import RunningServer

DOUBLE = """
def handler(event, context):
    return {"doubled": event["n"] * 2}
"""


def _template(bucket: str) -> dict[str, Any]:
    return {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Double": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "index.handler", "InlineCode": DOUBLE,
                "Timeout": 10}},
            "Pipeline": {"Type": "AWS::Serverless::StateMachine", "Properties": {
                "Definition": {"StartAt": "Double", "States": {"Double": {
                    "Type": "Task", "Resource": "${DoubleArn}", "End": True}}},
                "DefinitionSubstitutions": {"DoubleArn": {"Fn::GetAtt": ["Double", "Arn"]}},
                "Policies": [{"LambdaInvokePolicy": {"FunctionName": {"Ref": "Double"}}}],
                "Events": {
                    "Post": {"Type": "Api", "Properties": {"Path": "/double",
                                                           "Method": "post"}},
                    "Ordered": {"Type": "EventBridgeRule", "Properties": {
                        "Pattern": {"source": ["orders"]}, "InputPath": "$.detail"}},
                    "Nightly": {"Type": "Schedule", "Properties": {
                        "Schedule": "rate(1 day)", "Enabled": False}}}}},
            "FromS3": {"Type": "AWS::Serverless::StateMachine", "Properties": {
                "DefinitionUri": f"s3://{bucket}/machine.asl.json",
                "DefinitionSubstitutions": {"Where": "s3"},
                "Type": "EXPRESS",
                "Role": "arn:aws:iam::000000000000:role/sfn-role"}}},
        "Outputs": {"Pipeline": {"Value": {"Ref": "Pipeline"}},
                    "PipelineName": {"Value": {"Fn::GetAtt": ["Pipeline", "Name"]}}},
    }


def test_sam_state_machine_and_its_events(server: RunningServer, unique_name: str) -> None:
    s3 = make_client(server, "s3")
    s3.create_bucket(Bucket=unique_name)
    s3.put_object(Bucket=unique_name, Key="machine.asl.json", Body=json.dumps(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"from": "${Where}"},
                                          "End": True}}}).encode())
    stack = deploy(server, _template(unique_name))
    sfn = make_client(server, "stepfunctions", inject_host_prefix=False)
    arn = stack.outputs["Pipeline"]
    assert arn == stack.physical("Pipeline")
    assert arn.endswith(f":stateMachine:{stack.outputs['PipelineName']}")

    # Api: POST the input, API Gateway starts the execution with it.
    api = stack.physical("ServerlessRestApi")
    request = urllib.request.Request(
        f"{server.url}/restapis/{api}/Prod/_user_request_/double",
        data=json.dumps({"n": 21}).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310
        status, started = resp.status, json.loads(resp.read())
    assert status == 200, started
    assert started["executionArn"].startswith(arn.replace(":stateMachine:", ":execution:"))
    out = finished(sfn, started["executionArn"])
    assert (out["status"], out["output"]) == ("SUCCEEDED", {"doubled": 42}), out

    # EventBridgeRule: a matching event starts an execution with its detail.
    make_client(server, "events").put_events(Entries=[
        {"Source": "orders", "DetailType": "placed", "Detail": json.dumps({"n": 5})}])

    def by_rule() -> list[dict[str, Any]]:
        done = [finished(sfn, e["executionArn"]) for e in
                sfn.list_executions(stateMachineArn=arn)["executions"]
                if e["executionArn"] != started["executionArn"]]
        return [d for d in done if d.get("output") == {"doubled": 10}]

    assert wait_for(by_rule, what="an execution started by the EventBridge rule")

    # Schedule: a disabled rule targeting the machine with SAM's role.
    rule = make_client(server, "events").describe_rule(Name=stack.physical("PipelineNightly"))
    assert (rule["State"], rule["ScheduleExpression"]) == ("DISABLED", "rate(1 day)")
    targets = make_client(server, "events").list_targets_by_rule(Rule=rule["Name"])["Targets"]
    assert [t["Arn"] for t in targets] == [arn]

    # DefinitionUri: the definition read from S3, with its substitutions.
    quick = sfn.start_sync_execution(stateMachineArn=stack.physical("FromS3"), input="{}")
    assert json.loads(quick["output"]) == {"from": "s3"}
    remove(server, stack.name)
