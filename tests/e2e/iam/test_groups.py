"""IAM groups: members, inline and attached policies, and the conflicts on delete.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.iam.conftest import ALLOW_LOGS, unique


def error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"], \
        resp["Error"]["Message"]


def test_create_get_and_list_groups(iam: Any) -> None:
    name = unique("grp")
    group = iam.create_group(GroupName=name, Path="/team/")["Group"]
    assert group["Arn"] == f"arn:aws:iam::000000000000:group/team/{name}"
    assert group["GroupId"].startswith("AGPA") and len(group["GroupId"]) == 21
    got = iam.get_group(GroupName=name)
    assert got["Group"]["GroupId"] == group["GroupId"] and got["Users"] == []
    assert name in [g["GroupName"] for g in iam.list_groups(PathPrefix="/team/")["Groups"]]
    assert name not in [g["GroupName"] for g in iam.list_groups(PathPrefix="/other/")["Groups"]]
    with pytest.raises(ClientError) as err:
        iam.create_group(GroupName=name.upper())
    assert error(err) == ("EntityAlreadyExists", 409, f"Group with name {name.upper()} already"
                          " exists.")
    with pytest.raises(ClientError) as err:
        iam.get_group(GroupName="absent-group")
    assert error(err) == ("NoSuchEntity", 404, "The group with name absent-group cannot be"
                          " found.")


def test_members_and_groups_for_user(iam: Any) -> None:
    group, user = unique("members"), unique("member")
    iam.create_group(GroupName=group)
    iam.create_user(UserName=user)
    iam.add_user_to_group(GroupName=group, UserName=user)
    iam.add_user_to_group(GroupName=group, UserName=user)  # again: no change
    assert [u["UserName"] for u in iam.get_group(GroupName=group)["Users"]] == [user]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]] == [group]
    with pytest.raises(ClientError) as err:
        iam.delete_user(UserName=user)
    assert error(err) == ("DeleteConflict", 409,
                          "Cannot delete entity, must remove user from all groups first.")
    with pytest.raises(ClientError) as err:
        iam.delete_group(GroupName=group)
    assert error(err) == ("DeleteConflict", 409,
                          "Cannot delete entity, must remove users from group first.")
    iam.remove_user_from_group(GroupName=group, UserName=user)
    assert iam.get_group(GroupName=group)["Users"] == []
    with pytest.raises(ClientError) as err:
        iam.remove_user_from_group(GroupName=group, UserName=user)
    assert error(err)[0] == "NoSuchEntity"
    iam.delete_user(UserName=user)
    iam.delete_group(GroupName=group)


def test_group_policies_inline_and_attached(iam: Any) -> None:
    group = unique("polgrp")
    iam.create_group(GroupName=group)
    iam.put_group_policy(GroupName=group, PolicyName="logs", PolicyDocument=ALLOW_LOGS)
    got = iam.get_group_policy(GroupName=group, PolicyName="logs")
    assert got["PolicyDocument"] == json.loads(ALLOW_LOGS)
    assert iam.list_group_policies(GroupName=group)["PolicyNames"] == ["logs"]
    arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    iam.attach_group_policy(GroupName=group, PolicyArn=arn)
    assert iam.list_attached_group_policies(GroupName=group)["AttachedPolicies"] == \
        [{"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": arn}]
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    assert {"GroupName": group, "GroupId": iam.get_group(GroupName=group)["Group"]["GroupId"]} \
        in entities["PolicyGroups"]
    with pytest.raises(ClientError) as err:
        iam.delete_group(GroupName=group)
    assert error(err) == ("DeleteConflict", 409, "Cannot delete entity, must delete policies"
                          " first.")
    iam.delete_group_policy(GroupName=group, PolicyName="logs")
    with pytest.raises(ClientError) as err:
        iam.delete_group(GroupName=group)
    assert error(err) == ("DeleteConflict", 409, "Cannot delete entity, must detach all"
                          " policies first.")
    iam.detach_group_policy(GroupName=group, PolicyArn=arn)
    with pytest.raises(ClientError) as err:
        iam.get_group_policy(GroupName=group, PolicyName="logs")
    assert error(err) == ("NoSuchEntity", 404, "The group policy with name logs cannot be"
                          " found.")
    iam.delete_group(GroupName=group)


def test_update_group_renames_and_members_follow(iam: Any) -> None:
    old, new, user = unique("old"), unique("new"), unique("follower")
    iam.create_group(GroupName=old)
    iam.create_user(UserName=user)
    iam.add_user_to_group(GroupName=old, UserName=user)
    iam.update_group(GroupName=old, NewGroupName=new, NewPath="/moved/")
    got = iam.get_group(GroupName=new)
    assert got["Group"]["Arn"].endswith(f":group/moved/{new}")
    assert [u["UserName"] for u in got["Users"]] == [user]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]] == [new]
    with pytest.raises(ClientError) as err:
        iam.get_group(GroupName=old)
    assert error(err)[0] == "NoSuchEntity"


def test_get_group_pages_its_users(iam: Any) -> None:
    group = unique("paged")
    iam.create_group(GroupName=group)
    users = sorted(unique("pu") for _ in range(3))
    for user in users:
        iam.create_user(UserName=user)
        iam.add_user_to_group(GroupName=group, UserName=user)
    first = iam.get_group(GroupName=group, MaxItems=2)
    assert first["IsTruncated"] is True and len(first["Users"]) == 2
    rest = iam.get_group(GroupName=group, Marker=first["Marker"])
    assert [u["UserName"] for u in first["Users"] + rest["Users"]] == users
