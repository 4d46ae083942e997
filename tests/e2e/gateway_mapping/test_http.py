"""HTTP and HTTP_PROXY integrations to a loopback endpoint.

https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
"""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.gateway_mapping.conftest import Endpoint, call


def test_http_proxy_passes_request_and_response_through(server: Any, new_api: Any,
                                                        endpoint: Endpoint) -> None:
    endpoint.status, endpoint.body = 201, b"created"
    endpoint.headers = {"Content-Type": "text/plain", "X-Backend": "yes"}
    api = new_api()
    api.method("/items/{proxy+}", "ANY", "HTTP_PROXY", f"{endpoint.url}/base/{{proxy}}",
               integrationHttpMethod="ANY",
               method_request={"method.request.path.proxy": True},
               requestParameters={"integration.request.path.proxy": "method.request.path.proxy"})
    api.deploy()
    reply = call(server, api.id, "/items/a/b?x=1&x=2", "PUT", body=b"payload",
                 headers=[("X-Client", "c1"), ("Content-Type", "text/plain")])
    assert reply.status == 201
    assert reply.body == b"created"
    assert reply.header("X-Backend") == "yes"
    seen = endpoint.seen[-1]
    assert seen.method == "PUT"
    assert seen.path == "/base/a/b?x=1&x=2"
    assert seen.body == b"payload"
    assert seen.headers["x-client"] == "c1"
    assert seen.headers["x-forwarded-for"] == "127.0.0.1"


def test_http_maps_path_query_and_headers(server: Any, new_api: Any,
                                          endpoint: Endpoint) -> None:
    api = new_api()
    api.method("/users/{id}", "GET", "HTTP", f"{endpoint.url}/v1/people/{{pid}}",
               integrationHttpMethod="GET",
               method_request={"method.request.path.id": True,
                               "method.request.querystring.q": False,
                               "method.request.header.X-Tenant": False},
               requestParameters={
                   "integration.request.path.pid": "method.request.path.id",
                   "integration.request.querystring.search": "method.request.querystring.q",
                   "integration.request.header.X-Org": "method.request.header.X-Tenant",
                   "integration.request.header.X-Fixed": "'constant'",
               },
               responses={"200": {"selectionPattern": ""}})
    api.deploy()
    reply = call(server, api.id, "/users/42?q=bob&dropped=1",
                 headers=[("X-Tenant", "acme"), ("X-Not-Mapped", "n")])
    assert reply.status == 200
    assert reply.json() == {"ok": True}
    seen = endpoint.seen[-1]
    assert seen.method == "GET"
    assert seen.path == "/v1/people/42?search=bob"
    assert seen.headers["x-org"] == "acme"
    assert seen.headers["x-fixed"] == "constant"
    assert "x-not-mapped" not in seen.headers


def test_http_request_template_is_the_body_sent(server: Any, new_api: Any,
                                                endpoint: Endpoint) -> None:
    api = new_api()
    api.method("/", "POST", "HTTP", f"{endpoint.url}/in",
               requestTemplates={"application/json": '{"wrapped": $input.json(\'$\')}'},
               responses={"200": {"selectionPattern": ""}})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b'{"a": 1}',
                 headers=[("Content-Type", "application/json")])
    assert reply.status == 200
    assert json.loads(endpoint.seen[-1].body) == {"wrapped": {"a": 1}}


def test_http_status_code_selects_the_integration_response(server: Any, new_api: Any,
                                                           endpoint: Endpoint) -> None:
    endpoint.status, endpoint.body = 404, b'{"reason": "gone"}'
    endpoint.headers = {"Content-Type": "application/json", "X-Trace": "t1"}
    api = new_api()
    api.method("/", "GET", "HTTP", f"{endpoint.url}/x", integrationHttpMethod="GET",
               responses={
                   "200": {"selectionPattern": ""},
                   "400": {"selectionPattern": "4\\d{2}",
                           "responseParameters": {
                               "method.response.header.X-Trace":
                                   "integration.response.header.X-Trace"},
                           "responseTemplates": {"application/json":
                                                 '{"error": "$input.path(\'$.reason\')"}'}},
               })
    api.deploy()
    reply = call(server, api.id, "/")
    assert reply.status == 400
    assert reply.json() == {"error": "gone"}
    assert reply.header("X-Trace") == "t1"


def test_http_timeout_is_504(server: Any, new_api: Any, endpoint: Endpoint) -> None:
    endpoint.delay = 0.8
    api = new_api()
    api.method("/", "GET", "HTTP_PROXY", f"{endpoint.url}/slow", integrationHttpMethod="GET",
               timeoutInMillis=200)
    api.deploy()
    reply = call(server, api.id, "/")
    assert reply.status == 504
    assert reply.json() == {"message": "Endpoint request timed out"}


def test_unreachable_endpoint_is_500(server: Any, new_api: Any) -> None:
    api = new_api()
    api.method("/", "GET", "HTTP_PROXY", "http://127.0.0.1:9/none", integrationHttpMethod="GET")
    api.deploy()
    reply = call(server, api.id, "/")
    assert reply.status == 500
    assert reply.json() == {"message": "Internal server error"}


def test_request_template_overrides_headers_and_query(server: Any, new_api: Any,
                                                      endpoint: Endpoint) -> None:
    """$context.requestOverride.* set in the request template reach the endpoint."""
    template = ("#set($context.requestOverride.header.X-Over = 'h1')"
                "#set($context.requestOverride.querystring.page = '2')"
                '{"a": 1}')
    api = new_api()
    api.method("/", "POST", "HTTP", f"{endpoint.url}/o",
               requestTemplates={"application/json": template},
               responses={"200": {"selectionPattern": ""}})
    api.deploy()
    reply = call(server, api.id, "/", "POST", body=b"{}",
                 headers=[("Content-Type", "application/json")])
    assert reply.status == 200
    seen = endpoint.seen[-1]
    assert seen.headers["x-over"] == "h1"
    assert seen.path == "/o?page=2"
    assert json.loads(seen.body) == {"a": 1}
