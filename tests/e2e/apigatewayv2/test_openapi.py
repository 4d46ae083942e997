"""ImportApi, ReimportApi and ExportApi with OpenAPI 3.0 definitions.
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

from tests.e2e.apigateway_support import http_apis
from tests.e2e.apigatewayv2.conftest import FUNCTION_ARN, error_of

DEFINITION: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "imported-pets", "version": "1.0", "description": "from OpenAPI"},
    "x-amazon-apigateway-cors": {"allowOrigins": ["https://a.example"], "maxAge": 300},
    "components": {"securitySchemes": {
        "jwt-auth": {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": {
            "type": "jwt", "identitySource": "$request.header.Authorization",
            "jwtConfiguration": {"issuer": "https://issuer.example", "audience": ["app"]}}},
        "lambda-auth": {"type": "apiKey", "name": "x-key", "in": "header",
                        "x-amazon-apigateway-authorizer": {
                            "type": "request", "identitySource": "$request.header.x-key",
                            "authorizerUri": FUNCTION_ARN,
                            "authorizerPayloadFormatVersion": "2.0",
                            "enableSimpleResponses": True}},
    }},
    "paths": {
        "/pets/{id}": {"get": {
            "operationId": "getPet",
            "security": [{"jwt-auth": ["pets:read"]}],
            "x-amazon-apigateway-integration": {
                "type": "aws_proxy", "uri": FUNCTION_ARN, "payloadFormatVersion": "2.0"}}},
        "/admin": {"x-amazon-apigateway-any-method": {
            "security": [{"lambda-auth": []}],
            "x-amazon-apigateway-integration": {
                "type": "http_proxy", "uri": "https://example.com/admin", "httpMethod": "ANY",
                "payloadFormatVersion": "1.0", "connectionType": "INTERNET"}}},
        "$default": {"x-amazon-apigateway-any-method": {
            "x-amazon-apigateway-integration": {
                "type": "aws_proxy", "uri": FUNCTION_ARN, "payloadFormatVersion": "1.0"}}},
    },
}


@pytest.fixture
def imported(apigw2: Any) -> Iterator[Any]:
    yield from http_apis(apigw2, lambda body, **kwargs: apigw2.import_api(Body=body, **kwargs))


def _routes(apigw2: Any, api_id: str) -> dict[str, dict[str, Any]]:
    return {r["RouteKey"]: r for r in apigw2.get_routes(ApiId=api_id)["Items"]}


def test_import_creates_routes_integrations_authorizers_and_cors(apigw2: Any,
                                                                 imported: Any) -> None:
    api = imported(json.dumps(DEFINITION))
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["Name"] == "imported-pets"
    assert api["Version"] == "1.0"
    assert api["CorsConfiguration"] == {"AllowOrigins": ["https://a.example"], "MaxAge": 300}
    routes = _routes(apigw2, api["ApiId"])
    assert set(routes) == {"GET /pets/{id}", "ANY /admin", "$default"}
    pet = routes["GET /pets/{id}"]
    assert pet["AuthorizationType"] == "JWT"
    assert pet["AuthorizationScopes"] == ["pets:read"]
    assert pet["OperationName"] == "getPet"
    assert routes["ANY /admin"]["AuthorizationType"] == "CUSTOM"
    integration = apigw2.get_integration(
        ApiId=api["ApiId"], IntegrationId=pet["Target"].removeprefix("integrations/"))
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"
    authorizers = {a["Name"]: a for a in apigw2.get_authorizers(ApiId=api["ApiId"])["Items"]}
    assert authorizers["jwt-auth"]["JwtConfiguration"]["Audience"] == ["app"]
    assert authorizers["lambda-auth"]["EnableSimpleResponses"] is True


def test_import_reads_yaml(apigw2: Any, imported: Any) -> None:
    api = imported(yaml.safe_dump(DEFINITION))
    assert len(_routes(apigw2, api["ApiId"])) == 3


def test_import_without_title_is_bad_request(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.import_api(Body=json.dumps({"openapi": "3.0.1", "info": {}, "paths": {}}))
    assert error_of(err) == ("BadRequestException", 400)


def test_import_of_garbage_is_bad_request(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.import_api(Body="[1, 2")
    assert error_of(err) == ("BadRequestException", 400)


def test_fail_on_warnings_refuses_unimportable_integrations(apigw2: Any, imported: Any) -> None:
    definition = {"openapi": "3.0.1", "info": {"title": "warned"}, "paths": {"/m": {"get": {
        "x-amazon-apigateway-integration": {"type": "mock"}}}}}
    api = imported(json.dumps(definition))
    assert api["Warnings"]
    before = len(apigw2.get_apis()["Items"])
    with pytest.raises(ClientError) as err:
        apigw2.import_api(Body=json.dumps(definition), FailOnWarnings=True)
    assert error_of(err) == ("BadRequestException", 400)
    assert len(apigw2.get_apis()["Items"]) == before  # nothing of the failed import is kept


def test_basepath_prepend_puts_the_server_path_before_routes(apigw2: Any, imported: Any) -> None:
    definition = {**DEFINITION, "servers": [{"url": "https://x.example/v1"}]}
    api = imported(json.dumps(definition), Basepath="prepend")
    assert "GET /v1/pets/{id}" in _routes(apigw2, api["ApiId"])


def test_reimport_replaces_routes_and_keeps_stages(apigw2: Any, imported: Any) -> None:
    api = imported(json.dumps(DEFINITION))
    apigw2.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)
    smaller = {"openapi": "3.0.1", "info": {"title": "renamed"}, "paths": {"/only": {"post": {
        "x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": FUNCTION_ARN,
                                            "payloadFormatVersion": "2.0"}}}}}
    got = apigw2.reimport_api(ApiId=api["ApiId"], Body=json.dumps(smaller))
    assert got["ApiId"] == api["ApiId"]
    assert got["Name"] == "renamed"
    assert set(_routes(apigw2, api["ApiId"])) == {"POST /only"}
    assert len(apigw2.get_integrations(ApiId=api["ApiId"])["Items"]) == 1
    assert apigw2.get_authorizers(ApiId=api["ApiId"])["Items"] == []
    assert [s["StageName"] for s in apigw2.get_stages(ApiId=api["ApiId"])["Items"]] == [
        "$default"]


def test_export_round_trips_through_import(apigw2: Any, imported: Any) -> None:
    api = imported(json.dumps(DEFINITION))
    body = apigw2.export_api(ApiId=api["ApiId"], Specification="OAS30",
                             OutputType="JSON")["body"].read()
    exported = json.loads(body)
    assert exported["openapi"].startswith("3.0")
    assert exported["info"]["title"] == "imported-pets"
    integration = exported["paths"]["/pets/{id}"]["get"]["x-amazon-apigateway-integration"]
    assert integration["type"] == "aws_proxy"
    again = imported(body.decode())
    assert set(_routes(apigw2, again["ApiId"])) == set(_routes(apigw2, api["ApiId"]))
    assert again["CorsConfiguration"] == api["CorsConfiguration"]


def test_export_yaml_without_extensions_from_a_stage(apigw2: Any, imported: Any) -> None:
    api = imported(json.dumps(DEFINITION))
    apigw2.create_stage(ApiId=api["ApiId"], StageName="prod", AutoDeploy=True)
    body = apigw2.export_api(ApiId=api["ApiId"], Specification="OAS30", OutputType="YAML",
                             IncludeExtensions=False, StageName="prod")["body"].read()
    exported = yaml.safe_load(body)
    assert "x-amazon-apigateway-integration" not in exported["paths"]["/pets/{id}"]["get"]
    assert exported["servers"][0]["variables"]["basePath"]["default"] == "prod"
    assert "x-amazon-apigateway-cors" not in exported
