"""Basic request validation: required parameters and body models.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.e2e.gateway_protection.conftest import Api, get
from tests.server import RunningServer

NewApi = Callable[..., Api]

PET = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
       "required": ["name"], "properties": {"name": {"type": "string"},
                                            "age": {"type": "integer", "minimum": 0}}}


def validated_api(new_api: NewApi, apigw: Any, *, body: bool = True, params: bool = True,
                  parameters: dict[str, bool] | None = None,
                  models: dict[str, str] | None = None) -> Api:
    api = new_api()
    apigw.create_model(restApiId=api.id, name="Pet", contentType="application/json",
                       schema=json.dumps(PET))
    validator = apigw.create_request_validator(restApiId=api.id, name="v",
                                               validateRequestBody=body,
                                               validateRequestParameters=params)
    api.method("/pets", "POST", requestValidatorId=validator["id"],
               requestParameters=parameters or {}, requestModels=models or {})
    api.deploy()
    return api


def post(server: RunningServer, api: Api, body: Any, path: str = "/pets",
         headers: dict[str, str] | None = None) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return get(server, api, path, method="POST", body=raw,
               headers={"Content-Type": "application/json", **(headers or {})})


def test_missing_required_parameters_answer_400_naming_them(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, body=False, parameters={
        "method.request.querystring.color": True, "method.request.header.X-Tag": True,
        "method.request.querystring.optional": False})

    reply = post(server, api, {})

    assert reply.status == 400
    assert reply.json() == {"message": "Missing required request parameters: [color, X-Tag]"}


def test_present_required_parameters_are_admitted(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, body=False, parameters={
        "method.request.querystring.color": True, "method.request.header.X-Tag": True})

    reply = post(server, api, {}, "/pets?color=red", headers={"X-Tag": "t"})

    assert reply.status == 200


def test_a_blank_required_parameter_counts_as_missing(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, body=False,
                        parameters={"method.request.querystring.color": True})

    reply = post(server, api, {}, "/pets?color=")

    assert reply.status == 400
    assert reply.json() == {"message": "Missing required request parameters: [color]"}


def test_parameters_are_not_checked_by_a_body_only_validator(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, params=False,
                        parameters={"method.request.querystring.color": True})

    assert post(server, api, {}).status == 200


def test_a_body_failing_the_model_answers_400_invalid_request_body(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, models={"application/json": "Pet"})

    reply = post(server, api, {"age": -1})

    assert reply.status == 400
    assert reply.json() == {"message": "Invalid request body"}
    assert reply.header("x-amzn-ErrorType") == "BadRequestException"


def test_a_body_matching_the_model_is_admitted(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, models={"application/json": "Pet"})

    assert post(server, api, {"name": "rex", "age": 3}).status == 200


def test_a_body_that_is_not_json_answers_400(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, models={"application/json": "Pet"})

    reply = post(server, api, b"{not json")

    assert reply.status == 400
    assert reply.json() == {"message": "Invalid request body"}


def test_a_content_type_without_a_model_is_not_validated(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, models={"application/json": "Pet"})

    reply = post(server, api, b"anything", headers={"Content-Type": "text/plain"})

    assert reply.status == 200


def test_the_default_model_validates_any_content_type(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = validated_api(new_api, apigw, models={"$default": "Pet"})

    reply = post(server, api, {"age": 1}, headers={"Content-Type": "text/plain"})

    assert reply.status == 400


def test_a_model_may_refer_to_another_model(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = new_api()
    apigw.create_model(restApiId=api.id, name="Pet", contentType="application/json",
                       schema=json.dumps(PET))
    ref = f"https://apigateway.amazonaws.com/restapis/{api.id}/models/Pet"
    apigw.create_model(restApiId=api.id, name="Pets", contentType="application/json",
                       schema=json.dumps({"type": "array", "items": {"$ref": ref}}))
    validator = apigw.create_request_validator(restApiId=api.id, name="v",
                                               validateRequestBody=True)
    api.method("/pets", "POST", requestValidatorId=validator["id"],
               requestModels={"application/json": "Pets"})
    api.deploy()

    assert post(server, api, [{"name": "a"}]).status == 200
    assert post(server, api, [{"age": 1}]).status == 400


def test_a_method_without_a_validator_is_not_validated(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = new_api()
    apigw.create_model(restApiId=api.id, name="Pet", contentType="application/json",
                       schema=json.dumps(PET))
    api.method("/pets", "POST", requestModels={"application/json": "Pet"},
               requestParameters={"method.request.querystring.color": True})
    api.deploy()

    assert post(server, api, {"age": -1}).status == 200
