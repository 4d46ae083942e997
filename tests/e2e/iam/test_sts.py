"""STS: who am I, and temporary credentials for a role."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.iam.conftest import TRUST, unique
from tests.server import RunningServer


def test_get_caller_identity_is_the_account_root(server: RunningServer) -> None:
    sts = make_client(server, "sts")
    who = sts.get_caller_identity()
    assert who["Account"] == "000000000000"
    assert who["Arn"] == "arn:aws:iam::000000000000:root"
    other = make_client(server, "sts", access_key="123456789012").get_caller_identity()
    assert other["Account"] == "123456789012"


def test_assume_role_answers_temporary_credentials(server: RunningServer, iam: Any) -> None:
    name = unique("assume")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST.replace(
        '"Service": "lambda.amazonaws.com"', '"AWS": "arn:aws:iam::000000000000:root"'))["Role"]
    out = make_client(server, "sts").assume_role(RoleArn=role["Arn"], RoleSessionName="s1",
                                                 DurationSeconds=900)
    assert out["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert out["AssumedRoleUser"]["Arn"] == \
        f"arn:aws:sts::000000000000:assumed-role/{name}/s1"
    assert out["AssumedRoleUser"]["AssumedRoleId"] == f"{role['RoleId']}:s1"


def test_assume_role_refuses_missing_role_and_long_sessions(server: RunningServer,
                                                           iam: Any) -> None:
    sts = make_client(server, "sts")
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/absent", RoleSessionName="ss")
    assert info.value.response["Error"]["Code"] == "AccessDenied"
    role = iam.create_role(RoleName=unique("short"), AssumeRolePolicyDocument=TRUST.replace(
        '"Service": "lambda.amazonaws.com"', '"AWS": "arn:aws:iam::000000000000:root"'))["Role"]
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss", DurationSeconds=7200)
    assert info.value.response["Error"]["Code"] == "ValidationError"
