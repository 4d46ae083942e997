"""Versioning: version ids on put/get/delete, delete markers, ListObjectVersions.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.s3.conftest import error_of


def test_versioning_status(s3: Any, bucket: str) -> None:
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"


def test_versions_and_delete_markers(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="k", Body=b"two")["VersionId"]
    assert v1 != v2
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"two" and got["VersionId"] == v2
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=v1)["Body"].read() == b"one"

    deleted = s3.delete_object(Bucket=bucket, Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="k")
    assert error_of(err) == ("NoSuchKey", 404)
    assert err.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)

    versions = s3.list_object_versions(Bucket=bucket)
    assert [v["VersionId"] for v in versions["Versions"]] == [v2, v1]
    assert [v["IsLatest"] for v in versions["Versions"]] == [False, False]
    assert versions["DeleteMarkers"][0]["VersionId"] == marker
    assert versions["DeleteMarkers"][0]["IsLatest"] is True

    s3.delete_object(Bucket=bucket, Key="k", VersionId=marker)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"two"
    s3.delete_object(Bucket=bucket, Key="k", VersionId=v2)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"one"


def test_unknown_version_id(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=bucket, Key="k", VersionId="nope")
    assert error_of(err) == ("NoSuchVersion", 404)


def test_suspended_versioning_overwrites_null_version(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    kept = s3.put_object(Bucket=bucket, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.put_object(Bucket=bucket, Key="k", Body=b"n1")["VersionId"] == "null"
    s3.put_object(Bucket=bucket, Key="k", Body=b"n2")
    ids = [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]]
    assert ids == ["null", kept]
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"n2"


def test_list_object_versions_pages(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    made = []
    for key in ("a", "b"):
        for n in range(3):
            made.append((key, s3.put_object(Bucket=bucket, Key=key, Body=str(n).encode())["VersionId"]))
    seen = []
    for page in s3.get_paginator("list_object_versions").paginate(
            Bucket=bucket, PaginationConfig={"PageSize": 2}):
        seen.extend((v["Key"], v["VersionId"]) for v in page.get("Versions", []))
    expected = [m for key in ("a", "b") for m in reversed([x for x in made if x[0] == key])]
    assert seen == expected


def test_reading_a_delete_marker_by_version_id_is_method_not_allowed(s3: Any, bucket: str) -> None:
    """https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: "If the specified
    version in the request is a delete marker, the response returns a 405 Method Not Allowed
    error"; a copy source naming a delete marker is a 400 (API_CopyObject.html)."""
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    for read in (s3.get_object, s3.head_object):
        with pytest.raises(ClientError) as err:
            read(Bucket=bucket, Key="k", VersionId=marker)
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
        headers = err.value.response["ResponseMetadata"]["HTTPHeaders"]
        assert headers["x-amz-delete-marker"] == "true" and headers["allow"] == "DELETE"
    with pytest.raises(ClientError) as latest:
        s3.get_object(Bucket=bucket, Key="k")
    assert error_of(latest) == ("NoSuchKey", 404)
    with pytest.raises(ClientError) as copy:
        s3.copy_object(Bucket=bucket, Key="k2",
                       CopySource={"Bucket": bucket, "Key": "k", "VersionId": marker})
    assert error_of(copy) == ("InvalidRequest", 400)


def test_list_object_versions_decodes_keys_boto3_asked_to_encode(s3: Any, bucket: str) -> None:
    """boto3 sends ``encoding-type=url`` and decodes only when the answer says EncodingType
    (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html): keys with
    spaces or ``&`` come back as written, so deleting every listed version empties the bucket."""
    keys = ["a b+c.txt", "dir/<x>&y", "é%20"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"v")
    listed = [v for page in s3.get_paginator("list_object_versions").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 1}) for v in page.get("Versions", [])]
    assert sorted(v["Key"] for v in listed) == sorted(keys)
    for version in listed:
        s3.delete_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
