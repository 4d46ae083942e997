"""A stack making a pool, an app client with a secret, a group and a user.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

TEMPLATE = {
    "Resources": {
        "Pool": {"Type": "AWS::Cognito::UserPool", "Properties": {
            "UserPoolName": "stack-pool", "AutoVerifiedAttributes": ["email"],
            "Policies": {"PasswordPolicy": {"MinimumLength": 12}}}},
        "Client": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
            "UserPoolId": {"Ref": "Pool"}, "GenerateSecret": True,
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}},
        "Admins": {"Type": "AWS::Cognito::UserPoolGroup", "Properties": {
            "UserPoolId": {"Ref": "Pool"}, "GroupName": "admins"}},
        "Domain": {"Type": "AWS::Cognito::UserPoolDomain", "Properties": {
            "UserPoolId": {"Ref": "Pool"}, "Domain": {"Fn::Sub": "${AWS::StackName}-auth"}}},
        "Admin": {"Type": "AWS::Cognito::UserPoolUser", "Properties": {
            "UserPoolId": {"Ref": "Pool"}, "Username": "root-user", "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": "root@example.com"}]}},
    },
    "Outputs": {
        "PoolId": {"Value": {"Ref": "Pool"}},
        "Arn": {"Value": {"Fn::GetAtt": ["Pool", "Arn"]}},
        "ProviderUrl": {"Value": {"Fn::GetAtt": ["Pool", "ProviderURL"]}},
        "ClientId": {"Value": {"Ref": "Client"}},
        "Secret": {"Value": {"Fn::GetAtt": ["Client", "ClientSecret"]}},
    },
}


def test_a_stack_makes_a_pool_a_client_a_group_and_a_user(server: RunningServer,
                                                          idp: Any) -> None:
    stack = deploy(server, TEMPLATE)
    out = stack.outputs
    pool_id = out["PoolId"]

    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    client = idp.describe_user_pool_client(UserPoolId=pool_id,
                                           ClientId=out["ClientId"])["UserPoolClient"]
    assert pool["Name"] == "stack-pool"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert out["Arn"] == pool["Arn"]
    assert out["ProviderUrl"] == f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    assert out["Secret"] == client["ClientSecret"]
    assert idp.get_group(UserPoolId=pool_id, GroupName="admins")["Group"]["GroupName"]
    domain = idp.describe_user_pool_domain(Domain=f"{stack.name}-auth")["DomainDescription"]
    assert domain["UserPoolId"] == pool_id
    user = idp.admin_get_user(UserPoolId=pool_id, Username="root-user")
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"

    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
