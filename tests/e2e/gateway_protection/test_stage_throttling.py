"""Stage and method throttling from the stage's method settings.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.e2e.gateway_protection.conftest import Api, get
from tests.server import RunningServer

NewApi = Callable[..., Api]


def throttled_api(new_api: NewApi, apigw: Any, key: str, burst: int) -> Api:
    api = new_api()
    api.method("/pets", "GET")
    api.method("/pets", "POST")
    api.deploy()
    apigw.update_stage(restApiId=api.id, stageName="test", patchOperations=[
        {"op": "replace", "path": f"/{key}/throttling/burstLimit", "value": str(burst)},
        {"op": "replace", "path": f"/{key}/throttling/rateLimit", "value": "0.01"},
    ])
    return api


def test_requests_over_the_stage_burst_answer_429_too_many_requests(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = throttled_api(new_api, apigw, "*/*", 2)

    statuses = [get(server, api).status for _ in range(3)]
    reply = get(server, api)

    assert statuses == [200, 200, 429]
    assert reply.status == 429
    assert reply.json() == {"message": "Too Many Requests"}
    assert reply.header("x-amzn-ErrorType") == "TooManyRequestsException"


def test_each_method_has_its_own_bucket_under_the_stage_default(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = throttled_api(new_api, apigw, "*/*", 1)

    assert get(server, api).status == 200
    assert get(server, api).status == 429
    assert get(server, api, method="POST").status == 200


def test_a_method_setting_throttles_only_its_method(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = throttled_api(new_api, apigw, "~1pets/GET", 1)

    assert get(server, api).status == 200
    assert get(server, api).status == 429
    assert [get(server, api, method="POST").status for _ in range(3)] == [200, 200, 200]


def test_default_stage_settings_do_not_throttle(
        server: RunningServer, new_api: NewApi) -> None:
    api = new_api()
    api.method("/pets", "GET")
    api.deploy()

    assert [get(server, api).status for _ in range(5)] == [200] * 5
