"""PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses.
https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import error_of


def _put(apigw: Any, api: dict[str, Any], verb: str = "GET", **extra: Any) -> Any:
    return apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                            httpMethod=verb, authorizationType="NONE", **extra)


def test_put_method_answers_201_with_defaults(apigw: Any, api: dict[str, Any]) -> None:
    got = _put(apigw, api, requestParameters={"method.request.querystring.q": True})
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (got["httpMethod"], got["authorizationType"], got["apiKeyRequired"]) == (
        "GET", "NONE", False)
    same = apigw.get_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                            httpMethod="GET")
    assert same["requestParameters"] == {"method.request.querystring.q": True}


def test_put_method_twice_conflicts(apigw: Any, api: dict[str, Any]) -> None:
    _put(apigw, api)
    with pytest.raises(ClientError) as err:
        _put(apigw, api)
    assert error_of(err) == ("ConflictException", 409)


def test_put_method_accepts_any(apigw: Any, api: dict[str, Any]) -> None:
    assert _put(apigw, api, "ANY")["httpMethod"] == "ANY"


def test_put_method_refuses_unknown_verb(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        _put(apigw, api, "FETCH")
    assert error_of(err) == ("BadRequestException", 400)


def test_put_method_custom_needs_authorizer(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                         httpMethod="GET", authorizationType="CUSTOM")
    assert error_of(err) == ("BadRequestException", 400)


def test_get_unknown_method_is_not_found(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                         httpMethod="POST")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Method identifier specified"


def test_delete_method_removes_it(apigw: Any, api: dict[str, Any]) -> None:
    _put(apigw, api)
    resp = apigw.delete_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                               httpMethod="GET")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as err:
        apigw.get_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                         httpMethod="GET")
    assert error_of(err) == ("NotFoundException", 404)


def test_update_method_patches_api_key_and_parameters(apigw: Any, api: dict[str, Any]) -> None:
    _put(apigw, api)
    got = apigw.update_method(
        restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
        patchOperations=[
            {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
            {"op": "add", "path": "/requestParameters/method.request.querystring.x",
             "value": "false"},
            {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
        ])
    assert got["apiKeyRequired"] is True
    assert got["requestParameters"] == {"method.request.querystring.x": False}
    assert got["requestModels"] == {"application/json": "Empty"}


def test_update_method_refuses_unknown_path(apigw: Any, api: dict[str, Any]) -> None:
    _put(apigw, api)
    with pytest.raises(ClientError) as err:
        apigw.update_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                            httpMethod="GET",
                            patchOperations=[{"op": "replace", "path": "/httpMethod",
                                              "value": "POST"}])
    assert error_of(err) == ("BadRequestException", 400)


def test_method_response_put_get_update_delete(apigw: Any, api: dict[str, Any]) -> None:
    _put(apigw, api)
    key = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET",
           "statusCode": "200"}
    put = apigw.put_method_response(**key, responseModels={"application/json": "Empty"},
                                    responseParameters={"method.response.header.X-A": False})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert apigw.get_method_response(**key)["responseModels"] == {"application/json": "Empty"}
    method = apigw.get_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                              httpMethod="GET")
    assert method["methodResponses"]["200"]["statusCode"] == "200"
    got = apigw.update_method_response(**key, patchOperations=[
        {"op": "replace", "path": "/responseParameters/method.response.header.X-A",
         "value": "true"}])
    assert got["responseParameters"] == {"method.response.header.X-A": True}
    apigw.delete_method_response(**key)
    with pytest.raises(ClientError) as err:
        apigw.get_method_response(**key)
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Response status code specified"
