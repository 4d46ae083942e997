"""PutRestApi: a definition merged into, or overwriting, an existing REST API.

https://docs.aws.amazon.com/apigateway/latest/api/API_PutRestApi.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-update.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway_openapi.conftest import import_api, resources_by_path
from tests.e2e.apigateway_openapi.definitions import swagger


def _mock(status: str = "200") -> dict[str, Any]:
    return {"responses": {status: {"description": "ok"}},
            "x-amazon-apigateway-integration": {
                "type": "mock", "responses": {"default": {"statusCode": status}}}}


def _update(paths: dict[str, Any], title: str = "Updated") -> bytes:
    return json.dumps({"swagger": "2.0", "info": {"title": title, "version": "2"},
                       "paths": paths}).encode()


@pytest.fixture
def api_id(apigw: Any, imported: list[str]) -> str:
    """An API with GET /a and GET /b (mock integrations)."""
    doc = swagger(paths={"/a": {"get": _mock()}, "/b": {"get": _mock()}})
    return str(import_api(apigw, imported, doc)["id"])


def test_put_merge_adds_resources_and_keeps_the_others(apigw: Any, api_id: str) -> None:
    """mode=merge adds the definition's paths; the API's other resources stay, with their
    ids."""
    before = resources_by_path(apigw, api_id)

    result = apigw.put_rest_api(restApiId=api_id, mode="merge",
                                body=_update({"/c/d": {"post": _mock()}}))

    assert result["ResponseMetadata"]["HTTPStatusCode"] == 200
    after = resources_by_path(apigw, api_id)
    assert set(after) == {"/", "/a", "/b", "/c", "/c/d"}
    assert after["/a"]["id"] == before["/a"]["id"]
    assert set(after["/a"]["resourceMethods"]) == {"GET"}


def test_put_defaults_to_merge(apigw: Any, api_id: str) -> None:
    """Without mode, PutRestApi merges."""
    apigw.put_rest_api(restApiId=api_id, body=_update({"/c": {"get": _mock()}}))

    assert set(resources_by_path(apigw, api_id)) == {"/", "/a", "/b", "/c"}


def test_put_without_title_keeps_the_name(apigw: Any, api_id: str) -> None:
    """A definition without info.title may update an API: its name stays."""
    body = json.dumps({"swagger": "2.0", "paths": {"/c": {"get": _mock()}}}).encode()

    apigw.put_rest_api(restApiId=api_id, body=body)

    assert apigw.get_rest_api(restApiId=api_id)["name"] == "PetStore"
    assert "/c" in resources_by_path(apigw, api_id)


def test_put_merge_replaces_a_method_of_the_same_verb(apigw: Any, api_id: str) -> None:
    """A method the definition defines replaces the existing method of that verb; the
    resource's other methods stay."""
    apigw.put_rest_api(restApiId=api_id, mode="merge",
                       body=_update({"/a": {"get": _mock("201"), "put": _mock()}}))

    a = resources_by_path(apigw, api_id)["/a"]
    assert set(a["resourceMethods"]) == {"GET", "PUT"}
    get = apigw.get_method(restApiId=api_id, resourceId=a["id"], httpMethod="GET")
    assert set(get["methodResponses"]) == {"201"}


def test_put_overwrite_replaces_the_whole_api(apigw: Any, api_id: str) -> None:
    """mode=overwrite removes what the definition does not have; the API keeps its id and
    root resource and takes the definition's name."""
    root = resources_by_path(apigw, api_id)["/"]["id"]

    result = apigw.put_rest_api(restApiId=api_id, mode="overwrite",
                                body=_update({"/z": {"get": _mock()}}, title="Fresh"))

    assert result["id"] == api_id
    after = resources_by_path(apigw, api_id)
    assert set(after) == {"/", "/z"}
    assert after["/"]["id"] == root
    assert apigw.get_rest_api(restApiId=api_id)["name"] == "Fresh"


def test_put_invalid_mode_is_refused(apigw: Any, api_id: str) -> None:
    """A mode other than merge or overwrite is refused (400) and changes nothing. (AWS
    answers BadRequestException; cloudlet's model check answers ValidationException.)"""
    with pytest.raises(ClientError) as err:
        apigw.put_rest_api(restApiId=api_id, mode="replace", body=_update({"/c": {}}))

    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert set(resources_by_path(apigw, api_id)) == {"/", "/a", "/b"}


def test_put_unknown_api_is_not_found(apigw: Any) -> None:
    """An API id that does not exist: NotFoundException (404)."""
    with pytest.raises(ClientError) as err:
        apigw.put_rest_api(restApiId="nosuchapi0", body=_update({}))

    resp = err.value.response
    assert resp["Error"]["Code"] == "NotFoundException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_put_invalid_definition_changes_nothing(apigw: Any, api_id: str) -> None:
    """An invalid definition (bad integration) fails with BadRequestException; the API is
    as it was, even in overwrite mode."""
    bad = {"get": {"x-amazon-apigateway-integration": {"type": "ftp"}}}

    with pytest.raises(ClientError) as err:
        apigw.put_rest_api(restApiId=api_id, mode="overwrite", body=_update({"/x": bad}))

    assert err.value.response["Error"]["Code"] == "BadRequestException"
    assert set(resources_by_path(apigw, api_id)) == {"/", "/a", "/b"}


def test_put_overwrite_removes_models_and_authorizers(apigw: Any, imported: list[str]) -> None:
    """overwrite drops the API's models (but Empty and Error), authorizers and request
    validators the new definition does not define."""
    api_id = import_api(apigw, imported, swagger())["id"]

    apigw.put_rest_api(restApiId=api_id, mode="overwrite", body=_update({"/z": {"get": _mock()}}))

    models = {m["name"] for m in apigw.get_models(restApiId=api_id)["items"]}
    assert models == {"Empty", "Error"}
    assert apigw.get_authorizers(restApiId=api_id)["items"] == []
    assert apigw.get_request_validators(restApiId=api_id)["items"] == []


def test_put_merge_replaces_a_model_of_the_same_name(apigw: Any, imported: list[str]) -> None:
    """merge replaces a model the definition redefines (same id), keeps the others."""
    api_id = import_api(apigw, imported, swagger())["id"]
    before = apigw.get_model(restApiId=api_id, modelName="Pet")
    body = json.dumps({"swagger": "2.0", "info": {"title": "PetStore"}, "paths": {},
                       "definitions": {"Pet": {"type": "string"}}}).encode()

    apigw.put_rest_api(restApiId=api_id, mode="merge", body=body)

    after = apigw.get_model(restApiId=api_id, modelName="Pet")
    assert after["id"] == before["id"]
    assert json.loads(after["schema"]) == {"type": "string"}
    assert apigw.get_model(restApiId=api_id, modelName="NewPet")["name"] == "NewPet"
