"""CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import error_of


def test_create_rest_api_answers_201_with_aws_defaults(apigw: Any, api: dict[str, Any]) -> None:
    """A new API has apiKeySource HEADER, an EDGE endpoint and the execute-api endpoint on."""
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(api["id"]) == 10
    assert api["apiKeySource"] == "HEADER"
    assert api["endpointConfiguration"]["types"] == ["EDGE"]
    assert api["disableExecuteApiEndpoint"] is False
    assert "createdDate" in api


def test_create_rest_api_makes_root_resource(apigw: Any, api: dict[str, Any]) -> None:
    """rootResourceId names the API's "/" resource."""
    root = apigw.get_resource(restApiId=api["id"], resourceId=api["rootResourceId"])
    assert root["path"] == "/"
    assert "parentId" not in root


def test_create_rest_api_makes_empty_and_error_models(apigw: Any, api: dict[str, Any]) -> None:
    """AWS creates the Empty and Error models with every API."""
    names = {m["name"] for m in apigw.get_models(restApiId=api["id"])["items"]}
    assert names == {"Empty", "Error"}


def test_create_rest_api_keeps_given_members(apigw: Any) -> None:
    created = apigw.create_rest_api(
        name="given", description="d", binaryMediaTypes=["image/png"],
        endpointConfiguration={"types": ["REGIONAL"]}, apiKeySource="AUTHORIZER",
        tags={"team": "a"})
    try:
        got = apigw.get_rest_api(restApiId=created["id"])
        assert got["description"] == "d"
        assert got["binaryMediaTypes"] == ["image/png"]
        assert got["endpointConfiguration"]["types"] == ["REGIONAL"]
        assert got["apiKeySource"] == "AUTHORIZER"
        assert got["tags"] == {"team": "a"}
    finally:
        apigw.delete_rest_api(restApiId=created["id"])


def test_get_rest_api_of_unknown_id_is_not_found(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_rest_api(restApiId="nosuchapi0")
    assert error_of(err) == ("NotFoundException", 404)
    assert "Invalid API identifier specified" in err.value.response["Error"]["Message"]


def test_get_rest_apis_pages_with_position_and_limit(apigw: Any) -> None:
    ids = [apigw.create_rest_api(name=f"page{uuid.uuid4().hex[:6]}")["id"] for _ in range(3)]
    try:
        seen: list[str] = []
        kwargs: dict[str, Any] = {"limit": 2}
        for _ in range(50):
            got = apigw.get_rest_apis(**kwargs)
            assert len(got["items"]) <= 2
            seen.extend(a["id"] for a in got["items"])
            if "position" not in got:
                break
            kwargs["position"] = got["position"]
        assert set(ids) <= set(seen)
        assert len(seen) == len(set(seen))
    finally:
        for api_id in ids:
            apigw.delete_rest_api(restApiId=api_id)


def test_update_rest_api_replaces_name_and_description(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "replace", "path": "/description", "value": "new"},
    ])
    assert (got["name"], got["description"]) == ("renamed", "new")
    assert apigw.get_rest_api(restApiId=api["id"])["name"] == "renamed"


def test_update_rest_api_adds_and_removes_binary_media_types(apigw: Any,
                                                              api: dict[str, Any]) -> None:
    """``/binaryMediaTypes/{type}`` with ``/`` escaped as ``~1``."""
    got = apigw.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/image~1png"},
        {"op": "add", "path": "/binaryMediaTypes/*~1*"},
    ])
    assert got["binaryMediaTypes"] == ["image/png", "*/*"]
    got = apigw.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "remove", "path": "/binaryMediaTypes/image~1png"}])
    assert got["binaryMediaTypes"] == ["*/*"]


def test_update_rest_api_converts_booleans(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"}])
    assert got["disableExecuteApiEndpoint"] is True


def test_update_rest_api_changes_endpoint_type(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "REGIONAL"}])
    assert got["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_update_rest_api_refuses_unknown_path(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.update_rest_api(restApiId=api["id"], patchOperations=[
            {"op": "replace", "path": "/id", "value": "x"}])
    assert error_of(err) == ("BadRequestException", 400)
    assert "Invalid patch path" in err.value.response["Error"]["Message"]


def test_delete_rest_api_answers_202_and_removes_it(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="gone")["id"]
    resp = apigw.delete_rest_api(restApiId=api_id)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_rest_api(restApiId=api_id)
    assert error_of(err) == ("NotFoundException", 404)
    with pytest.raises(ClientError) as err:
        apigw.get_resources(restApiId=api_id)
    assert error_of(err) == ("NotFoundException", 404)


def test_unknown_api_over_plain_http_is_rest_json_404(server: Any) -> None:
    """The error travels as rest-json: ``x-amzn-errortype`` and a ``message`` member."""
    import json
    import urllib.error
    import urllib.request

    auth = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/aws4_request, "
            "SignedHeaders=host, Signature=0")
    request = urllib.request.Request(f"{server.url}/restapis/nosuchapi0",
                                     headers={"Authorization": auth})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 404
    assert err.value.headers["x-amzn-errortype"] == "NotFoundException"
    assert "Invalid API identifier specified" in json.loads(err.value.read())["message"]


def test_create_rest_api_clone_from_copies_definition(apigw: Any, api: dict[str, Any]) -> None:
    """cloneFrom copies resources, methods and models under new ids; no stages."""
    from tests.e2e.apigateway.conftest import add_mock_method

    pets = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"],
                                 pathPart="pets")
    add_mock_method(apigw, api["id"], pets["id"])
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    clone = apigw.create_rest_api(name="clone", cloneFrom=api["id"])
    try:
        items = apigw.get_resources(restApiId=clone["id"], embed=["methods"])["items"]
        by_path = {r["path"]: r for r in items}
        assert set(by_path) == {"/", "/pets"}
        assert by_path["/"]["id"] == clone["rootResourceId"]
        assert by_path["/pets"]["id"] != pets["id"]
        assert by_path["/pets"]["parentId"] == clone["rootResourceId"]
        method = by_path["/pets"]["resourceMethods"]["GET"]
        assert method["methodIntegration"]["cacheNamespace"] == by_path["/pets"]["id"]
        assert apigw.get_stages(restApiId=clone["id"])["item"] == []
    finally:
        apigw.delete_rest_api(restApiId=clone["id"])


def test_create_rest_api_clone_from_unknown_is_not_found(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_rest_api(name="clone", cloneFrom="nosuchapi0")
    assert error_of(err) == ("NotFoundException", 404)
