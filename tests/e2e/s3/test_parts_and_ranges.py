"""Reading parts and ranges as SDK transfer managers do, and values S3 (not the model) judges.

- https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: ``partNumber``
  "effectively performs a 'ranged' GET request for the part specified" (206, Content-Range,
  x-amz-mp-parts-count); with a Range header too it is InvalidRequest; past the last part
  InvalidPartNumber (416). A range starting past the end is InvalidRange (416).
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html: PartsCount "is only
  returned if you specify partNumber in your request and the object was uploaded as a
  multipart upload".
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html and
  https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html: S3 answers its own
  codes (InvalidLocationConstraint, InvalidArgument), never ValidationException.
"""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from tests.e2e.s3.conftest import error_of

MIB = 1024 * 1024
SMALL_PARTS = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB,
                             max_concurrency=2)


def test_get_and_head_by_part_number_of_a_multipart_object(s3: Any, bucket: str) -> None:
    data = os.urandom(11 * MIB + 3)
    s3.upload_fileobj(io.BytesIO(data), bucket, "mp.bin", Config=SMALL_PARTS)
    assert "PartsCount" not in s3.head_object(Bucket=bucket, Key="mp.bin")
    for number, (first, last) in enumerate([(0, 5 * MIB - 1), (5 * MIB, 10 * MIB - 1),
                                            (10 * MIB, len(data) - 1)], 1):
        got = s3.get_object(Bucket=bucket, Key="mp.bin", PartNumber=number)
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
        assert got["ContentRange"] == f"bytes {first}-{last}/{len(data)}"
        assert got["PartsCount"] == 3
        assert got["Body"].read() == data[first:last + 1]
    head = s3.head_object(Bucket=bucket, Key="mp.bin", PartNumber=3)
    assert (head["ContentLength"], head["PartsCount"]) == (MIB + 3, 3)
    with pytest.raises(ClientError) as past:
        s3.get_object(Bucket=bucket, Key="mp.bin", PartNumber=4)
    assert error_of(past) == ("InvalidPartNumber", 416)
    with pytest.raises(ClientError) as both:
        s3.get_object(Bucket=bucket, Key="mp.bin", PartNumber=1, Range="bytes=0-1")
    assert error_of(both) == ("InvalidRequest", 400)
    assert "partNumber" in both.value.response["Error"]["Message"]


def test_part_one_of_a_plain_object_is_the_whole_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="small", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="small", PartNumber=1)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == "bytes 0-9/10"
    assert "PartsCount" not in got
    assert got["Body"].read() == b"0123456789"
    with pytest.raises(ClientError) as past:
        s3.get_object(Bucket=bucket, Key="small", PartNumber=2)
    assert error_of(past) == ("InvalidPartNumber", 416)
    with pytest.raises(ClientError) as zero:
        s3.get_object(Bucket=bucket, Key="small", PartNumber=0)
    assert error_of(zero) == ("InvalidArgument", 400)


def test_open_range_starting_past_the_end_is_invalid_range(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")
    for header in ("bytes=10-", "bytes=50-", "bytes=50-60"):
        with pytest.raises(ClientError) as err:
            s3.get_object(Bucket=bucket, Key="k", Range=header)
        assert error_of(err) == ("InvalidRange", 416)
        assert err.value.response["Error"]["ActualObjectSize"] == "10"
    assert s3.get_object(Bucket=bucket, Key="k", Range="bytes=9-")["Body"].read() == b"9"
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    with pytest.raises(ClientError) as empty:
        s3.get_object(Bucket=bucket, Key="empty", Range="bytes=-5")
    assert error_of(empty) == ("InvalidRange", 416)


def test_download_file_with_small_chunks_reads_ranges(s3: Any, bucket: str, tmp_path: Any) -> None:
    data = os.urandom(12 * MIB + 1)
    source = tmp_path / "up.bin"
    source.write_bytes(data)
    s3.upload_file(str(source), bucket, "f.bin", Config=SMALL_PARTS,
                   ExtraArgs={"ContentType": "text/csv", "Metadata": {"k": "v"}})
    head = s3.head_object(Bucket=bucket, Key="f.bin")
    assert (head["ContentType"], head["Metadata"]) == ("text/csv", {"k": "v"})
    assert head["ETag"].endswith('-3"')
    target = tmp_path / "down.bin"
    s3.download_file(bucket, "f.bin", str(target), Config=SMALL_PARTS)
    assert target.read_bytes() == data


def test_us_east_1_location_constraint_is_invalid_location_constraint(s3: Any) -> None:
    with pytest.raises(ClientError) as err:
        s3.create_bucket(Bucket="b-loc-constraint-us-east-1",
                         CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert error_of(err) == ("InvalidLocationConstraint", 400)


def test_a_value_outside_the_model_is_invalid_argument(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as err:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", StorageClass="BOGUS")
    assert error_of(err) == ("InvalidArgument", 400)


def test_get_object_attributes_of_a_multipart_object(s3: Any, bucket: str) -> None:
    """https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html"""
    data = os.urandom(6 * MIB)
    s3.upload_fileobj(io.BytesIO(data), bucket, "mp", Config=SMALL_PARTS,
                      ExtraArgs={"ChecksumAlgorithm": "SHA256"})
    got = s3.get_object_attributes(Bucket=bucket, Key="mp", ObjectAttributes=[
        "ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"])
    assert got["ETag"] == s3.head_object(Bucket=bucket, Key="mp")["ETag"].strip('"')
    assert (got["ObjectSize"], got["StorageClass"]) == (len(data), "STANDARD")
    assert "ChecksumSHA256" in got["Checksum"]
    parts = got["ObjectParts"]
    assert (parts["TotalPartsCount"], parts["IsTruncated"]) == (2, False)
    assert [(p["PartNumber"], p["Size"]) for p in parts["Parts"]] == [(1, 5 * MIB), (2, MIB)]
    assert all("ChecksumSHA256" in p for p in parts["Parts"])
    paged = s3.get_object_attributes(Bucket=bucket, Key="mp", ObjectAttributes=["ObjectParts"],
                                     MaxParts=1)["ObjectParts"]
    assert (paged["IsTruncated"], paged["NextPartNumberMarker"]) == (True, 1)
    s3.put_object(Bucket=bucket, Key="plain", Body=b"abc")
    plain = s3.get_object_attributes(Bucket=bucket, Key="plain",
                                     ObjectAttributes=["ObjectSize", "ObjectParts"])
    assert plain["ObjectSize"] == 3 and "ObjectParts" not in plain and "ETag" not in plain
    with pytest.raises(ClientError) as err:
        s3.get_object_attributes(Bucket=bucket, Key="missing", ObjectAttributes=["ETag"])
    assert error_of(err) == ("NoSuchKey", 404)
