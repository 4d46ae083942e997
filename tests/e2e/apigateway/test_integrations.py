"""PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the integration
responses. https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import error_of

LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:000000000000:function:f/invocations")


@pytest.fixture
def method(apigw: Any, api: dict[str, Any]) -> dict[str, str]:
    key = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigw.put_method(**key, authorizationType="NONE")
    return key


def test_put_integration_keeps_aws_defaults(apigw: Any, api: dict[str, Any],
                                            method: dict[str, str]) -> None:
    got = apigw.put_integration(**method, type="MOCK")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert got["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert got["timeoutInMillis"] == 29000
    assert got["cacheNamespace"] == api["rootResourceId"]
    assert got["cacheKeyParameters"] == []
    nested = apigw.get_method(**method)["methodIntegration"]
    assert nested["type"] == "MOCK"


def test_put_lambda_proxy_integration(apigw: Any, method: dict[str, str]) -> None:
    got = apigw.put_integration(**method, type="AWS_PROXY", integrationHttpMethod="POST",
                                uri=LAMBDA_URI)
    assert (got["type"], got["httpMethod"], got["uri"]) == ("AWS_PROXY", "POST", LAMBDA_URI)


def test_put_http_integration_keeps_integration_http_method(apigw: Any,
                                                            method: dict[str, str]) -> None:
    got = apigw.put_integration(**method, type="HTTP", integrationHttpMethod="GET",
                                uri="http://example.com/")
    assert got["httpMethod"] == "GET"


def test_put_aws_integration_without_http_method_is_refused(apigw: Any,
                                                            method: dict[str, str]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.put_integration(**method, type="AWS", uri=LAMBDA_URI)
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"] == (
        "Enumeration value for HttpMethod must be non-empty")


def test_put_integration_refuses_timeout_out_of_range(apigw: Any,
                                                      method: dict[str, str]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.put_integration(**method, type="MOCK", timeoutInMillis=10)
    assert error_of(err) == ("BadRequestException", 400)


def test_put_integration_on_unknown_method_is_not_found(apigw: Any,
                                                        api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"],
                              httpMethod="PUT", type="MOCK")
    assert error_of(err) == ("NotFoundException", 404)


def test_get_missing_integration_is_not_found(apigw: Any, method: dict[str, str]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_integration(**method)
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Integration identifier specified"


def test_update_integration_patches_templates_and_timeout(apigw: Any,
                                                          method: dict[str, str]) -> None:
    apigw.put_integration(**method, type="MOCK")
    got = apigw.update_integration(**method, patchOperations=[
        {"op": "add", "path": "/requestTemplates/application~1json",
         "value": '{"statusCode": 200}'},
        {"op": "replace", "path": "/timeoutInMillis", "value": "1000"},
    ])
    assert got["requestTemplates"] == {"application/json": '{"statusCode": 200}'}
    assert got["timeoutInMillis"] == 1000


def test_delete_integration_removes_it(apigw: Any, method: dict[str, str]) -> None:
    apigw.put_integration(**method, type="MOCK")
    apigw.delete_integration(**method)
    assert "methodIntegration" not in apigw.get_method(**method)


def test_integration_response_put_get_update_delete(apigw: Any,
                                                    method: dict[str, str]) -> None:
    apigw.put_integration(**method, type="MOCK")
    key = {**method, "statusCode": "400"}
    put = apigw.put_integration_response(**key, selectionPattern="4\\d{2}",
                                         responseTemplates={"application/json": "{}"})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert apigw.get_integration_response(**key)["selectionPattern"] == "4\\d{2}"
    nested = apigw.get_integration(**method)["integrationResponses"]
    assert nested["400"]["statusCode"] == "400"
    got = apigw.update_integration_response(**key, patchOperations=[
        {"op": "replace", "path": "/selectionPattern", "value": "Bad.*"}])
    assert got["selectionPattern"] == "Bad.*"
    apigw.delete_integration_response(**key)
    with pytest.raises(ClientError) as err:
        apigw.get_integration_response(**key)
    assert error_of(err) == ("NotFoundException", 404)


def test_integration_response_without_integration_is_not_found(
        apigw: Any, method: dict[str, str]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.put_integration_response(**method, statusCode="200")
    assert error_of(err) == ("NotFoundException", 404)
