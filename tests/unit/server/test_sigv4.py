"""SigV4 verification against botocore's signers: sign with botocore, verify with ours.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
"""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cloudlet.server import auth_errors, sigv4
from cloudlet.server.auth_errors import Refused
from cloudlet.server.authn import verify
from cloudlet.server.context import Principal
from cloudlet.server.credentials import CredentialStore
from cloudlet.server.http import Request


class Clock:
    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def state(tmp_path: Path) -> Any:
    return SimpleNamespace(credentials=CredentialStore(tmp_path / "credentials.sqlite"),
                           clock=Clock(), config=SimpleNamespace(auth="on"))


def to_request(signed: AWSRequest, body: bytes | None = None) -> Request:
    """What the server sees of a request botocore signed and sent."""
    parts = urlsplit(signed.url)
    headers = {k.lower(): str(v) for k, v in signed.headers.items()}
    headers.setdefault("host", parts.netloc)
    data = signed.body if body is None else body
    if isinstance(data, str):
        data = data.encode()
    return Request(method=signed.method, path=parts.path, raw_path=parts.path,
                   query_string=parts.query, headers=headers, body=data or b"",
                   host=headers["host"], raw_headers=list(headers.items()))


def signed(key: Any, method: str, url: str, *, service: str, body: bytes = b"",
           headers: dict[str, str] | None = None, signer: type[SigV4Auth] = SigV4Auth,
           secret: str | None = None, token: str | None = None) -> Request:
    creds = Credentials(key.access_key, secret or key.secret, token or key.session_token or None)
    request = AWSRequest(method=method, url=url, data=body, headers=headers or {})
    signer(creds, service, "us-east-1").add_auth(request)
    return to_request(request)


def refused(state: Any, request: Request, service: str, *, s3: bool = False) -> str:
    with pytest.raises(Refused) as err:
        verify(state, request, service, s3=s3)
    return err.value.kind


def test_a_dynamodb_call_signed_by_botocore_verifies(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "POST", "http://127.0.0.1:4566/", service="dynamodb",
                     body=b'{"TableName": "t"}',
                     headers={"X-Amz-Target": "DynamoDB_20120810.GetItem",
                              "Content-Type": "application/x-amz-json-1.0"})
    assert verify(state, request, "dynamodb") == key.principal


def test_a_rest_path_is_encoded_twice_except_for_s3(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    url = ("http://127.0.0.1:4566/2015-03-31/functions/"
           "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations")
    assert verify(state, signed(key, "POST", url, service="lambda", body=b"{}"), "lambda")
    s3_url = "http://127.0.0.1:4566/bucket/a%20key/with%3Acolon?x-id=GetObject&z=1&a=b%2Fc"
    request = signed(key, "GET", s3_url, service="s3", signer=S3SigV4Auth)
    assert verify(state, request, "s3", s3=True) == key.principal


def test_dot_segments_and_double_slashes_are_removed_before_signing(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "GET", "http://127.0.0.1:4566/a//b/./c/../d/", service="lambda")
    assert verify(state, request, "lambda")


def test_query_values_are_canonicalized_per_rfc3986(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "GET", "http://127.0.0.1:4566/?b=2&a=x%20y&a=1&c", service="lambda")
    assert verify(state, request, "lambda")
    assert sigv4.canonical_query("b=a:b&a=%7e", presigned=False) == "a=~&b=a%3Ab"


def test_a_wrong_secret_is_a_signature_mismatch(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "POST", "http://127.0.0.1:4566/", service="dynamodb", body=b"{}",
                     secret="x" * 40)
    assert refused(state, request, "dynamodb") == auth_errors.SIGNATURE


def test_a_changed_body_is_a_signature_mismatch(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "POST", "http://127.0.0.1:4566/", service="dynamodb", body=b"{}")
    request.body = b'{"x": 1}'
    assert refused(state, request, "dynamodb") == auth_errors.SIGNATURE


def test_unknown_inactive_and_unsigned_are_refused(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    stranger = SimpleNamespace(access_key="AKIAAAAAAAAAAAAAAAAA", secret="s" * 40,
                               session_token="")
    request = signed(stranger, "GET", "http://127.0.0.1:4566/", service="lambda")
    assert refused(state, request, "lambda") == auth_errors.UNKNOWN_KEY
    state.credentials.set_status(key.access_key, "Inactive")
    request = signed(key, "GET", "http://127.0.0.1:4566/", service="lambda")
    assert refused(state, request, "lambda") == auth_errors.UNKNOWN_KEY
    plain = Request("GET", "/", "/", "", {"host": "h"}, b"")
    assert refused(state, plain, "lambda") == auth_errors.MISSING


def test_a_session_needs_its_own_token_and_ends(state: Any) -> None:
    now = state.clock.now()
    session = state.credentials.issue(
        Principal.role_session("arn:aws:iam::123456789012:role/r", "s"), expires=now + 900)
    url = "http://127.0.0.1:4566/"
    assert verify(state, signed(session, "GET", url, service="sts"), "sts") == session.principal
    wrong = signed(session, "GET", url, service="sts", token="other-token")
    assert refused(state, wrong, "sts") == auth_errors.BAD_TOKEN
    bare = SimpleNamespace(access_key=session.access_key, secret=session.secret,
                           session_token="")
    assert refused(state, signed(bare, "GET", url, service="sts"), "sts") == auth_errors.BAD_TOKEN
    request = signed(session, "GET", url, service="sts")
    state.clock.offset = 901
    assert refused(state, request, "sts") == auth_errors.EXPIRED_TOKEN


def test_a_request_time_more_than_15_minutes_off_is_refused(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "GET", "http://127.0.0.1:4566/", service="lambda")
    state.clock.offset = 14 * 60
    assert verify(state, request, "lambda")
    state.clock.offset = 16 * 60
    with pytest.raises(Refused) as err:
        verify(state, request, "lambda")
    assert err.value.kind == auth_errors.SKEWED
    assert err.value.detail.startswith("Signature expired: ")
    state.clock.offset = -16 * 60
    with pytest.raises(Refused) as err:
        verify(state, request, "lambda")
    assert err.value.detail.startswith("Signature not yet current: ")


def test_a_scope_for_another_service_is_refused(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    request = signed(key, "GET", "http://127.0.0.1:4566/", service="lambda")
    assert refused(state, request, "dynamodb") == auth_errors.SCOPE


def test_a_presigned_s3_url_verifies_until_it_expires(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    creds = Credentials(key.access_key, key.secret)
    request = AWSRequest(method="GET", url="http://127.0.0.1:4566/b/k%20ey")
    S3SigV4QueryAuth(creds, "s3", "us-east-1", expires=60).add_auth(request)
    ours = to_request(request)
    assert verify(state, ours, "s3", s3=True) == key.principal
    state.clock.offset = 61
    assert refused(state, ours, "s3", s3=True) == auth_errors.PRESIGN_EXPIRED


def test_a_week_is_the_longest_presign(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    creds = Credentials(key.access_key, key.secret)
    request = AWSRequest(method="GET", url="http://127.0.0.1:4566/b/k")
    S3SigV4QueryAuth(creds, "s3", "us-east-1", expires=604801).add_auth(request)
    assert refused(state, to_request(request), "s3", s3=True) == auth_errors.QUERY_MALFORMED


def test_unsigned_payload_and_a_wrong_content_sha256(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    url = "http://127.0.0.1:4566/b/k"
    request = signed(key, "PUT", url, service="s3", body=b"data", signer=S3SigV4Auth,
                     headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    assert verify(state, request, "s3", s3=True)
    request = signed(key, "PUT", url, service="s3", body=b"data", signer=S3SigV4Auth)
    assert verify(state, request, "s3", s3=True)
    request.body = b"other"
    assert refused(state, request, "s3", s3=True) == auth_errors.CONTENT_SHA256


def chunked_body(key: bytes, seed: str, amz_date: str, scope: str,
                 chunks: list[bytes]) -> bytes:
    """An aws-chunked body signed chunk by chunk, as the SDKs stream it."""
    out = []
    previous = seed
    for data in [*chunks, b""]:
        text = (f"AWS4-HMAC-SHA256-PAYLOAD\n{amz_date}\n{scope}\n{previous}\n"
                f"{sigv4.EMPTY_SHA256}\n{hashlib.sha256(data).hexdigest()}")
        previous = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
        out.append(f"{len(data):x};chunk-signature={previous}\r\n".encode() + data + b"\r\n")
    return b"".join(out)


def test_streaming_chunks_are_verified(state: Any) -> None:
    _, key = state.credentials.create_account("a")
    # S3SigV4Auth always hashes the body itself; SigV4Auth signs the header as sent (and the
    # path /b/k reads the same either way).
    request = signed(key, "PUT", "http://127.0.0.1:4566/b/k", service="s3",
                     headers={"X-Amz-Content-SHA256": sigv4.STREAMING,
                              "Content-Encoding": "aws-chunked",
                              "X-Amz-Decoded-Content-Length": "11"})
    sig = sigv4.read(request)
    assert sig is not None
    signing_key = sigv4.derive_key(key.secret, sig.date, "us-east-1", "s3")
    request.body = chunked_body(signing_key, sig.signature, sig.amz_date, sig.scope,
                                [b"hello ", b"world"])
    assert verify(state, request, "s3", s3=True)
    request.body = request.body.replace(b"world", b"WORLD")
    assert refused(state, request, "s3", s3=True) == auth_errors.SIGNATURE


def test_the_verifier_is_fast(state: Any) -> None:
    """Not a timed test: prints the cost of verifying a GetItem (the budget is 50 us)."""
    _, key = state.credentials.create_account("a")
    request = signed(key, "POST", "http://127.0.0.1:4566/", service="dynamodb",
                     body=b'{"TableName": "t", "Key": {"pk": {"S": "a"}}}',
                     headers={"X-Amz-Target": "DynamoDB_20120810.GetItem",
                              "Content-Type": "application/x-amz-json-1.0"})
    verify(state, request, "dynamodb")
    rounds = 5000
    started = time.perf_counter()
    for _ in range(rounds):
        verify(state, request, "dynamodb")
    per_call = (time.perf_counter() - started) / rounds * 1e6
    print(f"\nverify(GetItem): {per_call:.1f} us per request")


def test_an_s3_url_presigned_with_version_2_verifies(state: Any) -> None:
    from botocore.auth import HmacV1QueryAuth

    _, key = state.credentials.create_account("a")
    request = AWSRequest(method="GET", url="http://127.0.0.1:4566/b/a%20key?versionId=v1")
    HmacV1QueryAuth(Credentials(key.access_key, key.secret), expires=60).add_auth(request)
    ours = to_request(request)
    ours.headers.pop("date", None)
    assert verify(state, ours, "s3", s3=True) == key.principal
    state.clock.offset = 61
    assert refused(state, ours, "s3", s3=True) == auth_errors.PRESIGN_EXPIRED
