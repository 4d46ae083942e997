"""Servers in each ``--iam`` mode, IAM users made through IAM, keys issued to them."""

from __future__ import annotations

import importlib.util
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cloudlet.server.context import Principal
from cloudlet.server.credentials import CredentialStore
from tests.conftest import make_client
from tests.server import RunningServer, serving

# Identity policies are read through cloudlet.services.iam.principal_policies.
needs_identity_policies = pytest.mark.skipif(
    importlib.util.find_spec("cloudlet.services.iam.principal_policies") is None,
    reason="identity policies are read through cloudlet.services.iam.principal_policies")


def _server(tmp_path_factory: pytest.TempPathFactory, mode: str) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, f"iam-{mode}", "--iam", mode, "--idle-timeout", "30")


@pytest.fixture(scope="module")
def enforcing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from _server(tmp_path_factory, "enforce")


@pytest.fixture(scope="module")
def warning(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from _server(tmp_path_factory, "warn")


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from _server(tmp_path_factory, "off")


@dataclass
class User:
    name: str
    arn: str
    access_key: str
    server: RunningServer

    def client(self, service: str) -> Any:
        return make_client(self.server, service, access_key=self.access_key)


def _issue(server: RunningServer, principal: Principal, **extra: Any) -> str:
    store = CredentialStore(Path(server.data_dir) / "credentials.sqlite")
    try:
        if extra:
            return store.issue(principal, expires=4e9, extra=extra).access_key
        return store.issue(principal).access_key
    finally:
        store.close()


def make_user(server: RunningServer, *policies: dict[str, Any]) -> User:
    """An IAM user (made by the account's root through IAM) with inline ``policies`` and an
    access key issued to it."""
    iam = make_client(server, "iam")
    name = "u" + uuid.uuid4().hex[:10]
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    for i, doc in enumerate(policies):
        iam.put_user_policy(UserName=name, PolicyName=f"p{i}", PolicyDocument=json.dumps(doc))
    return User(name, arn, _issue(server, Principal.user(arn)), server)


TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}


def make_session(server: RunningServer, *policies: dict[str, Any],
                 boundary: dict[str, Any] | None = None,
                 session_policy: dict[str, Any] | None = None) -> User:
    """A session of a new role with inline ``policies``, an optional permissions boundary
    (a managed policy) and an optional session policy."""
    iam = make_client(server, "iam")
    name = "r" + uuid.uuid4().hex[:10]
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
    for i, doc in enumerate(policies):
        iam.put_role_policy(RoleName=name, PolicyName=f"p{i}", PolicyDocument=json.dumps(doc))
    if boundary is not None:
        made = iam.create_policy(PolicyName=name + "-boundary",
                                 PolicyDocument=json.dumps(boundary))["Policy"]["Arn"]
        iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=made)
    principal = Principal.role_session(role["Arn"], "s1")
    extra = {"policies": [session_policy]} if session_policy else {"tags": {}}
    return User(name, principal.arn, _issue(server, principal, **extra), server)


def make_table(server: RunningServer) -> str:
    name = "t" + uuid.uuid4().hex[:10]
    make_client(server, "dynamodb").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    return name


def allow(action: str, resource: str = "*") -> dict[str, Any]:
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


def deny(action: str, resource: str = "*") -> dict[str, Any]:
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": action, "Resource": resource}]}
