"""Usage plans: per-key throttling, quotas and the usage they record.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tests.e2e.gateway_protection.conftest import Api, get
from tests.e2e.gateway_protection.test_api_keys import api_key, keyed_api, plan_for
from tests.server import RunningServer

NewApi = Callable[..., Api]
Made = dict[str, list[str]]


def statuses(server: RunningServer, api: Api, key: dict[str, Any], count: int) -> list[int]:
    return [get(server, api, headers={"x-api-key": key["value"]}).status for _ in range(count)]


def test_requests_over_the_plan_burst_answer_429_too_many_requests(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, key, throttle={"burstLimit": 2, "rateLimit": 0.01})

    found = statuses(server, api, key, 3)
    reply = get(server, api, headers={"x-api-key": key["value"]})

    assert found == [200, 200, 429]
    assert reply.json() == {"message": "Too Many Requests"}


def test_each_key_of_a_plan_is_throttled_on_its_own(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    first, second = api_key(apigw, keys_and_plans), api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, first, second,
             throttle={"burstLimit": 1, "rateLimit": 0.01})

    assert statuses(server, api, first, 2) == [200, 429]
    assert statuses(server, api, second, 1) == [200]


def test_a_plan_may_throttle_one_method_of_its_stage(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = new_api()
    api.method("/pets", "GET", apiKeyRequired=True)
    api.method("/pets", "POST", apiKeyRequired=True)
    api.deploy()
    key = api_key(apigw, keys_and_plans)
    out = apigw.create_usage_plan(name="pm", apiStages=[{
        "apiId": api.id, "stage": "test",
        "throttle": {"/pets/GET": {"burstLimit": 1, "rateLimit": 0.01}}}])
    keys_and_plans["plans"].append(out["id"])
    apigw.create_usage_plan_key(usagePlanId=out["id"], keyId=key["id"], keyType="API_KEY")
    headers = {"x-api-key": key["value"]}

    assert [get(server, api, headers=headers).status for _ in range(2)] == [200, 429]
    assert get(server, api, method="POST", headers=headers).status == 200


def test_a_used_up_quota_answers_429_limit_exceeded(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans)
    plan_for(apigw, keys_and_plans, api, key, quota={"limit": 2, "period": "DAY"})

    found = statuses(server, api, key, 3)
    reply = get(server, api, headers={"x-api-key": key["value"]})

    assert found == [200, 200, 429]
    assert reply.json() == {"message": "Limit Exceeded"}
    assert reply.header("x-amzn-ErrorType") == "LimitExceededException"


def test_admitted_requests_show_in_get_usage(
        server: RunningServer, new_api: NewApi, apigw: Any, keys_and_plans: Made) -> None:
    api = keyed_api(new_api)
    key = api_key(apigw, keys_and_plans)
    plan = plan_for(apigw, keys_and_plans, api, key, quota={"limit": 10, "period": "DAY"})
    statuses(server, api, key, 3)
    today = dt.datetime.now(dt.UTC).date().isoformat()

    usage = apigw.get_usage(usagePlanId=plan, startDate=today, endDate=today)

    assert usage["items"][key["id"]] == [[3, 7]]
