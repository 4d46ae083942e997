"""Gateway responses: the defaults and the API's customisations, once deployed.
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.gateway_rest.conftest import call, lambda_uri
from tests.server import RunningServer


@pytest.fixture
def api(new_api: Any, function_arn: str) -> Any:
    api = new_api()
    api.method("/r", "POST", lambda_uri(function_arn))
    api.deploy("test")
    return api


def test_customised_type_sets_status_headers_and_body(
        server: RunningServer, api: Any, apigw: Any) -> None:
    apigw.put_gateway_response(
        restApiId=api.id, responseType="MISSING_AUTHENTICATION_TOKEN", statusCode="404",
        responseParameters={"gatewayresponse.header.X-Why": "'no route'",
                            "gatewayresponse.header.X-Echo": "method.request.header.x-in"},
        responseTemplates={"application/json":
                           '{"error":$context.error.messageString,'
                           '"type":"$context.error.responseType","id":"$context.requestId"}'})
    api.deploy("test")
    reply = call(server, api.id, "test", "/nothing", headers=[("X-In", "hello")])
    assert reply.status == 404
    assert reply.header("X-Why") == "no route"
    assert reply.header("X-Echo") == "hello"
    assert reply.json() == {"error": "Missing Authentication Token",
                            "type": "MISSING_AUTHENTICATION_TOKEN",
                            "id": reply.header("x-amzn-RequestId")}


def test_customisation_is_served_only_after_deployment(
        server: RunningServer, api: Any, apigw: Any) -> None:
    apigw.put_gateway_response(restApiId=api.id, responseType="MISSING_AUTHENTICATION_TOKEN",
                               statusCode="404")
    assert call(server, api.id, "test", "/nothing").status == 403
    api.deploy("test")
    assert call(server, api.id, "test", "/nothing").status == 404


def test_default_4xx_applies_to_types_without_their_own(
        server: RunningServer, api: Any, apigw: Any) -> None:
    apigw.put_gateway_response(restApiId=api.id, responseType="DEFAULT_4XX",
                               responseParameters={"gatewayresponse.header.X-Default": "'4xx'"})
    api.deploy("test")
    reply = call(server, api.id, "test", "/nothing")
    assert reply.status == 403
    assert reply.header("X-Default") == "4xx"
    assert reply.json() == {"message": "Missing Authentication Token"}


def test_default_5xx_status_applies_to_function_errors(
        server: RunningServer, api: Any, apigw: Any) -> None:
    apigw.put_gateway_response(restApiId=api.id, responseType="DEFAULT_5XX", statusCode="503",
                               responseTemplates={"application/json": '{"oops":true}'})
    api.deploy("test")
    reply = call(server, api.id, "test", "/r?mode=fail", "POST", body=b"{}")
    assert reply.status == 503
    assert reply.json() == {"oops": True}
    assert reply.header("x-amzn-ErrorType") == "InternalServerErrorException"
