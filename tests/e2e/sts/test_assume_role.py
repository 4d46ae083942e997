"""AssumeRole: the trust policy decides, the session signs as the role.
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sts.conftest import ACCOUNT, ROOT, MakeRole, error_of, session_client, trust
from tests.server import RunningServer


def test_account_principal_may_assume_and_session_signs_as_role(
        server: RunningServer, sts: Any, make_role: MakeRole) -> None:
    role = make_role({"AWS": ROOT})
    out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="alice", DurationSeconds=900)
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"]
    arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/{role['RoleName']}/alice"
    assert out["AssumedRoleUser"] == {"AssumedRoleId": f"{role['RoleId']}:alice", "Arn": arn}
    assert out["PackedPolicySize"] == 0
    who = session_client(server, "sts", creds).get_caller_identity()
    assert who == {**who, "Arn": arn, "Account": ACCOUNT, "UserId": f"{role['RoleId']}:alice"}


def test_trust_policy_without_the_caller_denies(sts: Any, make_role: MakeRole) -> None:
    role = make_role({"Service": "lambda.amazonaws.com"})
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
    assert error_of(info) == (
        "AccessDenied", 403,
        f"User: {ROOT} is not authorized to perform: sts:AssumeRole on resource: {role['Arn']}")


def test_missing_role_is_access_denied(sts: Any) -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:role/absent-role"
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert error_of(info)[:2] == ("AccessDenied", 403)


def test_role_principal_may_assume_another_role(server: RunningServer, sts: Any,
                                                make_role: MakeRole) -> None:
    first = make_role({"AWS": ROOT})
    second = make_role({"AWS": first["Arn"]})
    third = make_role({"AWS": ROOT}, MaxSessionDuration=7200)
    hop = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="hop")["Credentials"]
    chained = session_client(server, "sts", hop)
    out = chained.assume_role(RoleArn=second["Arn"], RoleSessionName="two")
    assert out["AssumedRoleUser"]["Arn"].endswith(f":assumed-role/{second['RoleName']}/two")
    # the root itself is not named by the second role's trust policy
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=second["Arn"], RoleSessionName="direct")
    assert error_of(info)[:2] == ("AccessDenied", 403)
    # role chaining is limited to one hour, whatever the role's MaxSessionDuration
    with pytest.raises(ClientError) as info:
        chained.assume_role(RoleArn=third["Arn"], RoleSessionName="long", DurationSeconds=7200)
    assert error_of(info) == ("ValidationError", 400, "The requested DurationSeconds exceeds"
                              " the 1 hour session limit for roles assumed by role chaining.")


def test_external_id_condition(sts: Any, make_role: MakeRole) -> None:
    role = make_role(document=trust({"AWS": ROOT}, condition={
        "StringEquals": {"sts:ExternalId": "secret-handshake"}}))
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
    assert error_of(info)[:2] == ("AccessDenied", 403)
    with pytest.raises(ClientError):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", ExternalId="wrong-one")
    out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1",
                          ExternalId="secret-handshake")
    assert out["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_duration_beyond_max_session_duration(sts: Any, raw_sts: Any,
                                              make_role: MakeRole) -> None:
    role = make_role()
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=3601)
    assert error_of(info) == ("ValidationError", 400, "The requested DurationSeconds exceeds"
                              " the MaxSessionDuration set for this role.")
    with pytest.raises(ClientError) as info:
        raw_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=899)
    assert error_of(info)[:2] == ("ValidationError", 400)


@pytest.mark.parametrize("name", ["x", "a" * 65, "has space", "bad/slash"])
def test_role_session_name_is_validated(raw_sts: Any, make_role: MakeRole, name: str) -> None:
    role = make_role()
    with pytest.raises(ClientError) as info:
        raw_sts.assume_role(RoleArn=role["Arn"], RoleSessionName=name)
    code, status, message = error_of(info)
    assert (code, status) == ("ValidationError", 400)
    assert "roleSessionName" in message


def test_session_policy_tags_and_source_identity(server: RunningServer, sts: Any,
                                                 make_role: MakeRole) -> None:
    plain = make_role()
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    # tags need sts:TagSession in the trust policy
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=plain["Arn"], RoleSessionName="s1",
                        Tags=[{"Key": "team", "Value": "blue"}])
    assert error_of(info) == ("AccessDenied", 403, f"User: {ROOT} is not authorized to perform:"
                              f" sts:TagSession on resource: {plain['Arn']}")
    role = make_role(document=trust(
        {"AWS": ROOT}, ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]))
    out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", Policy=policy,
                          Tags=[{"Key": "team", "Value": "blue"}], TransitiveTagKeys=["team"],
                          SourceIdentity="alice")
    assert 0 < out["PackedPolicySize"] <= 100
    assert out["SourceIdentity"] == "alice"
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", Policy="{not json")
    assert error_of(info)[:2] == ("MalformedPolicyDocument", 400)
    actions = [f"s3:GetObjectVersion{i}" for i in range(70)]
    big = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": "*"}]})
    assert 1500 < len(big) <= 2048
    with pytest.raises(ClientError) as info:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", Policy=big,
                        Tags=[{"Key": f"k{i}", "Value": "v" * 200} for i in range(10)])
    code, status, message = error_of(info)
    assert (code, status) == ("PackedPolicyTooLarge", 400)
    assert message.startswith("Packed policy consumes ")
