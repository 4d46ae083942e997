"""A request body that stops arriving is given up, as S3 gives one up: after the idle time
without a byte (1 s here, CLOUDLET_BODY_IDLE_SECONDS; 20 s by default) the answer is
``400 RequestTimeout`` in the service's shape, the connection is closed, nothing is stored,
and the server keeps serving. A body that arrives slowly but steadily is not cut off."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.conftest import make_client
from tests.e2e.test_bad_input import DDB_HEADERS, exchange
from tests.server import RunningServer, serving, unsigned_authorization


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "body-idle", env={"CLOUDLET_BODY_IDLE_SECONDS": "1"})


def s3_put(key: str, declared: int) -> bytes:
    return (b"PUT /idle-bucket/%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n" % (key.encode(), declared)
            + b"Authorization: " + unsigned_authorization("s3").encode() + b"\r\n\r\n")


def test_s3_body_shorter_than_its_content_length_is_a_request_timeout(
        idle_server: RunningServer) -> None:
    s3 = make_client(idle_server, "s3")
    s3.create_bucket(Bucket="idle-bucket")
    started = time.monotonic()
    conn, answer = exchange(idle_server, s3_put("short", 10), b"abc")
    waited = time.monotonic() - started
    assert conn.recv(1) == b""  # closed after the answer
    conn.close()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"<Code>RequestTimeout</Code>" in answer
    assert b"not read from or written to within the timeout period" in answer
    assert 0.9 < waited < 10
    assert "Contents" not in s3.list_objects_v2(Bucket="idle-bucket")


def test_dynamodb_body_never_sent_is_a_request_timeout_in_json(idle_server: RunningServer) -> None:
    conn, answer = exchange(idle_server, b"POST / HTTP/1.1\r\nHost: x\r\n" + DDB_HEADERS
                            + b"Content-Length: 50\r\n\r\n")
    conn.close()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b'"__type":"com.amazonaws.dynamodb.v20120810#RequestTimeout"' in answer.replace(b" ", b"")
    assert make_client(idle_server, "dynamodb").list_tables()["TableNames"] == []


def test_chunked_body_never_ended_is_a_request_timeout(idle_server: RunningServer) -> None:
    conn, answer = exchange(idle_server, b"POST / HTTP/1.1\r\nHost: x\r\n" + DDB_HEADERS
                            + b"Transfer-Encoding: chunked\r\n\r\n", b"2\r\n{}\r\n")
    conn.close()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"RequestTimeout" in answer


def test_a_slow_steady_body_is_read_whole(idle_server: RunningServer) -> None:
    s3 = make_client(idle_server, "s3")
    s3.create_bucket(Bucket="idle-bucket")
    host, port = idle_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(s3_put("slow", 4))
        for byte in (b"s", b"l", b"o", b"w"):  # 2.4 s in all, never 1 s without a byte
            time.sleep(0.6)
            conn.sendall(byte)
        assert conn.recv(65536).startswith(b"HTTP/1.1 200 ")
    assert s3.get_object(Bucket="idle-bucket", Key="slow")["Body"].read() == b"slow"
