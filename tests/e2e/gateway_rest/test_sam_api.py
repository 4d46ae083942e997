"""REST APIs as AWS SAM builds them: the swagger ``Body`` that aws-sam-translator writes for
``AWS::ApiGateway::RestApi``, imported with ImportRestApi, deployed and called over HTTP.
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html

``Fn::Sub``/``Fn::GetAtt``/``Ref`` placeholders are replaced with real ARNs, as CloudFormation
would, before the import.
"""

from __future__ import annotations

import base64
import contextlib
import re
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import orjson
import pytest
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.gateway_rest.conftest import call
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

AUTHORIZER = """
    def handler(event, context):
        token = event.get("authorizationToken")
        effect = "Allow" if token == "allow" else "Deny"
        if token not in ("allow", "deny"):
            raise Exception("Unauthorized")
        return {"principalId": "user", "policyDocument": {"Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": effect,
                               "Resource": event["methodArn"]}]}}
"""

HELLO = """
    import base64, json

    def handler(event, context):
        if event["resource"] == "/image":
            return {"statusCode": 200, "headers": {"Content-Type": "image/png"},
                    "body": base64.b64encode(b"\\x89PNG-bytes").decode(),
                    "isBase64Encoded": True}
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"name": event["pathParameters"]["name"],
                                    "encoded": event["isBase64Encoded"],
                                    "body": event["body"]})}
"""


class _NoPolicies:
    def load(self) -> dict[str, str]:
        return {}


def translate(api_properties: dict[str, Any] | None,
              events: dict[str, Any]) -> dict[str, Any]:
    """The CloudFormation resources SAM makes of one Api and one function with ``events``;
    no Api for ``api_properties`` None (the implicit ``ServerlessRestApi``)."""
    template: dict[str, Any] = {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Api": {"Type": "AWS::Serverless::Api",
                    "Properties": {"StageName": "prod", **(api_properties or {})}},
            "AuthFn": {"Type": "AWS::Serverless::Function",
                       "Properties": {"Runtime": "python3.12", "Handler": "app.handler",
                                      "InlineCode": "x"}},
            "Fn": {"Type": "AWS::Serverless::Function",
                   "Properties": {"Runtime": "python3.12", "Handler": "app.handler",
                                  "InlineCode": "x", "Events": events}},
        },
    }
    if api_properties is None:
        del template["Resources"]["Api"]
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="test",
                            aws_secret_access_key="test")
    out: dict[str, Any] = Translator(_NoPolicies(), Parser(), boto_session=session).translate(
        template, {})
    return out


def resolve(value: Any, arns: dict[str, str]) -> Any:
    """``value`` with CloudFormation's intrinsics replaced (functions by logical id)."""
    if isinstance(value, list):
        return [resolve(v, arns) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Fn::GetAtt"}:
        return arns[value["Fn::GetAtt"][0]]
    if set(value) == {"Ref"}:
        return "sam-" + uuid.uuid4().hex[:6] if value["Ref"] == "AWS::StackName" else value["Ref"]
    if set(value) == {"Fn::Sub"}:
        text, names = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) \
            else (value["Fn::Sub"][0], resolve(value["Fn::Sub"][1], arns))

        def sub(found: re.Match[str]) -> str:
            name = found[1]
            if name == "AWS::Region":
                return "us-east-1"
            if name in names:
                return str(names[name])
            return arns[name.split(".")[0]]

        return re.sub(r"\$\{([^}]+)\}", sub, text)
    return {k: resolve(v, arns) for k, v in value.items()}


@pytest.fixture(scope="module")
def functions(server: RunningServer) -> Iterator[dict[str, str]]:
    client = make_client(server, "lambda")
    arns: dict[str, str] = {}
    for logical, code in (("AuthFn", AUTHORIZER), ("Fn", HELLO)):
        name = "sam" + uuid.uuid4().hex[:8]
        out = client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                     Handler="app.handler", Code={"ZipFile": python_zip(code)})
        function_ready(client, name)
        client.add_permission(FunctionName=name, StatementId="apigw",
                              Action="lambda:InvokeFunction",
                              Principal="apigateway.amazonaws.com")
        arns[logical] = out["FunctionArn"]
    yield arns
    for arn in arns.values():
        with contextlib.suppress(Exception):
            client.delete_function(FunctionName=arn)


@pytest.fixture
def sam_api(apigw: Any, functions: dict[str, str]) -> Iterator[Any]:
    """``sam_api(api_properties, events)``: the API SAM makes, imported and deployed to prod."""
    made: list[str] = []

    def make(api_properties: dict[str, Any] | None, events: dict[str, Any]) -> str:
        resources = translate(api_properties, events)["Resources"]
        body = next(r["Properties"]["Body"] for r in resources.values()
                    if r["Type"] == "AWS::ApiGateway::RestApi")
        api_id = str(apigw.import_rest_api(body=orjson.dumps(resolve(body, functions)))["id"])
        made.append(api_id)
        apigw.create_deployment(restApiId=api_id, stageName="prod")
        return api_id

    yield make
    for api_id in made:
        with contextlib.suppress(Exception):
            apigw.delete_rest_api(restApiId=api_id)


def hello(path: str = "/hello/{name}", method: str = "get") -> dict[str, Any]:
    return {"Hello": {"Type": "Api", "Properties": {"Path": path, "Method": method,
                                                    "RestApiId": {"Ref": "Api"}}}}


def test_implicit_api_event_reaches_the_function_with_its_path_parameter(
        server: RunningServer, sam_api: Any) -> None:
    api_id = sam_api(None, {"Hello": {"Type": "Api", "Properties": {
        "Path": "/hello/{name}", "Method": "get"}}})
    reply = call(server, api_id, "prod", "/hello/world")
    assert reply.status == 200
    assert reply.json()["name"] == "world"
    assert call(server, api_id, "prod", "/hello/world", "POST").status == 403


def test_cors_preflight_answers_with_the_allow_headers(server: RunningServer,
                                                       sam_api: Any) -> None:
    api_id = sam_api({"Cors": "'*'"}, hello())
    reply = call(server, api_id, "prod", "/hello/world", "OPTIONS",
                 headers=[("Origin", "https://example.com"),
                          ("Access-Control-Request-Method", "GET")])
    assert reply.status == 200
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert reply.header("Access-Control-Allow-Methods") == "GET,OPTIONS"
    assert reply.header("Content-Type") == "application/json"
    assert reply.body == b"{}\n"


AUTH = {"DefaultAuthorizer": "Tok", "ApiKeyRequired": True,
        "AddDefaultAuthorizerToCorsPreflight": False,
        "Authorizers": {"Tok": {"FunctionArn": {"Fn::GetAtt": ["AuthFn", "Arn"]}}}}


@pytest.fixture
def protected(server: RunningServer, apigw: Any, sam_api: Any) -> Iterator[tuple[str, str]]:
    """An API with a TOKEN authorizer and ApiKeyRequired, and a key in a usage plan."""
    api_id = sam_api({"Auth": AUTH}, hello())
    key = apigw.create_api_key(name="k" + uuid.uuid4().hex[:6], enabled=True)
    plan = apigw.create_usage_plan(name="p" + uuid.uuid4().hex[:6],
                                   apiStages=[{"apiId": api_id, "stage": "prod"}])
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    yield api_id, str(key["value"])
    with contextlib.suppress(Exception):
        apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
        apigw.delete_usage_plan(usagePlanId=plan["id"])
        apigw.delete_api_key(apiKey=key["id"])


def test_token_authorizer_and_api_key_let_a_valid_caller_through(
        server: RunningServer, protected: tuple[str, str]) -> None:
    api_id, key = protected
    reply = call(server, api_id, "prod", "/hello/you",
                 headers=[("Authorization", "allow"), ("x-api-key", key)])
    assert reply.status == 200
    assert reply.json()["name"] == "you"


def test_missing_api_key_is_forbidden(server: RunningServer,
                                      protected: tuple[str, str]) -> None:
    api_id, _ = protected
    reply = call(server, api_id, "prod", "/hello/you", headers=[("Authorization", "allow")])
    assert reply.status == 403
    assert reply.json() == {"message": "Forbidden"}


def test_missing_token_is_unauthorized(server: RunningServer,
                                       protected: tuple[str, str]) -> None:
    api_id, key = protected
    reply = call(server, api_id, "prod", "/hello/you", headers=[("x-api-key", key)])
    assert reply.status == 401
    assert reply.json() == {"message": "Unauthorized"}


def test_denying_token_is_access_denied(server: RunningServer,
                                        protected: tuple[str, str]) -> None:
    api_id, key = protected
    reply = call(server, api_id, "prod", "/hello/you",
                 headers=[("Authorization", "deny"), ("x-api-key", key)])
    assert reply.status == 403
    assert reply.json() == {
        "message": "User is not authorized to access this resource with an explicit deny"}


def test_binary_media_types_pass_bytes_both_ways(server: RunningServer, sam_api: Any) -> None:
    api_id = sam_api({"BinaryMediaTypes": ["image~1png"]},
                     {**hello(), "Image": {"Type": "Api", "Properties": {
                         "Path": "/image", "Method": "get", "RestApiId": {"Ref": "Api"}}}})
    upload = call(server, api_id, "prod", "/hello/pic", "GET",
                  headers=[("Content-Type", "image/png")], body=b"\x89PNG\x00")
    assert upload.status == 200
    assert upload.json()["encoded"] is True
    assert base64.b64decode(upload.json()["body"]) == b"\x89PNG\x00"
    image = call(server, api_id, "prod", "/image", headers=[("Accept", "image/png")])
    assert image.status == 200
    assert image.body == b"\x89PNG-bytes"
    text = call(server, api_id, "prod", "/image", headers=[("Accept", "application/json")])
    assert text.body == b"\x89PNG-bytes"  # the response's Content-Type is binary too


def test_any_method_on_a_greedy_path_serves_every_verb(server: RunningServer,
                                                       sam_api: Any) -> None:
    """``Method: any`` becomes ``x-amazon-apigateway-any-method``."""
    api_id = sam_api({}, {**hello(), **{"Proxy": {"Type": "Api", "Properties": {
        "Path": "/hello/{name}/{proxy+}", "Method": "any", "RestApiId": {"Ref": "Api"}}}}})
    for verb in ("GET", "PUT", "PATCH", "DELETE"):
        reply = call(server, api_id, "prod", "/hello/ann/x/y", verb, body=b"data")
        assert reply.status == 200, verb
        assert reply.json() == {"name": "ann", "encoded": False, "body": "data"}


def test_gateway_responses_customise_the_default_4xx(server: RunningServer,
                                                     sam_api: Any) -> None:
    """``GatewayResponses`` becomes ``x-amazon-apigateway-gateway-responses``."""
    api_id = sam_api({"GatewayResponses": {"DEFAULT_4XX": {
        "StatusCode": "404",
        "ResponseParameters": {"Headers": {"Access-Control-Allow-Origin": "'*'"}},
        "ResponseTemplates": {"application/json": '{"error": $context.error.messageString}'}}}},
        hello())
    reply = call(server, api_id, "prod", "/nowhere")
    assert reply.status == 404
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert reply.json() == {"error": "Missing Authentication Token"}
