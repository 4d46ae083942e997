"""The v1 Lambda proxy event, checked against aws-lambda-powertools' model.
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
"""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.gateway_rest.conftest import call, lambda_uri
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer


@pytest.fixture
def api(new_api: Any, function_arn: str) -> Any:
    api = new_api(binaryMediaTypes=["image/png"])
    api.method("/pets/{id}", "ANY", lambda_uri(function_arn))
    api.method("/", "GET", lambda_uri(function_arn))
    api.deploy("test")
    return api


def test_event_matches_the_powertools_model(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/pets/1?a=1", "POST",
                 headers=[("Content-Type", "application/json")], body=b'{"x": 1}')
    event = reply.json()
    parsed = APIGatewayProxyEventModel.model_validate(event)
    assert parsed.resource == "/pets/{id}"
    assert parsed.path == "/pets/1"
    assert parsed.httpMethod == "POST"
    assert event["body"] == '{"x": 1}'
    assert event["isBase64Encoded"] is False


def test_request_context_has_every_member(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/pets/1", headers=[("User-Agent", "tester/1")])
    ctx = reply.json()["requestContext"]
    assert ctx["resourcePath"] == "/pets/{id}"
    assert ctx["httpMethod"] == "GET"
    assert ctx["path"] == "/test/pets/1"
    assert ctx["stage"] == "test"
    assert ctx["apiId"] == api.id
    assert ctx["accountId"] == "000000000000"
    assert ctx["protocol"] == "HTTP/1.1"
    assert ctx["domainName"] == f"{api.id}.execute-api.localhost"
    assert ctx["domainPrefix"] == api.id
    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000", ctx["requestTime"])
    assert isinstance(ctx["requestTimeEpoch"], int)
    assert ctx["requestId"] == reply.header("x-amzn-RequestId")
    assert ctx["extendedRequestId"] == reply.header("x-amz-apigw-id")
    assert ctx["resourceId"] == api.ids["/pets/{id}"]
    assert ctx["deploymentId"]
    identity = ctx["identity"]
    assert identity["sourceIp"] == "127.0.0.1"
    assert identity["userAgent"] == "tester/1"
    for member in ("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller",
                   "principalOrgId", "accessKey", "cognitoAuthenticationType",
                   "cognitoAuthenticationProvider", "userArn", "user", "apiKey", "apiKeyId",
                   "clientCert"):
        assert member in identity
    assert "authorizer" not in ctx


def test_repeated_headers_and_query_parameters(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/pets/1?a=1&a=2&b=x%20y&flag",
                 headers=[("X-Tag", "one"), ("X-Tag", "two")])
    event = reply.json()
    assert event["headers"]["X-Tag"] == "two"
    assert event["multiValueHeaders"]["X-Tag"] == ["one", "two"]
    assert event["queryStringParameters"] == {"a": "2", "b": "x y", "flag": ""}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x y"],
                                                        "flag": [""]}


def test_absent_parts_are_null(server: RunningServer, api: Any) -> None:
    event = call(server, api.id, "test", "/").json()
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["pathParameters"] is None
    assert event["stageVariables"] is None
    assert event["body"] is None
    assert event["isBase64Encoded"] is False


def test_gateway_adds_forwarding_and_trace_headers(server: RunningServer, api: Any) -> None:
    headers = call(server, api.id, "test", "/").json()["headers"]
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "http"
    assert headers["X-Forwarded-Port"] == str(server.port)
    assert headers["X-Amzn-Trace-Id"].startswith("Root=1-")
    assert headers["Host"] == f"{api.id}.execute-api.localhost:{server.port}"


def test_binary_media_type_body_arrives_base64(server: RunningServer, api: Any) -> None:
    data = bytes(range(256))
    event = call(server, api.id, "test", "/pets/1", "PUT",
                 headers=[("Content-Type", "image/png")], body=data).json()
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == data


def test_text_body_of_other_types_arrives_as_text(server: RunningServer, api: Any) -> None:
    event = call(server, api.id, "test", "/pets/1", "PUT",
                 headers=[("Content-Type", "text/plain")], body="héllo".encode()).json()
    assert event["isBase64Encoded"] is False
    assert event["body"] == "héllo"


AUTHORIZER = """
    def handler(event, context):
        return {"principalId": "user-1", "context": {"team": "blue"},
                "policyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}
"""


def test_authorizer_result_is_in_the_request_context(
        server: RunningServer, new_api: Any, function_arn: str, apigw: Any) -> None:
    client = make_client(server, "lambda")
    name = "auth" + uuid.uuid4().hex[:8]
    auth_arn = client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                      Handler="app.handler",
                                      Code={"ZipFile": python_zip(AUTHORIZER)})["FunctionArn"]
    function_ready(client, name)
    try:
        api = new_api()
        authorizer = apigw.create_authorizer(
            restApiId=api.id, name="tok", type="TOKEN", authorizerUri=lambda_uri(auth_arn),
            identitySource="method.request.header.Authorization")
        rid = api.resource("/secure")
        apigw.put_method(restApiId=api.id, resourceId=rid, httpMethod="GET",
                         authorizationType="CUSTOM", authorizerId=authorizer["id"])
        apigw.put_integration(restApiId=api.id, resourceId=rid, httpMethod="GET",
                              type="AWS_PROXY", integrationHttpMethod="POST",
                              uri=lambda_uri(function_arn))
        api.deploy("test")
        reply = call(server, api.id, "test", "/secure", headers=[("Authorization", "token")])
        assert reply.status == 200, reply.body
        found = reply.json()["requestContext"]["authorizer"]
        assert found["principalId"] == "user-1"
        assert found["team"] == "blue"
    finally:
        client.delete_function(FunctionName=name)


def test_client_trace_id_is_passed_on(server: RunningServer, api: Any) -> None:
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793"
    reply = call(server, api.id, "test", "/", headers=[("X-Amzn-Trace-Id", trace)])
    assert reply.json()["headers"]["X-Amzn-Trace-Id"] == trace
    assert reply.header("X-Amzn-Trace-Id") == trace
