"""PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse, DeleteGatewayResponse.
https://docs.aws.amazon.com/apigateway/latest/api/API_PutGatewayResponse.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import error_of

TEMPLATE = '{"message":$context.error.messageString}'


def test_get_gateway_responses_lists_every_type_as_default(apigw: Any,
                                                           api: dict[str, Any]) -> None:
    items = apigw.get_gateway_responses(restApiId=api["id"], limit=500)["items"]
    types = {i["responseType"] for i in items}
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "MISSING_AUTHENTICATION_TOKEN", "THROTTLED"} <= types
    assert len(items) == 21
    assert all(i["defaultResponse"] is True for i in items)
    assert all(i["responseTemplates"] == {"application/json": TEMPLATE} for i in items)


def test_default_gateway_response_has_aws_status(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.get_gateway_response(restApiId=api["id"], responseType="INVALID_API_KEY")
    assert got["statusCode"] == "403"


def test_put_gateway_response_customises_the_type(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.put_gateway_response(
        restApiId=api["id"], responseType="DEFAULT_4XX", statusCode="418",
        responseParameters={"gatewayresponse.header.X-A": "'b'"},
        responseTemplates={"application/json": '{"m":"x"}'})
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    same = apigw.get_gateway_response(restApiId=api["id"], responseType="DEFAULT_4XX")
    assert (same["statusCode"], same["defaultResponse"]) == ("418", False)


def test_update_gateway_response_patches_status(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.update_gateway_response(restApiId=api["id"], responseType="THROTTLED",
                                        patchOperations=[{"op": "replace",
                                                          "path": "/statusCode",
                                                          "value": "503"}])
    assert (got["statusCode"], got["defaultResponse"]) == ("503", False)


def test_delete_gateway_response_reverts_to_default(apigw: Any, api: dict[str, Any]) -> None:
    apigw.put_gateway_response(restApiId=api["id"], responseType="DEFAULT_5XX",
                               statusCode="599")
    resp = apigw.delete_gateway_response(restApiId=api["id"], responseType="DEFAULT_5XX")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    got = apigw.get_gateway_response(restApiId=api["id"], responseType="DEFAULT_5XX")
    assert got["defaultResponse"] is True
    with pytest.raises(ClientError) as err:
        apigw.delete_gateway_response(restApiId=api["id"], responseType="DEFAULT_5XX")
    assert error_of(err) == ("NotFoundException", 404)
