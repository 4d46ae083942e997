"""How an HTTP API turns a function's answer into the client's response.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.gateway_http.conftest import Call, auto_stage, lambda_integration, route


def test_json_without_status_code_is_a_200_json_body(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "bare")])

    assert answer.status == 200
    assert answer.header("content-type") == "application/json"
    assert answer.json() == {"hello": "world"}


def test_a_bare_string_is_returned_as_json(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "string")])

    assert answer.status == 200
    assert answer.json() == "just text"


def test_status_headers_and_cookies_are_read(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "full")])

    assert answer.status == 201
    assert answer.header("x-custom") == "yes"
    assert answer.all("set-cookie") == ["a=1; Path=/", "b=2"]
    assert answer.body == b"created"


def test_response_without_content_type_is_text_plain(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "nocontenttype")])

    assert answer.header("content-type") == "text/plain; charset=utf-8"
    assert answer.body == b"plain"


def test_base64_body_is_decoded(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "binary")])

    assert answer.header("content-type") == "image/png"
    assert answer.body == b"\x89PNG"


def test_function_error_is_500_internal_server_error(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "error")])

    assert answer.status == 500
    assert answer.json() == {"message": "Internal Server Error"}


def test_malformed_answer_is_500_internal_server_error(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/", headers=[("X-Mode", "malformed")])

    assert answer.status == 500
    assert answer.json() == {"message": "Internal Server Error"}


def test_integration_timeout_is_503_service_unavailable(apigw2: Any, create_api: Any,
                                                         call: Call, handler_arn: str) -> None:
    api_id = create_api()["ApiId"]
    integration = lambda_integration(apigw2, api_id, handler_arn, TimeoutInMillis=300)
    route(apigw2, api_id, "GET /slow", integration)
    auto_stage(apigw2, api_id)

    answer = call(api_id, "GET", "/slow", headers=[("X-Mode", "sleep")])

    assert answer.status == 503
    assert answer.json() == {"message": "Service Unavailable"}


def test_missing_function_is_500(apigw2: Any, create_api: Any, call: Call) -> None:
    api_id = create_api(Target="arn:aws:lambda:us-east-1:000000000000:function:nope")["ApiId"]

    answer = call(api_id, "GET", "/")

    assert answer.status == 500
    assert answer.json() == {"message": "Internal Server Error"}


def _v1_api(apigw2: Any, create_api: Any, handler_arn: str) -> str:
    """An API whose ``GET /m`` calls the shared function with payload format 1.0."""
    api_id: str = create_api()["ApiId"]
    route(apigw2, api_id, "GET /m", lambda_integration(apigw2, api_id, handler_arn, "1.0"))
    auto_stage(apigw2, api_id)
    return api_id


def test_v1_answer_reads_multi_value_headers(apigw2: Any, create_api: Any, call: Call,
                                             handler_arn: str) -> None:
    api_id = _v1_api(apigw2, create_api, handler_arn)

    answer = call(api_id, "GET", "/m", headers=[("X-Mode", "multi")])

    assert answer.status == 200
    assert answer.header("x-one") == "a"
    assert answer.all("x-many") == ["1", "2"]


def test_v1_answer_without_status_code_is_500(apigw2: Any, create_api: Any, call: Call,
                                              handler_arn: str) -> None:
    api_id = _v1_api(apigw2, create_api, handler_arn)

    answer = call(api_id, "GET", "/m", headers=[("X-Mode", "bare")])

    assert answer.status == 500
    assert answer.json() == {"message": "Internal Server Error"}
