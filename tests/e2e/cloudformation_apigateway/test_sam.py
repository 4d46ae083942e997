"""SAM's API events land on these providers: ``AWS::Serverless::Function`` with an
``Api`` event (implicit ServerlessRestApi: RestApi from a Body, Deployment, Stage
``Prod``) and an ``HttpApi`` event (implicit ServerlessHttpApi, ``$default`` stage)."""

from __future__ import annotations

from typing import Any

from tests.e2e.cloudformation_apigateway.conftest import PROXY_SOURCE, ROLE, answer, call
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

SAM = {
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {"Hello": {"Type": "AWS::Serverless::Function", "Properties": {
        "InlineCode": PROXY_SOURCE, "Handler": "index.handler", "Runtime": "python3.12",
        "Role": ROLE,
        "Events": {
            "Rest": {"Type": "Api", "Properties": {"Path": "/hello/{name}", "Method": "get"}},
            "Http": {"Type": "HttpApi", "Properties": {"Path": "/hi", "Method": "GET"}}}}}},
    "Outputs": {
        "RestUrl": {"Value": {"Fn::Sub": "https://${ServerlessRestApi}.execute-api."
                                         "${AWS::Region}.${AWS::URLSuffix}/Prod/"}},
        "HttpId": {"Value": {"Ref": "ServerlessHttpApi"}}},
}


def test_sam_api_and_http_api_events(server: RunningServer, apigw: Any) -> None:
    stack = deploy(server, SAM)
    rest_id = stack.physical("ServerlessRestApi")
    assert stack.outputs["RestUrl"] == (
        f"https://{rest_id}.execute-api.us-east-1.amazonaws.com/Prod/")
    got = answer(call(server, rest_id, "/Prod/hello/sam", expect=200, timeout=30))
    assert got["params"] == {"name": "sam"}
    assert {s["stageName"] for s in apigw.get_stages(restApiId=rest_id)["item"]} >= {"Prod"}
    http_id = stack.outputs["HttpId"]
    assert answer(call(server, http_id, "/hi", expect=200))["version"] == "2.0"
    remove(server, stack.name)
