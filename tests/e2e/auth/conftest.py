"""A server with ``--auth on``, accounts made by ``cloudlet accounts create``, and boto3
clients signing with the keys it printed."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.server import RunningServer


def create_accounts(data_dir: Path, *args: str) -> list[dict[str, str]]:
    """``cloudlet accounts create ARGS --csv``, its rows parsed."""
    out = subprocess.run(
        [sys.executable, "-m", "cloudlet", "accounts", "create", *args, "--csv",
         "--data-dir", str(data_dir)], check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def client(server: RunningServer, service: str, account: dict[str, str], **config: Any) -> Any:
    return boto3.client(
        service, endpoint_url=server.url, region_name="us-east-1",
        aws_access_key_id=account["access_key_id"],
        aws_secret_access_key=account["secret_access_key"],
        config=Config(retries={"max_attempts": 1}, **config))


@pytest.fixture(scope="session")
def auth_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    data = tmp_path_factory.mktemp("auth") / "data"
    data.mkdir(parents=True)
    running = RunningServer(data, "--auth", "on", "--idle-timeout", "30").start()
    yield running
    running.stop()


@pytest.fixture(scope="session", params=["on", "off"])
def any_server(request: pytest.FixtureRequest, auth_server: RunningServer,
               server: RunningServer) -> RunningServer:
    """The --auth on server, then the session's --auth off one."""
    return auth_server if request.param == "on" else server


@pytest.fixture(scope="session")
def accounts(auth_server: RunningServer) -> list[dict[str, str]]:
    return create_accounts(auth_server.data_dir, "team", "--count", "2")
