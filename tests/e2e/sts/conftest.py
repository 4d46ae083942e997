"""Fixtures for the STS tests: clients, roles with a given trust policy, session clients."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.conftest import make_client
from tests.server import RunningServer

ACCOUNT = "000000000000"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"

MakeRole = Callable[..., dict[str, Any]]


def trust(principal: dict[str, Any], action: str | list[str] = "sts:AssumeRole",
          condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def session_client(server: RunningServer, service: str, creds: dict[str, Any]) -> Any:
    """A client signing with temporary credentials (an STS answer's ``Credentials``)."""
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"],
                        config=Config(retries={"max_attempts": 1}))


def error_of(info: pytest.ExceptionInfo[Any]) -> tuple[str, int, str]:
    response = info.value.response
    return (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"],
            response["Error"].get("Message", ""))


@pytest.fixture(scope="session")
def iam(server: RunningServer) -> Any:
    return make_client(server, "iam")


@pytest.fixture(scope="session")
def sts(server: RunningServer) -> Any:
    return make_client(server, "sts")


@pytest.fixture(scope="session")
def raw_sts(server: RunningServer) -> Any:
    """An STS client that leaves validation to the server."""
    return make_client(server, "sts", parameter_validation=False)


@pytest.fixture
def make_role(iam: Any) -> MakeRole:
    """Create a role trusting ``principal`` (default: the account) and answer it."""

    def make(principal: dict[str, Any] | None = None, *, document: str | None = None,
             **kwargs: Any) -> dict[str, Any]:
        name = "r" + uuid.uuid4().hex[:10]
        role: dict[str, Any] = iam.create_role(
            RoleName=name, AssumeRolePolicyDocument=document or trust(principal or {"AWS": ROOT}),
            **kwargs)["Role"]
        return role

    return make
