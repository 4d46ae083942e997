"""Objects: PutObject, GetObject, HeadObject, DeleteObject(s), CopyObject.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.s3.conftest import error_of


def test_put_and_get_keep_bytes_metadata_and_content_headers(s3: Any, bucket: str) -> None:
    body = b"hello, object"
    put = s3.put_object(Bucket=bucket, Key="dir/a b+c.txt", Body=body, Metadata={"Colour": "blue"},
                        ContentType="text/plain", ContentEncoding="identity",
                        ContentDisposition="attachment", ContentLanguage="en",
                        CacheControl="max-age=60", Expires=datetime(2030, 1, 1, tzinfo=UTC))
    assert put["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'
    got = s3.get_object(Bucket=bucket, Key="dir/a b+c.txt")
    assert got["Body"].read() == body
    assert got["ETag"] == put["ETag"]
    assert got["Metadata"] == {"colour": "blue"}
    assert got["ContentType"] == "text/plain"
    assert got["ContentEncoding"] == "identity"
    assert got["ContentDisposition"] == "attachment"
    assert got["ContentLanguage"] == "en"
    assert got["CacheControl"] == "max-age=60"
    assert got["ContentLength"] == len(body)
    assert got["ResponseMetadata"]["HTTPHeaders"]["expires"] == "Tue, 01 Jan 2030 00:00:00 GMT"
    head = s3.head_object(Bucket=bucket, Key="dir/a b+c.txt")
    assert head["ContentLength"] == len(body) and head["Metadata"] == {"colour": "blue"}


def test_default_content_type(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="k")["ContentType"] == "binary/octet-stream"


def test_missing_key_is_no_such_key(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="nope")
    assert error_of(err) == ("NoSuchKey", 404)
    assert err.value.response["Error"]["Key"] == "nope"
    with pytest.raises(ClientError) as err:
        s3.head_object(Bucket=bucket, Key="nope")
    assert error_of(err)[1] == 404


def test_checksum_crc32_is_stored_and_returned(s3: Any, bucket: str) -> None:
    """boto3 sends x-amz-checksum-crc32 by default; GetObject with ChecksumMode returns it."""
    body = b"checksummed" * 100
    expected = base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
    put = s3.put_object(Bucket=bucket, Key="c", Body=body)
    assert put["ChecksumCRC32"] == expected
    got = s3.get_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == expected
    assert got["Body"].read() == body


@pytest.mark.parametrize("algorithm", ["SHA256", "SHA1"])
def test_other_checksum_algorithms(s3: Any, bucket: str, algorithm: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="c", Body=b"abc", ChecksumAlgorithm=algorithm)
    expected = {"SHA256": base64.b64encode(hashlib.sha256(b"abc").digest()).decode(),
                "SHA1": base64.b64encode(hashlib.sha1(b"abc").digest()).decode()}[algorithm]
    assert put[f"Checksum{algorithm}"] == expected


def test_wrong_content_md5_is_bad_digest(s3: Any, bucket: str) -> None:
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    with pytest.raises(ClientError) as err:
        s3.put_object(Bucket=bucket, Key="k", Body=b"data", ContentMD5=wrong)
    assert error_of(err) == ("BadDigest", 400)
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="k")


def test_range_requests(s3: Any, bucket: str) -> None:
    """Range answers 206 with Content-Range; past the end: InvalidRange (416)."""
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="r", Range="bytes=2-5")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == b"2345"
    assert got["ContentRange"] == "bytes 2-5/10"
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=-3")["Body"].read() == b"789"
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=7-")["Body"].read() == b"789"
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="r", Range="bytes=20-30")
    assert error_of(err) == ("InvalidRange", 416)


def test_conditional_gets(s3: Any, bucket: str) -> None:
    """If-Match mismatch -> 412; If-None-Match match -> 304; dates likewise.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html"""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"v")["ETag"]
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag)["Body"].read() == b"v"
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="k", IfMatch='"0000"')
    assert error_of(err) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert error_of(err)[1] == 304
    future = datetime.now(UTC) + timedelta(days=1)
    past = datetime.now(UTC) - timedelta(days=1)
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=future)
    assert error_of(err)[1] == 304
    assert s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=past)["Body"].read() == b"v"
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="k", IfUnmodifiedSince=past)
    assert error_of(err) == ("PreconditionFailed", 412)


def test_response_header_overrides(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v", ContentType="text/plain")
    got = s3.get_object(Bucket=bucket, Key="k", ResponseContentType="application/json",
                        ResponseContentDisposition="inline", ResponseCacheControl="no-cache")
    assert got["ContentType"] == "application/json"
    assert got["ContentDisposition"] == "inline"
    assert got["CacheControl"] == "no-cache"


def test_delete_object_and_missing_key(s3: Any, bucket: str) -> None:
    """Deleting a missing key succeeds (204)."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    assert s3.delete_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="k")


def test_delete_objects(s3: Any, bucket: str) -> None:
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"v")
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"},
                                                               {"Key": "zz"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["a", "b", "zz"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["c"]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "c"}], "Quiet": True})
    assert "Deleted" not in quiet


def test_copy_object_copies_or_replaces_metadata(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", Metadata={"a": "1"},
                  ContentType="text/plain")
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert copied["CopyObjectResult"]["ETag"] == f'"{hashlib.md5(b"payload").hexdigest()}"'
    head = s3.head_object(Bucket=bucket, Key="dst")
    assert head["Metadata"] == {"a": "1"} and head["ContentType"] == "text/plain"
    s3.copy_object(Bucket=bucket, Key="dst2", CopySource=f"{bucket}/src",
                   MetadataDirective="REPLACE", Metadata={"b": "2"})
    head = s3.head_object(Bucket=bucket, Key="dst2")
    assert head["Metadata"] == {"b": "2"} and head["ContentType"] == "binary/octet-stream"
    assert s3.get_object(Bucket=bucket, Key="dst2")["Body"].read() == b"payload"
    s3.delete_object(Bucket=bucket, Key="src")
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"payload"


def test_copy_onto_itself_needs_replace(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    with pytest.raises(ClientError) as err:
        s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{bucket}/k")
    assert error_of(err) == ("InvalidRequest", 400)
    s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{bucket}/k", MetadataDirective="REPLACE",
                   Metadata={"n": "1"})
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"n": "1"}


def test_copy_source_conditions_and_missing_source(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    with pytest.raises(ClientError) as err:
        s3.copy_object(Bucket=bucket, Key="d", CopySource=f"{bucket}/k", CopySourceIfMatch='"x"')
    assert error_of(err) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as err:
        s3.copy_object(Bucket=bucket, Key="d", CopySource=f"{bucket}/missing")
    assert error_of(err) == ("NoSuchKey", 404)


def test_overwrite_replaces_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.put_object(Bucket=bucket, Key="k", Body=b"two!")
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"two!" and got["ContentLength"] == 4
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1


def test_empty_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b"" and got["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'


@pytest.mark.parametrize("key", ["ünï cødé/?&=+#%.txt", "a//b/", "  spaced  ", "x%2Fy"])
def test_keys_with_special_characters(s3: Any, bucket: str, key: str) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [key]
    assert [o["Key"] for o in s3.list_objects(Bucket=bucket)["Contents"]] == [key]


def test_conditional_writes(s3: Any, bucket: str) -> None:
    """If-None-Match: * refuses to overwrite (412); If-Match needs the current ETag.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html"""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"1", IfNoneMatch="*")["ETag"]
    with pytest.raises(ClientError) as err:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfNoneMatch="*")
    assert error_of(err) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as err:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfMatch='"abc"')
    assert error_of(err) == ("PreconditionFailed", 412)
    s3.put_object(Bucket=bucket, Key="k", Body=b"3", IfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"3"
    with pytest.raises(ClientError) as err:
        s3.put_object(Bucket=bucket, Key="absent", Body=b"x", IfMatch=etag)
    assert error_of(err) == ("NoSuchKey", 404)
