"""Buckets: CreateBucket, DeleteBucket, ListBuckets, HeadBucket, GetBucketLocation.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.s3.conftest import empty_and_delete, error_of
from tests.server import RunningServer


def test_create_list_head_and_delete_bucket(s3: Any) -> None:
    name = f"b-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert name in names
    head = s3.head_bucket(Bucket=name)
    assert head["BucketRegion"] == "us-east-1"
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] is None
    s3.delete_bucket(Bucket=name)
    with pytest.raises(ClientError) as err:
        s3.head_bucket(Bucket=name)
    assert error_of(err)[1] == 404


def test_location_constraint_outside_us_east_1(server: RunningServer) -> None:
    """A bucket created in eu-west-1 reports that LocationConstraint; the constraint must
    match the endpoint's region (IllegalLocationConstraintException)."""
    eu = make_client(server, "s3", region="eu-west-1")
    name = f"b-{uuid.uuid4().hex[:12]}"
    with pytest.raises(ClientError) as err:
        eu.create_bucket(Bucket=name)
    assert error_of(err) == ("IllegalLocationConstraintException", 400)
    eu.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    try:
        assert eu.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
        assert eu.head_bucket(Bucket=name)["BucketRegion"] == "eu-west-1"
    finally:
        eu.delete_bucket(Bucket=name)


def test_bucket_names_are_global_across_accounts(server: RunningServer, s3: Any,
                                                 bucket: str) -> None:
    """Another account gets BucketAlreadyExists (409); the owner, outside us-east-1,
    BucketAlreadyOwnedByYou (409)."""
    other = make_client(server, "s3", access_key="111122223333")
    with pytest.raises(ClientError) as err:
        other.create_bucket(Bucket=bucket)
    assert error_of(err) == ("BucketAlreadyExists", 409)
    assert bucket not in [b["Name"] for b in other.list_buckets()["Buckets"]]
    eu = make_client(server, "s3", region="eu-west-1")
    with pytest.raises(ClientError) as err:
        eu.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_of(err) == ("BucketAlreadyOwnedByYou", 409)


def test_delete_non_empty_bucket_fails(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as err:
        s3.delete_bucket(Bucket=bucket)
    assert error_of(err) == ("BucketNotEmpty", 409)


def test_missing_bucket_is_no_such_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as err:
        s3.list_objects_v2(Bucket="no-such-bucket-here")
    assert error_of(err) == ("NoSuchBucket", 404)
    assert err.value.response["Error"]["BucketName"] == "no-such-bucket-here"


def test_invalid_bucket_name(s3: Any) -> None:
    with pytest.raises(ClientError) as err:
        s3.create_bucket(Bucket="Bad_Name")
    assert error_of(err) == ("InvalidBucketName", 400)


def test_virtual_hosted_addressing(server: RunningServer, s3: Any, bucket: str) -> None:
    """``{bucket}.s3.localhost:{port}`` addresses the bucket by host."""
    import urllib.request

    s3.put_object(Bucket=bucket, Key="dir/v.txt", Body=b"virtual")
    request = urllib.request.Request(f"{server.url}/dir/v.txt",
                                     headers={"Host": f"{bucket}.s3.localhost:{server.port}"})
    with urllib.request.urlopen(request) as resp:
        assert resp.read() == b"virtual"


def test_delete_bucket_cleans_up_for_reuse(s3: Any) -> None:
    name = f"b-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="a", Body=b"1")
    empty_and_delete(s3, name)
    s3.create_bucket(Bucket=name)
    assert s3.list_objects_v2(Bucket=name)["KeyCount"] == 0
    s3.delete_bucket(Bucket=name)
