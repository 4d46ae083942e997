"""The Lambda proxy events of HTTP APIs (payload formats 2.0 and 1.0), checked against
Powertools' parser models.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
"""

from __future__ import annotations

import base64
from typing import Any

from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayProxyEventModel,
    APIGatewayProxyEventV2Model,
)

from tests.e2e.gateway_http.conftest import Call, auto_stage, lambda_integration, route
from tests.server import RunningServer


def _api(apigw2: Any, create_api: Any, handler_arn: str, version: str) -> str:
    api_id = str(create_api()["ApiId"])
    integration = lambda_integration(apigw2, api_id, handler_arn, version)
    route(apigw2, api_id, "POST /pets/{id}", integration)
    auto_stage(apigw2, api_id, "dev", StageVariables={"env": "test"})
    return api_id


def test_v2_event_has_every_member_aws_sends(apigw2: Any, create_api: Any, call: Call,
                                              handler_arn: str) -> None:
    api_id = _api(apigw2, create_api, handler_arn, "2.0")

    answer = call(api_id, "POST", "/dev/pets/7?a=1&a=2&b=x%20y", body=b'{"n": 1}', headers=[
        ("Content-Type", "application/json"), ("X-Multi", "one"), ("X-Multi", "two"),
        ("Cookie", "c1=v1; c2=v2"), ("User-Agent", "tester/1.0")])

    assert answer.status == 200
    event = answer.json()
    APIGatewayProxyEventV2Model.model_validate(event)
    assert event["version"] == "2.0"
    assert event["routeKey"] == "POST /pets/{id}"
    assert event["rawPath"] == "/dev/pets/7"
    assert event["rawQueryString"] == "a=1&a=2&b=x%20y"
    assert event["queryStringParameters"] == {"a": "1,2", "b": "x y"}
    assert event["cookies"] == ["c1=v1", "c2=v2"]
    assert "cookie" not in event["headers"]
    assert event["headers"]["x-multi"] == "one,two"
    assert event["pathParameters"] == {"id": "7"}
    assert event["stageVariables"] == {"env": "test"}
    assert event["body"] == '{"n": 1}'
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["apiId"] == api_id
    assert context["accountId"] == "000000000000"
    assert context["domainName"] == f"{api_id}.execute-api.localhost"
    assert context["domainPrefix"] == api_id
    assert context["http"] == {"method": "POST", "path": "/dev/pets/7", "protocol": "HTTP/1.1",
                               "sourceIp": "127.0.0.1", "userAgent": "tester/1.0"}
    assert context["routeKey"] == "POST /pets/{id}"
    assert context["stage"] == "dev"
    assert isinstance(context["timeEpoch"], int)
    assert "authorizer" not in context


def test_v2_event_leaves_out_what_the_request_lacks(call: Call, quick_api: str) -> None:
    event = call(quick_api, "GET", "/").json()

    APIGatewayProxyEventV2Model.model_validate(event)
    for member in ("cookies", "queryStringParameters", "pathParameters", "stageVariables",
                   "body"):
        assert member not in event
    assert event["rawQueryString"] == ""


def test_binary_body_is_base64_encoded(call: Call, quick_api: str) -> None:
    data = bytes(range(256))

    event = call(quick_api, "POST", "/upload", body=data,
                 headers=[("Content-Type", "application/octet-stream")]).json()

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == data


def test_v1_event_is_the_rest_proxy_shape(server: RunningServer, apigw2: Any, create_api: Any,
                                          call: Call, handler_arn: str) -> None:
    api_id = _api(apigw2, create_api, handler_arn, "1.0")

    answer = call(api_id, "POST", "/dev/pets/7?a=1&a=2", body=b"hi",
                  headers=[("X-Multi", "one"), ("X-Multi", "two"), ("Content-Type", "text/plain")])

    assert answer.status == 200
    event = answer.json()
    APIGatewayProxyEventModel.model_validate(event)
    assert event["version"] == "1.0"
    assert event["resource"] == "/pets/{id}"
    assert event["path"] == "/dev/pets/7"
    assert event["httpMethod"] == "POST"
    assert event["multiValueHeaders"]["x-multi"] == ["one", "two"]
    assert event["queryStringParameters"] == {"a": "2"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"]}
    assert event["pathParameters"] == {"id": "7"}
    assert event["stageVariables"] == {"env": "test"}
    assert event["body"] == "hi"
    assert event["headers"]["Host"] == f"{api_id}.execute-api.localhost:{server.port}"
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert event["requestContext"]["stage"] == "dev"


def test_v1_event_of_the_default_route(create_api: Any, apigw2: Any, call: Call,
                                       handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    route(apigw2, api_id, "$default", lambda_integration(apigw2, api_id, handler_arn, "1.0"))
    auto_stage(apigw2, api_id)

    event = call(api_id, "GET", "/question").json()

    APIGatewayProxyEventModel.model_validate(event)
    assert event["resource"] == "$default"
    assert event["requestContext"]["resourcePath"] == "$default"
    assert event["requestContext"]["resourceId"] == "$default"
    assert event["path"] == "/question"
    assert event["pathParameters"] is None
    assert event["queryStringParameters"] is None
    assert event["body"] is None


def test_request_parameters_change_the_lambda_event(apigw2: Any, create_api: Any, call: Call,
                                                    handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    integration = lambda_integration(apigw2, api_id, handler_arn, RequestParameters={
        "append:header.x-added": "$request.path.id",
        "remove:querystring.secret": "''",
        "overwrite:path": "/rewritten/$request.path.id",
    })
    route(apigw2, api_id, "GET /pets/{id}", integration)
    auto_stage(apigw2, api_id)

    event = call(api_id, "GET", "/pets/9?secret=s&keep=k").json()

    assert event["headers"]["x-added"] == "9"
    assert event["queryStringParameters"] == {"keep": "k"}
    assert event["rawPath"] == "/rewritten/9"
    assert event["pathParameters"] == {"id": "9"}
