"""With ``--auth on`` a signature that does not hold is refused with the service's own
error code and status.
https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

from cloudlet.server.context import Principal
from cloudlet.server.credentials import CredentialStore
from tests.e2e.auth.conftest import client
from tests.server import RunningServer

# service -> a call, and per failure the (code, status) AWS answers
CALLS: dict[str, Any] = {
    "dynamodb": lambda c: c.list_tables(),
    "lambda": lambda c: c.list_functions(),
    "sqs": lambda c: c.list_queues(),
    "sts": lambda c: c.get_caller_identity(),
    "iam": lambda c: c.list_users(),
    "s3": lambda c: c.list_buckets(),
}
EXPECTED = {
    "dynamodb": {"secret": ("InvalidSignatureException", 400),
                 "unknown": ("UnrecognizedClientException", 400),
                 "expired": ("ExpiredTokenException", 400),
                 "skewed": ("InvalidSignatureException", 400)},
    "lambda": {"secret": ("InvalidSignatureException", 403),
               "unknown": ("UnrecognizedClientException", 403),
               "expired": ("ExpiredTokenException", 403),
               "skewed": ("InvalidSignatureException", 403)},
    "sqs": {"secret": ("SignatureDoesNotMatch", 403), "unknown": ("InvalidClientTokenId", 403),
            "expired": ("ExpiredToken", 403), "skewed": ("SignatureDoesNotMatch", 403)},
    "sts": {"secret": ("SignatureDoesNotMatch", 403), "unknown": ("InvalidClientTokenId", 403),
            "expired": ("ExpiredToken", 403), "skewed": ("SignatureDoesNotMatch", 403)},
    "iam": {"secret": ("SignatureDoesNotMatch", 403), "unknown": ("InvalidClientTokenId", 403),
            "expired": ("ExpiredToken", 403), "skewed": ("SignatureDoesNotMatch", 403)},
    "s3": {"secret": ("SignatureDoesNotMatch", 403), "unknown": ("InvalidAccessKeyId", 403),
           "expired": ("ExpiredToken", 400), "skewed": ("RequestTimeTooSkewed", 403)},
}
SERVICES = sorted(CALLS)


def failure(call: Any) -> tuple[str, int]:
    with pytest.raises(ClientError) as err:
        call()
    response = err.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.parametrize("service", SERVICES)
def test_a_wrong_secret(auth_server: RunningServer, accounts: list[dict[str, str]],
                        service: str) -> None:
    wrong = {**accounts[0], "secret_access_key": "x" * 40}
    c = client(auth_server, service, wrong)
    assert failure(lambda: CALLS[service](c)) == EXPECTED[service]["secret"]


@pytest.mark.parametrize("service", SERVICES)
def test_an_unknown_key(auth_server: RunningServer, service: str) -> None:
    stranger = {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "s" * 40}
    c = client(auth_server, service, stranger)
    assert failure(lambda: CALLS[service](c)) == EXPECTED[service]["unknown"]


@pytest.mark.parametrize("service", SERVICES)
def test_an_expired_session(auth_server: RunningServer, accounts: list[dict[str, str]],
                            service: str) -> None:
    store = CredentialStore(auth_server.data_dir / "credentials.sqlite")
    role = f"arn:aws:iam::{accounts[0]['account_id']}:role/r"
    session = store.issue(Principal.role_session(role, "s"), expires=time.time() - 1)
    store.close()
    import boto3
    from botocore.config import Config
    c = boto3.client(service, endpoint_url=auth_server.url, region_name="us-east-1",
                     aws_access_key_id=session.access_key,
                     aws_secret_access_key=session.secret,
                     aws_session_token=session.session_token,
                     config=Config(retries={"max_attempts": 1}))
    assert failure(lambda: CALLS[service](c)) == EXPECTED[service]["expired"]


@pytest.mark.parametrize("service", SERVICES)
def test_a_request_time_20_minutes_old(auth_server: RunningServer,
                                       accounts: list[dict[str, str]],
                                       monkeypatch: pytest.MonkeyPatch, service: str) -> None:
    past = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(
        minutes=20)
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: past)
    c = client(auth_server, service, accounts[0])
    assert failure(lambda: CALLS[service](c)) == EXPECTED[service]["skewed"]


@pytest.mark.parametrize(("service", "request_args", "expected"), [
    ("dynamodb", {"method": "POST", "headers": {
        "X-Amz-Target": "DynamoDB_20120810.ListTables",
        "Content-Type": "application/x-amz-json-1.0"}, "data": b"{}"},
     ("MissingAuthenticationTokenException", 400)),
    ("lambda", {"method": "GET", "path": "/2015-03-31/functions/"},
     ("MissingAuthenticationTokenException", 403)),
    ("sts", {"method": "POST", "headers": {
        "Content-Type": "application/x-www-form-urlencoded"},
        "data": b"Action=GetCallerIdentity&Version=2011-06-15"},
     ("MissingAuthenticationToken", 403)),
    ("s3", {"method": "GET", "path": "/some-bucket"}, ("AccessDenied", 403)),
])
def test_an_unsigned_request(auth_server: RunningServer, service: str,
                             request_args: dict[str, Any], expected: tuple[str, int]) -> None:
    args = dict(request_args)
    path = args.pop("path", "/")
    answer = requests.request(url=auth_server.url + path, timeout=30, **args)
    assert answer.status_code == expected[1], answer.text
    assert expected[0] in answer.text or answer.headers.get("x-amzn-errortype") == expected[0]


def test_an_expired_presigned_url(auth_server: RunningServer,
                                  accounts: list[dict[str, str]]) -> None:
    s3 = client(auth_server, "s3", accounts[0], signature_version="s3v4")
    s3.create_bucket(Bucket="presign-expiry")
    s3.put_object(Bucket="presign-expiry", Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "presign-expiry",
                                                          "Key": "k"}, ExpiresIn=1)
    assert requests.get(url, timeout=30).status_code == 200
    time.sleep(2.1)
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 403
    assert "<Code>AccessDenied</Code>" in answer.text and "Request has expired" in answer.text
