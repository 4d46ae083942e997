"""Presigned URLs (SigV4 query authentication, and boto3's default SigV2 form): GET and
PUT work with plain HTTP; past their expiry they answer 403 AccessDenied "Request has
expired". https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(params=["s3v4", "s3"])
def signer(request: pytest.FixtureRequest, server: RunningServer) -> Any:
    return make_client(server, "s3", signature_version=request.param)


def test_presigned_get_and_put(signer: Any, bucket: str) -> None:
    put_url = signer.generate_presigned_url("put_object",
                                            Params={"Bucket": bucket, "Key": "p.txt"},
                                            ExpiresIn=60)
    resp = requests.put(put_url, data=b"via presigned put", timeout=10)
    assert resp.status_code == 200, resp.text
    get_url = signer.generate_presigned_url("get_object",
                                            Params={"Bucket": bucket, "Key": "p.txt"},
                                            ExpiresIn=60)
    resp = requests.get(get_url, timeout=10)
    assert resp.status_code == 200
    assert resp.content == b"via presigned put"


def test_expired_presigned_url_is_denied(s3: Any, signer: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    url = signer.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"},
                                        ExpiresIn=-5)
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 403
    assert "<Code>AccessDenied</Code>" in resp.text
    assert "<Message>Request has expired</Message>" in resp.text
