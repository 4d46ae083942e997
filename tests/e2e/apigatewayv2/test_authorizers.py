"""CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer.
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import FUNCTION_ARN, error_of

AUTHORIZER_URI = (f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                  f"{FUNCTION_ARN}/invocations")
JWT = {"AuthorizerType": "JWT", "Name": "jwt",
       "IdentitySource": ["$request.header.Authorization"],
       "JwtConfiguration": {"Issuer": "https://issuer.example", "Audience": ["app"]}}


def test_jwt_authorizer_is_stored_and_used_by_a_route(apigw2: Any, api_id: str) -> None:
    authorizer = apigw2.create_authorizer(ApiId=api_id, **JWT)
    assert authorizer["ResponseMetadata"]["HTTPStatusCode"] == 201
    got = apigw2.get_authorizer(ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"])
    assert got["JwtConfiguration"] == {"Issuer": "https://issuer.example", "Audience": ["app"]}
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /me", AuthorizationType="JWT",
                                AuthorizerId=authorizer["AuthorizerId"],
                                AuthorizationScopes=["read"])
    assert route["AuthorizationScopes"] == ["read"]


def test_jwt_authorizer_needs_issuer_and_audience(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_authorizer(ApiId=api_id, **{**JWT, "JwtConfiguration": {"Audience": ["a"]}})
    assert error_of(err) == ("BadRequestException", 400)


def test_request_authorizer_defaults_and_rules(apigw2: Any, api_id: str) -> None:
    got = apigw2.create_authorizer(
        ApiId=api_id, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=AUTHORIZER_URI,
        AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
        IdentitySource=["$request.header.X-Key"], AuthorizerResultTtlInSeconds=300)
    assert got["EnableSimpleResponses"] is True
    assert got["AuthorizerResultTtlInSeconds"] == 300
    with pytest.raises(ClientError) as err:
        apigw2.create_authorizer(ApiId=api_id, AuthorizerType="REQUEST", Name="lam",
                                 AuthorizerUri=AUTHORIZER_URI, IdentitySource=[])
    assert error_of(err) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as err:
        apigw2.create_authorizer(
            ApiId=api_id, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=AUTHORIZER_URI,
            AuthorizerPayloadFormatVersion="1.0", EnableSimpleResponses=True, IdentitySource=[])
    assert error_of(err) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as err:
        apigw2.create_authorizer(
            ApiId=api_id, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=AUTHORIZER_URI,
            AuthorizerPayloadFormatVersion="2.0", AuthorizerResultTtlInSeconds=60,
            IdentitySource=[])
    assert error_of(err) == ("BadRequestException", 400)


def test_custom_route_needs_a_request_authorizer(apigw2: Any, api_id: str) -> None:
    jwt = apigw2.create_authorizer(ApiId=api_id, **JWT)["AuthorizerId"]
    with pytest.raises(ClientError) as err:
        apigw2.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="CUSTOM",
                            AuthorizerId=jwt)
    assert error_of(err) == ("BadRequestException", 400)


def test_update_authorizer_and_auto_deploy(apigw2: Any, api_id: str) -> None:
    authorizer = apigw2.create_authorizer(ApiId=api_id, **JWT)["AuthorizerId"]
    first = apigw2.create_stage(ApiId=api_id, StageName="$default",
                                AutoDeploy=True)["DeploymentId"]
    got = apigw2.update_authorizer(
        ApiId=api_id, AuthorizerId=authorizer,
        JwtConfiguration={"Issuer": "https://other.example", "Audience": ["b"]})
    assert got["JwtConfiguration"]["Issuer"] == "https://other.example"
    assert apigw2.get_stage(ApiId=api_id, StageName="$default")["DeploymentId"] != first


def test_authorizer_used_by_a_route_cannot_be_deleted(apigw2: Any, api_id: str) -> None:
    authorizer = apigw2.create_authorizer(ApiId=api_id, **JWT)["AuthorizerId"]
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /me", AuthorizationType="JWT",
                                AuthorizerId=authorizer)
    with pytest.raises(ClientError) as err:
        apigw2.delete_authorizer(ApiId=api_id, AuthorizerId=authorizer)
    assert error_of(err) == ("BadRequestException", 400)
    apigw2.update_route(ApiId=api_id, RouteId=route["RouteId"], AuthorizationType="NONE")
    apigw2.delete_authorizer(ApiId=api_id, AuthorizerId=authorizer)
    assert apigw2.get_authorizers(ApiId=api_id)["Items"] == []
