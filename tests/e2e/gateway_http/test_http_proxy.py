"""HTTP_PROXY integrations: the request passed to a URL and its response passed back.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-http.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.e2e.gateway_http.conftest import Call, auto_stage, route
from tests.server import free_port


class _Backend(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = {"method": self.command, "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode()}
        data = json.dumps(seen).encode()
        self.send_response(207)
        self.send_header("content-type", "application/json")
        self.send_header("x-backend", "yes")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _integration(apigw2: Any, api_id: str, uri: str, **kwargs: Any) -> str:
    return str(apigw2.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri=uri,
        IntegrationMethod="ANY", PayloadFormatVersion="1.0", **kwargs)["IntegrationId"])


def test_request_and_response_pass_through(apigw2: Any, create_api: Any, call: Call,
                                           backend: str) -> None:
    api_id = create_api()["ApiId"]
    route(apigw2, api_id, "ANY /svc/{proxy+}", _integration(apigw2, api_id,
                                                            backend + "/base/{proxy}"))
    auto_stage(apigw2, api_id)

    answer = call(api_id, "POST", "/svc/a/b?q=1&q=2", body=b"payload",
                  headers=[("X-Client", "c1"), ("Content-Type", "text/plain")])

    assert answer.status == 207
    assert answer.header("x-backend") == "yes"
    seen = answer.json()
    assert seen["method"] == "POST"
    assert seen["path"] == "/base/a/b?q=1&q=2"
    assert seen["headers"]["x-client"] == "c1"
    assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert seen["body"] == "payload"


def test_default_route_appends_the_request_path(create_api: Any, call: Call,
                                                backend: str) -> None:
    api_id = create_api(Target=backend + "/root")["ApiId"]

    seen = call(api_id, "GET", "/x/y").json()

    assert seen["path"] == "/root/x/y"


def test_request_parameters_rewrite_path_and_headers(apigw2: Any, create_api: Any,
                                                     call: Call, backend: str) -> None:
    api_id = create_api()["ApiId"]
    integration = _integration(apigw2, api_id, backend, RequestParameters={
        "overwrite:path": "/mapped/$request.path.id",
        "append:header.x-added": "from-$request.header.x-in",
        "overwrite:querystring.stage": "$context.stage",
    })
    route(apigw2, api_id, "GET /items/{id}", integration)
    auto_stage(apigw2, api_id)

    seen = call(api_id, "GET", "/items/42", headers=[("X-In", "client")]).json()

    assert seen["path"] == "/mapped/42?stage=%24default"
    assert seen["headers"]["x-added"] == "from-client"


def test_response_parameters_change_the_response(apigw2: Any, create_api: Any, call: Call,
                                                 backend: str) -> None:
    api_id = create_api()["ApiId"]
    integration = _integration(apigw2, api_id, backend, ResponseParameters={
        "207": {"overwrite:statuscode": "200", "append:header.x-mapped": "$response.header.x-backend",
                "remove:header.x-backend": "''"},
    })
    route(apigw2, api_id, "GET /r", integration)
    auto_stage(apigw2, api_id)

    answer = call(api_id, "GET", "/r")

    assert answer.status == 200
    assert answer.header("x-mapped") == "yes"
    assert answer.header("x-backend") is None


def test_unreachable_backend_is_500(create_api: Any, call: Call) -> None:
    api_id = create_api(Target=f"http://127.0.0.1:{free_port()}/")["ApiId"]

    answer = call(api_id, "GET", "/")

    assert answer.status == 500
    assert answer.json() == {"message": "Internal Server Error"}


def test_request_body_json_path_maps_into_a_header(apigw2: Any, create_api: Any, call: Call,
                                                   backend: str) -> None:
    api_id = create_api()["ApiId"]
    integration = _integration(apigw2, api_id, backend, RequestParameters={
        "overwrite:header.x-user": "$request.body.user.name",
    })
    route(apigw2, api_id, "POST /b", integration)
    auto_stage(apigw2, api_id)

    seen = call(api_id, "POST", "/b", body=b'{"user": {"name": "ann"}}',
                headers=[("Content-Type", "application/json")]).json()

    assert seen["headers"]["x-user"] == "ann"
    assert seen["body"] == '{"user": {"name": "ann"}}'


def test_recursive_descent_json_path_is_not_supported(apigw2: Any, create_api: Any,
                                                      call: Call, backend: str) -> None:
    api_id = create_api()["ApiId"]
    integration = _integration(apigw2, api_id, backend, RequestParameters={
        "overwrite:header.x-user": "$request.body..name",
    })
    route(apigw2, api_id, "POST /b", integration)
    auto_stage(apigw2, api_id)

    answer = call(api_id, "POST", "/b", body=b'{"name": "ann"}')

    assert answer.status == 501
    assert answer.json()["message"].startswith("not supported: ")
