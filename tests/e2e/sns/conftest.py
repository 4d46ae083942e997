"""Fixtures for the SNS tests: clients, fresh topics, a loopback HTTP endpoint that records
what SNS POSTs, and the recorded email/SMS messages."""

from __future__ import annotations

import base64
import contextlib
import datetime
import http.server
import json
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import wait_for
from tests.server import RunningServer


@pytest.fixture(scope="session")
def sns(server: RunningServer) -> Any:
    return make_client(server, "sns")


@pytest.fixture
def topic(sns: Any, unique_name: str) -> Iterator[str]:
    arn: str = sns.create_topic(Name=unique_name)["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Endpoint:
    """A loopback HTTP server; answers ``status`` (a list is consumed one per request)."""

    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)  # seconds before answering, per request

    def of_type(self, kind: str) -> list[Received]:
        return [r for r in self.requests if r.headers.get("x-amz-sns-message-type") == kind]

    def wait(self, kind: str, count: int = 1, timeout: float = 15.0) -> list[Received]:
        wait_for(lambda: len(self.of_type(kind)) >= count, timeout)
        return self.of_type(kind)


def error_of(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    """(code, HTTP status, message) of a failed call."""
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"], resp["Error"]["Message"]


def _self_signed(directory: Path) -> ssl.SSLContext:
    """A TLS server context with a fresh self-signed certificate for 127.0.0.1."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    (directory / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    return context


@contextlib.contextmanager
def _serve(tls: ssl.SSLContext | None) -> Iterator[Endpoint]:
    state = Endpoint(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, {k.lower(): v for k, v in
                                                       self.headers.items()}, body))
            status = state.statuses.pop(0) if state.statuses else 200
            if state.delays:
                time.sleep(state.delays.pop(0))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    scheme = "https" if tls else "http"
    state.url = f"{scheme}://127.0.0.1:{httpd.server_address[1]}/hook"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    """A loopback HTTP endpoint recording what SNS POSTs."""
    with _serve(None) as served:
        yield served


@pytest.fixture
def https_endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    """The same over TLS, with a self-signed certificate."""
    with _serve(_self_signed(tmp_path)) as served:
        yield served


def verify_signature(doc: dict[str, Any]) -> None:
    """Check a delivered document's signature (SignatureVersion 1: SHA1, 2: SHA256) with the
    certificate at its
    SigningCertURL (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html)."""
    if doc["Type"] == "Notification":
        fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    else:
        fields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    canonical = "".join(f"{k}\n{doc[k]}\n" for k in fields if k in doc).encode()
    with urllib.request.urlopen(doc["SigningCertURL"]) as r:
        key = x509.load_pem_x509_certificate(r.read()).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    digest = hashes.SHA256() if doc["SignatureVersion"] == "2" else hashes.SHA1()
    key.verify(base64.b64decode(doc["Signature"]), canonical, padding.PKCS1v15(), digest)


def recorded(server: RunningServer, address: str) -> list[dict[str, Any]]:
    """The email/SMS messages cloudlet recorded for ``address``."""
    query = urllib.parse.urlencode({"endpoint": address})
    with urllib.request.urlopen(f"{server.url}/_cloudlet/sns/messages?{query}") as r:
        messages: list[dict[str, Any]] = json.loads(r.read())["messages"]
    return messages


def confirm_by_url(received: Received) -> str:
    """GET the SubscribeURL of a SubscriptionConfirmation; the XML answer."""
    url = received.json()["SubscribeURL"]
    with urllib.request.urlopen(url) as r:
        return str(r.read().decode())


@pytest.fixture
def cleanup() -> Iterator[list[Callable[[], Any]]]:
    """Callables run after the test (deleting what it made)."""
    actions: list[Callable[[], Any]] = []
    yield actions
    for action in reversed(actions):
        with contextlib.suppress(Exception):
            action()


from tests.e2e.lambda_.conftest import shared_dir  # noqa: E402,F401 (a fixture)
