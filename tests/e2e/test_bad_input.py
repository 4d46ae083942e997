"""Bad input never breaks the server: every operation of every JSON-protocol service,
sent malformed members of the wrong types, answers a 4xx (or 501 when cloudlet has not
written it), never a 500, and the server keeps serving."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from cloudlet.server.models import load_model
from tests.server import RunningServer

SERVICES = {"dynamodb": "dynamodb", "dynamodbstreams": "dynamodb", "logs": "logs", "sqs": "sqs",
            "events": "events", "kinesis": "kinesis"}

WRONG = {"string": 12, "integer": "x", "long": [], "boolean": "yes", "blob": 3,
         "timestamp": {}, "structure": "s", "list": {"a": 1}, "map": [1], "double": "n"}


def bad_bodies(service: str, operation: str) -> list[Any]:
    shape = load_model(service).operation_model(operation).input_shape
    bodies: list[Any] = [{}, [], "text", {"Unknown": {"deep": [1, 2]}}]
    if shape is None:
        return bodies
    for name, member in shape.members.items():
        bodies.append({name: WRONG.get(member.type_name)})
        if member.type_name == "string":
            bodies.append({name: "\u0000" * 3 + "x" * 2000})
        if member.type_name in ("map", "structure"):
            bodies.append({name: {"k": {"S": 5, "N": "abc", "M": [1]}}})
        if member.type_name == "list":
            bodies.append({name: [None, {}, [], 7]})
    return bodies


def send(server: RunningServer, method: str, path: str, body: Any,
         headers: dict[str, str]) -> int:
    """The HTTP status of one request (the body is read and dropped)."""
    request = urllib.request.Request(server.url + path, data=json.dumps(body).encode(),
                                     method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        with error:
            error.read()
            return int(error.code)


def authorization(signing_name: str) -> str:
    return (f"AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/{signing_name}/aws4_request, "
            "SignedHeaders=host, Signature=0")


def call(server: RunningServer, service: str, operation: str, body: Any) -> int:
    model = load_model(service)
    return send(server, "POST", "/", body, {
        "X-Amz-Target": f"{model.metadata['targetPrefix']}.{operation}",
        "Content-Type": f"application/x-amz-json-{model.metadata['jsonVersion']}",
        "Authorization": authorization(SERVICES[service])})


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_malformed_members_get_client_errors_not_500(server: RunningServer, service: str) -> None:
    failures = []
    for operation in load_model(service).operation_names:
        for body in bad_bodies(service, operation):
            status = call(server, service, operation, body)
            if status >= 500 and status != 501:
                failures.append(f"{operation} {json.dumps(body)[:120]} -> {status}")
    assert failures == []
    assert call(server, "dynamodb", "ListTables", {}) == 200


def test_lambda_answers_malformed_requests_with_client_errors(server: RunningServer) -> None:
    model = load_model("lambda")
    failures = []
    for operation in model.operation_names:
        http = model.operation_model(operation).http
        path = http["requestUri"].split("?")[0]
        for label in ("{FunctionName}", "{ARN}", "{Resource}", "{Qualifier}"):
            path = path.replace(label, "no-such-function")
        path = path.replace("{", "").replace("+}", "").replace("}", "")
        for body in [{}, [], {"Code": "x", "Runtime": 5}, {"MemorySize": "lots"}]:
            status = send(server, http["method"], path, body, {
                "Content-Type": "application/json", "Authorization": authorization("lambda")})
            if status >= 500 and status != 501:
                failures.append(f"{operation} {json.dumps(body)} -> {status}")
    assert failures == []
