"""Roles through boto3: create, read, update, tag, delete, with AWS's errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.iam.conftest import ALLOW_LOGS, TRUST, unique
from tests.server import RunningServer


def _error(info: Any) -> tuple[str, int]:
    return info.value.response["Error"]["Code"], info.value.response["ResponseMetadata"][
        "HTTPStatusCode"]


def test_create_role_answers_arn_id_and_defaults(iam: Any) -> None:
    name = unique("role")
    role = iam.create_role(RoleName=name, Path="/service/", AssumeRolePolicyDocument=TRUST,
                           Description="d")["Role"]
    assert role["Arn"] == f"arn:aws:iam::000000000000:role/service/{name}"
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert role["MaxSessionDuration"] == 3600
    got = iam.get_role(RoleName=name)["Role"]
    assert got["AssumeRolePolicyDocument"] == json.loads(TRUST)
    assert got["Description"] == "d"


def test_role_names_are_unique_without_regard_to_case(iam: Any) -> None:
    name = unique("Dup")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    with pytest.raises(ClientError) as info:
        iam.create_role(RoleName=name.upper(), AssumeRolePolicyDocument=TRUST)
    assert _error(info) == ("EntityAlreadyExists", 409)
    assert info.value.response["Error"]["Message"] == \
        f"Role with name {name.upper()} already exists."


def test_missing_role_is_no_such_entity(iam: Any) -> None:
    with pytest.raises(ClientError) as info:
        iam.get_role(RoleName="nope-nope")
    assert _error(info) == ("NoSuchEntity", 404)
    assert info.value.response["Error"]["Message"] == \
        "The role with name nope-nope cannot be found."


def test_trust_policy_must_be_json_with_principal(iam: Any) -> None:
    with pytest.raises(ClientError) as info:
        iam.create_role(RoleName=unique("bad"), AssumeRolePolicyDocument="{not json")
    assert _error(info) == ("MalformedPolicyDocument", 400)
    with pytest.raises(ClientError) as info:
        iam.create_role(RoleName=unique("bad"), AssumeRolePolicyDocument=ALLOW_LOGS)
    assert _error(info) == ("MalformedPolicyDocument", 400)


def test_update_role_and_trust_policy(iam: Any) -> None:
    name = unique("upd")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.update_role(RoleName=name, Description="new", MaxSessionDuration=7200)
    other = json.loads(TRUST)
    other["Statement"][0]["Principal"] = {"Service": "states.amazonaws.com"}
    iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(other))
    role = iam.get_role(RoleName=name)["Role"]
    assert (role["Description"], role["MaxSessionDuration"]) == ("new", 7200)
    assert role["AssumeRolePolicyDocument"] == other


def test_max_session_duration_is_bounded(server: RunningServer) -> None:
    unchecked = make_client(server, "iam", parameter_validation=False)
    with pytest.raises(ClientError) as info:
        unchecked.create_role(RoleName=unique("long"), AssumeRolePolicyDocument=TRUST,
                        MaxSessionDuration=60)
    assert _error(info)[0] == "ValidationError"


def test_tags_set_replace_and_remove(iam: Any) -> None:
    name = unique("tags")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST,
                    Tags=[{"Key": "a", "Value": "1"}])
    iam.tag_role(RoleName=name, Tags=[{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}])
    iam.untag_role(RoleName=name, TagKeys=["b"])
    assert iam.list_role_tags(RoleName=name)["Tags"] == [{"Key": "a", "Value": "2"}]


def test_list_roles_by_path_and_pages(iam: Any) -> None:
    path = f"/{unique('p')}/"
    names = sorted(unique("r") for _ in range(3))
    for n in names:
        iam.create_role(RoleName=n, Path=path, AssumeRolePolicyDocument=TRUST)
    first = iam.list_roles(PathPrefix=path, MaxItems=2)
    assert first["IsTruncated"] and len(first["Roles"]) == 2
    rest = iam.list_roles(PathPrefix=path, Marker=first["Marker"])
    assert [r["RoleName"] for r in first["Roles"] + rest["Roles"]] == names
    assert "Tags" not in first["Roles"][0]


def test_inline_policies_put_get_list_delete(iam: Any) -> None:
    name = unique("inl")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName=name, PolicyName="logs", PolicyDocument=ALLOW_LOGS)
    got = iam.get_role_policy(RoleName=name, PolicyName="logs")
    assert got["PolicyDocument"] == json.loads(ALLOW_LOGS)
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == ["logs"]
    with pytest.raises(ClientError) as info:
        iam.delete_role(RoleName=name)
    assert _error(info) == ("DeleteConflict", 409)
    iam.delete_role_policy(RoleName=name, PolicyName="logs")
    with pytest.raises(ClientError) as info:
        iam.get_role_policy(RoleName=name, PolicyName="logs")
    assert info.value.response["Error"]["Message"] == \
        "The role policy with name logs cannot be found."
    iam.delete_role(RoleName=name)


def test_inline_policy_needs_resources(iam: Any) -> None:
    name = unique("inl")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}
    with pytest.raises(ClientError) as info:
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(doc))
    assert _error(info) == ("MalformedPolicyDocument", 400)


def test_attach_aws_managed_policy_then_detach(iam: Any) -> None:
    name = unique("att")
    arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
    assert attached == [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": arn}]
    with pytest.raises(ClientError) as info:
        iam.delete_role(RoleName=name)
    assert info.value.response["Error"]["Message"] == \
        "Cannot delete entity, must detach all policies first."
    iam.detach_role_policy(RoleName=name, PolicyArn=arn)
    iam.delete_role(RoleName=name)
    with pytest.raises(ClientError) as info:
        iam.get_role(RoleName=name)
    assert _error(info) == ("NoSuchEntity", 404)


def test_attaching_unknown_policy_fails(iam: Any) -> None:
    name = unique("att")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    arn = "arn:aws:iam::aws:policy/NoSuchPolicyAtAll"
    with pytest.raises(ClientError) as info:
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    assert _error(info) == ("NoSuchEntity", 404)
    assert info.value.response["Error"]["Message"] == \
        f"Policy {arn} does not exist or is not attachable."
