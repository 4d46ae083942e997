"""Bad input never breaks the server: every operation of every JSON-protocol service,
sent malformed members of the wrong types, answers a 4xx (or 501 when cloudlet has not
written it), never a 500, and the server keeps serving."""

from __future__ import annotations

import json
import socket
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.server.models import load_model
from tests.conftest import make_client
from tests.server import RunningServer, send_raw, unsigned_authorization

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
    return send_raw(server, path, json.dumps(body).encode(), headers, method=method)[0]


def call(server: RunningServer, service: str, operation: str, body: Any) -> int:
    model = load_model(service)
    return send(server, "POST", "/", body, {
        "X-Amz-Target": f"{model.metadata['targetPrefix']}.{operation}",
        "Content-Type": f"application/x-amz-json-{model.metadata['jsonVersion']}",
        "Authorization": unsigned_authorization(SERVICES[service])})


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
                "Content-Type": "application/json", "Authorization": unsigned_authorization("lambda")})
            if status >= 500 and status != 501:
                failures.append(f"{operation} {json.dumps(body)} -> {status}")
    assert failures == []


# --- limits at the edge: the request line, the headers, the body --------------------------

DDB_HEADERS = (b"X-Amz-Target: DynamoDB_20120810.BatchWriteItem\r\n"
               b"Content-Type: application/x-amz-json-1.0\r\n"
               b"Authorization: " + unsigned_authorization("dynamodb").encode() + b"\r\n")


def exchange(server: RunningServer, *parts: bytes) -> tuple[socket.socket, bytes]:
    """Send ``parts`` on a new connection; the open socket and the first response's head
    and (small) body."""
    host, port = server.url.removeprefix("http://").split(":")
    conn = socket.create_connection((host, int(port)), timeout=30)
    for part in parts:
        conn.sendall(part)
    return conn, read_response(conn)


def read_response(conn: socket.socket) -> bytes:
    data = b""
    while not (b"\r\n\r\n" in data and (data.endswith(b"}") or data.endswith(b"0\r\n\r\n"))):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_request_line_over_16_kib_is_answered_414(server: RunningServer) -> None:
    conn, answer = exchange(server, b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    conn.close()
    assert answer.startswith(b"HTTP/1.1 414 ")
    assert b"request line is longer than 16384 bytes" in answer


@pytest.mark.parametrize("size", [70_000, 4_000_000])
def test_headers_over_64_kib_are_answered_431(server: RunningServer, size: int) -> None:
    conn, answer = exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size
                            + b"\r\n\r\n")
    conn.close()
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert call(server, "dynamodb", "ListTables", {}) == 200


def test_dynamodb_body_over_16_mib_with_content_length_is_413_and_connection_kept(
        server: RunningServer) -> None:
    """Answered from Content-Length before the body is read; the rest is read and dropped,
    and the same connection serves the next request."""
    size = 16 * 1024 * 1024 + 1
    conn, answer = exchange(server, b"POST / HTTP/1.1\r\nHost: x\r\n" + DDB_HEADERS
                            + b"Content-Length: %d\r\n\r\n" % size, b" " * size)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"RequestEntityTooLargeException" in answer
    assert b"Request must be smaller than 16777216 bytes for the BatchWriteItem operation" in answer
    conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n" + DDB_HEADERS.replace(b"BatchWriteItem", b"ListTables")
                 + b"Content-Length: 2\r\n\r\n{}")
    assert read_response(conn).startswith(b"HTTP/1.1 200 ")
    conn.close()


def test_dynamodb_chunked_body_over_16_mib_is_413(server: RunningServer) -> None:
    chunk = b"x" * (1 << 20)
    framed = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    conn, answer = exchange(server, b"POST / HTTP/1.1\r\nHost: x\r\n" + DDB_HEADERS
                            + b"Transfer-Encoding: chunked\r\n\r\n", *[framed] * 18, b"0\r\n\r\n")
    conn.close()
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"16777216" in answer


def test_boto3_sees_request_entity_too_large(server: RunningServer) -> None:
    ddb = make_client(server, "dynamodb")
    with pytest.raises(ClientError) as err:
        ddb.put_item(TableName="any", Item={"pk": {"S": "x" * (17 * 1024 * 1024)}})
    assert err.value.response["Error"]["Code"] == "RequestEntityTooLargeException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413


# --- DynamoDB and DynamoDB Streams: AWS's texts for values, schemas and limits -------------

def ddb_raw(server: RunningServer, operation: str, body: Any) -> tuple[int, dict[str, Any]]:
    status, answer = send_raw(server, "/", json.dumps(body).encode(), {
        "X-Amz-Target": f"DynamoDB_20120810.{operation}",
        "Content-Type": "application/x-amz-json-1.0",
        "Authorization": unsigned_authorization("dynamodb")}, timeout=30)
    return status, json.loads(answer)


@pytest.fixture(scope="module")
def table(server: RunningServer) -> str:
    ddb = make_client(server, "dynamodb")
    name = "bad-input-" + uuid.uuid4().hex[:8]
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    return name


@pytest.mark.parametrize("value", [{"B": "!!!notb64"}, {"BS": ["abc"]}])
def test_binary_that_is_not_base64_is_a_serialization_exception(
        server: RunningServer, table: str, value: dict[str, Any]) -> None:
    status, body = ddb_raw(server, "PutItem", {"TableName": table,
                                               "Item": {"pk": {"S": "b64"}, "d": value}})
    assert status == 400
    assert body["__type"].endswith("#SerializationException")
    assert body["message"].startswith("Base64 encoded length is expected a multiple of 4 bytes")
    assert ddb_raw(server, "GetItem", {"TableName": table, "Key": {"pk": {"S": "b64"}}})[1] == {}


def test_json_body_that_is_not_an_object_is_a_serialization_exception(
        server: RunningServer) -> None:
    status, body = ddb_raw(server, "ListTables", [1, 2])
    assert status == 400
    assert body["__type"].endswith("#SerializationException")


def test_key_schema_of_three_elements_fails_model_validation(server: RunningServer) -> None:
    ddb = make_client(server, "dynamodb", parameter_validation=False)
    with pytest.raises(ClientError) as err:
        ddb.create_table(
            TableName="three-keys", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in "abc"],
            KeySchema=[{"AttributeName": "a", "KeyType": "HASH"},
                       {"AttributeName": "b", "KeyType": "RANGE"},
                       {"AttributeName": "c", "KeyType": "RANGE"}])
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert err.value.response["Error"]["Message"].endswith(
        "at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2")


def test_expression_over_4_kb_and_documents_over_32_levels(server: RunningServer, table: str) -> None:
    ddb = make_client(server, "dynamodb")
    with pytest.raises(ClientError) as err:
        ddb.put_item(TableName=table, Item={"pk": {"S": "x"}},
                     ConditionExpression=" AND ".join(["attribute_exists(pk)"] * 250))
    assert err.value.response["Error"]["Message"].startswith(
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size")
    value: dict[str, Any] = {"S": "x"}
    for _ in range(33):
        value = {"M": {"a": value}}
    with pytest.raises(ClientError) as err:
        ddb.put_item(TableName=table, Item={"pk": {"S": "x"}, "d": value})
    assert err.value.response["Error"]["Message"] == "Nesting Levels have exceeded supported limits"


@pytest.mark.parametrize(("operation", "most"), [("list_streams", 100), ("describe_stream", 100),
                                                ("get_records", 1000)])
def test_streams_limit_over_its_maximum(server: RunningServer, table: str, operation: str,
                                        most: int) -> None:
    arn = make_client(server, "dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
    args = {"list_streams": {}, "describe_stream": {"StreamArn": arn},
            "get_records": {"ShardIterator": "not-an-iterator"}}[operation]
    streams = make_client(server, "dynamodbstreams", parameter_validation=False)
    with pytest.raises(ClientError) as err:
        getattr(streams, operation)(Limit=most + 1, **args)
    assert err.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '{most + 1}' at 'limit' failed to satisfy "
        f"constraint: Member must have value less than or equal to {most}")
