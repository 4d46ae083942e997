"""CreateRoute, GetRoute(s), UpdateRoute, DeleteRoute, DeleteRouteRequestParameter.
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import error_of


@pytest.mark.parametrize("key", ["GET /pets/{id}", "ANY /{proxy+}", "$default", "POST /"])
def test_create_route_accepts_documented_route_keys(apigw2: Any, api_id: str, key: str) -> None:
    route = apigw2.create_route(ApiId=api_id, RouteKey=key)
    assert route["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert route["RouteKey"] == key
    assert route["AuthorizationType"] == "NONE"
    assert apigw2.get_route(ApiId=api_id, RouteId=route["RouteId"])["RouteKey"] == key


@pytest.mark.parametrize("key", ["FETCH /pets", "GET pets", "GET /{proxy+}/more", "GET"])
def test_create_route_with_bad_route_key_is_bad_request(apigw2: Any, api_id: str,
                                                        key: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey=key)
    assert error_of(err) == ("BadRequestException", 400)


def test_duplicate_route_key_is_conflict(apigw2: Any, api_id: str) -> None:
    apigw2.create_route(ApiId=api_id, RouteKey="GET /pets")
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /pets")
    assert error_of(err) == ("ConflictException", 409)


def test_route_target_names_an_integration(apigw2: Any, api_id: str,
                                           lambda_integration: str) -> None:
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /x",
                                Target=f"integrations/{lambda_integration}")
    assert route["Target"] == f"integrations/{lambda_integration}"
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /y", Target="integrations/nope123")
    assert error_of(err) == ("NotFoundException", 404)
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /z", Target="lambda")
    assert error_of(err) == ("BadRequestException", 400)


def test_route_on_unknown_api_is_not_found(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId="nosuchapi0", RouteKey="GET /x")
    assert error_of(err) == ("NotFoundException", 404)


def test_jwt_route_needs_a_jwt_authorizer(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="JWT")
    assert error_of(err) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="JWT",
                            AuthorizerId="nope123")
    assert error_of(err) == ("NotFoundException", 404)


def test_scopes_only_with_jwt(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="AWS_IAM",
                            AuthorizationScopes=["read"])
    assert error_of(err) == ("BadRequestException", 400)


def test_aws_iam_route(apigw2: Any, api_id: str) -> None:
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="AWS_IAM")
    assert route["AuthorizationType"] == "AWS_IAM"


def test_update_route_changes_key_and_checks_conflicts(apigw2: Any, api_id: str) -> None:
    apigw2.create_route(ApiId=api_id, RouteKey="GET /a")
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /b")
    updated = apigw2.update_route(ApiId=api_id, RouteId=route["RouteId"], RouteKey="PUT /b")
    assert updated["RouteKey"] == "PUT /b"
    with pytest.raises(ClientError) as err:
        apigw2.update_route(ApiId=api_id, RouteId=route["RouteId"], RouteKey="GET /a")
    assert error_of(err) == ("ConflictException", 409)


def test_get_routes_lists_and_delete_removes(apigw2: Any, api_id: str) -> None:
    a = apigw2.create_route(ApiId=api_id, RouteKey="GET /a")
    apigw2.create_route(ApiId=api_id, RouteKey="GET /b")
    assert {r["RouteKey"] for r in apigw2.get_routes(ApiId=api_id)["Items"]} == {"GET /a", "GET /b"}
    resp = apigw2.delete_route(ApiId=api_id, RouteId=a["RouteId"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert [r["RouteKey"] for r in apigw2.get_routes(ApiId=api_id)["Items"]] == ["GET /b"]
    with pytest.raises(ClientError) as err:
        apigw2.get_route(ApiId=api_id, RouteId=a["RouteId"])
    assert error_of(err) == ("NotFoundException", 404)


def test_delete_route_request_parameter(apigw2: Any, api_id: str) -> None:
    route = apigw2.create_route(
        ApiId=api_id, RouteKey="GET /a",
        RequestParameters={"route.request.querystring.q": {"Required": True}})
    apigw2.delete_route_request_parameter(ApiId=api_id, RouteId=route["RouteId"],
                                          RequestParameterKey="route.request.querystring.q")
    got = apigw2.get_route(ApiId=api_id, RouteId=route["RouteId"])
    assert got.get("RequestParameters", {}) == {}
