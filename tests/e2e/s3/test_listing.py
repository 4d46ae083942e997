"""ListObjectsV2 and ListObjects: prefix, delimiter, paging, StartAfter, EncodingType.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
"""

from __future__ import annotations

from typing import Any

import pytest

KEYS = ["a.txt", "photos/2024/x.jpg", "photos/2024/y.jpg", "photos/2025/z.jpg", "photos/p.jpg",
        "videos/v.mp4", "z z+1.txt"]


@pytest.fixture
def filled(s3: Any, bucket: str) -> str:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return bucket


def test_list_all_in_key_order(s3: Any, filled: str) -> None:
    out = s3.list_objects_v2(Bucket=filled)
    assert [o["Key"] for o in out["Contents"]] == KEYS
    assert out["KeyCount"] == len(KEYS) and out["IsTruncated"] is False
    assert out["Contents"][0]["Size"] == len(KEYS[0]) and out["Contents"][0]["StorageClass"] == "STANDARD"


def test_prefix_and_delimiter(s3: Any, filled: str) -> None:
    out = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert [o["Key"] for o in out["Contents"]] == ["a.txt", "z z+1.txt"]
    assert [p["Prefix"] for p in out["CommonPrefixes"]] == ["photos/", "videos/"]
    out = s3.list_objects_v2(Bucket=filled, Prefix="photos/", Delimiter="/")
    assert [o["Key"] for o in out["Contents"]] == ["photos/p.jpg"]
    assert [p["Prefix"] for p in out["CommonPrefixes"]] == ["photos/2024/", "photos/2025/"]
    assert out["KeyCount"] == 3


def test_paging_with_continuation_tokens(s3: Any, filled: str) -> None:
    seen: list[str] = []
    kwargs: dict[str, Any] = {"Bucket": filled, "MaxKeys": 2}
    while True:
        page = s3.list_objects_v2(**kwargs)
        assert page["KeyCount"] <= 2
        seen.extend(o["Key"] for o in page.get("Contents", []))
        if not page["IsTruncated"]:
            break
        kwargs["ContinuationToken"] = page["NextContinuationToken"]
    assert seen == KEYS


def test_paging_with_delimiter_counts_prefixes(s3: Any, filled: str) -> None:
    pages = list(s3.get_paginator("list_objects_v2").paginate(
        Bucket=filled, Delimiter="/", PaginationConfig={"PageSize": 1}))
    keys = [o["Key"] for p in pages for o in p.get("Contents", [])]
    prefixes = [c["Prefix"] for p in pages for c in p.get("CommonPrefixes", [])]
    assert keys == ["a.txt", "z z+1.txt"]
    assert prefixes == ["photos/", "videos/"]
    assert len(pages) == 4


def test_start_after(s3: Any, filled: str) -> None:
    out = s3.list_objects_v2(Bucket=filled, StartAfter="photos/p.jpg")
    assert [o["Key"] for o in out["Contents"]] == ["videos/v.mp4", "z z+1.txt"]


def test_encoding_type_url(s3: Any, filled: str) -> None:
    """boto3 asks for EncodingType=url and decodes keys: they come back as stored."""
    out = s3.list_objects_v2(Bucket=filled, Prefix="z ")
    assert [o["Key"] for o in out["Contents"]] == ["z z+1.txt"]
    raw = s3.list_objects_v2(Bucket=filled, Prefix="z", EncodingType="url")
    assert raw["EncodingType"] == "url"


def test_list_objects_v1_markers(s3: Any, filled: str) -> None:
    page = s3.list_objects(Bucket=filled, MaxKeys=3)
    assert [o["Key"] for o in page["Contents"]] == KEYS[:3] and page["IsTruncated"]
    rest = s3.list_objects(Bucket=filled, Marker=KEYS[2])
    assert [o["Key"] for o in rest["Contents"]] == KEYS[3:]
    assert "Owner" in page["Contents"][0]
    delimited = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert delimited["NextMarker"] == "photos/"
    after = s3.list_objects(Bucket=filled, Delimiter="/", Marker="photos/")
    assert [p["Prefix"] for p in after["CommonPrefixes"]] == ["videos/"]


def test_max_keys_zero(s3: Any, filled: str) -> None:
    out = s3.list_objects_v2(Bucket=filled, MaxKeys=0)
    assert out["KeyCount"] == 0 and "Contents" not in out
