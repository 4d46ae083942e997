"""GetAccountAuthorizationDetails: the account's users, groups, roles and policies with
their documents, filtered and paged.
https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.iam.conftest import ALLOW_LOGS, TRUST
from tests.server import RunningServer

BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


@pytest.fixture(scope="module")
def account_iam(server: RunningServer) -> Any:
    """An account of its own, so the lists hold only what these tests made."""
    client = make_client(server, "iam", access_key=str(random.randrange(10**11, 10**12)))
    client.create_group(GroupName="devs")
    client.put_group_policy(GroupName="devs", PolicyName="logs", PolicyDocument=ALLOW_LOGS)
    client.create_user(UserName="ana", Path="/people/")
    client.add_user_to_group(GroupName="devs", UserName="ana")
    client.put_user_policy(UserName="ana", PolicyName="own", PolicyDocument=ALLOW_LOGS)
    client.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST)
    client.attach_role_policy(RoleName="fn", PolicyArn=BASIC)
    client.create_instance_profile(InstanceProfileName="fn-profile")
    client.add_role_to_instance_profile(InstanceProfileName="fn-profile", RoleName="fn")
    arn = client.create_policy(PolicyName="local", PolicyDocument=ALLOW_LOGS)["Policy"]["Arn"]
    client.create_policy_version(PolicyArn=arn, PolicyDocument=ALLOW_LOGS, SetAsDefault=True)
    client.attach_user_policy(UserName="ana", PolicyArn=arn)
    return client


def test_everything_with_documents(account_iam: Any) -> None:
    out = account_iam.get_account_authorization_details()
    assert out["IsTruncated"] is False
    (user,) = out["UserDetailList"]
    assert user["UserName"] == "ana" and user["Path"] == "/people/"
    assert user["GroupList"] == ["devs"]
    assert user["UserPolicyList"] == [{"PolicyName": "own",
                                       "PolicyDocument": json.loads(ALLOW_LOGS)}]
    assert [p["PolicyName"] for p in user["AttachedManagedPolicies"]] == ["local"]
    (group,) = out["GroupDetailList"]
    assert group["GroupName"] == "devs" and group["GroupPolicyList"][0]["PolicyName"] == "logs"
    (role,) = out["RoleDetailList"]
    assert role["AssumeRolePolicyDocument"] == json.loads(TRUST)
    assert [p["InstanceProfileName"] for p in role["InstanceProfileList"]] == ["fn-profile"]
    assert role["AttachedManagedPolicies"] == [
        {"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": BASIC}]
    policies = {p["PolicyName"]: p for p in out["Policies"]}
    assert set(policies) == {"local", "AWSLambdaBasicExecutionRole"}
    local = policies["local"]
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in local["PolicyVersionList"]] == \
        [("v2", True), ("v1", False)]
    assert local["PolicyVersionList"][0]["Document"] == json.loads(ALLOW_LOGS)
    assert local["AttachmentCount"] == 1
    basic = policies["AWSLambdaBasicExecutionRole"]["PolicyVersionList"][0]["Document"]
    assert basic["Statement"][0]["Effect"] == "Allow"


def test_filter_and_paging(account_iam: Any) -> None:
    roles = account_iam.get_account_authorization_details(Filter=["Role"])
    assert [r["RoleName"] for r in roles["RoleDetailList"]] == ["fn"]
    assert "UserDetailList" not in roles and "Policies" not in roles
    local = account_iam.get_account_authorization_details(Filter=["LocalManagedPolicy"])
    assert [p["PolicyName"] for p in local["Policies"]] == ["local"]
    first = account_iam.get_account_authorization_details(MaxItems=2)
    assert first["IsTruncated"] is True
    seen = len(first["UserDetailList"]) + len(first["GroupDetailList"])
    rest = account_iam.get_account_authorization_details(Marker=first["Marker"])
    seen += len(rest["RoleDetailList"]) + len(rest["Policies"])
    assert seen == 5 and rest["IsTruncated"] is False
