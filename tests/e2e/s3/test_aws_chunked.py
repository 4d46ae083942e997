"""Uploads with ``Content-Encoding: aws-chunked`` and trailing checksums, as the SDKs send
them over TLS (STREAMING-UNSIGNED-PAYLOAD-TRAILER): the body is decoded, the trailer's
checksum verified (BadDigest on mismatch), stored and returned.
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
"""

from __future__ import annotations

import base64
import zlib
from typing import Any

import requests

from tests.server import RunningServer

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request,"
        " SignedHeaders=host, Signature=0")


def _chunked(chunks: list[bytes], trailer: str, value: str) -> bytes:
    body = b"".join(f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in chunks)
    return body + f"0\r\n{trailer}:{value}\r\n\r\n".encode()


def _put(server: RunningServer, bucket: str, key: str, body: bytes, trailer: str,
         decoded: int) -> requests.Response:
    return requests.put(f"{server.url}/{bucket}/{key}", data=body, timeout=30, headers={
        "Authorization": AUTH, "Content-Encoding": "aws-chunked",
        "X-Amz-Content-Sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "X-Amz-Trailer": trailer, "X-Amz-Decoded-Content-Length": str(decoded),
        "Content-Type": "text/plain"})


def test_aws_chunked_crc32_trailer(server: RunningServer, s3: Any, bucket: str) -> None:
    data = [b"hello ", b"chunked ", b"world"]
    whole = b"".join(data)
    crc = base64.b64encode(zlib.crc32(whole).to_bytes(4, "big")).decode()
    resp = _put(server, bucket, "k", _chunked(data, "x-amz-checksum-crc32", crc),
                "x-amz-checksum-crc32", len(whole))
    assert resp.status_code == 200, resp.text
    assert resp.headers["x-amz-checksum-crc32"] == crc
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["Body"].read() == whole
    assert got["ChecksumCRC32"] == crc
    assert "ContentEncoding" not in got  # aws-chunked is transport only
    assert got["ContentType"] == "text/plain"


def test_aws_chunked_crc32c_and_crc64nvme(server: RunningServer, s3: Any, bucket: str) -> None:
    """Check values: CRC32C("123456789") = 0xE3069283, CRC64NVME = 0xAE8B14860A799888."""
    crc32c = base64.b64encode(bytes.fromhex("E3069283")).decode()
    resp = _put(server, bucket, "c", _chunked([b"1234", b"56789"], "x-amz-checksum-crc32c",
                                              crc32c), "x-amz-checksum-crc32c", 9)
    assert resp.status_code == 200, resp.text
    crc64 = base64.b64encode(bytes.fromhex("AE8B14860A799888")).decode()
    resp = _put(server, bucket, "d", _chunked([b"123456789"], "x-amz-checksum-crc64nvme", crc64),
                "x-amz-checksum-crc64nvme", 9)
    assert resp.status_code == 200, resp.text
    head = s3.head_object(Bucket=bucket, Key="d", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == crc64


def test_aws_chunked_wrong_trailer_is_bad_digest(server: RunningServer, s3: Any,
                                                 bucket: str) -> None:
    wrong = base64.b64encode(b"\x00\x00\x00\x00").decode()
    resp = _put(server, bucket, "bad", _chunked([b"data"], "x-amz-checksum-crc32", wrong),
                "x-amz-checksum-crc32", 4)
    assert resp.status_code == 400
    assert "<Code>BadDigest</Code>" in resp.text
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
