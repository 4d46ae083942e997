"""MOCK integrations, as CORS preflight methods use them.

https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.gateway_mapping.conftest import call

# What the Serverless Framework (cors: true) and SAM generate for OPTIONS.
CORS_HEADERS = {
    "method.response.header.Access-Control-Allow-Origin": "'*'",
    "method.response.header.Access-Control-Allow-Headers":
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
    "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,POST'",
}


def test_cors_options_mock_answers_the_literal_headers(server: Any, new_api: Any) -> None:
    api = new_api()
    api.method("/games", "OPTIONS", "MOCK",
               requestTemplates={"application/json": "{statusCode:200}"},
               responses={"200": {"selectionPattern": "", "responseParameters": CORS_HEADERS,
                                  "responseTemplates": {"application/json": ""}}})
    api.deploy()
    reply = call(server, api.id, "/games", "OPTIONS",
                 headers=[("Origin", "http://example.com"),
                          ("Access-Control-Request-Method", "POST")])
    assert reply.status == 200
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert reply.header("Access-Control-Allow-Methods") == "OPTIONS,POST"
    assert reply.header("Access-Control-Allow-Headers") == (
        "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token")
    assert reply.body == b""


def test_mock_status_code_selects_the_integration_response(server: Any, new_api: Any) -> None:
    api = new_api()
    api.method("/", "GET", "MOCK",
               requestTemplates={"application/json":
                                 '{"statusCode": $input.params(\'code\')}'},
               responses={
                   "200": {"selectionPattern": "",
                           "responseTemplates": {"application/json": '{"ok": true}'}},
                   "404": {"selectionPattern": "404",
                           "responseTemplates": {"application/json": '{"ok": false}'}},
               })
    api.deploy()
    missing = call(server, api.id, "/?code=404")
    assert missing.status == 404
    assert missing.json() == {"ok": False}
    found = call(server, api.id, "/?code=200")
    assert found.status == 200
    assert found.json() == {"ok": True}


def test_mock_without_template_answers_the_default_response(server: Any, new_api: Any) -> None:
    api = new_api()
    api.method("/", "GET", "MOCK", responses={"204": {"selectionPattern": ""}})
    api.deploy()
    reply = call(server, api.id, "/")
    assert reply.status == 204
