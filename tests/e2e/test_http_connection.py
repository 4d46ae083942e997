"""HTTP/1.1 on the edge port, on raw sockets: keep-alive, pipelining, 100-continue, a
request whose handler waits, a body that arrives after its head, and Content-Length on
every whole answer (``server/http_protocol.py`` answers most requests eagerly)."""

import json
import socket
import time

from tests.server import RunningServer, unsigned_authorization


def _request(target: str, body: dict[str, object], signing: str = "dynamodb",
             prefix: str = "DynamoDB_20120810", extra: str = "") -> bytes:
    data = json.dumps(body).encode()
    head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\n"
            f"X-Amz-Target: {prefix}.{target}\r\n"
            f"Authorization: {unsigned_authorization(signing)}\r\n"
            f"Content-Length: {len(data)}\r\n{extra}\r\n")
    return head.encode() + data


class _Reader:
    """Reads HTTP responses one after another from a socket."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        self.buffer += chunk

    def line_block(self) -> bytes:
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        return head

    def response(self) -> tuple[int, dict[str, str], bytes]:
        head = self.line_block()
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
        size = int(headers.get("content-length", "0"))
        while len(self.buffer) < size:
            self._fill()
        body, self.buffer = self.buffer[:size], self.buffer[size:]
        return status, headers, body


def _connect(server: RunningServer) -> tuple[socket.socket, _Reader]:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    return sock, _Reader(sock)


def test_answers_carry_content_length_and_are_not_chunked(server: RunningServer) -> None:
    sock, reader = _connect(server)
    with sock:
        sock.sendall(_request("ListTables", {}))
        status, headers, body = reader.response()
    assert status == 200
    assert "transfer-encoding" not in headers
    assert int(headers["content-length"]) == len(body)
    assert "TableNames" in json.loads(body)


def test_requests_on_one_kept_alive_connection(server: RunningServer) -> None:
    sock, reader = _connect(server)
    with sock:
        for _ in range(3):
            sock.sendall(_request("ListTables", {}))
            assert reader.response()[0] == 200


def test_pipelined_requests_are_answered_in_order(server: RunningServer) -> None:
    sock, reader = _connect(server)
    with sock:
        sock.sendall(_request("DescribeTable", {"TableName": "no-such-table-pipelined"})
                     + _request("ListTables", {})
                     + b"GET /_cloudlet/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        first, second, third = reader.response(), reader.response(), reader.response()
    assert first[0] == 400 and b"ResourceNotFoundException" in first[2]
    assert second[0] == 200 and "TableNames" in json.loads(second[2])
    assert third[0] == 200 and json.loads(third[2])["status"] == "running"


def test_a_waiting_handler_answers_before_the_request_pipelined_after_it(
        server: RunningServer) -> None:
    sock, reader = _connect(server)
    with sock:
        sock.sendall(_request("CreateQueue", {"QueueName": "http-connection-wait"},
                              signing="sqs", prefix="AmazonSQS"))
        status, _, body = reader.response()
        assert status == 200
        url = json.loads(body)["QueueUrl"]
        started = time.monotonic()
        sock.sendall(_request("ReceiveMessage", {"QueueUrl": url, "WaitTimeSeconds": 1},
                              signing="sqs", prefix="AmazonSQS")
                     + _request("ListTables", {}))
        waited = reader.response()
        assert time.monotonic() - started >= 0.9  # the long poll really waited
        after = reader.response()
    assert waited[0] == 200 and json.loads(waited[2]).get("Messages", []) == []
    assert after[0] == 200 and "TableNames" in json.loads(after[2])


def test_a_body_sent_after_its_head_is_read(server: RunningServer) -> None:
    whole = _request("ListTables", {"Limit": 5})
    head, _, body = whole.partition(b"\r\n\r\n")
    sock, reader = _connect(server)
    with sock:
        sock.sendall(head + b"\r\n\r\n")
        time.sleep(0.2)
        sock.sendall(body)
        status, _, answer = reader.response()
    assert status == 200 and "TableNames" in json.loads(answer)


def test_expect_100_continue_is_answered_before_the_body(server: RunningServer) -> None:
    whole = _request("ListTables", {}, extra="Expect: 100-continue\r\n")
    head, _, body = whole.partition(b"\r\n\r\n")
    sock, reader = _connect(server)
    with sock:
        sock.sendall(head + b"\r\n\r\n")
        assert reader.line_block().startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        status, _, answer = reader.response()
    assert status == 200 and "TableNames" in json.loads(answer)
