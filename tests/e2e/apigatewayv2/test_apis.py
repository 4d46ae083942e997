"""CreateApi, GetApi, GetApis, UpdateApi, DeleteApi, DeleteCorsConfiguration.
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import FUNCTION_ARN, CreateApi, error_of
from tests.server import RunningServer


def test_create_api_answers_http_api_defaults(create_api: CreateApi, server: RunningServer) -> None:
    """An HTTP API has AWS's selection expressions, an endpoint and a creation date."""
    api = create_api(Description="pets")

    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert re.fullmatch(r"[a-z0-9]{10}", api["ApiId"])
    port = server.url.rsplit(":", 1)[1]
    assert api["ApiEndpoint"] == f"http://{api['ApiId']}.execute-api.localhost:{port}"
    assert api["ProtocolType"] == "HTTP"
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert api["DisableExecuteApiEndpoint"] is False
    assert api["Description"] == "pets"
    assert api["CreatedDate"].year >= 2024


def test_create_websocket_api_is_not_supported(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                          RouteSelectionExpression="$request.body.action")
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"] == "not supported: WebSocket APIs"


def test_get_api_answers_what_create_answered(apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(Tags={"team": "a"}, CorsConfiguration={"AllowOrigins": ["*"]})
    got = apigw2.get_api(ApiId=api["ApiId"])
    for member in ("ApiId", "Name", "ApiEndpoint", "CreatedDate", "Tags", "CorsConfiguration"):
        assert got[member] == api[member]
    assert got["Tags"] == {"team": "a"}


def test_get_unknown_api_is_not_found_with_aws_text(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.get_api(ApiId="nosuchapi0")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == (
        "Invalid API identifier specified 000000000000:nosuchapi0")


def test_get_apis_pages_with_max_results(apigw2: Any, create_api: CreateApi) -> None:
    ids = {create_api()["ApiId"] for _ in range(3)}
    seen: set[str] = set()
    token: str | None = None
    for _ in range(50):
        kwargs: dict[str, Any] = {"MaxResults": "2"}
        if token:
            kwargs["NextToken"] = token
        page = apigw2.get_apis(**kwargs)
        assert len(page["Items"]) <= 2
        seen |= {a["ApiId"] for a in page["Items"]}
        token = page.get("NextToken")
        if not token:
            break
    assert ids <= seen


def test_get_apis_with_bad_token_is_bad_request(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.get_apis(NextToken="garbage")
    assert error_of(err) == ("BadRequestException", 400)


def test_update_api_changes_given_members_only(apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(Description="one", Version="1")
    updated = apigw2.update_api(ApiId=api["ApiId"], Name="renamed",
                                CorsConfiguration={"AllowOrigins": ["https://a.example"]})
    assert updated["Name"] == "renamed"
    assert updated["Description"] == "one"
    assert updated["Version"] == "1"
    got = apigw2.get_api(ApiId=api["ApiId"])
    assert got["CorsConfiguration"]["AllowOrigins"] == ["https://a.example"]


def test_delete_cors_configuration_removes_it(apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(CorsConfiguration={"AllowOrigins": ["*"], "MaxAge": 60})
    resp = apigw2.delete_cors_configuration(ApiId=api["ApiId"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "CorsConfiguration" not in apigw2.get_api(ApiId=api["ApiId"])


def test_delete_api_removes_it_and_its_children(apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(Target=FUNCTION_ARN)
    resp = apigw2.delete_api(ApiId=api["ApiId"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as err:
        apigw2.get_routes(ApiId=api["ApiId"])
    assert error_of(err) == ("NotFoundException", 404)
    with pytest.raises(ClientError) as err:
        apigw2.delete_api(ApiId=api["ApiId"])
    assert error_of(err) == ("NotFoundException", 404)


def test_quick_create_with_lambda_makes_proxy_route_and_auto_deployed_stage(
        apigw2: Any, create_api: CreateApi) -> None:
    """Quick create: AWS_PROXY 2.0 integration, a $default route and an auto-deploying
    $default stage, all managed by API Gateway.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop.html
    """
    api = create_api(Target=FUNCTION_ARN)
    api_id = api["ApiId"]

    [integration] = apigw2.get_integrations(ApiId=api_id)["Items"]
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"
    assert integration["IntegrationUri"] == FUNCTION_ARN
    [route] = apigw2.get_routes(ApiId=api_id)["Items"]
    assert route["RouteKey"] == "$default"
    assert route["Target"] == f"integrations/{integration['IntegrationId']}"
    assert route["ApiGatewayManaged"] is True
    [stage] = apigw2.get_stages(ApiId=api_id)["Items"]
    assert stage["StageName"] == "$default"
    assert stage["AutoDeploy"] is True
    deployment = apigw2.get_deployment(ApiId=api_id, DeploymentId=stage["DeploymentId"])
    assert deployment["AutoDeployed"] is True
    assert deployment["DeploymentStatus"] == "DEPLOYED"


def test_quick_create_with_url_and_route_key_makes_http_proxy(
        apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(Target="https://example.com/pets", RouteKey="GET /pets")
    [integration] = apigw2.get_integrations(ApiId=api["ApiId"])["Items"]
    assert integration["IntegrationType"] == "HTTP_PROXY"
    assert integration["IntegrationMethod"] == "ANY"
    [route] = apigw2.get_routes(ApiId=api["ApiId"])["Items"]
    assert route["RouteKey"] == "GET /pets"


def test_update_api_target_changes_the_quick_created_integration(
        apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(Target=FUNCTION_ARN)
    other = FUNCTION_ARN + "2"
    apigw2.update_api(ApiId=api["ApiId"], Target=other)
    [integration] = apigw2.get_integrations(ApiId=api["ApiId"])["Items"]
    assert integration["IntegrationUri"] == other


def test_route_key_without_target_is_bad_request(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_api(Name="x", ProtocolType="HTTP", RouteKey="GET /x")
    assert error_of(err) == ("BadRequestException", 400)


def test_update_api_route_key_changes_the_quick_created_route(
        apigw2: Any, create_api: CreateApi) -> None:
    api = create_api(Target=FUNCTION_ARN)
    apigw2.update_api(ApiId=api["ApiId"], RouteKey="GET /hello")
    [route] = apigw2.get_routes(ApiId=api["ApiId"])["Items"]
    assert route["RouteKey"] == "GET /hello"


def test_update_api_target_without_quick_create_is_not_supported(
        apigw2: Any, create_api: CreateApi) -> None:
    api = create_api()
    with pytest.raises(ClientError) as err:
        apigw2.update_api(ApiId=api["ApiId"], Target=FUNCTION_ARN)
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"].startswith("not supported:")


def test_failed_quick_create_keeps_nothing(apigw2: Any) -> None:
    before = len(apigw2.get_apis()["Items"])
    with pytest.raises(ClientError) as err:
        apigw2.create_api(Name="bad", ProtocolType="HTTP", Target="http://")
    assert error_of(err) == ("BadRequestException", 400)
    assert len(apigw2.get_apis()["Items"]) == before
