"""User pools and app clients.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_create_user_pool_answers_its_id_arn_and_policy(idp: Any) -> None:
    out = idp.create_user_pool(
        PoolName="shop", Schema=[{"Name": "tier", "AttributeDataType": "String"}],
        Policies={"PasswordPolicy": {"MinimumLength": 10}},
        LambdaConfig={"PreSignUp": "arn:aws:lambda:us-east-1:000000000000:function:f"})["UserPool"]
    try:
        assert re.fullmatch(r"us-east-1_[A-Za-z0-9]{9}", out["Id"])
        assert out["Arn"] == f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{out['Id']}"
        assert out["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
        assert out["Policies"]["PasswordPolicy"]["RequireSymbols"] is True
        assert "custom:tier" in [a["Name"] for a in out["SchemaAttributes"]]
        described = idp.describe_user_pool(UserPoolId=out["Id"])["UserPool"]
        assert described["Name"] == "shop"
        assert described["LambdaConfig"]["PreSignUp"].endswith(":function:f")
        listed = idp.list_user_pools(MaxResults=60)["UserPools"]
        assert out["Id"] in [p["Id"] for p in listed]
        idp.update_user_pool(UserPoolId=out["Id"], AutoVerifiedAttributes=["email"])
        updated = idp.describe_user_pool(UserPoolId=out["Id"])["UserPool"]
        assert updated["AutoVerifiedAttributes"] == ["email"]
        # what the update left out is back to its default, as AWS documents
        assert updated["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
        assert "PreSignUp" not in updated["LambdaConfig"]
        assert updated["Name"] == "shop"
        assert "custom:tier" in [a["Name"] for a in updated["SchemaAttributes"]]
    finally:
        idp.delete_user_pool(UserPoolId=out["Id"])


def test_a_deleted_pool_is_not_found(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="gone")["UserPool"]["Id"]
    idp.delete_user_pool(UserPoolId=pool_id)

    with pytest.raises(ClientError) as err:
        idp.describe_user_pool(UserPoolId=pool_id)

    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert err.value.response["Error"]["Message"] == f"User pool {pool_id} does not exist."
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_app_clients_with_and_without_a_secret(idp: Any, pool_id: str) -> None:
    public = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"]
    private = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="server",
                                          GenerateSecret=True)["UserPoolClient"]

    assert "ClientSecret" not in public
    assert private["ClientSecret"]
    names = {c["ClientName"] for c in
             idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"]}
    assert names == {"web", "server"}
    idp.update_user_pool_client(UserPoolId=pool_id, ClientId=public["ClientId"],
                                ClientName="web2", IdTokenValidity=5,
                                TokenValidityUnits={"IdToken": "minutes"})
    again = idp.describe_user_pool_client(UserPoolId=pool_id,
                                          ClientId=public["ClientId"])["UserPoolClient"]
    assert again["ClientName"] == "web2"
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=public["ClientId"])
    with pytest.raises(ClientError) as err:
        idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=public["ClientId"])
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_domain_belongs_to_one_pool(idp: Any, pool_id: str) -> None:
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    try:
        idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app-auth")
        with pytest.raises(ClientError) as err:
            idp.create_user_pool_domain(UserPoolId=other, Domain="my-app-auth")
        assert err.value.response["Error"]["Code"] == "InvalidParameterException"
        found = idp.describe_user_pool_domain(Domain="my-app-auth")["DomainDescription"]
        assert found["UserPoolId"] == pool_id and found["Status"] == "ACTIVE"
        assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == "my-app-auth"
        idp.delete_user_pool_domain(UserPoolId=pool_id, Domain="my-app-auth")
        assert idp.describe_user_pool_domain(Domain="my-app-auth")["DomainDescription"] == {}
    finally:
        idp.delete_user_pool(UserPoolId=other)
