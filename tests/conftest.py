"""Shared fixtures: one real cloudlet server per test session, boto3 clients for it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.server import RunningServer, serving

os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(proxy, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ.setdefault("CLOUDLET_FUNCTION_SHARED_DIRS", "/var/tmp")  # shared_dir: handlers write there


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "cloudlet",
                       "--account-concurrency", "50", "--idle-timeout", "30")


def make_client(server: RunningServer, service: str, *, region: str = "us-east-1",
                access_key: str = "test", **config: Any) -> Any:
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, read_timeout=120, **config),
    )


@pytest.fixture(scope="session")
def lambda_client(server: RunningServer) -> Any:
    return make_client(server, "lambda")


@pytest.fixture(scope="session")
def logs_client(server: RunningServer) -> Any:
    return make_client(server, "logs")


@pytest.fixture(scope="session")
def ddb(server: RunningServer) -> Any:
    return make_client(server, "dynamodb")


@pytest.fixture(scope="session")
def streams(server: RunningServer) -> Any:
    return make_client(server, "dynamodbstreams")


@pytest.fixture
def unique_name() -> str:
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    return tmp_path
