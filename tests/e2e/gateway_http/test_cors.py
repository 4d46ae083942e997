"""CORS answered by the gateway from the API's CorsConfiguration.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.gateway_http.conftest import Call

CORS = {"AllowOrigins": ["https://app.example"], "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["content-type", "x-api"], "ExposeHeaders": ["x-custom"],
        "MaxAge": 600, "AllowCredentials": True}


@pytest.fixture
def cors_api(create_api: Any, handler_arn: str) -> str:
    return str(create_api(Target=handler_arn, CorsConfiguration=CORS)["ApiId"])


def _preflight(origin: str) -> list[tuple[str, str]]:
    return [("Origin", origin), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type")]


def test_preflight_is_answered_by_the_gateway(call: Call, cors_api: str) -> None:
    answer = call(cors_api, "OPTIONS", "/anything", headers=_preflight("https://app.example"))

    assert answer.status == 204
    assert answer.header("access-control-allow-origin") == "https://app.example"
    assert answer.header("access-control-allow-methods") == "GET,POST"
    assert answer.header("access-control-allow-headers") == "content-type,x-api"
    assert answer.header("access-control-max-age") == "600"
    assert answer.header("access-control-allow-credentials") == "true"
    assert answer.body == b""


def test_preflight_from_other_origin_gets_no_cors_headers(call: Call, cors_api: str) -> None:
    answer = call(cors_api, "OPTIONS", "/anything", headers=_preflight("https://evil.example"))

    assert answer.status == 204
    assert answer.header("access-control-allow-origin") is None


def test_responses_to_allowed_origins_carry_cors_headers(call: Call, cors_api: str) -> None:
    answer = call(cors_api, "GET", "/", headers=[("Origin", "https://app.example"),
                                                 ("X-Mode", "cors")])

    assert answer.status == 200
    assert answer.header("access-control-allow-origin") == "https://app.example"
    assert answer.header("access-control-expose-headers") == "x-custom"
    assert answer.header("access-control-allow-credentials") == "true"


def test_integration_cors_headers_are_ignored(call: Call, cors_api: str) -> None:
    answer = call(cors_api, "GET", "/", headers=[("Origin", "https://other.example"),
                                                 ("X-Mode", "cors")])

    assert answer.status == 200
    assert answer.header("access-control-allow-origin") is None


def test_wildcard_origin_answers_star(create_api: Any, call: Call, handler_arn: str) -> None:
    api_id = create_api(Target=handler_arn, CorsConfiguration={"AllowOrigins": ["*"],
                                                               "AllowMethods": ["*"]})["ApiId"]

    answer = call(api_id, "OPTIONS", "/", headers=_preflight("https://any.example"))

    assert answer.status == 204
    assert answer.header("access-control-allow-origin") == "*"
    assert answer.header("access-control-allow-methods") == "POST"


def test_without_cors_options_goes_to_the_routes(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "OPTIONS", "/", headers=_preflight("https://app.example"))

    assert answer.status == 200
    assert answer.json()["requestContext"]["http"]["method"] == "OPTIONS"


def test_wildcard_subdomain_origins_are_allowed(create_api: Any, call: Call,
                                                handler_arn: str) -> None:
    api_id = create_api(Target=handler_arn, CorsConfiguration={
        "AllowOrigins": ["https://*.example.com"], "AllowMethods": ["POST"]})["ApiId"]

    sub = call(api_id, "OPTIONS", "/", headers=_preflight("https://a.example.com"))
    other = call(api_id, "OPTIONS", "/", headers=_preflight("https://example.org"))

    assert sub.header("access-control-allow-origin") == "https://a.example.com"
    assert other.header("access-control-allow-origin") is None
