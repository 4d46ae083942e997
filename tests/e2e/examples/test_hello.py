"""The hello example: GET /hello/{name} through a REST API (AWS_PROXY) to a function,
built with boto3 as against AWS and called over plain HTTP."""

from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any

import boto3
import pytest

from tests.e2e.examples.conftest import load_example


@pytest.fixture(scope="module")
def hello() -> Any:
    return load_example("hello")


@pytest.fixture
def deployed(hello: Any, session: boto3.Session) -> Any:
    return hello.deploy(session, prefix=f"hello-{uuid.uuid4().hex[:6]}")


def test_get_hello_name_answers_the_greeting(hello: Any, deployed: Any) -> None:
    """The function's proxy response becomes the HTTP response: status, header, body; the
    event carries the path parameter, the resource, the path and the stage."""
    status, headers, body = hello.get(deployed, "/hello/Ada")

    assert status == 200
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"message": "Hello, Ada!", "resource": "/hello/{name}",
                                "path": "/hello/Ada", "stage": "dev"}


def test_query_string_reaches_the_function(hello: Any, deployed: Any) -> None:
    status, _, body = hello.get(deployed, "/hello/Grace?greeting=Howdy")
    assert status == 200
    assert json.loads(body)["message"] == "Howdy, Grace!"


def test_the_path_form_serves_the_same_stage(deployed: Any) -> None:
    with urllib.request.urlopen(deployed.path_url("/hello/Linus"), timeout=30) as resp:
        assert resp.status == 200
        assert json.loads(resp.read())["message"] == "Hello, Linus!"


def test_an_unknown_path_is_403_missing_authentication_token(hello: Any, deployed: Any) -> None:
    """REST APIs answer a path with no resource as 403 Missing Authentication Token."""
    status, _, body = hello.get(deployed, "/nothing/here")
    assert status == 403
    assert json.loads(body) == {"message": "Missing Authentication Token"}


def test_the_permission_names_this_api(session: boto3.Session, deployed: Any) -> None:
    """AddPermission let apigateway.amazonaws.com invoke the function from GET /hello/*."""
    policy = json.loads(session.client("lambda").get_policy(FunctionName=deployed.function)["Policy"])
    [statement] = policy["Statement"]
    assert statement["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"].endswith(
        f":{deployed.api_id}/*/GET/hello/*")


def test_the_demo_prints_urls_and_transcript(hello: Any, session: boto3.Session) -> None:
    lines = hello.demo(session, f"hello-{uuid.uuid4().hex[:6]}")
    assert any(".execute-api.localhost:" in line and "/dev/hello/" in line for line in lines)
    assert "GET /dev/hello/Ada -> 200 Hello, Ada!" in lines
    assert any(line.startswith("GET /dev/nothing/here -> 403") for line in lines)
