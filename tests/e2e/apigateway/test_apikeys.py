"""CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateApiKey.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of


def test_create_api_key_generates_40_char_value(apigw: Any) -> None:
    got = apigw.create_api_key(name="gen")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(got["value"]) == 40
    assert got["enabled"] is False
    assert got["stageKeys"] == []


def test_create_api_key_keeps_given_value(apigw: Any) -> None:
    value = uuid.uuid4().hex
    got = apigw.create_api_key(name="given", value=value, enabled=True)
    assert (got["value"], got["enabled"]) == (value, True)


def test_create_api_key_refuses_short_value(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_api_key(name="short", value="abc")
    assert error_of(err) == ("BadRequestException", 400)


def test_create_api_key_with_stage_keys(apigw: Any, api: dict[str, Any]) -> None:
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    got = apigw.create_api_key(name="staged",
                               stageKeys=[{"restApiId": api["id"], "stageName": "dev"}])
    assert got["stageKeys"] == [f"{api['id']}/dev"]


def test_get_api_key_hides_value_unless_asked(apigw: Any) -> None:
    key = apigw.create_api_key(name="hidden")
    assert "value" not in apigw.get_api_key(apiKey=key["id"])
    assert apigw.get_api_key(apiKey=key["id"], includeValue=True)["value"] == key["value"]


def test_get_api_keys_filters_by_name_prefix(apigw: Any) -> None:
    prefix = "q" + uuid.uuid4().hex[:8]
    mine = {apigw.create_api_key(name=f"{prefix}-{i}")["id"] for i in range(2)}
    apigw.create_api_key(name="other")
    got = apigw.get_api_keys(nameQuery=prefix, includeValues=True)["items"]
    assert {k["id"] for k in got} == mine
    assert all("value" in k for k in got)


def test_get_unknown_api_key_is_not_found(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_api_key(apiKey="nosuchkey0")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid API Key identifier specified"


def test_update_api_key_enables_and_renames(apigw: Any) -> None:
    key = apigw.create_api_key(name="before")
    got = apigw.update_api_key(apiKey=key["id"], patchOperations=[
        {"op": "replace", "path": "/enabled", "value": "true"},
        {"op": "replace", "path": "/name", "value": "after"}])
    assert (got["enabled"], got["name"]) == (True, "after")


def test_update_api_key_refuses_value_change(apigw: Any) -> None:
    key = apigw.create_api_key(name="fixed")
    with pytest.raises(ClientError) as err:
        apigw.update_api_key(apiKey=key["id"], patchOperations=[
            {"op": "replace", "path": "/value", "value": "x" * 30}])
    assert error_of(err) == ("BadRequestException", 400)


def test_delete_api_key(apigw: Any) -> None:
    key = apigw.create_api_key(name="gone")
    assert apigw.delete_api_key(apiKey=key["id"])["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_api_key(apiKey=key["id"])
    assert error_of(err) == ("NotFoundException", 404)


def test_import_api_keys_from_csv(apigw: Any) -> None:
    v1, v2 = uuid.uuid4().hex, uuid.uuid4().hex
    body = f"Name,Key,Description,Enabled\nimp1,{v1},first,true\nimp2,{v2},second,false\n"
    got = apigw.import_api_keys(body=body.encode(), format="csv")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(got["ids"]) == 2
    first = apigw.get_api_key(apiKey=got["ids"][0], includeValue=True)
    assert (first["name"], first["value"], first["enabled"]) == ("imp1", v1, True)
