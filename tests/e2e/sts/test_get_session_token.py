"""GetSessionToken and GetCallerIdentity for each kind of credential.
https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.sts.conftest import ACCOUNT, ROOT, MakeRole, error_of, session_client
from tests.server import RunningServer


def test_root_caller_identity(sts: Any, server: RunningServer) -> None:
    who = sts.get_caller_identity()
    assert (who["UserId"], who["Account"], who["Arn"]) == (ACCOUNT, ACCOUNT, ROOT)
    other = make_client(server, "sts", access_key="123456789012").get_caller_identity()
    assert (other["UserId"], other["Arn"]) == ("123456789012", "arn:aws:iam::123456789012:root")


def test_session_token_of_root_signs_as_root_for_at_most_an_hour(
        server: RunningServer, sts: Any) -> None:
    out = sts.get_session_token(DurationSeconds=7200)["Credentials"]
    assert out["AccessKeyId"].startswith("ASIA") and out["SessionToken"]
    left = (out["Expiration"] - datetime.now(UTC)).total_seconds()
    assert 3500 < left <= 3600
    who = session_client(server, "sts", out).get_caller_identity()
    assert (who["Arn"], who["UserId"]) == (ROOT, ACCOUNT)


def test_session_token_duration_is_validated(raw_sts: Any) -> None:
    with pytest.raises(ClientError) as info:
        raw_sts.get_session_token(DurationSeconds=129601)
    assert error_of(info)[:2] == ("ValidationError", 400)


def test_session_credentials_cannot_get_a_session_token(
        server: RunningServer, sts: Any, make_role: MakeRole) -> None:
    role = make_role()
    for creds in (sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss")["Credentials"],
                  sts.get_session_token()["Credentials"]):
        with pytest.raises(ClientError) as info:
            session_client(server, "sts", creds).get_session_token()
        assert error_of(info) == ("AccessDenied", 403,
                                  "Cannot call GetSessionToken with session credentials")


def test_access_key_info_names_the_account(server: RunningServer, sts: Any,
                                           make_role: MakeRole) -> None:
    creds = sts.assume_role(RoleArn=make_role()["Arn"], RoleSessionName="ss")["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] == ACCOUNT
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == ACCOUNT
