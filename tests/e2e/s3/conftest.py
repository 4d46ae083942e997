"""Fixtures for the S3 tests: a client on the session server and a fresh bucket per test."""

from __future__ import annotations

import contextlib
import json
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(scope="session")
def s3(server: RunningServer) -> Any:
    return make_client(server, "s3")


def empty_and_delete(client: Any, name: str) -> None:
    with contextlib.suppress(ClientError):
        for page in client.get_paginator("list_object_versions").paginate(Bucket=name):
            for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
                client.delete_object(Bucket=name, Key=item["Key"], VersionId=item["VersionId"])
        for upload in client.list_multipart_uploads(Bucket=name).get("Uploads", []):
            client.abort_multipart_upload(Bucket=name, Key=upload["Key"],
                                          UploadId=upload["UploadId"])
        client.delete_bucket(Bucket=name)


@pytest.fixture
def bucket(s3: Any) -> Iterator[str]:
    name = f"b-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name)
    yield name
    empty_and_delete(s3, name)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    resp = excinfo.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]


def advance_clock(server: RunningServer, seconds: float) -> None:
    """Move a ``--clock manual`` server's time forward."""
    request = urllib.request.Request(f"{server.url}/_cloudlet/clock", method="POST",
                                     data=json.dumps({"advance": seconds}).encode())
    with urllib.request.urlopen(request) as resp:
        assert resp.status == 200
