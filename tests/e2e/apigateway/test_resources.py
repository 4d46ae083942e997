"""CreateResource, GetResource(s), UpdateResource, DeleteResource.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of


def _child(apigw: Any, api: dict[str, Any], part: str, parent: str | None = None) -> Any:
    return apigw.create_resource(restApiId=api["id"], parentId=parent or api["rootResourceId"],
                                 pathPart=part)


def test_create_resource_computes_path(apigw: Any, api: dict[str, Any]) -> None:
    pets = _child(apigw, api, "pets")
    assert pets["ResponseMetadata"]["HTTPStatusCode"] == 201
    pet = _child(apigw, api, "{petId}", pets["id"])
    assert (pets["path"], pet["path"]) == ("/pets", "/pets/{petId}")
    assert pet["parentId"] == pets["id"] and pet["pathPart"] == "{petId}"


def test_create_resource_accepts_greedy_proxy(apigw: Any, api: dict[str, Any]) -> None:
    assert _child(apigw, api, "{proxy+}")["path"] == "/{proxy+}"


def test_create_resource_with_same_name_conflicts(apigw: Any, api: dict[str, Any]) -> None:
    _child(apigw, api, "pets")
    with pytest.raises(ClientError) as err:
        _child(apigw, api, "pets")
    assert error_of(err) == ("ConflictException", 409)
    assert err.value.response["Error"]["Message"] == (
        "Another resource with the same parent already has this name: pets")


def test_create_resource_under_greedy_is_refused(apigw: Any, api: dict[str, Any]) -> None:
    proxy = _child(apigw, api, "{proxy+}")
    with pytest.raises(ClientError) as err:
        _child(apigw, api, "x", proxy["id"])
    assert error_of(err) == ("BadRequestException", 400)


def test_create_resource_allows_one_variable_sibling(apigw: Any, api: dict[str, Any]) -> None:
    _child(apigw, api, "{a}")
    with pytest.raises(ClientError) as err:
        _child(apigw, api, "{b}")
    assert error_of(err) == ("BadRequestException", 400)


def test_create_resource_refuses_bad_path_part(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        _child(apigw, api, "a b")
    assert error_of(err) == ("BadRequestException", 400)


def test_create_resource_with_unknown_parent_is_not_found(apigw: Any,
                                                          api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        _child(apigw, api, "x", "nosuchres0")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Resource identifier specified"


def test_get_resources_lists_method_names_without_embed(apigw: Any, api: dict[str, Any]) -> None:
    """Without ``embed=methods`` each method is an empty object; with it, in full."""
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    plain = apigw.get_resources(restApiId=api["id"])["items"]
    assert plain[0]["resourceMethods"] == {"GET": {}}
    full = apigw.get_resources(restApiId=api["id"], embed=["methods"])["items"]
    method = full[0]["resourceMethods"]["GET"]
    assert method["httpMethod"] == "GET"
    assert method["methodIntegration"]["type"] == "MOCK"


def test_get_resources_pages(apigw: Any, api: dict[str, Any]) -> None:
    for name in ("a", "b", "c"):
        _child(apigw, api, name)
    first = apigw.get_resources(restApiId=api["id"], limit=2)
    second = apigw.get_resources(restApiId=api["id"], limit=2, position=first["position"])
    paths = [r["path"] for r in first["items"] + second["items"]]
    assert paths == ["/", "/a", "/b", "/c"]
    assert "position" not in second


def test_delete_resource_removes_descendants(apigw: Any, api: dict[str, Any]) -> None:
    pets = _child(apigw, api, "pets")
    pet = _child(apigw, api, "{id}", pets["id"])
    resp = apigw.delete_resource(restApiId=api["id"], resourceId=pets["id"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_resource(restApiId=api["id"], resourceId=pet["id"])
    assert error_of(err) == ("NotFoundException", 404)


def test_delete_root_resource_is_refused(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.delete_resource(restApiId=api["id"], resourceId=api["rootResourceId"])
    assert error_of(err) == ("BadRequestException", 400)


def test_update_resource_renames_and_repaths_children(apigw: Any, api: dict[str, Any]) -> None:
    pets = _child(apigw, api, "pets")
    pet = _child(apigw, api, "{id}", pets["id"])
    got = apigw.update_resource(restApiId=api["id"], resourceId=pets["id"], patchOperations=[
        {"op": "replace", "path": "/pathPart", "value": "dogs"}])
    assert got["path"] == "/dogs"
    child = apigw.get_resource(restApiId=api["id"], resourceId=pet["id"])
    assert child["path"] == "/dogs/{id}"


def test_update_resource_moves_to_new_parent(apigw: Any, api: dict[str, Any]) -> None:
    a = _child(apigw, api, "a")
    b = _child(apigw, api, "b")
    got = apigw.update_resource(restApiId=api["id"], resourceId=b["id"], patchOperations=[
        {"op": "replace", "path": "/parentId", "value": a["id"]}])
    assert got["path"] == "/a/b"
