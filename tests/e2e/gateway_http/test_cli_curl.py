"""What ``curl`` sees from an HTTP API that the other tests do not look at: ``curl -I``
(HEAD), repeated response header values, the ``$default`` stage in the path form.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
"""

from __future__ import annotations

import base64
from typing import Any

from tests.e2e.gateway_http.conftest import Call, auto_stage, lambda_integration, route


def test_head_reaches_the_function_and_answers_without_a_body(call: Call,
                                                               quick_api: str) -> None:
    answer = call(quick_api, "HEAD", "/thing", headers=[("X-Mode", "full")])

    assert answer.status == 201
    assert answer.header("x-custom") == "yes"
    assert answer.body == b""


def test_head_event_names_the_head_method(call: Call, quick_api: str) -> None:
    get = call(quick_api, "GET", "/thing")
    head = call(quick_api, "HEAD", "/thing")

    assert get.json()["requestContext"]["http"]["method"] == "GET"
    assert head.status == 200
    assert head.header("content-type") == "application/json"
    assert head.body == b""


def test_path_form_of_the_default_stage(call: Call, quick_api: str) -> None:
    answer = call(quick_api, "GET", "/a/b?x=1", stage="$default")

    assert answer.status == 200
    event = answer.json()
    assert event["rawPath"] == "/a/b"
    assert event["rawQueryString"] == "x=1"
    assert event["requestContext"]["stage"] == "$default"


def test_every_answer_carries_an_apigw_request_id(call: Call, quick_api: str) -> None:
    ok = call(quick_api, "GET", "/")
    failed = call(quick_api, "GET", "/", headers=[("X-Mode", "error")])

    assert ok.header("apigw-requestid")
    assert failed.status == 500
    assert failed.json() == {"message": "Internal Server Error"}
    assert failed.header("apigw-requestid")
    assert ok.header("apigw-requestid") != failed.header("apigw-requestid")


def test_stage_variable_names_the_function_of_the_integration(apigw2: Any, create_api: Any,
                                                              call: Call,
                                                              handler_arn: str) -> None:
    """https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.stage-variables.html"""
    api_id = str(create_api()["ApiId"])
    prefix, name = handler_arn.rsplit(":", 1)
    integration = lambda_integration(apigw2, api_id, prefix + ":${stageVariables.fn}")
    route(apigw2, api_id, "GET /pick", integration)
    auto_stage(apigw2, api_id, "good", StageVariables={"fn": name})
    auto_stage(apigw2, api_id, "bad", StageVariables={"fn": "no-such-function"})

    good = call(api_id, "GET", "/good/pick")
    bad = call(api_id, "GET", "/bad/pick")

    assert good.status == 200
    assert good.json()["stageVariables"] == {"fn": name}
    assert bad.status == 500
    assert bad.json() == {"message": "Internal Server Error"}


def test_form_post_arrives_base64_encoded(call: Call, quick_api: str) -> None:
    """``curl -d a=b`` sends application/x-www-form-urlencoded: not JSON or text/*."""
    event = call(quick_api, "POST", "/form", body=b"a=b&c=d", headers=[
        ("Content-Type", "application/x-www-form-urlencoded")]).json()

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"a=b&c=d"


def test_text_and_json_bodies_arrive_as_text(call: Call, quick_api: str) -> None:
    text = call(quick_api, "POST", "/t", body=b"hi",
                headers=[("Content-Type", "text/plain; charset=utf-8")]).json()
    data = call(quick_api, "POST", "/j", body=b'{"a": 1}',
                headers=[("Content-Type", "application/json")]).json()

    assert (text["body"], text["isBase64Encoded"]) == ("hi", False)
    assert (data["body"], data["isBase64Encoded"]) == ('{"a": 1}', False)


def test_body_without_content_type_arrives_base64_encoded(call: Call, quick_api: str) -> None:
    event = call(quick_api, "PUT", "/raw", body=b"plain").json()

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"plain"


MERGING = """
    def handler(event, context):
        return {"statusCode": 200, "headers": {"x-both": "a", "x-same": "s", "x-one": "1"},
                "multiValueHeaders": {"x-both": ["b", "c"], "x-same": ["s"]}, "body": "ok"}
"""


def test_v1_answer_merges_headers_and_multi_value_headers(apigw2: Any, create_api: Any,
                                                          call: Call,
                                                          make_function: Any) -> None:
    """Both maps are merged; a pair given in both appears once.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
    """
    api_id = str(create_api()["ApiId"])
    integration = lambda_integration(apigw2, api_id, make_function(MERGING), "1.0")
    route(apigw2, api_id, "GET /merge", integration)
    auto_stage(apigw2, api_id)

    answer = call(api_id, "GET", "/merge")

    assert answer.status == 200
    assert sorted(answer.all("x-both")) == ["a", "b", "c"]
    assert answer.all("x-same") == ["s"]
    assert answer.all("x-one") == ["1"]
