"""Managed policies and versions, AWS managed policies, instance profiles and users."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.iam.conftest import ALLOW_LOGS, TRUST, unique

ALLOW_S3 = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})


def _code(info: Any) -> str:
    return str(info.value.response["Error"]["Code"])


def test_create_policy_and_read_its_version(iam: Any) -> None:
    name = unique("pol")
    policy = iam.create_policy(PolicyName=name, PolicyDocument=ALLOW_LOGS, Path="/app/")["Policy"]
    assert policy["Arn"] == f"arn:aws:iam::000000000000:policy/app/{name}"
    assert (policy["DefaultVersionId"], policy["AttachmentCount"]) == ("v1", 0)
    version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId="v1")["PolicyVersion"]
    assert version["Document"] == json.loads(ALLOW_LOGS) and version["IsDefaultVersion"]
    with pytest.raises(ClientError) as info:
        iam.create_policy(PolicyName=name, PolicyDocument=ALLOW_LOGS)
    assert _code(info) == "EntityAlreadyExists"


def test_versions_default_limit_and_delete_rules(iam: Any) -> None:
    arn = iam.create_policy(PolicyName=unique("ver"), PolicyDocument=ALLOW_LOGS)["Policy"]["Arn"]
    made = iam.create_policy_version(PolicyArn=arn, PolicyDocument=ALLOW_S3, SetAsDefault=True)
    assert made["PolicyVersion"]["VersionId"] == "v2"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2"
    for _ in range(3):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=ALLOW_S3)
    with pytest.raises(ClientError) as info:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=ALLOW_S3)
    assert _code(info) == "LimitExceeded"
    with pytest.raises(ClientError) as info:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    assert info.value.response["Error"]["Message"] == \
        "Cannot delete the default version of a policy."
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v3", "v2", "v1"]
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    with pytest.raises(ClientError) as info:
        iam.delete_policy(PolicyArn=arn)
    assert _code(info) == "DeleteConflict"
    for version in ("v2", "v3", "v4", "v5"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=version)
    iam.delete_policy(PolicyArn=arn)
    with pytest.raises(ClientError) as info:
        iam.get_policy(PolicyArn=arn)
    assert _code(info) == "NoSuchEntity"


def test_attached_policy_counts_and_cannot_be_deleted(iam: Any) -> None:
    arn = iam.create_policy(PolicyName=unique("cnt"), PolicyDocument=ALLOW_LOGS)["Policy"]["Arn"]
    role = unique("cnt")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
    with pytest.raises(ClientError) as info:
        iam.delete_policy(PolicyArn=arn)
    assert info.value.response["Error"]["Message"] == "Cannot delete a policy attached to entities."


def test_aws_managed_policy_answers_get_and_document(iam: Any) -> None:
    arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert (policy["PolicyName"], policy["Path"]) == ("AWSLambdaBasicExecutionRole",
                                                      "/service-role/")
    version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])
    assert "logs:PutLogEvents" in version["PolicyVersion"]["Document"]["Statement"][0]["Action"]
    listed = iam.list_policies(Scope="AWS", PathPrefix="/service-role/", MaxItems=1000)
    assert arn in [p["Arn"] for p in listed["Policies"]]


def test_instance_profile_holds_one_role(iam: Any) -> None:
    name, role = unique("ip"), unique("iprole")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName=role + "2", AssumeRolePolicyDocument=TRUST)
    profile = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    assert profile["Arn"].endswith(f":instance-profile/{name}") and profile["Roles"] == []
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    with pytest.raises(ClientError) as info:
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role + "2")
    assert _code(info) == "LimitExceeded"
    got = iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == [role]
    with pytest.raises(ClientError) as info:
        iam.delete_role(RoleName=role)
    assert _code(info) == "DeleteConflict"
    with pytest.raises(ClientError) as info:
        iam.delete_instance_profile(InstanceProfileName=name)
    assert _code(info) == "DeleteConflict"
    iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=role)
    iam.delete_instance_profile(InstanceProfileName=name)
    assert name not in [p["InstanceProfileName"]
                        for p in iam.list_instance_profiles()["InstanceProfiles"]]


def test_users_and_access_keys(iam: Any) -> None:
    name = unique("user")
    user = iam.create_user(UserName=name)["User"]
    assert user["Arn"] == f"arn:aws:iam::000000000000:user/{name}"
    key = iam.create_access_key(UserName=name)["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and key["SecretAccessKey"]
    with pytest.raises(ClientError) as info:
        iam.delete_user(UserName=name)
    assert _code(info) == "DeleteConflict"
    iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName=name)
    with pytest.raises(ClientError) as info:
        iam.get_user(UserName=name)
    assert info.value.response["Error"]["Message"] == f"The user with name {name} cannot be found."


def test_get_user_without_name_is_the_caller(iam: Any) -> None:
    user = iam.get_user()["User"]
    assert user["Arn"] == "arn:aws:iam::000000000000:root"


def test_list_local_policies_only_attached(iam: Any) -> None:
    path = f"/{unique('lp')}/"
    used = iam.create_policy(PolicyName=unique("used"), Path=path,
                             PolicyDocument=ALLOW_LOGS)["Policy"]
    iam.create_policy(PolicyName=unique("idle"), Path=path, PolicyDocument=ALLOW_LOGS)
    role = unique("lprole")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=role, PolicyArn=used["Arn"])
    local = iam.list_policies(Scope="Local", PathPrefix=path)["Policies"]
    assert len(local) == 2
    attached = iam.list_policies(Scope="Local", PathPrefix=path, OnlyAttached=True)["Policies"]
    assert [p["Arn"] for p in attached] == [used["Arn"]]
