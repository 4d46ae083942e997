"""Multipart uploads.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.s3.conftest import error_of

MIB = 1024 * 1024


def _upload(s3: Any, bucket: str, key: str, parts: list[bytes]) -> tuple[str, list[dict[str, Any]]]:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key,
                                           ContentType="text/plain")["UploadId"]
    done = []
    for number, data in enumerate(parts, 1):
        etag = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                              Body=data)["ETag"]
        done.append({"PartNumber": number, "ETag": etag})
    return upload_id, done


def test_complete_multipart_upload(s3: Any, bucket: str) -> None:
    """The ETag is the MD5 of the parts' binary MD5s, then -N."""
    parts = [b"a" * (5 * MIB), b"b" * (5 * MIB), b"tail"]
    upload_id, done = _upload(s3, bucket, "big", parts)
    listed = s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id)["Parts"]
    assert [p["PartNumber"] for p in listed] == [1, 2, 3] and listed[2]["Size"] == 4
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [u["UploadId"] for u in uploads] == [upload_id]
    out = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id,
                                       MultipartUpload={"Parts": done})
    expected = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    assert out["ETag"] == f'"{expected}-3"'
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["ContentLength"] == 10 * MIB + 4 and got["ContentType"] == "text/plain"
    assert hashlib.md5(got["Body"].read()).hexdigest() == hashlib.md5(b"".join(parts)).hexdigest()
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    with pytest.raises(ClientError) as err:
        s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id)
    assert error_of(err) == ("NoSuchUpload", 404)


def test_small_part_is_entity_too_small(s3: Any, bucket: str) -> None:
    upload_id, done = _upload(s3, bucket, "k", [b"small", b"last"])
    with pytest.raises(ClientError) as err:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                     MultipartUpload={"Parts": done})
    assert error_of(err) == ("EntityTooSmall", 400)


def test_invalid_part_and_order(s3: Any, bucket: str) -> None:
    upload_id, done = _upload(s3, bucket, "k", [b"only"])
    with pytest.raises(ClientError) as err:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"bad"'}]})
    assert error_of(err) == ("InvalidPart", 400)
    with pytest.raises(ClientError) as err:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                     MultipartUpload={"Parts": [done[0], done[0]]})
    assert error_of(err) == ("InvalidPartOrder", 400)
    out = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                       MultipartUpload={"Parts": done})
    assert out["ETag"].endswith('-1"')


def test_abort_multipart_upload(s3: Any, bucket: str) -> None:
    upload_id, _ = _upload(s3, bucket, "k", [b"x"])
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)
    with pytest.raises(ClientError) as err:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=2, Body=b"y")
    assert error_of(err) == ("NoSuchUpload", 404)


def test_upload_part_copy_with_range(s3: Any, bucket: str) -> None:
    source = bytes(range(256)) * (6 * MIB // 256)
    s3.put_object(Bucket=bucket, Key="src", Body=source)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    first = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=1,
                                CopySource={"Bucket": bucket, "Key": "src"},
                                CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    second = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=2,
                                 CopySource=f"{bucket}/src", CopySourceRange="bytes=10-19")
    s3.complete_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload_id, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]},
                  {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]})
    body = s3.get_object(Bucket=bucket, Key="dst")["Body"].read()
    assert body == source[:5 * MIB] + source[10:20]


def test_upload_file_uses_multipart(s3: Any, bucket: str, tmp_path: Any) -> None:
    """boto3's managed transfer (multipart past its threshold) round-trips a file."""
    from boto3.s3.transfer import TransferConfig

    path = tmp_path / "f.bin"
    path.write_bytes(b"q" * (9 * MIB))
    config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB)
    s3.upload_file(str(path), bucket, "f.bin", Config=config)
    assert s3.head_object(Bucket=bucket, Key="f.bin")["ETag"].endswith('-2"')
    target = tmp_path / "back.bin"
    s3.download_file(bucket, "f.bin", str(target), Config=config)
    assert target.read_bytes() == path.read_bytes()
