"""SAM templates deployed with CreateStack (the engine runs the transform), then used."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove, template_body
from tests.server import RunningServer

PYTHON = """
import json
def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps({"path": event.get("rawPath") or event["path"],
                                "stage": event["requestContext"]["stage"]})}
"""


def _template(events: dict[str, Any]) -> dict[str, Any]:
    return {
        "Transform": "AWS::Serverless-2016-10-31",
        "Globals": {"Function": {"Timeout": 10}},
        "Resources": {"Hello": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "InlineCode": PYTHON,
            "Events": events}}},
        "Outputs": {"Fn": {"Value": {"Ref": "Hello"}}},
    }


def _get(server: RunningServer, path: str) -> tuple[int, Any]:
    with urllib.request.urlopen(f"{server.url}{path}", timeout=30) as resp:  # noqa: S310
        return resp.status, json.loads(resp.read())


def test_sam_function_with_rest_api_answers_http(server: RunningServer) -> None:
    stack = deploy(server, _template({"Get": {"Type": "Api", "Properties": {
        "Path": "/hello", "Method": "get"}}}))
    api = stack.physical("ServerlessRestApi")
    status, body = _get(server, f"/restapis/{api}/Prod/_user_request_/hello")
    assert (status, body) == (200, {"path": "/hello", "stage": "Prod"})
    role = stack.physical("HelloRole")
    attached = make_client(server, "iam").list_attached_role_policies(RoleName=role)
    assert [p["PolicyName"] for p in attached["AttachedPolicies"]] == \
        ["AWSLambdaBasicExecutionRole"]
    remove(server, stack.name)


def test_sam_function_with_http_api(server: RunningServer) -> None:
    stack = deploy(server, _template({"Any": {"Type": "HttpApi"}}))
    api = stack.physical("ServerlessHttpApi")
    status, body = _get(server, f"/restapis/{api}/$default/_user_request_/anything")
    assert status == 200 and body["path"] == "/anything"
    remove(server, stack.name)


def test_invalid_sam_template_is_refused_by_create_stack(server: RunningServer) -> None:
    cfn = make_client(server, "cloudformation")
    bad = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"F": {
        "Type": "AWS::Serverless::Function", "Properties": {"Runtime": "python3.12",
                                                             "InlineCode": "x"}}}}
    with pytest.raises(ClientError) as info:
        cfn.create_stack(StackName="sam-bad", TemplateBody=template_body(bad),
                         Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"])
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationError"
    assert "Transform AWS::Serverless-2016-10-31 failed with:" in error["Message"]
    assert "[F]" in error["Message"]
