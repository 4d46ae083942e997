"""SAM's ``HttpApi`` events as AWS runs them: the template is translated by aws-sam-translator
(the code CloudFormation's ``AWS::Serverless-2016-10-31`` transform runs), the
``AWS::ApiGatewayV2::Api`` Body it produces is imported with ImportApi (placeholders resolved
to the real function ARNs, as CloudFormation resolves them), its ``$default`` Stage created as
the template says, and the API is called over HTTP.

https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-httpapi.html
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-httpapi.html

Needs ``aws-sam-translator`` (a dev dependency).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from samtranslator.translator.transform import transform

from tests.e2e.gateway_http.conftest import Call
from tests.e2e.gateway_http.test_authorizers import AUDIENCE, issuer, token

__all__ = ["issuer"]  # the JWKS issuer fixture, shared with the authorizer tests

REGION, ACCOUNT = "us-east-1", "000000000000"

SIMPLE_AUTHORIZER = """
    def handler(event, context):
        who = (event.get("headers") or {}).get("authorization", "")
        return {"isAuthorized": who == "let-me-in", "context": {"via": "sam"}}
"""


def template(jwt_issuer: str) -> dict[str, Any]:
    """An implicit HttpApi (``ServerlessHttpApi``) and an explicit one with CORS, a Lambda
    REQUEST authorizer with simple responses, a JWT authorizer and a 1.0 payload route."""
    def event(path: str, method: str, **more: Any) -> dict[str, Any]:
        return {"Type": "HttpApi", "Properties": {"Path": path, "Method": method, **more}}

    explicit = {"ApiId": {"Ref": "MyApi"}}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "app.handler", "CodeUri": "s3://b/k",
                "Events": {
                    "Hello": event("/hello/{name}", "get"),
                    "Old": event("/v1", "post", PayloadFormatVersion="1.0", **explicit),
                    "Locked": event("/locked", "get", Auth={"Authorizer": "LambdaAuth"},
                                    **explicit),
                    "Jwt": event("/jwt", "get", Auth={"Authorizer": "JwtAuth"}, **explicit),
                }}},
            "AuthFn": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "app.handler", "CodeUri": "s3://b/k"}},
            "MyApi": {"Type": "AWS::Serverless::HttpApi", "Properties": {
                "CorsConfiguration": {"AllowOrigins": ["https://app.example"],
                                      "AllowMethods": ["GET", "POST"],
                                      "AllowHeaders": ["content-type"], "MaxAge": 60},
                "Auth": {"Authorizers": {
                    "LambdaAuth": {"FunctionArn": {"Fn::GetAtt": ["AuthFn", "Arn"]},
                                   "AuthorizerPayloadFormatVersion": "2.0",
                                   "EnableSimpleResponses": True,
                                   "Identity": {"Headers": ["Authorization"]}},
                    "JwtAuth": {"JwtConfiguration": {"issuer": jwt_issuer,
                                                     "audience": [AUDIENCE]},
                                "IdentitySource": "$request.header.Authorization"}}}}},
        },
    }


class _Loader:
    """The managed-policy loader the transform asks for; no managed policies are used."""

    def load(self) -> dict[str, str]:
        return {}


def resolve(value: Any, names: dict[str, str]) -> Any:
    """Ref, Fn::GetAtt .Arn and Fn::Sub, as CloudFormation resolves them; ``names`` maps
    logical ids to physical ids (functions to their ARNs)."""
    def sub(text: str, extra: dict[str, Any]) -> str:
        def one(found: re.Match[str]) -> str:
            name = found.group(1)
            if name in extra:
                return str(resolve(extra[name], names))
            return names[name.removesuffix(".Arn")]
        return re.sub(r"\$\{([^}]+)\}", one, text)

    if isinstance(value, list):
        return [resolve(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        return names[value["Ref"]]
    if set(value) == {"Fn::GetAtt"}:
        return names[value["Fn::GetAtt"][0]]
    if set(value) == {"Fn::Sub"}:
        spec = value["Fn::Sub"]
        return sub(spec, {}) if isinstance(spec, str) else sub(spec[0], spec[1])
    return {k: resolve(v, names) for k, v in value.items()}


@pytest.fixture
def sam_apis(apigw2: Any, handler_arn: str, make_function: Callable[..., str],
             issuer: str) -> Any:
    """Deploy the template's APIs as CloudFormation would; yields {logical id: api id}."""
    pseudo = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws"}
    resources = transform(template(issuer), pseudo, _Loader())["Resources"]
    names = {"Fn": handler_arn, "AuthFn": make_function(SIMPLE_AUTHORIZER),
             "AWS::StackName": "sam" + uuid.uuid4().hex[:8],
             "AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws"}
    apis: dict[str, str] = {}
    for logical, resource in resources.items():
        if resource["Type"] == "AWS::ApiGatewayV2::Api":
            body = resolve(resource["Properties"]["Body"], names)
            api = apigw2.import_api(Body=json.dumps(body), FailOnWarnings=True)
            apis[logical] = names[logical] = api["ApiId"]
    for resource in resources.values():
        if resource["Type"] == "AWS::ApiGatewayV2::Stage":
            props = resolve(resource["Properties"], names)
            apigw2.create_stage(**props)
    yield apis
    for api_id in apis.values():
        apigw2.delete_api(ApiId=api_id)


def test_implicit_http_api_serves_the_event_path_with_payload_2_0(call: Call,
                                                                  sam_apis: Any) -> None:
    answer = call(sam_apis["ServerlessHttpApi"], "GET", "/hello/world?x=1")

    assert answer.status == 200
    event = answer.json()
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /hello/{name}"
    assert event["pathParameters"] == {"name": "world"}
    assert event["requestContext"]["stage"] == "$default"


def test_imported_api_carries_the_sam_tag(apigw2: Any, sam_apis: Any) -> None:
    """SAM marks its APIs with a root-level ``tags`` entry and x-amazon-apigateway-tag-value.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-swagger-extensions-x-amazon-apigateway-tag-value.html
    """
    api = apigw2.get_api(ApiId=sam_apis["ServerlessHttpApi"])

    assert api["Tags"] == {"httpapi:createdBy": "SAM"}
    assert api["Name"].startswith("sam")


def test_implicit_http_api_answers_404_for_other_paths(call: Call, sam_apis: Any) -> None:
    answer = call(sam_apis["ServerlessHttpApi"], "GET", "/nothing")

    assert answer.status == 404
    assert answer.json() == {"message": "Not Found"}


def test_payload_format_version_1_0_event(call: Call, sam_apis: Any) -> None:
    answer = call(sam_apis["MyApi"], "POST", "/v1", body=b"{}",
                  headers=[("Content-Type", "application/json")])

    assert answer.status == 200
    event = answer.json()
    assert event["version"] == "1.0"
    assert event["httpMethod"] == "POST"
    assert event["resource"] == "/v1"


def test_cors_configuration_answers_preflights(call: Call, sam_apis: Any) -> None:
    answer = call(sam_apis["MyApi"], "OPTIONS", "/locked", headers=[
        ("Origin", "https://app.example"), ("Access-Control-Request-Method", "GET")])

    assert answer.status == 204
    assert answer.header("access-control-allow-origin") == "https://app.example"
    assert answer.header("access-control-max-age") == "60"


def test_lambda_authorizer_with_simple_responses(call: Call, sam_apis: Any) -> None:
    allowed = call(sam_apis["MyApi"], "GET", "/locked", headers=[("Authorization", "let-me-in")])
    denied = call(sam_apis["MyApi"], "GET", "/locked", headers=[("Authorization", "nope")])
    missing = call(sam_apis["MyApi"], "GET", "/locked")

    assert allowed.status == 200
    assert allowed.json()["requestContext"]["authorizer"]["lambda"] == {"via": "sam"}
    assert denied.status == 403
    assert missing.status == 401


def test_jwt_authorizer(call: Call, sam_apis: Any, issuer: str) -> None:
    allowed = call(sam_apis["MyApi"], "GET", "/jwt",
                   headers=[("Authorization", f"Bearer {token(issuer)}")])
    missing = call(sam_apis["MyApi"], "GET", "/jwt")

    assert allowed.status == 200
    assert allowed.json()["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "user-1"
    assert missing.status == 401
    assert missing.json() == {"message": "Unauthorized"}
