"""Bad input never breaks S3: every operation, sent an empty body, broken XML, XML of the
wrong shape and nonsense headers, answers a 4xx (or 501 when not written), never a 500.
"""

from __future__ import annotations

from typing import Any

import requests

from cloudlet.server.models import load_model
from tests.server import RunningServer

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request,"
        " SignedHeaders=host, Signature=0")
BODIES = [b"", b"<notxml", b"<Wrong><Thing>1</Thing><Rules>x</Rules></Wrong>",
          b"<Delete><Object><Key></Key></Object></Delete>"]
HEADERS = [{}, {"Range": "bytes=abc", "If-Modified-Since": "garbage", "Content-MD5": "zzz",
                "x-amz-copy-source": "nonsense", "x-amz-copy-source-range": "bytes=9-1",
                "x-amz-tagging": "a=1&" * 20, "x-amz-checksum-crc32": "!!",
                "Content-Encoding": "aws-chunked", "x-amz-trailer": "x-amz-checksum-md99"}]


def _path(uri: str, bucket: str) -> str:
    path, _, query = uri.partition("?")
    path = path.replace("{Bucket}", bucket).replace("{Key+}", "k")
    extra = "partNumber=abc&uploadId=nope&versionId=v&max-keys=-1&continuation-token=%%%"
    return f"{path}?{query}&{extra}" if query else f"{path}?{extra}"


def test_every_operation_answers_bad_input_with_client_errors(server: RunningServer, s3: Any,
                                                             bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    model = load_model("s3")
    failures = []
    session = requests.Session()
    for operation in model.operation_names:
        http = model.operation_model(operation).http
        url = server.url + _path(http["requestUri"], bucket)
        for body in BODIES:
            for headers in HEADERS:
                resp = session.request(http["method"], url, data=body, timeout=30,
                                       headers={"Authorization": AUTH, **headers})
                if resp.status_code >= 500 and resp.status_code != 501:
                    failures.append(f"{operation} {body[:20]!r} {sorted(headers)[:1]} -> "
                                    f"{resp.status_code} {resp.text[:200]}")
    assert failures == []
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"
