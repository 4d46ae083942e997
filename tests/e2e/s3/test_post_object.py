"""POST Object: browser-form uploads prepared by boto3's generate_presigned_post.
https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
"""

from __future__ import annotations

from typing import Any

import requests


def test_presigned_post_uploads_the_file(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "uploads/${filename}",
                                      Fields={"Content-Type": "text/plain", "x-amz-meta-who": "me"},
                                      ExpiresIn=60)
    resp = requests.post(post["url"], data=post["fields"], timeout=10,
                         files={"file": ("hello.txt", b"posted bytes")})
    assert resp.status_code == 204, resp.text
    got = s3.get_object(Bucket=bucket, Key="uploads/hello.txt")
    assert got["Body"].read() == b"posted bytes"
    assert got["ContentType"] == "text/plain" and got["Metadata"] == {"who": "me"}
    assert resp.headers["ETag"] == got["ETag"]


def test_success_action_status_201_answers_post_response(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "k", Fields={"success_action_status": "201"},
                                      Conditions=[{"success_action_status": "201"}])
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("f", b"x")}, timeout=10)
    assert resp.status_code == 201
    assert "<Key>k</Key>" in resp.text and f"<Bucket>{bucket}</Bucket>" in resp.text


def test_expired_policy_is_denied(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "k", ExpiresIn=-10)
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("f", b"x")}, timeout=10)
    assert resp.status_code == 403
    assert "Policy expired" in resp.text


def test_missing_key_field(s3: Any, bucket: str) -> None:
    resp = requests.post(f"{s3.meta.endpoint_url}/{bucket}", data={"acl": "private"},
                         files={"file": ("f", b"x")}, timeout=10)
    assert resp.status_code == 400 and "<Code>InvalidArgument</Code>" in resp.text
