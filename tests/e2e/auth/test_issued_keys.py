"""Keys from ``cloudlet accounts create`` sign every kind of call, with ``--auth on`` (where
the signature is verified) and ``--auth off``; each issued account sees only its own
resources.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.request
import uuid

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from tests.e2e.auth.conftest import client, create_accounts
from tests.server import RunningServer


@pytest.fixture(scope="session")
def issued(any_server: RunningServer) -> list[dict[str, str]]:
    return create_accounts(any_server.data_dir, f"iso{uuid.uuid4().hex[:6]}", "--count", "2")


def test_sts_answers_the_issued_account(any_server: RunningServer,
                                        issued: list[dict[str, str]]) -> None:
    for account in issued:
        who = client(any_server, "sts", account).get_caller_identity()
        assert who["Account"] == account["account_id"]
        assert who["Arn"] == f"arn:aws:iam::{account['account_id']}:root"


def test_dynamodb_tables_belong_to_the_issued_account(any_server: RunningServer,
                                                      issued: list[dict[str, str]]) -> None:
    first, second = (client(any_server, "dynamodb", a) for a in issued)
    name = "t" + uuid.uuid4().hex[:8]
    first.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                       BillingMode="PAY_PER_REQUEST")
    first.put_item(TableName=name, Item={"pk": {"S": "a"}})
    assert first.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}
    assert name not in second.list_tables()["TableNames"]


def test_lambda_calls_with_encoded_paths_verify(any_server: RunningServer,
                                                issued: list[dict[str, str]]) -> None:
    lam = client(any_server, "lambda", issued[0])
    lam.list_functions()
    arn = f"arn:aws:lambda:us-east-1:{issued[0]['account_id']}:function:nope"
    with pytest.raises(ClientError) as err:
        lam.get_function(FunctionName=arn)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_sqs_json_and_query_protocols(any_server: RunningServer,
                                      issued: list[dict[str, str]]) -> None:
    first, second = (client(any_server, "sqs", a) for a in issued)
    name = "q" + uuid.uuid4().hex[:8]
    url = first.create_queue(QueueName=name)["QueueUrl"]
    assert url in first.list_queues(QueueNamePrefix=name).get("QueueUrls", [])
    assert "QueueUrls" not in second.list_queues(QueueNamePrefix=name)
    body = f"Action=ListQueues&Version=2012-11-05&QueueNamePrefix={name}"
    answer = signed_post(any_server, issued[0], "sqs", body)
    assert answer.status_code == 200, answer.text
    assert name in answer.text


def test_iam_query_calls(any_server: RunningServer, issued: list[dict[str, str]]) -> None:
    iam = client(any_server, "iam", issued[0])
    user = "u" + uuid.uuid4().hex[:8]
    iam.create_user(UserName=user)
    assert user in [u["UserName"] for u in iam.list_users()["Users"]]
    other = client(any_server, "iam", issued[1])
    assert user not in [u["UserName"] for u in other.list_users()["Users"]]


def test_s3_put_get_and_a_presigned_get(any_server: RunningServer,
                                        issued: list[dict[str, str]]) -> None:
    s3 = client(any_server, "s3", issued[0], signature_version="s3v4")
    bucket = "b" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="dir/a key:1.txt", Body=b"hello")
    assert s3.get_object(Bucket=bucket, Key="dir/a key:1.txt")["Body"].read() == b"hello"
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket,
                                                          "Key": "dir/a key:1.txt"})
    with urllib.request.urlopen(url) as answer:
        assert answer.read() == b"hello"


def test_s3_urls_presigned_with_signature_version_2(any_server: RunningServer,
                                                    issued: list[dict[str, str]]) -> None:
    """boto3 presigns S3 URLs with version 2 unless told s3v4."""
    s3 = client(any_server, "s3", issued[0])
    bucket = "b" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="a key.txt", Body=b"v2")
    url = client(any_server, "s3", issued[0], signature_version="s3").generate_presigned_url("get_object", Params={
        "Bucket": bucket, "Key": "a key.txt", "ResponseContentType": "text/x-v2"})
    assert "AWSAccessKeyId=" in url
    answer = requests.get(url, timeout=30)
    assert (answer.status_code, answer.content) == (200, b"v2")
    assert answer.headers["content-type"] == "text/x-v2"
    if any_server.args[:2] == ("--auth", "on"):
        tampered = requests.get(url.replace("text%2Fx-v2", "text%2Fhtml"), timeout=30)
        assert tampered.status_code == 403 and "SignatureDoesNotMatch" in tampered.text


def test_s3_streaming_upload_with_chunk_signatures(any_server: RunningServer,
                                                   issued: list[dict[str, str]]) -> None:
    account = issued[0]
    s3 = client(any_server, "s3", account)
    bucket = "b" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=bucket)
    chunks = [b"a" * 70000, b"b" * 100]
    headers, body = chunk_signed_put(any_server, account, f"/{bucket}/big", chunks)
    answer = requests.put(f"{any_server.url}/{bucket}/big", data=body, headers=headers,
                          timeout=30)
    assert answer.status_code == 200, answer.text
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == b"".join(chunks)


def signed_post(server: RunningServer, account: dict[str, str], service: str,
                body: str) -> requests.Response:
    """A form-encoded (query protocol) POST signed by botocore's SigV4Auth."""
    creds = Credentials(account["access_key_id"], account["secret_access_key"])
    request = AWSRequest("POST", server.url + "/", data=body.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(creds, service, "us-east-1").add_auth(request)
    return requests.post(server.url + "/", data=body.encode(), headers=dict(request.headers),
                         timeout=30)


def chunk_signed_put(server: RunningServer, account: dict[str, str], path: str,
                     chunks: list[bytes]) -> tuple[dict[str, str], bytes]:
    """Headers and an aws-chunked body (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), as the Java
    and JavaScript SDKs stream an upload: the seed signature signs the headers, each chunk
    signature chains on the previous one."""
    creds = Credentials(account["access_key_id"], account["secret_access_key"])
    length = sum(len(c) for c in chunks)
    request = AWSRequest("PUT", server.url + path, headers={
        "X-Amz-Content-SHA256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": str(length)})
    SigV4Auth(creds, "s3", "us-east-1").add_auth(request)  # /bucket/key: same path for s3
    headers = dict(request.headers)
    auth = headers["Authorization"]
    seed = auth.rsplit("Signature=", 1)[1]
    amz_date = headers["X-Amz-Date"]
    scope = f"{amz_date[:8]}/us-east-1/s3/aws4_request"
    key = signing_key(account["secret_access_key"], amz_date[:8])
    out, previous = [], seed
    for data in [*chunks, b""]:
        text = (f"AWS4-HMAC-SHA256-PAYLOAD\n{amz_date}\n{scope}\n{previous}\n"
                f"{hashlib.sha256(b'').hexdigest()}\n{hashlib.sha256(data).hexdigest()}")
        previous = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
        out.append(f"{len(data):x};chunk-signature={previous}\r\n".encode() + data + b"\r\n")
    return headers, b"".join(out)


def signing_key(secret: str, date: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (date, "us-east-1", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


