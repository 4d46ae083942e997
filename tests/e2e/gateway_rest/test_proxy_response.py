"""How a proxy function's result becomes the HTTP response, and how failures are answered.
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
https://docs.aws.amazon.com/apigateway/latest/developerguide/lambda-proxy-binary-media.html
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.e2e.gateway_rest.conftest import Reply, call, lambda_uri
from tests.server import RunningServer


@pytest.fixture
def api(new_api: Any, function_arn: str) -> Any:
    api = new_api(binaryMediaTypes=["image/png"])
    api.method("/r", "POST", lambda_uri(function_arn))
    api.method("/slow", "GET", lambda_uri(function_arn), timeoutInMillis=200)
    api.deploy("test")
    return api


def answer(server: RunningServer, api: Any, result: Any,
           headers: list[tuple[str, str]] | None = None) -> Reply:
    """Have the function return ``result``."""
    return call(server, api.id, "test", "/r?mode=result", "POST",
                headers=[("Content-Type", "application/json"), *(headers or [])],
                body=json.dumps(result).encode())


def test_status_headers_and_body_come_from_the_result(server: RunningServer, api: Any) -> None:
    reply = answer(server, api, {"statusCode": 201, "headers": {"X-One": "1"},
                                 "body": "made"})
    assert reply.status == 201
    assert reply.header("X-One") == "1"
    assert reply.body == b"made"


def test_multi_value_headers_are_merged_with_headers(server: RunningServer, api: Any) -> None:
    reply = answer(server, api, {"statusCode": 200, "headers": {"X-A": "a", "X-B": "single"},
                                 "multiValueHeaders": {"X-B": ["b1", "b2"]}, "body": ""})
    assert reply.header("X-A") == "a"
    assert reply.all("X-B") == ["b1", "b2"]


def test_response_without_content_type_is_json(server: RunningServer, api: Any) -> None:
    reply = answer(server, api, {"statusCode": 200, "body": "{}"})
    assert reply.header("Content-Type") == "application/json"


def test_every_response_has_request_and_trace_ids(server: RunningServer, api: Any) -> None:
    reply = answer(server, api, {"statusCode": 200})
    assert reply.status == 200
    assert reply.body == b""
    assert reply.header("x-amzn-RequestId")
    assert reply.header("x-amz-apigw-id")
    assert (reply.header("X-Amzn-Trace-Id") or "").startswith("Root=1-")


def test_base64_body_is_decoded_when_accept_is_a_binary_type(
        server: RunningServer, api: Any) -> None:
    data = bytes(range(256))
    result = {"statusCode": 200, "headers": {"Content-Type": "image/png"},
              "body": base64.b64encode(data).decode(), "isBase64Encoded": True}
    reply = answer(server, api, result, headers=[("Accept", "image/png")])
    assert reply.body == data


def test_base64_body_stays_text_when_no_binary_type_matches(
        server: RunningServer, api: Any) -> None:
    encoded = base64.b64encode(b"\x00\x01").decode()
    result = {"statusCode": 200, "headers": {"Content-Type": "application/octet-stream"},
              "body": encoded, "isBase64Encoded": True}
    reply = answer(server, api, result, headers=[("Accept", "text/plain")])
    assert reply.body == encoded.encode()


@pytest.mark.parametrize("result", [
    "just a string",
    [1, 2],
    {"body": "no status"},
    {"statusCode": "abc"},
    {"statusCode": 200, "body": {"not": "a string"}},
    {"statusCode": 200, "extra": 1},
    {"statusCode": 200, "headers": ["X-A"]},
], ids=["string", "list", "no-status", "bad-status", "object-body", "extra-member",
        "headers-list"])
def test_malformed_result_is_502(server: RunningServer, api: Any, result: Any) -> None:
    reply = answer(server, api, result)
    assert reply.status == 502
    assert reply.json() == {"message": "Internal server error"}
    assert reply.header("x-amzn-RequestId")


def test_function_error_is_502(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/r?mode=fail", "POST", body=b"{}")
    assert reply.status == 502
    assert reply.json() == {"message": "Internal server error"}


def test_integration_timeout_is_504(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/slow?mode=sleep")
    assert reply.status == 504
    assert reply.json() == {"message": "Endpoint request timed out"}


def test_missing_function_is_500(server: RunningServer, new_api: Any, function_arn: str) -> None:
    api = new_api()
    api.method("/gone", "GET", lambda_uri(function_arn + "doesnotexist"))
    api.deploy("test")
    reply = call(server, api.id, "test", "/gone")
    assert reply.status == 500
    assert reply.json() == {"message": "Internal server error"}


def test_body_over_10_mb_is_413(server: RunningServer, api: Any) -> None:
    reply = call(server, api.id, "test", "/r", "POST", body=b"x" * (10 * 1024 * 1024 + 1))
    assert reply.status == 413
