"""Fixtures of the compute provider tests: clients of the session's server, and a skip
while the stack engine's API is not there yet."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(scope="session")
def cfn(server: RunningServer) -> Any:
    client = make_client(server, "cloudformation")
    try:
        client.list_stacks()
    except (ClientError, BotoCoreError, ResponseParserError) as error:
        pytest.skip(f"the engine's CloudFormation API is not there yet: {error}")
    return client


@pytest.fixture(scope="session")
def lam(server: RunningServer, cfn: Any) -> Any:
    return make_client(server, "lambda")


@pytest.fixture(scope="session")
def dynamodb(server: RunningServer, cfn: Any) -> Any:
    return make_client(server, "dynamodb")


@pytest.fixture(scope="session")
def kinesis(server: RunningServer, cfn: Any) -> Any:
    return make_client(server, "kinesis")


@pytest.fixture(scope="session")
def logs(server: RunningServer, cfn: Any) -> Any:
    return make_client(server, "logs")


@pytest.fixture(scope="session")
def s3(server: RunningServer, cfn: Any) -> Any:
    return make_client(server, "s3")


@pytest.fixture(autouse=True)
def _engine_ready(cfn: Any) -> None:
    """Every test here needs the engine's API (skips until it answers)."""
