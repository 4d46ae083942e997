"""CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import error_of

URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
       "arn:aws:lambda:us-east-1:000000000000:function:auth/invocations")
POOL = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc"


def test_create_token_authorizer_has_defaults(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN",
                                  authorizerUri=URI)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert got["identitySource"] == "method.request.header.Authorization"
    assert got["authorizerResultTtlInSeconds"] == 300


def test_create_request_and_cognito_authorizers(apigw: Any, api: dict[str, Any]) -> None:
    req = apigw.create_authorizer(restApiId=api["id"], name="req", type="REQUEST",
                                  authorizerUri=URI, identitySource="method.request.header.X",
                                  authorizerResultTtlInSeconds=0)
    assert req["authorizerResultTtlInSeconds"] == 0
    cog = apigw.create_authorizer(restApiId=api["id"], name="cog", type="COGNITO_USER_POOLS",
                                  providerARNs=[POOL],
                                  identitySource="method.request.header.Authorization")
    names = {a["name"] for a in apigw.get_authorizers(restApiId=api["id"])["items"]}
    assert names == {"req", "cog"} and cog["providerARNs"] == [POOL]


def test_create_token_authorizer_without_uri_is_refused(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_authorizer(restApiId=api["id"], name="x", type="TOKEN")
    assert error_of(err) == ("BadRequestException", 400)


def test_create_cognito_authorizer_without_pools_is_refused(apigw: Any,
                                                            api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_authorizer(restApiId=api["id"], name="x", type="COGNITO_USER_POOLS")
    assert error_of(err) == ("BadRequestException", 400)


def test_method_with_custom_authorizer(apigw: Any, api: dict[str, Any]) -> None:
    auth = apigw.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN",
                                   authorizerUri=URI)
    got = apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                           httpMethod="GET", authorizationType="CUSTOM",
                           authorizerId=auth["id"])
    assert got["authorizerId"] == auth["id"]


def test_update_authorizer_patches_ttl(apigw: Any, api: dict[str, Any]) -> None:
    auth = apigw.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN",
                                   authorizerUri=URI)
    got = apigw.update_authorizer(restApiId=api["id"], authorizerId=auth["id"],
                                  patchOperations=[{"op": "replace",
                                                    "path": "/authorizerResultTtlInSeconds",
                                                    "value": "60"}])
    assert got["authorizerResultTtlInSeconds"] == 60


def test_delete_authorizer_then_not_found(apigw: Any, api: dict[str, Any]) -> None:
    auth = apigw.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN",
                                   authorizerUri=URI)
    apigw.delete_authorizer(restApiId=api["id"], authorizerId=auth["id"])
    with pytest.raises(ClientError) as err:
        apigw.get_authorizer(restApiId=api["id"], authorizerId=auth["id"])
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Authorizer identifier specified"
