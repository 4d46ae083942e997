"""Schemas survive a crash of the server, and ``--iam enforce`` denies with
ForbiddenException (403), the error the SAM CLI turns into its permissions message."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.auth.conftest import client, create_accounts
from tests.e2e.schemas.conftest import OPENAPI
from tests.server import RunningServer


def test_registries_and_schema_versions_survive_sigkill(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        schemas = make_client(running, "schemas")
        schemas.create_registry(RegistryName="kept", Tags={"a": "1"})
        schemas.create_schema(RegistryName="kept", SchemaName="s", Type="OpenApi3",
                              Content=OPENAPI)
        schemas.update_schema(RegistryName="kept", SchemaName="s",
                              Content=OPENAPI.replace("Event", "Other"))
        running.stop(signal.SIGKILL)
        running.start()
        schemas = make_client(running, "schemas")
        assert schemas.describe_registry(RegistryName="kept")["Tags"] == {"a": "1"}
        got = schemas.describe_schema(RegistryName="kept", SchemaName="s", SchemaVersion="1")
        assert got["Content"] == OPENAPI
        assert schemas.describe_schema(RegistryName="kept", SchemaName="s")["SchemaVersion"] == "2"
    finally:
        running.stop()


def test_a_user_without_schemas_permissions_gets_forbidden(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data", "--auth", "on", "--iam", "enforce").start()
    try:
        (root,) = create_accounts(running.data_dir, "schemas-iam")
        iam = client(running, "iam", root)
        iam.create_user(UserName="dan")
        iam.put_user_policy(UserName="dan", PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "schemas:DescribeRegistry", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="dan")["AccessKey"]
        dan = client(running, "schemas", {"access_key_id": key["AccessKeyId"],
                                          "secret_access_key": key["SecretAccessKey"]})
        client(running, "schemas", root).create_registry(RegistryName="r")
        assert dan.describe_registry(RegistryName="r")["RegistryName"] == "r"
        with pytest.raises(ClientError) as err:
            dan.create_registry(RegistryName="mine")
        resp = err.value.response
        assert resp["Error"]["Code"] == "ForbiddenException"
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert "is not authorized to perform: schemas:CreateRegistry" in resp["Error"]["Message"]
    finally:
        running.stop()
