"""HTTP APIs with the AWS CLI, as its users type it: quick create with ``--target``, then
``curl`` of the ApiEndpoint (with the Host header), and the listings as the CLI prints them.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop.html#http-api-examples.cli.quick-create
https://docs.aws.amazon.com/cli/latest/reference/apigatewayv2/create-api.html
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.gateway_http.conftest import Call
from tests.server import RunningServer

AWS = str(Path(sys.executable).with_name("aws"))
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

CliRun = Callable[..., Any]


@pytest.fixture
def aws(server: RunningServer) -> CliRun:
    """``aws apigatewayv2 ARGS`` against the server; answers the parsed JSON output."""
    env = {**os.environ, "AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_PAGER": "", "AWS_DEFAULT_OUTPUT": "json"}

    def run(*args: str) -> Any:
        done = subprocess.run([AWS, "apigatewayv2", *args], env=env, capture_output=True,
                              text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    return run


@pytest.fixture
def cli_api(aws: CliRun, handler_arn: str) -> Iterator[dict[str, Any]]:
    api: dict[str, Any] = aws("create-api", "--name", "cli-quick", "--protocol-type", "HTTP",
                              "--target", handler_arn)
    yield api
    aws("delete-api", "--api-id", api["ApiId"])


def test_quick_create_prints_the_api_with_its_endpoint(cli_api: dict[str, Any],
                                                       server: RunningServer) -> None:
    api_id = cli_api["ApiId"]

    assert cli_api["Name"] == "cli-quick"
    assert cli_api["ProtocolType"] == "HTTP"
    assert cli_api["RouteSelectionExpression"] == "$request.method $request.path"
    assert cli_api["ApiEndpoint"].startswith(f"http://{api_id}.execute-api.")
    assert ISO.match(cli_api["CreatedDate"]), cli_api["CreatedDate"]


def test_quick_created_endpoint_answers_curl(cli_api: dict[str, Any], call: Call) -> None:
    answer = call(cli_api["ApiId"], "GET", "/any/path?q=1")

    assert answer.status == 200
    event = answer.json()
    assert event["routeKey"] == "$default"
    assert event["rawPath"] == "/any/path"
    assert event["rawQueryString"] == "q=1"


def test_get_apis_lists_the_api(aws: CliRun, cli_api: dict[str, Any]) -> None:
    listed = aws("get-apis")

    mine = [a for a in listed["Items"] if a["ApiId"] == cli_api["ApiId"]]
    assert len(mine) == 1
    assert mine[0]["ApiEndpoint"] == cli_api["ApiEndpoint"]


def test_get_routes_shows_the_default_route(aws: CliRun, cli_api: dict[str, Any]) -> None:
    routes = aws("get-routes", "--api-id", cli_api["ApiId"])["Items"]

    assert [r["RouteKey"] for r in routes] == ["$default"]
    assert routes[0]["Target"].startswith("integrations/")
    assert routes[0]["AuthorizationType"] == "NONE"


def test_quick_create_makes_an_auto_deployed_default_stage(aws: CliRun,
                                                           cli_api: dict[str, Any]) -> None:
    stages = aws("get-stages", "--api-id", cli_api["ApiId"])["Items"]

    assert [s["StageName"] for s in stages] == ["$default"]
    assert stages[0]["AutoDeploy"] is True
    assert ISO.match(stages[0]["CreatedDate"])
    assert ISO.match(stages[0]["LastUpdatedDate"])


def test_create_stage_then_get_stages(aws: CliRun, cli_api: dict[str, Any], call: Call) -> None:
    created = aws("create-stage", "--api-id", cli_api["ApiId"], "--stage-name", "beta",
                  "--auto-deploy", "--stage-variables", "color=blue")
    stages = aws("get-stages", "--api-id", cli_api["ApiId"])["Items"]
    answer = call(cli_api["ApiId"], "GET", "/beta/x")

    assert created["StageName"] == "beta"
    assert created["StageVariables"] == {"color": "blue"}
    assert sorted(s["StageName"] for s in stages) == ["$default", "beta"]
    assert answer.status == 200
    assert answer.json()["stageVariables"] == {"color": "blue"}
    assert answer.json()["rawPath"] == "/beta/x"


def test_wire_format_is_camel_case_with_iso_dates(server: RunningServer,
                                                  cli_api: dict[str, Any]) -> None:
    """What the CLI parses: rest-json members in camelCase, timestamps as ISO 8601."""
    url = f"{server.url}/v2/apis/{cli_api['ApiId']}"
    request = urllib.request.Request(url, headers={
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/"
                         "aws4_request, SignedHeaders=host, Signature=0"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())

    assert {"apiId", "apiEndpoint", "createdDate", "protocolType", "name"} <= set(body)
    assert not any(key[0].isupper() for key in body)
    assert ISO.match(body["createdDate"])
    datetime.fromisoformat(body["createdDate"].replace("Z", "+00:00"))


def test_quick_create_with_a_route_key_serves_only_that_route(aws: CliRun, call: Call,
                                                              handler_arn: str) -> None:
    api = aws("create-api", "--name", "cli-route", "--protocol-type", "HTTP",
              "--route-key", "GET /hello/{name}", "--target", handler_arn)
    try:
        routes = aws("get-routes", "--api-id", api["ApiId"])["Items"]
        hello = call(api["ApiId"], "GET", "/hello/world")
        other = call(api["ApiId"], "GET", "/other")
    finally:
        aws("delete-api", "--api-id", api["ApiId"])

    assert [r["RouteKey"] for r in routes] == ["GET /hello/{name}"]
    assert hello.status == 200
    assert hello.json()["pathParameters"] == {"name": "world"}
    assert other.status == 404
    assert other.json() == {"message": "Not Found"}


def test_cors_configuration_shorthand_answers_preflights(aws: CliRun, call: Call,
                                                         handler_arn: str) -> None:
    api = aws("create-api", "--name", "cli-cors", "--protocol-type", "HTTP",
              "--target", handler_arn,
              "--cors-configuration", "AllowOrigins=https://app.example,AllowMethods=GET")
    try:
        answer = call(api["ApiId"], "OPTIONS", "/x", headers=[
            ("Origin", "https://app.example"), ("Access-Control-Request-Method", "GET")])
    finally:
        aws("delete-api", "--api-id", api["ApiId"])

    assert api["CorsConfiguration"] == {"AllowOrigins": ["https://app.example"],
                                        "AllowMethods": ["GET"]}
    assert answer.status == 204
    assert answer.header("access-control-allow-origin") == "https://app.example"
