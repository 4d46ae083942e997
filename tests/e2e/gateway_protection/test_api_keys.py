"""API keys on methods that require them, from the header or from a Lambda authorizer.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from tests.e2e.gateway_protection.conftest import Api, event_of, get
from tests.server import RunningServer

NewApi = Callable[..., Api]
Made = dict[str, list[str]]


def keyed_api(new_api: NewApi, **kwargs: Any) -> Api:
    api = new_api(**kwargs)
    api.method("/pets", "GET", apiKeyRequired=True)
    api.method("/open", "GET")
    api.deploy()
    return api


def api_key(apigw: Any, made: Made, *, enabled: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = apigw.create_api_key(name="k" + uuid.uuid4().hex[:8], enabled=enabled)
    made["keys"].append(out["id"])
    return out


def plan_for(apigw: Any, made: Made, api: Api, *keys: dict[str, Any], stage: str = "test",
             **plan: Any) -> str:
    out = apigw.create_usage_plan(name="p" + uuid.uuid4().hex[:8],
                                  apiStages=[{"apiId": api.id, "stage": stage}], **plan)
    made["plans"].append(out["id"])
    for key in keys:
        apigw.create_usage_plan_key(usagePlanId=out["id"], keyId=key["id"], keyType="API_KEY")
    return str(out["id"])


def test_a_missing_key_answers_403_forbidden(
        server: RunningServer, new_api: NewApi) -> None:
    api = keyed_api(new_api)

    reply = get(server, api)

    assert reply.status == 403
    assert reply.json() == {"message": "Forbidden"}
    assert reply.header("x-amzn-ErrorType") == "ForbiddenException"


def test_an_unknown_key_answers_403(server: RunningServer, new_api: NewApi) -> None:
    api = keyed_api(new_api)

    reply = get(server, api, headers={"x-api-key": "no-such-key-value-at-all"})

    assert reply.status == 403
    assert reply.json() == {"message": "Forbidden"}


def test_a_key_in_a_usage_plan_of_the_stage_is_admitted_and_shown_in_the_event(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, key)

    event = event_of(get(server, api, headers={"x-api-key": key["value"]}))

    assert event["requestContext"]["identity"]["apiKey"] == key["value"]
    assert event["requestContext"]["identity"]["apiKeyId"] == key["id"]


def test_a_disabled_key_answers_403(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans, enabled=False)
    plan_for(apigw, keys_and_plans, api, key)

    assert get(server, api, headers={"x-api-key": key["value"]}).status == 403


def test_disabling_a_key_takes_effect_at_once(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, key)
    assert get(server, api, headers={"x-api-key": key["value"]}).status == 200

    apigw.update_api_key(apiKey=key["id"], patchOperations=[
        {"op": "replace", "path": "/enabled", "value": "false"}])

    assert get(server, api, headers={"x-api-key": key["value"]}).status == 403


def test_a_key_in_no_usage_plan_answers_403(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans)

    assert get(server, api, headers={"x-api-key": key["value"]}).status == 403


def test_a_key_in_a_plan_of_another_stage_answers_403(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    api.deploy("prod")
    key = api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, key, stage="prod")

    assert get(server, api, headers={"x-api-key": key["value"]}).status == 403
    assert get(server, api, stage="prod", headers={"x-api-key": key["value"]}).status == 200


def test_a_method_not_requiring_a_key_ignores_it(
        server: RunningServer, new_api: NewApi) -> None:
    api = keyed_api(new_api)

    event = event_of(get(server, api, "/open", headers={"x-api-key": "whatever"}))

    assert event["requestContext"]["identity"]["apiKey"] is None


def test_with_key_source_authorizer_the_key_comes_from_the_authorizer(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made,
        authorizer_arn: str) -> None:
    api = new_api(apiKeySource="AUTHORIZER")
    auth_id = api.authorizer(authorizer_arn, authorizerResultTtlInSeconds=0)
    api.method("/pets", "GET", apiKeyRequired=True, authorizationType="CUSTOM",
               authorizerId=auth_id)
    api.deploy()
    key = api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, key)

    admitted = get(server, api, headers={"Authorization": f"key:{key['value']}"})
    header_only = get(server, api, headers={"Authorization": "allow:x",
                                            "x-api-key": key["value"]})

    assert event_of(admitted)["requestContext"]["identity"]["apiKey"] == key["value"]
    assert header_only.status == 403
