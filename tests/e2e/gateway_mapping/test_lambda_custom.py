"""Lambda custom (non-proxy) integrations: request templates, passthrough behaviours,
integration responses selected by errorMessage, response templates and parameters.

https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.e2e.gateway_mapping.conftest import call, lambda_uri
from tests.unit.apigateway.test_vtl import PASSTHROUGH

DEFAULT_200 = {"200": {"selectionPattern": ""}}


def test_passthrough_template_gives_the_function_aws_event(server: Any, new_api: Any,
                                                           fn_arn: str) -> None:
    """The workshop's pass-through template: body, params, stage variables and context."""
    api = new_api()
    api.method("/games/{id}", "POST", "AWS", lambda_uri(fn_arn), responses=DEFAULT_200,
               requestTemplates={"application/json": PASSTHROUGH})
    api.deploy(variables={"env": "dev"})
    body = b'{"player": "ann"}'
    reply = call(server, api.id, "/games/g1?x=1", "POST", body=body,
                 headers=[("Content-Type", "application/json"), ("User-Agent", "ua/1")])
    assert reply.status == 200, reply.body
    event = reply.json()
    assert event["body-json"] == {"player": "ann"}
    assert base64.b64decode(event["base64-body"]) == body
    assert event["params"]["path"] == {"id": "g1"}
    assert event["params"]["querystring"] == {"x": "1"}
    assert event["params"]["header"]["User-Agent"] == "ua/1"
    assert event["stage-variables"] == {"env": "dev"}
    context = event["context"]
    assert context["api-id"] == api.id
    assert context["http-method"] == "POST"
    assert context["stage"] == "test"
    assert context["resource-path"] == "/games/{id}"
    assert context["resource-id"] == api.ids["/games/{id}"]
    assert context["user-agent"] == "ua/1"
    assert context["source-ip"] == "127.0.0.1"
    assert context["api-key"] == ""
    assert context["user-arn"] == ""
    assert context["request-id"] == reply.header("x-amzn-RequestId")
    assert reply.header("Content-Type") == "application/json"


def test_request_template_is_chosen_by_content_type(server: Any, new_api: Any,
                                                    fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=DEFAULT_200,
               requestTemplates={"application/json": '{"kind": "json"}',
                                 "text/plain": '{"kind": "text", "raw": "$input.body"}'})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b"hello",
                 headers=[("Content-Type", "text/plain; charset=utf-8")])
    assert reply.status == 200
    assert reply.json() == {"kind": "text", "raw": "hello"}


def test_missing_content_type_uses_the_json_template(server: Any, new_api: Any,
                                                     fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=DEFAULT_200,
               requestTemplates={"application/json": '{"kind": "json"}'})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b"{}")
    assert reply.json() == {"kind": "json"}


XML_ONLY = {"application/xml": '{"kind": "xml"}'}
UNSUPPORTED = {"message": "Unsupported Media Type"}


@pytest.mark.parametrize(("behaviour", "templates", "body", "status", "answer"), [
    pytest.param("WHEN_NO_MATCH", XML_ONLY, b'{"as": "sent"}', 200, {"as": "sent"},
                 id="when_no_match_passes_an_unmatched_body_through"),
    pytest.param("WHEN_NO_TEMPLATES", XML_ONLY, b"{}", 415, UNSUPPORTED,
                 id="when_no_templates_refuses_unmatched_type_when_templates_exist"),
    pytest.param("WHEN_NO_TEMPLATES", None, b'{"a": 1}', 200, {"a": 1},
                 id="when_no_templates_passes_through_without_templates"),
    pytest.param("NEVER", None, b"{}", 415, UNSUPPORTED,
                 id="never_refuses_a_body_without_a_template"),
])
def test_passthrough_behaviour(server: Any, new_api: Any, fn_arn: str, behaviour: str,
                               templates: dict[str, str] | None, body: bytes, status: int,
                               answer: dict[str, Any]) -> None:
    """A JSON body against each passthroughBehavior, with or without an XML-only template."""
    api = new_api()
    extra = {"requestTemplates": templates} if templates else {}
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=DEFAULT_200,
               passthroughBehavior=behaviour, **extra)
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=body,
                 headers=[("Content-Type", "application/json")])
    assert reply.status == status
    assert reply.json() == answer


ERROR_RESPONSES = {
    "200": {"selectionPattern": ""},
    "400": {"selectionPattern": "Bad request:.*",
            "responseTemplates": {"application/json":
                                  '{"error": "$input.path(\'$.errorMessage\')"}'}},
}


def test_function_error_selects_response_by_error_message(server: Any, new_api: Any,
                                                          fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=ERROR_RESPONSES)
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"fail": "Bad request: no name"}')
    assert reply.status == 400
    assert reply.json() == {"error": "Bad request: no name"}


def test_selection_pattern_must_match_the_whole_message(server: Any, new_api: Any,
                                                        fn_arn: str) -> None:
    """An unmatched error goes to the default response, with the error object as body."""
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=ERROR_RESPONSES)
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"fail": "Not a Bad request: x"}')
    assert reply.status == 200
    error = reply.json()
    assert error["errorMessage"] == "Not a Bad request: x"
    assert error["errorType"] == "RuntimeError"


def test_successful_result_uses_the_default_response(server: Any, new_api: Any,
                                                     fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses={
        "201": {"selectionPattern": ""},
        "400": {"selectionPattern": ".*"},
    })
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"result": {"id": 1}}')
    assert reply.status == 201
    assert reply.json() == {"id": 1}


def test_no_matching_and_no_default_response_is_500(server: Any, new_api: Any,
                                                    fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn),
               responses={"400": {"selectionPattern": "never"}})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"result": 1}')
    assert reply.status == 500
    assert reply.json() == {"message": "Internal server error"}


def test_response_parameters_map_literals_and_body_values(server: Any, new_api: Any,
                                                          fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses={"200": {
        "selectionPattern": "",
        "responseParameters": {
            "method.response.header.X-Literal": "'fixed'",
            "method.response.header.X-Id": "integration.response.body.id",
        },
    }})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"result": {"id": "abc"}}')
    assert reply.status == 200
    assert reply.header("X-Literal") == "fixed"
    assert reply.header("X-Id") == "abc"


def test_response_template_overrides_status_and_headers(server: Any, new_api: Any,
                                                        fn_arn: str) -> None:
    template = ("#set($body = $input.path('$'))"
                "#if($body.missing)#set($context.responseOverride.status = 404)"
                "#set($context.responseOverride.header.X-Why = 'missing')#end"
                '{"found": $input.json(\'$.missing\')}')
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses={"200": {
        "selectionPattern": "", "responseTemplates": {"application/json": template}}})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"result": {"missing": true}}')
    assert reply.status == 404
    assert reply.header("X-Why") == "missing"
    assert reply.json() == {"found": True}


def test_response_template_is_chosen_by_accept(server: Any, new_api: Any, fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses={"200": {
        "selectionPattern": "",
        "responseTemplates": {"application/json": '{"v": "$input.path(\'$.v\')"}',
                              "application/xml": "<v>$input.path('$.v')</v>"}}})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"result": {"v": "x"}}',
                 headers=[("Accept", "application/xml")])
    assert reply.status == 200
    assert reply.body == b"<v>x</v>"
    assert reply.header("Content-Type") == "application/xml"


def test_template_error_is_internal_server_error(server: Any, new_api: Any,
                                                 fn_arn: str) -> None:
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=DEFAULT_200,
               requestTemplates={"application/json": "#if($input.body"})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b"{}",
                 headers=[("Content-Type", "application/json")])
    assert reply.status == 500
    assert reply.json() == {"message": "Internal server error"}


def test_convert_to_binary_decodes_a_base64_result(server: Any, new_api: Any,
                                                   fn_arn: str) -> None:
    data = bytes(range(256))
    api = new_api()
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses={"200": {
        "selectionPattern": "", "contentHandling": "CONVERT_TO_BINARY",
        "responseParameters": {"method.response.header.Content-Type": "'image/png'"}}})
    api.deploy()
    payload = json.dumps({"result": base64.b64encode(data).decode()}).encode()
    reply = call(server, api.id, "/", "POST", body=payload)
    assert reply.status == 200
    assert reply.body == data
    assert reply.header("Content-Type") == "image/png"


def test_convert_to_text_gives_templates_a_binary_body_as_base64(server: Any, apigw: Any,
                                                                new_api: Any,
                                                                fn_arn: str) -> None:
    data = bytes(range(200, 256))
    api = new_api()
    apigw.update_rest_api(restApiId=api.id, patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/application~1octet-stream"}])
    api.method("/", "POST", "AWS", lambda_uri(fn_arn), responses=DEFAULT_200,
               contentHandling="CONVERT_TO_TEXT",
               requestTemplates={"application/octet-stream": '{"data": "$input.body"}'})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=data,
                 headers=[("Content-Type", "application/octet-stream")])
    assert reply.status == 200, reply.body
    assert base64.b64decode(reply.json()["data"]) == data
