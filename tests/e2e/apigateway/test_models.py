"""Models, GetModelTemplate and request validators.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import error_of

PET = json.dumps({"type": "object", "properties": {"name": {"type": "string"},
                                                   "age": {"type": "integer"}}})


def test_create_model_and_get_by_name(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.create_model(restApiId=api["id"], name="Pet", contentType="application/json",
                             schema=PET)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert apigw.get_model(restApiId=api["id"], modelName="Pet")["schema"] == PET


def test_create_model_with_used_name_conflicts(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_model(restApiId=api["id"], name="Empty", contentType="application/json",
                           schema="{}")
    assert error_of(err) == ("ConflictException", 409)


def test_create_model_refuses_invalid_schema(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_model(restApiId=api["id"], name="Bad", contentType="application/json",
                           schema="{not json")
    assert error_of(err) == ("BadRequestException", 400)


def test_get_unknown_model_is_not_found(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_model(restApiId=api["id"], modelName="Nope")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid model name specified: Nope"


def test_update_and_delete_model(apigw: Any, api: dict[str, Any]) -> None:
    apigw.create_model(restApiId=api["id"], name="Pet", contentType="application/json",
                       schema=PET)
    got = apigw.update_model(restApiId=api["id"], modelName="Pet", patchOperations=[
        {"op": "replace", "path": "/description", "value": "a pet"}])
    assert got["description"] == "a pet"
    apigw.delete_model(restApiId=api["id"], modelName="Pet")
    names = {m["name"] for m in apigw.get_models(restApiId=api["id"])["items"]}
    assert names == {"Empty", "Error"}


def test_get_model_template_maps_each_property(apigw: Any, api: dict[str, Any]) -> None:
    apigw.create_model(restApiId=api["id"], name="Pet", contentType="application/json",
                       schema=PET)
    value = apigw.get_model_template(restApiId=api["id"], modelName="Pet")["value"]
    assert value.startswith("#set($inputRoot = $input.path('$'))")
    assert '"name" : "$inputRoot.name"' in value and '"age" : $inputRoot.age' in value


def test_request_validator_lifecycle(apigw: Any, api: dict[str, Any]) -> None:
    got = apigw.create_request_validator(restApiId=api["id"], name="body",
                                         validateRequestBody=True)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (got["validateRequestBody"], got["validateRequestParameters"]) == (True, False)
    updated = apigw.update_request_validator(
        restApiId=api["id"], requestValidatorId=got["id"],
        patchOperations=[{"op": "replace", "path": "/validateRequestParameters",
                          "value": "true"}])
    assert updated["validateRequestParameters"] is True
    listed = apigw.get_request_validators(restApiId=api["id"])["items"]
    assert [v["id"] for v in listed] == [got["id"]]
    apigw.delete_request_validator(restApiId=api["id"], requestValidatorId=got["id"])
    with pytest.raises(ClientError) as err:
        apigw.get_request_validator(restApiId=api["id"], requestValidatorId=got["id"])
    assert error_of(err) == ("NotFoundException", 404)


def test_method_with_unknown_validator_is_refused(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                         httpMethod="POST", authorizationType="NONE",
                         requestValidatorId="nosuch")
    assert error_of(err) == ("BadRequestException", 400)
